/**
 * When a retention period ends (SPEC process 7), from the policy's rule and the moment of its event. Pure: the
 * start service computes the first due date with it, and the retention workflow again whenever the file changes
 * or the policy's period does.
 */
import type { RetentionRule } from '../policies/schema';
import { amsterdamDate, endOfAmsterdamDay } from './calendar';
import { computeDeadline, deadlineAt, type Deadline } from './deadlines';
import type { ExtraHoliday } from './calendar';
import { RETENTION_MINIMUM } from '../policies/law';

/** Events whose period counts from the end of the calendar year they fall in (Wet op de loonbelasting, AWR 52). */
const FROM_YEAR_END = new Set(['end-of-year-of-leaving', 'end-of-financial-year']);

/** The moment the period starts: the event itself, or the end of its year. */
export function retentionStart(rule: Pick<RetentionRule, 'from'>, event: Date): Date {
  return FROM_YEAR_END.has(rule.from)
    ? endOfAmsterdamDay(`${amsterdamDate(event).slice(0, 4)}-12-31`)
    : event;
}

/**
 * The end of the period: the data may (a minimum) or must (a maximum) go then. A category without a fixed
 * period ("niet langer dan strikt noodzakelijk") is reviewed at its event. A legal duty's minimum stands over a
 * shorter policy period (a regulation that still says 15 years for a WGBO file keeps it 20, art. 7:454(3) BW):
 * `law` then names it.
 */
export function retentionDeadline(
  rule: RetentionRule,
  event: Date,
  holidays: readonly ExtraHoliday[],
): Deadline & { law?: string } {
  const start = retentionStart(rule, event);
  const own = rule.period
    ? computeDeadline(start, rule.period, holidays)
    : deadlineAt(event, endOfAmsterdamDay(amsterdamDate(start)));
  const legal = rule.basis === 'none' ? undefined : RETENTION_MINIMUM[rule.basis];
  const minimum = legal && computeDeadline(start, legal.period, holidays);
  return minimum && minimum.dueAt > own.dueAt ? { ...minimum, law: legal.source } : own;
}

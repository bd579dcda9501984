/**
 * The deadline watch every process runs beside its main line: reminders to the officer before the deadline at
 * the policy's offsets, escalation to management when the deadline passes and again every `escalateEvery` while
 * the case stays open. A moved deadline (an extension) is picked up at once; moments already past when the case
 * was registered are skipped rather than sent in a burst.
 */
import { ActivityFailure, condition } from '@temporalio/workflow';
import type { ExtraHoliday } from '../../lib/calendar';
import { amsterdamTime } from '../../lib/calendar';
import { nominalEndDate, reminderMoments, type Deadline } from '../../lib/deadlines';
import { durationParts, type Duration } from '../../lib/durations';
import { mail } from './activities';
import type { NextStep } from './messages';

export interface DeadlineWatch {
  reference: string;
  deadline: () => Deadline;
  reminders: readonly Duration[];
  escalateEvery: Duration;
  /**
   * False for a case whose due date is when its own next step begins (the destruction task of data kept until
   * then), not an answer owed: reminders before it, and no escalation after.
   */
  escalates?: boolean;
  holidays: readonly ExtraHoliday[];
  closed: () => boolean;
  nextStep: () => NextStep;
  startedAt: Date;
  /** Told of every reminder and escalation sent (or, after a day of trying, not sent). */
  onAlarm: (event: string) => void;
  /** Told which reminder or escalation comes next, and when (for the status; undefined once closed). */
  onSchedule: (next: Alarm | undefined) => void;
  /**
   * Sends an alarm due at `at` and answers to whom; by default a reminder to the officer, an escalation to
   * management.
   */
  send?: (kind: Alarm['kind'], at: string) => Promise<string>;
}

export type Alarm = { at: Date; kind: 'reminder' | 'escalation' };

/** The n-th escalation: at the deadline itself, then every `every`; day-based repeats arrive at 09:00 Amsterdam. */
export function escalationMoment(deadline: Deadline, every: Duration, n: number): Date {
  if (n === 0) return deadline.dueAt;
  const { unit, amount } = durationParts(every);
  if (unit === 'hours') return new Date(deadline.dueAt.getTime() + n * amount * 3_600_000);
  return amsterdamTime(nominalEndDate(deadline.dueDate, { [unit]: n * amount }), 9);
}

/** The first reminder or escalation strictly after `after`. */
export function nextAlarm(watch: DeadlineWatch, after: Date): Alarm {
  const deadline = watch.deadline();
  const reminder = reminderMoments(deadline, watch.reminders, watch.holidays).find((at) => at > after);
  if (reminder && reminder < deadline.dueAt) return { at: reminder, kind: 'reminder' };
  let n = 0;
  while (escalationMoment(deadline, watch.escalateEvery, n) <= after) n++;
  return { at: escalationMoment(deadline, watch.escalateEvery, n), kind: 'escalation' };
}

/** Never rejects: a reminder that cannot be sent is noted, and the watch goes on to the next one. */
export async function watchDeadline(watch: DeadlineWatch): Promise<void> {
  // A case registered after its deadline escalates at once, but only once for the days already past.
  const firstDue = watch.deadline().dueAt;
  let handled = watch.startedAt > firstDue ? new Date(firstDue.getTime() - 1) : watch.startedAt;
  for (;;) {
    const deadline = watch.deadline();
    const alarm = nextAlarm(watch, handled);
    if (alarm.kind === 'escalation' && watch.escalates === false) {
      watch.onSchedule(undefined);
      await condition(() => watch.closed() || watch.deadline() !== deadline);
      if (watch.closed()) return;
      continue;
    }
    watch.onSchedule(alarm);
    const wait = alarm.at.getTime() - new Date().getTime();
    // Wakes early when the case closes or the deadline moves; then the next alarm is worked out again.
    const interrupted =
      wait > 0 && (await condition(() => watch.closed() || watch.deadline() !== deadline, wait));
    if (watch.closed()) return watch.onSchedule(undefined);
    if (interrupted) continue;
    const now = new Date();
    handled = alarm.at > now ? alarm.at : now;
    const send = watch.send ?? ((kind, at) => mailOfficerOrManagement(watch, deadline, kind, at));
    try {
      const to = await send(alarm.kind, alarm.at.toISOString());
      watch.onAlarm(`${alarm.kind} sent to ${to}`);
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      watch.onAlarm(`${alarm.kind} could not be sent`);
    }
  }
}

async function mailOfficerOrManagement(
  watch: DeadlineWatch,
  deadline: Deadline,
  kind: Alarm['kind'],
  at: string,
): Promise<string> {
  const to = kind === 'reminder' ? 'officer' : 'management';
  await mail.mailStaff({
    reference: watch.reference,
    to,
    template: kind,
    key: `${watch.reference}/${kind}/${at}`,
    dueAt: deadline.dueAt.toISOString(),
    at,
    next: watch.nextStep(),
  });
  return to;
}

import { addDays } from '../lib/calendar';
import { nominalEndDate } from '../lib/deadlines';
import { durationParts, type Duration } from '../lib/durations';

/** Every start date of a full leap-year cycle: month lengths, leap days and year ends all occur. */
const CYCLE_START = '2024-01-01';
const CYCLE_DAYS = 4 * 365 + 1;

const asCalendarPeriod = (duration: Duration): Duration => {
  const { unit, amount } = durationParts(duration);
  return unit === 'hours' ? { days: Math.ceil(amount / 24) } : duration;
};

/**
 * Whether period `a` can end later than period `b` for some start date: "30 days" can exceed "1 month" (from
 * 1 February), "4 weeks" cannot. The honest comparison for a rule like "at most one month".
 */
export function mayExceed(a: Duration, b: Duration): boolean {
  const [pa, pb] = [durationParts(a), durationParts(b)];
  if (pa.unit === pb.unit) return pa.amount > pb.amount;
  const [ca, cb] = [asCalendarPeriod(a), asCalendarPeriod(b)];
  for (let i = 0; i < CYCLE_DAYS; i++) {
    const start = addDays(CYCLE_START, i);
    if (nominalEndDate(start, ca) > nominalEndDate(start, cb)) return true;
  }
  return false;
}

/**
 * Comparing legal periods written in different units ("4 weken" against "één maand", "30 dagen" against "één
 * maand", "3 dagen" against "72 uur"). A period is longer than another if for SOME start it ends later: a rule
 * such as "at most one month" is broken by a policy period that overruns it on even one date of the year.
 */
import { nominalEndDate } from '../lib/deadlines';
import { durationParts, type Duration } from '../lib/durations';

/** A full leap-year cycle of start dates: every month length, 29 February and every year end occur. */
const CYCLE_START = '2024-01-01';
const CYCLE_DAYS = 4 * 365 + 1;
const DAY_MS = 86_400_000;

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const startDates = Array.from({ length: CYCLE_DAYS }, (_, i) => nominalEndDate(CYCLE_START, { days: i }));

/** For each start date of the cycle, how many days a day/week/month/year period runs. */
const lengthCache = new Map<string, number[]>();
function lengthsInDays(period: Duration): number[] {
  const key = JSON.stringify(period);
  let lengths = lengthCache.get(key);
  if (!lengths) {
    lengths = startDates.map((start) => dayNumber(nominalEndDate(start, period)) - dayNumber(start));
    lengthCache.set(key, lengths);
  }
  return lengths;
}

/**
 * The possible signs of end(a) − end(b) over every start. An hour period ends at an exact moment, a calendar
 * period at the end of its last day (EU 1182/71 art. 3): n days after a receipt at time t of day run 24n + (24 − t)
 * hours, so between just over 24n and 24(n + 1) hours.
 */
function endOrder(a: Duration, b: Duration): Set<-1 | 0 | 1> {
  const [pa, pb] = [durationParts(a), durationParts(b)];
  const sign = (x: number) => Math.sign(x) as -1 | 0 | 1;
  if (pa.unit === 'hours' && pb.unit === 'hours') return new Set([sign(pa.amount - pb.amount)]);
  if (pa.unit === 'hours' || pb.unit === 'hours') {
    const [hours, calendar, flip] = pa.unit === 'hours' ? [pa.amount, b, 1] : [pb.amount, a, -1];
    const lengths = lengthsInDays(calendar);
    const [shortest, longest] = [24 * Math.min(...lengths), 24 * (Math.max(...lengths) + 1)];
    const signs = new Set<-1 | 0 | 1>();
    if (hours > shortest) signs.add(sign(flip)); // the hours can outlast the calendar period
    if (hours < longest) signs.add(sign(-flip)); // the calendar period can outlast the hours
    if (hours > shortest && hours <= longest) signs.add(0);
    return signs;
  }
  const [la, lb] = [lengthsInDays(a), lengthsInDays(b)];
  return new Set(la.map((length, i) => sign(length - lb[i]!)));
}

/** Whether period `a` can end later than period `b`: "30 days" can exceed "1 month" (from 1 February), "4 weeks" cannot. */
export const mayExceed = (a: Duration, b: Duration): boolean => endOrder(a, b).has(1);

/** Whether period `a` always ends before period `b`, whatever the start: a reminder offset must. */
export const alwaysShorter = (a: Duration, b: Duration): boolean => {
  const order = endOrder(a, b);
  return !order.has(1) && !order.has(0);
};

/**
 * `computeDeadline` against a second, independent formulation of the same law, written differently on purpose:
 * the time-zone database (Intl) instead of our DST rule, Date.UTC month overflow instead of our month
 * arithmetic, another Easter algorithm (Oudin's), and a plain day-by-day walk.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeDeadline } from '../../lib/deadlines';
import type { Duration } from '../../lib/durations';

const DAY = 86_400_000;
const amsterdam = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dateOf = (instant: number) => amsterdam.format(new Date(instant)); // en-CA formats as YYYY-MM-DD
const utcDay = (date: string) => Date.parse(`${date}T00:00:00Z`);

/** Easter after Oudin (1940), as printed in the Explanatory Supplement to the Astronomical Almanac. */
function oudinEaster(y: number): string {
  const c = Math.floor(y / 100);
  const n = y - 19 * Math.floor(y / 19);
  const k = Math.floor((c - 17) / 25);
  let i = c - Math.floor(c / 4) - Math.floor((c - k) / 3) + 19 * n + 15;
  i = i - 30 * Math.floor(i / 30);
  i =
    i - Math.floor(i / 28) * (1 - Math.floor(i / 28) * Math.floor(29 / (i + 1)) * Math.floor((21 - n) / 11));
  let j = y + Math.floor(y / 4) + i + 2 - c + Math.floor(c / 4);
  j = j - 7 * Math.floor(j / 7);
  const l = i - j;
  const m = 3 + Math.floor((l + 40) / 44);
  const d = l + 28 - 31 * Math.floor(m / 4);
  return isoDate(Date.UTC(y, m - 1, d));
}

const holidayCache = new Map<number, Set<string>>(); // the oracle walks thousands of days per run
function holidays(year: number): Set<string> {
  const cached = holidayCache.get(year);
  if (cached) return cached;
  const easter = utcDay(oudinEaster(year));
  const april = (day: number) => (new Date(Date.UTC(year, 3, day)).getUTCDay() === 0 ? day - 1 : day);
  const royal = year >= 2014 ? april(27) : april(30);
  const days = new Set([
    `${year}-01-01`,
    isoDate(easter + DAY),
    isoDate(easter + 39 * DAY),
    isoDate(easter + 50 * DAY),
    isoDate(Date.UTC(year, 3, royal)),
    `${year}-05-05`,
    `${year}-12-25`,
    `${year}-12-26`,
  ]);
  holidayCache.set(year, days);
  return days;
}

const working = (date: string) => {
  const weekday = new Date(utcDay(date)).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays(Number(date.slice(0, 4))).has(date);
};

/** The last millisecond of an Amsterdam day, found by asking the time-zone database. */
function endOfDay(date: string): number {
  const next = utcDay(date) + DAY;
  return [next - 3_600_000 - 1, next - 7_200_000 - 1].find(
    (t) => dateOf(t) === date && dateOf(t + 1) !== date,
  )!;
}

function oracle(receivedAt: number, period: Duration): { dueDate: string; dueAt: number } {
  if (period.hours !== undefined) {
    const dueAt = receivedAt + period.hours * 3_600_000;
    return { dueDate: dateOf(dueAt), dueAt };
  }
  const start = dateOf(receivedAt);
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  let end: string;
  if (period.days !== undefined) end = isoDate(Date.UTC(y, m - 1, d + period.days));
  else if (period.weeks !== undefined) end = isoDate(Date.UTC(y, m - 1, d + 7 * period.weeks));
  else {
    const months = period.months ?? 12 * period.years!;
    const lastDay = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
    end = isoDate(Date.UTC(y, m - 1 + months, Math.min(d, lastDay)));
  }
  const longEnough = utcDay(end) - utcDay(start) >= 2 * DAY;
  const workingDaysUpTo = (last: string) => {
    let count = 0;
    for (let t = utcDay(start) + DAY; t <= utcDay(last); t += DAY) if (working(isoDate(t))) count++;
    return count;
  };
  while (!working(end) || (longEnough && workingDaysUpTo(end) < 2)) end = isoDate(utcDay(end) + DAY);
  return { dueDate: end, dueAt: endOfDay(end) };
}

const instants = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 1) });
const periods: fc.Arbitrary<Duration> = fc.oneof(
  fc.integer({ min: 0, max: 400 }).map((days) => ({ days })),
  fc.integer({ min: 0, max: 60 }).map((weeks) => ({ weeks })),
  fc.integer({ min: 0, max: 40 }).map((months) => ({ months })),
  fc.integer({ min: 0, max: 25 }).map((years) => ({ years })),
  fc.integer({ min: 0, max: 1000 }).map((hours) => ({ hours })),
);
const runs = { numRuns: 3000, seed: 20261123 };

describe('deadlines, property-based', () => {
  it('agree with an independent formulation of the law', () => {
    fc.assert(
      fc.property(instants, periods, (received, period) => {
        const ours = computeDeadline(new Date(received), period);
        const theirs = oracle(received, period);
        expect({ dueDate: ours.dueDate, dueAt: ours.dueAt.getTime() }).toEqual(theirs);
      }),
      runs,
    );
  });

  it('end on a working day at 23:59:59.999 Amsterdam time, never before receipt', () => {
    const calendarPeriods = periods.filter((p) => p.hours === undefined);
    fc.assert(
      fc.property(instants, calendarPeriods, (received, period) => {
        const { dueAt, dueDate } = computeDeadline(new Date(received), period);
        expect(dueAt.getTime()).toBeGreaterThanOrEqual(received);
        expect(working(dueDate)).toBe(true);
        expect(dateOf(dueAt.getTime())).toBe(dueDate);
        expect(dateOf(dueAt.getTime() + 1)).not.toBe(dueDate);
      }),
      runs,
    );
  });

  it('never give a later receipt an earlier deadline', () => {
    fc.assert(
      fc.property(instants, fc.integer({ min: 0, max: 40 * DAY }), periods, (received, later, period) => {
        const first = computeDeadline(new Date(received), period).dueAt.getTime();
        const second = computeDeadline(new Date(received + later), period).dueAt.getTime();
        expect(second).toBeGreaterThanOrEqual(first);
      }),
      runs,
    );
  });
});

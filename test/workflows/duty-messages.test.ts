/** A duty's validator, its reminders and its schedule's calendar: pure, without a server. */
import { describe, expect, it } from 'vitest';
import { dutySpec } from '../../worker/schedules';
import { dutyReminders, validateDutyDone } from '../../workflows/duty-messages';

describe('duty done', () => {
  it('needs who did it, takes a note, and refuses a run already confirmed, naming every problem at once', () => {
    expect(() => validateDutyDone(undefined, { by: 'Anna de Boer', note: 'Gedaan.' })).not.toThrow();
    expect(() => validateDutyDone(undefined, { by: ' ', note: '' })).toThrow(
      'by must not be empty; note must not be empty',
    );
    expect(() =>
      validateDutyDone({ by: 'Piet', at: '2093-03-20T14:00:00.000Z' }, { by: 'Anna de Boer' }),
    ).toThrow('this run was already confirmed by Piet at 2093-03-20T14:00:00.000Z');
    expect(() => validateDutyDone(undefined, { by: 'Anna', when: 'now' } as never)).toThrow(
      'duty done.when is not a field; the fields are by, note',
    );
  });
});

describe('a duty run', () => {
  it('is reminded a month after it, and a month and a week before the next run', () => {
    expect(dutyReminders({ months: 6 })).toEqual([{ months: 5 }, { months: 1 }, { weeks: 1 }]);
    expect(dutyReminders({ years: 1 })).toEqual([{ months: 11 }, { months: 1 }, { weeks: 1 }]);
    expect(dutyReminders({ months: 1 })).toEqual([{ weeks: 1 }]);
    expect(dutyReminders({ weeks: 2 })).toEqual([]);
  });
});

describe("a duty's calendar", () => {
  const anchor = new Date('2026-08-31T10:00:00+02:00'); // a 31st: runs fall on the 28th, which every month has
  const months = (spec: ReturnType<typeof dutySpec>) =>
    spec.calendars!.map((calendar) => ({
      year: calendar.year,
      month: (calendar.month as { start: string }[]).map((range) => range.start),
      dayOfMonth: calendar.dayOfMonth,
      hour: calendar.hour,
    }));

  it('runs every 6 months in the anchor month and six months on, from the day after the anchor, 09:00 Amsterdam', () => {
    const spec = dutySpec({ months: 6 }, anchor);
    expect(months(spec)).toEqual([
      { year: { start: 2026, end: 2100, step: 1 }, month: ['FEBRUARY', 'AUGUST'], dayOfMonth: 28, hour: 9 },
    ]);
    expect(spec.timezone).toBe('Europe/Amsterdam');
    expect(spec.startAt).toEqual(new Date('2026-09-01T00:00:00+02:00'));
  });

  it('keeps a cadence that does not divide the year: every 5 months repeats over 5 years', () => {
    const spec = months(dutySpec({ months: 5 }, anchor));
    expect(spec).toHaveLength(5);
    expect(spec.map((entry) => [entry.year, entry.month])).toEqual([
      [{ start: 2026, end: 2100, step: 5 }, ['MARCH', 'AUGUST']], // March 2026 is before the start, March 2031 is not
      [{ start: 2027, end: 2100, step: 5 }, ['JANUARY', 'JUNE', 'NOVEMBER']],
      [{ start: 2028, end: 2100, step: 5 }, ['APRIL', 'SEPTEMBER']],
      [{ start: 2029, end: 2100, step: 5 }, ['FEBRUARY', 'JULY', 'DECEMBER']],
      [{ start: 2030, end: 2100, step: 5 }, ['MAY', 'OCTOBER']],
    ]);
  });

  it('runs every 2 years in the anchor month of every other year; hours, days and weeks are exact intervals', () => {
    expect(months(dutySpec({ years: 2 }, anchor))).toEqual([
      { year: { start: 2026, end: 2100, step: 2 }, month: ['AUGUST'], dayOfMonth: 28, hour: 9 },
    ]);
    expect(dutySpec({ weeks: 1 }, anchor).intervals).toEqual([
      { every: 7 * 86_400_000, offset: anchor.getTime() % (7 * 86_400_000) },
    ]);
  });
});

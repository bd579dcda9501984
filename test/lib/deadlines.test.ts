import { describe, expect, it } from 'vitest';
import type { ExtraHoliday } from '../../lib/calendar';
import { computeDeadline, nominalEndDate, reminderMoments } from '../../lib/deadlines';
import type { Duration } from '../../lib/durations';

const due = (received: string, period: Duration, extra: readonly ExtraHoliday[] = []) => {
  const d = computeDeadline(new Date(received), period, extra);
  return {
    receivedDate: d.receivedDate,
    nominal: d.nominalDueDate,
    dueDate: d.dueDate,
    dueAt: d.dueAt.toISOString(),
  };
};

describe('deadlines in days, weeks, months and years (EU 1182/71 art. 3)', () => {
  it.each([
    // received, period, nominal end, due date, due moment (UTC), why
    [
      '2026-01-31T10:00:00+01:00',
      { months: 1 },
      '2026-02-28',
      '2026-03-02',
      '2026-03-02T22:59:59.999Z',
      'no 31 Feb; 28 Feb is a Saturday',
    ],
    [
      '2028-01-31T10:00:00+01:00',
      { months: 1 },
      '2028-02-29',
      '2028-02-29',
      '2028-02-29T22:59:59.999Z',
      'leap year',
    ],
    [
      '2027-01-29T10:00:00+01:00',
      { months: 1 },
      '2027-02-28',
      '2027-03-01',
      '2027-03-01T22:59:59.999Z',
      'no 29 Feb in 2027; a Sunday',
    ],
    [
      '2026-03-31T10:00:00+02:00',
      { months: 1 },
      '2026-04-30',
      '2026-04-30',
      '2026-04-30T21:59:59.999Z',
      'no 31 April',
    ],
    [
      '2026-08-31T10:00:00+02:00',
      { months: 3 },
      '2026-11-30',
      '2026-11-30',
      '2026-11-30T22:59:59.999Z',
      'three months, into winter time',
    ],
    [
      '2028-02-29T10:00:00+01:00',
      { years: 1 },
      '2029-02-28',
      '2029-02-28',
      '2029-02-28T22:59:59.999Z',
      'a year from a leap day',
    ],
    [
      '2026-01-15T10:00:00+01:00',
      { weeks: 2 },
      '2026-01-29',
      '2026-01-29',
      '2026-01-29T22:59:59.999Z',
      'Werk op Maat: same weekday',
    ],
    [
      '2026-04-13T09:00:00+02:00',
      { weeks: 2 },
      '2026-04-27',
      '2026-04-28',
      '2026-04-28T21:59:59.999Z',
      'Koningsdag',
    ],
    [
      '2026-04-16T09:00:00+02:00',
      { weeks: 4 },
      '2026-05-14',
      '2026-05-15',
      '2026-05-15T21:59:59.999Z',
      'Hemelvaartsdag',
    ],
    [
      '2026-04-07T09:00:00+02:00',
      { weeks: 4 },
      '2026-05-05',
      '2026-05-06',
      '2026-05-06T21:59:59.999Z',
      'Bevrijdingsdag',
    ],
    [
      '2026-04-27T09:00:00+02:00',
      { weeks: 4 },
      '2026-05-25',
      '2026-05-26',
      '2026-05-26T21:59:59.999Z',
      'Tweede pinksterdag',
    ],
    [
      '2026-03-09T09:00:00+01:00',
      { weeks: 4 },
      '2026-04-06',
      '2026-04-07',
      '2026-04-07T21:59:59.999Z',
      'Tweede paasdag',
    ],
    [
      '2026-11-25T09:00:00+01:00',
      { months: 1 },
      '2026-12-25',
      '2026-12-28',
      '2026-12-28T22:59:59.999Z',
      'Christmas, Boxing Day, weekend',
    ],
    [
      '2026-12-01T09:00:00+01:00',
      { months: 1 },
      '2027-01-01',
      '2027-01-04',
      '2027-01-04T22:59:59.999Z',
      'New Year, then a weekend',
    ],
    [
      '2025-03-26T09:00:00+01:00',
      { months: 1 },
      '2025-04-26',
      '2025-04-28',
      '2025-04-28T21:59:59.999Z',
      'Koningsdag on a Saturday',
    ],
    [
      '2026-03-01T09:00:00+01:00',
      { days: 28 },
      '2026-03-29',
      '2026-03-30',
      '2026-03-30T21:59:59.999Z',
      'a Sunday, summer time starts',
    ],
  ] as const)('%s + %o ends %s, due %s (%s)', (received, period, nominal, dueDate, dueAt, _why) => {
    expect(due(received, period)).toMatchObject({ nominal, dueDate, dueAt });
  });

  it('counts from the Amsterdam date of receipt, whatever offset the moment was given in', () => {
    expect(due('2026-01-31T23:30:00-01:00', { months: 1 }).receivedDate).toBe('2026-02-01');
    expect(due('2026-01-31T23:30:00Z', { months: 1 }).receivedDate).toBe('2026-02-01');
    expect(due('2026-02-01T00:30:00+01:00', { months: 1 }).receivedDate).toBe('2026-02-01');
    expect(due('2026-01-31T22:59:59.999Z', { months: 1 }).receivedDate).toBe('2026-01-31');
    expect(due('2026-01-31T23:30:00Z', { months: 1 })).toMatchObject({
      nominal: '2026-03-01',
      dueDate: '2026-03-02',
    });
  });

  it('does not count the day of receipt, however late in the day', () => {
    expect(due('2026-11-23T23:59:00+01:00', { days: 1 }).dueDate).toBe('2026-11-24');
    expect(due('2026-11-23T00:00:00+01:00', { days: 1 }).dueDate).toBe('2026-11-24');
  });

  it('moves past the policy’s extra holidays', () => {
    expect(due('2026-03-06T09:00:00+01:00', { weeks: 4 }).dueDate).toBe('2026-04-03');
    expect(due('2026-03-06T09:00:00+01:00', { weeks: 4 }, ['good-friday']).dueDate).toBe('2026-04-07');
  });

  it('gives a period of two days or more at least two working days (art. 3(5))', () => {
    // Received Thursday 24 December: 2 days end Saturday 26th; Monday 28th would leave one working day.
    const christmas = computeDeadline(new Date('2026-12-24T10:00:00+01:00'), { days: 2 });
    expect(christmas.dueDate).toBe('2026-12-29');
    expect(christmas.shiftedPast.map((s) => s.reason)).toEqual([
      'Tweede kerstdag',
      'zondag',
      'ten minste twee werkdagen (art. 3 lid 5 Verordening 1182/71)',
    ]);
    expect(due('2026-04-02T10:00:00+02:00', { days: 2 }, ['good-friday']).dueDate).toBe('2026-04-08');
    expect(due('2026-11-23T10:00:00+01:00', { days: 1 }).dueDate).toBe('2026-11-24');
  });

  it('explains every day it moved past', () => {
    expect(computeDeadline(new Date('2026-11-25T09:00:00+01:00'), { months: 1 }).shiftedPast).toEqual([
      { date: '2026-12-25', reason: 'Eerste kerstdag' },
      { date: '2026-12-26', reason: 'Tweede kerstdag' },
      { date: '2026-12-27', reason: 'zondag' },
    ]);
  });
});

describe('deadlines in hours (breach, AVG art. 33)', () => {
  it('runs 72 hours from the exact moment, through weekends and holidays', () => {
    expect(due('2026-12-24T16:45:12.345+01:00', { hours: 72 })).toMatchObject({
      dueDate: '2026-12-27',
      dueAt: '2026-12-27T15:45:12.345Z',
    });
  });

  it('counts elapsed hours across the start of summer time (the clock shows 73 hours later)', () => {
    const d = computeDeadline(new Date('2026-03-27T10:00:00+01:00'), { hours: 72 });
    expect(d.dueAt.toISOString()).toBe('2026-03-30T09:00:00.000Z'); // 11:00 CEST
    expect(d.dueAt.getTime() - d.receivedAt.getTime()).toBe(72 * 3_600_000);
  });

  it('counts elapsed hours across the end of summer time (the clock shows 71 hours later)', () => {
    const d = computeDeadline(new Date('2026-10-23T10:00:00+02:00'), { hours: 72 });
    expect(d.dueAt.toISOString()).toBe('2026-10-26T08:00:00.000Z'); // 09:00 CET
    expect(d.dueDate).toBe('2026-10-26');
  });
});

describe('nominal end dates', () => {
  it('refuses hours and broken durations', () => {
    expect(() => nominalEndDate('2026-01-01', { hours: 72 })).toThrow(/hour period/);
    expect(() => nominalEndDate('2026-01-01', { weeks: 1.5 })).toThrow(/exactly one whole/);
    expect(() => nominalEndDate('2026-01-01', { weeks: 1, days: 2 })).toThrow(/exactly one whole/);
    expect(() => nominalEndDate('2026-01-01', { days: -1 })).toThrow(/non-negative/);
  });

  it('refuses an Invalid Date instead of returning a deadline of NaN', () => {
    expect(() => computeDeadline(new Date('garbage'), { hours: 72 })).toThrow(/Invalid Date/);
    expect(() => computeDeadline(new Date('garbage'), { months: 1 })).toThrow(/Invalid Date/);
  });

  it('keeps art. 3(5) and art. 3(4) apart on long periods: 20 years ending on Christmas Day', () => {
    // The two-working-day check stops counting early; the result must still be the art. 3(4) move only.
    const d = computeDeadline(new Date('2006-12-25T12:00:00+01:00'), { years: 20 });
    expect(d).toMatchObject({ nominalDueDate: '2026-12-25', dueDate: '2026-12-28' });
    expect(d.shiftedPast.map((s) => s.reason)).toEqual(['Eerste kerstdag', 'Tweede kerstdag', 'zondag']);
  });
});

describe('reminders', () => {
  it('remind 7 and 2 days before an access deadline at 09:00, on working days', () => {
    const deadline = computeDeadline(new Date('2026-02-01T10:00:00+01:00'), { months: 1 }); // due Monday 2 March
    expect(reminderMoments(deadline, [{ days: 7 }, { days: 2 }]).map((d) => d.toISOString())).toEqual([
      '2026-02-23T08:00:00.000Z', // Monday 23 February, 09:00
      '2026-02-27T08:00:00.000Z', // Saturday 28 February moved back to Friday 27th
    ]);
  });

  it('remind at 24, 48 and 66 hours after a breach is discovered', () => {
    const deadline = computeDeadline(new Date('2026-03-27T10:00:00+01:00'), { hours: 72 });
    expect(
      reminderMoments(deadline, [{ hours: 6 }, { hours: 48 }, { hours: 24 }]).map((d) => d.toISOString()),
    ).toEqual(['2026-03-28T09:00:00.000Z', '2026-03-29T09:00:00.000Z', '2026-03-30T03:00:00.000Z']);
  });

  it('drop reminders that would come before the request did', () => {
    const deadline = computeDeadline(new Date('2026-01-15T10:00:00+01:00'), { weeks: 2 }); // due 29 January
    expect(reminderMoments(deadline, [{ weeks: 3 }, { days: 2 }]).map((d) => d.toISOString())).toEqual([
      '2026-01-27T08:00:00.000Z',
    ]);
  });
});

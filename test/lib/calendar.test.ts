import { describe, expect, it } from 'vitest';
import {
  addDays,
  amsterdamDate,
  amsterdamOffsetMinutes,
  amsterdamTime,
  daysInMonth,
  dutchPublicHolidays,
  easterSunday,
  endOfAmsterdamDay,
  isWorkingDay,
  lastWorkingDayBy,
  nextWorkingDay,
} from '../../lib/calendar';

/** The Dutch general holidays (Algemene termijnenwet art. 3), 2024–2030, written out from the published calendars. */
const HOLIDAYS: Record<number, string[]> = {
  2024: ['01-01', '04-01', '04-27', '05-05', '05-09', '05-20', '12-25', '12-26'],
  2025: ['01-01', '04-21', '04-26', '05-05', '05-29', '06-09', '12-25', '12-26'],
  2026: ['01-01', '04-06', '04-27', '05-05', '05-14', '05-25', '12-25', '12-26'],
  2027: ['01-01', '03-29', '04-27', '05-05', '05-06', '05-17', '12-25', '12-26'],
  2028: ['01-01', '04-17', '04-27', '05-05', '05-25', '06-05', '12-25', '12-26'],
  2029: ['01-01', '04-02', '04-27', '05-05', '05-10', '05-21', '12-25', '12-26'],
  2030: ['01-01', '04-22', '04-27', '05-05', '05-30', '06-10', '12-25', '12-26'],
};

describe('Dutch public holidays', () => {
  it.each(Object.entries(HOLIDAYS))('are right in %s', (year, days) => {
    expect(dutchPublicHolidays(Number(year)).map((h) => h.date)).toEqual(days.map((day) => `${year}-${day}`));
  });

  it('name every day', () => {
    expect(dutchPublicHolidays(2026).map((h) => h.name)).toEqual([
      'Nieuwjaarsdag',
      'Tweede paasdag',
      'Koningsdag',
      'Bevrijdingsdag',
      'Hemelvaartsdag',
      'Tweede pinksterdag',
      'Eerste kerstdag',
      'Tweede kerstdag',
    ]);
  });

  it('move Koningsdag to the Saturday before when 27 April is a Sunday, and know Koninginnedag before 2014', () => {
    expect(dutchPublicHolidays(2025).find((h) => h.name === 'Koningsdag')?.date).toBe('2025-04-26');
    expect(dutchPublicHolidays(2031).find((h) => h.name === 'Koningsdag')?.date).toBe('2031-04-26');
    expect(dutchPublicHolidays(2013).find((h) => h.name === 'Koninginnedag')?.date).toBe('2013-04-30');
    expect(dutchPublicHolidays(2006).find((h) => h.name === 'Koninginnedag')?.date).toBe('2006-04-29');
  });

  it('add the policy’s extra days once, in their own year only', () => {
    const extra = [
      'good-friday',
      { date: '2026-12-31', name: 'Oudejaarsdag' },
      { date: '2026-05-05', name: 'dubbel' },
    ] as const;
    const days = dutchPublicHolidays(2026, extra);
    expect(days.find((h) => h.name === 'Goede vrijdag')?.date).toBe('2026-04-03');
    expect(days.filter((h) => h.date === '2026-05-05')).toHaveLength(1);
    expect(days.at(-1)).toEqual({ date: '2026-12-31', name: 'Oudejaarsdag' });
    expect(dutchPublicHolidays(2027, extra).some((h) => h.name === 'Oudejaarsdag')).toBe(false);
  });

  it('compute Easter for known years', () => {
    const known = {
      1818: '1818-03-22',
      1943: '1943-04-25',
      2000: '2000-04-23',
      2019: '2019-04-21',
      2038: '2038-04-25',
    };
    for (const [year, easter] of Object.entries(known)) expect(easterSunday(Number(year))).toBe(easter);
  });

  it('make weekends and holidays non-working days', () => {
    expect(isWorkingDay('2026-11-23')).toBe(true);
    expect(isWorkingDay('2026-11-21')).toBe(false);
    expect(isWorkingDay('2026-11-22')).toBe(false);
    expect(isWorkingDay('2026-05-14')).toBe(false);
    expect(nextWorkingDay('2026-12-24')).toBe('2026-12-28');
    expect(nextWorkingDay('2026-04-02', ['good-friday'])).toBe('2026-04-07');
  });

  it('move a last day to act back to the working day before it, never later', () => {
    expect(lastWorkingDayBy('2026-12-30')).toBe('2026-12-30'); // a working day stays
    expect(lastWorkingDayBy('2027-01-01')).toBe('2026-12-31'); // Friday, New Year's Day
    expect(lastWorkingDayBy('2027-01-03')).toBe('2026-12-31'); // Sunday, Saturday, then the holiday
    expect(lastWorkingDayBy('2026-12-27')).toBe('2026-12-24'); // Sunday after both Christmas days
    expect(lastWorkingDayBy('2026-04-06')).toBe('2026-04-03'); // Easter Monday: back to Good Friday …
    expect(lastWorkingDayBy('2026-04-06', ['good-friday'])).toBe('2026-04-02'); // … unless the policy adds it
    expect(lastWorkingDayBy('2026-06-01', [{ date: '2026-06-01', name: 'Studiedag' }])).toBe('2026-05-29');
  });

  it('refuse dates that do not exist', () => {
    expect(() => isWorkingDay('2026-02-29')).toThrow(RangeError);
    expect(() => isWorkingDay('26-1-1')).toThrow(RangeError);
  });

  it('refuse values that Date arithmetic would quietly bend into another answer', () => {
    // Date.UTC reads years 0–99 as 1900–1999: '0026-01-01' must not become 1926.
    expect(() => addDays('0026-01-01', 1)).toThrow(/Not a calendar date/);
    expect(() => addDays('2026-01-01', 0.5)).toThrow(/whole number of days/);
    expect(() => daysInMonth(2026, 13)).toThrow(/Not a month/);
    expect(() => easterSunday(2026.5)).toThrow(/Not a supported year/);
    expect(() => amsterdamTime('2026-01-01', 24)).toThrow(/Not a time of day/);
    expect(() => amsterdamTime('2026-01-01', 9, 60)).toThrow(/Not a time of day/);
    expect(() => amsterdamDate(new Date('not a date'))).toThrow(/Invalid Date/);
    expect(daysInMonth(2028, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });
});

describe('Europe/Amsterdam time', () => {
  it('switches to summer time at 01:00 UTC on the last Sunday of March and back on the last Sunday of October', () => {
    expect(amsterdamOffsetMinutes(new Date('2026-03-29T00:59:59.999Z'))).toBe(60);
    expect(amsterdamOffsetMinutes(new Date('2026-03-29T01:00:00Z'))).toBe(120);
    expect(amsterdamOffsetMinutes(new Date('2026-10-25T00:59:59.999Z'))).toBe(120);
    expect(amsterdamOffsetMinutes(new Date('2026-10-25T01:00:00Z'))).toBe(60);
  });

  it('ends a day at 23:59:59.999 local time, also on the days the clock changes', () => {
    expect(endOfAmsterdamDay('2026-01-15').toISOString()).toBe('2026-01-15T22:59:59.999Z');
    expect(endOfAmsterdamDay('2026-07-15').toISOString()).toBe('2026-07-15T21:59:59.999Z');
    expect(endOfAmsterdamDay('2026-03-29').toISOString()).toBe('2026-03-29T21:59:59.999Z');
    expect(endOfAmsterdamDay('2026-03-28').toISOString()).toBe('2026-03-28T22:59:59.999Z');
    expect(endOfAmsterdamDay('2026-10-25').toISOString()).toBe('2026-10-25T22:59:59.999Z');
    expect(endOfAmsterdamDay('2026-10-24').toISOString()).toBe('2026-10-24T21:59:59.999Z');
    expect(amsterdamTime('2026-03-29', 9).toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(amsterdamTime('2026-10-25', 9).toISOString()).toBe('2026-10-25T08:00:00.000Z');
  });

  it('agrees with the time-zone database for 20,000 instants from 1996 to 2100', () => {
    const oracle = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/Amsterdam',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    });
    const from = Date.UTC(1996, 0, 1);
    const to = Date.UTC(2100, 11, 31);
    let seed = 42;
    for (let i = 0; i < 20_000; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      const instant = new Date(from + Math.floor((seed / 2 ** 31) * (to - from)));
      const parts = Object.fromEntries(oracle.formatToParts(instant).map((p) => [p.type, p.value]));
      const expectedDate = `${parts.year}-${parts.month}-${parts.day}`;
      const expectedOffset = ((Number(parts.hour) - instant.getUTCHours() + 24) % 24) * 60;
      expect(amsterdamDate(instant), instant.toISOString()).toBe(expectedDate);
      expect(amsterdamOffsetMinutes(instant), instant.toISOString()).toBe(expectedOffset);
    }
  });
});

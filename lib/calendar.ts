/**
 * The Dutch legal calendar in Europe/Amsterdam time, without a time-zone database: pure arithmetic, so it runs
 * unchanged inside Temporal workflows and gives the same answer on every machine, today and on replay.
 */

/** A day the policy adds to the legal Dutch public holidays (Algemene termijnenwet art. 3(2)). */
export type ExtraHoliday = 'good-friday' | { readonly date: string; readonly name: string };

/** A calendar date, `YYYY-MM-DD`. */
export type CalendarDate = string;

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// The Gregorian calendar's first full year. It also keeps Date.UTC away from years 0–99, which it silently reads
// as 1900–1999 ('0026-01-01' would otherwise count as 1926).
const FIRST_YEAR = 1583;

function checkYear(year: number): number {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > 9999) {
    throw new RangeError(`Not a supported year (${FIRST_YEAR}–9999): ${year}`);
  }
  return year;
}

/** Year, month (1–12) and day of a calendar date; throws on anything that is not a real date. */
export function dateParts(date: CalendarDate): [year: number, month: number, day: number] {
  const match = DATE.exec(date);
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  if (!match || year < FIRST_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  }
  return [year, month, day];
}

export function calendarDate(year: number, month: number, day: number): CalendarDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function daysInMonth(year: number, month: number): number {
  if (!Number.isInteger(month) || month < 1 || month > 12)
    throw new RangeError(`Not a month (1–12): ${month}`);
  checkYear(year);
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function utcMidnight(date: CalendarDate): number {
  const [year, month, day] = dateParts(date);
  return Date.UTC(year, month - 1, day);
}

function fromUtcMidnight(ms: number): CalendarDate {
  const d = new Date(ms);
  return calendarDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  if (!Number.isInteger(days)) throw new RangeError(`Not a whole number of days: ${days}`);
  return fromUtcMidnight(utcMidnight(date) + days * DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: CalendarDate): number {
  return new Date(utcMidnight(date)).getUTCDay();
}

/** The last Sunday of a month, as a UTC-midnight timestamp. */
function lastSunday(year: number, month: number): number {
  const last = Date.UTC(year, month - 1, daysInMonth(year, month));
  return last - new Date(last).getUTCDay() * DAY_MS;
}

/**
 * Minutes Amsterdam is ahead of UTC at an instant: 120 in summer time, 60 otherwise. EU rule since 1996
 * (Directive 2000/84/EC): summer time from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
 * Sunday of October.
 */
export function amsterdamOffsetMinutes(instant: Date): number {
  const t = instant.getTime();
  // An Invalid Date would otherwise flow on as 'NaN-NaN-NaN' dates and null deadlines.
  if (Number.isNaN(t)) throw new RangeError('Not a valid instant (Invalid Date)');
  const year = instant.getUTCFullYear();
  const summerStarts = lastSunday(year, 3) + 3_600_000;
  const summerEnds = lastSunday(year, 10) + 3_600_000;
  return t >= summerStarts && t < summerEnds ? 120 : 60;
}

/** The Europe/Amsterdam calendar date of an instant. */
export function amsterdamDate(instant: Date): CalendarDate {
  const local = instant.getTime() + amsterdamOffsetMinutes(instant) * 60_000;
  return fromUtcMidnight(Math.floor(local / DAY_MS) * DAY_MS);
}

/** What Amsterdam's wall clock shows at an instant: "09:05". */
export function amsterdamClock(instant: Date): string {
  const minutes = Math.floor((instant.getTime() / 60_000 + amsterdamOffsetMinutes(instant)) % 1440);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The instant at which Amsterdam's wall clock shows `hour:minute` on `date`. */
export function amsterdamTime(date: CalendarDate, hour: number, minute = 0): Date {
  if (
    !Number.isInteger(hour) ||
    hour < 0 ||
    hour > 23 ||
    !Number.isInteger(minute) ||
    minute < 0 ||
    minute > 59
  ) {
    throw new RangeError(`Not a time of day: ${hour}:${minute}`);
  }
  const wall = utcMidnight(date) + (hour * 60 + minute) * 60_000;
  const offsetAt = (t: number) => amsterdamOffsetMinutes(new Date(t)) * 60_000;
  // Guess with winter time, then correct once: the offset can only change at 01:00 UTC, never twice a day.
  const guess = wall - offsetAt(wall - 3_600_000);
  return new Date(wall - offsetAt(guess));
}

export function startOfAmsterdamDay(date: CalendarDate): Date {
  return amsterdamTime(date, 0);
}

/** The last millisecond of a day in Amsterdam (23:59:59.999 local): the end of a period that ends that day. */
export function endOfAmsterdamDay(date: CalendarDate): Date {
  return new Date(startOfAmsterdamDay(addDays(date, 1)).getTime() - 1);
}

/** Easter Sunday (Gregorian computus; the anonymous algorithm of Meeus, Jones and Butcher). */
export function easterSunday(year: number): CalendarDate {
  checkYear(year);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return calendarDate(year, month, day);
}

export interface Holiday {
  date: CalendarDate;
  name: string;
}

/**
 * The general holidays of Algemene termijnenwet art. 3(1) in `year`, plus the policy's extra days, by date.
 * Easter Sunday and Whit Sunday are Sundays anyway and are not listed.
 */
export function dutchPublicHolidays(year: number, extra: readonly ExtraHoliday[] = []): Holiday[] {
  const easter = easterSunday(year);
  const kingsDay = (day: number) => (weekday(calendarDate(year, 4, day)) === 0 ? day - 1 : day);
  const holidays: Holiday[] = [
    { date: calendarDate(year, 1, 1), name: 'Nieuwjaarsdag' },
    { date: addDays(easter, 1), name: 'Tweede paasdag' },
    { date: addDays(easter, 39), name: 'Hemelvaartsdag' },
    { date: addDays(easter, 50), name: 'Tweede pinksterdag' },
    // The King's birthday is celebrated on 27 April since 2014, the Queen's before that on 30 April; both move
    // to the Saturday before when they fall on a Sunday.
    year >= 2014
      ? { date: calendarDate(year, 4, kingsDay(27)), name: 'Koningsdag' }
      : { date: calendarDate(year, 4, kingsDay(30)), name: 'Koninginnedag' },
    { date: calendarDate(year, 5, 5), name: 'Bevrijdingsdag' },
    { date: calendarDate(year, 12, 25), name: 'Eerste kerstdag' },
    { date: calendarDate(year, 12, 26), name: 'Tweede kerstdag' },
  ];
  for (const day of extra) {
    const holiday = day === 'good-friday' ? { date: addDays(easter, -2), name: 'Goede vrijdag' } : day;
    if (dateParts(holiday.date)[0] === year && !holidays.some((h) => h.date === holiday.date))
      holidays.push(holiday);
  }
  return holidays.sort((a, b) => a.date.localeCompare(b.date));
}

/** Why a day is not a working day (the holiday's name, else 'zaterdag' or 'zondag'); undefined for a working day. */
export function nonWorkingReason(
  date: CalendarDate,
  extra: readonly ExtraHoliday[] = [],
): string | undefined {
  const holiday = dutchPublicHolidays(dateParts(date)[0], extra).find((h) => h.date === date);
  const day = weekday(date);
  return holiday?.name ?? (day === 6 ? 'zaterdag' : day === 0 ? 'zondag' : undefined);
}

export function isWorkingDay(date: CalendarDate, extra: readonly ExtraHoliday[] = []): boolean {
  return nonWorkingReason(date, extra) === undefined;
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(date: CalendarDate, extra: readonly ExtraHoliday[] = []): CalendarDate {
  let next = addDays(date, 1);
  while (!isWorkingDay(next, extra)) next = addDays(next, 1);
  return next;
}

/**
 * The last working day on or before `date`: a last day to act that falls on a weekend or holiday moves earlier,
 * never later (unlike the end of a period a person has, which Algemene termijnenwet art. 1 moves on).
 */
export function lastWorkingDayBy(date: CalendarDate, extra: readonly ExtraHoliday[] = []): CalendarDate {
  let day = date;
  while (!isWorkingDay(day, extra)) day = addDays(day, -1);
  return day;
}

/**
 * Legal deadlines, to the day. Periods are counted as EU Regulation 1182/71 art. 3 prescribes, in
 * Europe/Amsterdam time, with the Dutch public holidays; hour periods (the 72 hours of a breach notification,
 * AVG art. 33(1)) run from the exact moment. Pure and deterministic: workflows call it directly.
 */
import {
  addDays,
  amsterdamDate,
  amsterdamTime,
  calendarDate,
  dateParts,
  daysInMonth,
  endOfAmsterdamDay,
  isWorkingDay,
  nextWorkingDay,
  nonWorkingReason,
  type CalendarDate,
  type ExtraHoliday,
} from './calendar';
import { durationParts, type Duration, type DurationUnit } from './durations';

export interface Deadline {
  /** The moment the clock started: receipt of a request, discovery of a breach. */
  receivedAt: Date;
  /** The Amsterdam date of receipt; for day-based periods this day itself is not counted (art. 3(1)). */
  receivedDate: CalendarDate;
  period: Duration;
  /** Where the period ends before moving past weekends and holidays. */
  nominalDueDate: CalendarDate;
  /** The Amsterdam date of `dueAt`. */
  dueDate: CalendarDate;
  /** The last moment of the period: 23:59:59.999 Amsterdam time on `dueDate`, or exactly n hours on. */
  dueAt: Date;
  /** The days the deadline moved past, each with its reason ('zaterdag', 'zondag', a holiday's name). */
  shiftedPast: { date: CalendarDate; reason: string }[];
}

const HOUR_MS = 3_600_000;

/** Moves a date by whole days, weeks, months or years (negative amounts count back). */
function shiftDate(date: CalendarDate, unit: Exclude<DurationUnit, 'hours'>, amount: number): CalendarDate {
  if (unit === 'days') return addDays(date, amount);
  if (unit === 'weeks') return addDays(date, 7 * amount);
  // Art. 3(2)(c): the same date in the last month or year; when that month is shorter, its last day.
  const [year, month, day] = dateParts(date);
  const months = year * 12 + (month - 1) + (unit === 'months' ? amount : 12 * amount);
  const [y, m] = [Math.floor(months / 12), (months % 12) + 1];
  return calendarDate(y, m, Math.min(day, daysInMonth(y, m)));
}

/** The date a day, week, month or year period starting on `start` ends on, before any move past holidays. */
export function nominalEndDate(start: CalendarDate, period: Duration): CalendarDate {
  const { unit, amount } = durationParts(period);
  if (unit === 'hours')
    throw new RangeError('An hour period ends at a moment, not on a date: use computeDeadline');
  return shiftDate(start, unit, amount);
}

export function computeDeadline(
  receivedAt: Date,
  period: Duration,
  extra: readonly ExtraHoliday[] = [],
): Deadline {
  const receivedDate = amsterdamDate(receivedAt);
  const { unit, amount } = durationParts(period);
  if (unit === 'hours') {
    // Weekends and holidays count; across a DST change the wall clock shows 71 or 73 hours later.
    const dueAt = new Date(receivedAt.getTime() + amount * HOUR_MS);
    const dueDate = amsterdamDate(dueAt);
    return { receivedAt, receivedDate, period, nominalDueDate: dueDate, dueDate, dueAt, shiftedPast: [] };
  }
  const nominalDueDate = shiftDate(receivedDate, unit, amount);
  const shiftedPast: Deadline['shiftedPast'] = [];
  let dueDate = nominalDueDate;
  // Art. 3(4): a period ending on a Saturday, Sunday or public holiday ends with the next working day.
  for (let reason = nonWorkingReason(dueDate, extra); reason; reason = nonWorkingReason(dueDate, extra)) {
    shiftedPast.push({ date: dueDate, reason });
    dueDate = addDays(dueDate, 1);
  }
  // Art. 3(5): a period of two days or more includes at least two working days.
  if (nominalDueDate >= addDays(receivedDate, 2)) {
    while (!hasTwoWorkingDays(receivedDate, dueDate, extra)) {
      shiftedPast.push({
        date: dueDate,
        reason: 'ten minste twee werkdagen (art. 3 lid 5 Verordening 1182/71)',
      });
      dueDate = nextWorkingDay(dueDate, extra);
    }
  }
  return {
    receivedAt,
    receivedDate,
    period,
    nominalDueDate,
    dueDate,
    dueAt: endOfAmsterdamDay(dueDate),
    shiftedPast,
  };
}

/** A deadline set by a process of its own accord (a retention period's end), already a legal moment. */
export function deadlineAt(receivedAt: Date, dueAt: Date): Deadline {
  const dueDate = amsterdamDate(dueAt);
  const receivedDate = amsterdamDate(receivedAt);
  return {
    receivedAt,
    receivedDate,
    period: { days: 0 },
    nominalDueDate: dueDate,
    dueDate,
    dueAt,
    shiftedPast: [],
  };
}

/** A deadline as it comes back from a workflow's payload (JSON: its moments are strings). */
export function reviveDeadline(deadline: Deadline): Deadline {
  return { ...deadline, receivedAt: new Date(deadline.receivedAt), dueAt: new Date(deadline.dueAt) };
}

/**
 * Whether the days after `from` up to and including `to` hold two working days. Stops at the second one, so a
 * 20-year retention period costs no more than a week's (counting all of it took ~40 ms a call).
 */
function hasTwoWorkingDays(from: CalendarDate, to: CalendarDate, extra: readonly ExtraHoliday[]): boolean {
  let count = 0;
  for (let day = addDays(from, 1); day <= to && count < 2; day = addDays(day, 1))
    if (isWorkingDay(day, extra)) count++;
  return count === 2;
}

/**
 * When to remind the officer before a deadline, in order. An hour offset is exactly that long before `dueAt`
 * (breach: 48, 24 and 6 hours before = 24, 48 and 66 hours after discovery). A day, week or month offset is
 * counted back from the due date and reminds at 09:00 Amsterdam time, moved back to the working day before
 * when it falls on a weekend or holiday, so that it reaches someone at work. Moments before receipt are dropped.
 */
export function reminderMoments(
  deadline: Deadline,
  offsets: readonly Duration[],
  extra: readonly ExtraHoliday[] = [],
): Date[] {
  const moments = offsets.map((offset) => {
    const { unit, amount } = durationParts(offset);
    if (unit === 'hours') return new Date(deadline.dueAt.getTime() - amount * HOUR_MS);
    let date = shiftDate(deadline.dueDate, unit, -amount);
    while (!isWorkingDay(date, extra) && date > deadline.receivedDate) date = addDays(date, -1);
    return amsterdamTime(date, 9);
  });
  return moments
    .filter((moment) => moment.getTime() > deadline.receivedAt.getTime())
    .sort((a, b) => a.getTime() - b.getTime());
}

/**
 * Art. 12(3): the period "may be extended by two further months". The extension runs on from where the first
 * period ended (before any move past a weekend or holiday), and the new end moves past non-working days again.
 */
export function extendDeadline(
  deadline: Deadline,
  by: Duration,
  extra: readonly ExtraHoliday[] = [],
): Deadline {
  const extended = computeDeadline(amsterdamTime(deadline.nominalDueDate, 12), by, extra);
  return {
    ...extended,
    receivedAt: deadline.receivedAt,
    receivedDate: deadline.receivedDate,
    period: deadline.period,
  };
}

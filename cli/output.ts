/**
 * Every command prints either one JSON object (`--json`, for machines) or readable lines (for people). Dates are
 * written the Dutch way in Amsterdam time, everywhere: 18-12-2026, and 18-12-2026 23:59 for a moment.
 */
import { amsterdamClock, amsterdamDate, type CalendarDate } from '../lib/calendar';
import { commandContext } from './context';

export function output(json: boolean, value: object, text: () => string): void {
  const context = commandContext();
  if (context) context.answer(value);
  else console.log(json ? JSON.stringify(value, null, 2) : text());
}

/** A warning beside the command's answer: on stderr, or beside the desk's form. */
export function warn(sentence: string): void {
  const context = commandContext();
  if (context) context.warn(sentence);
  else console.error(`privacyloket: ${sentence}`);
}

/** "18-12-2026" for a calendar date (YYYY-MM-DD). */
export function formatDate(date: CalendarDate): string {
  const [year, month, day] = date.split('-');
  return `${day}-${month}-${year}`;
}

/** "18-12-2026 23:59", Amsterdam time. */
export function formatMoment(instant: Date): string {
  return `${formatDate(amsterdamDate(instant))} ${amsterdamClock(instant)}`;
}

const ISO_INSTANT = /(?<!['\w])\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z(?!['\w])/g;

/**
 * A sentence from deeper down (a workflow's validator speaks ISO 8601 UTC, as workflow code must) with its
 * moments written as everywhere else. Plain dates stay: in a refusal they are examples of what to type, or the
 * value typed.
 */
export function localiseDates(sentence: string): string {
  return sentence.replace(ISO_INSTANT, (iso) => formatMoment(new Date(iso)));
}

const DAY_MS = 86_400_000;

/** Calendar days in Amsterdam from today to the day `dueAt` falls on: 0 today, negative once that day has passed. */
export function daysLeft(dueAt: Date, now: Date): number {
  return (Date.parse(amsterdamDate(dueAt)) - Date.parse(amsterdamDate(now))) / DAY_MS;
}

/** "12 days left", "1 day left", "due today", "overdue by 3 days". */
export function describeDaysLeft(dueAt: Date, now: Date): string {
  const days = daysLeft(dueAt, now);
  if (dueAt.getTime() < now.getTime())
    return days === 0 ? 'overdue' : `overdue by ${-days} day${days === -1 ? '' : 's'}`;
  return days === 0 ? 'due today' : `${days} day${days === 1 ? '' : 's'} left`;
}

/** Colour only where a person reads a terminal: node's own test honours NO_COLOR, FORCE_COLOR and TERM=dumb. */
const colours = process.stdout.isTTY === true && process.stdout.hasColors();
const paint = (code: number) => (text: string) => (colours ? `\u001b[${code}m${text}\u001b[0m` : text);
export const red = paint(31);
export const yellow = paint(33);
export const green = paint(32);
export const dim = paint(2);
export const bold = paint(1);

/** The urgency of a deadline, as a colour: red once passed, yellow within a week, green otherwise. */
export function urgency(dueAt: Date, now: Date): (text: string) => string {
  if (dueAt.getTime() < now.getTime()) return red;
  return daysLeft(dueAt, now) <= 7 ? yellow : green;
}

/** Columns padded to the widest cell; colours (added after padding) do not count. */
export function table(
  rows: string[][],
  paintCell?: (row: number, column: number, text: string) => string,
): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row, r) =>
      row
        .map((cell, c) => {
          const padded = c === row.length - 1 ? cell : cell.padEnd(widths[c]!);
          return paintCell ? paintCell(r, c, padded) : padded;
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

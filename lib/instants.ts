/**
 * Instants as people type them: a plain date, which is that day in Amsterdam, or an ISO 8601 date-time with the
 * UTC offset that makes it unambiguous.
 */
import { endOfAmsterdamDay, startOfAmsterdamDay } from './calendar';
import { invalidInput } from './errors';

export const LAST_YEAR = 2199;

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))?)?$/;

/**
 * "2026-03-01" (the start of that day in Amsterdam: the day is what counts for a period of days or months) or
 * "2026-03-01T09:30:00+01:00" / "…Z". A date-time without its offset is refused: it is ambiguous by an hour or
 * two, which can move a deadline by a day.
 */
export function parseInstant(field: string, value: string): Date {
  const match = INSTANT.exec(value);
  if (!match) {
    throw invalidInput(
      field,
      `must be a date such as 2026-03-01 (that day in Amsterdam) or a date-time with its UTC offset such as 2026-03-01T09:30:00+01:00, got '${value}'`,
    );
  }
  const [, y, mo, d, h, mi, s = '0', zone, oh = '0', om = '0'] = match;
  if (h !== undefined && zone === undefined) {
    throw invalidInput(
      field,
      `is '${value}', a time without its UTC offset: add +01:00 (winter time) or +02:00 (summer time), or give only the date`,
    );
  }
  const [year, month, day] = [Number(y), Number(mo), Number(d)];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth ||
    Number(h ?? 0) > 23 ||
    Number(mi ?? 0) > 59 ||
    Number(s) > 59
  ) {
    throw invalidInput(
      field,
      `is '${value}', a date${h === undefined ? '' : ' and time'} that does not exist`,
    );
  }
  if (Number(oh) > 14 || Number(om) > 59)
    throw invalidInput(field, `is '${value}', whose UTC offset is impossible`);
  // Summer time as the EU has had it since 1996: the rule the deadline module applies. The upper bound keeps
  // every period counted from it (twenty years of retention included) within four-digit years.
  if (year < 1996 || year > LAST_YEAR) {
    throw invalidInput(field, `is '${value}': Privacyloket counts periods from 1996 up to ${LAST_YEAR}`);
  }
  return h === undefined ? startOfAmsterdamDay(`${y}-${mo}-${d}`) : new Date(value);
}

/**
 * `--from` and `--to` of a listing or an export: each as `parseInstant` reads it, a plain `--to` date being that
 * whole day (up to its end in Amsterdam); a `--to` before `--from` is refused.
 */
export function parseRange(from: string | undefined, to: string | undefined): { from?: Date; to?: Date } {
  const start = from === undefined ? undefined : parseInstant('--from', from);
  const typedTo = to === undefined ? undefined : parseInstant('--to', to);
  const end = typedTo && /^\d{4}-\d{2}-\d{2}$/.test(to!) ? endOfAmsterdamDay(to!) : typedTo;
  if (start && end && end < start) throw invalidInput('--to', `is before --from (${from})`);
  return { ...(start ? { from: start } : {}), ...(end ? { to: end } : {}) };
}

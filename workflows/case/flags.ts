/**
 * How a process declares the flags of its `start` and of its updates (`ProcessUpdate.flags`), and reads their
 * values into the update's input: the CLI prints the help and parses from these declarations.
 */
import { parseInstant } from '../../lib/instants';
import type { StartField } from '../../lib/processes';

/** How a moment is typed, for flag descriptions. */
export const MOMENT =
  'a date-time with its UTC offset (2026-11-30T09:15:00+01:00), or a date (that day in Amsterdam)';

/** A flag taking one text value (`extra` says otherwise). */
export const flag = (name: string, description: string, extra: Partial<StartField> = {}): StartField => ({
  name,
  type: 'string',
  value: 'text',
  description,
  ...extra,
});

/** `--at`: when something happened, by default now. */
export const AT = (what: string) =>
  flag('at', `when ${what}: ${MOMENT} (default: now)`, {
    value: 'moment',
    example: '2026-12-01T14:30:00+01:00',
  });

/** A moment's flag value as ISO 8601 (now when absent): the update's validator checks it further. */
export const at = (flag: string, value: unknown) =>
  (value === undefined ? new Date() : parseInstant(flag, value as string)).toISOString();

/** `{ key: value }` when the flag was given, else nothing. */
export const given = (key: string, value: unknown) => (value === undefined ? {} : { [key]: value });

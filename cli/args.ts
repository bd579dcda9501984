/** Parsing and validation shared by the commands: every failure names its flag in one sentence (exit code 2). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { invalidInput, PrivacyloketError } from '../lib/errors';

type Options = NonNullable<ParseArgsConfig['options']>;

/** `node:util` parseArgs with its errors turned into our one-sentence form; `optional` positionals may follow. */
export function parse<O extends Options>(
  args: string[],
  options: O,
  positionals: string[] = [],
  optional: string[] = [],
) {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { ...options, json: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new PrivacyloketError('invalid-input', (error as Error).message.replace(/\. To specify.*$/s, '.'));
  }
  const allowed = positionals.length + optional.length;
  if (parsed.positionals.length > allowed) {
    throw new PrivacyloketError('invalid-input', `Unexpected argument '${parsed.positionals[allowed]}'.`);
  }
  positionals.forEach((name, index) => {
    if (parsed.positionals[index] === undefined)
      throw new PrivacyloketError('invalid-input', `Missing <${name}>.`);
  });
  return { ...parsed, json: (parsed.values as { json?: boolean }).json === true };
}

export function required(field: string, value: string | boolean | (string | boolean)[] | undefined): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalidInput(field, 'is required');
  return value;
}

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;

/**
 * An ISO 8601 date-time with its UTC offset ("2026-03-01T09:30:00+01:00" or "…Z"). The offset is required: a
 * receipt moment without one is ambiguous by an hour or two, which can move a deadline by a day.
 */
export function parseInstant(field: string, value: string): Date {
  const match = INSTANT.exec(value);
  if (!match) {
    throw invalidInput(
      field,
      `must be an ISO 8601 date-time with offset, such as 2026-03-01T09:30:00+01:00, got '${value}'`,
    );
  }
  const [, y, mo, d, h, mi, s = '0', , oh = '0', om = '0'] = match;
  const [year, month, day] = [Number(y), Number(mo), Number(d)];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  ) {
    throw invalidInput(field, `is '${value}', a date and time that does not exist`);
  }
  if (Number(oh) > 14 || Number(om) > 59)
    throw invalidInput(field, `is '${value}', whose UTC offset is impossible`);
  // Summer time as the EU has had it since 1996: the rule the deadline module applies.
  if (year < 1996) throw invalidInput(field, `is '${value}': Privacyloket counts periods from 1996 on`);
  return new Date(value);
}

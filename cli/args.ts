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
    // node's own message runs to three lines of advice; its first line names the flag.
    throw new PrivacyloketError(
      'invalid-input',
      (error as Error).message.split('\n')[0]!.replace(/\. To specify.*$/s, '.'),
    );
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

export { parseInstant } from '../lib/instants';

/**
 * A command declares its arguments and flags once, as data. Parsing, the checks every command shares (required
 * flags, allowed values, `--input` files, flags that exclude each other) and the help (help.ts) are generated
 * from that one declaration, so the help cannot drift from what the command accepts.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { invalidInput, PrivacyloketError } from '../lib/errors';
import { didYouMean } from './suggest';

export interface Flag {
  /** `string` takes a value; `list` takes one each time it is given (`--purpose a --purpose b`); `boolean` none. */
  readonly type: 'string' | 'list' | 'boolean';
  /** What the value is, in the usage line: `--policy <id>`. */
  readonly value?: string;
  readonly description: string;
  /** A value as an officer would type it: shown in the help and in the `--input` example. */
  readonly example?: string;
  /** The values allowed: checked here, listed in the help, offered when one is mistyped. */
  readonly values?: readonly string[];
  /** Always; unless another flag is given; or when another flag is given (with one of the values in `is`). */
  readonly required?:
    true | { readonly unless: string } | { readonly when: string; readonly is?: readonly string[] };
  /** A flag that cannot be given together with this one. */
  readonly conflicts?: string;
  /** Given only when another flag has one of these values (what a refusal discloses has no copy). */
  readonly only?: { readonly when: string; readonly is: readonly string[] };
  /** How the workflow's validator names this value (`elements.purposes`), so that its refusals name the flag. */
  readonly field?: string;
  /** For a flag that names a JSON file of its own shape (a decision): an example of its content. */
  readonly shape?: Record<string, unknown>;
}

export interface Positional {
  readonly name: string;
  readonly description: string;
  readonly example: string;
  readonly values?: readonly string[];
  readonly optional?: boolean;
  /** A case reference: typed in any case (`inz-2026-0001`), used in capitals. */
  readonly reference?: boolean;
}

export type Flags = Readonly<Record<string, Flag>>;

type FlagValue<T extends Flag> = T['type'] extends 'boolean'
  ? boolean
  : T['type'] extends 'list'
    ? string[]
    : string;

/** The values by flag name; a flag that is always required is always there. */
export type Values<F extends Flags> = {
  -readonly [K in keyof F as F[K] extends { required: true } ? K : never]: FlagValue<F[K]>;
} & {
  -readonly [K in keyof F as F[K] extends { required: true } ? never : K]?: FlagValue<F[K]>;
};

export type Args<P extends readonly Positional[]> = {
  [K in P[number] as K['name']]: K extends { optional: true } ? string | undefined : string;
};

export interface Parsed<F extends Flags, P extends readonly Positional[]> {
  values: Values<F>;
  args: Args<P>;
  json: boolean;
  /** `--by`, for commands in which an officer acts. */
  by: string | undefined;
}

export interface CommandSpec<F extends Flags, P extends readonly Positional[]> {
  /** One word, or two for a command of a family (`access start`, `policy check`). */
  readonly name: string;
  readonly summary: string;
  /** Further paragraphs for the help. */
  readonly details?: readonly string[];
  readonly positionals?: P;
  readonly flags: F;
  /** What `--json` prints. */
  readonly json: string;
  /** An officer acts: takes `--by` (default: the login name) for the audit trail. */
  readonly officer?: boolean;
  /** Takes `--input <file.json>`, one JSON object whose keys are the flags' names; this names an example file. */
  readonly input?: string;
  readonly examples: readonly string[];
  run(parsed: Parsed<F, P>): number | Promise<number>;
}

/** A declared command, its flags' types forgotten: what the dispatcher and the help work with. */
export type Command = CommandSpec<Flags, readonly Positional[]>;

export function defineCommand<const F extends Flags, const P extends readonly Positional[] = []>(
  spec: CommandSpec<F, P>,
): Command {
  return spec;
}

/** The flags every command takes besides its own, declared like them. */
export function commonFlags(command: Command): Flags {
  return {
    json: { type: 'boolean', description: command.json },
    ...(command.officer
      ? {
          by: {
            type: 'string',
            value: 'name',
            description: 'Who acts, as the audit trail records it (default: your login name).',
            example: 'Anna de Boer',
          },
        }
      : {}),
    ...(command.input
      ? {
          input: {
            type: 'string',
            value: 'file.json',
            description:
              "The flags as one JSON object, each key a flag's name; flags typed on the command line win.",
            example: command.input,
          },
        }
      : {}),
  };
}

/** The argument of every command about one case. */
export const reference = {
  name: 'reference',
  description: 'The case reference, in capitals or not.',
  example: 'INZ-2026-0001',
  reference: true,
} as const satisfies Positional;

/** How a refusal names a value: `--purpose`, `--purpose #2`, or `'purpose' #2 in decision.json` from a file. */
type Namer = (flag: string, index?: string) => string;

/** Parses `argv` against the declaration and runs the command; a refusal names the flag or key as typed. */
export async function runCommand(command: Command, argv: string[]): Promise<number> {
  const { parsed, name } = await parseCommand(command, argv);
  try {
    return await command.run(parsed);
  } catch (error) {
    if (error instanceof PrivacyloketError) throw nameFields(error, command, name);
    throw error;
  }
}

type Raw = Record<string, string | boolean | string[] | undefined>;

async function parseCommand(command: Command, argv: string[]) {
  const flags = { ...command.flags, ...commonFlags(command) };
  const typed = parseFlags(command, flags, argv);
  const values = { ...typed.values } as Raw;
  const fromFile = new Set<string>();
  // `--input` holds the flags of a command that takes them so; a file of another shape is the command's own.
  const input = command.input ? typed.values.input : undefined;
  if (typeof input === 'string') {
    for (const [key, value] of Object.entries(await readInput(input, command.flags))) {
      if (values[key] !== undefined) continue;
      values[key] = value;
      fromFile.add(key);
    }
  }
  const name: Namer = (flag, index) => {
    const item = index === undefined ? '' : ` #${Number(index) + 1}`;
    return fromFile.has(flag) ? `'${flag}'${item} in ${basename(input as string)}` : `--${flag}${item}`;
  };
  const args = parsePositionals(command, typed.positionals);
  checkValues(command.flags, values, name);
  checkRequired(command, values, args);
  for (const [flag, { conflicts }] of Object.entries(command.flags)) {
    if (conflicts !== undefined && values[flag] !== undefined && values[conflicts] !== undefined)
      throw invalidInput(name(flag), `and ${name(conflicts)} cannot be given together`);
  }
  checkOnly(command.flags, values, name);
  const { json, by, ...own } = values;
  if (command.input) delete own.input;
  const parsed = { values: own, args, json: json === true, by: by as string | undefined };
  return { parsed: parsed as unknown as Parsed<Flags, readonly Positional[]>, name };
}

/** node's parseArgs, its errors turned into one sentence naming the flag, with the nearest flag when mistyped. */
function parseFlags(command: Command, flags: Flags, argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: Object.fromEntries(
        Object.entries(flags).map(([name, flag]) => [
          name,
          { type: flag.type === 'boolean' ? 'boolean' : 'string', multiple: flag.type === 'list' },
        ]),
      ),
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const { code, message } = error as Error & { code?: string };
    const option = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
    const flag = flags[option.replace(/^--/, '')];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const known = Object.keys(flags).map((name) => `--${name}`);
      throw new PrivacyloketError(
        'invalid-input',
        `Unknown flag ${option}${didYouMean(option, known)}; privacyloket help ${command.name} lists the flags.`,
        option,
      );
    }
    if (flag?.type === 'boolean') throw invalidInput(option, 'takes no value');
    if (flag) {
      throw invalidInput(
        option,
        `needs a value${flag.example ? `, such as ${shellWord(flag.example)}` : ''}`,
      );
    }
    throw new PrivacyloketError('invalid-input', message.split('\n')[0]!);
  }
}

function parsePositionals(command: Command, typed: string[]): Record<string, string> {
  const declared = command.positionals ?? [];
  if (typed.length > declared.length) {
    throw new PrivacyloketError(
      'invalid-input',
      `Unexpected argument '${typed[declared.length]}'; privacyloket help ${command.name} shows what it takes.`,
    );
  }
  const args: Record<string, string> = {};
  declared.forEach((positional, index) => {
    const value = typed[index];
    if (value === undefined) return;
    if (positional.values && !positional.values.includes(value)) {
      throw invalidInput(
        `<${positional.name}>`,
        `must be one of ${positional.values.join(', ')}, got '${value}'${didYouMean(value, positional.values)}`,
      );
    }
    args[positional.name] = positional.reference ? value.trim().toUpperCase() : value;
  });
  return args;
}

/**
 * `--input file.json`: one JSON object, read and parsed, with only the `keys` given (when given); anything else is
 * refused in one sentence naming `--input`.
 */
export async function readJsonObject(
  path: string,
  keys?: readonly string[],
): Promise<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw invalidInput('--input', `must be a readable JSON file: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalidInput(
      '--input',
      `must hold one JSON object${keys ? ` with the keys ${keys.join(', ')}` : ''}`,
    );
  }
  const unknown = keys && Object.keys(parsed).find((key) => !keys.includes(key));
  if (unknown !== undefined) {
    throw invalidInput(
      '--input',
      `holds '${unknown}', which is not a field${didYouMean(unknown, [...keys!])}; the fields are ${keys!.join(', ')}`,
    );
  }
  return parsed as Record<string, unknown>;
}

/** `--input file.json`: an object whose keys are flag names, each value of its flag's type. */
async function readInput(path: string, flags: Flags): Promise<Raw> {
  const parsed = await readJsonObject(path, Object.keys(flags));
  const file = basename(path);
  const raw: Raw = {};
  for (const [key, value] of Object.entries(parsed)) {
    const flag = flags[key]!;
    const list = flag.type === 'list' && typeof value === 'string' ? [value] : value;
    const fits =
      flag.type === 'boolean'
        ? typeof list === 'boolean'
        : flag.type === 'list'
          ? Array.isArray(list) && list.every((item) => typeof item === 'string')
          : typeof list === 'string';
    if (!fits) {
      const wanted = { boolean: 'true or false', list: 'a list of texts', string: 'a text' }[flag.type];
      throw invalidInput(`'${key}' in ${file}`, `must be ${wanted}`);
    }
    raw[key] = list as Raw[string];
  }
  return raw;
}

function checkValues(flags: Flags, values: Raw, name: Namer): void {
  for (const [flag, { values: allowed }] of Object.entries(flags)) {
    const value = values[flag];
    if (!allowed || value === undefined) continue;
    const wrong = [value].flat().find((item) => typeof item === 'string' && !allowed.includes(item));
    if (typeof wrong === 'string') {
      throw invalidInput(
        name(flag),
        `must be one of ${allowed.join(', ')}, got '${wrong}'${didYouMean(wrong, allowed)}`,
      );
    }
  }
}

/** Every flag given where it does not belong, in one sentence: one clause per condition. */
function checkOnly(flags: Flags, values: Raw, name: Namer): void {
  const groups = new Map<string, string[]>();
  for (const [flag, { only }] of Object.entries(flags)) {
    if (!only || values[flag] === undefined || values[only.when] === undefined) continue;
    if (only.is.includes(values[only.when] as string)) continue;
    const clause = `only for ${name(only.when)} ${listing(only.is, 'or')}, not ${String(values[only.when])}`;
    groups.set(clause, [...(groups.get(clause) ?? []), name(flag)]);
  }
  if (groups.size === 0) return;
  const clauses = [...groups].map(
    ([clause, names]) => `${listing(names)} ${names.length === 1 ? 'is' : 'are'} ${clause}`,
  );
  throw new PrivacyloketError('invalid-input', `${clauses.join('; ')}.`, [...groups.values()][0]![0]);
}

/** Every missing argument and required flag, in one sentence. */
function checkRequired(command: Command, values: Raw, args: Record<string, string>): void {
  const missing = (command.positionals ?? [])
    .filter((positional) => !positional.optional && args[positional.name] === undefined)
    .map((positional) => `<${positional.name}>`);
  const given = (flag: string) => values[flag] !== undefined && values[flag] !== '';
  const conditions: string[] = [];
  for (const [flag, { required }] of Object.entries(command.flags)) {
    if (required === undefined || given(flag)) continue;
    if (required === true) missing.push(`--${flag}`);
    else if ('unless' in required) {
      if (!given(required.unless) && !missing.includes(`--${required.unless} or --${flag}`))
        missing.push(`--${flag} or --${required.unless}`);
    } else if (
      given(required.when) &&
      (!required.is || required.is.includes(values[required.when] as string))
    ) {
      missing.push(`--${flag}`);
      conditions.push(` when --${required.when} is ${required.is ? String(values[required.when]) : 'given'}`);
    }
  }
  if (missing.length === 0) return;
  const words = missing.map((item) =>
    item.includes(' or ') && missing.length > 1 ? `either ${item}` : item,
  );
  throw new PrivacyloketError(
    'invalid-input',
    `${listing(words)} ${missing.length === 1 ? 'is' : 'are'} required${conditions[0] ?? ''}.`,
    missing[0],
  );
}

/** "a", "a and b", "a, b and c". */
export function listing(items: readonly string[], last = 'and'): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${last} ${items.at(-1)}`;
}

/**
 * The refusal as the officer reads it: a validator's field (`elements.purposes`, `reasons`) becomes the flag
 * typed (`--purpose`) or the `--input` key (`'purpose' in decision.json`); a flag's value that came from the
 * file is named by its key there. Dotted fields are unambiguous anywhere; a plain one only where a refusal
 * begins (after the case reference), since it is also an ordinary word.
 */
function nameFields(error: PrivacyloketError, command: Command, name: Namer): PrivacyloketError {
  const reference = '^([A-Z]{3}-\\d{4}-\\d{4}: )?';
  let message = error.message;
  for (const [flag, { field = flag }] of Object.entries({ ...command.flags, ...commonFlags(command) })) {
    const path = escape(field);
    message = field.includes('.')
      ? message.replace(new RegExp(`\\b${path}(?:\\[(\\d+)\\])?(?![\\w.-])`, 'g'), (_, index?: string) =>
          name(flag, index),
        )
      : message.replace(
          new RegExp(`${reference}${path}(?:\\[(\\d+)\\])?(?=[ :])`),
          (_, prefix = '', index?: string) => `${prefix}${name(flag, index)}`,
        );
    if (name(flag) !== `--${flag}`)
      message = message.replace(new RegExp(`(^|[\\s(])--${escape(flag)}(?![\\w-])`, 'g'), `$1${name(flag)}`);
  }
  for (const { name: argument } of command.positionals ?? []) {
    message = message.replace(new RegExp(`${reference}${escape(argument)}(?=[ :])`), `$1<${argument}>`);
  }
  return message === error.message ? error : new PrivacyloketError(error.code, message, error.field);
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A value as a shell needs it typed: quoted when it holds spaces or quotes. */
export function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `"${value.replace(/(["\\$`])/g, '\\$1')}"`;
}

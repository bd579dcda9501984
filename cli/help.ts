/** The help: `privacyloket help`, and each command's from its own declaration (see command.ts). */
import { commonFlags, listing, shellWord, type Command, type Flag } from './command';

const WIDTH = 100;

function wrap(text: string, indent: number, width = WIDTH): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width - indent) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

/** `--policy <id>`, `--purpose <purpose>…`, `--reply-by-post`. */
function flagUsage(name: string, flag: Flag): string {
  if (flag.type === 'boolean') return `--${name}`;
  return `--${name} <${flag.value ?? name}>${flag.type === 'list' ? '…' : ''}`;
}

/** `decide <reference> --outcome <outcome> [flags]`: the arguments and the flags always required. */
export function usage(command: Command): string {
  const args = (command.positionals ?? []).map((p) => (p.optional ? `[<${p.name}>]` : `<${p.name}>`));
  const entries = Object.entries(command.flags);
  const required = entries
    .filter(([, flag]) => flag.required === true)
    .map(([name, flag]) => flagUsage(name, flag));
  const names = entries.map(([name]) => name);
  const either = entries
    .filter(
      ([name, flag]) =>
        typeof flag.required === 'object' &&
        'unless' in flag.required &&
        names.indexOf(name) < names.indexOf(flag.required.unless),
    )
    .map(([name, flag]) => {
      const other = (flag.required as { unless: string }).unless;
      return `(${flagUsage(name, flag)} | ${flagUsage(other, command.flags[other]!)})`;
    });
  return ['privacyloket', command.name, ...args, ...required, ...either, '[flags]'].join(' ');
}

function requirement({ required, only, type }: Flag): string {
  return [
    required === true
      ? 'Required.'
      : required && 'unless' in required
        ? `Required unless --${required.unless} is given.`
        : required
          ? `Required when --${required.when} is ${required.is ? listing(required.is, 'or') : 'given'}.`
          : '',
    only && !required ? `Only when --${only.when} is ${listing(only.is, 'or')}.` : '',
    type === 'list' ? 'May be given more than once.' : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function flagHelp(command: Command, name: string, flag: Flag): string[] {
  const column = 30;
  const head = `  ${flagUsage(name, flag)}`;
  const text = [flag.description, requirement(flag), flag.values ? `One of: ${flag.values.join(', ')}.` : '']
    .filter(Boolean)
    .join(' ');
  const body = wrap(text, column);
  const example =
    name === 'json'
      ? `privacyloket ${command.name} … --json`
      : flag.type === 'boolean'
        ? `--${name}`
        : `--${name} ${shellWord(flag.example ?? flag.values?.[0] ?? '…')}`;
  const lines = [
    head.length < column - 1
      ? `${head.padEnd(column)}${body[0]}`
      : `${head}\n${' '.repeat(column)}${body[0]}`,
    ...body.slice(1).map((line) => ' '.repeat(column) + line),
    `${' '.repeat(column)}Example: ${example}`,
  ];
  if (flag.shape) {
    lines.push(
      `${' '.repeat(column)}For example:`,
      ...JSON.stringify(flag.shape, null, 2)
        .split('\n')
        .map((line) => ' '.repeat(column + 2) + line),
    );
  } else if (name === 'input') {
    lines.push(
      `${' '.repeat(column)}The file holds any of:`,
      ...inputShape(command).map((line) => ' '.repeat(column + 2) + line),
    );
  }
  return lines;
}

/** The `--input` file's shape: every flag of the command by name, with its example value. */
function inputShape(command: Command): string[] {
  const example = Object.fromEntries(
    Object.entries(command.flags).map(([name, flag]) => {
      const value = flag.example ?? flag.values?.[0] ?? '…';
      return [name, flag.type === 'boolean' ? true : flag.type === 'list' ? [value] : value];
    }),
  );
  // A list of one on one line, as a person would write it.
  return JSON.stringify(example, null, 2)
    .replace(/\[\n\s+("(?:[^"\\]|\\.)*")\n\s+\]/g, '[$1]')
    .split('\n');
}

/** `privacyloket help <command>` and `<command> --help`. */
export function commandHelp(command: Command): string {
  const positionals = command.positionals ?? [];
  const flags = { ...command.flags, ...commonFlags(command) };
  return [
    `Usage: ${usage(command)}`,
    '',
    ...wrap(command.summary, 0),
    ...(command.details ?? []).flatMap((paragraph) => ['', ...wrap(paragraph, 0)]),
    ...(positionals.length > 0
      ? [
          '',
          'Arguments:',
          ...positionals.flatMap((p) => {
            const text = `${p.description}${p.values ? ` One of: ${p.values.join(', ')}.` : ''} Example: ${p.example}`;
            return wrap(text, 30).map(
              (line, i) => (i === 0 ? `  <${p.name}>`.padEnd(30) : ' '.repeat(30)) + line,
            );
          }),
        ]
      : []),
    '',
    'Flags:',
    ...Object.entries(flags).flatMap(([name, flag]) => flagHelp(command, name, flag)),
    `${'  --help'.padEnd(30)}This help.`,
    '',
    'Examples:',
    ...command.examples.map((example) => `  ${example}`),
  ].join('\n');
}

/** `privacyloket help`: every command with its summary. */
export function overview(commands: readonly Command[], version: string): string {
  const column = 32;
  return [
    `privacyloket ${version}: the AVG's paperwork for a care organisation, case by case.`,
    '',
    'Usage: privacyloket <command> [arguments] [flags]',
    '',
    'Commands:',
    ...commands.flatMap((command) => {
      const head = `  ${[command.name, ...(command.positionals ?? []).map((p) => `<${p.name}>`)].join(' ')}`;
      const body = wrap(command.summary, column);
      return [
        head.length < column - 1 ? head.padEnd(column) + body[0] : `${head}\n${' '.repeat(column)}${body[0]}`,
        ...body.slice(1).map((line) => ' '.repeat(column) + line),
      ];
    }),
    '',
    ...wrap(
      'privacyloket help <command> (or <command> --help) shows its flags, each with an example. Every command takes --json to print one JSON object instead of text; privacyloket --version prints the version.',
      0,
    ),
  ].join('\n');
}

/**
 * The desk's words against the CLI's declarations: every officer command, flag, argument and allowed value has its
 * Dutch text (and its English label), and no text names a command, flag or value that does not exist, so a flag
 * added to a command without Dutch text, or renamed, fails here.
 */
import { describe, expect, it } from 'vitest';
import { commonFlags, type Command, type Flags } from '../../cli/command';
import { ownVerbs, processCommand } from '../../cli/commands/process';
import { COMMANDS } from '../../cli/main';
import {
  commandText,
  DESK_LABELS,
  flagText,
  positionalText,
  valueText,
  type DeskLabels,
  type DeskLocale,
} from '../../desk/labels';
import { parseInstant } from '../../lib/instants';
import { registeredProcesses } from '../../lib/processes';

/** Every command, each process's own verbs (`rectification lift-restriction`) included, as cli/main.ts lists them. */
async function allCommands(): Promise<Command[]> {
  const commands = await Promise.all(Object.values(COMMANDS).map((load) => load()));
  for (const process of registeredProcesses()) {
    for (const verb of await ownVerbs(process)) {
      const command = await processCommand(process, verb);
      if (command) commands.push(command);
    }
  }
  return commands;
}

/** The fields of a command's form: its own flags and the shared `--by` and `--input` (`--json` is the CLI's own). */
function formFlags(command: Command): Flags {
  const { json: _json, ...shared } = commonFlags(command);
  return { ...command.flags, ...shared };
}

/** The text written for a flag, without the fallbacks `flagText` adds. */
const written = (labels: DeskLabels, command: string, flag: string) =>
  labels.commands[command]?.flags?.[flag] ?? labels.flags[flag];

const filled = (text: string | undefined) => typeof text === 'string' && text.trim() !== '';

/** What the labels lack for these commands: one line per missing text (a value shared by commands once). */
function gaps(commands: readonly Command[]): string[] {
  const { nl, en } = DESK_LABELS;
  const missing: string[] = [];
  for (const command of commands) {
    const flags = formFlags(command);
    for (const [flag, { values }] of Object.entries(flags)) {
      for (const value of values ?? []) {
        if (!filled(nl.values[flag]?.[value])) missing.push(`nl: value ${value} of --${flag}`);
      }
    }
    for (const positional of command.positionals ?? []) {
      for (const value of positional.values ?? []) {
        if (!filled(nl.values[positional.name]?.[value]))
          missing.push(`nl: value ${value} of <${positional.name}>`);
      }
    }
    if (!command.officer) continue;
    for (const [locale, labels] of [
      ['nl', nl],
      ['en', en],
    ] as const) {
      const { title, summary } = labels.commands[command.name] ?? {};
      if (!filled(title) || !filled(summary)) missing.push(`${locale}: ${command.name} title and summary`);
    }
    for (const flag of Object.keys(flags)) {
      const dutch = written(nl, command.name, flag);
      if (!filled(dutch?.label) || !filled(dutch?.help)) missing.push(`nl: ${command.name} --${flag}`);
      if (!filled(written(en, command.name, flag)?.label)) missing.push(`en: ${command.name} --${flag}`);
    }
    for (const { name } of command.positionals ?? []) {
      const dutch = nl.positionals[name];
      if (!filled(dutch?.label) || !filled(dutch?.help)) missing.push(`nl: ${command.name} <${name}>`);
      if (!filled(en.positionals[name]?.label)) missing.push(`en: ${command.name} <${name}>`);
    }
  }
  return [...new Set(missing)];
}

const commands = await allCommands();
const byName = new Map(commands.map((command) => [command.name, command]));

describe('desk labels', () => {
  it('give every officer command, flag, argument and allowed value its Dutch text and English label', () => {
    expect(commands.filter((command) => command.officer).length).toBeGreaterThan(60);
    expect(gaps(commands)).toEqual([]);
  });

  it('miss a flag added to a command without Dutch text', () => {
    const command = byName.get('access extend')!;
    const grown = {
      ...command,
      flags: { ...command.flags, 'new-flag': { type: 'boolean', description: 'New.' } },
    };
    expect(gaps([grown as Command])).toEqual([
      'nl: access extend --new-flag',
      'en: access extend --new-flag',
    ]);
  });

  it.each(['nl', 'en'] as const)(
    'name only commands, flags, arguments and values that exist (%s)',
    (locale) => {
      const labels = DESK_LABELS[locale];
      const flagNames = new Set(commands.flatMap((command) => Object.keys(formFlags(command))));
      const positionals = commands.flatMap((command) => command.positionals ?? []);
      const declared = new Map<string, Set<string>>();
      for (const [name, values] of [
        ...commands.flatMap((command) =>
          Object.entries(formFlags(command)).map(([flag, f]) => [flag, f.values]),
        ),
        ...positionals.map((positional) => [positional.name, positional.values]),
      ] as [string, readonly string[] | undefined][]) {
        declared.set(name, new Set([...(declared.get(name) ?? []), ...(values ?? [])]));
      }
      const stale = [
        ...Object.keys(labels.flags).filter((flag) => !flagNames.has(flag)),
        ...Object.keys(labels.positionals).filter((name) => !positionals.some((p) => p.name === name)),
        ...Object.entries(labels.commands).flatMap(([name, { flags }]) => {
          const command = byName.get(name);
          if (!command) return [name];
          const own = formFlags(command);
          return Object.entries(flags ?? {})
            .filter(
              ([flag, text]) => !own[flag] || JSON.stringify(text) === JSON.stringify(labels.flags[flag]),
            )
            .map(([flag]) => `${name} --${flag} (unknown, or the same as the generic text)`);
        }),
        ...Object.entries(labels.values).flatMap(([name, values]) =>
          Object.keys(values)
            .filter((value) => !declared.get(name)?.has(value))
            .map((value) => `${name}=${value}`),
        ),
      ];
      expect(stale).toEqual([]);
    },
  );

  it('give as example only dates and date-times the CLI accepts', () => {
    const helps = [DESK_LABELS.nl, DESK_LABELS.en].flatMap((labels) =>
      [
        ...Object.values(labels.flags),
        ...Object.values(labels.positionals),
        ...Object.values(labels.commands).flatMap(({ flags }) => Object.values(flags ?? {})),
      ].map(({ help }) => help ?? ''),
    );
    const examples = helps.flatMap(
      (help) => help.match(/\d{4}-\d{2}-\d{2}(T[\d:]+(Z|[+-]\d{2}:\d{2})?)?/g) ?? [],
    );
    expect(examples.length).toBeGreaterThan(20);
    for (const example of examples) expect(() => parseInstant('example', example), example).not.toThrow();
    // parseInstant takes the year first only: no text may offer the Dutch day-first order.
    expect(() => parseInstant('example', '30-11-2026')).toThrow();
    expect(helps.filter((help) => /dd-mm|\d{2}-\d{2}-\d{4}/.test(help))).toEqual([]);
  });
});

describe('flagText, commandText, valueText, positionalText', () => {
  const locales: DeskLocale[] = ['nl', 'en'];

  it("take a command's own text for a flag over the flag's generic text", () => {
    for (const locale of locales) {
      const own = DESK_LABELS[locale].commands['access extend']!.flags!.reasons!;
      expect(flagText(locale, 'access extend', 'reasons')).toEqual(own);
      expect(flagText(locale, 'breach close', 'measures')).toEqual(DESK_LABELS[locale].flags.measures);
      expect(own).not.toEqual(DESK_LABELS[locale].flags.reasons);
    }
  });

  it('fall back to the name, humanised and without help, for what has no text', () => {
    expect(flagText('en', 'access start', 'no-such-flag')).toEqual({ label: 'No such flag' });
    expect(commandText('nl', 'no-such command')).toEqual({ title: 'No such command' });
    expect(positionalText('en', 'file-name')).toEqual({ label: 'File name' });
    expect(valueText('nl', 'outcome', 'maybe')).toBe('maybe');
  });

  it('give the Dutch label of a value and the text of a command and argument', () => {
    expect(valueText('nl', 'outcome', 'partial')).toBe(DESK_LABELS.nl.values.outcome!.partial);
    expect(valueText('nl', 'kind', 'response')).toBe(DESK_LABELS.nl.values.kind!.response);
    const { title, summary } = DESK_LABELS.nl.commands['access approve']!;
    expect(commandText('nl', 'access approve')).toEqual({ title, summary });
    expect(positionalText('nl', 'reference')).toEqual(DESK_LABELS.nl.positionals.reference);
  });
});

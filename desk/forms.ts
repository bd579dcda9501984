/**
 * Every form of the desk is a CLI command's declaration (cli/command.ts) shown as fields, and every submission
 * runs that same command for the logged-in user: the same parsing, the same checks, the same Temporal update
 * with its validator. A refusal names a flag (`--received`); the desk puts it beside that field.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommand, type Command, type Flag } from '../cli/command';
import { runInContext, type CommandContext } from '../cli/context';
import { localiseDates } from '../cli/output';
import { PrivacyloketError } from '../lib/errors';
import { translate, type DeskLocale } from './i18n';
import { commandText, flagText, positionalText, valueText } from './labels';

export interface FormField {
  name: string;
  id: string;
  label: string;
  help?: string;
  kind: 'text' | 'textarea' | 'select' | 'checkbox' | 'file';
  required: boolean;
  options?: { value: string; label: string; selected: boolean }[];
  value?: string;
  checked?: boolean;
  rows?: number;
  accept?: string;
  problem?: string;
  describedBy?: string;
}

/** What a form sends: text fields (a list field's lines in one text) and uploaded files. */
export interface Submission {
  fields: Record<string, string>;
  files: Record<string, { filename: string; data: Buffer }>;
}

/** Who acts is the logged-in user, the answer is the desk's page, and a document comes back as a download. */
const DESK_OWN = new Set(['by', 'json', 'out']);

/** A flag whose value names a file the officer has: uploaded, or (a JSON decision) typed in the form. */
const fileFlag = (flag: Flag) => flag.type === 'string' && /file|\.(csv|pdf|json)$/i.test(flag.value ?? '');
const jsonFlag = (flag: Flag) =>
  fileFlag(flag) && (flag.shape !== undefined || /\.json$/i.test(flag.value ?? ''));

/** The command's fields as the form shows them, with what was typed and the problems of a refused submission. */
export function formFields(
  command: Command,
  locale: DeskLocale,
  {
    typed = {},
    problems = {},
    choices = {},
  }: {
    typed?: Record<string, string>;
    problems?: Record<string, string>;
    /** Values known to the desk for a positional (`kind`: the case's letters of that state). */
    choices?: Record<string, string[]>;
  } = {},
): FormField[] {
  const positionals = (command.positionals ?? [])
    .filter((positional) => !positional.reference)
    .map((positional): FormField => {
      const text = positionalText(locale, positional.name);
      const values = choices[positional.name] ?? positional.values;
      return field(positional.name, {
        label: text.label,
        help: text.help ?? positional.description,
        required: !positional.optional,
        ...(values
          ? select(values, typed[positional.name], (v) => valueText(locale, positional.name, v))
          : { kind: 'text' }),
      });
    });
  const flags = Object.entries(command.flags)
    .filter(([name]) => !DESK_OWN.has(name))
    .map(([name, flag]): FormField => {
      const text = flagText(locale, command.name, name);
      // The CLI's example only beside the CLI's own words: the desk's texts give examples in their language.
      const example =
        !text.help && flag.example && flag.type !== 'boolean' && !flag.values && !fileFlag(flag);
      const help = [
        text.help ?? flag.description,
        example ? translate(locale, 'form.example', { example: flag.example }) : '',
      ]
        .filter(Boolean)
        .join(' ');
      const required = flag.required === true;
      const base = { label: text.label, help, required };
      if (flag.type === 'boolean')
        return field(name, { ...base, kind: 'checkbox', checked: typed[name] === 'on' });
      if (flag.values)
        return field(name, {
          ...base,
          ...select(flag.values, typed[name], (v) => valueText(locale, name, v)),
        });
      if (jsonFlag(flag)) {
        const example = flag.shape ? JSON.stringify(flag.shape, null, 2) : '';
        return field(name, { ...base, kind: 'textarea', rows: 16, value: typed[name] ?? example });
      }
      if (fileFlag(flag)) return field(name, { ...base, kind: 'file', accept: accept(flag.value ?? '') });
      if (flag.type === 'list')
        return field(name, {
          ...base,
          help: `${help} ${translate(locale, 'form.list-help')}`,
          kind: 'textarea',
          rows: 3,
          value: typed[name] ?? '',
        });
      const long = /text|reasons|advice|how|summary|changes|measures|description/.test(
        `${flag.value} ${name}`,
      );
      return field(name, { ...base, kind: long ? 'textarea' : 'text', rows: 4, value: typed[name] ?? '' });
    });
  return [...positionals, ...flags].map((f) => {
    const problem = problems[f.name];
    const describedBy = [problem ? `${f.id}-problem` : '', f.help ? `${f.id}-help` : '']
      .filter(Boolean)
      .join(' ');
    return { ...f, ...(problem ? { problem } : {}), ...(describedBy ? { describedBy } : {}) };
  });

  function field(name: string, rest: Omit<FormField, 'name' | 'id'>): FormField {
    return { name, id: `field-${name}`, ...rest };
  }
  function select(values: readonly string[], chosen: string | undefined, label: (value: string) => string) {
    return {
      kind: 'select' as const,
      options: values.map((value) => ({ value, label: label(value), selected: value === chosen })),
    };
  }
}

const accept = (value: string) =>
  /csv/i.test(value) ? '.csv,text/csv' : /pdf/i.test(value) ? '.pdf,application/pdf' : undefined;

export type Outcome =
  | {
      ok: true;
      answer: Record<string, unknown> | undefined;
      warnings: string[];
      download?: { filename: string; data: Buffer };
    }
  | { ok: false; problem: string; problems: Record<string, string>; warnings: string[] };

/**
 * Runs `command` for the desk's user with what the form sent: the same argv a terminal would type, so the same
 * checks apply. Files are written to a folder of their own (0700, files 0600) and removed afterwards.
 */
export async function submit(
  command: Command,
  submission: Submission,
  {
    reference,
    context,
    actor,
    tmpDir,
    locale,
  }: {
    reference?: string;
    context: Omit<CommandContext, 'answer' | 'warn'>;
    actor: string;
    tmpDir: string;
    locale: DeskLocale;
  },
): Promise<Outcome> {
  await mkdir(tmpDir, { recursive: true, mode: 0o700 });
  const dir = await mkdtemp(join(tmpDir, 'desk-'));
  const answers: Record<string, unknown>[] = [];
  const warnings: string[] = [];
  try {
    const argv: string[] = [];
    for (const positional of command.positionals ?? []) {
      const value = positional.reference ? reference : submission.fields[positional.name]?.trim();
      if (value) argv.push(value);
    }
    for (const [name, flag] of Object.entries(command.flags)) {
      if (DESK_OWN.has(name)) continue;
      const typed = submission.fields[name];
      if (flag.type === 'boolean') {
        if (typed === 'on') argv.push(`--${name}`);
      } else if (flag.type === 'list') {
        for (const line of (typed ?? '')
          .split(/\r?\n/)
          .map((l) => l.trim())
          .filter(Boolean))
          argv.push(`--${name}=${line}`);
      } else if (fileFlag(flag)) {
        const upload = submission.files[name];
        const content =
          jsonFlag(flag) && typed?.trim()
            ? Buffer.from(typed)
            : upload?.data.length
              ? upload.data
              : undefined;
        if (!content) continue;
        const file = join(dir, `${name}${/\.\w+$/.exec(upload?.filename ?? flag.value ?? '')?.[0] ?? ''}`);
        await writeFile(file, content, { mode: 0o600 });
        argv.push(`--${name}=${file}`);
      } else if (typed?.trim()) argv.push(`--${name}=${typed.trim()}`);
    }
    const out =
      'out' in command.flags
        ? join(dir, `document${/\.\w+$/.exec(command.flags.out.value ?? '')?.[0] ?? ''}`)
        : undefined;
    if (out) argv.push(`--out=${out}`);
    if (command.officer) argv.push(`--by=${actor}`);
    argv.push('--json');
    const exitCode = await runInContext(
      {
        ...context,
        answer: (value) => answers.push(value as Record<string, unknown>),
        warn: (w) => warnings.push(w.replace(/^warning: /, '')),
      },
      () => runCommand(command, argv),
    );
    const download = out
      ? { filename: downloadName(command, reference, out), data: await readFile(out) }
      : undefined;
    // A command that answers and also fails (a policy weaker than the law, a broken audit chain) says so.
    if (exitCode !== 0) warnings.unshift(translate(locale, 'form.failed'));
    return { ok: true, answer: answers.at(-1), warnings, ...(download ? { download } : {}) };
  } catch (error) {
    if (!(error instanceof PrivacyloketError)) throw error;
    return { ok: false, ...placeProblem(command, localiseDates(error.message), locale), warnings };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `breach-notification-LEK-2026-0001.pdf`. */
function downloadName(command: Command, reference: string | undefined, out: string): string {
  const extension = /\.\w+$/.exec(out)?.[0] ?? '';
  return `${[command.name.replace(/ /g, '-'), reference].filter(Boolean).join('-')}${extension}`;
}

/**
 * The refusal's sentence, its flags named by their labels, at the top; beside each field the clauses that name
 * it (a refusal lists every problem, `; ` between them), and for a field only listed among the missing ones, that
 * it is required. A refusal of a JSON decision's own keys goes beside that decision.
 */
function placeProblem(
  command: Command,
  message: string,
  locale: DeskLocale,
): { problem: string; problems: Record<string, string> } {
  const names = [
    ...Object.keys(command.flags)
      .filter((name) => !DESK_OWN.has(name))
      .map((name) => ({ name, typed: `--${name}` })),
    ...(command.positionals ?? []).map(({ name }) => ({ name, typed: `<${name}>` })),
  ].sort((a, b) => b.typed.length - a.typed.length);
  const label = (name: string) =>
    command.flags[name] ? flagText(locale, command.name, name).label : positionalText(locale, name).label;
  const naming = (clause: string) =>
    names.filter(({ typed }) => new RegExp(`(^|[\\s(])${escape(typed)}(?![\\w-])`).test(clause));
  const labelled = (clause: string) =>
    naming(clause).reduce(
      (text, { name, typed }) =>
        text.replace(new RegExp(`(^|[\\s(])${escape(typed)}(?![\\w-])`, 'g'), `$1“${label(name)}”`),
      clause,
    );
  const problems: Record<string, string> = {};
  for (const clause of message.split(/;\s+/)) {
    const named = naming(clause);
    const missing = / (is|are) required\b/.test(clause);
    const either = /either \S+ or \S+/.exec(clause)?.[0];
    for (const { name, typed } of named) {
      const own =
        missing && !(either && either.includes(typed))
          ? translate(locale, 'form.required-field')
          : labelled(clause);
      problems[name] = problems[name] ? `${problems[name]}; ${own}` : own;
    }
  }
  const json = Object.entries(command.flags).find(([, flag]) => jsonFlag(flag))?.[0];
  if (Object.keys(problems).length === 0 && json) problems[json] = labelled(message);
  return { problem: labelled(message), problems };
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The form's title: the command's own words, or its summary. */
export const formTitle = (command: Command, locale: DeskLocale) => commandText(locale, command.name);

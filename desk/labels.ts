/**
 * The desk's words for the CLI's commands: form titles, field labels, help and option labels, in Dutch (what an
 * officer at a Dutch care organisation reads) and English. The declarations in `cli/` stay the one source of what
 * a command takes; `labels/<locale>.json` only says it in the officer's words, and test/desk/labels.test.ts holds
 * the two together (every officer command and flag has its Dutch text, no text for what does not exist).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type DeskLocale = 'nl' | 'en';

export interface FieldText {
  label: string;
  help?: string;
}

/** The shape of `labels/<locale>.json`. */
export interface DeskLabels {
  /** The text of a flag, whichever command takes it. */
  flags: Record<string, FieldText>;
  /** Per command its title (what its button says) and, where a command means something else by a flag, its own. */
  commands: Record<string, { title: string; summary?: string; flags?: Record<string, FieldText> }>;
  /** An allowed value's label, by the flag (or positional) that takes it. */
  values: Record<string, Record<string, string>>;
  positionals: Record<string, FieldText>;
}

const load = (locale: DeskLocale): DeskLabels =>
  JSON.parse(readFileSync(join(import.meta.dirname, 'labels', `${locale}.json`), 'utf8')) as DeskLabels;

export const DESK_LABELS: Readonly<Record<DeskLocale, DeskLabels>> = { nl: load('nl'), en: load('en') };

/** `reply-by-post` as "Reply by post": the last resort, for a name without text of its own. */
const humanise = (name: string) => `${name.charAt(0).toUpperCase()}${name.slice(1).replaceAll('-', ' ')}`;

export function commandText(locale: DeskLocale, command: string): { title: string; summary?: string } {
  const { title, summary } = DESK_LABELS[locale].commands[command] ?? { title: humanise(command) };
  return summary === undefined ? { title } : { title, summary };
}

/** The command's own text for the flag, else the flag's generic text, else its name (the desk then shows the CLI's description). */
export function flagText(locale: DeskLocale, command: string, flag: string): FieldText {
  const labels = DESK_LABELS[locale];
  return labels.commands[command]?.flags?.[flag] ?? labels.flags[flag] ?? { label: humanise(flag) };
}

export function valueText(locale: DeskLocale, flag: string, value: string): string {
  return DESK_LABELS[locale].values[flag]?.[value] ?? value;
}

export function positionalText(locale: DeskLocale, name: string): FieldText {
  return DESK_LABELS[locale].positionals[name] ?? { label: humanise(name) };
}

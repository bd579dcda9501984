/**
 * Letters and mails from Handlebars templates, compiled once per worker. Every locale has its own Handlebars
 * environment: `templates/<locale>/<process>/<letter>.hbs` for each process's letters (the letter kind without its
 * `<process>-` prefix: `access-response` is `access/response.hbs`) with their `titles.json` and the process's
 * `next-steps.json`; `case/` for what every process shares (a letter a process does not have itself, the next
 * steps every case knows); `partials/` for the shared blocks (letterhead, addressee, reference line, signature,
 * complaint footer) and `mail/` for plain-text mails. All data is escaped: templates use `{{…}}` for everything
 * except the layout's own CSS.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import { amsterdamDate } from '../lib/calendar';
import { formatDuration, type Duration } from '../lib/durations';
import type { NextStep } from '../workflows/case/messages';

export const LOCALES = ['nl', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const templatesDir = import.meta.dirname;

const MONTHS: Record<Locale, string[]> = {
  nl: 'januari februari maart april mei juni juli augustus september oktober november december'.split(' '),
  en: 'January February March April May June July August September October November December'.split(' '),
};

/** "23 november 2026" from 2026-11-23: legal dates are calendar dates in Amsterdam, already computed. */
export function formatLongDate(date: string, locale: Locale): string {
  const [year, month, day] = date.split('-').map(Number);
  return `${day} ${MONTHS[locale][month! - 1]} ${year}`;
}

export interface Rendered {
  title: string;
  /** One `<article class="letter">`: letters are printed several to a document (see activities/pdf.ts). */
  body: string;
}

/** A next step in words, with its command. */
export interface NextStepText {
  text: string;
  command?: string;
}

/** Folders of a locale that hold letters: `case/` and one per process. */
const SHARED = ['mail', 'partials'];
const letterFolders = (locale: Locale) =>
  readdirSync(join(templatesDir, locale), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !SHARED.includes(entry.name))
    .map((entry) => entry.name);

const readJson = (path: string): Record<string, string> =>
  existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>) : {};

/** Every folder's next steps, one set per locale: codes are unique across processes. */
const nextSteps = Object.fromEntries(
  LOCALES.map((locale) => [
    locale,
    Object.assign(
      {},
      ...letterFolders(locale).map((folder) =>
        readJson(join(templatesDir, locale, folder, 'next-steps.json')),
      ),
    ) as Record<string, string>,
  ]),
) as Record<Locale, Record<string, string>>;

/** Where a letter kind's template lives: `[folder, name]`, the process's own first, then `case/`. */
function letterPath(process: string, kind: string): [string, string][] {
  const name = kind.startsWith(`${process}-`) ? kind.slice(process.length + 1) : kind;
  return [
    [process, name],
    ['case', kind],
  ];
}

/** The officer's next step in `locale` (the CLI's English, the mails' policy language). */
export function describeNextStep(next: NextStep, locale: Locale): NextStepText {
  const words = nextSteps[locale][next.step] ?? nextSteps[locale].open!;
  const date = next.date ? formatLongDate(amsterdamDate(new Date(next.date)), locale) : '…';
  return { text: words.replace('{date}', date), command: next.command };
}

export interface Templates {
  letter(process: string, kind: string, locale: Locale, context: Record<string, unknown>): Rendered;
  /** The HTML document around one or more letter bodies: stylesheet, embedded fonts, a policy that allows nothing else. */
  document: (bodies: string[]) => string;
  mail(name: string, locale: Locale, context: Record<string, unknown>): { subject: string; text: string };
  title(process: string, kind: string, locale: Locale): string;
  nextStep: typeof describeNextStep;
}

/** Source Sans 3 from npm, inlined: the PDF looks the same on every machine and no font is fetched. */
function fontCss(): string {
  const require = createRequire(import.meta.url);
  return [400, 600, 700]
    .map((weight) => {
      const file = require.resolve(
        `@fontsource/source-sans-3/files/source-sans-3-latin-${weight}-normal.woff2`,
      );
      const data = readFileSync(file).toString('base64');
      return `@font-face{font-family:'Source Sans 3';font-weight:${weight};src:url(data:font/woff2;base64,${data}) format('woff2');}`;
    })
    .join('\n');
}

function environment(locale: Locale, layout: string) {
  const hbs = Handlebars.create();
  hbs.registerHelper('date', (date: string) => formatLongDate(date, locale));
  hbs.registerHelper('duration', (duration: Duration) => formatDuration(duration, locale));
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('lines', (text: string | undefined) => (text ?? '').split(/\r?\n/).filter(Boolean));
  // The officer's words inside a sentence the letter closes itself: without their own closing full stop.
  hbs.registerHelper('clause', (text: string) => text.trim().replace(/[.;:]+$/, ''));
  hbs.registerPartial('layout', layout);
  const dir = join(templatesDir, locale);
  for (const file of readdirSync(join(dir, 'partials'))) {
    hbs.registerPartial(basename(file, '.hbs'), readFileSync(join(dir, 'partials', file), 'utf8'));
  }
  const compileDir = (sub: string, options: CompileOptions) =>
    new Map(
      readdirSync(join(dir, sub))
        .filter((file) => file.endsWith('.hbs'))
        .map((file) => [
          basename(file, '.hbs'),
          hbs.compile(readFileSync(join(dir, sub, file), 'utf8'), options),
        ]),
    );
  const folders = letterFolders(locale);
  return {
    letters: new Map(folders.map((folder) => [folder, compileDir(folder, {})])),
    titles: new Map(folders.map((folder) => [folder, readJson(join(dir, folder, 'titles.json'))])),
    // Plain text: nothing to escape, and an e-mail client would show "&amp;" literally.
    mails: compileDir('mail', { noEscape: true }),
  };
}
type CompileOptions = Parameters<typeof Handlebars.compile>[1];

export function createTemplates(): Templates {
  const layout = readFileSync(join(templatesDir, 'layout.hbs'), 'utf8');
  const head = [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'">`,
    `<style>${fontCss()}\n${readFileSync(join(templatesDir, 'letter.css'), 'utf8')}</style></head><body>`,
  ].join('');
  const locales = Object.fromEntries(LOCALES.map((locale) => [locale, environment(locale, layout)]));
  const find = <T>(map: Map<string, T>, name: string, what: string, locale: Locale): T => {
    const found = map.get(name);
    if (!found) throw new Error(`No ${what} template '${name}' for locale ${locale}`);
    return found;
  };
  /**
   * The letter's template and title, from the first folder that has the template. A shared letter names the
   * request as its process does (`request` in the process's `titles.json`): `{request}` in its title.
   */
  const letter = (process: string, kind: string, locale: Locale) => {
    const { letters, titles } = locales[locale]!;
    const requestName = titles.get(process)?.request ?? '';
    const capitalised = requestName.charAt(0).toUpperCase() + requestName.slice(1);
    for (const [folder, name] of letterPath(process, kind)) {
      const render = letters.get(folder)?.get(name);
      if (!render) continue;
      const title = titles
        .get(folder)
        ?.[name]?.replace('{request}', requestName)
        .replace('{Request}', capitalised);
      if (!title)
        throw new Error(`No title for letter '${name}' in templates/${locale}/${folder}/titles.json`);
      return { render, title, requestName };
    }
    throw new Error(`No letter template '${kind}' for ${process} in locale ${locale}`);
  };
  return {
    title: (process, kind, locale) => letter(process, kind, locale).title,
    nextStep: describeNextStep,
    letter(process, kind, locale, context) {
      const { render, title, requestName } = letter(process, kind, locale);
      return { title, body: render({ ...context, title, requestName }) };
    },
    document: (bodies) => `${head}${bodies.join('\n')}</body></html>`,
    mail(name, locale, context) {
      const [subject, ...body] = find(locales[locale]!.mails, name, 'mail', locale)(context).split('\n');
      return { subject: subject!.trim(), text: body.join('\n').trim() + '\n' };
    },
  };
}

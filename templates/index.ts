/**
 * Letters and mails from Handlebars templates, compiled once per worker. Every locale has its own Handlebars
 * environment: `templates/<locale>/<kind>.hbs` for letters, `partials/` for the shared blocks (letterhead,
 * addressee, reference line, signature, complaint footer), `mail/` for plain-text mails and `titles.json` for
 * the subject lines. All data is escaped: templates use `{{…}}` for everything except the layout's own CSS.
 */
import { readdirSync, readFileSync } from 'node:fs';
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

const nextSteps = Object.fromEntries(
  LOCALES.map((locale) => [
    locale,
    JSON.parse(readFileSync(join(templatesDir, locale, 'next-steps.json'), 'utf8')) as Record<string, string>,
  ]),
) as Record<Locale, Record<string, string>>;

/** The officer's next step in `locale` (the CLI's English, the mails' policy language). */
export function describeNextStep(next: NextStep, locale: Locale): NextStepText {
  const words = nextSteps[locale][next.step] ?? nextSteps[locale].open!;
  const date = next.date ? formatLongDate(amsterdamDate(new Date(next.date)), locale) : '…';
  return { text: words.replace('{date}', date), command: next.command };
}

export interface Templates {
  letter(kind: string, locale: Locale, context: Record<string, unknown>): Rendered;
  /** The HTML document around one or more letter bodies: stylesheet, embedded fonts, a policy that allows nothing else. */
  document: (bodies: string[]) => string;
  mail(name: string, locale: Locale, context: Record<string, unknown>): { subject: string; text: string };
  title(kind: string, locale: Locale): string;
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
  return {
    letters: compileDir('.', {}),
    // Plain text: nothing to escape, and an e-mail client would show "&amp;" literally.
    mails: compileDir('mail', { noEscape: true }),
    titles: JSON.parse(readFileSync(join(dir, 'titles.json'), 'utf8')) as Record<string, string>,
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
  const title = (kind: string, locale: Locale) => {
    const found = locales[locale]!.titles[kind];
    if (!found) throw new Error(`No title for letter '${kind}' in templates/${locale}/titles.json`);
    return found;
  };
  return {
    title,
    nextStep: describeNextStep,
    letter(kind, locale, context) {
      const render = find(locales[locale]!.letters, kind, 'letter', locale);
      return { title: title(kind, locale), body: render({ ...context, title: title(kind, locale) }) };
    },
    document: (bodies) => `${head}${bodies.join('\n')}</body></html>`,
    mail(name, locale, context) {
      const [subject, ...body] = find(locales[locale]!.mails, name, 'mail', locale)(context).split('\n');
      return { subject: subject!.trim(), text: body.join('\n').trim() + '\n' };
    },
  };
}

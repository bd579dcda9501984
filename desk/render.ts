/**
 * The desk's pages: Handlebars views in `views/`, each rendered inside the layout. Every value is escaped by
 * Handlebars (`{{…}}`); the layout takes the page's own rendered HTML as `body`, never data.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import { fieldLabel, fields, HIDDEN_FIELDS } from '../cli/case-view';
import { daysLeft, formatDate, formatMoment } from '../cli/output';
import { amsterdamDate } from '../lib/calendar';
import { translate, type DeskLocale } from './i18n';

const handlebars = Handlebars.create();
const VIEWS = join(import.meta.dirname, 'views');

const views = new Map(
  readdirSync(VIEWS)
    .filter((file) => file.endsWith('.hbs'))
    .map((file) => [
      basename(file, '.hbs'),
      handlebars.compile(readFileSync(join(VIEWS, file), 'utf8'), { strict: false }),
    ]),
);

/** Days left in words: "nog 3 dagen", "2 day(s) overdue". */
export function daysText(locale: DeskLocale, dueAt: Date, now: Date): string {
  const days = daysLeft(dueAt, now);
  if (dueAt.getTime() < now.getTime())
    return translate(locale, 'days.overdue', { days: Math.max(-days, 0) || 1 });
  if (days === 0) return translate(locale, 'days.today');
  return translate(locale, days === 1 ? 'days.one' : 'days.many', { days });
}

handlebars.registerHelper('t', function (this: unknown, key: string, options: Handlebars.HelperOptions) {
  const { root } = options.data as { root: { locale: DeskLocale } };
  return translate(root.locale, key, options.hash as Record<string, string | number>);
});
handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
handlebars.registerHelper('concat', (...parts: unknown[]) => parts.slice(0, -1).join(''));
handlebars.registerHelper('date', (value: string | Date | undefined) =>
  value ? formatDate(amsterdamDate(new Date(value))) : '',
);
handlebars.registerHelper('moment', (value: string | Date | undefined) =>
  value ? formatMoment(new Date(value)) : '',
);
handlebars.registerHelper('iso', (value: string | Date | undefined) =>
  value ? new Date(value).toISOString() : '',
);

export interface PageFrame {
  locale: DeskLocale;
  title: string;
  user?: { name: string; role: string; username: string };
  csrf?: string;
  /** The menu entries this user may open. */
  nav?: { href: string; label: string; current: boolean }[];
  flash?: string;
  /** The same page in the other language. */
  switchHref?: string;
}

export function render(view: string, frame: PageFrame, data: Record<string, unknown> = {}): string {
  const template = views.get(view);
  if (!template) throw new Error(`no desk view ${view}`);
  const context = { ...frame, ...data };
  return views.get('layout')!({ ...context, body: new Handlebars.SafeString(template(context)) });
}

/** A decision's or record's fields as label and value, as the CLI writes them; what the CLI hides, hidden. */
export function fieldList(values: Record<string, unknown>): { label: string; value: string }[] {
  return Object.entries(values)
    .filter(([key, value]) => value !== undefined && value !== null && !HIDDEN_FIELDS.includes(key))
    .map(([key, value]) => {
      // Written as the CLI writes it: a value on its line, or a nested one's lines below its label.
      const label = fieldLabel(key);
      const [first = '', ...nested] = fields({ [key]: value }, '');
      const below = nested.map((line) => line.slice(2)).join('\n');
      return { label, value: nested.length > 0 ? below : first.slice(label.length + 2) };
    });
}

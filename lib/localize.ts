/**
 * Policy texts in a letter's language. A policy writes a text that letters print either as one string for both
 * languages or as `{ "nl": …, "en": … }` (the register of processing activities); a retention category or a
 * recurring duty has its Dutch `label` with an optional English `labelEn` beside it. Where the English is missing
 * the Dutch stands (`policy check` notes it). Pure: the workflow bundle reads the register through it.
 */
type Locale = 'nl' | 'en';

/** One string for both languages, or one per language. */
export type Localized = string | { nl: string; en: string };

/** A Dutch label and its optional English beside it. */
export interface Labelled {
  label: string;
  labelEn?: string;
}

/** A policy text in `locale`: the one helper every letter, mail and export uses. */
export function localize(value: Localized | Labelled, locale: Locale): string {
  if (typeof value === 'string') return value;
  if ('label' in value) return locale === 'en' ? (value.labelEn ?? value.label) : value.label;
  return value[locale];
}

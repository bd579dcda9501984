import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTemplates, formatLongDate, LOCALES } from '../../templates';

const templates = createTemplates();
const mailNames = readdirSync(join(import.meta.dirname, '../../templates/nl/mail')).map((f) =>
  f.replace('.hbs', ''),
);

describe('templates', () => {
  it('writes long dates in Dutch and English', () => {
    expect(formatLongDate('2026-03-01', 'nl')).toBe('1 maart 2026');
    expect(formatLongDate('2026-12-21', 'en')).toBe('21 December 2026');
  });

  it.each(LOCALES)('gives every %s mail a one-line subject with the case reference and a body', (locale) => {
    expect(mailNames.sort()).toEqual(['escalation', 'letter', 'password', 'post', 'reminder']);
    for (const name of mailNames) {
      const { subject, text } = templates.mail(name, locale, {
        reference: 'INZ-2026-0042',
        title: 'Titel',
        processName: 'inzageverzoek',
        dueDate: '2026-12-21',
        daysOverdue: 1,
        nextStep: 'beslissen',
        kind: 'acknowledgement',
        encrypted: true,
        organisation: { name: 'Org', fg: { name: 'FG', email: 'fg@example.nl' } },
      });
      expect(subject, name).toContain('INZ-2026-0042');
      expect(subject, name).not.toContain('\n');
      expect(text.split('\n').length, name).toBeGreaterThan(2);
      expect(text, name).toContain('INZ-2026-0042');
    }
  });

  it('has the same letters, each with a title, in every locale', () => {
    const letters = (locale: string) =>
      readdirSync(join(import.meta.dirname, '../../templates', locale)).filter((f) => f.endsWith('.hbs'));
    expect(letters('en')).toEqual(letters('nl'));
    for (const locale of LOCALES) {
      for (const file of letters(locale))
        expect(templates.title(file.replace('.hbs', ''), locale)).not.toBe('');
    }
  });
});

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTemplates, describeNextStep, formatLongDate, LOCALES } from '../../templates';

const templates = createTemplates();
/** The folders of letters: `case/` and one per process. */
const folders = (locale: string) =>
  readdirSync(join(import.meta.dirname, '../../templates', locale), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !['mail', 'partials'].includes(entry.name))
    .map((entry) => entry.name);
const allMailNames = readdirSync(join(import.meta.dirname, '../../templates/nl/mail')).map((f) =>
  f.replace('.hbs', ''),
);
/** A recurring duty's mails are about the organisation, not a case (SPEC process 8). */
const dutyMailNames = allMailNames.filter((name) => name.startsWith('duty'));
const mailNames = allMailNames.filter((name) => !name.startsWith('duty'));

describe('templates', () => {
  it('writes long dates in Dutch and English', () => {
    expect(formatLongDate('2026-03-01', 'nl')).toBe('1 maart 2026');
    expect(formatLongDate('2026-12-21', 'en')).toBe('21 December 2026');
  });

  it.each(LOCALES)('gives every %s mail a one-line subject with the case reference and a body', (locale) => {
    expect(mailNames.sort()).toEqual([
      'breach-post',
      'breach-undeliverable',
      'escalation',
      'failed',
      'letter',
      'password',
      'post',
      'reminder',
      'task',
      'task-overdue',
      'task-reminder',
      'transfer-post',
      'transfer-undeliverable',
      'undeliverable',
    ]);
    for (const name of mailNames) {
      const { subject, text } = templates.mail(name, locale, {
        reference: 'INZ-2026-0042',
        title: 'Titel',
        processName: 'inzageverzoek',
        dueDate: '2026-12-21',
        daysOverdue: 1,
        next: { text: 'beslissen', command: 'privacyloket decide INZ-2026-0042' },
        workflowStatus: 'FAILED',
        task: { number: 1, action: 'erase category care-data' },
        tasks: [1],
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

  it.each(LOCALES)(
    'gives every %s mail of a recurring duty a one-line subject and the command that confirms it',
    (locale) => {
      expect(dutyMailNames.sort()).toEqual(['duty', 'duty-escalation', 'duty-reminder']);
      for (const name of dutyMailNames) {
        const { subject, text } = templates.mail(name, locale, {
          policy: 'werk-op-maat',
          duty: 'password-change',
          label: 'Wachtwoorden wijzigen',
          every: { months: 6 },
          source: 'Wachtwoorden worden minimaal 1 x per 6 maanden gewijzigd.',
          dueDate: '2026-09-16',
          daysOverdue: 1,
          organisation: {
            name: 'Org',
            fg: { title: 'FG', email: 'fg@example.nl' },
            management: { name: 'RvB' },
          },
        });
        expect(subject, name).toContain('Wachtwoorden wijzigen');
        expect(subject, name).not.toContain('\n');
        expect(text, name).toContain('privacyloket duty done werk-op-maat/password-change');
        expect(text, name).toContain(locale === 'nl' ? '16 september 2026' : '16 September 2026');
      }
    },
  );

  it('words every next step of a case in every locale', () => {
    const steps = (locale: string) =>
      folders(locale).flatMap((folder) => {
        const file = join(import.meta.dirname, '../../templates', locale, folder, 'next-steps.json');
        return existsSync(file) ? Object.keys(JSON.parse(readFileSync(file, 'utf8')) as object) : [];
      });
    expect(steps('en')).toEqual(steps('nl'));
    expect(new Set(steps('nl')).size).toBe(steps('nl').length);
    expect(
      describeNextStep({ step: 'await-identity-information', date: '2026-12-18T22:59:59.999Z' }, 'nl').text,
    ).toBe(
      'wacht op de gevraagde gegevens van de verzoeker (uiterlijk 18 december 2026) en stel daarna de identiteit vast',
    );
  });

  it('has the same letters, each with a title, in every locale', () => {
    const letters = (locale: string) =>
      folders(locale).flatMap((folder) =>
        readdirSync(join(import.meta.dirname, '../../templates', locale, folder))
          .filter((f) => f.endsWith('.hbs'))
          .map((f) => [folder, f.replace('.hbs', '')] as const),
      );
    expect(letters('en')).toEqual(letters('nl'));
    expect(letters('nl')).toContainEqual(['access', 'response']);
    for (const locale of LOCALES) {
      for (const [folder, name] of letters(locale))
        expect(
          templates.title(folder === 'case' ? 'access' : folder, name, locale),
          `${folder}/${name}`,
        ).toMatch(/^[^{}]+$/);
    }
  });
});

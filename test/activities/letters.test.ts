import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities, openActivityDeps, type ActivityDeps } from '../../activities';
import { createPdfPrinter, encryptPdf, launchChromium } from '../../activities/pdf';
import { policiesDir } from '../../policies/load';
import type { Db } from '../../db';
import type { AuditEventRow } from '../../db/audit';
import { listLetters, type LetterRow } from '../../db/letters';
import type { LetterKind } from '../../policies/schema';
import { registerAccessCase } from '../helpers/cases';
import { DATABASE_KINDS, testDb } from '../helpers/db';
import { tempDir, testConfig } from '../helpers/env';
import { readPages, readPdf } from '../helpers/pdf';
import { parseMail, startSmtpServer } from '../helpers/smtp';

// One Chromium for the file, as a worker has; each test brings its own database and mail server.
let deps: (ActivityDeps & { close(): Promise<void> }) | undefined;
beforeAll(() => {
  deps = openActivityDeps(testConfig(), undefined as unknown as Db);
});
afterAll(async () => deps?.close());

async function activitiesFor(db: Db, smtpUrl?: string) {
  const config = testConfig(smtpUrl ? { SMTP_URL: smtpUrl } : {});
  const own = openActivityDeps(config, db);
  // Share the one browser; the mailer and database are this test's own.
  await own.printer.close();
  return { activities: createActivities({ ...own, printer: deps!.printer }), config };
}

// Received Friday 20 November 2026, 10:00 in Amsterdam.
const RECEIVED = new Date('2026-11-20T10:00:00+01:00');

describe('letters', () => {
  it.each([
    // 1 month: Sunday 20 December, so the next working day (art. 3(4) Regulation 1182/71).
    ['gdpr-default', '21 december 2026', undefined],
    ['werk-op-maat', '4 december 2026', 'encrypted'], // 2 weeks; its policy encrypts every letter
    ['de-buurderij', '18 december 2026', undefined], // 4 weeks
  ])('the %s acknowledgement states the due date %s', async (policyId, dueDate, encrypted) => {
    const db = await testDb();
    const { activities } = await activitiesFor(db);
    const { reference } = await registerAccessCase(db, { policyId, receivedAt: RECEIVED });
    const letter = await activities.produceLetter({
      reference,
      kind: 'acknowledgement',
      key: `${reference}/ack/1`,
    });
    const [row] = await listLetters(db, 1);
    const stored = await db<LetterRow>('letters').where({ id: letter.letterId }).first();
    if (encrypted) {
      expect(row!.password).toMatch(/^([a-z2-9]{4}-){4}[a-z2-9]{4}$/);
      await expect(readPdf(stored!.pdf)).rejects.toThrow(/password/i);
    } else expect(row!.password).toBeNull();
    const pdf = await readPdf(stored!.pdf, row!.password ?? undefined);
    expect(pdf.text).toContain(`uiterlijk op ${dueDate}`);
    expect(pdf.text).toContain(reference);
    expect(pdf.text).toContain('Jan de Vries');
    expect(pdf.text).toContain('20 november 2026');
    expect(pdf.pages).toBe(1);
    expect(pdf.info.Title).toBe(`Ontvangstbevestiging van uw verzoek om inzage (${reference})`);
    expect(pdf.info.Subject).toContain(reference);
    expect(pdf.info.Author).toMatch(/^(Stichting|De Buurderij|Voorbeeld|.+)/);
    // Its hash is in the audit trail.
    const events = await db<AuditEventRow>('audit_events').where({ type: 'letter.rendered' });
    expect(JSON.parse(events[0]!.data)).toMatchObject({ sha256: letter.sha256, kind: 'acknowledgement' });
  });

  it('prints data literally: markup and template syntax in a name are text, not code', async () => {
    const db = await testDb();
    const { activities } = await activitiesFor(db);
    const name = '<b>Vet</b> {{x}} & <script>alert(1)</script>';
    const { reference } = await registerAccessCase(db, {
      receivedAt: RECEIVED,
      subject: { name, email: 'v@example.nl' },
    });
    const { letterId } = await activities.produceLetter({ reference, kind: 'acknowledgement', key: 'k' });
    const pdf = await readPdf((await db<LetterRow>('letters').where({ id: letterId }).first())!.pdf);
    expect(pdf.text).toContain('<b>Vet</b> {{x}} & <script>alert(1)</script>');
  });

  it('writes English letters for an English case', async () => {
    const db = await testDb();
    const { activities } = await activitiesFor(db);
    const { reference } = await registerAccessCase(db, { receivedAt: RECEIVED, locale: 'en' });
    const { letterId } = await activities.produceLetter({ reference, kind: 'acknowledgement', key: 'k' });
    const pdf = await readPdf((await db<LetterRow>('letters').where({ id: letterId }).first())!.pdf);
    expect(pdf.text).toContain('no later than 21 December 2026');
    expect(pdf.info.Title).toBe(`Acknowledgement of your request for access (${reference})`);
  });

  it.each(DATABASE_KINDS)('renders the same key once, and mails it once (%s)', async (kind) => {
    const db = await testDb(kind);
    const smtp = await startSmtpServer();
    const { activities } = await activitiesFor(db, smtp.url);
    const { reference } = await registerAccessCase(db, { receivedAt: RECEIVED });
    const first = await activities.produceLetter({ reference, kind: 'acknowledgement', key: 'k' });
    const second = await activities.produceLetter({ reference, kind: 'acknowledgement', key: 'k' });
    expect(second).toEqual(first);
    await activities.deliverLetter({ letterId: first.letterId, key: 'k' });
    await activities.deliverLetter({ letterId: first.letterId, key: 'k' });
    const delivered = await db<AuditEventRow>('audit_events').where({ type: 'letter.delivered' });
    expect(delivered).toHaveLength(1);
    const [message] = await smtp.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.messages).toHaveLength(1);
    const mail = await parseMail(message!.raw);
    expect(mail.subject).toBe(`Ontvangstbevestiging van uw verzoek om inzage (${reference})`);
    expect(mail.to).toBe('jan@example.nl');
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]!.contentType).toBe('application/pdf');
    expect((await readPdf(mail.attachments[0]!.content)).text).toContain('uiterlijk op 21 december 2026');
  });

  it('sends an encrypted letter to the subject and tells the officer, without the password or a name', async () => {
    const db = await testDb();
    const smtp = await startSmtpServer();
    const { activities } = await activitiesFor(db, smtp.url);
    const { reference } = await registerAccessCase(db, { policyId: 'werk-op-maat', receivedAt: RECEIVED });
    const letter = await activities.produceLetter({ reference, kind: 'acknowledgement', key: 'k' });
    await activities.deliverLetter({ letterId: letter.letterId, key: 'k' });
    const messages = await Promise.all((await smtp.waitFor(2)).map((m) => parseMail(m.raw)));
    const toSubject = messages.find((m) => m.to === 'jan@example.nl')!;
    const toOfficer = messages.find((m) => m.to === 'fg@werkopmaat.example')!;
    const { password } = (await db<LetterRow>('letters').where({ id: letter.letterId }).first())!;
    expect(toSubject.text).toContain('wachtwoord');
    expect(toSubject.text).not.toContain(password);
    await expect(readPdf(toSubject.attachments[0]!.content)).rejects.toThrow(/password/i);
    expect(toOfficer.subject).toContain(reference);
    for (const text of [toOfficer.subject, toOfficer.text]) {
      expect(text).not.toContain('Jan');
      expect(text).not.toContain(password);
    }
    expect(toOfficer.attachments).toHaveLength(0);
  });

  it('queues a letter the policy sends by post for the officer, and mails the subject nothing', async () => {
    const db = await testDb();
    const smtp = await startSmtpServer();
    const { activities } = await activitiesFor(db, smtp.url);
    const { reference } = await registerAccessCase(db, { policyId: 'werk-op-maat', receivedAt: RECEIVED });
    const details = { decision: { outcome: 'no-data' } };
    const letter = await activities.produceLetter({ reference, kind: 'access-response', key: 'k', details });
    expect(letter.delivery).toBe('post');
    await activities.deliverLetter({ letterId: letter.letterId, key: 'k' });
    const [message] = await smtp.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.messages).toHaveLength(1);
    const notice = await parseMail(message!.raw);
    expect(notice.to).toBe('fg@werkopmaat.example');
    expect(notice.subject).toBe(
      `Brief klaar voor verzending per post: ${reference} (Antwoord op uw verzoek om inzage)`,
    );
    expect(notice.text).toContain(`privacyloket letter ${reference} access-response --out brief.pdf`);
    expect(notice.text).not.toContain('Jan');
    expect(notice.attachments).toHaveLength(0);
  });

  it('encrypts with any password, one beginning with a dash included, that qpdf could mistake for an option', async () => {
    const config = testConfig();
    const pdf = await deps!.printer.print('<p>Versleuteld.</p>', { title: 't', author: 'a', subject: 's' });
    for (const password of ['-abc-def', '--encrypt', '-']) {
      const encrypted = await encryptPdf(config.qpdfPath, join(config.tmpDir, '1'), pdf, password);
      await expect(readPdf(encrypted)).rejects.toThrow(/password/i);
      expect((await readPdf(encrypted, password)).text).toContain('Versleuteld.');
    }
    expect(readdirSync(join(config.tmpDir, '1'))).toEqual([]); // the working files are gone
  });

  it('signs in the letter language, names the officer as the policy does, and never signs twice', async () => {
    const db = await testDb();
    const { activities } = await activitiesFor(db);
    const text = async (policyId: string, locale: 'nl' | 'en') => {
      const { reference } = await registerAccessCase(db, { policyId, receivedAt: RECEIVED, locale });
      const { letterId } = await activities.produceLetter({
        reference,
        kind: 'acknowledgement',
        key: reference,
      });
      const row = (await db<LetterRow>('letters').where({ id: letterId }).first())!;
      return (await readPdf(row.pdf, row.password ?? undefined)).text;
    };
    const buurderij = await text('de-buurderij', 'nl');
    expect(buurderij).toContain('Geachte Jan de Vries,');
    expect(buurderij).toContain('contact op met onze Functionaris Gegevensbeheer via marc@debuurderij.nl');
    expect(buurderij).toContain('Marc Bralts Functionaris Gegevensbeheer De Buurderij');
    expect(buurderij).toContain(
      'de termijn volgens ons privacyreglement, 4 weken na ontvangst (Privacyreglement De Buurderij)',
    );
    const english = await text('de-buurderij', 'en');
    expect(english).toContain('Dear Jan de Vries,');
    expect(english).toContain('Marc Bralts Data management officer De Buurderij');
    expect(english).toContain('(Privacy regulation of De Buurderij)');
    expect(english).toContain('Balloo location: 0592-860444');
    expect(english).not.toMatch(/Privacyreglement|Gegevensbeheer|locatie|aanmeldnummer/);
    // A policy without the officer's own name signs once with the function, in the letter's language.
    const unnamed = await text('gdpr-default', 'en');
    expect(unnamed).toContain('Yours sincerely, Data protection officer Voorbeeldorganisatie');
    expect(unnamed).not.toContain('Functionaris');
    expect(await text('gdpr-default', 'nl')).toContain(
      'de wettelijke termijn van 1 maand na ontvangst (AVG artikel 12 lid 3)',
    );
  });

  it('keeps the signature with the text before it: it never stands alone on a page', async () => {
    const db = await testDb();
    const { activities } = await activitiesFor(db);
    const { reference } = await registerAccessCase(db, { receivedAt: RECEIVED });
    const elements = {
      purposes: ['zorgverlening', 'facturatie'],
      categories: ['naam en adres', 'zorgplan'],
      recipients: ['zorgverzekeraar'],
      retention: '20 jaar na de laatste wijziging',
      source: 'uw huisarts',
    };
    const letter = await activities.produceLetter({
      reference,
      kind: 'access-response',
      key: 'k',
      details: { decision: { outcome: 'full', elements } },
    });
    const row = (await db<LetterRow>('letters').where({ id: letter.letterId }).first())!;
    const pages = await readPages(row.pdf, row.password!);
    const signing = pages.findIndex((page) => page.includes('Met vriendelijke groet'));
    expect(pages[signing]!.trimStart().startsWith('Met vriendelijke groet')).toBe(false);
  });

  it.each(['gdpr-default', 'werk-op-maat', 'de-buurderij'])(
    "shows the %s logo whole: its name is not cut off at the logo's edge",
    async (policyId) => {
      const svg = readFileSync(join(policiesDir, policyId, 'logo.svg'), 'utf8');
      const config = testConfig();
      const browser = await launchChromium(config.chromiumPath, tempDir());
      try {
        const page = await browser.newPage();
        await page.setContent(svg);
        // Measured as Chromium lays it out, in the fonts the letters use.
        const { right, width } = (await page.evaluate(`(() => {
          const root = document.querySelector('svg');
          const text = root.querySelector('text').getBBox();
          return { right: text.x + text.width, width: root.viewBox.baseVal.width };
        })()`)) as { right: number; width: number };
        expect(right).toBeLessThanOrEqual(width);
      } finally {
        await browser.close();
      }
    },
  );

  it('refuses every network request a letter makes', async () => {
    let requests = 0;
    const server = createServer((_, response) => {
      requests++;
      response.end('x');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // A printer of its own: pages reuse their document, and a letter's Content-Security-Policy would block these first.
    const config = testConfig();
    const printer = createPdfPrinter({
      chromiumPath: config.chromiumPath,
      profilesDir: config.chromiumDir,
      document: (bodies) =>
        `<html><head><link rel="stylesheet" href="${url}/style.css"></head><body>${bodies.join('')}</body></html>`,
    });
    try {
      const pdf = await printer.print(
        `<img src="${url}/logo.png"><img src="https://fonts.example.org/logo.png"><p>Hallo</p>`,
        { title: 't', author: 'a', subject: 's' },
      );
      expect((await readPdf(pdf)).text).toContain('Hallo');
      expect(requests).toBe(0);
      // Chromium itself keeps pages off loopback; every other address is refused by the page's interception.
      expect(printer.blockedRequests).toContain('https://fonts.example.org/logo.png');
    } finally {
      server.close();
      await printer.close();
    }
  });

  it('splits letters printed together back into one PDF each, however many pages each has', async () => {
    const long = Array.from({ length: 120 }, (_, i) => `<p>Regel ${i} van de lange brief.</p>`).join('');
    const bodies = ['<p>Eerste brief.</p>', `<p>Tweede brief.</p>${long}`, '<p>Derde brief.</p>'];
    const pdfs = await Promise.all(
      bodies.map((body, i) =>
        deps!.printer.print(body, { title: `Brief ${i}`, author: 'Org', subject: `S${i}` }),
      ),
    );
    const read = await Promise.all(pdfs.map((pdf) => readPdf(pdf)));
    expect(read.map((pdf) => pdf.info.Title)).toEqual(['Brief 0', 'Brief 1', 'Brief 2']);
    expect(read[0]!.pages).toBe(1);
    expect(read[1]!.pages).toBeGreaterThan(1);
    expect(read[2]!.pages).toBe(1);
    expect(read[0]!.text).toContain('Eerste brief.');
    expect(read[1]!.text).toContain('Regel 119 van de lange brief.');
    expect(read[2]!.text).toContain('Derde brief.');
    expect(read[0]!.text + read[2]!.text).not.toContain('Tweede brief');
  });

  const ELEMENTS = {
    purposes: ['zorg'],
    categories: ['dossier'],
    recipients: [],
    retention: '20 jaar',
    source: 'uw huisarts',
  };
  it.each([
    [
      'nl',
      'identity-request',
      { identity: { missing: 'een kopie van uw paspoort' } },
      ['een kopie van uw paspoort', 'uiterlijk op 21 december 2026'],
    ],
    [
      'en',
      'identity-request',
      { identity: { missing: 'a copy of your passport' } },
      ['a copy of your passport', 'no later than 21 December 2026'],
    ],
    [
      'nl',
      'extension',
      { extension: { reasons: 'Veel dossiers.', by: { months: 2 }, previousDueDate: '2026-12-21' } },
      ['met 2 maanden', 'Veel dossiers.', 'Autoriteit Persoonsgegevens'],
    ],
    [
      'en',
      'extension',
      { extension: { reasons: 'Many files.', by: { months: 2 }, previousDueDate: '2026-12-21' } },
      ['by 2 months', 'Many files.', 'Dutch Data Protection Authority'],
    ],
    [
      'nl',
      'access-response',
      { decision: { outcome: 'no-data' } },
      ['geen persoonsgegevens', 'Postbus 93374'],
    ],
    [
      'en',
      'access-response',
      { decision: { outcome: 'refused', reasons: 'It would harm another person.' } },
      ['refuse your request', 'It would harm another person.', 'Postbus 93374'],
    ],
    [
      'en',
      'access-response',
      { decision: { outcome: 'full', elements: ELEMENTS } },
      [
        'grant your request in full',
        'a. Purposes: zorg',
        'we do not disclose your data to anyone',
        'This first copy is free of charge',
      ],
    ],
  ])('writes the %s %s letter', async (locale, kind, details, expected) => {
    const db = await testDb();
    const { activities } = await activitiesFor(db);
    const { reference } = await registerAccessCase(db, {
      receivedAt: RECEIVED,
      locale: locale as 'nl' | 'en',
    });
    const letter = await activities.produceLetter({ reference, kind: kind as LetterKind, key: 'k', details });
    const row = (await db<LetterRow>('letters').where({ id: letter.letterId }).first())!;
    const { text } = await readPdf(row.pdf, row.password ?? undefined);
    for (const part of [reference, ...expected]) expect(text).toContain(part);
    expect(text).not.toMatch(/\{\{|undefined|\[object Object\]/);
  });
});

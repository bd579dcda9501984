import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  createMailer,
  validateAddress,
  type MailConfig,
  type OutboxRow,
  type OutgoingMail,
} from '../../activities/mail';
import type { Db } from '../../db';
import { DATABASE_KINDS, testDb } from '../helpers/db';
import { tempDir } from '../helpers/env';
import { deadSmtpServer, startSmtpServer } from '../helpers/smtp';

const acknowledgement: OutgoingMail = {
  key: 'INZ-2026-0001/acknowledgement/mail',
  to: 'anneke@example.nl',
  from: { name: 'Zorg & Welzijn', address: 'info@zorg.example.nl' },
  replyTo: 'fg@zorg.example.nl',
  subject: 'Ontvangstbevestiging van uw verzoek INZ-2026-0001',
  text: 'Geachte mevrouw Jansen,\n\nWij hebben uw verzoek om inzage ontvangen.',
  attachments: [
    {
      filename: 'ontvangstbevestiging.pdf',
      content: Buffer.from('%PDF-1.4\n%%EOF\n'),
      contentType: 'application/pdf',
    },
  ],
};
const messageId = `<${createHash('sha256').update(acknowledgement.key).digest('hex').slice(0, 32)}@privacyloket>`;

/** A valid-looking address of `length` characters (at least 133). */
const addressOfLength = (length: number) =>
  `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(length - 132)}.nl`;

function mailConfig(smtpUrl?: string): MailConfig {
  const dir = tempDir();
  return { smtpUrl, envelopeFrom: undefined, outboxDir: join(dir, 'outbox'), tmpDir: join(dir, 'tmp', '1') };
}

function mailer(db: Db, config: MailConfig) {
  const mailer = createMailer(db, config);
  onTestFinished(() => mailer.close());
  return mailer;
}

describe.each(DATABASE_KINDS)('mail on %s', (kind) => {
  it('delivers one message with its PDF over SMTP and records it sent', async () => {
    const db = await testDb(kind);
    const server = await startSmtpServer();
    const result = await mailer(db, mailConfig(server.url)).send(acknowledgement);

    expect(result).toEqual({ status: 'sent', messageId });
    const [message] = await server.waitFor(1);
    // The organisation sends; replies reach its privacy officer.
    expect(message!.envelope).toEqual({ from: 'info@zorg.example.nl', to: ['anneke@example.nl'] });
    expect(message!.raw).toContain('From: "Zorg & Welzijn" <info@zorg.example.nl>');
    expect(message!.raw).toContain('Reply-To: fg@zorg.example.nl');
    expect(message!.raw).toContain(`Subject: ${acknowledgement.subject}`);
    expect(message!.raw).toContain(`Message-ID: ${messageId}`);
    expect(message!.raw).toContain('Content-Type: application/pdf');
    expect(message!.raw).toContain('ontvangstbevestiging.pdf');
    // The key names the case and the letter: it stays out of the headers.
    expect(message!.raw).not.toContain('acknowledgement/mail');
    const rows = await db<OutboxRow>('outbox').select();
    expect(rows).toMatchObject([
      {
        idempotency_key: acknowledgement.key,
        recipient: 'anneke@example.nl',
        subject_line: acknowledgement.subject,
        status: 'sent',
        attempts: 1,
        last_error: null,
      },
    ]);
    expect(rows[0]!.sent_at).toMatch(/^\d{4}-\d\d-\d\dT.{12}Z$/);
  });

  it('sends a key once, whether the second send comes after the first or beside it', async () => {
    const db = await testDb(kind);
    const server = await startSmtpServer();
    const smtp = mailer(db, mailConfig(server.url));

    expect((await smtp.send(acknowledgement)).status).toBe('sent');
    expect(await smtp.send(acknowledgement)).toEqual({ status: 'already-sent', messageId });
    const decision = { ...acknowledgement, key: 'INZ-2026-0001/decision/mail' };
    const statuses = (await Promise.all([smtp.send(decision), smtp.send(decision)])).map((r) => r.status);

    expect(statuses.sort()).toEqual(['already-sent', 'sent']);
    await server.waitFor(2);
    expect(server.messages).toHaveLength(2);
    expect(await db('outbox').orderBy('id').pluck('attempts')).toEqual([1, 1]);
  });

  it('writes an .eml file per key to the outbox folder when there is no SMTP server', async () => {
    const db = await testDb(kind);
    const config = mailConfig();
    const files = mailer(db, config);

    expect((await files.send(acknowledgement)).status).toBe('sent');
    expect((await files.send(acknowledgement)).status).toBe('already-sent');
    // A retry after a crash between writing and recording overwrites the same file.
    await db('outbox').update({ status: 'pending' });
    expect((await files.send(acknowledgement)).status).toBe('sent');

    // Only the finished file, private: its temporary name lived outside the outbox.
    expect(readdirSync(config.outboxDir)).toEqual(['INZ-2026-0001_acknowledgement_mail.eml']);
    expect(readdirSync(config.tmpDir)).toEqual([]);
    const file = join(config.outboxDir, 'INZ-2026-0001_acknowledgement_mail.eml');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(config.outboxDir).mode & 0o777).toBe(0o700);
    const eml = readFileSync(file, 'utf8');
    expect(eml).toContain(`Subject: ${acknowledgement.subject}`);
    expect(eml).toContain(`Message-ID: ${messageId}`);
    expect(eml).toContain('Content-Type: application/pdf');
    expect(eml).toContain('ontvangstbevestiging.pdf');
  });

  it.each([
    ['to', { to: 'anneke@example.nl\r\nBcc: x@example.nl' }],
    ['to', { to: 'anneke@example.nl, b@example.nl' }],
    ['to', { to: 'Anneke Jansen <anneke@example.nl>' }],
    ['to', { to: addressOfLength(255) }],
    ['subject', { subject: 'Ontvangstbevestiging\nBcc: x@example.nl' }],
    ['subject', { subject: ' ' }],
  ])('refuses a %s that could add headers or recipients: %j', async (field, change) => {
    const db = await testDb(kind);
    const config = mailConfig();

    await expect(mailer(db, config).send({ ...acknowledgement, ...change })).rejects.toMatchObject({
      code: 'invalid-input',
      field,
    });
    expect(await db('outbox').select()).toEqual([]);
    expect(readdirSync(join(config.outboxDir, '..'))).toEqual([]);
  });

  it('keeps a failed send pending with its error, and sends it once when the server is back', async () => {
    const db = await testDb(kind);
    const gone = await deadSmtpServer();

    const attempt = mailer(db, mailConfig(gone.url)).send(acknowledgement);
    await expect(attempt).rejects.toMatchObject({ name: 'MailError', permanent: false });
    await expect(attempt).rejects.toThrow(/^the mail server could not be reached/);
    const failed = await db<OutboxRow>('outbox').first();
    expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
    expect(failed!.last_error).toMatch(/^the mail server could not be reached/);

    const server = await startSmtpServer();
    const smtp = mailer(db, mailConfig(server.url));
    expect(await smtp.send(acknowledgement)).toEqual({ status: 'sent', messageId });
    expect((await smtp.send(acknowledgement)).status).toBe('already-sent');
    expect(server.messages).toHaveLength(1);
    expect(server.messages[0]!.raw).toContain(`Message-ID: ${messageId}`);
    expect(await db('outbox').first()).toMatchObject({ status: 'sent', attempts: 2 });
  });
});

describe.each(DATABASE_KINDS)('a refused mail on %s', (kind) => {
  it('is refused for good: not tried again, and no address in the error or the outbox', async () => {
    const db = await testDb(kind);
    const server = await startSmtpServer({ refuse: ['anneke@example.nl'] });
    const smtp = mailer(db, mailConfig(server.url));
    for (let attempt = 0; attempt < 2; attempt++) {
      const sent = smtp.send(acknowledgement);
      await expect(sent).rejects.toMatchObject({ name: 'MailError', permanent: true });
      await expect(sent).rejects.toThrow(/^the mail server answered 550 \(5\.1\.1\) to RCPT$/);
    }
    const row = await db<OutboxRow>('outbox').first();
    expect(row).toMatchObject({ status: 'failed', attempts: 1 }); // the second send did not try again
    expect(row!.last_error).not.toContain('anneke');
    expect(server.messages).toHaveLength(0);
  });
});

describe('validateAddress', () => {
  it('returns the address trimmed', () => {
    expect(validateAddress('to', '  anneke@example.nl ')).toBe('anneke@example.nl');
    expect(validateAddress('to', addressOfLength(254))).toHaveLength(254);
  });

  it('names the field in the error', () => {
    expect(() => validateAddress('--email', 'anneke')).toThrow(/^--email must be one plain e-mail address/);
  });
});

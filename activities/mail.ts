/**
 * Mail leaves through the outbox exactly once per idempotency key: a retried activity that finds its key sent
 * does not send again. Without SMTP_URL each message is written to the outbox folder as an .eml file instead.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { z } from 'zod';
import { timestamp, type Db } from '../db';
import { invalidInput } from '../lib/errors';

/** Config['mail']: SMTP when a URL is set, else .eml files in `outboxDir`. */
export interface MailConfig {
  smtpUrl: string | undefined;
  from: string;
  outboxDir: string;
}

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType?: string;
}

export interface OutgoingMail {
  /** Unique per message, references only: `INZ-2026-0001/acknowledgement/mail`. */
  key: string;
  caseId?: number | null;
  letterId?: number | null;
  /** Exactly one plain address. */
  to: string;
  /** One line. */
  subject: string;
  text: string;
  attachments?: MailAttachment[];
}

export interface SendResult {
  status: 'sent' | 'already-sent';
  messageId: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<SendResult>;
  close(): void;
}

export interface OutboxRow {
  id: number;
  idempotency_key: string;
  case_id: number | null;
  letter_id: number | null;
  recipient: string;
  subject_line: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  last_error: string | null;
  sent_at: string | null;
  created_at: string;
}

export function createMailer(db: Db, config: MailConfig): Mailer {
  const transport = config.smtpUrl
    ? nodemailer.createTransport(config.smtpUrl)
    : nodemailer.createTransport({ streamTransport: true, buffer: true });
  // Sends of one key within this process take turns, so two overlapping attempts cannot both find it pending.
  const inFlight = new Map<string, Promise<SendResult>>();

  async function deliver(mail: OutgoingMail, to: string, subject: string): Promise<SendResult> {
    const messageId = messageIdFor(mail.key);
    await db('outbox')
      .insert({
        idempotency_key: mail.key,
        case_id: mail.caseId ?? null,
        letter_id: mail.letterId ?? null,
        recipient: to,
        subject_line: subject,
        created_at: timestamp(new Date()),
      })
      .onConflict('idempotency_key')
      .ignore();
    const row = (await db<OutboxRow>('outbox').where({ idempotency_key: mail.key }).first())!;
    if (row.status === 'sent') return { status: 'already-sent', messageId };
    await db('outbox').where({ id: row.id }).increment('attempts', 1);
    try {
      const info = await transport.sendMail({
        messageId,
        from: config.from,
        to,
        subject,
        text: mail.text,
        attachments: mail.attachments,
      });
      if (!config.smtpUrl) await writeEml(config.outboxDir, mail.key, info.message as Buffer);
    } catch (error) {
      // Still pending: the activity's retry sends again, under the same Message-ID.
      await db('outbox')
        .where({ id: row.id })
        .update({ last_error: (error as Error).message });
      throw error;
    }
    await db('outbox')
      .where({ id: row.id })
      .update({ status: 'sent', sent_at: timestamp(new Date()) });
    return { status: 'sent', messageId };
  }

  return {
    async send(mail) {
      const to = validateAddress('to', mail.to);
      const subject = validateSubject(mail.subject);
      const previous = inFlight.get(mail.key);
      const current = (previous ?? Promise.resolve())
        .catch(() => undefined)
        .then(() => deliver(mail, to, subject));
      inFlight.set(mail.key, current);
      try {
        return await current;
      } finally {
        if (inFlight.get(mail.key) === current) inFlight.delete(mail.key);
      }
    },
    close() {
      transport.close();
    },
  };
}

const email = z.email();

/** Returns the trimmed address or throws invalidInput(field, '…') from lib/errors.ts. */
export function validateAddress(field: string, value: string): string {
  const address = value.trim();
  // A line break or a second address would let the value add headers or recipients of its own.
  if (/[\r\n]/.test(value) || address.length > 254 || !email.safeParse(address).success) {
    throw invalidInput(
      field,
      'must be one plain e-mail address such as naam@example.nl, without a name, comma or line break',
    );
  }
  return address;
}

function validateSubject(value: string): string {
  if (/[\r\n]/.test(value) || value.trim() === '') {
    throw invalidInput('subject', 'must be one line of text, not empty');
  }
  return value;
}

/** The same key gives the same Message-ID, so a resend after a crash is recognisably the same message. */
function messageIdFor(key: string): string {
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@privacyloket>`;
}

/** Written under a temporary name and renamed: a retry overwrites, and a crash never leaves half a file. */
async function writeEml(dir: string, key: string, message: Buffer): Promise<void> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${key.replace(/[^A-Za-z0-9._-]/g, '_')}.eml`);
  const temporary = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, message, { flush: true });
    await rename(temporary, path);
  } finally {
    await rm(temporary, { force: true });
  }
}

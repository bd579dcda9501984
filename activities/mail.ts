/**
 * Mail leaves through the outbox exactly once per idempotency key: a retried activity that finds its key sent
 * does not send again. Without SMTP_URL each message is written to the outbox folder as an .eml file instead.
 * A refusal by the mail server (a 5xx answer) is permanent and is not tried again; anything else is temporary.
 * Errors never carry the server's own words, which often repeat the recipient's address.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { z } from 'zod';
import { timestamp, type Db } from '../db';
import { invalidInput } from '../lib/errors';

/** Config['mail']: SMTP when a URL is set, else .eml files in `outboxDir`, written first in `tmpDir`. */
export interface MailConfig {
  smtpUrl: string | undefined;
  /** The envelope sender (where bounces go), when it is not the organisation's own address. */
  envelopeFrom: string | undefined;
  outboxDir: string;
  tmpDir: string;
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
  /** The organisation the mail is from (policy), and where replies go (its privacy officer). */
  from: { name: string; address: string };
  replyTo?: string;
  /** One line. */
  subject: string;
  text: string;
  attachments?: MailAttachment[];
}

export interface SendResult {
  status: 'sent' | 'already-sent';
  messageId: string;
}

/**
 * A mail that did not go out; `permanent` when the server refused it (5xx) and trying again cannot help. `reply`
 * is the server's answer as codes only (550, 5.1.1), for a notice in any language.
 */
export class MailError extends Error {
  override readonly name = 'MailError';
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly reply?: { code: number; status?: string },
  ) {
    super(message);
  }
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<SendResult>;
  /** Removes the outbox's .eml files of a case's mail (its keys start with the reference); answers how many. */
  discard(reference: string): Promise<number>;
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
    if (row.status === 'failed') throw refusedBefore(row.last_error);
    await db('outbox').where({ id: row.id }).increment('attempts', 1);
    try {
      const info = await transport.sendMail({
        messageId,
        from: { name: mail.from.name, address: mail.from.address },
        replyTo: mail.replyTo,
        envelope: { from: config.envelopeFrom ?? mail.from.address, to },
        to,
        subject,
        text: mail.text,
        attachments: mail.attachments,
      });
      if (!config.smtpUrl) await writeEml(config, mail.key, info.message as Buffer);
    } catch (error) {
      // A refusal is final; anything else stays pending and the activity's retry sends again, same Message-ID.
      const failure = describeFailure(error);
      await db('outbox')
        .where({ id: row.id })
        .update({ last_error: failure.message, ...(failure.permanent ? { status: 'failed' } : {}) });
      throw failure;
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
    async discard(reference) {
      // `VER-2093-0001/…` is written as `VER-2093-0001_…`: the separator keeps VER-2093-00010 out.
      const prefix = `${emlName(reference)}_`;
      const names = await readdir(config.outboxDir).catch(() => [] as string[]);
      const mine = names.filter((name) => name.startsWith(prefix));
      for (const name of mine) await rm(join(config.outboxDir, name), { force: true });
      return mine.length;
    },
    close() {
      transport.close();
    },
  };
}

const emlName = (key: string) => key.replace(/[^A-Za-z0-9._-]/g, '_');

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

/**
 * What went wrong, in words safe for logs and the database: the SMTP reply code and enhanced status code, or the
 * kind of connection failure; never the server's text, which tends to quote the recipient's address.
 */
function describeFailure(error: unknown): MailError {
  const { responseCode, response, command, code } = error as {
    responseCode?: number;
    response?: string;
    command?: string;
    code?: string;
  };
  if (typeof responseCode === 'number') {
    const status = /\b[245]\.\d{1,3}\.\d{1,3}\b/.exec(response ?? '')?.[0];
    const answer = `the mail server answered ${responseCode}${status ? ` (${status})` : ''}${command ? ` to ${command.split(' ')[0]}` : ''}`;
    return new MailError(answer, responseCode >= 500 && responseCode < 600, { code: responseCode, status });
  }
  return new MailError(`the mail server could not be reached (${code ?? 'no answer'})`, false);
}

/** A key the server refused before: the same error again, from what the outbox kept. */
function refusedBefore(lastError: string | null): MailError {
  const [, code, status] = /answered (\d{3})(?: \(([\d.]+)\))?/.exec(lastError ?? '') ?? [];
  return new MailError(lastError ?? 'the mail server refused it', true, {
    code: Number(code ?? 550),
    ...(status ? { status } : {}),
  });
}

/**
 * Written in the worker's temporary folder and renamed into the outbox (mode 0600): a retry overwrites, and a
 * crash leaves no half-written file where people look; the next start clears the temporary folder.
 */
async function writeEml({ outboxDir, tmpDir }: MailConfig, key: string, message: Buffer): Promise<void> {
  await mkdir(outboxDir, { recursive: true, mode: 0o700 });
  await mkdir(tmpDir, { recursive: true, mode: 0o700 });
  const name = `${emlName(key)}.eml`;
  const temporary = join(tmpDir, `${name}.${randomUUID()}`);
  try {
    await writeFile(temporary, message, { flush: true, mode: 0o600 });
    await rename(temporary, join(outboxDir, name));
  } finally {
    await rm(temporary, { force: true });
  }
}

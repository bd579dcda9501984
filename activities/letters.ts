/**
 * The letter pipeline every process uses: render a letter from its template and the case, store it once under
 * its idempotency key (its SHA-256 into the audit trail), then deliver it the way the policy says for that kind
 * of letter. Rendering and delivery are separate activities, so a worker that dies in between re-delivers the
 * stored letter instead of rendering a second one. A letter for the post waits for the officer to post it; a
 * letter the mail server refuses is undeliverable until the officer sends it again or by post.
 */
import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { activityInfo } from '@temporalio/activity';
import type { Knex } from 'knex';
import { ApplicationFailure } from '@temporalio/common';
import { PDFDocument } from 'pdf-lib';
import { appendAuditEvent } from '../db/audit';
import { findCase, type CaseRow, type SubjectRow } from '../db/cases';
import { timestamp } from '../db/index';
import { findParty, findRepresentative } from '../db/parties';
import {
  findDocument,
  findLetter,
  findLetterByKey,
  findLetterPdf,
  insertLetter,
  setLetterStatus,
  type LetterSummary,
} from '../db/letters';
import { amsterdamClock, amsterdamDate } from '../lib/calendar';
import { durationParts, type Duration } from '../lib/durations';
import { processEntry, type Process } from '../lib/processes';
import { loadPolicy } from '../policies/load';
import {
  deliveryFor,
  LETTERS_WITH_DATA_COPY,
  localize,
  type DeliveryMethod,
  type LetterKind,
  type Policy,
} from '../policies/schema';
import type { Locale } from '../templates';
import type { LetterStatus, NextStep } from '../workflows/case/messages';
import type { ActivityDeps } from './index';
import { MailError, type OutgoingMail } from './mail';
import { encryptPdf } from './pdf';

export interface LetterRequest {
  reference: string;
  kind: LetterKind;
  /** `INZ-2026-0001/acknowledgement/1`: the same key always yields the same stored letter. */
  key: string;
  /** What this kind of letter says beyond the case itself: a decision, an extension, what is missing. */
  details?: Record<string, unknown>;
  /** A document of the case (the copy of the data) appended to the letter. */
  appendDocumentId?: number;
  /** The party the letter is addressed to (a recipient); absent: the subject, or their representative. */
  partyId?: number;
}

export interface StoredLetter {
  letterId: number;
  sha256: string;
  delivery: string;
}

export interface StaffMail {
  reference: string;
  /** The officer, management, or a data owner (a party of the case). */
  to: 'officer' | 'management' | { partyId: number };
  /** `review`: a retention period ends soon; `destroyed`: its data owner confirmed the destruction. */
  template: 'reminder' | 'escalation' | 'task-reminder' | 'task-overdue' | 'review' | 'destroyed';
  key: string;
  dueAt: string;
  /** The moment the mail is about (workflow time): how overdue the case is then. */
  at: string;
  next: NextStep;
  /** The tasks the mail is about, by number. */
  tasks?: number[];
}

/** A task for a data owner: the mail names the case, the task and what to do, never anything about the subject. */
export interface TaskAssignment {
  reference: string;
  key: string;
  number: number;
  partyId: number;
  action: string;
  dueAt: string;
}

/** A mail server away this long makes a letter undeliverable: the officer hears of it rather than nobody. */
const GIVE_UP_AFTER_MS = 24 * 3_600_000;

const processName = async (process: Process, locale: Locale) =>
  (await processEntry(process))?.names[locale] ?? process;

/** "De wettelijke termijn" when the policy's period is the law's own, else "de termijn volgens ons privacyreglement". */
const termOf = async (process: Process, period: Duration | undefined) =>
  JSON.stringify(period) === JSON.stringify((await processEntry(process))?.period) ? 'law' : 'policy';

/** Mail from the organisation, answered to its FG. */
export const sender = (policy: Policy): Pick<OutgoingMail, 'from' | 'replyTo'> => ({
  from: { name: policy.organisation.name, address: policy.organisation.email },
  replyTo: policy.organisation.fg.email,
});

export function letterActivities({
  db,
  templates,
  printer,
  mailer,
  qpdfPath,
  policiesDir,
  tmpDir,
}: ActivityDeps) {
  const letterheads = new Map<string, Awaited<ReturnType<typeof readLetterhead>>>();
  async function letterhead(policy: Policy) {
    const found = letterheads.get(policy.id) ?? (await readLetterhead(policiesDir, policy));
    letterheads.set(policy.id, found);
    return found;
  }

  /**
   * The case, its policy and whom a letter goes to: the party it names, else the subject's representative
   * (Buurderij art. 11), else the subject. `dataSubject` is whom the case is about, for a letter to someone else.
   */
  async function caseContext(reference: string, partyId?: number | null) {
    const row = await findCase(db, reference);
    const party = partyId ? await findParty(db, row.id, partyId) : await findRepresentative(db, row.id);
    const dataSubject = row.subject_id
      ? await db<SubjectRow>('subjects').where({ id: row.subject_id }).first()
      : undefined;
    const subject = party
      ? { name: party.name, email: party.email, postal_address: party.postal_address, phone: party.phone }
      : dataSubject;
    const policy = await loadPolicy(row.policy_id, policiesDir);
    return { row, subject, dataSubject, policy };
  }

  const subjectName = async (row: CaseRow) =>
    row.subject_id
      ? (await db<SubjectRow>('subjects').where({ id: row.subject_id }).first('name'))?.name
      : undefined;

  /** The organisation sends; replies reach its privacy officer. */
  /**
   * What every letter of a case shows besides its addressee and its own details: the organisation and its
   * regulation, the date, the reference, the request's dates and periods, in `locale`.
   */
  async function caseLetterContext(row: CaseRow, policy: Policy, locale: Locale, preview = false) {
    const settings = policy.processes[row.process];
    const period = 'period' in settings ? settings.period : undefined;
    return {
      locale,
      preview,
      date: amsterdamDate(new Date()),
      reference: row.reference,
      ...organisationIn(policy, locale),
      letterhead: await letterhead(policy),
      request: {
        receivedDate: amsterdamDate(new Date(row.received_at)),
        dueDate: amsterdamDate(new Date(row.due_at)),
        period,
        // The law's own month, or the shorter term the organisation set itself.
        term: await termOf(row.process, period),
        extension: 'extension' in settings ? settings.extension : undefined,
        answerBy: row.answer_by ?? undefined,
      },
      copies: policy.copies,
    };
  }

  /** A letter of the case printed from its full context, with the PDF's title, author and subject. */
  async function printLetter(
    row: CaseRow,
    policy: Policy,
    kind: LetterKind,
    context: Awaited<ReturnType<typeof caseLetterContext>> & Record<string, unknown>,
  ) {
    const rendered = templates.letter(row.process, kind, context.locale, context);
    const pdf = await printer.print(rendered.body, {
      title: `${context.preview ? 'CONCEPT ' : ''}${rendered.title} (${row.reference})`,
      author: policy.organisation.name,
      subject: `${rendered.title}, ${row.reference}`,
      keywords: [row.reference, kind],
    });
    return { title: rendered.title, pdf };
  }

  /**
   * A letter as a PDF, not stored: what `produceLetter` stores and what the officer previews before approving
   * (marked as a draft). The copy of the data is appended when the letter carries one.
   */
  async function renderLetter(
    reference: string,
    kind: LetterKind,
    {
      details,
      appendDocumentId,
      partyId,
      preview = false,
    }: Pick<LetterRequest, 'details' | 'appendDocumentId' | 'partyId'> & {
      preview?: boolean;
    } = {},
  ) {
    const { row, subject, dataSubject, policy } = await caseContext(reference, partyId);
    const printed = await printLetter(row, policy, kind, {
      ...(await caseLetterContext(row, policy, row.locale, preview)),
      addressee: { name: subject?.name, postalAddress: subject?.postal_address, email: subject?.email },
      dataSubject: { name: dataSubject?.name },
      // A letter to another party (a recipient, art. 19) says whose data it is about.
      ...(partyId ? { subject: { name: await subjectName(row) } } : {}),
      ...details,
    });
    let pdf = printed.pdf;
    if (appendDocumentId !== undefined) pdf = await appendDocument(pdf, appendDocumentId);
    return { title: printed.title, pdf, row, subject, policy };
  }

  async function produceLetter(request: LetterRequest): Promise<StoredLetter> {
    const existing = await findLetterByKey(db, request.key);
    if (existing) return stored(existing);
    const rendered = await renderLetter(request.reference, request.kind, request);
    const { row, subject, policy } = rendered;
    const delivery = deliveryOf(policy, request.kind, row, subject);
    const password = delivery === 'encrypted-attachment' ? letterPassword() : null;
    const pdf = password ? await encryptPdf(qpdfPath, tmpDir, rendered.pdf, password) : rendered.pdf;
    const letter = await insertLetter(db, {
      caseId: row.id,
      kind: request.kind,
      locale: row.locale,
      title: rendered.title,
      pdf,
      delivery,
      password,
      key: request.key,
      partyId: request.partyId,
      actor: 'system',
    });
    return stored(letter);
  }

  async function appendDocument(pdf: Buffer, documentId: number): Promise<Buffer> {
    const document = await findDocument(db, documentId);
    if (!document)
      throw ApplicationFailure.nonRetryable(`Document ${documentId} does not exist`, 'not-found');
    const letter = await PDFDocument.load(pdf);
    const copy = await PDFDocument.load(document.content);
    for (const page of await letter.copyPages(copy, copy.getPageIndices())) letter.addPage(page);
    return Buffer.from(await letter.save());
  }

  /** A mail about a case to its privacy officer: the reference and what to do, never anything about the subject. */
  async function officerNotice(reference: string, template: string, key: string, context: object) {
    const { row, policy } = await caseContext(reference);
    const locale = policy.organisation.locale;
    const mail = templates.mail(template, locale, {
      reference,
      processName: await processName(row.process, locale),
      ...organisationIn(policy, locale),
      ...context,
    });
    await mailer.send({ key, caseId: row.id, to: policy.organisation.fg.email, ...sender(policy), ...mail });
  }

  /** The mail that carries a stored letter to its addressee (`<key>/subject` in the outbox), the PDF attached. */
  function letterMail(
    row: CaseRow,
    policy: Policy,
    letter: LetterSummary,
    addressee: { name?: string | null; email?: string | null },
    pdf: Buffer,
    key: string,
    context: object,
  ): OutgoingMail {
    const mail = templates.mail('letter', letter.locale, {
      ...context,
      reference: row.reference,
      addressee: { name: addressee.name },
      ...organisationIn(policy, letter.locale),
    });
    return {
      key: `${key}/subject`,
      caseId: row.id,
      letterId: letter.id,
      to: addressee.email ?? '',
      ...sender(policy),
      ...mail,
      attachments: [
        { filename: `${row.reference}-${letter.kind}.pdf`, content: pdf, contentType: 'application/pdf' },
      ],
    };
  }

  /**
   * Sends a stored letter: to the subject by mail, or to the officer to print and post (`via` overrides the
   * letter's own way when the officer sends it again). Answers the letter's status.
   */
  async function deliverLetter({
    letterId,
    key,
    via,
  }: {
    letterId: number;
    key: string;
    via?: 'mail' | 'post';
  }): Promise<{ status: LetterStatus; delivery: string }> {
    const letter = await findLetter(db, letterId);
    if (!letter) throw ApplicationFailure.nonRetryable(`Letter ${letterId} does not exist`, 'not-found');
    const row = (await db<CaseRow>('cases').where({ id: letter.case_id }).first())!;
    const { subject, policy } = await caseContext(row.reference, letter.party_id);
    const delivery = via === 'post' ? 'post' : (letter.delivery ?? 'post');
    const context = {
      title: letter.title,
      kind: letter.kind,
      encrypted: letter.password !== null,
      phone: Boolean(subject?.phone),
    };
    const settle = (status: LetterStatus, type: string, data: Record<string, unknown> = {}) =>
      settleLetter(db, { letterId, kind: letter.kind, caseId: row.id, delivery, key }, status, type, data);
    if (delivery === 'post') {
      await officerNotice(row.reference, 'post', `${key}/officer`, context);
      return settle('queued-for-post', 'letter.queued-for-post');
    }
    const pdf = await findLetterPdf(db, letterId);
    let messageId: string;
    try {
      ({ messageId } = await mailer.send(letterMail(row, policy, letter, subject ?? {}, pdf, key, context)));
    } catch (error) {
      if (!givesUp(error)) throw error;
      await officerNotice(row.reference, 'undeliverable', `${key}/undeliverable-notice`, {
        ...context,
        reply: error.reply, // absent: the server could not be reached for a day
      });
      return settle('undeliverable', 'letter.undeliverable', { reason: error.message });
    }
    if (letter.password) await officerNotice(row.reference, 'password', `${key}/password`, context);
    return settle('sent', 'letter.delivered', { messageId });
  }

  /** Reminders and escalations: reference, process, due date and where to look; never anything about the subject. */
  async function mailStaff(mail: StaffMail): Promise<void> {
    const row = await findCase(db, mail.reference);
    const policy = await loadPolicy(row.policy_id, policiesDir);
    const locale = policy.organisation.locale;
    const dueDate = amsterdamDate(new Date(mail.dueAt));
    const overdueMs = new Date(mail.at).getTime() - new Date(mail.dueAt).getTime();
    const settings = policy.processes[row.process];
    const period = 'period' in settings ? settings.period : undefined;
    // A clock in hours (a breach): the mail gives the hour, and how many hours late.
    const hours = period !== undefined && durationParts(period).unit === 'hours';
    const { subject, text } = templates.mail(mail.template, locale, {
      reference: row.reference,
      process: row.process,
      tasks: mail.tasks,
      processName: await processName(row.process, locale),
      dueDate,
      daysOverdue: Math.max(0, Math.ceil(overdueMs / 86_400_000)),
      ...(hours
        ? {
            dueTime: amsterdamClock(new Date(mail.dueAt)),
            hoursOverdue: Math.max(0, Math.round(overdueMs / 3_600_000)),
          }
        : {}),
      term: await termOf(row.process, period),
      // An attempt scheduled by a version before next steps had codes carries none.
      next: templates.nextStep(mail.next ?? { step: 'open' }, locale),
      ...organisationIn(policy, locale),
    });
    const to = await staffAddress(row.id, policy, mail.to);
    try {
      const { messageId } = await mailer.send({
        key: mail.key,
        caseId: row.id,
        to,
        ...sender(policy),
        subject,
        text,
      });
      // Keyed: a retry after the mail went out still records it, and only once.
      await appendAuditEvent(db, {
        type: `case.${mail.template}-sent`,
        actor: 'system',
        caseId: row.id,
        data: { to: mail.to, dueAt: mail.dueAt, messageId, ...(mail.tasks ? { tasks: mail.tasks } : {}) },
        key: `${mail.key}/sent`,
      });
    } catch (error) {
      if (!(error instanceof MailError) || !error.permanent) throw error;
      // Refused for good (a wrong address in the policy): recorded, and the case goes on.
      await appendAuditEvent(db, {
        type: `case.${mail.template}-undeliverable`,
        actor: 'system',
        caseId: row.id,
        data: { to: mail.to, reason: error.message },
        key: `${mail.key}/undeliverable`,
      });
    }
  }

  async function staffAddress(caseId: number, policy: Policy, to: StaffMail['to']): Promise<string> {
    if (to === 'officer') return policy.organisation.fg.email;
    if (to === 'management') return policy.organisation.management.email;
    const party = await findParty(db, caseId, to.partyId);
    if (!party?.email)
      throw ApplicationFailure.nonRetryable(`Party ${to.partyId} has no e-mail address`, 'invalid-input');
    return party.email;
  }

  /** Records a data owner's task (once per key) and mails it to them: the case, the task, the date, no more. */
  async function assignTask(task: TaskAssignment): Promise<void> {
    const row = await findCase(db, task.reference);
    const policy = await loadPolicy(row.policy_id, policiesDir);
    await db.transaction(async (trx) => {
      if (await trx('tasks').where({ idempotency_key: task.key }).first('id')) return;
      await trx('tasks').insert({
        case_id: row.id,
        number: task.number,
        party_id: task.partyId,
        action: task.action,
        status: 'open',
        due_at: task.dueAt,
        idempotency_key: task.key,
        created_at: timestamp(new Date()),
      });
      const { number, partyId, action, dueAt } = task;
      await appendAuditEvent(trx, {
        type: 'task.assigned',
        actor: 'system',
        caseId: row.id,
        data: { number, partyId, action, dueAt },
        key: `${task.key}/assigned`,
      });
    });
    const locale = policy.organisation.locale;
    const mail = templates.mail('task', locale, {
      reference: row.reference,
      processName: await processName(row.process, locale),
      task,
      dueDate: amsterdamDate(new Date(task.dueAt)),
      ...organisationIn(policy, locale),
    });
    const to = await staffAddress(row.id, policy, { partyId: task.partyId });
    await mailer.send({ key: `${task.key}/mail`, caseId: row.id, to, ...sender(policy), ...mail });
  }

  return {
    produceLetter,
    deliverLetter,
    mailStaff,
    renderLetter,
    officerNotice,
    assignTask,
    /** The pipeline's pieces, for activities that send many letters at once (not activities themselves). */
    pieces: { letterhead, caseLetterContext, printLetter, letterMail, sender, officerNotice },
  };
}

export type LetterPieces = ReturnType<typeof letterActivities>['pieces'];

/**
 * A letter's delivery recorded: its status, and its audit event once under `<key>/<status>` (`delivered` for a
 * letter sent: the key letters have always used). Given a transaction, inside it.
 */
export async function settleLetter(
  db: Knex,
  letter: { letterId: number; kind: string; caseId: number; delivery: string; key: string },
  status: LetterStatus,
  type: string,
  data: Record<string, unknown> = {},
): Promise<{ status: LetterStatus; delivery: string }> {
  const { letterId, kind, caseId, delivery, key } = letter;
  await setLetterStatus(db, letterId, status);
  const suffix = status === 'sent' ? 'delivered' : status;
  await appendAuditEvent(db, {
    type,
    actor: 'system',
    caseId,
    data: { letterId, kind, delivery, ...data },
    key: `${key}/${suffix}`,
  });
  return { status, delivery };
}

/** A mail refused for good (5xx), or a server away for a day: the letter is undeliverable, not retried. */
export function givesUp(error: unknown): error is MailError {
  return error instanceof MailError && (error.permanent || activityAgeMs() > GIVE_UP_AFTER_MS);
}

/** The policy's letterhead as letters and documents carry it: the logo inline, since Chromium fetches nothing. */
export async function readLetterhead(policiesDir: string, policy: Policy) {
  const logo = await readFile(join(policiesDir, policy.id, policy.organisation.letterhead.logo));
  return {
    logo: `data:image/svg+xml;base64,${logo.toString('base64')}`,
    colour: policy.organisation.letterhead.colour,
  };
}

/** The organisation and its regulation as a letter or mail in `locale` shows them. */
export function organisationIn(policy: Policy, locale: Locale) {
  const { organisation, regulation } = policy;
  const { name, title } = organisation.fg;
  // A policy without the officer's own name signs with the function, once, in the letter's language.
  const unnamed = name === localize(title, 'nl') || name === localize(title, 'en');
  return {
    organisation: {
      ...organisation,
      fg: {
        ...organisation.fg,
        name: unnamed ? localize(title, locale) : name,
        title: localize(title, locale),
        unnamed,
      },
      phones: organisation.phones.map((phone) => ({ ...phone, label: localize(phone.label, locale) })),
    },
    regulation: { ...regulation, title: localize(regulation.title, locale) },
  };
}

/**
 * How a letter travels: the policy's way for its kind, except that a subject without an e-mail address, or one
 * who asked for paper, gets it by post, and that a request made electronically is answered electronically
 * (art. 15(3)): the response carrying the copy of the data then goes encrypted, not by post.
 */
export function deliveryOf(
  policy: Policy,
  kind: LetterKind,
  row: Pick<CaseRow, 'channel' | 'reply_by_post'>,
  subject: Pick<SubjectRow, 'email'> | undefined,
): DeliveryMethod {
  if (!subject?.email || row.reply_by_post) return 'post';
  const wanted = deliveryFor(policy, kind);
  const answer = (LETTERS_WITH_DATA_COPY as readonly LetterKind[]).includes(kind);
  return wanted === 'post' && answer && row.channel === 'e-mail' ? 'encrypted-attachment' : wanted;
}

/** How long this activity has been trying since its first attempt (0 outside an activity). */
function activityAgeMs(): number {
  try {
    return Date.now() - activityInfo().scheduledTimestampMs;
  } catch {
    return 0;
  }
}

const stored = (letter: LetterSummary): StoredLetter => ({
  letterId: letter.id,
  sha256: letter.sha256,
  delivery: letter.delivery ?? 'post',
});

/** Five groups of four from an alphabet without look-alikes (0/O, 1/l/I): easy to read out over the phone. */
function letterPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const group = () => Array.from({ length: 4 }, () => alphabet[randomInt(alphabet.length)]).join('');
  return Array.from({ length: 5 }, group).join('-');
}

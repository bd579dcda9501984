/**
 * The letter pipeline every process uses: render a letter from its template and the case, store it once under
 * its idempotency key (its SHA-256 into the audit trail), then deliver it the way the policy says for that kind
 * of letter. Rendering and delivery are separate activities, so a worker that dies in between re-delivers the
 * stored letter instead of rendering a second one.
 */
import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { PDFDocument } from 'pdf-lib';
import { appendAuditEvent } from '../db/audit';
import { findCase, type CaseRow, type SubjectRow } from '../db/cases';
import {
  findDocument,
  findLetter,
  findLetterByKey,
  findLetterPdf,
  insertLetter,
  type LetterSummary,
} from '../db/letters';
import { amsterdamDate } from '../lib/calendar';
import type { Process } from '../lib/processes';
import { loadPolicy } from '../policies/load';
import { deliveryFor, type LetterKind, type Policy } from '../policies/schema';
import type { Locale } from '../templates';
import type { ActivityDeps } from './index';
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
}

export interface StoredLetter {
  letterId: number;
  sha256: string;
  delivery: string;
}

export interface StaffMail {
  reference: string;
  to: 'officer' | 'management';
  template: 'reminder' | 'escalation';
  key: string;
  dueAt: string;
  /** The moment the mail is about (workflow time): how overdue the case is then. */
  at: string;
  nextStep: string;
}

const PROCESS_NAMES: Record<Locale, Partial<Record<Process, string>>> = {
  nl: { access: 'inzageverzoek' },
  en: { access: 'access request' },
};

export function letterActivities({ db, templates, printer, mailer, qpdfPath, policiesDir }: ActivityDeps) {
  const logos = new Map<string, string>();
  async function letterhead(policy: Policy) {
    const logo =
      logos.get(policy.id) ??
      (await readFile(join(policiesDir, policy.id, policy.organisation.letterhead.logo))).toString('base64');
    logos.set(policy.id, logo);
    return { logo: `data:image/svg+xml;base64,${logo}`, colour: policy.organisation.letterhead.colour };
  }

  async function caseContext(reference: string) {
    const row = await findCase(db, reference);
    const subject = row.subject_id
      ? await db<SubjectRow>('subjects').where({ id: row.subject_id }).first()
      : undefined;
    const policy = await loadPolicy(row.policy_id, policiesDir);
    return { row, subject, policy };
  }

  async function produceLetter(request: LetterRequest): Promise<StoredLetter> {
    const existing = await findLetterByKey(db, request.key);
    if (existing) return stored(existing);
    const { row, subject, policy } = await caseContext(request.reference);
    const locale = row.locale;
    const rendered = templates.letter(request.kind, locale, {
      locale,
      date: amsterdamDate(new Date()),
      reference: row.reference,
      organisation: policy.organisation,
      letterhead: await letterhead(policy),
      regulation: policy.regulation,
      addressee: { name: subject?.name, postalAddress: subject?.postal_address, email: subject?.email },
      request: {
        receivedDate: amsterdamDate(new Date(row.received_at)),
        dueDate: amsterdamDate(new Date(row.due_at)),
        period:
          'period' in policy.processes[row.process]
            ? policy.processes[row.process as 'access'].period
            : undefined,
      },
      copies: policy.copies,
      ...request.details,
    });
    let pdf = await printer.print(rendered.body, {
      title: `${rendered.title} (${row.reference})`,
      author: policy.organisation.name,
      subject: `${rendered.title}, ${row.reference}`,
      keywords: [row.reference, request.kind],
    });
    if (request.appendDocumentId !== undefined) pdf = await appendDocument(pdf, request.appendDocumentId);
    // A letter without an e-mail address cannot travel by mail: the officer posts it.
    const wanted = deliveryFor(policy, request.kind);
    const delivery = subject?.email ? wanted : 'post';
    const password = delivery === 'encrypted-attachment' ? letterPassword() : null;
    if (password) pdf = await encryptPdf(qpdfPath, pdf, password);
    const letter = await insertLetter(db, {
      caseId: row.id,
      kind: request.kind,
      locale,
      title: rendered.title,
      pdf,
      delivery,
      password,
      key: request.key,
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

  /** Sends a stored letter: to the subject by mail, or to the officer to print and post. */
  async function deliverLetter({
    letterId,
    key,
  }: {
    letterId: number;
    key: string;
  }): Promise<{ delivery: string }> {
    const letter = await findLetter(db, letterId);
    if (!letter) throw ApplicationFailure.nonRetryable(`Letter ${letterId} does not exist`, 'not-found');
    const row = await db<CaseRow>('cases').where({ id: letter.case_id }).first();
    const { subject, policy } = await caseContext(row!.reference);
    const context = {
      reference: row!.reference,
      title: letter.title,
      kind: letter.kind,
      organisation: policy.organisation,
      encrypted: letter.password !== null,
    };
    const officer = policy.organisation.fg.email;
    const staffLocale = policy.organisation.locale;
    let messageId: string | undefined;
    if (letter.delivery === 'post') {
      const notice = templates.mail('post', staffLocale, context);
      await mailer.send({ key: `${key}/officer`, caseId: row!.id, letterId, to: officer, ...notice });
    } else {
      const pdf = await findLetterPdf(db, letterId);
      const attachment = {
        filename: `${row!.reference}-${letter.kind}.pdf`,
        content: pdf,
        contentType: 'application/pdf',
      };
      const mail = templates.mail('letter', letter.locale, context);
      const to = subject!.email!;
      ({ messageId } = await mailer.send({
        key: `${key}/subject`,
        caseId: row!.id,
        letterId,
        to,
        ...mail,
        attachments: [attachment],
      }));
      if (letter.password) {
        const notice = templates.mail('password', staffLocale, context);
        await mailer.send({ key: `${key}/password`, caseId: row!.id, letterId, to: officer, ...notice });
      }
    }
    const delivered = { letterId, kind: letter.kind, delivery: letter.delivery, messageId };
    await appendAuditEvent(db, {
      type: 'letter.delivered',
      actor: 'system',
      caseId: row!.id,
      data: delivered,
      key: `${key}/delivered`,
    });
    return { delivery: letter.delivery ?? 'post' };
  }

  /** Reminders and escalations: reference, process, due date and where to look; never anything about the subject. */
  async function mailStaff(mail: StaffMail): Promise<void> {
    const row = await findCase(db, mail.reference);
    const policy = await loadPolicy(row.policy_id, policiesDir);
    const locale = policy.organisation.locale;
    const dueDate = amsterdamDate(new Date(mail.dueAt));
    const overdueMs = new Date(mail.at).getTime() - new Date(mail.dueAt).getTime();
    const { subject, text } = templates.mail(mail.template, locale, {
      reference: row.reference,
      processName: PROCESS_NAMES[locale][row.process] ?? row.process,
      dueDate,
      daysOverdue: Math.max(0, Math.ceil(overdueMs / 86_400_000)),
      nextStep: mail.nextStep,
      organisation: policy.organisation,
    });
    const to = mail.to === 'officer' ? policy.organisation.fg.email : policy.organisation.management.email;
    const { messageId } = await mailer.send({ key: mail.key, caseId: row.id, to, subject, text });
    // Keyed: a retry after the mail went out still records it, and only once.
    await appendAuditEvent(db, {
      type: `case.${mail.template}-sent`,
      actor: 'system',
      caseId: row.id,
      data: { to: mail.to, dueAt: mail.dueAt, messageId },
      key: `${mail.key}/sent`,
    });
  }

  return { produceLetter, deliverLetter, mailStaff };
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

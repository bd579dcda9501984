/**
 * The case kit's mailing: one letter to each of a case's many people (a breach's affected people, AVG art. 34; a
 * transfer's, Buurderij art. 25 lid 2), the letter kind the case's process sends (`MAILING_LETTERS`), in batches:
 * each batch prints its people's letters through the letter pipeline, stores them under their keys in one transaction, mails them
 * through the outbox (exactly once per key) and records their delivery in one transaction. A batch run again
 * after a crash finds its stored letters and sent mail and only finishes what was left. People without an e-mail
 * address get their letter in ONE print file for the post, made when the mailing ends.
 *
 * A mailed letter's PDF is kept until its mail has gone out (so that a crash in between re-sends the very PDF whose
 * hash is in the audit trail) and then emptied: the hash, the approved text and the template stay as the evidence.
 * Kept whole, 10,000 letters would add some 300 MB to the database (see bench/mailing.ts); letters for the post
 * keep their PDF.
 */
import { heartbeat } from '@temporalio/activity';
import { PDFDocument } from 'pdf-lib';
import { appendAuditEvent } from '../db/audit';
import { findCase, type CaseRow } from '../db/cases';
import {
  findLetterByKey,
  findLetterPdf,
  insertDocument,
  insertLetter,
  type LetterRow,
  type LetterSummary,
} from '../db/letters';
import { findLatestRecord } from '../db/records';
import type { BreachRecords } from '../lib/breach/types';
import { PrivacyloketError } from '../lib/errors';
import { loadPolicy } from '../policies/load';
import type { LetterKind, Policy } from '../policies/schema';
import {
  findPostLetters,
  mailingLetter,
  mailingProgress,
  personOfLetter,
  postLettersDocument,
  type CasePersonRow,
} from '../services/case-people';
import { transferNoticeDetails } from '../services/transfer';
import type { Locale } from '../templates';
import type { ActivityDeps } from './index';
import { givesUp, settleLetter, type LetterPieces } from './letters';

/** People by id, `from` to `to` inclusive: what a batch is (ids only, never who they are). */
export interface MailingBatch {
  from: number;
  to: number;
}

export interface MailingCounts {
  sent: number;
  undeliverable: number;
  post: number;
}

/** Each person's letter is stored and mailed once under this key. */
export const personLetterKey = (reference: string, kind: LetterKind, personId: number) =>
  `${reference}/${kind}/${personId}`;

/** Mails in flight at once within a batch: the mail server on loopback answers in milliseconds. */
const MAILS_AT_ONCE = 8;

export function mailingActivities({ db, mailer, policiesDir }: ActivityDeps, pieces: LetterPieces) {
  /** The case, its policy, its letter kind and what each letter says beyond its addressee. */
  async function mailingCase(reference: string) {
    const row = await findCase(db, reference);
    const policy = await loadPolicy(row.policy_id, policiesDir);
    return { row, policy, kind: mailingLetter(row.process), details: await letterDetails(row, policy) };
  }

  /**
   * A breach's letter says what the officer approved (art. 34(2)); no text, no letters. A transfer's says who takes
   * over, from when, and until when to object, from its start.
   */
  async function letterDetails(row: CaseRow, policy: Policy): Promise<Record<string, unknown>> {
    if (row.process === 'transfer') return transferNoticeDetails(db, row, policy);
    const approved = await findLatestRecord<BreachRecords['breach.letter-approved']>(
      db,
      row.id,
      'breach.letter-approved',
    );
    if (!approved) {
      throw new PrivacyloketError(
        'invalid-input',
        `Case ${row.reference} has no approved letter to the people (breach.letter-approved): nothing is sent.`,
      );
    }
    return { breach: approved.letter };
  }

  /** The next `batches` batches of `size` people after person `afterId`, in id order. */
  async function planMailing({
    reference,
    afterId,
    size,
    batches,
  }: {
    reference: string;
    afterId: number;
    size: number;
    batches: number;
  }): Promise<MailingBatch[]> {
    const row = await findCase(db, reference);
    const ids = await db<CasePersonRow>('case_people')
      .where({ case_id: row.id })
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(size * batches)
      .pluck('id');
    const planned: MailingBatch[] = [];
    for (let i = 0; i < ids.length; i += size)
      planned.push({ from: ids[i]!, to: ids[Math.min(i + size, ids.length) - 1]! });
    return planned;
  }

  /** One batch's letters, printed, stored, mailed and recorded; what is done already is not done again. */
  async function sendMailingBatch({
    reference,
    from,
    to,
  }: { reference: string } & MailingBatch): Promise<MailingCounts> {
    const { row, policy, kind, details } = await mailingCase(reference);
    const people = await db<CasePersonRow>('case_people')
      .where({ case_id: row.id })
      .whereBetween('id', [from, to])
      .orderBy('id');
    const stored = await storedLetters(reference, kind, people);

    const frames = new Map<Locale, ReturnType<LetterPieces['caseLetterContext']>>();
    const frame = (locale: Locale) => {
      if (!frames.has(locale)) frames.set(locale, pieces.caseLetterContext(row, policy, locale));
      return frames.get(locale)!;
    };
    const printed = await Promise.all(
      people
        .filter((person) => !stored.has(person.id))
        .map(async (person) => {
          const { title, pdf } = await pieces.printLetter(row, policy, kind, {
            ...(await frame(person.locale)),
            addressee: { name: person.name, postalAddress: person.postal_address, email: person.email },
            ...details,
          });
          beat();
          return { person, title, pdf };
        }),
    );
    await db.transaction(async (trx) => {
      for (const { person, title, pdf } of printed) {
        const key = personLetterKey(reference, kind, person.id);
        const delivery = deliveryOf(policy, kind, person);
        stored.set(
          person.id,
          await insertLetter(trx, {
            caseId: row.id,
            kind,
            locale: person.locale,
            title,
            pdf,
            delivery,
            key,
            actor: 'system',
          }),
        );
      }
    });

    // Mail, a few at a time; every outcome is recorded below, failures too, before a retry is asked for.
    const toMail = people.filter(
      (person) => stored.get(person.id)!.status === 'pending' && stored.get(person.id)!.delivery !== 'post',
    );
    const outcomes: { letter: LetterSummary; messageId?: string; error?: unknown }[] = [];
    let next = 0;
    const lane = async () => {
      while (next < toMail.length) {
        const person = toMail[next++]!;
        const letter = stored.get(person.id)!;
        const context = { title: letter.title, kind, encrypted: false };
        try {
          const pdf = await findLetterPdf(db, letter.id);
          const mail = pieces.letterMail(row, policy, letter, person, pdf, letter.idempotency_key, context);
          outcomes.push({ letter, messageId: (await mailer.send(mail)).messageId });
        } catch (error) {
          outcomes.push({ letter, error });
        }
        beat();
      }
    };
    await Promise.all(Array.from({ length: MAILS_AT_ONCE }, lane));
    await db.transaction(async (trx) => {
      for (const { letter, messageId, error } of outcomes) {
        const settled = {
          letterId: letter.id,
          kind,
          caseId: row.id,
          delivery: letter.delivery ?? 'attachment',
          key: letter.idempotency_key,
        };
        if (messageId !== undefined) {
          await settleLetter(trx, settled, 'sent', 'letter.delivered', { messageId });
          // Sent: the hash stays as the evidence, the bytes go (see the top of this file).
          await trx<LetterRow>('letters')
            .where({ id: letter.id })
            .update({ pdf: Buffer.alloc(0) });
        } else if (givesUp(error)) {
          await settleLetter(trx, settled, 'undeliverable', 'letter.undeliverable', {
            reason: error.message,
          });
        }
      }
    });
    const failed = outcomes.find(({ error }) => error !== undefined && !givesUp(error));
    if (failed) throw failed.error; // the mail server is away: the batch is tried again, sent mail is not resent
    const letters = [...(await storedLetters(reference, kind, people)).values()];
    const count = (status: string) => letters.filter((l) => l.status === status).length;
    return {
      sent: count('sent'),
      undeliverable: count('undeliverable'),
      post: letters.filter((l) => l.delivery === 'post').length,
    };
  }

  /** The people's letters already stored, by person id. */
  async function storedLetters(reference: string, kind: LetterKind, people: CasePersonRow[]) {
    const found = await Promise.all(
      people.map(
        async (person) =>
          [person.id, await findLetterByKey(db, personLetterKey(reference, kind, person.id))] as const,
      ),
    );
    return new Map(found.filter((entry): entry is [number, LetterSummary] => entry[1] !== undefined));
  }

  /**
   * The mailing's end: the letters for the post in one print file (a case document; the letters are then queued
   * for the post), with them the letters the mail server refused to people who also gave a postal address (every
   * person told), one mail to the officer to print it and one about letters that reached nobody, neither
   * naming anybody; and the numbers.
   */
  async function finishMailing({ reference }: { reference: string }): Promise<MailingCounts> {
    const row = await findCase(db, reference);
    const kind = mailingLetter(row.process);
    const letters = () =>
      db<LetterRow>('letters').where({ case_id: row.id, kind }).select('id', 'idempotency_key');
    const refused = await letters().where({ status: 'undeliverable' });
    const personOf = (letter: Pick<LetterRow, 'idempotency_key'>) => personOfLetter(letter.idempotency_key);
    const reachable = new Set(
      await db<CasePersonRow>('case_people')
        .where({ case_id: row.id })
        .whereNotNull('postal_address')
        .whereIn('id', refused.map(personOf))
        .pluck('id'),
    );
    const waiting = [
      ...(await letters().where({ delivery: 'post', status: 'pending' })),
      ...refused.filter((letter) => reachable.has(personOf(letter))),
    ].sort((a, b) => a.id - b.id);
    if (waiting.length > 0) await printFileForPost(row, kind, waiting);
    const progress = (await mailingProgress(db, row.id))!;
    const document = await findPostLetters(db, reference);
    if (document) {
      await pieces.officerNotice(
        reference,
        `${row.process}-post`,
        `${reference}/${kind}/post/${document.id}`,
        {
          count: progress.post,
          filename: document.filename,
        },
      );
    }
    if (progress.undeliverable > 0) {
      await pieces.officerNotice(
        reference,
        `${row.process}-undeliverable`,
        `${reference}/${kind}/undeliverable`,
        {
          count: progress.undeliverable,
        },
      );
    }
    return { sent: progress.sent, undeliverable: progress.undeliverable, post: progress.post };
  }

  /** One PDF of every letter waiting for the post, in the order of the file the people came from. */
  async function printFileForPost(
    row: CaseRow,
    kind: LetterKind,
    waiting: Pick<LetterRow, 'id' | 'idempotency_key'>[],
  ) {
    const printFile = await PDFDocument.create();
    printFile.setTitle(`${row.reference}: ${waiting.length} letters for the post`);
    printFile.setCreator('Privacyloket');
    for (const { id } of waiting) {
      const letter = await PDFDocument.load(await findLetterPdf(db, id));
      for (const page of await printFile.copyPages(letter, letter.getPageIndices())) printFile.addPage(page);
      beat();
    }
    const content = Buffer.from(await printFile.save());
    await db.transaction(async (trx) => {
      const document = await insertDocument(trx, {
        caseId: row.id,
        kind: postLettersDocument(row.process),
        filename: `${row.reference}-brieven-post.pdf`,
        contentType: 'application/pdf',
        content,
      });
      for (const { id, idempotency_key: key } of waiting) {
        await settleLetter(
          trx,
          { letterId: id, kind, caseId: row.id, delivery: 'post', key },
          'queued-for-post',
          'letter.queued-for-post',
          { documentId: document.id },
        );
      }
      await appendAuditEvent(trx, {
        type: `${row.process}.post-letters-printed`,
        actor: 'system',
        caseId: row.id,
        data: { documentId: document.id, sha256: document.sha256, letters: waiting.length },
      });
    });
  }

  return {
    planMailing,
    sendMailingBatch,
    finishMailing,
    // The names a breach's mailing had before the kit's: its runs started then replay against them.
    planBreachMailing: planMailing,
    sendBreachLetters: sendMailingBatch,
    finishBreachMailing: finishMailing,
  };
}

/**
 * By mail when the person has an e-mail address, else by post; by post for everyone when the policy names this
 * letter so. Never as an encrypted attachment (a policy's default): the letter holds nothing of the person but
 * their name and address beside the approved text, and thousands of passwords cannot be given by telephone.
 */
function deliveryOf(policy: Policy, kind: LetterKind, person: CasePersonRow): 'attachment' | 'post' {
  return person.email && policy.delivery.letters[kind] !== 'post' ? 'attachment' : 'post';
}

/** Tells Temporal the batch is alive; outside an activity (a test calling it directly) there is nobody to tell. */
function beat(): void {
  try {
    heartbeat();
  } catch {
    // not in an activity
  }
}

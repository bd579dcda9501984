/**
 * A transfer of processing's people (Buurderij art. 25 lid 2; art. 7:457 BW): each person's objection, recorded in
 * the database with who recorded it, and the transfer list at the effective date without the objectors. The
 * database is where the two meet: an objection and the list are each written in one transaction, so an objection
 * is either on time for the list or refused, never lost between them.
 */
import type { Db } from '../db';
import { appendAuditEvent } from '../db/audit';
import { findCase, type CaseRow } from '../db/cases';
import { timestamp } from '../db/index';
import { findLatestRecord, insertCaseRecord } from '../db/records';
import { amsterdamDate } from '../lib/calendar';
import { invalidInput, PrivacyloketError } from '../lib/errors';
import { parseInstant } from '../lib/instants';
import type { Policy } from '../policies/schema';
import { OBJECTION_CHANNELS, type TransferStart } from '../workflows/transfer-messages';
import type { CasePersonRow } from './case-people';

export interface Objection {
  /** The person as the officer finds them: the line of the imported CSV file, or their id. */
  line?: number;
  person?: number;
  /** When it came in: a date (that day in Amsterdam) or a date-time with its offset. */
  received: string;
  how: string;
  note?: string;
  by: string;
}

/** The transfer list in numbers, as the audit event and the workflow keep it. */
export interface TransferList {
  transferred: number;
  excluded: number;
}

/** A transfer case and what its start recorded. */
async function transferCase(db: Db, reference: string): Promise<{ row: CaseRow; start: TransferStart }> {
  const row = await findCase(db, reference);
  if (row.process !== 'transfer')
    throw invalidInput('<reference>', `is a case of process ${row.process}, not a transfer`);
  const start = await findLatestRecord<TransferStart>(db, row.id, 'transfer.request');
  if (!start)
    throw new PrivacyloketError('not-found', `${reference} has no recorded start (transfer.request).`);
  return { row, start };
}

/** What the notice says beyond its addressee: who takes over, from when, why, and until when to object. */
export async function transferNoticeDetails(db: Db, row: CaseRow, policy: Policy) {
  const { start } = await transferCase(db, row.reference);
  return { transfer: { ...start, noticeBefore: policy.processes.transfer.noticeBefore } };
}

/**
 * Records one person's objection: received before the effective date (after it, the file has moved), once per
 * person, and not after the transfer list was made. Answers the person's CSV line, which is all the workflow hears.
 */
export async function recordObjection(db: Db, reference: string, objection: Objection, now = new Date()) {
  const { row, start } = await transferCase(db, reference);
  if ((objection.line === undefined) === (objection.person === undefined))
    throw invalidInput('--line', 'or --person must be given, one of them: which person objects');
  const received = parseInstant('--received', objection.received);
  const receivedDate = amsterdamDate(received);
  if (received.getTime() > now.getTime())
    throw invalidInput('--received', `is ${objection.received}, which is in the future`);
  if (receivedDate >= start.effectiveDate)
    throw invalidInput(
      '--received',
      `is ${receivedDate}, on or after the transfer's effective date ${start.effectiveDate}: objections had to come in by ${start.objectBy}, so this one is too late to keep the file out of the transfer`,
    );
  if (!(OBJECTION_CHANNELS as readonly string[]).includes(objection.how))
    throw invalidInput('--how', `must be one of ${OBJECTION_CHANNELS.join(', ')}, got '${objection.how}'`);
  if (objection.note !== undefined && (objection.note.trim() === '' || objection.note.length > 2000))
    throw invalidInput('--note', 'must be a text of at most 2000 characters');
  return db.transaction(async (trx) => {
    const list = await findLatestRecord<{ recordedAt: string }>(trx, row.id, 'transfer.list');
    if (list)
      throw new PrivacyloketError(
        'invalid-input',
        `${reference}: the transfer list was recorded at ${list.recordedAt}; an objection can no longer keep a file out of it.`,
        '--received',
      );
    const [field, value] =
      objection.line !== undefined ? ['--line', objection.line] : ['--person', objection.person];
    const person = await trx<CasePersonRow>('case_people')
      .where({ case_id: row.id, ...(objection.line !== undefined ? { line: value } : { id: value }) })
      .first();
    if (!person)
      throw new PrivacyloketError('not-found', `${field} ${value} names nobody of ${reference}.`, field);
    if (person.objection_received_at)
      throw invalidInput(
        field,
        `${value}: this person's objection is recorded already (received ${amsterdamDate(new Date(person.objection_received_at))})`,
      );
    await trx<CasePersonRow>('case_people')
      .where({ id: person.id })
      .update({
        objection_received_at: received.toISOString(),
        objection_how: objection.how,
        objection_note: objection.note?.trim() ?? null,
        objection_recorded_by: objection.by,
        objection_recorded_at: timestamp(now),
      });
    await appendAuditEvent(trx, {
      type: 'transfer.objection-recorded',
      actor: objection.by,
      caseId: row.id,
      data: { person: person.id, line: person.line, received: receivedDate, how: objection.how },
    });
    return { person: person.id, line: person.line, received: receivedDate };
  });
}

/** Everyone of the transfer, in the order of the file, each transferred or kept out by their objection. */
export async function transferPeople(db: Db, reference: string) {
  const { row, start } = await transferCase(db, reference);
  const people = await db<CasePersonRow>('case_people').where({ case_id: row.id }).orderBy('line');
  return {
    reference,
    to: start.to,
    effectiveDate: start.effectiveDate,
    listRecorded: (await findLatestRecord(db, row.id, 'transfer.list')) !== undefined,
    people: people.map((person) => ({
      line: person.line,
      person: person.id,
      name: person.name,
      status: person.objection_received_at ? ('objected' as const) : ('transferred' as const),
      objection: person.objection_received_at
        ? {
            received: amsterdamDate(new Date(person.objection_received_at)),
            how: person.objection_how!,
            ...(person.objection_note ? { note: person.objection_note } : {}),
          }
        : undefined,
    })),
  };
}

/**
 * The transfer list at the effective date: who moves to the other controller, and who stays out because they
 * objected (art. 7:457 BW), in the case's records; the audit event gets the numbers. Made once: a retried activity
 * finds it and answers its numbers.
 */
export async function recordTransferList(db: Db, reference: string, now = new Date()): Promise<TransferList> {
  const { row, start } = await transferCase(db, reference);
  return db.transaction(async (trx) => {
    const made = await findLatestRecord<TransferList>(trx, row.id, 'transfer.list');
    if (made) return { transferred: made.transferred, excluded: made.excluded };
    const people = await trx<CasePersonRow>('case_people').where({ case_id: row.id }).orderBy('line');
    const moving = people.filter((person) => !person.objection_received_at);
    const staying = people.filter((person) => person.objection_received_at);
    const counts = { transferred: moving.length, excluded: staying.length };
    const record = await insertCaseRecord(trx, {
      caseId: row.id,
      type: 'transfer.list',
      data: {
        ...counts,
        to: start.to,
        effectiveDate: start.effectiveDate,
        recordedAt: now.toISOString(),
        transfer: moving.map(({ id, line, name }) => ({ person: id, line, name })),
        excludedByObjection: staying.map(({ id, line, name, objection_received_at, objection_how }) => ({
          person: id,
          line,
          name,
          received: amsterdamDate(new Date(objection_received_at!)),
          how: objection_how,
        })),
      },
      actor: 'system',
    });
    await appendAuditEvent(trx, {
      type: 'transfer.list-recorded',
      actor: 'system',
      caseId: row.id,
      data: { ...counts, effectiveDate: start.effectiveDate, ...record },
      key: `${reference}/transfer-list`,
    });
    return counts;
  });
}

/**
 * A closed request's own case file (SPEC "Cases and parties"): kept as the evidence that the request was handled
 * (AVG art. 5(2), 17(3)(e)) by a retention schedule of its own, then destroyed whole by Privacyloket, which holds
 * it: no data owner is asked. What stays is what proves the request was handled without saying about whom: the
 * case row (reference, process, policy, dates, statuses), the letters' kinds and SHA-256, the records' SHA-256, the
 * hash-chained audit trail and the destruction register's entry.
 */
import type { Knex } from 'knex';
import type { Db } from '../db';
import { appendAuditEvent } from '../db/audit';
import { findCase, insertCase, markWorkflowStarted, type CaseRow } from '../db/cases';
import { timestamp } from '../db/index';
import { caseFileCategory, caseFileDeadline, caseFileRules } from '../lib/case-file';
import { PrivacyloketError } from '../lib/errors';
import { loadPolicy } from '../policies/load';
import type { Mailer } from './mail';

export interface CaseFileSchedule {
  /** The retention schedule's reference (BEW-…), its workflow's id. */
  schedule: string;
  dueAt: string;
}

/**
 * Every column of a case's rows that says who someone is or what the file said about them, and what takes its place
 * (`at`: when the file was destroyed). A column a schema requires keeps an empty value; the rows stay, so that what
 * refers to them (a letter's party, an audit event's record id) still points somewhere.
 */
const personalColumns = (at: string): { table: string; blank: Record<string, unknown> }[] => [
  {
    table: 'subjects',
    blank: {
      name: null,
      email: null,
      postal_address: null,
      phone: null,
      birth_date: null,
      data: null,
      anonymised_at: at,
    },
  },
  { table: 'parties', blank: { name: '', email: null, postal_address: null, phone: null } },
  { table: 'case_people', blank: { name: '', email: null, postal_address: null, objection_note: null } },
  // The letters' and documents' bytes; their kinds and SHA-256 stay as the proof of what was sent.
  { table: 'letters', blank: { pdf: Buffer.alloc(0), password: null } },
  { table: 'documents', blank: { content: Buffer.alloc(0), filename: '' } },
  { table: 'outbox', blank: { recipient: '' } },
  // Decisions, reasons, recipients, weighings in full: the audit trail keeps each record's SHA-256.
  { table: 'case_records', blank: { data: '{}' } },
  // A data owner's "how" is free text that may describe the person.
  { table: 'tasks', blank: { how: null } },
];

export function caseFileActivities(db: Db, policiesDir: string, mailer: Pick<Mailer, 'discard'>) {
  return {
    /**
     * Registers the retention schedule of a closed case's file, due the policy's `requestFiles` period after
     * `closedAt`: once per case (a retry finds the schedule it registered). Its workflow is started by the caller.
     */
    async keepCaseFile({ reference, closedAt }: { reference: string; closedAt: string }) {
      const row = await findCase(db, reference);
      if (row.file_schedule) return scheduleOf(db, row.file_schedule);
      const policy = await loadPolicy(row.policy_id, policiesDir);
      const category = caseFileCategory(row.process);
      const rule = caseFileRules(policy)[category];
      if (!rule)
        throw new PrivacyloketError(
          'invalid-config',
          `Policy ${row.policy_id} gives ${row.process} cases no requestFiles period.`,
        );
      const closed = new Date(closedAt);
      const { dueAt } = caseFileDeadline(rule, closed, policy.holidays);
      await db.transaction(async (trx) => {
        const { reference: schedule } = await insertCase(trx, {
          process: 'retention',
          policyId: row.policy_id,
          locale: row.locale,
          receivedAt: closed,
          registeredAt: closed,
          dueAt,
          request: { category, from: closedAt, dossier: reference },
          actor: 'system',
        });
        // Two attempts at once: the one that did not get here first undoes its schedule.
        const claimed = await trx<CaseRow>('cases')
          .where({ id: row.id })
          .whereNull('file_schedule')
          .update({ file_schedule: schedule });
        if (claimed === 0) throw new Error(`${reference}: its file's schedule was registered meanwhile`);
        await appendAuditEvent(trx, {
          type: 'case-file.kept',
          actor: 'system',
          caseId: row.id,
          data: { schedule, dueAt: timestamp(dueAt) },
          key: `${reference}/case-file/kept`,
        });
      });
      return scheduleOf(db, (await findCase(db, reference)).file_schedule!);
    },

    /** The schedule's workflow runs: the reconciliation need not start it. */
    async caseFileScheduleStarted(schedule: string): Promise<void> {
      await markWorkflowStarted(db, schedule);
    },

    /**
     * Destroys the case's file: its personal data in every table, with the audit event, in one transaction; then
     * its mail's files in the outbox folder. Run again (a retry), it finds the file destroyed and changes nothing
     * but files a crash may have left. Answers when it was destroyed (`at`, the workflow's moment, the first time).
     */
    async destroyCaseFile({
      reference,
      schedule,
      at,
    }: {
      reference: string;
      schedule: string;
      at: string;
    }): Promise<{ destroyedAt: string }> {
      const row = await findCase(db, reference);
      if (row.status !== 'closed')
        throw new PrivacyloketError(
          'invalid-input',
          `${reference} is ${row.status}: only a closed case's file goes.`,
        );
      const destroyedAt = await db.transaction(async (trx) => {
        const current = (await trx<CaseRow>('cases').where({ id: row.id }).first('file_destroyed_at'))!;
        if (current.file_destroyed_at) return current.file_destroyed_at;
        const rows = await blankPersonalData(trx, row, at);
        // The schedule's own records: a legal hold's reason, a release's note, typed about this request.
        rows.schedule_records = await trx('case_records')
          .whereIn('case_id', trx<CaseRow>('cases').select('id').where({ reference: schedule }))
          .whereNot({ type: 'retention.request' })
          .update({ data: '{}' });
        await trx<CaseRow>('cases')
          .where({ id: row.id })
          .update({ file_destroyed_at: at, updated_at: timestamp(new Date()) });
        await appendAuditEvent(trx, {
          type: 'case-file.destroyed',
          actor: 'system',
          caseId: row.id,
          data: { schedule, destroyedAt: at, rows },
          key: `${reference}/case-file/destroyed`,
        });
        return at;
      });
      await mailer.discard(reference);
      return { destroyedAt };
    },
  };
}

async function scheduleOf(db: Db, schedule: string): Promise<CaseFileSchedule> {
  const row = await findCase(db, schedule);
  return { schedule, dueAt: row.due_at };
}

/** Blanks every personal column of the case's rows; answers how many rows of each table it touched. */
async function blankPersonalData(
  trx: Knex.Transaction,
  row: CaseRow,
  at: string,
): Promise<Record<string, number>> {
  const rows: Record<string, number> = {};
  for (const { table, blank } of personalColumns(at))
    rows[table] = await trx(table)
      .where(table === 'subjects' ? { id: row.subject_id } : { case_id: row.id })
      .update(blank);
  return rows;
}

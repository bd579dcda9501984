/**
 * What a workflow needs to know about its case, and how it records progress. Workflows receive references,
 * dates and policy settings only: the subject's personal data stays in the database.
 */
import type { Db } from '../db';
import { appendAuditEvent } from '../db/audit';
import { findCase, type CaseRow } from '../db/cases';
import { insertDestruction, type Destruction } from '../db/destructions';
import { timestamp } from '../db/index';
import { insertParty, type Party, type TaskRow } from '../db/parties';
import { findLatestRecord, insertCaseRecord } from '../db/records';
import { caseFileRules } from '../lib/case-file';
import type { Process } from '../lib/processes';
import type { LetterStatus } from '../workflows/case/messages';
import { loadPolicy } from '../policies/load';
import type { Policy } from '../policies/schema';

/** What a workflow knows of its case: references, dates, the policy's settings, and the request's own details. */
export interface CaseFile<P extends Process = Process> {
  caseId: number;
  reference: string;
  process: P;
  policyId: string;
  /** The case's language: its letters', and that of the text its workflow writes into its records (reasons). */
  locale: 'nl' | 'en';
  receivedAt: string;
  dueAt: string;
  settings: Policy['processes'][P];
  holidays: Policy['holidays'];
  /** The policy's data categories, with each one's retention duty and whether it blocks erasure. */
  retention: Policy['retention'];
  /** What the request asks beyond the subject's name and addresses (the changes, what to erase, …). */
  request: Record<string, unknown>;
}

/** A party for a case, added once per key by the workflow that names it (a recipient, a data owner). */
export interface NewParties {
  caseId: number;
  key: string;
  parties: Party[];
}

export interface CaseProgress {
  /** Recorded once: a retried activity finds its event and changes nothing again. */
  key: string;
  caseId: number;
  actor: string;
  /** An audit event: `access.identity-verified`, `access.extended`, … with references, dates and outcomes only. */
  event: { type: string; data?: Record<string, unknown> };
  dueAt?: string;
  closed?: boolean;
  /** A letter whose delivery status changes with this event (posted by the officer). */
  letter?: { id: number; status: LetterStatus };
  /** A task its data owner has carried out, confirmed with who, when and how. */
  task?: { number: number; by: string; at: string; how: string };
  /** A destruction its data owner confirmed: an entry in the destruction register. */
  destruction?: Destruction;
  /**
   * What the event is evidence of, in full (a decision with its reasons, a weighing): may hold personal data, so
   * it is kept in the case's records and the audit event gets its id and SHA-256.
   */
  evidence?: Record<string, unknown>;
}

export function caseActivities(
  db: Db,
  policiesDir: string,
  officerNotice: (reference: string, template: string, key: string, context: object) => Promise<void>,
) {
  async function loadCase(reference: string): Promise<CaseFile> {
    const row = await findCase(db, reference);
    const policy = await loadPolicy(row.policy_id, policiesDir);
    const request = await findLatestRecord<Record<string, unknown>>(db, row.id, `${row.process}.request`);
    return {
      caseId: row.id,
      reference,
      process: row.process,
      policyId: row.policy_id,
      locale: row.locale,
      receivedAt: row.received_at,
      dueAt: row.due_at,
      settings: policy.processes[row.process],
      holidays: policy.holidays,
      // A retention schedule may keep a closed case's own file, by the rule its process's settings give.
      retention:
        row.process === 'retention' ? { ...policy.retention, ...caseFileRules(policy) } : policy.retention,
      request: request ?? {},
    };
  }

  return {
    loadCase,
    /** The name the access request's first versions used: their histories replay against it. */
    loadAccessCase: loadCase,

    async addParties({ caseId, key, parties }: NewParties): Promise<number[]> {
      return db.transaction(async (trx) => {
        const ids: number[] = [];
        for (const [index, party] of parties.entries())
          ids.push(await insertParty(trx, caseId, party, `${key}/${index + 1}`));
        return ids;
      });
    },

    /** The case row, its letter, its record and its audit event change together, in one transaction. */
    async recordProgress(progress: CaseProgress): Promise<void> {
      await db.transaction(async (trx) => {
        if (await trx('audit_events').where({ idempotency_key: progress.key }).first('id')) return;
        const now = timestamp(new Date());
        await trx<CaseRow>('cases')
          .where({ id: progress.caseId })
          .update({
            updated_at: now,
            ...(progress.dueAt ? { due_at: progress.dueAt } : {}),
            ...(progress.closed ? { closed_at: now, status: 'closed' } : {}),
          });
        if (progress.task) {
          const { number, by, at, how } = progress.task;
          await trx<TaskRow>('tasks')
            .where({ case_id: progress.caseId, number })
            .update({ status: 'done', confirmed_by: by, confirmed_at: at, how });
        }
        if (progress.destruction) await insertDestruction(trx, progress.caseId, progress.destruction);
        if (progress.letter) {
          await trx('letters')
            .where({ id: progress.letter.id, case_id: progress.caseId })
            .update({ status: progress.letter.status, status_at: now });
        }
        const evidence = progress.evidence
          ? await insertCaseRecord(trx, {
              caseId: progress.caseId,
              type: progress.event.type,
              data: progress.evidence,
              actor: progress.actor,
            })
          : {};
        await appendAuditEvent(trx, {
          type: progress.event.type,
          actor: progress.actor,
          caseId: progress.caseId,
          data: { ...progress.event.data, ...evidence },
          key: progress.key,
        });
      });
    },

    /**
     * A case whose workflow ended without closing it (an error, a termination): marked failed, so that `case` and
     * `cases` show it, and the officer is told by mail (reference only). Idempotent.
     */
    async recordCaseFailure(reference: string, workflowStatus: string): Promise<boolean> {
      const row = await findCase(db, reference);
      if (row.status !== 'open') return false;
      await db.transaction(async (trx) => {
        const now = timestamp(new Date());
        await trx<CaseRow>('cases')
          .where({ id: row.id })
          .update({ status: 'failed', failed_at: now, updated_at: now });
        await appendAuditEvent(trx, {
          type: 'case.failed',
          actor: 'system',
          caseId: row.id,
          data: { workflowStatus },
          key: `${reference}/failed`,
        });
      });
      await officerNotice(reference, 'failed', `${reference}/failed-notice`, { workflowStatus });
      return true;
    },
  };
}

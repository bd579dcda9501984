/**
 * What a workflow needs to know about its case, and how it records progress. Workflows receive references,
 * dates and policy settings only: the subject's personal data stays in the database.
 */
import type { Db } from '../db';
import { appendAuditEvent } from '../db/audit';
import { findCase, type CaseRow } from '../db/cases';
import { timestamp } from '../db/index';
import { loadPolicy } from '../policies/load';
import type { Policy } from '../policies/schema';

export interface AccessCase {
  caseId: number;
  reference: string;
  policyId: string;
  receivedAt: string;
  dueAt: string;
  settings: Policy['processes']['access'];
  holidays: Policy['holidays'];
}

export interface CaseProgress {
  /** Recorded once: a retried activity finds its event and changes nothing again. */
  key: string;
  caseId: number;
  actor: string;
  /** An audit event: `access.identity-verified`, `access.extended`, … with references, dates and outcomes only. */
  event: { type: string; data?: Record<string, unknown> };
  status?: string;
  dueAt?: string;
  closed?: boolean;
}

export function caseActivities(db: Db, policiesDir: string) {
  return {
    async loadAccessCase(reference: string): Promise<AccessCase> {
      const row = await findCase(db, reference);
      const policy = await loadPolicy(row.policy_id, policiesDir);
      return {
        caseId: row.id,
        reference,
        policyId: row.policy_id,
        receivedAt: row.received_at,
        dueAt: row.due_at,
        settings: policy.processes.access,
        holidays: policy.holidays,
      };
    },

    /** The case row and its audit event change together, in one transaction. */
    async recordProgress(progress: CaseProgress): Promise<void> {
      await db.transaction(async (trx) => {
        if (await trx('audit_events').where({ idempotency_key: progress.key }).first('id')) return;
        const now = timestamp(new Date());
        await trx<CaseRow>('cases')
          .where({ id: progress.caseId })
          .update({
            updated_at: now,
            ...(progress.status ? { status: progress.status } : {}),
            ...(progress.dueAt ? { due_at: progress.dueAt } : {}),
            ...(progress.closed ? { closed_at: now, status: 'closed' } : {}),
          });
        await appendAuditEvent(trx, {
          type: progress.event.type,
          actor: progress.actor,
          caseId: progress.caseId,
          data: progress.event.data ?? {},
          key: progress.key,
        });
      });
    },
  };
}

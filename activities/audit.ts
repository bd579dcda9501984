import type { Db } from '../db';
import { appendAuditEvent } from '../db/audit';

export interface AuditEventInput {
  type: string;
  actor: string;
  caseId?: number | null;
  /** References, dates and decisions only: the trail is append-only, so it must never hold personal data. */
  data?: Record<string, unknown>;
}

export function auditActivities(db: Db) {
  return {
    async appendAuditEvent(event: AuditEventInput): Promise<{ id: number; hash: string }> {
      const { id, hash } = await appendAuditEvent(db, event);
      return { id, hash };
    },
  };
}

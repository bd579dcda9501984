/**
 * The case's records: the officer's decisions, weighings and reasons in full. They may hold personal data, so
 * they live here beside the case (erased with it) and not in the audit trail, whose event names the record's
 * id and SHA-256: the trail proves what the record said without saying it.
 */
import type { Knex } from 'knex';
import { canonicalJson } from './audit';
import { timestamp } from './index';
import { sha256 } from './letters';

export interface CaseRecordRow {
  id: number;
  case_id: number;
  type: string;
  data: string;
  sha256: string;
  actor: string;
  created_at: string;
}

export async function insertCaseRecord(
  db: Knex,
  record: { caseId: number; type: string; data: Record<string, unknown>; actor: string },
): Promise<{ recordId: number; recordSha256: string }> {
  const data = canonicalJson(record.data);
  const hash = sha256(data);
  const [row] = await db<CaseRecordRow>('case_records')
    .insert({
      case_id: record.caseId,
      type: record.type,
      data,
      sha256: hash,
      actor: record.actor,
      created_at: timestamp(new Date()),
    })
    .returning('id');
  return { recordId: row!.id, recordSha256: hash };
}

/** The latest record of `type` for the case, parsed. */
export async function findLatestRecord<T>(db: Knex, caseId: number, type: string): Promise<T | undefined> {
  const row = await db<CaseRecordRow>('case_records')
    .where({ case_id: caseId, type })
    .orderBy('id', 'desc')
    .first('data');
  return row ? (JSON.parse(row.data) as T) : undefined;
}

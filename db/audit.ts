/**
 * The audit trail: every event hash-chained to the one before it, so that a changed, removed or inserted row
 * shows. Event data holds references, dates, decisions and hashes — never personal data, because the trail is
 * append-only and a subject's erasure could never reach it.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { timestamp } from './index';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEvent {
  id: number;
  at: string;
  type: string;
  caseId: number | null;
  actor: string;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface NewAuditEvent {
  type: string;
  actor: string;
  caseId?: number | null;
  data?: Record<string, unknown>;
  at?: Date;
  /** Written once under this key: a retried activity finds its event and appends nothing. */
  key?: string;
}

/** A row of audit_events as stored. */
export interface AuditEventRow {
  id: number;
  at: string;
  type: string;
  case_id: number | null;
  actor: string;
  data: string;
  prev_hash: string;
  hash: string;
  idempotency_key: string | null;
}

/**
 * JSON with keys sorted at every level and no whitespace: the same event always hashes the same, on any database
 * and whatever order its keys were written in. Values with `toJSON` (a Date) serialise as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (typeof (value as { toJSON?: unknown } | null)?.toJSON === 'function') {
    return canonicalJson((value as { toJSON(): unknown }).toJSON());
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The hash of a row covers the previous hash and everything the row says, but not its id: the chain itself
 * defines the order, and the id is assigned by the database after the hash is computed.
 */
function hashOf(
  prevHash: string,
  row: Pick<AuditEventRow, 'at' | 'type' | 'case_id' | 'actor' | 'data'>,
): string {
  const body = canonicalJson({
    at: row.at,
    type: row.type,
    caseId: row.case_id,
    actor: row.actor,
    data: row.data,
  });
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}

/**
 * A concurrent writer took our place in the chain (unique prev_hash), or, on SQLite, holds the write lock that
 * our read-then-write transaction needs: SQLite refuses to upgrade a read snapshot that another writer outdated.
 * Inside a caller's transaction only PostgreSQL's unique violation is worth retrying: its savepoint is rolled
 * back and, under READ COMMITTED, the next read sees the winner; a stale SQLite snapshot stays stale.
 */
function lostRace(error: unknown, inTransaction: boolean): boolean {
  const { code, message } = error as { code?: string; message?: string };
  if (code === '23505') return true;
  if (inTransaction) return false;
  return code === 'SQLITE_BUSY' || (code === 'SQLITE_CONSTRAINT' && /UNIQUE/.test(message ?? ''));
}

const MAX_ATTEMPTS = 50;

/**
 * Appends one event. Given a transaction, it writes inside it, so a case and its event commit together or not
 * at all. A lost race against a concurrent writer is retried, a bounded number of times.
 */
export async function appendAuditEvent(
  db: Knex | Knex.Transaction,
  event: NewAuditEvent,
): Promise<AuditEvent> {
  const row = {
    at: timestamp(event.at ?? new Date()),
    type: event.type,
    case_id: event.caseId ?? null,
    actor: event.actor,
    data: canonicalJson(event.data ?? {}),
  };
  const append = async (trx: Knex.Transaction): Promise<AuditEvent> => {
    const earlier = event.key
      ? await trx<AuditEventRow>('audit_events').where({ idempotency_key: event.key }).first()
      : undefined;
    if (earlier) return fromRow(earlier);
    const last = await trx<AuditEventRow>('audit_events').orderBy('id', 'desc').first('hash');
    const prevHash = last?.hash ?? GENESIS_HASH;
    const hash = hashOf(prevHash, row);
    const [inserted] = await trx<AuditEventRow>('audit_events')
      .insert({ ...row, prev_hash: prevHash, hash, idempotency_key: event.key ?? null })
      .returning('id');
    const { at, type, actor } = row;
    return { id: inserted!.id, at, type, caseId: row.case_id, actor, data: event.data ?? {}, prevHash, hash };
  };
  for (let attempt = 1; ; attempt++) {
    try {
      // Inside a caller's transaction this opens a savepoint, so a lost race undoes only this attempt.
      return await db.transaction(append);
    } catch (error) {
      if (!lostRace(error, db.isTransaction === true) || attempt >= MAX_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * Math.min(attempt, 10)));
    }
  }
}

function fromRow(row: AuditEventRow): AuditEvent {
  const { id, at, type, case_id: caseId, actor, prev_hash: prevHash, hash } = row;
  return {
    id,
    at,
    type,
    caseId,
    actor,
    data: JSON.parse(row.data) as Record<string, unknown>,
    prevHash,
    hash,
  };
}

export type AuditVerification =
  | { ok: true; count: number; lastHash: string }
  | { ok: false; count: number; broken: { id: number; at: string; type: string; reason: string } };

/** Walks the whole trail in order and names the first event that does not match its hash or its link. */
export async function verifyAuditTrail(db: Knex, pageSize = 1000): Promise<AuditVerification> {
  let prevHash = GENESIS_HASH;
  let prevId: number | null = null;
  let count = 0;
  for (;;) {
    const rows = await db<AuditEventRow>('audit_events')
      .where('id', '>', prevId ?? 0)
      .orderBy('id')
      .limit(pageSize);
    for (const row of rows) {
      const reason =
        row.prev_hash !== prevHash
          ? prevId === null
            ? 'it should start the chain but names a previous hash'
            : `its previous hash does not match event ${prevId}`
          : hashOf(row.prev_hash, row) !== row.hash
            ? 'its contents do not match its hash'
            : undefined;
      if (reason) return { ok: false, count, broken: { id: row.id, at: row.at, type: row.type, reason } };
      prevHash = row.hash;
      prevId = row.id;
      count++;
    }
    if (rows.length < pageSize) return { ok: true, count, lastHash: prevHash };
  }
}

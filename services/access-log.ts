/**
 * The access log of the desk, in the manner of NEN 7513 (logging of access to care records): who, when, which
 * case, what and with what outcome, for every view of a case and every action, login and export. A case is named
 * by its reference, never by its subject. Entries are only ever added.
 */
import { createHash } from 'node:crypto';
import { timestamp, type Db } from '../db';
import { appendAuditEvent } from '../db/audit';
import type { DeskUser, Role } from './users';

export const ACCESS_ACTIONS = [
  'view',
  'action',
  'login',
  'logout',
  'login-failed',
  'export',
  'denied',
] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];
export type AccessOutcome = 'ok' | 'refused' | 'denied';

export interface AccessEntry {
  at: Date;
  /** Who, when known; a failed login has only the `username` typed. */
  user: DeskUser | undefined;
  username?: string;
  action: AccessAction;
  reference?: string;
  /** The page or command: `case`, `access decide`. */
  what: string;
  ip?: string;
  outcome?: AccessOutcome;
}

export interface AccessLogRow {
  id: number;
  at: Date;
  userId: number | null;
  username: string | null;
  role: Role | null;
  action: AccessAction;
  reference: string | null;
  what: string;
  ip: string | null;
  outcome: AccessOutcome;
}

interface StoredRow {
  id: number;
  at: string;
  user_id: number | null;
  username: string | null;
  role: Role | null;
  action: AccessAction;
  reference: string | null;
  what: string;
  ip: string | null;
  outcome: AccessOutcome;
}

export async function logAccess(db: Db, entry: AccessEntry): Promise<void> {
  await db('access_log').insert({
    at: timestamp(entry.at),
    user_id: entry.user?.id ?? null,
    // Usernames are lower-case; what a stranger typed at the login is kept as short as the column.
    username: (entry.user?.username ?? entry.username)?.trim().toLowerCase().slice(0, 100) ?? null,
    role: entry.user?.role ?? null,
    action: entry.action,
    reference: entry.reference ?? null,
    what: entry.what.slice(0, 200),
    ip: entry.ip?.slice(0, 64) ?? null,
    outcome: entry.outcome ?? 'ok',
  });
}

export type AccessLogFilter = { from?: Date; to?: Date; reference?: string; username?: string };

/** References are capitals, usernames lower-case, however they were typed. */
const normaliseFilter = (filter: AccessLogFilter): AccessLogFilter => ({
  ...filter,
  reference: filter.reference?.trim().toUpperCase() || undefined,
  username: filter.username?.trim().toLowerCase() || undefined,
});

/** The entries within the filter, newest first; `to` is included. */
export async function readAccessLog(
  db: Db,
  filter: AccessLogFilter & { limit?: number },
): Promise<AccessLogRow[]> {
  const query = db<StoredRow>('access_log').orderBy([
    { column: 'at', order: 'desc' },
    { column: 'id', order: 'desc' },
  ]);
  if (filter.from) query.where('at', '>=', timestamp(filter.from));
  if (filter.to) query.where('at', '<=', timestamp(filter.to));
  const { reference, username } = normaliseFilter(filter);
  if (reference) query.where('reference', reference);
  if (username) query.where('username', username);
  if (filter.limit !== undefined) query.limit(filter.limit);
  return (await query).map((row) => ({
    id: row.id,
    at: new Date(row.at),
    userId: row.user_id,
    username: row.username,
    role: row.role,
    action: row.action,
    reference: row.reference,
    what: row.what,
    ip: row.ip,
    outcome: row.outcome,
  }));
}

const CSV_COLUMNS = ['at', 'username', 'role', 'action', 'reference', 'what', 'ip', 'outcome'] as const;

/**
 * RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. A field that a spreadsheet
 * would run as a formula (what a stranger typed as a username at the login) gets a leading apostrophe.
 */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[,"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The log as CSV: a header row, one row per entry, moments in ISO 8601 UTC, lines ending CRLF. */
export function accessLogCsv(rows: AccessLogRow[]): string {
  const lines = [
    [...CSV_COLUMNS],
    ...rows.map((row) =>
      CSV_COLUMNS.map((column) => (column === 'at' ? row.at.toISOString() : (row[column] ?? ''))),
    ),
  ];
  return lines.map((line) => line.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/**
 * The log within `filter` as CSV, recorded in the audit trail with the file's SHA-256 (as every register export
 * is): who took the log out of the system, and which version.
 */
export async function exportAccessLog(
  db: Db,
  filter: AccessLogFilter,
  by: string,
): Promise<{ content: string; sha256: string; rows: AccessLogRow[] }> {
  const rows = await readAccessLog(db, filter);
  const content = accessLogCsv(rows);
  const sha256 = createHash('sha256').update(content).digest('hex');
  const { from, to, reference, username } = normaliseFilter(filter);
  await appendAuditEvent(db, {
    type: 'desk.access-log-exported',
    actor: by,
    data: {
      entries: rows.length,
      sha256,
      from: from?.toISOString(),
      to: to?.toISOString(),
      reference,
      username,
    },
  });
  return { content, sha256, rows };
}

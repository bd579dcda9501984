/**
 * The desk's list of cases: one page of them, filtered, ordered by deadline, with the days left and the urgency
 * the desk colours them by. Filtering, ordering, paging and counting all happen in the database (indexes of
 * migration 0013), so a page of 100,000 cases comes in a few milliseconds.
 */
import type { Knex } from 'knex';
import { timestamp, type Db } from '../db';
import type { CaseStatus } from '../db/cases';
import { addDays, amsterdamDate, endOfAmsterdamDay } from '../lib/calendar';
import type { Process } from '../lib/processes';
import { daysLeft } from '../cli/output';

export type Urgency = 'overdue' | 'due-2' | 'due-7' | 'later' | 'closed';

export interface CaseListFilter {
  process?: Process;
  /** Default: the cases not closed (open and failed: failed ones need the officer most). */
  status?: 'open' | 'closed' | 'failed' | 'all';
  policy?: string;
  /**
   * Cases not closed that are overdue, or due within 2 or 7 calendar days (Amsterdam) and not overdue: `due-7`
   * includes the `due-2` cases, as "due within a week" does.
   */
  urgency?: 'overdue' | 'due-2' | 'due-7';
  /** A Gebruiker (Buurderij art. 14) sees only the cases assigned to them: their username. */
  assignee?: string;
  /** A case reference's beginning, e.g. `INZ-2026` (case does not matter). */
  search?: string;
  /** 1-based; past the last page gives the last page. */
  page?: number;
  /** Default 50, at most 200. */
  perPage?: number;
}

export interface CaseListRow {
  reference: string;
  process: Process;
  policy: string;
  status: CaseStatus;
  locale: 'nl' | 'en';
  receivedAt: Date;
  dueAt: Date;
  closedAt: Date | undefined;
  /** Calendar days in Amsterdam to the due date: 0 on the day itself, negative after it. */
  daysLeft: number;
  urgency: Urgency;
  assignee: string | null;
  /** Personal data: shown to those who may see the case, never logged. */
  subjectName: string | null;
}

export interface CaseListPage {
  rows: CaseListRow[];
  total: number;
  page: number;
  pages: number;
}

const PER_PAGE = 50;
const MAX_PER_PAGE = 200;

/** How close a deadline is: passed, within 2 or 7 Amsterdam calendar days, later; a closed case has none. */
export function urgencyOf(dueAt: Date, now: Date, status: CaseStatus): Urgency {
  if (status === 'closed') return 'closed';
  if (dueAt.getTime() < now.getTime()) return 'overdue';
  const days = daysLeft(dueAt, now);
  return days <= 2 ? 'due-2' : days <= 7 ? 'due-7' : 'later';
}

/** One page of the cases that match `filter`, with how many match in all. */
export async function listDeskCases(db: Db, filter: CaseListFilter, now: Date): Promise<CaseListPage> {
  const matching = () => db('cases').modify(whereMatches, filter, now);
  const [{ total }] = (await matching().count({ total: '*' })) as [{ total: number | string }];
  const perPage = Math.min(Math.max(Math.trunc(filter.perPage ?? PER_PAGE) || PER_PAGE, 1), MAX_PER_PAGE);
  const pages = Math.max(Math.ceil(Number(total) / perPage), 1);
  const page = Math.min(Math.max(Math.trunc(filter.page ?? 1) || 1, 1), pages);
  const order = filter.status === 'closed' ? ORDER_CLOSED : ORDER_OPEN;
  // The page's ids first, from the index alone; only those 50 rows are then read and joined to their subject.
  const ids = matching()
    .select('cases.id')
    .orderBy(order)
    .limit(perPage)
    .offset((page - 1) * perPage);
  const rows = (await db('cases')
    .join(ids.as('page'), 'page.id', 'cases.id')
    .leftJoin('subjects', 'subjects.id', 'cases.subject_id')
    .select(
      'cases.reference',
      'cases.process',
      'cases.policy_id',
      'cases.status',
      'cases.locale',
      'cases.received_at',
      'cases.due_at',
      'cases.closed_at',
      'cases.assignee',
      'subjects.name as subject_name',
    )
    .orderBy(order)) as ListedRow[];
  return { rows: rows.map((row) => listed(row, now)), total: Number(total), page, pages };
}

const ORDER_OPEN = [
  { column: 'cases.due_at', order: 'asc' },
  { column: 'cases.reference', order: 'asc' },
];
const ORDER_CLOSED = [
  { column: 'cases.closed_at', order: 'desc' },
  { column: 'cases.reference', order: 'asc' },
];

const STATUSES: readonly CaseStatus[] = ['open', 'failed', 'closed'];

function whereMatches(query: Knex.QueryBuilder, filter: CaseListFilter, now: Date): void {
  const { status, urgency } = filter;
  const wanted = status === undefined ? ['open', 'failed'] : status === 'all' ? STATUSES : [status];
  // A closed case has no urgency. `IN` rather than `<> 'closed'`, so that the (…, status, due_at) indexes serve it.
  const statuses = urgency ? wanted.filter((s) => s !== 'closed') : wanted;
  if (statuses.length < STATUSES.length) void query.whereIn('cases.status', statuses);
  if (filter.process) void query.where('cases.process', filter.process);
  if (filter.policy) void query.where('cases.policy_id', filter.policy);
  if (filter.assignee !== undefined) void query.where('cases.assignee', filter.assignee);
  if (filter.search?.trim()) void query.modify(whereReferenceStarts, filter.search);
  if (urgency === 'overdue') void query.where('cases.due_at', '<', timestamp(now));
  else if (urgency) {
    // Within n days: due at the latest by the end of the Amsterdam day n days from today.
    const last = endOfAmsterdamDay(addDays(amsterdamDate(now), urgency === 'due-2' ? 2 : 7));
    void query.where('cases.due_at', '>=', timestamp(now)).where('cases.due_at', '<=', timestamp(last));
  }
}

/**
 * References are upper-case letters, digits and hyphens (INZ-2026-0001), so a search with anything else finds
 * nothing. A case-sensitive pattern, so that the reference's index serves it: SQLite's LIKE ignores case and
 * cannot use it, PostgreSQL has no GLOB.
 */
function whereReferenceStarts(query: Knex.QueryBuilder, search: string): void {
  const prefix = search.trim().toUpperCase();
  if (!/^[A-Z0-9-]*$/.test(prefix)) void query.whereRaw('1 = 0');
  else if (query.client.config.client === 'pg') void query.where('cases.reference', 'like', `${prefix}%`);
  else void query.whereRaw('cases.reference GLOB ?', [`${prefix}*`]);
}

interface ListedRow {
  reference: string;
  process: Process;
  policy_id: string;
  status: CaseStatus;
  locale: 'nl' | 'en';
  received_at: string;
  due_at: string;
  closed_at: string | null;
  assignee: string | null;
  subject_name: string | null;
}

function listed(row: ListedRow, now: Date): CaseListRow {
  const dueAt = new Date(row.due_at);
  return {
    reference: row.reference,
    process: row.process,
    policy: row.policy_id,
    status: row.status,
    locale: row.locale,
    receivedAt: new Date(row.received_at),
    dueAt,
    closedAt: row.closed_at === null ? undefined : new Date(row.closed_at),
    daysLeft: daysLeft(dueAt, now),
    urgency: urgencyOf(dueAt, now, row.status),
    assignee: row.assignee,
    subjectName: row.subject_name,
  };
}

/**
 * The desk's case list on a real database: its order, each filter, a Gebruiker's own cases, urgency in Amsterdam
 * calendar days (across the changes to and from summer time), paging and the total; and that every query it runs
 * is served by an index, as the benchmark's 100,000 cases need.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db';
import type { CaseStatus } from '../../db/cases';
import { amsterdamTime } from '../../lib/calendar';
import { REFERENCE_PREFIXES, type Process } from '../../lib/processes';
import { listDeskCases, urgencyOf, type CaseListFilter } from '../../services/case-list';
import { DATABASE_KINDS, testDb } from '../helpers/db';

interface TestCase {
  reference?: string;
  process?: Process;
  policy?: string;
  status?: CaseStatus;
  locale?: 'nl' | 'en';
  dueAt: Date;
  closedAt?: Date;
  assignee?: string;
  subject?: string;
}

let number = 0;
async function insertCases(db: Db, cases: TestCase[]): Promise<string[]> {
  const created = new Date('2026-01-05T09:00:00Z').toISOString();
  const references: string[] = [];
  for (const c of cases) {
    const process = c.process ?? 'access';
    const reference =
      c.reference ?? `${REFERENCE_PREFIXES[process]}-2026-${String(++number).padStart(4, '0')}`;
    const [subject] = c.subject
      ? await db<{ id: number; name: string; created_at: string }>('subjects')
          .insert({ name: c.subject, created_at: created })
          .returning('id')
      : [];
    await db('cases').insert({
      reference,
      process,
      policy_id: c.policy ?? 'gdpr-default',
      status: c.status ?? 'open',
      locale: c.locale ?? 'nl',
      subject_id: subject?.id ?? null,
      received_at: created,
      due_at: c.dueAt.toISOString(),
      closed_at: c.closedAt?.toISOString() ?? null,
      assignee: c.assignee ?? null,
      created_at: created,
      updated_at: created,
    });
    references.push(reference);
  }
  return references;
}

const at = (date: string, hour = 23, minute = 59) => amsterdamTime(date, hour, minute);
const NOW = at('2026-06-10', 9, 0);
const references = async (db: Db, filter: CaseListFilter, now = NOW) =>
  (await listDeskCases(db, filter, now)).rows.map((row) => row.reference);

describe.each(DATABASE_KINDS)('the desk case list on %s', (kind) => {
  it('lists the cases not closed by due date, then reference, with their subject and days left', async () => {
    const db = await testDb(kind);
    await insertCases(db, [
      { reference: 'INZ-2026-0003', dueAt: at('2026-06-12'), subject: 'Anneke Jansen' },
      { reference: 'LEK-2026-0001', process: 'breach', dueAt: at('2026-06-11', 14, 0) },
      { reference: 'INZ-2026-0002', dueAt: at('2026-06-12'), locale: 'en' },
      { reference: 'COR-2026-0001', process: 'rectification', status: 'failed', dueAt: at('2026-06-01') },
      { reference: 'INZ-2026-0001', status: 'closed', dueAt: at('2026-06-02'), closedAt: at('2026-05-20') },
    ]);
    const { rows, total, page, pages } = await listDeskCases(db, {}, NOW);
    expect(rows.map((row) => row.reference)).toEqual([
      'COR-2026-0001',
      'LEK-2026-0001',
      'INZ-2026-0002',
      'INZ-2026-0003',
    ]);
    expect({ total, page, pages }).toEqual({ total: 4, page: 1, pages: 1 });
    expect(rows[0]).toMatchObject({
      status: 'failed',
      daysLeft: -9,
      urgency: 'overdue',
      closedAt: undefined,
    });
    expect(rows[1]).toMatchObject({ process: 'breach', daysLeft: 1, urgency: 'due-2', subjectName: null });
    expect(rows[2]).toMatchObject({ locale: 'en', subjectName: null, assignee: null });
    expect(rows[3]).toMatchObject({
      reference: 'INZ-2026-0003',
      process: 'access',
      policy: 'gdpr-default',
      status: 'open',
      locale: 'nl',
      receivedAt: new Date('2026-01-05T09:00:00Z'),
      dueAt: at('2026-06-12'),
      daysLeft: 2,
      urgency: 'due-2',
      subjectName: 'Anneke Jansen',
    });
  });

  it('lists closed cases latest closed first, one state alone, or every case by due date', async () => {
    const db = await testDb(kind);
    await insertCases(db, [
      {
        reference: 'INZ-2026-0001',
        status: 'closed',
        dueAt: at('2026-03-01'),
        closedAt: at('2026-02-01', 10),
      },
      {
        reference: 'INZ-2026-0002',
        status: 'closed',
        dueAt: at('2026-02-01'),
        closedAt: at('2026-05-01', 10),
      },
      {
        reference: 'INZ-2026-0004',
        status: 'closed',
        dueAt: at('2026-01-01'),
        closedAt: at('2026-03-01', 10),
      },
      {
        reference: 'INZ-2026-0003',
        status: 'closed',
        dueAt: at('2026-04-01'),
        closedAt: at('2026-03-01', 10),
      },
      { reference: 'INZ-2026-0005', status: 'failed', dueAt: at('2026-07-01') },
      { reference: 'INZ-2026-0006', dueAt: at('2026-06-20') },
    ]);
    const closed = await listDeskCases(db, { status: 'closed' }, NOW);
    expect(closed.rows.map((row) => row.reference)).toEqual([
      'INZ-2026-0002',
      'INZ-2026-0003',
      'INZ-2026-0004',
      'INZ-2026-0001',
    ]);
    expect(closed.rows.map((row) => row.urgency)).toEqual(['closed', 'closed', 'closed', 'closed']);
    expect(closed.rows[0]!.closedAt).toEqual(at('2026-05-01', 10));
    expect(await references(db, { status: 'failed' })).toEqual(['INZ-2026-0005']);
    expect(await references(db, { status: 'open' })).toEqual(['INZ-2026-0006']);
    expect(await references(db, { status: 'all' })).toEqual([
      'INZ-2026-0004',
      'INZ-2026-0002',
      'INZ-2026-0001',
      'INZ-2026-0003',
      'INZ-2026-0006',
      'INZ-2026-0005',
    ]);
  });

  it('filters by process, policy and reference prefix, together', async () => {
    const db = await testDb(kind);
    const due = at('2026-07-01');
    await insertCases(db, [
      { reference: 'INZ-2026-0001', dueAt: due, policy: 'de-buurderij' },
      { reference: 'INZ-2026-0011', dueAt: due, policy: 'werk-op-maat' },
      { reference: 'INZ-2025-0011', dueAt: due, policy: 'werk-op-maat' },
      { reference: 'VER-2026-0001', process: 'erasure', dueAt: due, policy: 'werk-op-maat' },
      { reference: 'LEK-2026-0001', process: 'breach', dueAt: due, policy: 'de-buurderij' },
    ]);
    expect(await references(db, { process: 'access' })).toEqual([
      'INZ-2025-0011',
      'INZ-2026-0001',
      'INZ-2026-0011',
    ]);
    expect(await references(db, { policy: 'werk-op-maat' })).toEqual([
      'INZ-2025-0011',
      'INZ-2026-0011',
      'VER-2026-0001',
    ]);
    expect(await references(db, { search: 'INZ-2026' })).toEqual(['INZ-2026-0001', 'INZ-2026-0011']);
    // As an officer types it: lower case, spaces around it.
    expect(await references(db, { search: ' inz-2026-001' })).toEqual(['INZ-2026-0011']);
    expect(await references(db, { search: 'INZ-2026-0001' })).toEqual(['INZ-2026-0001']);
    // A reference holds no wildcards: these are no patterns, and not names either.
    for (const search of ['INZ%', 'INZ*', 'INZ_2026', 'Jansen'])
      expect(await references(db, { search })).toEqual([]);
    expect(await references(db, { process: 'access', policy: 'werk-op-maat', search: 'inz-2026' })).toEqual([
      'INZ-2026-0011',
    ]);
    expect(await references(db, { process: 'transfer' })).toEqual([]);
  });

  it('shows a Gebruiker only the cases assigned to them, in every state they ask for', async () => {
    const db = await testDb(kind);
    await insertCases(db, [
      { reference: 'INZ-2026-0001', dueAt: at('2026-06-20'), assignee: 'sanne' },
      { reference: 'INZ-2026-0002', dueAt: at('2026-06-19'), assignee: 'joost' },
      { reference: 'INZ-2026-0003', dueAt: at('2026-06-18') },
      { reference: 'INZ-2026-0004', dueAt: at('2026-06-17'), assignee: 'sanne', process: 'erasure' },
      {
        reference: 'INZ-2026-0005',
        dueAt: at('2026-06-01'),
        assignee: 'sanne',
        status: 'closed',
        closedAt: NOW,
      },
    ]);
    expect(await references(db, { assignee: 'sanne' })).toEqual(['INZ-2026-0004', 'INZ-2026-0001']);
    expect(await references(db, { assignee: 'sanne', status: 'all' })).toEqual([
      'INZ-2026-0005',
      'INZ-2026-0004',
      'INZ-2026-0001',
    ]);
    expect(await references(db, { assignee: 'sanne', process: 'access' })).toEqual(['INZ-2026-0001']);
    expect((await listDeskCases(db, { assignee: 'joost' }, NOW)).rows).toMatchObject([
      { reference: 'INZ-2026-0002', assignee: 'joost' },
    ]);
    expect(await references(db, { assignee: 'fatima', status: 'all' })).toEqual([]);
  });

  it('filters by urgency in SQL as urgencyOf classifies each row, across Amsterdam days and summer time', async () => {
    const db = await testDb(kind);
    // Friday 27 March 2026, 00:30 in Amsterdam (23:30 UTC the day before); summer time starts on Sunday the 29th.
    const now = at('2026-03-27', 0, 30);
    const moments = [
      new Date(now.getTime() - 1), // just passed
      now,
      at('2026-03-27'),
      at('2026-03-29'), // 23:59 in 2 days, in summer time: still within 2 days
      at('2026-03-29', 23, 59).getTime() + 60_000 - 1, // the day's last millisecond
      at('2026-03-30', 0, 0), // the day after: 3 days
      at('2026-04-03'), // 7 days
      at('2026-04-04', 0, 0), // 8 days
      at('2026-03-01'),
    ].map((moment) => new Date(moment));
    const open = await insertCases(
      db,
      moments.map((dueAt) => ({ dueAt })),
    );
    await insertCases(db, [{ dueAt: moments[0]!, status: 'closed', closedAt: moments[0] }]);
    await insertCases(db, [{ dueAt: moments[3]!, status: 'failed' }]);

    const { rows } = await listDeskCases(db, { status: 'all' }, now);
    const urgencies = new Map(rows.map((row) => [row.reference, [row.urgency, row.daysLeft]]));
    expect(open.map((reference) => urgencies.get(reference))).toEqual([
      ['overdue', 0],
      ['due-2', 0],
      ['due-2', 0],
      ['due-2', 2],
      ['due-2', 2],
      ['due-7', 3],
      ['due-7', 7],
      ['later', 8],
      ['overdue', -26],
    ]);
    const inSql = async (urgency: CaseListFilter['urgency'], status?: CaseListFilter['status']) =>
      (await listDeskCases(db, { urgency, status }, now)).rows.map((row) => row.urgency);
    expect(await inSql('overdue')).toEqual(['overdue', 'overdue']);
    expect(await inSql('due-2')).toEqual(['due-2', 'due-2', 'due-2', 'due-2', 'due-2']);
    expect((await listDeskCases(db, { urgency: 'due-2' }, now)).rows.map((row) => row.status)).toContain(
      'failed',
    );
    expect(await inSql('due-7')).toEqual(['due-2', 'due-2', 'due-2', 'due-2', 'due-2', 'due-7', 'due-7']);
    // A closed case has no urgency, whatever its due date.
    expect(await inSql('overdue', 'all')).toEqual(['overdue', 'overdue']);
    expect(await inSql('overdue', 'closed')).toEqual([]);
    expect(await inSql('due-2', 'open')).toHaveLength(4);
  });

  it('pages by perPage (50 unless asked, at most 200) and counts all that match', async () => {
    const db = await testDb(kind);
    const first = at('2026-07-01');
    await insertCases(
      db,
      Array.from({ length: 205 }, (_, n) => ({ dueAt: new Date(first.getTime() + n * 60_000) })),
    );
    await insertCases(db, [{ dueAt: first, status: 'closed', closedAt: NOW }]);
    const all = await listDeskCases(db, { perPage: 200 }, NOW);
    expect(all).toMatchObject({ total: 205, page: 1, pages: 2 });
    const order = all.rows.map((row) => row.reference);
    expect(order).toHaveLength(200);

    const byDefault = await listDeskCases(db, { page: 2 }, NOW);
    expect(byDefault).toMatchObject({ total: 205, page: 2, pages: 5 });
    expect(byDefault.rows.map((row) => row.reference)).toEqual(order.slice(50, 100));
    const last = await listDeskCases(db, { page: 5 }, NOW);
    expect(last.rows).toHaveLength(5);
    expect(last.rows[0]!.dueAt).toEqual(new Date(first.getTime() + 200 * 60_000));
    // Past the last page is the last page; below the first, the first; too many per page, 200.
    expect(await listDeskCases(db, { page: 9 }, NOW)).toMatchObject({ page: 5, rows: last.rows });
    expect((await listDeskCases(db, { page: 0, perPage: 1000 }, NOW)).rows).toHaveLength(200);
    expect(await listDeskCases(db, { perPage: 10, page: 3 }, NOW)).toMatchObject({ page: 3, pages: 21 });
    expect((await listDeskCases(db, { perPage: 10, page: 3 }, NOW)).rows.map((row) => row.reference)).toEqual(
      order.slice(20, 30),
    );
    expect(await listDeskCases(db, { process: 'breach' }, NOW)).toEqual({
      rows: [],
      total: 0,
      page: 1,
      pages: 1,
    });
  });
});

describe('urgencyOf', () => {
  it('counts Amsterdam calendar days when summer time ends, and gives a closed case none', () => {
    // Friday 23 October 2026, 00:30 in Amsterdam (22:30 UTC the day before); winter time from Sunday the 25th.
    const now = at('2026-10-23', 0, 30);
    expect(urgencyOf(at('2026-10-25'), now, 'open')).toBe('due-2');
    expect(urgencyOf(at('2026-10-26', 0, 0), now, 'open')).toBe('due-7');
    expect(urgencyOf(at('2026-10-30'), now, 'failed')).toBe('due-7');
    expect(urgencyOf(at('2026-10-31', 0, 0), now, 'open')).toBe('later');
    expect(urgencyOf(at('2026-10-22'), now, 'open')).toBe('overdue');
    expect(urgencyOf(at('2026-10-22'), now, 'closed')).toBe('closed');
  });
});

describe('the desk case list on SQLite', () => {
  it('finds every page and count through an index, never by reading the table', async () => {
    const db = await testDb('sqlite');
    await insertCases(db, [{ dueAt: NOW, subject: 'Anneke Jansen' }]);
    const queries: { sql: string; bindings: unknown[] }[] = [];
    db.on('query', (query: { sql: string; bindings: unknown[] }) => queries.push(query));
    const filters: CaseListFilter[] = [
      {},
      { process: 'access' },
      { policy: 'werk-op-maat' },
      { urgency: 'overdue' },
      { urgency: 'due-7' },
      { assignee: 'sanne' },
      { page: 20 },
      { status: 'closed' },
      { status: 'all' },
      { search: 'INZ-2026' },
    ];
    for (const filter of filters) await listDeskCases(db, filter, NOW);
    db.removeAllListeners('query');
    expect(queries).toHaveLength(filters.length * 2);
    for (const { sql, bindings } of queries) {
      const plan = await db.raw<{ detail: string }[]>(`EXPLAIN QUERY PLAN ${sql}`, bindings as never);
      const onCases = plan.map((step) => step.detail).filter((detail) => / cases\b/.test(detail));
      for (const detail of onCases)
        expect(detail, sql).toMatch(/USING (COVERING )?INDEX|INTEGER PRIMARY KEY/);
      // The count and the page's ids come from the index alone; only the page's own rows are read.
      const narrowing = onCases.filter((detail) => !detail.includes('INTEGER PRIMARY KEY'));
      for (const detail of narrowing) expect(detail, sql).toMatch(/COVERING INDEX/);
    }
  });
});

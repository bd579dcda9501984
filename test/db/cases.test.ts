import { describe, expect, it } from 'vitest';
import { verifyAuditTrail, type AuditEventRow } from '../../db/audit';
import { findCaseByReference, insertCase, listCases, type NewCase } from '../../db/cases';
import { DATABASE_KINDS, testDb, testDbs } from '../helpers/db';

const access = (receivedAt: string, dueAt: string, registeredAt = receivedAt): NewCase => ({
  process: 'access',
  policyId: 'gdpr-default',
  locale: 'nl',
  receivedAt: new Date(receivedAt),
  registeredAt: new Date(registeredAt),
  dueAt: new Date(dueAt),
  subject: { name: 'Anneke Jansen', email: 'anneke@example.nl' },
  actor: 'fg@example.nl',
});

describe.each(DATABASE_KINDS)('cases on %s', (kind) => {
  it('numbers references per process and per Amsterdam year of registration', async () => {
    const db = await testDb(kind);
    const refs = [];
    for (const registered of [
      '2026-03-01T10:00:00Z',
      '2026-06-01T10:00:00Z',
      '2026-12-31T23:30:00Z', // 00:30 on 1 January in Amsterdam
      '2027-01-02T10:00:00Z',
    ]) {
      refs.push((await insertCase(db, access(registered, '2027-02-01T22:59:59.999Z'))).reference);
    }
    const breach = await insertCase(db, {
      ...access('2026-07-01T10:00:00Z', '2026-07-04T10:00:00Z'),
      process: 'breach',
      subject: undefined,
    });
    expect(refs).toEqual(['INZ-2026-0001', 'INZ-2026-0002', 'INZ-2027-0001', 'INZ-2027-0002']);
    expect(breach.reference).toBe('LEK-2026-0001');
    // The year of the case number is that of its registration, not of its receipt or event: a request of 31
    // December registered on 4 January, and a retention schedule for a 2025 event, are numbered when registered.
    const late = await insertCase(
      db,
      access('2026-12-31T10:00:00Z', '2027-02-01T22:59:59.999Z', '2027-01-04T09:00:00Z'),
    );
    const schedule = await insertCase(db, {
      ...access('2025-03-01T10:00:00Z', '2027-03-01T22:59:59.999Z', '2026-12-01T09:00:00Z'),
      process: 'retention',
      subject: undefined,
    });
    expect(late.reference).toBe('INZ-2027-0003');
    expect(schedule.reference).toBe('BEW-2026-0001');
  });

  it('stores the case, its subject and a case.registered event without personal data', async () => {
    const db = await testDb(kind);
    const { id, reference } = await insertCase(
      db,
      access('2026-01-31T09:00:00Z', '2026-03-02T22:59:59.999Z'),
    );
    const row = await findCaseByReference(db, reference);
    expect(row).toMatchObject({
      id,
      process: 'access',
      status: 'open',
      received_at: '2026-01-31T09:00:00.000Z',
      due_at: '2026-03-02T22:59:59.999Z',
    });
    expect(await db('subjects').where({ id: row!.subject_id }).first()).toMatchObject({
      name: 'Anneke Jansen',
    });
    const event = await db<AuditEventRow>('audit_events').where({ case_id: id }).first();
    expect(event?.type).toBe('case.registered');
    expect(event?.data).not.toMatch(/Anneke|Jansen|anneke@/);
    expect(await verifyAuditTrail(db)).toMatchObject({ ok: true, count: 1 });
  });

  it('leaves nothing behind when a part of the registration fails', async () => {
    const db = await testDb(kind);
    await db.schema.renameTable('audit_events', 'audit_events_elsewhere'); // the last write of the registration fails
    await expect(insertCase(db, access('2026-01-31T09:00:00Z', '2026-03-02T22:59:59.999Z'))).rejects.toThrow(
      /audit_events/,
    );
    for (const table of ['cases', 'subjects', 'reference_counters']) {
      expect((await db(table).select()).length, table).toBe(0);
    }
  });

  it('lists open cases by deadline, and the overdue ones', async () => {
    const db = await testDb(kind);
    await insertCase(db, access('2026-02-01T09:00:00Z', '2026-03-02T22:59:59.999Z'));
    await insertCase(db, access('2026-01-01T09:00:00Z', '2026-02-02T22:59:59.999Z'));
    const closed = await insertCase(db, access('2026-01-01T08:00:00Z', '2026-02-01T22:59:59.999Z'));
    await db('cases').where({ id: closed.id }).update({ status: 'closed' });
    const all = await listCases(db);
    expect(all.map((c) => c.reference)).toEqual(['INZ-2026-0002', 'INZ-2026-0001']);
    const overdue = await listCases(db, { dueBefore: new Date('2026-02-10T00:00:00Z') });
    expect(overdue.map((c) => c.reference)).toEqual(['INZ-2026-0002']);
  });

  it('registers cases from concurrent processes without gaps, duplicates or a forked trail', async () => {
    const writers = await testDbs(kind, 3);
    const processes = ['access', 'erasure', 'breach'] as const;
    const registered = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        insertCase(writers[i % writers.length]!, {
          ...access('2026-05-01T10:00:00Z', '2026-06-01T21:59:59.999Z'),
          process: processes[i % processes.length]!,
        }),
      ),
    );
    const expected = ['INZ', 'LEK', 'VER'].flatMap((prefix) =>
      Array.from({ length: 10 }, (_, i) => `${prefix}-2026-${String(i + 1).padStart(4, '0')}`),
    );
    expect(registered.map((c) => c.reference).sort()).toEqual(expected);
    expect(await verifyAuditTrail(writers[0]!)).toMatchObject({ ok: true, count: 30 });
  });
});

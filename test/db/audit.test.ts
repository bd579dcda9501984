import { describe, expect, it } from 'vitest';
import { createDb, migrateDb } from '../../db';
import { appendAuditEvent, canonicalJson, GENESIS_HASH, verifyAuditTrail } from '../../db/audit';
import { DATABASE_KINDS, testDatabaseConfig, testDb } from '../helpers/db';

const dropGuards = async (db: Awaited<ReturnType<typeof testDb>>) => {
  if (db.client.config.client === 'pg') await db.raw('DROP TRIGGER audit_events_append_only ON audit_events');
  else for (const action of ['update', 'delete']) await db.raw(`DROP TRIGGER audit_events_no_${action}`);
};

async function chainOf(db: Awaited<ReturnType<typeof testDb>>, length: number) {
  for (let i = 1; i <= length; i++) {
    await appendAuditEvent(db, {
      type: 'test.event',
      actor: 'officer',
      data: { n: i, reference: `INZ-2026-000${i}` },
    });
  }
}

describe.each(DATABASE_KINDS)('audit trail on %s', (kind) => {
  it('chains events from the genesis hash and verifies them', async () => {
    const db = await testDb(kind);
    expect(await verifyAuditTrail(db)).toEqual({ ok: true, count: 0, lastHash: GENESIS_HASH });
    await chainOf(db, 5);
    const rows = await db('audit_events').orderBy('id');
    expect(rows[0].prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    expect(await verifyAuditTrail(db, 2)).toEqual({ ok: true, count: 5, lastHash: rows[4].hash });
  });

  it('refuses UPDATE and DELETE', async () => {
    const db = await testDb(kind);
    await chainOf(db, 2);
    await expect(db('audit_events').update({ actor: 'someone else' })).rejects.toThrow(/append-only/);
    await expect(db('audit_events').where({ id: 1 }).delete()).rejects.toThrow(/append-only/);
    expect(await db('audit_events').count({ n: '*' })).toEqual([{ n: kind === 'sqlite' ? 2 : '2' }]);
  });

  it('names the first changed event', async () => {
    const db = await testDb(kind);
    await chainOf(db, 6);
    await dropGuards(db);
    await db('audit_events')
      .where({ id: 4 })
      .update({ data: canonicalJson({ n: 40, reference: 'INZ-2026-0004' }) });
    await db('audit_events').where({ id: 5 }).update({ actor: 'intruder' });
    expect(await verifyAuditTrail(db)).toMatchObject({
      ok: false,
      count: 3,
      broken: { id: 4, type: 'test.event', reason: 'its contents do not match its hash' },
    });
  });

  it('names the event after a removed one, and a rehashed row by its broken link', async () => {
    const db = await testDb(kind);
    await chainOf(db, 5);
    await dropGuards(db);
    await db('audit_events').where({ id: 3 }).delete();
    expect(await verifyAuditTrail(db)).toMatchObject({
      ok: false,
      count: 2,
      broken: { id: 4, reason: 'its previous hash does not match event 2' },
    });
  });

  it('stays one linear chain with many concurrent writers', async () => {
    const config = await testDatabaseConfig(kind);
    const writers = Array.from({ length: 5 }, () => createDb(config));
    try {
      await migrateDb(writers[0]!);
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          appendAuditEvent(writers[i % writers.length]!, {
            type: 'test.concurrent',
            actor: `writer-${i % 5}`,
            data: { i },
          }),
        ),
      );
      expect(await verifyAuditTrail(writers[0]!)).toMatchObject({ ok: true, count: 50 });
    } finally {
      await Promise.all(writers.map((db) => db.destroy()));
    }
  });
});

describe('canonical JSON', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"e":0,"f":1}]},"b":1}',
    );
  });
});

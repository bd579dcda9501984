import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import type { Db } from '../../db';
import {
  appendAuditEvent,
  canonicalJson,
  GENESIS_HASH,
  verifyAuditTrail,
  type AuditEventRow,
} from '../../db/audit';
import { DATABASE_KINDS, testDb, testDbs } from '../helpers/db';

const dropGuards = async (db: Db) => {
  if ((db.client as Knex.Client).config.client === 'pg')
    await db.raw('DROP TRIGGER audit_events_append_only ON audit_events');
  else for (const action of ['update', 'delete']) await db.raw(`DROP TRIGGER audit_events_no_${action}`);
};

async function chainOf(db: Db, length: number) {
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
    const rows = await db<AuditEventRow>('audit_events').orderBy('id');
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    expect(await verifyAuditTrail(db, 2)).toEqual({ ok: true, count: 5, lastHash: rows[4]!.hash });
  });

  it('writes an event under an idempotency key once, however often it is appended', async () => {
    const db = await testDb(kind);
    const event = {
      type: 'letter.delivered',
      actor: 'system',
      data: { letterId: 1 },
      key: 'INZ-2026-0001/x',
    };
    const first = await appendAuditEvent(db, event);
    await appendAuditEvent(db, { type: 'other', actor: 'system' });
    const again = await appendAuditEvent(db, event);
    expect(again).toEqual(first);
    expect(await db('audit_events').where({ type: 'letter.delivered' }).count({ n: '*' })).toEqual([
      { n: kind === 'sqlite' ? 1 : '1' },
    ]);
    expect(await verifyAuditTrail(db)).toMatchObject({ ok: true, count: 2 });
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

  it('names a row whose previous hash was changed', async () => {
    const db = await testDb(kind);
    await chainOf(db, 5);
    await dropGuards(db);
    await db('audit_events')
      .where({ id: 3 })
      .update({ prev_hash: 'e'.repeat(64) });
    expect(await verifyAuditTrail(db)).toMatchObject({
      ok: false,
      count: 2,
      broken: { id: 3, reason: 'its previous hash does not match event 2' },
    });
    await db('audit_events')
      .where({ id: 1 })
      .update({ prev_hash: 'f'.repeat(64) });
    expect(await verifyAuditTrail(db)).toMatchObject({
      ok: false,
      count: 0,
      broken: { id: 1, reason: 'it should start the chain but names a previous hash' },
    });
  });

  it('names the next row when a changed row was given a fresh hash', async () => {
    const db = await testDb(kind);
    await chainOf(db, 5);
    await dropGuards(db);
    const row = (await db<AuditEventRow>('audit_events').where({ id: 3 }).first())!;
    const data = canonicalJson({ n: 30, reference: 'INZ-2026-0003' });
    // The documented hash: sha256(prev_hash + canonical JSON of at, type, caseId, actor and the data text).
    const body = canonicalJson({ at: row.at, type: row.type, caseId: row.case_id, actor: row.actor, data });
    const hash = createHash('sha256').update(row.prev_hash).update(body).digest('hex');
    await db('audit_events').where({ id: 3 }).update({ data, hash });
    expect(await verifyAuditTrail(db)).toMatchObject({
      ok: false,
      count: 3,
      broken: { id: 4, reason: 'its previous hash does not match event 3' },
    });
  });

  it('stays one linear chain with many concurrent writers', async () => {
    const writers = await testDbs(kind, 3);
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        appendAuditEvent(writers[i % writers.length]!, {
          type: 'test.concurrent',
          actor: 'writer',
          data: { i },
        }),
      ),
    );
    const rows = await writers[0]!<AuditEventRow>('audit_events').orderBy('id');
    expect(rows.map((row) => row.data).sort()).toEqual(
      Array.from({ length: 50 }, (_, i) => canonicalJson({ i })).sort(),
    );
    expect(await verifyAuditTrail(writers[0]!)).toMatchObject({ ok: true, count: 50 });
  });
});

describe('canonical JSON', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"e":0,"f":1}]},"b":1}',
    );
  });

  it('writes dates as JSON.stringify does', () => {
    const at = new Date('2026-12-31T23:30:00Z');
    expect(canonicalJson({ at, list: [at] })).toBe(JSON.stringify({ at, list: [at] }));
  });
});

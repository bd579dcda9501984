import { describe, expect, it } from 'vitest';
import { createDb, migrateDb } from '../../db';
import type { CaseRow } from '../../db/cases';
import { DATABASE_KINDS, testDatabaseConfig, testDb } from '../helpers/db';

describe.each(DATABASE_KINDS)('migrations on %s', (kind) => {
  it('create every table and can run again at every start', async () => {
    const db = await testDb(kind);
    await migrateDb(db);
    for (const table of ['subjects', 'cases', 'reference_counters', 'letters', 'outbox', 'audit_events']) {
      expect(await db.schema.hasTable(table), table).toBe(true);
    }
  });

  it('make letter and mail idempotency keys unique', async () => {
    const db = await testDb(kind);
    const now = new Date().toISOString();
    const [inserted] = await db<CaseRow>('cases')
      .insert({
        reference: 'INZ-2026-0001',
        process: 'access',
        policy_id: 'gdpr-default',
        status: 'open',
        locale: 'nl',
        received_at: now,
        due_at: now,
        created_at: now,
        updated_at: now,
      })
      .returning('id');
    const caseId = inserted!.id;
    const letter = {
      case_id: caseId,
      kind: 'acknowledgement',
      locale: 'nl',
      pdf: Buffer.from('%PDF'),
      sha256: 'a'.repeat(64),
      idempotency_key: 'INZ-2026-0001/acknowledgement',
      created_at: now,
    };
    await db('letters').insert(letter);
    await expect(db('letters').insert(letter)).rejects.toThrow(/UNIQUE|unique/);
    const mail = {
      idempotency_key: 'INZ-2026-0001/acknowledgement/mail',
      case_id: caseId,
      recipient: 'a@example.nl',
      subject_line: 'INZ-2026-0001',
      created_at: now,
    };
    await db('outbox').insert(mail);
    await expect(db('outbox').insert(mail)).rejects.toThrow(/UNIQUE|unique/);
    expect(await db('outbox').first()).toMatchObject({ status: 'pending', attempts: 0 });
  });
});

describe('migrations from several processes at once', () => {
  it('take turns on a new database instead of failing on its lock (ten new databases, three processes each)', async () => {
    // Opening a new database together races to switch it to WAL, then to take the migration lock.
    for (let round = 0; round < 10; round++) {
      const config = await testDatabaseConfig('sqlite');
      const dbs = [createDb(config), createDb(config), createDb(config)];
      try {
        await Promise.all(dbs.map((db) => migrateDb(db)));
        expect(await dbs[0]!.schema.hasTable('audit_events')).toBe(true);
      } finally {
        await Promise.all(dbs.map((db) => db.destroy()));
      }
    }
  });
});

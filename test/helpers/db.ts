/**
 * Real databases for tests: a fresh SQLite file per test and, when TEST_DATABASE_URL names a PostgreSQL server,
 * the same tests again in a fresh schema there.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import knex from 'knex';
import { afterEach } from 'vitest';
import { createDb, migrateDb, type DatabaseConfig, type Db } from '../../db';
import { tempDir } from './env';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export const DATABASE_KINDS = ['sqlite', ...(process.env.TEST_DATABASE_URL ? ['postgresql'] : [])] as const;

/** A database configuration of `kind`, empty, removed after the test. */
export async function testDatabaseConfig(kind: (typeof DATABASE_KINDS)[number]): Promise<DatabaseConfig> {
  if (kind === 'sqlite') return { client: 'sqlite3', filename: join(tempDir(), 'test.sqlite3') };
  const url = process.env.TEST_DATABASE_URL!;
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = knex({ client: 'pg', connection: url });
  await admin.raw(`CREATE SCHEMA ${schema}`);
  cleanups.push(async () => {
    await admin.raw(`DROP SCHEMA ${schema} CASCADE`);
    await admin.destroy();
  });
  const separator = url.includes('?') ? '&' : '?';
  return { client: 'pg', connectionString: `${url}${separator}options=-c%20search_path%3D${schema}` };
}

/** A migrated database of `kind`, closed and removed after the test. */
export async function testDb(kind: (typeof DATABASE_KINDS)[number] = 'sqlite'): Promise<Db> {
  const db = createDb(await testDatabaseConfig(kind));
  cleanups.push(() => db.destroy());
  await migrateDb(db);
  return db;
}

/**
 * `count` separate connections to one migrated database, as separate processes (worker, CLI) would hold. Keep
 * `count` at 3 or below on SQLite: node-sqlite3 runs statements on libuv's 4 threads, and writers sleeping in
 * SQLite's busy handler on all of them would leave the lock holder no thread to commit on.
 */
export async function testDbs(kind: (typeof DATABASE_KINDS)[number], count: number): Promise<Db[]> {
  const config = await testDatabaseConfig(kind);
  const dbs = Array.from({ length: count }, () => createDb(config));
  cleanups.push(async () => void (await Promise.all(dbs.map((db) => db.destroy()))));
  await migrateDb(dbs[0]!);
  return dbs;
}

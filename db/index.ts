/**
 * The database: SQLite under `var/` by default, PostgreSQL when DATABASE_URL says so. Same migrations, same
 * queries; instants are stored as fixed-width ISO 8601 UTC text, so text order is time order on both.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import knex, { type Knex } from 'knex';
import { migrations } from './migrations';

export type DatabaseConfig =
  { client: 'sqlite3'; filename: string } | { client: 'pg'; connectionString: string };
export type Db = Knex;

export function createDb(config: DatabaseConfig): Db {
  if (config.client === 'pg') {
    return knex({ client: 'pg', connection: config.connectionString, pool: { min: 0, max: 10 } });
  }
  mkdirSync(dirname(config.filename), { recursive: true });
  return knex({
    client: 'sqlite3',
    connection: { filename: config.filename },
    useNullAsDefault: true,
    // One connection: SQLite serialises writers anyway, and one connection keeps transactions simple.
    pool: {
      min: 1,
      max: 1,
      afterCreate(
        connection: { exec(sql: string, done: (error: Error | null) => void): void },
        done: (error: Error | null) => void,
      ) {
        connection.exec(
          'PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000;',
          done,
        );
      },
    },
  });
}

/** A database with its schema up to date: what every command and worker starts with. */
export async function openDb(config: DatabaseConfig): Promise<Db> {
  const db = createDb(config);
  try {
    await migrateDb(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}

/**
 * Brings the schema up to date; safe to run at every start. Processes starting together (a worker and a CLI
 * command) take turns: the one that finds the migration lock taken waits for it, up to half a minute.
 */
export async function migrateDb(db: Db): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await createMigrationLock(db);
      await db.migrate.latest({ migrationSource, tableName: 'knex_migrations' });
      return;
    } catch (error) {
      // On a brand-new database both may also race to create tables: the loser finds them there on retry.
      const { name, message, code } = error as Error & { code?: string };
      const turnTaken = name === 'MigrationLocked' || /already exists/.test(message) || code === '23505';
      if (!turnTaken || attempt >= 150) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/**
 * knex creates its lock table and inserts the lock row on first use without guarding against another process
 * doing the same; two lock rows would block every later migration for good. So the table and its single row
 * are created here first, idempotently.
 */
async function createMigrationLock(db: Db): Promise<void> {
  await db.raw(
    'CREATE TABLE IF NOT EXISTS knex_migrations_lock ("index" integer PRIMARY KEY, is_locked integer)',
  );
  await db.raw('INSERT INTO knex_migrations_lock ("index", is_locked) VALUES (1, 0) ON CONFLICT DO NOTHING');
}

/** Migrations are imported, not loaded from files, so they run the same under tsx, Vitest and a bundle. */
const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: () => Promise.resolve(Object.keys(migrations).sort()),
  getMigrationName: (name) => name,
  getMigration: (name) => Promise.resolve(migrations[name]!),
};

/** An instant as stored: ISO 8601 UTC with milliseconds, always 24 characters. */
export function timestamp(instant: Date): string {
  return instant.toISOString();
}

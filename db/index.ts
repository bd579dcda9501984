/**
 * The database: SQLite under `var/` by default, PostgreSQL when DATABASE_URL says so. Same migrations, same
 * queries; instants are stored as fixed-width ISO 8601 UTC text, so text order is time order on both.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import knex, { type Knex } from 'knex';
import { PrivacyloketError } from '../lib/errors';
import { migrations } from './migrations';

export type DatabaseConfig =
  { client: 'sqlite3'; filename: string } | { client: 'pg'; connectionString: string };
export type Db = Knex;

/** How long a writer waits for another process's write to finish before it gives up (SQLite). */
export const BUSY_TIMEOUT_MS = 30_000;

export function createDb(config: DatabaseConfig): Db {
  if (config.client === 'pg') {
    return knex({ client: 'pg', connection: config.connectionString, pool: { min: 0, max: 10 } });
  }
  createPrivately(config.filename);
  return knex({
    client: 'sqlite3',
    connection: { filename: config.filename },
    useNullAsDefault: true,
    // One connection: SQLite serialises writers anyway, and one connection keeps transactions simple.
    pool: {
      min: 1,
      max: 1,
      afterCreate(connection: SqliteConnection, done: (error: Error | null) => void) {
        connection.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}; PRAGMA foreign_keys = ON;`, (error) =>
          error ? done(error) : switchToWal(connection, done),
        );
      },
    },
  });
}

type SqliteConnection = { exec(sql: string, done: (error: Error | null) => void): void };

/**
 * WAL lets readers go on while a writer writes. Switching a new database to it needs the database to itself, and
 * SQLite answers "busy" at once, without waiting, when processes open a new database together (two first starts,
 * a worker and a command): so the switch is tried again for a while. Once switched, the mode stays and later
 * connections need no lock for it.
 */
function switchToWal(connection: SqliteConnection, done: (error: Error | null) => void, attempt = 1): void {
  connection.exec('PRAGMA journal_mode = WAL;', (error) => {
    const busy = (error as { code?: string } | null)?.code === 'SQLITE_BUSY';
    if (busy && attempt < 600) setTimeout(() => switchToWal(connection, done, attempt + 1), 50);
    else done(error);
  });
}

/**
 * The database file holds personal data: created 0600 in a 0700 folder before SQLite opens it, so that its WAL
 * and shared-memory files, which SQLite creates with the database's own mode, are private too. An existing file
 * (from an install before this rule) is made private on open.
 */
function createPrivately(filename: string): void {
  mkdirSync(dirname(filename), { recursive: true, mode: 0o700 });
  closeSync(openSync(filename, 'a', 0o600));
  for (const file of [filename, `${filename}-wal`, `${filename}-shm`]) {
    if (existsSync(file)) chmodSync(file, 0o600);
  }
}

/** A database with its schema brought up to date: what `npm start` and every worker start with. */
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
 * A database that `npm start` or a worker has already brought up to date, for the CLI: the CLI never migrates
 * (many commands at once would queue on the migration lock), and a database it does not know is not created
 * but explained in one sentence.
 */
export async function useDb(config: DatabaseConfig): Promise<Db> {
  const where =
    config.client === 'pg'
      ? 'The PostgreSQL database (DATABASE_URL)'
      : `The database ${shown(config.filename)}`;
  const notReady = `${where} is not set up for this version of Privacyloket: start it once with \`npm start\` (or \`npm run worker\`), which brings the database up to date.`;
  if (config.client === 'sqlite3' && !existsSync(config.filename)) {
    throw new PrivacyloketError('unavailable', notReady);
  }
  const db = createDb(config);
  try {
    const applied = (await db.schema.hasTable('knex_migrations'))
      ? (await db('knex_migrations').select('name')).map((row: { name: string }) => row.name)
      : [];
    if (Object.keys(migrations).some((name) => !applied.includes(name))) {
      throw new PrivacyloketError('unavailable', notReady);
    }
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}

function shown(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside.startsWith('..') ? path : inside;
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

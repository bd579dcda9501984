/** What the case commands share: configuration, the database, a Temporal client, the acting officer. */
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { openDb, type Db } from '../db';
import { invalidInput } from '../lib/errors';
import { connectClient } from '../worker/client';
import { loadConfig, type Config } from '../worker/config';
import type { CaseServices } from '../worker/cases';

/** Opens the configuration and database, runs `use`, and closes the database whatever happens. */
export async function withDb<T>(use: (db: Db, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = await openDb(config.database);
  try {
    return await use(db, config);
  } finally {
    await db.destroy();
  }
}

/** Like `withDb`, with a Temporal client and the acting officer (`--by`, else the login name). */
export async function withCaseServices<T>(
  by: string | undefined,
  use: (services: CaseServices) => Promise<T>,
): Promise<T> {
  return withDb(async (db, config) => {
    const client = await connectClient(config);
    try {
      return await use({ db, client, config, actor: by ?? userInfo().username });
    } finally {
      await client.connection.close();
    }
  });
}

/** `--input file.json`: an object whose keys are the flags' names. */
export async function readInputFile(path: string): Promise<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw invalidInput('--input', `must be a readable JSON file: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalidInput('--input', 'must hold one JSON object whose keys are the flag names');
  }
  return parsed as Record<string, unknown>;
}

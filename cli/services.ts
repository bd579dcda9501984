/** What the case commands share: configuration, the database, a Temporal client, the acting officer. */
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { useDb, type Db } from '../db';
import { invalidInput } from '../lib/errors';
import { actorName, type CaseServices } from '../services/cases';
import { connectClient } from '../services/client';
import { checkCodecKey } from '../services/codec';
import { loadConfig, type Config } from '../services/config';

/** Opens the configuration and database, runs `use`, and closes the database whatever happens. */
export async function withDb<T>(use: (db: Db, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = await useDb(config.database);
  try {
    return await use(db, config);
  } finally {
    await db.destroy();
  }
}

/**
 * Like `withDb`, with a Temporal client and the acting officer (`--by`, else the login name). The codec key
 * must be the database's own: a command never encrypts with another.
 */
export async function withCaseServices<T>(
  by: string | undefined,
  use: (services: CaseServices) => Promise<T>,
): Promise<T> {
  const actor = actorName(by ?? userInfo().username);
  return withDb(async (db, config) => {
    await checkCodecKey(db, config.codec);
    const client = await connectClient(config);
    try {
      return await use({ db, client, config, actor });
    } finally {
      await client.connection.close();
    }
  });
}

/**
 * `--input file.json`: an object whose keys are the flags' names. A key that is not one of `fields` is refused
 * by name, rather than silently ignored (a misspelt field would otherwise vanish from the case).
 */
export async function readInputFile(
  path: string,
  fields: readonly string[],
): Promise<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw invalidInput('--input', `must be a readable JSON file: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalidInput('--input', 'must hold one JSON object whose keys are the flag names');
  }
  const unknown = Object.keys(parsed).find((key) => !fields.includes(key));
  if (unknown !== undefined) {
    throw invalidInput(
      '--input',
      `holds '${unknown}', which is not a field; the fields are ${fields.join(', ')}`,
    );
  }
  return parsed as Record<string, unknown>;
}

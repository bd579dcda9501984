/**
 * What the commands share: configuration, the database, a Temporal client, the acting officer. The libraries
 * behind them are loaded when a command first needs them, so that a command that does not (help, a list of
 * cases) answers without waiting for them.
 */
import { connect } from 'node:net';
import { userInfo } from 'node:os';
import type { Client } from '@temporalio/client';
import { PrivacyloketError } from '../lib/errors';
import type { Db } from '../db';
import type { CaseDetails } from '../services/case-details';
import type { CaseServices } from '../services/cases';
import type { Config } from '../services/config';
import { commandContext } from './context';

export async function loadConfig(): Promise<Config> {
  return commandContext()?.config ?? (await import('../services/config')).loadConfig();
}

/**
 * Opens the configuration and database, runs `use`, and closes the database whatever happens. A command the desk
 * runs uses the desk's open database.
 */
export async function withDb<T>(use: (db: Db, config: Config) => Promise<T>): Promise<T> {
  const context = commandContext();
  if (context) return use(context.db, context.config);
  const [config, { useDb }] = await Promise.all([loadConfig(), import('../db')]);
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
  const [{ actorName }, { connectClient }, { checkCodecKey }] = await Promise.all([
    import('../services/cases'),
    import('../services/client'),
    import('../services/codec'),
  ]);
  const actor = actorName(by ?? userInfo().username);
  const context = commandContext();
  if (context) {
    const { db, config, client, user } = context;
    if (!client) throw new PrivacyloketError('unavailable', 'Temporal does not answer; try again shortly.');
    return use({ db, client, config, actor, user });
  }
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

/** How long reading a case waits for Temporal's view before it shows the database's record alone. */
const READ_PATIENCE_MS = 2_000;

/**
 * Cases as `describeCases` reads them, with Temporal's view when it answers soon. Temporal is reached while the
 * database is read; whether anything listens at its address is asked first, in a millisecond, so that with
 * Temporal down its client library is not even loaded.
 */
export async function readCases(
  read: (db: Db, client: Client | undefined) => Promise<CaseDetails[]>,
): Promise<CaseDetails[]> {
  return withReadingClient((reaching) =>
    withDb(async (db) => {
      const client = await reaching;
      // Every call to Temporal within gets the same deadline: a workflow without a worker answers no query.
      return client
        ? client.withDeadline(Date.now() + READ_PATIENCE_MS, () => read(db, client))
        : read(db, undefined);
    }),
  );
}

/**
 * Temporal for a command that reads and can do without it: the desk's own client when the desk runs the command,
 * else one being reached (given to `use` at once, so that the database is read meanwhile), closed afterwards.
 */
export async function withReadingClient<T>(
  use: (client: Promise<Client | undefined>) => Promise<T>,
): Promise<T> {
  const context = commandContext();
  if (context) return use(Promise.resolve(context.client));
  const reaching = readingClient(await loadConfig());
  try {
    return await use(reaching);
  } finally {
    await (await reaching)?.connection.close();
  }
}

/** Temporal for a command that needs it: the desk's own client, else one connected now and closed afterwards. */
export async function withClient<T>(use: (client: Client) => Promise<T>): Promise<T> {
  const context = commandContext();
  if (context?.client) return use(context.client);
  const { connectClient } = await import('../services/client');
  const client = await connectClient(await loadConfig());
  try {
    return await use(client);
  } finally {
    await client.connection.close();
  }
}

async function readingClient(config: Config): Promise<Client | undefined> {
  const { temporalAddress } = await import('../services/config');
  if (!(await listens(temporalAddress(config), READ_PATIENCE_MS))) return undefined;
  const { connectClient } = await import('../services/client');
  return connectClient(config, READ_PATIENCE_MS).catch(() => undefined);
}

function listens(address: string, timeoutMs: number): Promise<boolean> {
  const [host, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.split(':').pop())];
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

/**
 * Starting the desk: its own database connection and Temporal client, listening on the configured address.
 * `npm start` runs it beside the worker; `npm run desk` runs it alone (another machine than the workers, against
 * TEMPORAL_ADDRESS and DATABASE_URL), until Ctrl-C.
 */
import { openDb } from '../db';
import { PrivacyloketError } from '../lib/errors';
import { connectClient } from '../services/client';
import { checkCodecKey } from '../services/codec';
import { loadConfig, type Config } from '../services/config';
import { buildDesk } from './server';

export interface RunningDesk {
  url: string;
  close(): Promise<void>;
}

export async function startDesk(
  config: Config,
  { uiOrigin }: { uiOrigin?: string } = {},
): Promise<RunningDesk> {
  const db = await openDb(config.database);
  try {
    const codecKey = await checkCodecKey(db, config.codec);
    const client = await connectClient(config);
    const app = await buildDesk({ db, config, client, codecKey, ...(uiOrigin ? { uiOrigin } : {}) });
    const { host, port } = config.desk;
    await app.listen({ host, port }).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'EADDRINUSE'
        ? new PrivacyloketError(
            'unavailable',
            `Port ${port} is already in use: stop whatever runs there, or set PRIVACYLOKET_DESK_PORT to another port.`,
          )
        : error;
    });
    return {
      url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
      async close() {
        await app.close();
        await client.connection.close();
        await db.destroy();
      },
    };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { runMain } = await import('../worker/run-main');
  await runMain(async (signal) => {
    const desk = await startDesk(loadConfig());
    console.log(`Privacyloket desk at ${desk.url}. Press Ctrl-C to stop.`);
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    await desk.close();
  });
}

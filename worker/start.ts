/**
 * `npm start`: the embedded default on one machine. Migrates the database, starts the Temporal dev server
 * (unless TEMPORAL_ADDRESS names a server) and a worker, says what runs where, and stops it all on Ctrl-C.
 * Everything persists under `var/`, so the next start resumes every open case.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PrivacyloketError } from '../lib/errors';
import { loadCodecKey } from '../services/codec';
import { temporalAddress } from '../services/client';
import { loadConfig, type Config } from '../services/config';
import { startDevServer, type DevServer } from './dev-server';
import { startDesk, type RunningDesk } from '../desk/main';
import { installRuntime, runWorker } from './main';
import { runMain } from './run-main';

await runMain(async (signal) => {
  installRuntime();
  const config = loadConfig();
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const release = holdInstanceLock(config.dataDir);
  try {
    loadCodecKey(config.codec); // created on first start, before anything is encrypted with it
    await run(config, signal);
  } finally {
    release();
  }
  console.log('Stopped.');
});

async function run(config: Config, signal: AbortSignal): Promise<void> {
  const server = config.temporal.address ? undefined : await startDevServer(config);
  const stopping = new AbortController();
  signal.addEventListener('abort', () => stopping.abort(), { once: true });
  void server?.exited.then(() => {
    if (stopping.signal.aborted) return;
    console.error(`privacyloket: the Temporal dev server stopped unexpectedly; see ${show(server.logFile)}.`);
    process.exitCode = 1;
    stopping.abort();
  });
  let desk: RunningDesk | undefined;
  try {
    desk = await startDesk(config, server ? { uiOrigin: server.uiUrl } : {});
    printSummary(config, server, desk);
    await runWorker(config, stopping.signal, () =>
      console.log('Privacyloket is ready. Press Ctrl-C to stop.'),
    );
  } finally {
    await desk?.close();
    await server?.stop();
  }
}

/**
 * One `npm start` per data folder: a second one refuses in one sentence rather than take over the first one's
 * files and server. A lock left by a start that was killed is taken over.
 */
function holdInstanceLock(dataDir: string): () => void {
  const file = join(dataDir, 'privacyloket.pid');
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      const release = () => rmSync(file, { force: true });
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const pid = Number(readFileSync(file, 'utf8'));
      if (isPrivacyloket(pid)) {
        throw new PrivacyloketError(
          'unavailable',
          `Privacyloket already runs from ${show(dataDir)} (process ${pid}): stop it first (Ctrl-C in its terminal), or give this one another PRIVACYLOKET_DATA_DIR.`,
        );
      }
      rmSync(file, { force: true });
    }
  }
}

function isPrivacyloket(pid: number): boolean {
  try {
    return pid > 0 && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('start.ts');
  } catch {
    return false;
  }
}

function show(path: string): string {
  const shown = relative(process.cwd(), path);
  return shown.startsWith('..') ? path : shown;
}

function printSummary(config: Config, server: DevServer | undefined, desk: RunningDesk): void {
  const { database, temporal, mail } = config;
  const rows: [string, string][] = [
    ['Desk', `${desk.url} (log in with a user from \`privacyloket user add\`)`],
    [
      'Temporal server',
      server
        ? `${server.address} (dev server, state in ${show(temporal.devServer.dbFile)}, log in ${show(server.logFile)})`
        : `${temporalAddress(config)} (namespace ${temporal.namespace})`,
    ],
    ...(server ? [['Temporal Web UI', server.uiUrl] as [string, string]] : []),
    ['Worker', `task queue ${temporal.taskQueue}, namespace ${temporal.namespace}`],
    [
      'Database',
      database.client === 'sqlite3' ? `${show(database.filename)} (SQLite)` : 'PostgreSQL (DATABASE_URL)',
    ],
    [
      'Mail',
      mail.smtpUrl ? 'SMTP (SMTP_URL)' : `.eml files in ${show(mail.outboxDir)}/ (set SMTP_URL to send)`,
    ],
    [
      'Letters',
      config.chromiumPath ? `Chromium at ${config.chromiumPath}` : 'no Chromium found: set CHROMIUM_PATH',
    ],
  ];
  for (const [what, where] of rows) console.log(`  ${what.padEnd(16)} ${where}`);
}

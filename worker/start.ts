/**
 * `npm start`: the embedded default on one machine. Migrates the database, starts the Temporal dev server
 * (unless TEMPORAL_ADDRESS names a server) and a worker, says what runs where, and stops it all on Ctrl-C.
 * Everything persists under `var/`, so the next start resumes every open case.
 */
import { mkdirSync } from 'node:fs';
import { relative } from 'node:path';
import { loadCodecKey } from './codec';
import { temporalAddress } from './client';
import { loadConfig, type Config } from './config';
import { startDevServer, type DevServer } from './dev-server';
import { installRuntime, runWorker } from './main';
import { runMain } from './run-main';

await runMain(async (signal) => {
  installRuntime();
  const config = loadConfig();
  mkdirSync(config.dataDir, { recursive: true });
  loadCodecKey(config.codec); // created on first start, before anything is encrypted with it
  const server = config.temporal.address ? undefined : await startDevServer(config);
  const stopping = new AbortController();
  signal.addEventListener('abort', () => stopping.abort(), { once: true });
  void server?.exited.then(() => {
    if (stopping.signal.aborted) return;
    console.error(`privacyloket: the Temporal dev server stopped unexpectedly; see ${show(server.logFile)}.`);
    process.exitCode = 1;
    stopping.abort();
  });
  try {
    printSummary(config, server);
    await runWorker(config, stopping.signal, () =>
      console.log('Privacyloket is ready. Press Ctrl-C to stop.'),
    );
  } finally {
    await server?.stop();
  }
  console.log('Stopped.');
});

function show(path: string): string {
  const shown = relative(process.cwd(), path);
  return shown.startsWith('..') ? path : shown;
}

function printSummary(config: Config, server: DevServer | undefined): void {
  const { database, temporal, mail } = config;
  const rows: [string, string][] = [
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

/**
 * The embedded Temporal server: `temporal server start-dev`, persisted to a SQLite file under `var/`, bound to
 * loopback. It runs in a process group of its own so that Ctrl-C reaches us first and we stop the worker before
 * the server; its pid file lets the next start clean up after a start that was killed.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Connection } from '@temporalio/client';
import { PrivacyloketError } from '../lib/errors';
import { waitForPort } from '../scripts/tools.js';
import type { Config } from '../services/config';

export interface DevServer {
  address: string;
  uiUrl: string;
  logFile: string;
  /** Settles when the server process ends, for whatever reason. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export async function startDevServer(config: Config): Promise<DevServer> {
  const { port, uiPort, dbFile, cli } = config.temporal.devServer;
  if (!cli) {
    throw new PrivacyloketError(
      'tool-missing',
      'The Temporal CLI is missing: run `npm start` (it builds one), put `temporal` on PATH, or set TEMPORAL_CLI.',
    );
  }
  const pidFile = join(config.dataDir, 'temporal.pid');
  await stopLeftover(pidFile, dbFile);
  for (const [name, value] of [
    ['TEMPORAL_PORT', port],
    ['TEMPORAL_UI_PORT', uiPort],
  ] as const) {
    if (await isListening(value)) {
      throw new PrivacyloketError(
        'unavailable',
        `Port ${value} is already in use: stop whatever runs there (another \`npm start\`?), set ${name} to another port, or set TEMPORAL_ADDRESS to use a running Temporal server.`,
      );
    }
  }
  const logFile = join(config.dataDir, 'log', 'temporal.log');
  mkdirSync(dirname(logFile), { recursive: true, mode: 0o700 });
  mkdirSync(dirname(dbFile), { recursive: true, mode: 0o700 });
  const log = openSync(logFile, 'a', 0o600);
  const args = ['server', 'start-dev', '--db-filename', dbFile, '--ip', '127.0.0.1', '--port', String(port)];
  args.push('--ui-port', String(uiPort), '--namespace', config.temporal.namespace, '--log-level', 'warn');
  // The Web UI shows payloads decrypted by the desk, for a logged-in Beheerder (desk/codec.ts).
  args.push('--ui-codec-endpoint', `http://127.0.0.1:${config.desk.port}/codec`);
  const child = spawn(cli, args, { detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  writeFileSync(pidFile, String(child.pid), { mode: 0o600 });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then(() => rmSync(pidFile, { force: true }));
  // A forced exit (a second Ctrl-C, a crash) skips stop(): the server must not outlive us even then.
  const killOnExit = () => signalGroup(child.pid!, 'SIGTERM');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));

  const address = `127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    signalGroup(child.pid!, 'SIGTERM');
    const timeout = setTimeout(() => signalGroup(child.pid!, 'SIGKILL'), 15_000);
    await exited;
    clearTimeout(timeout);
  };
  try {
    await Promise.race([
      waitUntilServing(address, config.temporal.namespace),
      exited.then((code) => {
        throw new PrivacyloketError(
          'unavailable',
          `The Temporal dev server stopped at start-up (exit code ${code}); its log is ${logFile}:\n${tail(logFile)}`,
        );
      }),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { address, uiUrl: `http://127.0.0.1:${uiPort}`, logFile, exited, stop };
}

/** Ready means the namespace answers, not merely that the port is open. */
async function waitUntilServing(address: string, namespace: string): Promise<void> {
  const [host = '127.0.0.1', port] = address.split(':');
  await waitForPort(Number(port), { host, timeoutMs: 60_000 });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: '2s' });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      if (Date.now() > deadline) {
        throw new PrivacyloketError(
          'unavailable',
          `The Temporal dev server did not become ready: ${String(error)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** A server left running by a start that was killed (SIGKILL, a crash) still holds our files and ports. */
async function stopLeftover(pidFile: string, dbFile: string): Promise<void> {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  const commandLine = (() => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      return '';
    }
  })();
  if (pid > 0 && commandLine.includes(dbFile)) {
    signalGroup(pid, 'SIGTERM');
    for (let i = 0; i < 150 && existsSync(`/proc/${pid}`); i++) await new Promise((r) => setTimeout(r, 100));
  }
  rmSync(pidFile, { force: true });
}

/** Signals the server's process group; one that has already gone is fine. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

async function isListening(port: number): Promise<boolean> {
  try {
    await waitForPort(port, { timeoutMs: 0 });
    return true;
  } catch {
    return false;
  }
}

function tail(file: string, lines = 15): string {
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

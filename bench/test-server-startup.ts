/**
 * How long Temporal's time-skipping test server takes to open its port, which the SDK allows 5 seconds for:
 * the launcher built by `scripts/ensure.js` (class-data archive, C1, serial GC) against a plain `java -cp`,
 * alone and with several starting at once (as parallel test files do). Run: `npx tsx bench/test-server-startup.ts`.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { findTestServer, freePort, toolCacheDir, waitForPort } from '../scripts/tools.js';

const launcher = findTestServer(toolCacheDir({ cacheHome: process.env.XDG_CACHE_HOME }));
if (!launcher) throw new Error('Run `node scripts/ensure.js test` first: it installs the test server.');
const classPath = join(dirname(launcher), 'lib', '*');
const RUNS = Number(process.argv[2] ?? 5);

async function startupMs(command: string, args: string[]): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const server = spawn(command, [...args, String(port)], { stdio: 'ignore' });
  try {
    await waitForPort(port, { timeoutMs: 60_000 });
    return performance.now() - started;
  } finally {
    server.kill('SIGKILL');
  }
}

async function measure(label: string, command: string, args: string[], parallel: number): Promise<void> {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    times.push(...(await Promise.all(Array.from({ length: parallel }, () => startupMs(command, args)))));
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const worst = times[times.length - 1]!;
  console.log(
    `${label.padEnd(34)} ${String(parallel).padStart(2)} at once: median ${median.toFixed(0)} ms, worst ${worst.toFixed(0)} ms`,
  );
}

for (const parallel of [1, 4]) {
  await measure('launcher (archive, C1, serial GC)', launcher, [], parallel);
  await measure('plain java -cp', 'java', ['-cp', classPath, 'io.temporal.testserver.TestServer'], parallel);
}

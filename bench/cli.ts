/**
 * How long a command takes as an officer runs it: `privacyloket cases` and `privacyloket case <ref>`, each run
 * RUNS times as a process of its own (median, fastest, slowest), against a database of CASES cases prepared here,
 * with no Temporal server at the configured port (`case` then shows the database's record). It runs the installed
 * command (bin/privacyloket.js, compiled first when the build is not current); `--sources` runs the TypeScript
 * sources through tsx instead, as the command did before it was compiled. Run: `npm run bench:cli [-- --sources]`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openDb } from '../db';
import { appendAuditEvent } from '../db/audit';
import { insertCase } from '../db/cases';
import { insertCaseRecord } from '../db/records';
import { buildCli, compiledCli } from '../scripts/cli-build.js';
import { freePort } from '../scripts/tools.js';
import { loadConfig, projectRoot } from '../services/config';

const RUNS = 20;
const CASES = 30;
const sources = process.argv.includes('--sources');

const dir = mkdtempSync(join(tmpdir(), 'privacyloket-bench-'));
try {
  const configFile = join(dir, 'config.json');
  writeFileSync(configFile, '{}');
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PRIVACYLOKET_CONFIG: configFile,
    PRIVACYLOKET_DATA_DIR: dir,
    TEMPORAL_PORT: String(await freePort()),
  };
  const reference = await prepare(env);

  if (!sources && !compiledCli()) {
    console.log('Compiling the command line first (dist/cli/)…');
    await buildCli();
  }
  const run = (args: string[]) => {
    const command = sources
      ? [
          '--input-type=module',
          '-e',
          `import { register } from 'tsx/esm/api'; register();
           const { main } = await import(${JSON.stringify(pathToFileURL(join(projectRoot, 'cli', 'main.ts')).href)});
           process.exitCode = await main(process.argv.slice(1));`,
          ...args,
        ]
      : [join(projectRoot, 'bin', 'privacyloket.js'), ...args];
    const started = performance.now();
    const ran = spawnSync(process.execPath, command, { env, cwd: projectRoot, encoding: 'utf8' });
    const ms = performance.now() - started;
    if (ran.status !== 0) throw new Error(`privacyloket ${args.join(' ')} failed:\n${ran.stderr}`);
    return ms;
  };

  console.log(
    `privacyloket, ${sources ? 'the TypeScript sources through tsx' : 'compiled (bin/privacyloket.js)'}: ${RUNS} runs each, ${CASES} cases, no Temporal server`,
  );
  for (const args of [['cases'], ['case', reference]]) {
    run(args); // once to warm the file cache, as an officer's second command finds it
    const times = Array.from({ length: RUNS }, () => run(args)).sort((a, b) => a - b);
    const median = (times[RUNS / 2 - 1]! + times[RUNS / 2]!) / 2;
    const seconds = (ms: number) => (ms / 1000).toFixed(2);
    console.log(
      `  ${`privacyloket ${args.join(' ')}`.padEnd(34)} median ${seconds(median)} s  (fastest ${seconds(times[0]!)} s, slowest ${seconds(times.at(-1)!)} s)`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** A database with CASES open access requests, each with its letters' events and a decision on record. */
async function prepare(env: Record<string, string | undefined>): Promise<string> {
  const db = await openDb(loadConfig(env).database);
  try {
    let first = '';
    for (let n = 0; n < CASES; n++) {
      const receivedAt = new Date(Date.now() - n * 86_400_000);
      const { id, reference } = await insertCase(db, {
        process: 'access',
        policyId: 'gdpr-default',
        locale: 'nl',
        receivedAt,
        registeredAt: receivedAt,
        dueAt: new Date(receivedAt.getTime() + 30 * 86_400_000),
        channel: 'e-mail',
        subject: { name: `Betrokkene ${n + 1}`, email: `betrokkene${n + 1}@example.nl` },
        actor: 'bench',
      });
      first ||= reference;
      for (const type of ['letter.rendered', 'letter.delivered']) {
        await appendAuditEvent(db, { type, actor: 'system', caseId: id, data: { kind: 'acknowledgement' } });
      }
      const decision = { by: 'bench', outcome: 'no-data' };
      const record = await insertCaseRecord(db, {
        caseId: id,
        type: 'access.decided',
        data: { decision },
        actor: 'bench',
      });
      await appendAuditEvent(db, { type: 'access.decided', actor: 'bench', caseId: id, data: { ...record } });
    }
    return first;
  } finally {
    await db.destroy();
  }
}

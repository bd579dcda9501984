/**
 * A breach's letters to 10,000 people through the real workflow: a breach registered as `breach start` does it,
 * assessed and decided, its people imported from a CSV file (one in twenty without an e-mail address: their
 * letters go in the print file for the post), the letter approved, and then the breach workflow and its child
 * `breachMailing` on a Temporal dev server with the product's worker (Chromium, SQLite, the outbox) and a real SMTP
 * server on loopback that counts what each address receives. Timed from the approval to the workflow's count.
 *   npm run bench:mailing [-- <people> [pool]]
 * The last line reads `mailing: <n> letters in <s> s (<rate>/s)`.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { SMTPServer } from 'smtp-server';
import { openActivityDeps } from '../activities';
import { createDb, migrateDb } from '../db';
import { findCase } from '../db/cases';
import type { LetterRow } from '../db/letters';
import { EXAMPLE_ASSESSMENT } from '../lib/breach/assessment';
import { findTemporalCli, toolCacheDir } from '../scripts/tools.js';
import { findPostLetters, importPeople, mailingProgress } from '../services/case-people';
import { dataConverter, loadCodecKey } from '../services/codec';
import { loadConfig } from '../services/config';
import { sendUpdate, type CaseServices } from '../services/cases';
import { parseCaseRequest, registerCase } from '../services/start';
import {
  breachAssessUpdate,
  breachDecideUpdate,
  breachLetterUpdate,
  breachPeopleUpdate,
  EXAMPLE_LETTER,
  type BreachState,
} from '../workflows/breach-messages';
import { caseStatusQuery } from '../workflows/case/updates';
import { createWorker, installRuntime } from '../worker/main';

const people = Number(process.argv[2] ?? 10_000);
const pooled = process.argv[3] === 'pool';
const dataDir = mkdtempSync(join(tmpdir(), 'privacyloket-bench-'));
installRuntime();

// The mail server: counts per address, keeps nothing else.
const received = new Map<string, number>();
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onData(stream, session, callback) {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      for (const { address } of session.envelope.rcptTo)
        received.set(address, (received.get(address) ?? 0) + 1);
      callback();
    });
  },
});
await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
const { port } = smtp.server.address() as { port: number };

const config = loadConfig({
  ...process.env,
  PRIVACYLOKET_DATA_DIR: dataDir,
  PRIVACYLOKET_CODEC_KEY: Buffer.alloc(32, 3).toString('base64'),
  // `pool`: one SMTP connection per mail is what a plain SMTP_URL gives; a pool is nodemailer's own URL option.
  SMTP_URL: `smtp://127.0.0.1:${port}${pooled ? '?pool=true&maxConnections=8' : ''}`,
});
const cli = findTemporalCli({
  configured: process.env.TEMPORAL_CLI,
  path: process.env.PATH,
  cacheDir: toolCacheDir({ cacheHome: process.env.XDG_CACHE_HOME }),
});
if (!cli) throw new Error('The Temporal CLI is missing: run npm start or npm test once, which install it.');
const env = await TestWorkflowEnvironment.createLocal({
  server: { executable: { type: 'existing-path', path: cli }, log: { format: 'pretty', level: 'error' } },
  client: { dataConverter: dataConverter(loadCodecKey(config.codec)) },
});
const db = createDb(config.database);
await migrateDb(db);
const deps = openActivityDeps(config, db);

const worker = await createWorker({
  config: { ...config, temporal: { ...config.temporal, taskQueue: 'bench-mailing' } },
  connection: env.nativeConnection,
  deps,
});
const services: CaseServices = {
  db,
  client: env.client,
  config: { ...config, temporal: { ...config.temporal, taskQueue: 'bench-mailing' } },
  actor: 'bench',
};
const running = worker.run();

try {
  const request = await parseCaseRequest(
    'breach',
    {
      policy: 'de-buurderij',
      noticed: new Date().toISOString(),
      summary: 'Bench: een e-mail aan alle cliënten met alle adressen zichtbaar.',
    },
    { policiesDir: config.policiesDir },
  );
  const { reference } = await registerCase(services, request);
  const { id: caseId } = await findCase(db, reference);
  const by = 'bench';
  await sendUpdate(services, reference, breachAssessUpdate, { by, assessment: EXAMPLE_ASSESSMENT });
  await sendUpdate(services, reference, breachDecideUpdate, {
    by,
    notifyAuthority: true,
    notifySubjects: true,
  });
  const rows = Array.from({ length: people }, (_, index) => {
    const n = index + 1;
    const email = n % 20 === 0 ? '' : `persoon-${n}@example.nl`;
    return `Persoon ${n},${email},"Dorpsstraat ${n}, ${String(1000 + (n % 9000)).padStart(4, '0')} AB Ergens",${n % 9 === 0 ? 'en' : ''}`;
  });
  let started = performance.now();
  const imported = await importPeople(db, reference, ['name,email,address,locale', ...rows].join('\n'));
  console.log(
    `import: ${imported.count} people (${imported.byMail} by mail, ${imported.byPost} by post) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  await sendUpdate(services, reference, breachPeopleUpdate, { ...imported, by });
  await deps.printer.warm();
  started = performance.now();
  await sendUpdate(services, reference, breachLetterUpdate, { by, letter: EXAMPLE_LETTER });
  const handle = env.client.workflow.getHandle(reference);
  let counts: { sent: number; undeliverable: number; post: number } | undefined;
  for (let waited = 0; !counts && waited < 1800; waited++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    counts = ((await handle.query(caseStatusQuery)).details as { breach: BreachState }).breach.letters;
  }
  if (!counts) throw new Error('the letters did not all go out within 7.5 minutes');
  const seconds = (performance.now() - started) / 1000;

  const toPeople = [...received].filter(([address]) => address.startsWith('persoon-'));
  const once = toPeople.every(([, n]) => n === 1);
  const kept = (await db<LetterRow>('letters')
    .where({ case_id: caseId, delivery: 'post' })
    .first(db.raw('sum(length(pdf)) as bytes'), db.raw('count(*) as n'))) as unknown as {
    bytes: number;
    n: number;
  };
  const perLetter = Number(kept.bytes) / Math.max(1, Number(kept.n));
  const printFile = await findPostLetters(db, reference);
  console.log(
    `result: ${JSON.stringify(counts)}; progress: ${JSON.stringify(await mailingProgress(db, caseId))}`,
  );
  console.log(
    `mail: ${toPeople.length} addresses, ${once ? 'each exactly once' : 'SOME MORE THAN ONCE'}; print file for the post: ${((printFile?.content.length ?? 0) / 1e6).toFixed(1)} MB`,
  );
  console.log(
    `storage: a letter's PDF is ${(perLetter / 1000).toFixed(1)} kB, ${((perLetter * people) / 1e6).toFixed(0)} MB for all ${people} were they kept; the database is ${(databaseBytes() / 1e6).toFixed(0)} MB with the mailed ones emptied`,
  );
  const letters = counts.sent + counts.undeliverable + counts.post;
  console.log(`mailing: ${letters} letters in ${seconds.toFixed(1)} s (${(letters / seconds).toFixed(1)}/s)`);
} finally {
  worker.shutdown();
  await running;
  await deps.close();
  await db.destroy();
  await env.teardown();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  rmSync(dataDir, { recursive: true, force: true });
}

/** The SQLite database with its write-ahead log. */
function databaseBytes(): number {
  if (config.database.client !== 'sqlite3') return 0;
  const { filename } = config.database;
  return [filename, `${filename}-wal`].reduce(
    (sum, file) => sum + (existsSync(file) ? statSync(file).size : 0),
    0,
  );
}

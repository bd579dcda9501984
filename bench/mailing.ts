/**
 * A breach's letters to 10,000 people through the real workflow: a breach case, its people imported from a CSV
 * file (one in twenty without an e-mail address: their letters go in the print file for the post), the approved
 * letter text, the child workflow `breachMailing` on a Temporal dev server with the product's worker (Chromium,
 * SQLite, the outbox) and a real SMTP server on loopback that counts what each address receives.
 *   npm run bench:mailing [-- <people> [pool]]
 * The last line reads `mailing: <n> letters in <s> s (<rate>/s)`. Until the breach workflow registers breach cases
 * itself, the case is registered straight into the database (process 'breach' with its request record).
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { SMTPServer } from 'smtp-server';
import { openActivityDeps } from '../activities';
import { createDb, migrateDb } from '../db';
import { insertCase } from '../db/cases';
import type { LetterRow } from '../db/letters';
import { insertCaseRecord } from '../db/records';
import { findTemporalCli, toolCacheDir } from '../scripts/tools.js';
import { findPostLetters, importPeople, mailingProgress } from '../services/breach-people';
import { dataConverter, loadCodecKey } from '../services/codec';
import { loadConfig } from '../services/config';
import { breachMailing, breachMailingId } from '../workflows/breach-mailing';
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

try {
  const receivedAt = new Date();
  const { id: caseId, reference } = await insertCase(db, {
    process: 'breach',
    policyId: 'de-buurderij',
    locale: 'nl',
    receivedAt,
    dueAt: new Date(receivedAt.getTime() + 72 * 3_600_000),
    request: {
      noticedAt: receivedAt.toISOString(),
      summary: 'Bench: a mailing list sent to all',
      ongoing: false,
    },
    actor: 'bench',
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
  await insertCaseRecord(db, {
    caseId,
    type: 'breach.letter-approved',
    actor: 'bench',
    data: {
      by: 'bench',
      letter: {
        nature:
          'Op 3 maart is een e-mail aan alle cliënten verstuurd waarin de adressen van alle ontvangers zichtbaar waren.',
        consequences:
          'Anderen kunnen uw e-mailadres hebben gezien. U kunt ongewenste of misleidende e-mail krijgen.',
        measures:
          'Wij hebben de ontvangers gevraagd de e-mail te verwijderen en verzenden voortaan alleen nog in bcc.',
        advice:
          'Wees alert op e-mail die om uw gegevens vraagt. Twijfelt u of een bericht van ons komt, bel ons dan.',
      },
    },
  });

  const worker = await createWorker({
    config: { ...config, temporal: { ...config.temporal, taskQueue: 'bench-mailing' } },
    connection: env.nativeConnection,
    deps,
  });
  await deps.printer.warm();
  const counts = await worker.runUntil(async () => {
    started = performance.now();
    return env.client.workflow.execute(breachMailing, {
      taskQueue: 'bench-mailing',
      workflowId: breachMailingId(reference),
      args: [{ reference }],
    });
  });
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

/**
 * `npm start` as a newcomer runs it: the ready line, a working platform, a clean stop on Ctrl-C, and a second
 * start on the same files that resumes a workflow left waiting.
 */
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb } from '../../db';
import { verifyAuditTrail } from '../../db/audit';
import { freePort } from '../../scripts/tools.js';
import { connectClient } from '../../services/client';
import { loadConfig } from '../../services/config';
import type { platformCheck } from '../../workflows';
import { tempDir, testEnv } from '../helpers/env';
import { readPdf } from '../helpers/pdf';
import { Foreground, killGroup, runCli } from '../helpers/processes';
import { parseMail } from '../helpers/smtp';
import { amsterdamDate } from '../../lib/calendar';
import { computeDeadline } from '../../lib/deadlines';
import { formatLongDate } from '../../templates';
import { processesUsing } from '../../services/files';

/** Files under `dir` readable by others, and folders others can enter. */
function notPrivate(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((entry) => join(dir, entry))
    .filter((path) => {
      const stat = lstatSync(path);
      if (stat.isSymbolicLink()) return false;
      return (stat.mode & 0o077) !== 0;
    })
    .map((path) => `${path} ${(statSync(path).mode & 0o777).toString(8)}`);
}

const READY = 'Privacyloket is ready.';
const running: { started: Foreground; dataDir: string }[] = [];
afterEach(() => {
  // After a failed test: the start's process group, and the dev server it runs in a group of its own.
  for (const { started, dataDir } of running.splice(0)) {
    started.kill();
    const pidFile = join(dataDir, 'temporal.pid');
    if (existsSync(pidFile)) killGroup(Number(readFileSync(pidFile, 'utf8')));
  }
});

/** A data folder of its own and free ports for the dev server and its Web UI. */
async function startEnv() {
  const dataDir = tempDir();
  const [port, uiPort, deskPort] = [await freePort(), await freePort(), await freePort()];
  const env = testEnv({
    PRIVACYLOKET_DATA_DIR: dataDir,
    TEMPORAL_PORT: String(port),
    TEMPORAL_UI_PORT: String(uiPort),
    PRIVACYLOKET_DESK_PORT: String(deskPort),
  });
  return { dataDir, port, uiPort, deskPort, env };
}

function npmStart(env: NodeJS.ProcessEnv): Foreground {
  const started = new Foreground('npm', ['start'], env);
  running.push({ started, dataDir: env.PRIVACYLOKET_DATA_DIR! });
  return started;
}

describe('npm start', () => {
  it('runs server and worker, stops on Ctrl-C, and resumes open work on the next start', async () => {
    const { dataDir, port, uiPort, deskPort, env } = await startEnv();

    const first = npmStart(env);
    await first.waitFor(READY, 120_000);
    expect(first.text).toContain(`127.0.0.1:${port}`);
    expect(first.text).toContain(`http://127.0.0.1:${uiPort}`);
    // The desk answers at the address printed, with its login page.
    expect(first.text).toMatch(new RegExp(`Desk +http://127\\.0\\.0\\.1:${deskPort} `));
    const login = await fetch(`http://127.0.0.1:${deskPort}/cases`);
    expect(login.url).toMatch(/\/login\?next=%2Fcases$/);
    expect(await login.text()).toContain('privacyloket user add');
    expect(readFileSync(join(dataDir, 'codec.key')).length).toBeGreaterThan(40);

    const status = await runCli(['status', '--json'], env);
    expect(status.stderr).toBe('');
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ echo: 'ok', taskQueue: 'privacyloket' });

    // A second start on the same files refuses, and leaves the first one running.
    const second = await new Foreground('npm', ['start'], env).done;
    expect(second.code).not.toBe(0);
    expect(second.stderr).toMatch(
      /privacyloket: Privacyloket already runs from .* \(process \d+\): stop it first/,
    );
    expect(second.stderr).not.toMatch(/\n\s+at /);
    expect((await runCli(['status'], env)).code).toBe(0);

    // The first access request: its acknowledgement lands in var/outbox/ within seconds, stating the due date.
    const NAME = 'Vermeulen-Testnaam';
    const received = new Date();
    const started = await runCli(
      [
        'access',
        'start',
        '--policy',
        'gdpr-default',
        '--received',
        received.toISOString(),
        '--name',
        NAME,
        '--email',
        'v@example.nl',
        '--json',
      ],
      env,
    );
    expect(started).toMatchObject({ code: 0, stderr: '' });
    const { reference } = JSON.parse(started.stdout) as { reference: string };
    expect(reference).toBe(`INZ-${amsterdamDate(received).slice(0, 4)}-0001`); // the year it is registered
    const outbox = join(dataDir, 'outbox');
    for (let i = 0; i < 300 && !(existsSync(outbox) && readdirSync(outbox).length > 0); i++) await sleep(100);
    const [eml] = readdirSync(outbox);
    const mail = await parseMail(readFileSync(join(outbox, eml!), 'utf8'));
    expect(mail.subject).toBe(`Ontvangstbevestiging van uw verzoek om inzage (${reference})`);
    const due = formatLongDate(computeDeadline(received, { months: 1 }).dueDate, 'nl');
    expect((await readPdf(mail.attachments[0]!.content)).text).toContain(`uiterlijk op ${due}`);
    // Everything under var/ holds or may hold personal data: private, whichever program created it.
    expect(notPrivate(dataDir)).toEqual([]);
    const shown = await runCli(['case', reference], env);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`${reference}  access, policy gdpr-default, open`);
    expect(shown.stdout).toContain('Stage     verifying-identity');
    expect(shown.stdout).toMatch(/acknowledgement\s+attachment\s+sent/);
    const listed = await runCli(['cases', '--json'], env);
    expect(JSON.parse(listed.stdout)).toMatchObject({
      cases: [{ reference, process: 'access', status: 'open' }],
    });
    const soon = await runCli(['cases', '--due-within', '60d', '--json'], env);
    expect(JSON.parse(soon.stdout)).toMatchObject({ cases: [{ reference }] });
    const pdfFile = join(tempDir(), 'ontvangst.pdf');
    const written = await runCli(['letter', reference, 'acknowledgement', '--out', pdfFile], env);
    expect(written.code).toBe(0);
    expect(statSync(pdfFile).mode & 0o777).toBe(0o600);
    expect((await readPdf(readFileSync(pdfFile))).text).toContain(
      `uiterlijk op ${formatLongDate(computeDeadline(received, { months: 1 }).dueDate, 'nl')}`,
    );
    const asked = await runCli(
      ['verify-identity', reference, '--missing', 'een kopie van uw identiteitsbewijs'],
      env,
    );
    expect(asked).toMatchObject({ code: 0, stderr: '' });
    expect(asked.stdout).toContain(`${reference}: verifying-identity`);
    for (let i = 0; i < 300 && readdirSync(outbox).length < 2; i++) await sleep(100);
    expect(readdirSync(outbox)).toContain(`${reference}_identity-request_1_subject.eml`);
    expect(readdirSync(outbox).filter((file) => !file.endsWith('.eml'))).toEqual([]);
    const early = await runCli(['decide', reference, '--outcome', 'no-data'], env);
    expect(early).toMatchObject({ code: 2, stdout: '' });
    expect(early.stderr).toBe(
      `privacyloket: ${reference}: decision: the requester's identity has not been verified yet (art. 12(6)).\n`,
    );

    // Leave a workflow waiting on a timer across the restart.
    const config = loadConfig(env);
    const client = await connectClient(config);
    const handle = await client.workflow.start<typeof platformCheck>('platformCheck', {
      taskQueue: config.temporal.taskQueue,
      workflowId: `resume-${Date.now()}`,
      args: [
        {
          echo: 'resumed',
          wait: { receivedAt: new Date(Date.now() + 8000).toISOString(), period: { hours: 0 } },
        },
      ],
    });

    const stopped = await first.interrupt();
    expect(stopped.stdout).toContain('Stopped.');
    expect(stopped.stderr).not.toMatch(/Error|error:/);
    expect(existsSync(join(dataDir, 'temporal.pid'))).toBe(false);
    expect(existsSync(join(dataDir, 'temporal.sqlite3'))).toBe(true);

    const restarted = npmStart(env);
    await restarted.waitFor(READY, 120_000);
    const result = await handle.result();
    expect(result.echo).toBe('resumed');
    await client.connection.close();
    await restarted.interrupt();

    // The subject's name reached Temporal only encrypted.
    for (const file of readdirSync(dataDir).filter((f) => f.startsWith('temporal.sqlite3'))) {
      expect(readFileSync(join(dataDir, file)).includes(NAME), file).toBe(false);
    }
    const db = createDb(config.database);
    try {
      // platform checks (3); the access request: registered, acknowledgement rendered and delivered, more
      // information asked, and that letter rendered and delivered.
      expect(await verifyAuditTrail(db)).toMatchObject({ ok: true, count: 9 });
    } finally {
      await db.destroy();
    }
  }, 240_000);

  it('cleans up after a worker killed with kill -9, and refuses another codec key than the database has', async () => {
    const { dataDir, env } = await startEnv();
    const first = npmStart(env);
    await first.waitFor(READY, 120_000);
    const pid = Number(readFileSync(join(dataDir, 'privacyloket.pid'), 'utf8'));
    const chromiumDir = join(dataDir, 'chromium', String(pid));
    for (let i = 0; i < 300 && processesUsing(chromiumDir).length === 0; i++) await sleep(100);
    expect(processesUsing(chromiumDir).length).toBeGreaterThan(0); // Chromium runs, warm for the first letter
    // What a worker killed mid-letter leaves: a half-written mail in its temporary folder.
    mkdirSync(join(dataDir, 'tmp', String(pid)), { recursive: true });
    writeFileSync(join(dataDir, 'tmp', String(pid), 'INZ-2026-0001_acknowledgement_1_subject.eml.x'), 'half');

    process.kill(pid, 'SIGKILL');
    await first.done;
    // Chromium talks to its worker over a pipe: with the worker gone, it goes too.
    for (let i = 0; i < 100 && processesUsing(chromiumDir).length > 0; i++) await sleep(100);
    expect(processesUsing(chromiumDir)).toEqual([]);

    const wrongKey = npmStart({ ...env, PRIVACYLOKET_CODEC_KEY: Buffer.alloc(32, 9).toString('base64') });
    const refused = await wrongKey.done;
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(
      /privacyloket: PRIVACYLOKET_CODEC_KEY holds codec key [0-9a-f]{16}, but the cases in this database are encrypted with key [0-9a-f]{16}/,
    );
    expect(refused.stdout).not.toContain(READY);

    const again = npmStart(env);
    await again.waitFor(READY, 120_000);
    expect(existsSync(join(dataDir, 'tmp', String(pid)))).toBe(false);
    expect(existsSync(chromiumDir)).toBe(false);
    await again.interrupt();
  }, 240_000);

  it('stops with one sentence, not a stack trace, when the configuration is bad', async () => {
    const started = npmStart(testEnv({ PRIVACYLOKET_DATA_DIR: tempDir(), TEMPORAL_PORT: 'seventy' }));
    const { code, stderr } = await started.done;
    expect(code).not.toBe(0);
    expect(stderr).toContain('privacyloket: Configuration is invalid: TEMPORAL_PORT must be a port number');
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

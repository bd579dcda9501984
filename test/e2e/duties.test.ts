/**
 * Recurring duties as Temporal Schedules on the real dev server (the time-skipping server runs no Schedules): what
 * a worker start does, with a test interval of seconds so that a run comes within the test; the officer's mail on
 * loopback SMTP; `duty done` recording the row and the audit event; a second start updating rather than
 * duplicating; a duty removed from its policy losing its schedule; and the policy's own calendar as the server
 * reads it. One server for the file.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCommand, type Command } from '../../cli/command';
import { duties, dutyDone } from '../../cli/commands/duties';
import { createDb, migrateDb, type Db } from '../../db';
import { verifyAuditTrail, type AuditEventRow } from '../../db/audit';
import type { DutyRow } from '../../db/duties';
import { amsterdamDate, amsterdamTime, calendarDate, dateParts } from '../../lib/calendar';
import { loadPolicy } from '../../policies/load';
import type { Policy } from '../../policies/schema';
import { findTemporalCli, toolCacheDir } from '../../scripts/tools.js';
import { loadConfig, type Config } from '../../services/config';
import { syncDutySchedules } from '../../worker/schedules';
import { testEnv } from '../helpers/env';
import { parseMail, startSmtpServer, type TestSmtpServer } from '../helpers/smtp';
import { devServerEnv, testWorker } from '../helpers/temporal';

const TASK_QUEUE = 'duties-e2e';
const IDS = ['password-change', 'register-review', 'policy-review'].map(
  (duty) => `duty-werk-op-maat-${duty}`,
);

let env: TestWorkflowEnvironment;
let config: Config;
let dataDir: string;
let db: Db;
let policy: Policy;
const saved = { ...process.env };

beforeAll(async () => {
  // The file's tests share one data folder (a test's own tempDir is removed after it).
  dataDir = mkdtempSync(join(tmpdir(), 'privacyloket-duties-'));
  config = loadConfig(testEnv({ PRIVACYLOKET_DATA_DIR: dataDir }), dataDir);
  db = createDb(config.database);
  await migrateDb(db);
  env = await devServerEnv(config);
  policy = await loadPolicy('werk-op-maat');
  // The commands read their configuration as a terminal would give it: the same data folder, this server.
  Object.assign(
    process.env,
    testEnv({
      PRIVACYLOKET_DATA_DIR: config.dataDir,
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
    }),
  );
});
afterAll(async () => {
  process.env = saved;
  await env?.teardown();
  await db?.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A command as `privacyloket` runs it in this process: its exit code (0 here; a refusal throws) and its output. */
async function cli(command: Command, argv: string[]) {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const code = await runCommand(command, argv);
    return { code, stdout: log.mock.calls.map((call) => call.join(' ')).join('\n') };
  } finally {
    log.mockRestore();
  }
}

type Listed = {
  duties: { duty: string; nextRunAt: string | null; openRun: string | null; lastDone: unknown }[];
};
const listed = async () =>
  (JSON.parse((await cli(duties, ['--policy', 'werk-op-maat', '--json'])).stdout) as Listed).duties;

/** Bounded: `probe`'s answer once it has one. */
async function within<T>(ms: number, what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const dutySchedules = async () => {
  const ids: string[] = [];
  for await (const { scheduleId } of env.client.schedule.list())
    if (scheduleId.startsWith('duty-')) ids.push(scheduleId);
  return ids.sort();
};

async function worker(smtp: TestSmtpServer): Promise<Worker> {
  return testWorker(env, { ...config, mail: { ...config.mail, smtpUrl: smtp.url } }, db, TASK_QUEUE);
}

describe('recurring duties on the dev server', () => {
  it('creates a schedule per duty, mails the officer at a run, records duty done, and updates rather than duplicates', async () => {
    const smtp = await startSmtpServer();
    await (
      await worker(smtp)
    ).runUntil(async () => {
      const start = (testIntervalMs?: number, policies = [policy]) =>
        syncDutySchedules(env.client, { policies, taskQueue: TASK_QUEUE, testIntervalMs });
      expect(await start(3_000)).toEqual({ created: IDS, updated: [], deleted: [] });

      // A run comes within seconds and mails the officer what to do, naming no one.
      const mail = await within(30_000, 'the password change mail', async () => {
        const mails = await Promise.all(smtp.messages.map((m) => parseMail(m.raw)));
        return mails.find((m) => m.subject.includes('Wachtwoorden'));
      });
      expect(mail.to).toBe('fg@werkopmaat.example');
      expect(mail.text).toContain('privacyloket duty done werk-op-maat/password-change');
      const open = await within(10_000, 'the run listed as open', async () => {
        const row = (await listed()).find((d) => d.duty === 'password-change')!;
        return row.openRun ? row : undefined;
      });
      expect(open.openRun).toMatch(/^duty-werk-op-maat-password-change-/);
      expect(open.nextRunAt).not.toBeNull();
      expect(open.lastDone).toBeNull();

      const done = await cli(dutyDone, [
        'werk-op-maat/password-change',
        '--by',
        'Anna de Boer',
        '--note',
        'Alle wachtwoorden gewijzigd in het teamoverleg.',
      ]);
      expect(done.code).toBe(0);
      expect(done.stdout).toMatch(/^werk-op-maat\/password-change: done, recorded for Anna de Boer at /);
      const rows = await db<DutyRow>('duties').select();
      expect(rows).toMatchObject([
        { policy_id: 'werk-op-maat', duty: 'password-change', run_id: open.openRun, done_by: 'Anna de Boer' },
      ]);
      const event = await db<AuditEventRow>('audit_events').where({ type: 'duty.done' }).first();
      expect(event).toMatchObject({ actor: 'Anna de Boer' });
      expect(JSON.parse(event!.data)).toMatchObject({
        policy: 'werk-op-maat',
        runId: open.openRun,
        noted: true,
      });
      expect(await verifyAuditTrail(db)).toMatchObject({ ok: true });
      const afterwards = (await listed()).find((d) => d.duty === 'password-change')!;
      expect(afterwards.lastDone).toMatchObject({ by: 'Anna de Boer', at: rows[0]!.done_at });
      expect((await cli(duties, ['--policy', 'werk-op-maat'])).stdout).toMatch(
        /werk-op-maat\/password-change\s+6 months\s+.*\s+by Anna de Boer\s+Wachtwoorden/,
      );

      // The next start: the same schedules, each taking the (changed) interval; none added.
      expect(await start(7_000)).toEqual({ created: [], updated: IDS, deleted: [] });
      const described = await env.client.schedule.getHandle(IDS[0]!).describe();
      expect(described.spec.intervals?.map((interval) => interval.every)).toEqual([7_000]);
      expect(described.policies).toMatchObject({ overlap: 'SKIP', catchupWindow: 10_000 });
      expect(await dutySchedules()).toEqual([...IDS].sort());

      // A duty taken out of its policy loses its schedule.
      const { ['policy-review']: _removed, ...kept } = policy.recurring;
      expect(await start(7_000, [{ ...policy, recurring: kept }])).toEqual({
        created: [],
        updated: IDS.slice(0, 2),
        deleted: ['duty-werk-op-maat-policy-review'],
      });
      const remaining = await within(10_000, 'the list without the deleted schedule', async () => {
        const ids = await dutySchedules();
        return ids.length === 2 ? ids : undefined;
      });
      expect(remaining).toEqual(IDS.slice(0, 2).sort());

      // What an operator sees with Temporal's own CLI.
      const temporal = findTemporalCli({
        configured: process.env.TEMPORAL_CLI,
        path: process.env.PATH,
        cacheDir: toolCacheDir({ cacheHome: process.env.XDG_CACHE_HOME }),
      })!;
      const { stdout } = await promisify(execFile)(temporal, ['schedule', 'list', '--address', env.address]);
      for (const id of IDS.slice(0, 2)) expect(stdout).toContain(id);
      expect(stdout).not.toContain('duty-werk-op-maat-policy-review');
    });
  });

  it("runs on the policy's calendar: every 6 months and every year from the day it was created, at 09:00", async () => {
    const today = amsterdamDate(new Date());
    await syncDutySchedules(env.client, { policies: [policy], taskQueue: TASK_QUEUE });
    const [year, month, day] = dateParts(today);
    const on = (months: number) => {
      const index = month - 1 + months;
      return amsterdamTime(
        calendarDate(year + Math.floor(index / 12), (index % 12) + 1, Math.min(day, 28)),
        9,
      );
    };
    const next = async (id: string) =>
      (await env.client.schedule.getHandle(id).describe()).info.nextActionTimes;
    expect((await next(IDS[0]!)).slice(0, 2)).toEqual([on(6), on(12)]);
    expect((await next(IDS[1]!)).slice(0, 2)).toEqual([on(12), on(24)]);
    const described = await env.client.schedule.getHandle(IDS[0]!).describe();
    expect(described.policies).toMatchObject({ overlap: 'SKIP', catchupWindow: 6 * 28 * 86_400_000 });
    expect(described.action).toMatchObject({ workflowType: 'duty', taskQueue: TASK_QUEUE });
  });

  it('refuses bad input in one sentence naming what is wrong', async () => {
    await expect(cli(dutyDone, ['werk-op-maat', '--by', 'Anna'])).rejects.toMatchObject({
      code: 'invalid-input',
      message: "<duty> must be <policy>/<duty> such as werk-op-maat/password-change, got 'werk-op-maat'",
    });
    await expect(cli(dutyDone, ['werk-op-maat/passwords', '--by', 'Anna'])).rejects.toMatchObject({
      code: 'invalid-input',
      message:
        "<duty> 'passwords' is not a recurring duty of werk-op-maat: its duties are password-change, register-review, policy-review",
    });
    await expect(cli(duties, ['--policy', 'werk-op-mat'])).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringMatching(/^Unknown policy 'werk-op-mat': choose one of /) as unknown,
    });
    await expect(cli(dutyDone, ['werk-op-maat/password-change', '--by', ''])).rejects.toMatchObject({
      code: 'invalid-input',
    });
  });
});

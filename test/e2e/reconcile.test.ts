/**
 * No case is ever lost, on the real dev server (Temporal's list queries are what the reconciliation reads): a
 * case committed without its workflow gets one, and a case whose workflow ended without closing it is marked
 * failed, shown so by `case` and `cases`, and its officer is told.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities, openActivityDeps } from '../../activities';
import { createDb, migrateDb, type Db } from '../../db';
import { insertCase, type CaseRow } from '../../db/cases';
import { computeDeadline } from '../../lib/deadlines';
import { loadCodecKey } from '../../services/codec';
import type { Config } from '../../services/config';
import { reconcileCases } from '../../worker/reconcile';
import { testConfig, testEnv } from '../helpers/env';
import { runCli } from '../helpers/processes';
import { parseMail, startSmtpServer } from '../helpers/smtp';
import { devServerEnv, testWorker } from '../helpers/temporal';

describe('reconciling cases and workflows on the dev server', () => {
  let env: TestWorkflowEnvironment;
  let config: Config;
  let db: Db;

  beforeAll(async () => {
    config = testConfig();
    db = createDb(config.database);
    await migrateDb(db);
    env = await devServerEnv(config);
  });
  afterAll(async () => {
    await env?.teardown();
    await db?.destroy();
  });

  it('starts the workflow of a case registered without one, and marks a case whose workflow ended failed', async () => {
    const smtp = await startSmtpServer();
    const mailConfig = { ...config, mail: { ...config.mail, smtpUrl: smtp.url } };
    const worker = await testWorker(env, mailConfig, db, 'reconcile');
    const workerConfig = { ...config, temporal: { ...config.temporal, taskQueue: 'reconcile' } };
    const deps = openActivityDeps(mailConfig, db);
    const activities = createActivities(deps);
    const recordCaseFailure = (reference: string, status: string) =>
      activities.recordCaseFailure(reference, status);
    const since = new Date();
    try {
      await worker.runUntil(async () => {
        // A command that died between committing the case and starting its workflow left this row.
        const receivedAt = new Date();
        const { reference } = await insertCase(db, {
          process: 'access',
          policyId: 'gdpr-default',
          locale: 'nl',
          receivedAt,
          registeredAt: receivedAt,
          dueAt: computeDeadline(receivedAt, { months: 1 }).dueAt,
          subject: { name: 'Jan de Vries', email: 'jan@example.nl' },
          actor: 'fg',
        });
        const pass = () =>
          reconcileCases({ db, client: env.client, config: workerConfig }, recordCaseFailure, since);
        expect(await pass()).toEqual({ started: [reference], failed: [] });
        const handle = env.client.workflow.getHandle(reference);
        expect((await handle.describe()).status.name).toBe('RUNNING');
        for (let i = 0; i < 300 && smtp.messages.length === 0; i++) await sleep(100);
        expect((await parseMail(smtp.messages[0]!.raw)).subject).toContain(reference);
        expect(await pass()).toEqual({ started: [], failed: [] }); // nothing left to do

        // Its workflow ends without closing the case (here: an operator terminates it).
        await handle.terminate('test: the workflow ends without closing its case');
        let marked: { started: string[]; failed: string[] } = { started: [], failed: [] };
        // Temporal's visibility store catches up with the termination within moments.
        for (let i = 0; i < 100 && marked.failed.length === 0; i++) {
          marked = await pass();
          if (marked.failed.length === 0) await sleep(200);
        }
        expect(marked.failed).toEqual([reference]);
        expect(await db<CaseRow>('cases').where({ reference }).first()).toMatchObject({ status: 'failed' });
        const notice = await parseMail(smtp.messages.at(-1)!.raw);
        expect(notice.to).toBe('fg@voorbeeldorganisatie.example');
        expect(notice.subject).toBe(`Zaak gestopt met een fout: ${reference} (inzageverzoek)`);
        expect(`${notice.subject}${notice.text}`).not.toMatch(/Jan|Vries/);
        expect(await pass()).toEqual({ started: [], failed: [] }); // told once

        const cliEnv = testEnv({
          PRIVACYLOKET_DATA_DIR: config.dataDir,
          PRIVACYLOKET_CODEC_KEY: loadCodecKey(config.codec).toString('base64'),
          TEMPORAL_ADDRESS: env.address,
        });
        const shown = await runCli(['case', reference], cliEnv);
        expect(shown.code).toBe(0);
        expect(shown.stdout).toMatch(new RegExp(`^${reference}  access, policy gdpr-default, FAILED on `));
        expect(shown.stdout).toContain('Workflow  the workflow ended terminated');
        const listed = await runCli(['cases'], cliEnv);
        expect(listed.stdout).toContain(`FAILED: see privacyloket case ${reference}`);
      });
    } finally {
      await deps.close();
    }
  }, 120_000);
});

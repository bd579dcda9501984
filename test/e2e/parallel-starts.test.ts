/**
 * Many officers (or one script) registering at once, on the real dev server: every case gets its workflow and
 * its acknowledgement. The worker reads the database on a connection of its own, as a separate process does, so
 * a workflow that starts before its case row is committed finds no case and fails.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db';
import type { Config } from '../../services/config';
import type { CaseServices } from '../../services/cases';
import { parseCaseRequest, registerCase } from '../../services/start';
import { createDb, migrateDb } from '../../db';
import { testDbs } from '../helpers/db';
import { tempDir, testConfig, testEnv } from '../helpers/env';
import { runCli } from '../helpers/processes';
import { loadCodecKey } from '../../services/codec';
import { startSmtpServer } from '../helpers/smtp';
import { devServerEnv, testWorker } from '../helpers/temporal';

const PARALLEL = 40;

describe('registering cases in parallel on the dev server', () => {
  let env: TestWorkflowEnvironment;
  let config: Config;

  // A server per test: each test's database numbers its cases from INZ-2026-0001.
  beforeEach(async () => {
    config = testConfig();
    env = await devServerEnv(config);
  });
  afterEach(async () => env?.teardown());

  it(`starts ${PARALLEL} access requests at once: ${PARALLEL} running workflows, ${PARALLEL} acknowledgements`, async () => {
    const smtp = await startSmtpServer();
    const [workerDb, cliDb] = (await testDbs('sqlite', 2)) as [Db, Db];
    const worker = await testWorker(
      env,
      { ...config, mail: { ...config.mail, smtpUrl: smtp.url } },
      workerDb,
    );
    const services: CaseServices = {
      db: cliDb,
      client: env.client,
      config: { ...config, temporal: { ...config.temporal, taskQueue: worker.options.taskQueue } },
      actor: 'fg',
    };
    await worker.runUntil(async () => {
      const references = await Promise.all(
        Array.from({ length: PARALLEL }, async (_, i) => {
          const request = await parseCaseRequest(
            'access',
            {
              policy: 'gdpr-default',
              received: new Date().toISOString(),
              name: `Verzoeker ${i}`,
              email: `verzoeker${i}@example.nl`,
            },
            { policiesDir: config.policiesDir },
          );
          return (await registerCase(services, request)).reference;
        }),
      );
      expect(new Set(references).size).toBe(PARALLEL);
      // Wait on the cases themselves: every workflow running and every acknowledgement out, or one failed.
      const statuses = async () =>
        Promise.all(
          references.map(
            async (reference) => (await env.client.workflow.getHandle(reference).describe()).status.name,
          ),
        );
      for (let i = 0; i < 600 && smtp.messages.length < PARALLEL; i++) {
        const failed = (await statuses()).filter((status) => status !== 'RUNNING');
        expect(failed, 'workflows that are no longer running').toEqual([]);
        await sleep(200);
      }
      expect(await statuses()).toEqual(references.map(() => 'RUNNING'));
      expect(smtp.messages).toHaveLength(PARALLEL);
      const to = smtp.messages.map((message) => message.envelope.to[0]).sort();
      expect(to).toEqual(Array.from({ length: PARALLEL }, (_, i) => `verzoeker${i}@example.nl`).sort());
    });
  }, 180_000);

  it(`registers ${PARALLEL} access requests from ${PARALLEL} CLI processes launched at once`, async () => {
    const smtp = await startSmtpServer();
    const dataDir = tempDir();
    const cliEnv = testEnv({
      PRIVACYLOKET_DATA_DIR: dataDir,
      PRIVACYLOKET_CODEC_KEY: loadCodecKey(config.codec).toString('base64'),
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: `cli-${PARALLEL}`,
    });
    const cliConfig = testConfig({ PRIVACYLOKET_DATA_DIR: dataDir });
    // The worker migrates the database, as `npm start` and `npm run worker` do; the CLI then only uses it.
    const workerDb = createDb(cliConfig.database);
    await migrateDb(workerDb);
    const worker = await testWorker(
      env,
      { ...config, mail: { ...config.mail, smtpUrl: smtp.url } },
      workerDb,
      `cli-${PARALLEL}`,
    );
    try {
      await worker.runUntil(async () => {
        const ran = await Promise.all(
          Array.from({ length: PARALLEL }, (_, i) =>
            runCli(
              [
                'access',
                'start',
                '--policy',
                'gdpr-default',
                '--received',
                new Date().toISOString(),
                '--name',
                `Verzoeker ${i}`,
                '--email',
                `cli${i}@example.nl`,
                '--json',
              ],
              cliEnv,
            ),
          ),
        );
        expect(ran.filter((run) => run.code !== 0 || run.stderr !== '')).toEqual([]);
        const references = ran.map((run) => (JSON.parse(run.stdout) as { reference: string }).reference);
        expect(new Set(references).size).toBe(PARALLEL);
        for (let i = 0; i < 600 && smtp.messages.length < PARALLEL; i++) await sleep(200);
        const statuses = await Promise.all(
          references.map(
            async (reference) => (await env.client.workflow.getHandle(reference).describe()).status.name,
          ),
        );
        expect(statuses).toEqual(references.map(() => 'RUNNING'));
        expect(smtp.messages).toHaveLength(PARALLEL);
      });
    } finally {
      await workerDb.destroy();
    }
  }, 300_000);
});

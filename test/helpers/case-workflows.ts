/**
 * What every process's workflow test does: a worker with real SMTP on loopback for the time-skipping server, the
 * clock moved to a moment, a bounded wait on the case's own progress, and the recorded histories kept.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { WorkflowHandle } from '@temporalio/client';
import type { QueryDefinition } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createDb, migrateDb } from '../../db';
import type { CaseServices } from '../../services/cases';
import type { CaseStatus } from '../../workflows/case/messages';
import { caseStatusQuery } from '../../workflows/case/updates';
import type { Config } from '../../services/config';
import { HISTORIES_DIR, historyJson } from './histories';
import type { TestSmtpServer } from './smtp';
import { testWorker } from './temporal';

/** A database, a worker mailing through `smtp`, and the services the CLI would use against them. */
export async function caseWorker(env: TestWorkflowEnvironment, config: Config, smtp: TestSmtpServer) {
  const db = createDb(config.database);
  await migrateDb(db);
  const worker = await testWorker(env, { ...config, mail: { ...config.mail, smtpUrl: smtp.url } }, db);
  const services: CaseServices = {
    db,
    client: env.client,
    config: { ...config, temporal: { ...config.temporal, taskQueue: worker.options.taskQueue } },
    actor: 'fg',
  };
  return { db, worker, services };
}

/**
 * The case's status, asked of its current run within 5 seconds. A query that reaches a run as it continues as new
 * is retried by the client until it is answered, which can outlast the test; bounded, `eventually` asks again.
 */
export function caseStatus<T = CaseStatus>(
  env: TestWorkflowEnvironment,
  reference: string,
  query = caseStatusQuery as unknown as QueryDefinition<T>,
): Promise<T> {
  return env.client.connection.withDeadline(Date.now() + 5_000, () =>
    env.client.workflow.getHandle(reference).query(query),
  );
}

/** Moves the time-skipping server's clock forward to `moment` (never back). */
export async function skipTo(env: TestWorkflowEnvironment, moment: Date): Promise<void> {
  const current = await env.currentTimeMs();
  if (moment.getTime() > current) await env.sleep(moment.getTime() - current);
}

/** `probe`'s answer once it has one: a bounded wait on the case's own progress, not a guess at its duration. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  let last: unknown;
  for (let attempt = 0; attempt < 600; attempt++) {
    const found = await probe().catch((error: unknown) => void (last = error));
    if (found !== undefined) return found;
    await sleep(100);
  }
  throw new Error(`never reached: ${what}${last instanceof Error ? ` (last error: ${last.message})` : ''}`);
}

/**
 * `RECORD_HISTORIES=1 npx vitest run test/workflows/<process>.test.ts` refreshes the histories that
 * test/workflows/replay.test.ts replays (`<prefix>-<name>.json`).
 */
export function keepHistory(
  prefix: string,
  name: string,
  history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>>,
): void {
  if (!process.env.RECORD_HISTORIES) return;
  mkdirSync(HISTORIES_DIR, { recursive: true });
  writeFileSync(join(HISTORIES_DIR, `${prefix}-${name}.json`), historyJson(history));
}

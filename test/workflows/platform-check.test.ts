/**
 * The harness itself: the time-skipping server starts within the SDK's window, the product's worker runs on it,
 * and a workflow that waits for a 72-hour breach deadline finishes in seconds of real time.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, migrateDb, type Db } from '../../db';
import { verifyAuditTrail } from '../../db/audit';
import type { Config } from '../../services/config';
import type { platformCheck } from '../../workflows';
import { platformCheckStatus } from '../../workflows/platform-check';
import { testConfig } from '../helpers/env';
import { testWorker, timeSkippingEnv } from '../helpers/temporal';

describe('platform check on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let config: Config;
  let db: Db;

  beforeAll(async () => {
    config = testConfig();
    db = createDb(config.database);
    await migrateDb(db);
    env = await timeSkippingEnv(config);
  });
  afterAll(async () => {
    await env?.teardown();
    await db?.destroy();
  });

  it('waits out a 72-hour breach deadline in seconds, and records it in the audit trail', async () => {
    const worker = await testWorker(env, config, db);
    const started = Date.now();
    const result = await worker.runUntil(async () => {
      const receivedAt = new Date((await env.currentTimeMs()) + 60_000).toISOString();
      const handle = await env.client.workflow.start<typeof platformCheck>('platformCheck', {
        taskQueue: worker.options.taskQueue,
        workflowId: `check-${started}`,
        args: [{ echo: 'Verbeek', wait: { receivedAt, period: { hours: 72 } } }],
      });
      expect(await handle.query(platformCheckStatus)).toBe('waiting');
      const done = await handle.result();
      expect(await handle.query(platformCheckStatus)).toBe('done');
      return { ...done, receivedAt };
    });
    const elapsedMs = Date.now() - started;

    expect(result.echo).toBe('Verbeek');
    expect(new Date(result.dueAt!).getTime() - new Date(result.receivedAt).getTime()).toBe(72 * 3600_000);
    expect(new Date(result.wokeAt).getTime()).toBeGreaterThanOrEqual(new Date(result.dueAt!).getTime());
    // 72 hours of workflow time took seconds: without time skipping the test would time out long before.
    expect(elapsedMs).toBeLessThan(60_000);
    const trail = await verifyAuditTrail(db);
    expect(trail).toMatchObject({ ok: true, count: 1 });
    const event = (await db('audit_events').where({ id: result.auditEventId }).first()) as { data: string };
    expect(event).toMatchObject({ type: 'platform.checked', actor: 'system' });
    expect(JSON.parse(event.data)).toEqual({ workflowId: `check-${started}`, dueAt: result.dueAt });
  });
});

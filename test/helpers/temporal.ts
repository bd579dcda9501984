/**
 * Temporal for tests: the time-skipping test server (Java, installed by `npm test`'s pretest) for deadlines, and
 * the real dev server from the Temporal CLI for end-to-end runs. Workers use the bundle built once by the global
 * setup.
 */
import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterEach, inject } from 'vitest';
import { openActivityDeps } from '../../activities';
import type { Db } from '../../db';
import { findTemporalCli, findTestServer, toolCacheDir } from '../../scripts/tools.js';
import { dataConverter, loadCodecKey } from '../../services/codec';
import type { Config } from '../../services/config';
import { createWorker } from '../../worker/main';

/**
 * The SDK waits 5 seconds for the server's port. `scripts/ensure.js` makes the JVM start in well under a
 * second (class-data archive), and a start that still misses the window on a loaded machine is retried once.
 */
export async function timeSkippingEnv(config: Config): Promise<TestWorkflowEnvironment> {
  const path = findTestServer(toolCacheDir({ cacheHome: process.env.XDG_CACHE_HOME }));
  if (!path)
    throw new Error('The time-skipping test server is missing: run npm test, whose pretest installs it.');
  const create = () =>
    TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path } },
      client: { dataConverter: dataConverter(loadCodecKey(config.codec)) },
    });
  return create().catch(create);
}

/** A real Temporal dev server on a free port, persisted to `dbFilename` when given. */
export async function devServerEnv(config: Config, dbFilename?: string): Promise<TestWorkflowEnvironment> {
  const path = findTemporalCli({
    configured: process.env.TEMPORAL_CLI,
    path: process.env.PATH,
    cacheDir: toolCacheDir({ cacheHome: process.env.XDG_CACHE_HOME }),
  });
  if (!path) throw new Error('The Temporal CLI is missing: run npm test, whose pretest installs it.');
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path },
      dbFilename,
      log: { format: 'pretty', level: 'error' },
    },
    client: { dataConverter: dataConverter(loadCodecKey(config.codec)) },
  });
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * The product's own worker, on a task queue of its own, with the prebuilt workflow bundle and real activity
 * dependencies (Chromium, mail to `config.mail`), closed after the test.
 */
export async function testWorker(
  env: TestWorkflowEnvironment,
  config: Config,
  db: Db,
  taskQueue = `test-${randomUUID()}`,
): Promise<Worker> {
  const deps = openActivityDeps(config, db);
  cleanups.push(() => deps.close());
  return createWorker({
    config: { ...config, temporal: { ...config.temporal, taskQueue } },
    connection: env.nativeConnection,
    deps,
    workflowBundle: { codePath: inject('workflowBundlePath') },
  });
}

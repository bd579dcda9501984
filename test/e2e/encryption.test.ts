/**
 * End to end on the real dev server: a distinctive name passed through a workflow never reaches the server's
 * SQLite file in the clear. A control run without the codec proves the search would have found it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, migrateDb, type Db } from '../../db';
import type { Config } from '../../services/config';
import type { platformCheck } from '../../workflows';
import { tempDir, testConfig } from '../helpers/env';
import { devServerEnv, testWorker } from '../helpers/temporal';

/** Every byte the server has written: the database file and its WAL and shared-memory files. */
function serverBytes(dbFile: string): Buffer {
  const dir = dirname(dbFile);
  const files = readdirSync(dir).filter((name) => name.startsWith('temporal.sqlite3'));
  return Buffer.concat(files.map((name) => readFileSync(join(dir, name))));
}

describe('encryption end to end on the dev server', () => {
  let env: TestWorkflowEnvironment;
  let config: Config;
  let db: Db;
  let dbFile: string;

  beforeAll(async () => {
    config = testConfig();
    db = createDb(config.database);
    await migrateDb(db);
    dbFile = join(tempDir('privacyloket-temporal-'), 'temporal.sqlite3');
    env = await devServerEnv(config, dbFile);
  });
  afterAll(async () => {
    await env?.teardown();
    await db?.destroy();
  });

  it('keeps a name out of the Temporal server database, while an unencrypted control is found', async () => {
    const name = `Xandrijn Oudekerk-${Date.now()}`;
    const control = `Controle Zichtbaar-${Date.now()}`;
    const worker = await testWorker(env, config, db);
    const result = await worker.runUntil(async () => {
      const done = await env.client.workflow.execute<typeof platformCheck>('platformCheck', {
        taskQueue: worker.options.taskQueue,
        workflowId: `encryption-${Date.now()}`,
        args: [{ echo: name }],
      });
      // The same input from a client without the codec: the server stores it as it comes.
      const plain = new Client({ connection: env.connection });
      await plain.workflow.start<typeof platformCheck>('platformCheck', {
        taskQueue: 'nobody-polls-this-queue',
        workflowId: `control-${Date.now()}`,
        args: [{ echo: control }],
      });
      return done;
    });
    expect(result.echo).toBe(name);

    // Temporal writes through SQLite's WAL; give it a moment, then read everything it wrote.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const bytes = serverBytes(dbFile);
    expect(bytes.includes(Buffer.from(control))).toBe(true);
    expect(bytes.includes(Buffer.from(name))).toBe(false);
    expect(bytes.includes(Buffer.from('Oudekerk'))).toBe(false);
  });
});

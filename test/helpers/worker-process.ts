/**
 * The product's worker in a process of its own, for tests that kill it mid-work (SIGKILL, as a crash or an
 * out-of-memory kill would): its configuration comes from the environment as the real worker's does, its workflow
 * code from the bundle the global setup built (WORKFLOW_BUNDLE). Prints `worker ready` once it polls. No
 * reconciliation: the test starts what it wants itself.
 *   node --import tsx test/helpers/worker-process.ts
 */
import { openActivityDeps } from '../../activities';
import { createDb } from '../../db';
import { loadConfig } from '../../services/config';
import { connectWorker, createWorker, installRuntime } from '../../worker/main';

installRuntime();
const config = loadConfig();
const db = createDb(config.database);
const deps = openActivityDeps(config, db);
const worker = await createWorker({
  config,
  connection: await connectWorker(config),
  deps,
  workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE! },
});
await deps.printer.warm();
console.log('worker ready');
await worker.run();

/**
 * The worker: builds its dependencies once, runs the workflows of `workflows/` and the activities of the
 * factory on the configured task queue, and closes everything in `finally`. `npm run worker` starts one against
 * the configured server (scale-out: run more of them); `npm start` runs one next to the embedded server.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DefaultLogger, NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, openActivityDeps, type ActivityDeps } from '../activities';
import { openDb } from '../db';
import { PrivacyloketError } from '../lib/errors';
import { checkCodecKey, dataConverter, failureConverterPath, loadCodecKey } from '../services/codec';
import { connectClient, connectionOptions, temporalAddress } from '../services/client';
import { loadConfig, projectRoot, type Config } from '../services/config';
import { makePrivate, removeLeftovers } from '../services/files';
import { loadPolicies } from '../policies/load';
import { scheduleMissingDeviations } from '../services/registers';
import { keepCasesInStep } from './reconcile';
import { describeSync, syncDutySchedules } from './schedules';

export const workflowsPath = join(projectRoot, 'workflows', 'index.ts');

/** What `bundleWorkflowCode` needs to build the same bundle ahead of time (the tests do). */
export const bundleOptions = { workflowsPath, failureConverterPath };

export interface WorkerDeps {
  config: Config;
  connection: NativeConnection;
  /** Chromium, the mail transport and the templates: opened by the caller, who closes them after the worker. */
  deps: ActivityDeps;
  /** A prebuilt bundle; by default the worker bundles `workflows/` itself at start-up. */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

export async function createWorker({
  config,
  connection,
  deps,
  workflowBundle,
}: WorkerDeps): Promise<Worker> {
  return Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    ...(workflowBundle ? { workflowBundle } : { workflowsPath }),
    activities: createActivities(deps),
    dataConverter: dataConverter(loadCodecKey(config.codec)),
  });
}

export async function connectWorker(config: Config): Promise<NativeConnection> {
  try {
    return await NativeConnection.connect(connectionOptions(config));
  } catch (error) {
    throw new PrivacyloketError(
      'unavailable',
      `Temporal does not answer at ${temporalAddress(config)} (${(error as Error).message}).`,
    );
  }
}

/** Temporal's logging at WARN: a worker's state changes are not news on every start. Once per process. */
export function installRuntime(): void {
  Runtime.install({ logger: new DefaultLogger('WARN') });
}

/**
 * Runs a worker until `signal` aborts, then drains it and closes the connection and the database. Before it
 * starts: what a killed worker left behind is removed, the data folder is made private, the database is brought
 * up to date, and the codec key is checked against the database's own. While it runs, it keeps the database's
 * cases and Temporal's workflows in step (`reconcile.ts`).
 */
export async function runWorker(config: Config, signal: AbortSignal, onReady?: () => void): Promise<void> {
  for (const left of removeLeftovers([config.tmpDir, config.chromiumDir])) {
    console.log(`  Removed what a stopped worker left behind: ${left}`);
  }
  makePrivate(config.dataDir);
  const db = await openDb(config.database);
  const deps = openActivityDeps(config, db);
  let connection: NativeConnection | undefined;
  let client: Awaited<ReturnType<typeof connectClient>> | undefined;
  let keeper: { stop(): Promise<void> } | undefined;
  try {
    await checkCodecKey(db, config.codec);
    connection = await connectWorker(config);
    client = await connectClient(config);
    const worker = await createWorker({ config, connection, deps });
    const policies = await loadPolicies(config.policiesDir);
    const duties = await syncDutySchedules(client, { policies, taskQueue: config.temporal.taskQueue });
    console.log(`privacyloket: ${describeSync(duties)}; privacyloket duties lists them.`);
    // An entry of the register of deviations whose schedule failed to register gets it now (Buurderij art. 20(1)).
    const deviations = await scheduleMissingDeviations({ db, client, config, actor: 'system' });
    const count = deviations.scheduled.length;
    console.log(
      `privacyloket: register of deviations: ${count} missing retention schedule${count === 1 ? '' : 's'} registered${count > 0 ? ` (${deviations.scheduled.join(', ')})` : ''}.`,
    );
    for (const problem of deviations.problems)
      console.error(
        `privacyloket: could not register the retention schedule of ${problem}; the next start tries again.`,
      );
    // The first letter should not wait for Chromium to start; a Chromium that cannot start says so now.
    deps.printer
      .warm()
      .catch((error: Error) => console.error(`privacyloket: Chromium did not start: ${error.message}`));
    const running = worker.run();
    const activities = createActivities(deps);
    keeper = keepCasesInStep(
      { db, client, config },
      (...args) => activities.recordCaseFailure(...args),
      (message) => console.log(`privacyloket: ${message}.`),
    );
    onReady?.();
    if (signal.aborted) worker.shutdown();
    else signal.addEventListener('abort', () => worker.shutdown(), { once: true });
    await running;
  } finally {
    await keeper?.stop();
    await client?.connection.close();
    await connection?.close();
    await deps.close();
    await db.destroy();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { runMain } = await import('./run-main');
  await runMain(async (signal) => {
    installRuntime();
    const config = loadConfig();
    await runWorker(config, signal, () =>
      console.log(`Worker ready on task queue ${config.temporal.taskQueue} at ${temporalAddress(config)}.`),
    );
  });
}

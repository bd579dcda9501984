/**
 * No case is ever lost: every worker keeps the database and Temporal in step. A case row committed without its
 * workflow (the registering command died, or Temporal was away for a moment) gets its workflow started; a case
 * whose workflow ended without closing it (an error, a termination, a timeout) is marked failed, so that `case`
 * and `cases` show it, and its officer is told. Both are idempotent, so several workers may do it at once. At its
 * first pass a worker also schedules the destruction of closed case files that no schedule keeps yet.
 */
import type { Client } from '@temporalio/client';
import type { Activities } from '../activities';
import type { Db } from '../db';
import { findUnstartedCases, type CaseRow } from '../db/cases';
import { PrivacyloketError } from '../lib/errors';
import { processEntry, registeredProcesses } from '../lib/processes';
import { keepUnkeptCaseFiles } from '../services/case-file';
import { startCaseWorkflow } from '../services/start';
import type { Config } from '../services/config';

export interface Reconciliation {
  started: string[];
  failed: string[];
}

/** How often a running worker looks; a failed case reaches its officer within about this long. */
export const RECONCILE_EVERY_MS = 30_000;

const ENDED_BADLY = ['Failed', 'Terminated', 'TimedOut', 'Canceled'];

/** One pass: start what never started; mark failed what ended badly since `since`. */
export async function reconcileCases(
  { db, client, config }: { db: Db; client: Client; config: Config },
  recordCaseFailure: Activities['recordCaseFailure'],
  since: Date,
): Promise<Reconciliation> {
  const started: string[] = [];
  for (const row of await findUnstartedCases(db)) {
    await startCaseWorkflow({ client, config, db }, row);
    started.push(row.reference);
  }
  const failed: string[] = [];
  const entries = await Promise.all(registeredProcesses().map(processEntry));
  const types = entries.map((entry) => `'${entry!.workflow}'`);
  const query = [
    `WorkflowType IN (${types.join(', ')})`,
    `ExecutionStatus IN (${ENDED_BADLY.map((status) => `'${status}'`).join(', ')})`,
    `CloseTime >= '${since.toISOString()}'`,
  ].join(' AND ');
  for await (const execution of client.workflow.list({ query })) {
    try {
      if (await recordCaseFailure(execution.workflowId, execution.status.name))
        failed.push(execution.workflowId);
    } catch (error) {
      // A workflow of another database on the same Temporal server: not ours to mark.
      if (!(error instanceof PrivacyloketError && error.code === 'not-found')) throw error;
    }
  }
  return { started, failed };
}

/**
 * Runs `reconcileCases` now (looking back to the oldest open case) and then every RECONCILE_EVERY_MS until
 * stopped. A pass that fails is reported in one line and tried again at the next.
 */
export function keepCasesInStep(
  deps: { db: Db; client: Client; config: Config },
  recordCaseFailure: Activities['recordCaseFailure'],
  report: (message: string) => void,
): { stop(): Promise<void> } {
  let since: Date | undefined;
  let running: Promise<void> = Promise.resolve();
  const pass = async () => {
    const startedAt = new Date();
    if (!since) {
      const kept = await keepUnkeptCaseFiles(deps);
      if (kept.length > 0) report(`scheduled the destruction of the case files of ${kept.join(', ')}`);
      const open = (await deps
        .db<CaseRow>('cases')
        .whereNot({ status: 'closed' })
        .min('created_at as oldest')
        .first()) as unknown as { oldest: string | null } | undefined;
      since = new Date(open?.oldest ?? startedAt.toISOString());
    }
    const { started, failed } = await reconcileCases(deps, recordCaseFailure, since);
    since = new Date(startedAt.getTime() - RECONCILE_EVERY_MS);
    if (started.length > 0) report(`started the workflows of ${started.join(', ')}, registered without one`);
    if (failed.length > 0)
      report(`marked ${failed.join(', ')} failed: their workflows ended without closing them`);
  };
  const tick = () => {
    running = running
      .then(pass)
      .catch((error: Error) => report(`could not reconcile cases: ${error.message}`));
  };
  tick();
  const timer = setInterval(tick, RECONCILE_EVERY_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

/**
 * Closed cases whose own file no retention schedule keeps yet: those that closed before their workflow kept it
 * (the erasure requests closed before migration 0014), or whose workflow failed just after closing. Each gets its
 * schedule, counted from its close, and the schedule's workflow, so that their files too are destroyed when the
 * policy says (the confirmation letter promised it). Idempotent, also beside a workflow keeping its file that moment:
 * both find the one schedule registered, and the second start finds its workflow running.
 */
import { caseFileActivities } from '../activities/case-file';
import { findCase, type CaseRow } from '../db/cases';
import { caseFileCategory, caseFileRules } from '../lib/case-file';
import { loadPolicy } from '../policies/load';
import type { CaseServices } from './cases';
import { startCaseWorkflow } from './start';

export async function keepUnkeptCaseFiles(
  services: Pick<CaseServices, 'db' | 'client' | 'config'>,
): Promise<string[]> {
  const { db, config } = services;
  const activities = caseFileActivities(db, config.policiesDir, { discard: () => Promise.resolve(0) });
  const unkept = () => db<CaseRow>('cases').where({ status: 'closed' }).whereNull('file_schedule');
  const kept: string[] = [];
  for (const { policy_id, process } of await unkept().distinct('policy_id', 'process')) {
    const policy = await loadPolicy(policy_id, config.policiesDir).catch(() => undefined);
    if (!policy || !caseFileRules(policy)[caseFileCategory(process)]) continue;
    for (const row of await unkept().where({ policy_id, process }).orderBy('id')) {
      const { schedule } = await activities.keepCaseFile({
        reference: row.reference,
        closedAt: row.closed_at!,
      });
      await startCaseWorkflow(services, await findCase(db, schedule));
      kept.push(row.reference);
    }
  }
  return kept;
}

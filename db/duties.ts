/** Recurring duties done (`0011_duties`): written when the officer confirms a run, read by `privacyloket duties`. */
import type { Knex } from 'knex';
import { appendAuditEvent } from './audit';
import { timestamp } from './index';

export interface DutyDone {
  policy: string;
  duty: string;
  /** The run's workflow id (`duty-<policy>-<duty>-<scheduled time>`): one row per run. */
  runId: string;
  scheduledAt: string;
  dueAt: string;
  doneAt: string;
  doneBy: string;
  note?: string;
}

export interface DutyRow {
  id: number;
  policy_id: string;
  duty: string;
  run_id: string;
  scheduled_at: string;
  due_at: string;
  done_at: string;
  done_by: string;
  note: string | null;
  recorded_at: string;
}

/**
 * The row and its `duty.done` event, together or not at all; a second call for the same run (a retried
 * activity) finds the row and writes nothing. The note stays in the row: the audit trail says only that there is one.
 */
export async function insertDutyDone(db: Knex, done: DutyDone): Promise<void> {
  await db.transaction(async (trx) => {
    if (await trx<DutyRow>('duties').where({ run_id: done.runId }).first('id')) return;
    await trx<DutyRow>('duties').insert({
      policy_id: done.policy,
      duty: done.duty,
      run_id: done.runId,
      scheduled_at: done.scheduledAt,
      due_at: done.dueAt,
      done_at: done.doneAt,
      done_by: done.doneBy,
      note: done.note ?? null,
      recorded_at: timestamp(new Date()),
    });
    const { policy, duty, runId, scheduledAt, dueAt, doneAt } = done;
    await appendAuditEvent(trx, {
      type: 'duty.done',
      actor: done.doneBy,
      data: { policy, duty, runId, scheduledAt, dueAt, doneAt, noted: done.note !== undefined },
      key: `${runId}/done`,
    });
  });
}

/** The last run of each duty that was done, by `<policy>/<duty>`. */
export async function findLastDutiesDone(db: Knex): Promise<Map<string, DutyRow>> {
  const rows = await db<DutyRow>('duties').orderBy([{ column: 'done_at' }, { column: 'id' }]);
  return new Map(rows.map((row) => [`${row.policy_id}/${row.duty}`, row]));
}

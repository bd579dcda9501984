/** The register of deviations (`0009_deviations`, Buurderij art. 20): written by `register add-deviation`. */
import type { Knex } from 'knex';
import { amsterdamDate } from '../lib/calendar';
import { timestamp } from './index';

/** Art. 20(2): the cases the register must hold in any event, and any other deviation. */
export const DEVIATION_KINDS = [
  'other-persons', // 20(2)(a): data of people other than those of art. 3
  'third-party-request', // 20(2)(b): a request by others to collect data not in art. 4
  'provision', // 20(2)(c): data provided to people or bodies other than those of art. 17
  'other', // any other departure from art. 2, 3, 4, 15(1) or 17
] as const;
export type DeviationKind = (typeof DEVIATION_KINDS)[number];

export interface NewDeviation {
  policyId: string;
  kind: DeviationKind;
  description: string;
  reason: string;
  decidedBy: string;
  recordedAt: Date;
}

export interface DeviationRow {
  id: number;
  label: string;
  policy_id: string;
  kind: DeviationKind;
  description: string;
  reason: string;
  decided_by: string;
  recorded_at: string;
  retention_reference: string | null;
}

/** Inserts the entry under the next label of its Amsterdam year (AFW-2026-0001); answers the row. */
export async function insertDeviation(trx: Knex.Transaction, entry: NewDeviation): Promise<DeviationRow> {
  const year = Number(amsterdamDate(entry.recordedAt).slice(0, 4));
  const counter = { prefix: 'AFW', year };
  await trx('reference_counters')
    .insert({ ...counter, last_number: 0 })
    .onConflict(['prefix', 'year'])
    .ignore();
  await trx('reference_counters').where(counter).increment('last_number', 1);
  const { last_number } = (await trx<{ last_number: number }>('reference_counters')
    .where(counter)
    .first('last_number'))!;
  const label = `AFW-${year}-${String(last_number).padStart(4, '0')}`;
  const [inserted] = await trx<DeviationRow>('deviations')
    .insert({
      label,
      policy_id: entry.policyId,
      kind: entry.kind,
      description: entry.description,
      reason: entry.reason,
      decided_by: entry.decidedBy,
      recorded_at: timestamp(entry.recordedAt),
    })
    .returning('id');
  return (await trx<DeviationRow>('deviations').where({ id: inserted!.id }).first())!;
}

/** Names the entry's retention schedule; false when it has one already (another pass registered it first). */
export async function setDeviationRetention(db: Knex, label: string, reference: string): Promise<boolean> {
  const updated = await db<DeviationRow>('deviations')
    .where({ label })
    .whereNull('retention_reference')
    .update({ retention_reference: reference });
  return updated === 1;
}

/** Entries whose retention schedule was never registered, oldest first. */
export async function findUnscheduledDeviations(db: Knex): Promise<DeviationRow[]> {
  return db<DeviationRow>('deviations').whereNull('retention_reference').orderBy('id');
}

/** The policy's register, oldest first. */
export async function listDeviations(db: Knex, policyId: string): Promise<DeviationRow[]> {
  return db<DeviationRow>('deviations')
    .where({ policy_id: policyId })
    .orderBy([{ column: 'recorded_at' }, { column: 'id' }]);
}

/** The destruction register (`0008_destructions`): written with the case's progress, read by `register destructions`. */
import type { Knex } from 'knex';
import { timestamp } from './index';

export interface Destruction {
  reference: string;
  process: string;
  category?: string;
  what: string;
  basis: string;
  dueAt: string;
  destroyedAt: string;
  destroyedBy: string;
  how: string;
}

export interface DestructionRow {
  id: number;
  case_id: number | null;
  reference: string;
  process: string;
  category: string | null;
  what: string;
  basis: string;
  due_at: string;
  destroyed_at: string;
  destroyed_by: string;
  how: string;
  registered_at: string;
}

export async function insertDestruction(db: Knex, caseId: number, entry: Destruction): Promise<void> {
  await db<DestructionRow>('destructions').insert({
    case_id: caseId,
    reference: entry.reference,
    process: entry.process,
    category: entry.category ?? null,
    what: entry.what,
    basis: entry.basis,
    due_at: entry.dueAt,
    destroyed_at: entry.destroyedAt,
    destroyed_by: entry.destroyedBy,
    how: entry.how,
    registered_at: timestamp(new Date()),
  });
}

/** The register in the order things were destroyed. */
export async function listDestructions(db: Knex): Promise<DestructionRow[]> {
  return db<DestructionRow>('destructions').orderBy([{ column: 'destroyed_at' }, { column: 'id' }]);
}

/**
 * Parties and their tasks. A party's name and addresses are personal data: read by activities and the officer's
 * commands, never copied into workflows' ids, staff mail or the audit trail (which names a party by id and role).
 */
import type { Knex } from 'knex';
import { timestamp } from './index';

export const PARTY_ROLES = ['representative', 'third-person', 'recipient', 'data-owner'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

/** Buurderij art. 11: who may act for the subject. */
export const REPRESENTATIVE_BASES = ['parent', 'guardian', 'curator', 'mentor', 'authorised'] as const;

export interface Party {
  role: PartyRole;
  name: string;
  email?: string;
  postalAddress?: string;
  phone?: string;
  basis?: string;
}

export interface PartyRow {
  id: number;
  case_id: number;
  role: PartyRole;
  name: string;
  email: string | null;
  postal_address: string | null;
  phone: string | null;
  basis: string | null;
  idempotency_key: string | null;
  created_at: string;
}

export interface TaskRow {
  id: number;
  case_id: number;
  number: number;
  party_id: number;
  action: string;
  status: 'open' | 'done';
  due_at: string;
  confirmed_by: string | null;
  confirmed_at: string | null;
  how: string | null;
  idempotency_key: string;
  created_at: string;
}

/** Adds a party once per key (a retried activity finds it); answers its id. */
export async function insertParty(db: Knex, caseId: number, party: Party, key?: string): Promise<number> {
  if (key) {
    const existing = await db<PartyRow>('parties').where({ idempotency_key: key }).first('id');
    if (existing) return existing.id;
  }
  const [row] = await db<PartyRow>('parties')
    .insert({
      case_id: caseId,
      role: party.role,
      name: party.name,
      email: party.email ?? null,
      postal_address: party.postalAddress ?? null,
      phone: party.phone ?? null,
      basis: party.basis ?? null,
      idempotency_key: key ?? null,
      created_at: timestamp(new Date()),
    })
    .returning('id');
  return row!.id;
}

export const listParties = (db: Knex, caseId: number) =>
  db<PartyRow>('parties').where({ case_id: caseId }).orderBy('id');

export const findParty = (db: Knex, caseId: number, id: number) =>
  db<PartyRow>('parties').where({ case_id: caseId, id }).first();

/** Who speaks for the subject (Buurderij art. 11): their letters go to the representative when there is one. */
export const findRepresentative = (db: Knex, caseId: number) =>
  db<PartyRow>('parties').where({ case_id: caseId, role: 'representative' }).orderBy('id').first();

export const listTasks = (db: Knex, caseId: number) =>
  db<TaskRow>('tasks').where({ case_id: caseId }).orderBy('number');

import type { Knex } from 'knex';
import { amsterdamDate } from '../lib/calendar';
import { PrivacyloketError } from '../lib/errors';
import type { Process } from '../lib/processes';
import { appendAuditEvent } from './audit';
import { timestamp } from './index';

/** Case references read as Dutch officers say them: INZ-2026-0001 is this year's first inzageverzoek. */
export const REFERENCE_PREFIXES: Record<Process, string> = {
  access: 'INZ', // inzage
  rectification: 'COR', // correctie, aanvulling, afscherming
  erasure: 'VER', // verwijdering
  objection: 'BZW', // bezwaar (verzet)
  breach: 'LEK', // datalek
  applicant: 'SOL', // sollicitatiegegevens
  retention: 'BEW', // bewaartermijn
  intake: 'INF', // informatie bij aanvang
  transfer: 'OVD', // overdracht
};

export interface SubjectInput {
  name: string;
  email?: string;
  postalAddress?: string;
  phone?: string;
  birthDate?: string;
  data?: Record<string, unknown>;
}

export interface NewCase {
  process: Process;
  policyId: string;
  locale: 'nl' | 'en';
  receivedAt: Date;
  dueAt: Date;
  subject?: SubjectInput;
  actor: string;
}

/** Personal data: read only by activities, never copied into workflows, mail or the audit trail. */
export interface SubjectRow {
  id: number;
  name: string | null;
  email: string | null;
  postal_address: string | null;
  phone: string | null;
  birth_date: string | null;
  data: string | null;
  created_at: string;
  anonymised_at: string | null;
}

export interface CaseRow {
  id: number;
  reference: string;
  process: Process;
  policy_id: string;
  status: string;
  locale: 'nl' | 'en';
  subject_id: number | null;
  workflow_id: string | null;
  received_at: string;
  due_at: string;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Registers a case: its reference, subject, row and audit event commit together or not at all. */
export async function insertCase(db: Knex, input: NewCase): Promise<{ id: number; reference: string }> {
  return db.transaction(async (trx) => {
    const now = timestamp(new Date());
    const reference = await allocateReference(trx, input.process, input.receivedAt);
    const subject = input.subject;
    const [subjectRow] = subject
      ? await trx<SubjectRow>('subjects')
          .insert({
            name: subject.name,
            email: subject.email ?? null,
            postal_address: subject.postalAddress ?? null,
            phone: subject.phone ?? null,
            birth_date: subject.birthDate ?? null,
            data: subject.data === undefined ? null : JSON.stringify(subject.data),
            created_at: now,
          })
          .returning('id')
      : [];
    const [caseRow] = await trx<CaseRow>('cases')
      .insert({
        reference,
        process: input.process,
        policy_id: input.policyId,
        status: 'open',
        locale: input.locale,
        subject_id: subjectRow?.id ?? null,
        received_at: timestamp(input.receivedAt),
        due_at: timestamp(input.dueAt),
        created_at: now,
        updated_at: now,
      })
      .returning('id');
    const id = caseRow!.id;
    await appendAuditEvent(trx, {
      type: 'case.registered',
      actor: input.actor,
      caseId: id,
      data: {
        reference,
        process: input.process,
        policy: input.policyId,
        receivedAt: timestamp(input.receivedAt),
        dueAt: timestamp(input.dueAt),
      },
    });
    return { id, reference };
  });
}

interface Counter {
  prefix: string;
  year: number;
  last_number: number;
}

/** The next number for this process in the Amsterdam year of receipt (a request of 31 December 23:30 UTC is next year's). */
async function allocateReference(trx: Knex.Transaction, process: Process, receivedAt: Date): Promise<string> {
  const prefix = REFERENCE_PREFIXES[process];
  const year = Number(amsterdamDate(receivedAt).slice(0, 4));
  await trx<Counter>('reference_counters')
    .insert({ prefix, year, last_number: 0 })
    .onConflict(['prefix', 'year'])
    .ignore();
  await trx('reference_counters').where({ prefix, year }).increment('last_number', 1);
  const counter = await trx<Counter>('reference_counters').where({ prefix, year }).first('last_number');
  return `${prefix}-${year}-${String(counter!.last_number).padStart(4, '0')}`;
}

/** The case with this reference, or a not-found error naming it (exit code 2 in the CLI). */
export async function findCase(db: Knex, reference: string): Promise<CaseRow> {
  const row = await findCaseByReference(db, reference);
  if (!row) throw new PrivacyloketError('not-found', `No case has reference '${reference}'.`, '<reference>');
  return row;
}

export async function findCaseByReference(db: Knex, reference: string): Promise<CaseRow | undefined> {
  return db<CaseRow>('cases').where({ reference }).first();
}

/** Open cases by deadline; `dueBefore` keeps those whose deadline comes before it (overdue: now). */
export async function listCases(db: Knex, { dueBefore }: { dueBefore?: Date } = {}): Promise<CaseRow[]> {
  const query = db<CaseRow>('cases').whereNot({ status: 'closed' }).orderBy('due_at');
  if (dueBefore) void query.where('due_at', '<', timestamp(dueBefore));
  return query;
}

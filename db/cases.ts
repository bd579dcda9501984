import type { Knex } from 'knex';
import { amsterdamDate } from '../lib/calendar';
import { PrivacyloketError } from '../lib/errors';
import { REFERENCE_PREFIXES, type Process } from '../lib/processes';
import { appendAuditEvent } from './audit';
import { insertParty, type Party } from './parties';
import { insertCaseRecord } from './records';
import { timestamp } from './index';

export interface SubjectInput {
  name: string;
  email?: string;
  postalAddress?: string;
  phone?: string;
  birthDate?: string;
  data?: Record<string, unknown>;
}

/** How a request came in: art. 15(3) answers a request made electronically electronically. */
export const CHANNELS = ['e-mail', 'letter', 'in-person', 'phone'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface NewCase {
  process: Process;
  policyId: string;
  locale: 'nl' | 'en';
  receivedAt: Date;
  /**
   * When the case is registered: its reference (zaaknummer) takes this year, not that of its receipt or event (a
   * request of 31 December registered on 4 January is the new year's; a schedule for a 2025 event registered now,
   * this year's). The start's `now`, so that it is deterministic in tests.
   */
  registeredAt: Date;
  dueAt: Date;
  subject?: SubjectInput;
  channel?: Channel;
  /** The subject asked for answers on paper, whatever the channel (art. 15(3) "unless otherwise requested"). */
  replyByPost?: boolean;
  /** A request registered after its deadline: the date the answer is promised for. */
  answerBy?: string;
  /** Who else the case concerns from the start: a representative (Buurderij art. 11). */
  parties?: Party[];
  /** What the request asks beyond the subject's details (the changes, what to erase): the case's first record. */
  request?: Record<string, unknown>;
  actor: string;
  /** The desk user who registered the case and handles it (a Gebruiker sees only such cases). */
  assignee?: string;
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

/** `open` while the case runs, `closed` at its end, `failed` when its workflow ended without closing it. */
export type CaseStatus = 'open' | 'closed' | 'failed';

export interface CaseRow {
  id: number;
  reference: string;
  process: Process;
  policy_id: string;
  status: CaseStatus;
  locale: 'nl' | 'en';
  subject_id: number | null;
  workflow_id: string | null;
  received_at: string;
  due_at: string;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
  workflow_started_at: string | null;
  failed_at: string | null;
  channel: Channel | null;
  reply_by_post: boolean | number;
  answer_by: string | null;
  assignee: string | null;
  /** The retention schedule (BEW-…) that keeps this closed case's own file, and when it destroyed it. */
  file_schedule: string | null;
  file_destroyed_at: string | null;
}

/**
 * Registers a case: its reference, subject, row and audit event commit together or not at all. Its workflow id
 * is its reference; the workflow is started after the commit (see services/cases.ts), so that the workflow always
 * finds its case.
 */
export async function insertCase(db: Knex, input: NewCase): Promise<{ id: number; reference: string }> {
  return db.transaction(async (trx) => {
    const now = timestamp(new Date());
    const reference = await allocateReference(trx, input.process, input.registeredAt);
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
        workflow_id: reference,
        channel: input.channel ?? null,
        reply_by_post: input.replyByPost ?? false,
        answer_by: input.answerBy ?? null,
        assignee: input.assignee ?? null,
        received_at: timestamp(input.receivedAt),
        due_at: timestamp(input.dueAt),
        created_at: now,
        updated_at: now,
      })
      .returning('id');
    const id = caseRow!.id;
    for (const party of input.parties ?? []) await insertParty(trx, id, party);
    const request =
      input.request &&
      (await insertCaseRecord(trx, {
        caseId: id,
        type: `${input.process}.request`,
        data: input.request,
        actor: input.actor,
      }));
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
        ...(input.parties?.length ? { parties: input.parties.map((party) => party.role) } : {}),
        ...request,
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

/** The next number for this process in the Amsterdam year of registration (31 December 23:30 UTC is next year's). */
async function allocateReference(
  trx: Knex.Transaction,
  process: Process,
  registeredAt: Date,
): Promise<string> {
  const prefix = REFERENCE_PREFIXES[process];
  const year = Number(amsterdamDate(registeredAt).slice(0, 4));
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

/** Records that the case's workflow runs; a row without it is started by the worker's reconciliation. */
export async function markWorkflowStarted(db: Knex, reference: string): Promise<void> {
  await db<CaseRow>('cases')
    .where({ reference })
    .whereNull('workflow_started_at')
    .update({ workflow_started_at: timestamp(new Date()) });
}

/** Cases committed whose workflow never started (the registering process died, or Temporal was away). */
export async function findUnstartedCases(db: Knex): Promise<CaseRow[]> {
  return db<CaseRow>('cases').where({ status: 'open' }).whereNull('workflow_started_at').orderBy('id');
}

/** Cases not closed (failed ones included, which need the officer most) by deadline; `dueBefore` keeps those due before it. */
export async function listCases(db: Knex, { dueBefore }: { dueBefore?: Date } = {}): Promise<CaseRow[]> {
  const query = db<CaseRow>('cases').whereNot({ status: 'closed' }).orderBy('due_at');
  if (dueBefore) void query.where('due_at', '<', timestamp(dueBefore));
  return query;
}

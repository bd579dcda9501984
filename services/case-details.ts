/**
 * Cases as the officer reads them, for the CLI (and later the desk): the database's record with its subject,
 * timeline (each officer's decision in full, from the case's records), letters and, when Temporal answers, the
 * workflow's own status. Reading needs neither Temporal's client library nor the mail and PDF libraries loaded:
 * a list of cases comes quickly.
 */
import type { Client } from '@temporalio/client';
import type { Db } from '../db';
import { appendAuditEvent, type AuditEventRow } from '../db/audit';
import { findCase, type CaseRow, type SubjectRow } from '../db/cases';
import type { DestructionRow } from '../db/destructions';
import type { LetterRow } from '../db/letters';
import type { CaseRecordRow } from '../db/records';
import { processEntry } from '../lib/processes';
import { MAILING_LETTERS, mailingProgress, type MailingProgress } from './case-people';
import { onceStarted } from './starting';
import type { AccessStatus } from '../workflows/access-request-messages';

export interface CaseDetails {
  reference: string;
  process: string;
  policy: string;
  status: string;
  locale: string;
  subject: {
    name: string | null;
    email: string | null;
    postalAddress: string | null;
    phone: string | null;
  } | null;
  channel: string | null;
  receivedAt: string;
  dueAt: string;
  answerBy: string | null;
  closedAt: string | null;
  failedAt: string | null;
  workflow: AccessStatus | { unavailable: string };
  /** The decision as the officer entered it (for the second officer of four eyes), when there is one. */
  decision: Record<string, unknown> | null;
  /** The audit trail; an event that names a record carries that record (the decision, its reasons) in full. */
  timeline: {
    at: string;
    type: string;
    actor: string;
    data: Record<string, unknown>;
    record?: Record<string, unknown>;
  }[];
  letters: {
    /** The letter's id, by which the desk opens its PDF. */
    id: number;
    kind: string;
    title: string | null;
    createdAt: string;
    delivery: string | null;
    status: string;
    sha256: string;
    password: string | null;
  }[];
  /** A breach's letters to the affected people, in numbers (they are not listed one by one among `letters`). */
  mailing?: MailingProgress;
  /**
   * A closed case's own file (an erasure request's): the retention schedule that keeps it and its due date, and
   * once it is destroyed, when and under what basis (the destruction register's entry).
   */
  caseFile?: { schedule: string; dueAt: string; destroyedAt: string | null; basis: string | null };
}

/** Everything about one case: the database's record and, when `client` is given, the workflow's own status. */
export async function caseDetails(
  db: Db,
  client: Client | undefined,
  reference: string,
  viewer?: string,
): Promise<CaseDetails> {
  const row = await findCase(db, reference);
  // A file kept as the evidence that a request was handled (an erasure request): who looked is logged.
  if (viewer !== undefined && (await processEntry(row.process))?.viewsLogged)
    await appendAuditEvent(db, { type: 'case.viewed', actor: viewer, caseId: row.id });
  const [details] = await describeCases(db, client, [row]);
  return details!;
}

/** Several cases, read together: one query per table, and Temporal asked about them all at once. */
export async function describeCases(
  db: Db,
  client: Client | undefined,
  rows: CaseRow[],
): Promise<CaseDetails[]> {
  const ids = rows.map((row) => row.id);
  const subjectIds = rows.flatMap((row) => (row.subject_id === null ? [] : [row.subject_id]));
  // The thousands of letters of a mailing (a breach's, a transfer's) are shown as numbers: neither they nor their
  // events are listed.
  const massLetters = Object.values(MAILING_LETTERS);
  const massLetterEvents = massLetters.map((kind) => `%"kind":"${kind}"%`);
  const schedules = rows.flatMap((row) => (row.file_schedule ? [row.file_schedule] : []));
  const [subjects, events, records, letters, workflows, mailings, kept, destroyed] = await Promise.all([
    db<SubjectRow>('subjects').whereIn('id', subjectIds),
    db<AuditEventRow>('audit_events')
      .whereIn('case_id', ids)
      .whereRaw(
        `not (type like 'letter.%' and (${massLetterEvents.map(() => 'data like ?').join(' or ')}))`,
        massLetterEvents,
      )
      .orderBy('id'),
    db<CaseRecordRow>('case_records').whereIn('case_id', ids).orderBy('id'),
    db<LetterRow>('letters')
      .whereIn('case_id', ids)
      .whereNotIn('kind', massLetters)
      .orderBy('id')
      .select('id', 'case_id', 'kind', 'title', 'created_at', 'delivery', 'status', 'sha256', 'password'),
    Promise.all(rows.map((row) => workflowStatus(client, row))),
    Promise.all(
      rows.map((row) =>
        MAILING_LETTERS[row.process] ? mailingProgress(db, row.id) : Promise.resolve(undefined),
      ),
    ),
    db<CaseRow>('cases').whereIn('reference', schedules).select('reference', 'due_at'),
    db<DestructionRow>('destructions').whereIn('reference', schedules).select('reference', 'basis'),
  ]);
  const recordData = new Map(records.map((r) => [r.id, JSON.parse(r.data) as Record<string, unknown>]));
  return rows.map((row, index) => {
    const subject = subjects.find((s) => s.id === row.subject_id);
    const decided = records.filter((r) => r.case_id === row.id && r.type === 'access.decided').at(-1);
    return {
      reference: row.reference,
      process: row.process,
      policy: row.policy_id,
      status: row.status,
      locale: row.locale,
      subject: subject
        ? {
            name: subject.name,
            email: subject.email,
            postalAddress: subject.postal_address,
            phone: subject.phone,
          }
        : null,
      channel: row.channel,
      receivedAt: row.received_at,
      dueAt: row.due_at,
      answerBy: row.answer_by,
      closedAt: row.closed_at,
      failedAt: row.failed_at,
      workflow: workflows[index]!,
      decision: decided ? ((recordData.get(decided.id)!.decision as Record<string, unknown>) ?? null) : null,
      timeline: events
        .filter((event) => event.case_id === row.id)
        .map((event) => {
          const data = JSON.parse(event.data) as Record<string, unknown>;
          const record = typeof data.recordId === 'number' ? recordData.get(data.recordId) : undefined;
          return { at: event.at, type: event.type, actor: event.actor, data, ...(record ? { record } : {}) };
        }),
      letters: letters
        .filter((letter) => letter.case_id === row.id)
        .map((letter) => ({
          id: letter.id,
          kind: letter.kind,
          title: letter.title,
          createdAt: letter.created_at,
          delivery: letter.delivery,
          status: letter.status,
          sha256: letter.sha256,
          password: letter.password,
        })),
      ...(mailings[index] ? { mailing: mailings[index] } : {}),
      ...(row.file_schedule
        ? {
            caseFile: {
              schedule: row.file_schedule,
              dueAt: kept.find((k) => k.reference === row.file_schedule)?.due_at ?? '',
              destroyedAt: row.file_destroyed_at,
              basis: destroyed.find((d) => d.reference === row.file_schedule)?.basis ?? null,
            },
          }
        : {}),
    };
  });
}

/** The workflow's own status; for a workflow that ended without closing the case, how it ended and why. */
async function workflowStatus(client: Client | undefined, row: CaseRow): Promise<CaseDetails['workflow']> {
  // Its workflow's answer would come from a history that still holds what the file said: not asked.
  if (row.file_destroyed_at) return { unavailable: 'the case file was destroyed' };
  if (!client) return { unavailable: 'Temporal does not answer' };
  const handle = client.workflow.getHandle(row.workflow_id ?? row.reference);
  try {
    const { status } = await handle.describe();
    if (status.name === 'RUNNING' || status.name === 'COMPLETED') {
      const { accessStatusQuery } = await import('../workflows/access-request-messages');
      const { QueryNotRegisteredError } = await import('@temporalio/client');
      return await onceStarted(
        () => handle.query(accessStatusQuery),
        (error) => error instanceof QueryNotRegisteredError,
      );
    }
    const cause = await handle.result().then(
      () => '',
      (failure: Error) => `: ${((failure.cause as Error | undefined) ?? failure).message}`,
    );
    return { unavailable: `the workflow ended ${status.name.toLowerCase().replace('_', ' ')}${cause}` };
  } catch (error) {
    return { unavailable: (error as Error).message };
  }
}

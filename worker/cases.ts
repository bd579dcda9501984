/**
 * Cases as the officer handles them, for the CLI (and later the desk): register a request and start its
 * workflow, read a case with its timeline and letters, send the officer's decisions as workflow updates.
 * Input is validated here, field by field, before anything is written; a case row and its workflow start
 * together or not at all.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { PDFDocument } from 'pdf-lib';
import { validateAddress } from '../activities/mail';
import type { Db } from '../db';
import type { AuditEventRow } from '../db/audit';
import { findCase, insertCase, type CaseRow, type SubjectRow } from '../db/cases';
import { insertDocument, listLetters } from '../db/letters';
import { computeDeadline } from '../lib/deadlines';
import { invalidInput, PrivacyloketError } from '../lib/errors';
import { parseInstant } from '../lib/instants';
import { loadPolicy } from '../policies/load';
import type { accessRequest } from '../workflows/access-request';
import {
  accessStatusQuery,
  checkDecision,
  decideUpdate,
  type AccessDecision,
  type AccessStatus,
} from '../workflows/access-request-messages';
import type { Config } from './config';

export interface AccessRequestInput {
  policy?: unknown;
  received?: unknown;
  name?: unknown;
  email?: unknown;
  address?: unknown;
  locale?: unknown;
}

export interface CaseServices {
  db: Db;
  client: Client;
  config: Config;
  /** Who acts, for the audit trail: the officer's login name. */
  actor: string;
}

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

function field(
  name: string,
  value: unknown,
  { max, multiline = false }: { max: number; multiline?: boolean },
): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalidInput(name, 'must not be empty');
  const trimmed = value.trim();
  if (trimmed.length > max)
    throw invalidInput(name, `must be at most ${max} characters, got ${trimmed.length}`);
  if (CONTROL.test(trimmed) || (!multiline && /[\r\n]/.test(trimmed))) {
    throw invalidInput(name, multiline ? 'must not hold control characters' : 'must be one line');
  }
  return trimmed;
}

export interface AccessRequest {
  policyId: string;
  receivedAt: Date;
  locale: 'nl' | 'en';
  dueAt: Date;
  subject: { name: string; email: string; postalAddress: string | undefined };
}

/** Checks every field of a new access request, before anything is opened or written. */
export async function parseAccessRequest(
  input: AccessRequestInput,
  { now = new Date(), policiesDir }: { now?: Date; policiesDir: string },
): Promise<AccessRequest> {
  const policyId = field('--policy', input.policy, { max: 64 });
  const receivedText = field('--received', input.received, { max: 40 });
  const receivedAt = parseInstant('--received', receivedText);
  if (receivedAt.getTime() > now.getTime()) {
    throw invalidInput('--received', `is '${receivedText}', which is in the future`);
  }
  const name = field('--name', input.name, { max: 200 });
  const email = validateAddress('--email', typeof input.email === 'string' ? input.email : '');
  const postalAddress =
    input.address === undefined
      ? undefined
      : field('--address', input.address, { max: 500, multiline: true });
  const locale = input.locale;
  if (locale !== undefined && locale !== 'nl' && locale !== 'en') {
    throw invalidInput('--locale', `must be nl or en, got ${JSON.stringify(locale)}`);
  }
  const policy = await loadPolicy(policyId, policiesDir);
  const { dueAt } = computeDeadline(receivedAt, policy.processes.access.period, policy.holidays);
  return {
    policyId,
    receivedAt,
    locale: locale ?? policy.organisation.locale,
    dueAt,
    subject: { name, email, postalAddress },
  };
}

/** Registers an access request and starts its workflow, together or not at all; returns the case reference. */
export async function startAccessRequest(services: CaseServices, request: AccessRequest): Promise<string> {
  const { db, client, config, actor } = services;
  try {
    return await db.transaction(async (trx) => {
      const { id, reference } = await insertCase(trx, { process: 'access', ...request, actor });
      await trx<CaseRow>('cases').where({ id }).update({ workflow_id: reference });
      // Inside the transaction: when Temporal refuses the start, the case is rolled back with it.
      await client.workflow.start<typeof accessRequest>('accessRequest', {
        workflowId: reference,
        taskQueue: config.temporal.taskQueue,
        args: [{ reference }],
      });
      return reference;
    });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) {
      throw new PrivacyloketError(
        'unavailable',
        `Temporal already runs a workflow ${error.workflowId}: the database and the Temporal server do not belong together (check DATABASE_URL and TEMPORAL_ADDRESS).`,
      );
    }
    throw error;
  }
}

export interface CaseDetails {
  reference: string;
  process: string;
  policy: string;
  status: string;
  locale: string;
  subject: { name: string | null; email: string | null; postalAddress: string | null } | null;
  receivedAt: string;
  dueAt: string;
  closedAt: string | null;
  workflow: AccessStatus | { unavailable: string };
  timeline: { at: string; type: string; actor: string; data: Record<string, unknown> }[];
  letters: {
    kind: string;
    title: string | null;
    createdAt: string;
    delivery: string | null;
    sha256: string;
    password: string | null;
  }[];
}

/** Everything about one case: the database's record and, when Temporal answers, the workflow's own status. */
export async function caseDetails(
  db: Db,
  client: Client | undefined,
  reference: string,
): Promise<CaseDetails> {
  const row = await findCase(db, reference);
  const subject = row.subject_id
    ? await db<SubjectRow>('subjects').where({ id: row.subject_id }).first()
    : undefined;
  const events = await db<AuditEventRow>('audit_events').where({ case_id: row.id }).orderBy('id');
  let workflow: CaseDetails['workflow'] = { unavailable: 'Temporal was not asked' };
  if (client) {
    try {
      workflow = await client.workflow.getHandle(row.workflow_id ?? reference).query(accessStatusQuery);
    } catch (error) {
      workflow = { unavailable: (error as Error).message };
    }
  }
  return {
    reference: row.reference,
    process: row.process,
    policy: row.policy_id,
    status: row.status,
    locale: row.locale,
    subject: subject
      ? { name: subject.name, email: subject.email, postalAddress: subject.postal_address }
      : null,
    receivedAt: row.received_at,
    dueAt: row.due_at,
    closedAt: row.closed_at,
    workflow,
    timeline: events.map((event) => ({
      at: event.at,
      type: event.type,
      actor: event.actor,
      data: JSON.parse(event.data) as Record<string, unknown>,
    })),
    letters: (await listLetters(db, row.id)).map((letter) => ({
      kind: letter.kind,
      title: letter.title,
      createdAt: letter.created_at,
      delivery: letter.delivery,
      sha256: letter.sha256,
      password: letter.password,
    })),
  };
}

/** Sends an officer's decision; the workflow's validator has the last word and its refusal becomes one sentence. */
export async function sendUpdate<Arg>(
  services: CaseServices,
  reference: string,
  update: UpdateDefinition<AccessStatus, [Arg]>,
  arg: Arg,
): Promise<AccessStatus> {
  const row = await findCase(services.db, reference);
  if (row.status === 'closed')
    throw new PrivacyloketError('invalid-input', `Case ${reference} is closed.`, '<reference>');
  try {
    return await services.client.workflow
      .getHandle(row.workflow_id ?? reference)
      .executeUpdate(update, { args: [arg] });
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) {
      throw new PrivacyloketError('invalid-input', `${reference}: ${error.cause?.message ?? error.message}.`);
    }
    if (error instanceof WorkflowNotFoundError) {
      throw new PrivacyloketError(
        'not-found',
        `Temporal has no running workflow for ${reference}.`,
        '<reference>',
      );
    }
    throw error;
  }
}

/**
 * The decision, with the copy of the data stored first when there is one. The decision's shape is checked
 * before the copy is stored, so a malformed decision leaves nothing behind.
 */
export async function decide(
  services: CaseServices,
  reference: string,
  decision: Omit<AccessDecision, 'copyDocumentId'>,
  copyFile: string | undefined,
): Promise<AccessStatus> {
  const row = await findCase(services.db, reference);
  const placeholder = copyFile === undefined ? {} : { copyDocumentId: 0 };
  try {
    checkDecision({ ...decision, ...placeholder });
  } catch (error) {
    throw new PrivacyloketError('invalid-input', `${reference}: ${(error as Error).message}.`);
  }
  let copyDocumentId: number | undefined;
  if (copyFile !== undefined) {
    const content = await readFile(copyFile).catch((error: Error) => {
      throw invalidInput('--copy', `cannot be read: ${error.message}`);
    });
    await PDFDocument.load(content).catch(() => {
      throw invalidInput(
        '--copy',
        'must be a PDF file without a password (it is appended to the response letter)',
      );
    });
    copyDocumentId = await insertDocument(services.db, {
      caseId: row.id,
      kind: 'data-copy',
      filename: basename(copyFile),
      contentType: 'application/pdf',
      content,
      actor: services.actor,
    });
  }
  return sendUpdate(services, reference, decideUpdate, {
    ...decision,
    ...(copyDocumentId === undefined ? {} : { copyDocumentId }),
  });
}

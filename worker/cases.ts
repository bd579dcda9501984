/**
 * Cases as the officer handles them, for the CLI (and later the desk): register a request and start its
 * workflow, read a case with its timeline and letters, send the officer's decisions as workflow updates.
 * Input is validated here, field by field, before anything is written. A case row is committed first and its
 * workflow (id = reference) started after: a start that does not happen is made up by the worker's
 * reconciliation (`worker/reconcile.ts`), so no case is ever left without its workflow.
 */
import { open } from 'node:fs/promises';
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
import { timestamp } from '../db';
import { appendAuditEvent } from '../db/audit';
import {
  CHANNELS,
  findCase,
  insertCase,
  markWorkflowStarted,
  type CaseRow,
  type Channel,
  type NewCase,
  type SubjectRow,
} from '../db/cases';
import { deleteDocument, insertDocument } from '../db/letters';
import { findLatestRecord } from '../db/records';
import { amsterdamDate } from '../lib/calendar';
import { computeDeadline } from '../lib/deadlines';
import { invalidInput, PrivacyloketError } from '../lib/errors';
import { parseInstant } from '../lib/instants';
import { WORKFLOW_TYPES, type Process } from '../lib/processes';
import { normaliseText, textProblem, type TextRule } from '../lib/text';
import { loadPolicy } from '../policies/load';
import { maxCopyBytes, type LetterKind } from '../policies/schema';
import {
  checkDecision,
  decideUpdate,
  type AccessDecision,
  type AccessStatus,
} from '../workflows/access-request-messages';
import { resendLetterUpdate, type CaseStatus } from '../workflows/case/messages';
import type { Config } from './config';

export { caseDetails, type CaseDetails } from './case-details';

/** The fields of `access start`, by flag name: the same names in an `--input` file. */
export const ACCESS_REQUEST_FIELDS = [
  'policy',
  'received',
  'name',
  'email',
  'address',
  'phone',
  'via',
  'reply-by-post',
  'answer-by',
  'locale',
] as const;
export type AccessRequestInput = Partial<Record<(typeof ACCESS_REQUEST_FIELDS)[number], unknown>>;

export interface CaseServices {
  db: Db;
  client: Client;
  config: Config;
  /** Who acts, for the audit trail: the officer's login name. */
  actor: string;
}

/** A text field from outside, normalised, or an error naming the flag. */
function field(name: string, value: unknown, rule: TextRule): string {
  const problem = textProblem(value, rule);
  if (problem) throw invalidInput(name, problem);
  return normaliseText(value as string);
}

const optionalField = (name: string, value: unknown, rule: TextRule) =>
  value === undefined ? undefined : field(name, value, rule);

/** Who acts (`--by`): one line, no hidden characters. */
export function actorName(value: string): string {
  return field('--by', value, { max: 100 });
}

export interface AccessRequest extends Omit<NewCase, 'process' | 'actor'> {
  subject: { name: string; email?: string; postalAddress?: string; phone?: string };
  /** Set when the request is registered after its deadline has passed: what the officer is told. */
  late?: { dueDate: string; answerBy: string };
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
  const email =
    input.email === undefined
      ? undefined
      : validateAddress('--email', typeof input.email === 'string' ? input.email : '');
  const postalAddress = optionalField('--address', input.address, { max: 500, multiline: true });
  if (email === undefined && postalAddress === undefined) {
    throw invalidInput('--email', 'or --address must be given: the letters need somewhere to go');
  }
  const phone = optionalField('--phone', input.phone, { max: 30 });
  if (phone !== undefined && !/^\+?[0-9 ()-]{6,}$/.test(phone)) {
    throw invalidInput(
      '--phone',
      `must be a telephone number such as 06-12345678 or +31 20 123 4567, got '${phone}'`,
    );
  }
  const channel = (input.via ?? (email ? 'e-mail' : 'letter')) as Channel;
  if (!CHANNELS.includes(channel)) {
    throw invalidInput('--via', `must be one of ${CHANNELS.join(', ')}, got ${JSON.stringify(input.via)}`);
  }
  if (input['reply-by-post'] !== undefined && typeof input['reply-by-post'] !== 'boolean') {
    throw invalidInput('--reply-by-post', 'must be true or false');
  }
  const locale = input.locale;
  if (locale !== undefined && locale !== 'nl' && locale !== 'en') {
    throw invalidInput('--locale', `must be nl or en, got ${JSON.stringify(locale)}`);
  }
  const policy = await loadPolicy(policyId, policiesDir);
  const { dueAt, dueDate } = computeDeadline(receivedAt, policy.processes.access.period, policy.holidays);
  const late = dueAt.getTime() < now.getTime();
  const answerBy = parseAnswerBy(input['answer-by'], late, now, policy.holidays);
  return {
    policyId,
    receivedAt,
    locale: locale ?? policy.organisation.locale,
    dueAt,
    channel,
    replyByPost: input['reply-by-post'] === true,
    ...(late ? { answerBy, late: { dueDate, answerBy: answerBy! } } : {}),
    subject: { name, email, postalAddress, phone },
  };
}

/**
 * A request registered after its deadline: the acknowledgement says so, and promises the answer by this date
 * (`--answer-by`, by default a week from today).
 */
function parseAnswerBy(
  value: unknown,
  late: boolean,
  now: Date,
  holidays: Parameters<typeof computeDeadline>[2],
) {
  if (value === undefined) return late ? computeDeadline(now, { weeks: 1 }, holidays).dueDate : undefined;
  if (!late)
    throw invalidInput('--answer-by', 'is only for a request registered after its deadline has passed');
  const date = field('--answer-by', value, { max: 10 });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !new Date(`${date}T12:00:00Z`).toISOString().startsWith(date)) {
    throw invalidInput('--answer-by', `must be a date such as 2026-12-07, got '${date}'`);
  }
  if (date < amsterdamDate(now)) throw invalidInput('--answer-by', `is ${date}, which has passed`);
  return date;
}

export interface Registered {
  reference: string;
  /** False when the case is registered but Temporal could not start its workflow now; the worker will. */
  started: boolean;
}

/** Registers a case (committed), then starts its workflow. */
export async function registerCase(
  services: CaseServices,
  process: Process,
  request: Omit<NewCase, 'process' | 'actor'>,
): Promise<Registered> {
  const { reference } = await insertCase(services.db, { ...request, process, actor: services.actor });
  try {
    await startCaseWorkflow(services, await findCase(services.db, reference));
    return { reference, started: true };
  } catch (error) {
    if (error instanceof PrivacyloketError) throw error;
    return { reference, started: false };
  }
}

/**
 * Starts the case's workflow, id = reference; a second start (a retry, the reconciliation) finds it running and
 * is a no-op. A workflow with this id from before the case row existed means the database and the Temporal
 * server do not belong together.
 */
export async function startCaseWorkflow(
  { client, config, db }: Pick<CaseServices, 'client' | 'config' | 'db'>,
  row: Pick<CaseRow, 'reference' | 'process' | 'created_at'>,
): Promise<void> {
  const workflowType = WORKFLOW_TYPES[row.process];
  if (!workflowType)
    throw new PrivacyloketError('invalid-input', `No workflow runs ${row.process} cases yet.`);
  try {
    await client.workflow.start(workflowType, {
      workflowId: row.reference,
      taskQueue: config.temporal.taskQueue,
      args: [{ reference: row.reference }],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    const { startTime } = await client.workflow.getHandle(row.reference).describe();
    if (startTime.getTime() < new Date(row.created_at).getTime() - 60_000) {
      throw new PrivacyloketError(
        'unavailable',
        `Temporal already has a workflow ${row.reference} from before this case was registered: the database and the Temporal server do not belong together (check DATABASE_URL and TEMPORAL_ADDRESS).`,
      );
    }
  }
  await markWorkflowStarted(db, row.reference);
}

/** Sends an officer's decision; the workflow's validator has the last word and its refusal becomes one sentence. */
export async function sendUpdate<Arg, Ret extends CaseStatus = AccessStatus>(
  services: CaseServices,
  reference: string,
  update: UpdateDefinition<Ret, [Arg]>,
  arg: Arg,
): Promise<Ret> {
  const row = await findCase(services.db, reference);
  if (row.status !== 'open')
    throw new PrivacyloketError('invalid-input', `Case ${reference} is ${row.status}.`, '<reference>');
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
 * before the copy is read, and a decision the workflow refuses takes its copy away again: nothing is left behind.
 */
export async function decide(
  services: CaseServices,
  reference: string,
  decision: Omit<AccessDecision, 'copyDocumentId' | 'copySha256'>,
  copyFile: string | undefined,
): Promise<AccessStatus> {
  const row = await findCase(services.db, reference);
  try {
    checkDecision(
      { ...decision, ...(copyFile === undefined ? {} : { copyDocumentId: 0 }) },
      decision.thirdParties !== undefined,
    );
  } catch (error) {
    throw new PrivacyloketError('invalid-input', `${reference}: ${(error as Error).message}.`);
  }
  if (copyFile === undefined) return sendUpdate(services, reference, decideUpdate, decision);
  const policy = await loadPolicy(row.policy_id, services.config.policiesDir);
  const content = await readCopy(copyFile, maxCopyBytes(policy));
  const copy = await insertDocument(services.db, {
    caseId: row.id,
    kind: 'data-copy',
    filename: basename(copyFile),
    contentType: 'application/pdf',
    content,
  });
  try {
    return await sendUpdate(services, reference, decideUpdate, {
      ...decision,
      copyDocumentId: copy.id,
      copySha256: copy.sha256,
    });
  } catch (error) {
    await deleteDocument(services.db, copy.id);
    throw error;
  }
}

/** The copy of the data: a regular PDF file, no larger than the policy allows (it travels with a letter). */
async function readCopy(path: string, limit: number): Promise<Buffer> {
  const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  const file = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    throw invalidInput('--copy', `cannot be read (${error.code ?? error.message})`);
  });
  try {
    const stat = await file.stat();
    if (!stat.isFile()) throw invalidInput('--copy', 'must be a regular file (a PDF)');
    if (stat.size > limit) {
      throw invalidInput(
        '--copy',
        `is ${megabytes(stat.size)}; the policy allows a copy of at most ${megabytes(limit)} with a letter (copies.maxCopyMegabytes)`,
      );
    }
    const content = await file.readFile();
    await PDFDocument.load(content).catch(() => {
      throw invalidInput(
        '--copy',
        'must be a PDF file without a password (it is appended to the response letter)',
      );
    });
    return content;
  } finally {
    await file.close();
  }
}

/**
 * The response letter the decision on record would produce, for the second officer to read before approving
 * (four eyes): rendered as the worker renders it, marked as a draft, neither stored nor sent.
 */
export async function previewResponse(db: Db, config: Config, reference: string): Promise<Buffer> {
  const row = await findCase(db, reference);
  const record = await findLatestRecord<{ decision: AccessDecision }>(db, row.id, 'access.decided');
  if (!record)
    throw new PrivacyloketError('not-found', `Case ${reference} has no decision yet.`, '<reference>');
  const { copyDocumentId, copySha256, ...details } = record.decision;
  // Chromium and the templates only for this command, not for every command that loads this module.
  const { openActivityDeps } = await import('../activities');
  const { letterActivities } = await import('../activities/letters');
  const deps = openActivityDeps(config, db);
  try {
    const rendered = await letterActivities(deps).renderLetter(reference, 'access-response', {
      details: { decision: details },
      appendDocumentId: copyDocumentId,
      preview: true,
    });
    return rendered.pdf;
  } finally {
    await deps.close();
  }
}

/**
 * Sends an undeliverable letter again (by mail, after correcting the subject's address when `email` is given)
 * or by post. The correction is recorded (without the address) before the workflow is asked.
 */
export async function resendLetter(
  services: CaseServices,
  reference: string,
  { kind, via, email }: { kind: LetterKind; via: 'mail' | 'post'; email?: string },
): Promise<CaseStatus> {
  const row = await findCase(services.db, reference);
  if (email !== undefined) {
    const address = validateAddress('--email', email);
    await services.db.transaction(async (trx) => {
      await trx<SubjectRow>('subjects').where({ id: row.subject_id! }).update({ email: address });
      await trx('cases')
        .where({ id: row.id })
        .update({ updated_at: timestamp(new Date()) });
      await appendAuditEvent(trx, {
        type: 'subject.email-corrected',
        actor: services.actor,
        caseId: row.id,
        data: { kind },
      });
    });
  }
  return sendUpdate(services, reference, resendLetterUpdate, { by: services.actor, kind, via });
}

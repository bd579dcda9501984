/**
 * Cases as the officer handles them, for the CLI (and later the desk): register a request and start its
 * workflow, read a case with its timeline and letters, send the officer's decisions as workflow updates.
 * Input is validated here, field by field, before anything is written. A case row is committed first and its
 * workflow (id = reference) started after: a start that does not happen is made up by the worker's
 * reconciliation (`worker/reconcile.ts`), so no case is ever left without its workflow.
 */
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { PDFDocument } from 'pdf-lib';
import { validateAddress } from '../activities/mail';
import type { Db } from '../db';
import { timestamp } from '../db';
import { appendAuditEvent } from '../db/audit';
import { findCase, type SubjectRow } from '../db/cases';
import { deleteDocument, insertDocument } from '../db/letters';
import { findLatestRecord } from '../db/records';
import { invalidInput, PrivacyloketError } from '../lib/errors';
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
import { field } from './start';
import { onceStarted } from './starting';

export { caseDetails, type CaseDetails } from './case-details';

export interface CaseServices {
  db: Db;
  client: Client;
  config: Config;
  /** Who acts, for the audit trail: the officer's login name. */
  actor: string;
  /** The desk user who acts: a case they register is theirs to handle (`cases.assignee`). */
  user?: string;
}

/** Who acts (`--by`): one line, no hidden characters. */
export function actorName(value: string): string {
  return field('--by', value, { max: 100 });
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
  const handle = services.client.workflow.getHandle(row.workflow_id ?? reference);
  try {
    return await onceStarted(
      () => handle.executeUpdate(update, { args: [arg] }),
      (error) =>
        error instanceof WorkflowUpdateFailedError &&
        /No registered handler/.test(error.cause?.message ?? ''),
    );
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

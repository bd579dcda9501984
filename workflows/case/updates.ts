/**
 * The officer's updates every process accepts, and their validators: the requester's identity (art. 12(6)),
 * an extension of the deadline (art. 12(3)), a second officer's approval (four eyes), the FG's advice (art. 38(6),
 * 39: the controller decides, the FG advises) and a data owner's confirmation of a task. The CLI, the desk and the
 * tests use these very objects; a process defines only its own decision.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { durationParts, formatDuration, type Duration } from '../../lib/durations';
import { alwaysShorter, mayExceed } from '../../policies/periods';
import type { CaseStatus } from './messages';
import { actor, LINE, refuse, text } from './validate';

/** Art. 12(3): "by two further months where necessary". */
const ART_12_3_EXTENSION: Duration = { months: 2 };

export type IdentityVerification = { by: string } & (
  { verified: true; method: string; thirdPartyData?: boolean } | { verified: false; missing: string }
);

export interface Approval {
  by: string;
  approved: boolean;
  /** Why the decision goes back: required when it does. */
  reasons?: string;
}

export interface ExtensionRequest {
  by: string;
  /** Art. 12(3): by at most two further months. */
  extendBy: Duration;
  reasons: string;
}

/** The FG's advice on the case (art. 38(6), 39): recorded beside the decision, which the controller takes. */
export interface Advice {
  by: string;
  advice: string;
}

/** A data owner's word that a task is done: the evidence that the data was erased, corrected or stopped. */
export interface TaskConfirmation {
  /** Who records it: the officer, or the data owner at the desk. */
  by: string;
  task: number;
  /** Who carried it out, when (ISO 8601) and how. */
  doneBy: string;
  at: string;
  how: string;
}

/** A decision the officer took, with who took it; the process's own details beside it. */
export interface Decided {
  by: string;
}

export const caseStatusQuery = defineQuery<CaseStatus>('status');
export const verifyIdentityUpdate = defineUpdate<CaseStatus, [IdentityVerification]>('verifyIdentity');
export const approveUpdate = defineUpdate<CaseStatus, [Approval]>('approve');
export const extendUpdate = defineUpdate<CaseStatus, [ExtensionRequest]>('extend');
export const adviseUpdate = defineUpdate<CaseStatus, [Advice]>('advise');
export const confirmTaskUpdate = defineUpdate<CaseStatus, [TaskConfirmation]>('confirmTask');

export function validateIdentity(identity: IdentityVerification | null, input: IdentityVerification): void {
  actor(input.by);
  if (identity?.verified) refuse('identity has already been verified');
  if (input.verified) text('method', input.method, LINE);
  else text('missing', input.missing);
}

export function validateApproval(decision: Decided | null, awaiting: boolean, input: Approval): void {
  actor(input.by);
  if (!awaiting || !decision) refuse('approval: no decision is awaiting approval');
  if (input.by === decision.by)
    refuse('by must be a second officer: the one who decided cannot approve (four eyes)');
  text('reasons', input.reasons, undefined, !input.approved);
}

export function validateExtension(
  { extended, maxExtension }: { extended: boolean; maxExtension: Duration },
  input: ExtensionRequest,
  dueAt: Date,
  now: Date,
): void {
  actor(input.by);
  if (extended) refuse('extension: the deadline has already been extended once (art. 12(3))');
  if (now.getTime() > dueAt.getTime()) {
    refuse(
      `extension: the deadline of ${dueAt.toISOString()} has passed; art. 12(3) allows extending only within the period`,
    );
  }
  let parts;
  try {
    parts = durationParts(input.extendBy);
  } catch {
    return refuse('extend-by must be a duration such as 2 months');
  }
  // Far beyond any legal extension: refused before a calendar is asked to count it.
  if (parts.unit === 'hours' || parts.amount > 1000 || !alwaysShorter({ days: 0 }, input.extendBy))
    refuse('extend-by must be a period of days, weeks or months, at most 2 months (art. 12(3))');
  if (mayExceed(input.extendBy, ART_12_3_EXTENSION))
    refuse('extend-by must be at most 2 months (art. 12(3))');
  if (mayExceed(input.extendBy, maxExtension)) {
    refuse(`extend-by must be at most ${formatDuration(maxExtension, 'en')}, as the policy says`);
  }
  text('reasons', input.reasons);
}

export function validateAdvice(input: Advice): void {
  actor(input.by);
  text('advice', input.advice);
}

export function validateTaskConfirmation(
  tasks: readonly { number: number; done: boolean }[],
  input: TaskConfirmation,
  now: Date,
): void {
  actor(input.by);
  const task = tasks.find((t) => t.number === input.task);
  if (!task) refuse(`task: the case has no task ${String(input.task)}; its tasks are ${numbers(tasks)}`);
  if (task.done) refuse(`task: task ${input.task} has already been confirmed`);
  text('done-by', input.doneBy, LINE);
  const at = new Date(input.at);
  if (typeof input.at !== 'string' || Number.isNaN(at.getTime())) refuse('at must be a moment in ISO 8601');
  if (at.getTime() > now.getTime()) refuse('at is in the future: confirm a task once it is done');
  text('how', input.how);
}

const numbers = (tasks: readonly { number: number }[]) =>
  tasks.length === 0 ? 'none yet' : tasks.map((t) => t.number).join(', ');

/**
 * The officer's updates every case that keeps data for a time shares (applicant data, retention schedules): a
 * legal hold (a dispute, a claim, an investigation) postpones destruction until it is released or its end date
 * passes; a changed policy is read again at once. Pure and workflow-safe: the CLI imports them too.
 */
import { defineUpdate } from '@temporalio/workflow';
import type { CaseStatus } from './messages';
import { actor, allOf, LONG_TEXT, moment, refuse, text } from './validate';

export interface Hold {
  by: string;
  /** Why the data must stay: a dispute about the procedure, a claim, a complaint. */
  reason: string;
  /** ISO date or date-time: the hold ends by itself then. Absent: until released. */
  until?: string;
}

export interface HoldRecord extends Hold {
  at: string;
  /** When the hold ended: released by the officer, or its end date passed. */
  ended?: { at: string; by: string };
}

export interface Release {
  by: string;
  note?: string;
}

export interface PolicyChanged {
  by: string;
}

export const holdUpdate = defineUpdate<CaseStatus, [Hold]>('hold');
export const releaseUpdate = defineUpdate<CaseStatus, [Release]>('release');
export const policyChangedUpdate = defineUpdate<CaseStatus, [PolicyChanged]>('policyChanged');

/** The hold in force at `now`, if any. */
export const holdInForce = (holds: readonly HoldRecord[], now: Date) =>
  holds.find((hold) => !hold.ended && (hold.until === undefined || new Date(hold.until) > now));

export function validateHold(
  input: Hold,
  holds: readonly HoldRecord[],
  destroying: boolean,
  now: Date,
): void {
  allOf([
    () => actor(input.by),
    () => text('reason', input.reason, LONG_TEXT),
    () => moment('until', input.until, now, { future: true }),
  ]);
  if (destroying)
    refuse(
      'hold: the destruction task has gone out; ask its data owner to stop, and record the hold once confirmed',
    );
  if (holdInForce(holds, now))
    refuse('hold: a legal hold is already in force; release it first to change it');
}

export function validateRelease(input: Release, holds: readonly HoldRecord[], now: Date): void {
  allOf([() => actor(input.by), () => text('note', input.note, LONG_TEXT, false)]);
  if (!holdInForce(holds, now)) refuse('release: no legal hold is in force');
}

/**
 * The officer's updates every case that keeps data for a time shares (applicant data, retention schedules): a
 * legal hold (a dispute, a claim, an investigation) postpones destruction until it is released or its end date
 * passes; a changed policy is read again at once. Pure and workflow-safe: the CLI imports them too.
 */
import { defineUpdate } from '@temporalio/workflow';
import type { ProcessUpdate } from '../../lib/processes';
import { at, flag, given, MOMENT } from './flags';
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

/** The verbs every keeping process has (`retention hold`, `applicant release`), for its registry entry's `verbs`. */
export const KEEPING_VERBS: Record<string, ProcessUpdate> = {
  hold: {
    update: holdUpdate,
    summary:
      'Record a legal hold (a dispute, a claim, a complaint): the destruction waits until it is released or its end date passes.',
    example: {
      reason: 'De afgewezen sollicitant heeft bezwaar gemaakt tegen de procedure.',
      until: '2027-06-01',
    },
    flags: {
      fields: [
        flag('reason', 'why the data must stay', {
          required: true,
          example: 'De afgewezen sollicitant heeft bezwaar gemaakt tegen de procedure.',
        }),
        flag('until', `when the hold ends by itself: ${MOMENT} (default: until released)`, {
          value: 'moment',
          example: '2027-06-01',
        }),
      ],
      read: (v) => ({ reason: v.reason, ...given('until', v.until && at('--until', v.until)) }),
    },
  },
  release: {
    update: releaseUpdate,
    summary:
      'Release the legal hold: the destruction goes ahead on its due date (at once when that has passed).',
    example: { note: 'De procedure is afgerond.' },
    flags: {
      fields: [flag('note', 'why the hold is no longer needed', { example: 'De procedure is afgerond.' })],
      read: (v) => given('note', v.note),
    },
  },
  'policy-changed': {
    update: policyChangedUpdate,
    summary:
      "Read the case's policy again now (a changed retention period moves the due date); cases also do so by themselves once a year.",
    example: {},
    flags: { fields: [], read: () => ({}) },
  },
};

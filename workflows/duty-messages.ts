/**
 * A recurring duty's run (SPEC process 8): what its schedule starts it with, the officer's confirmation and the
 * status it answers. The worker's schedules, the CLI and the tests use these very objects.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { durationParts, type Duration } from '../lib/durations';
import { actor, allOf, LONG_TEXT, onlyKeys, refuse, text } from './case/validate';
import type { Alarm } from './case/deadline-watch';

/** What every run of a duty's schedule starts with: names from the policy, never anything about a person. */
export interface DutyRun {
  policy: string;
  duty: string;
  /** The policy's interval: the next run is due this long after this one was scheduled. */
  every: Duration;
}

/** The officer's word that the duty is done (`privacyloket duty done <policy>/<duty>`). */
export interface DutyDoneInput {
  by: string;
  note?: string;
}

export interface DutyStatus {
  policy: string;
  duty: string;
  scheduledAt: string;
  /** The next run: management hears of an unconfirmed duty then. */
  dueAt: string;
  done?: { by: string; at: string };
  nextAlarm?: { kind: Alarm['kind']; at: string };
  history: { at: string; event: string }[];
}

export const dutyDoneUpdate = defineUpdate<DutyStatus, [DutyDoneInput]>('duty-done');
export const dutyStatusQuery = defineQuery<DutyStatus>('dutyStatus');

/** The schedule of a duty: ids from the policy's directory and the duty's key, never a person. */
export const dutyScheduleId = (policy: string, duty: string) => `duty-${policy}-${duty}`;

export function validateDutyDone(done: DutyStatus['done'], input: DutyDoneInput): void {
  onlyKeys('duty done', input, ['by', 'note']);
  allOf([
    () => actor(input.by),
    () => text('note', input.note, LONG_TEXT, false),
    () => void (done && refuse(`this run was already confirmed by ${done.by} at ${done.at}`)),
  ]);
}

/**
 * Reminders before the next run, as offsets (the deadline watch's own): one a month after the run (when the
 * interval leaves room for it), one a month and one a week before the next run. A duty done soon after its mail
 * hears nothing more; a forgotten one is reminded three times before management hears of it.
 */
export function dutyReminders(every: Duration): Duration[] {
  const { unit, amount } = durationParts(every);
  if (unit !== 'months' && unit !== 'years') return [];
  const months = unit === 'years' ? 12 * amount : amount;
  return [
    ...(months > 2 ? [{ months: months - 1 }] : []),
    ...(months > 1 ? [{ months: 1 }] : []),
    { weeks: 1 },
  ];
}

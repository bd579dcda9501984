/**
 * What every process's workflow answers and accepts besides its own steps: the status every case has, and the
 * officer's updates about letters (posted by hand; sent again, or by post instead, when the mail server refused
 * it). The CLI, the desk and the tests use these very objects.
 */
import { defineUpdate } from '@temporalio/workflow';
import type { LetterKind } from '../../policies/schema';
import { actor, refuse } from './validate';

/**
 * `pending` until delivered; `sent` by mail; `queued-for-post` until the officer records it `posted`;
 * `undeliverable` when the mail server refused it, until the officer sends it again or by post.
 */
export type LetterStatus = 'pending' | 'sent' | 'queued-for-post' | 'posted' | 'undeliverable';

export interface CaseLetter {
  kind: LetterKind;
  /** The letter's idempotency key, `INZ-2026-0001/acknowledgement/1`. */
  key: string;
  letterId: number;
  status: LetterStatus;
}

/** A letter still waiting for the officer: the case does not close before each one has gone out. */
export const waitsForOfficer = (letter: CaseLetter) =>
  letter.status === 'queued-for-post' || letter.status === 'undeliverable';

export interface HistoryEntry {
  at: string;
  event: string;
  by: string;
}

/**
 * The officer's next step: a code the CLI and the mails put in words per language
 * (`next-steps.json` in `templates/<locale>/case/` and each process folder), the command to run, and any date it concerns.
 */
export interface NextStep {
  step: string;
  command?: string;
  date?: string;
}

/** What every case's status query answers. */
export interface CaseStatus {
  reference: string;
  stage: string;
  receivedAt: string;
  dueAt: string;
  dueDate: string;
  /** Art. 12(3): the deadline was extended (once). */
  extended: boolean;
  next: NextStep;
  /** The next reminder to the officer or escalation to management, while the case is open. */
  nextAlarm?: { kind: 'reminder' | 'escalation'; at: string };
  letters: CaseLetter[];
  /** What data owners carry out, each confirmed (absent in histories from before tasks). */
  tasks?: { number: number; action: string; dueAt: string; done: boolean; doneAt?: string }[];
  history: HistoryEntry[];
  /** The process's own state beside the kit's (a breach's clocks, notifications and people). */
  details?: Record<string, unknown>;
}

export interface LetterPosted {
  by: string;
  kind: LetterKind;
}

export interface LetterResend {
  by: string;
  kind: LetterKind;
  /** `mail` again (the address was corrected, or the mailbox has room again), or `post` instead. */
  via: 'mail' | 'post';
}

export const letterPostedUpdate = defineUpdate<CaseStatus, [LetterPosted]>('letterPosted');
export const resendLetterUpdate = defineUpdate<CaseStatus, [LetterResend]>('resendLetter');

/**
 * The case's first letter of `kind` waiting for the officer in `status` (several of a kind can wait at once:
 * one notice per recipient); refused, naming the latest one's status, when none does.
 */
export function waitingLetter(
  letters: readonly CaseLetter[],
  kind: unknown,
  status: LetterStatus,
): CaseLetter {
  const ofKind = letters.filter((l) => l.kind === kind);
  const latest = ofKind.at(-1);
  if (!latest) return refuse(`kind: the case has no ${String(kind)} letter`);
  return (
    ofKind.find((l) => l.status === status) ??
    refuse(`kind: the ${latest.kind} letter is ${latest.status}, not ${status}`)
  );
}

export function validateLetterPosted(letters: readonly CaseLetter[], input: LetterPosted): void {
  actor(input.by);
  waitingLetter(letters, input.kind, 'queued-for-post');
}

export function validateResend(letters: readonly CaseLetter[], input: LetterResend): void {
  actor(input.by);
  if (input.via !== 'mail' && input.via !== 'post') refuse('via must be mail or post');
  waitingLetter(letters, input.kind, 'undeliverable');
}

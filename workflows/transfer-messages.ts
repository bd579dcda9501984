/**
 * The messages of the transfer of processing (overdracht van de verwerking, Buurderij art. 25 lid 2), shared by
 * the workflow, the CLI and the tests: the start fields and their check (the notice period of the policy must fit
 * before the effective date), the objection signal, the officer's `posted`, the next steps and the registry entry.
 * A care file is passed to another only with the person's consent (art. 7:457 BW): whoever objects stays out.
 * Pure: the validators run in the workflow sandbox.
 */
import { defineSignal, defineUpdate } from '@temporalio/workflow';
import {
  addDays,
  amsterdamDate,
  amsterdamTime,
  endOfAmsterdamDay,
  lastWorkingDayBy,
  type ExtraHoliday,
} from '../lib/calendar';
import { computeDeadline } from '../lib/deadlines';
import { formatDuration, type Duration } from '../lib/durations';
import { parseInstant } from '../lib/instants';
import type { ProcessEntry, StartField } from '../lib/processes';
import { normaliseText } from '../lib/text';
import type { Policy } from '../policies/schema';
import type { CaseStatus, NextStep } from './case/messages';
import { actor, allOf, LINE, LONG_TEXT, refuse, text } from './case/validate';

/** What a transfer's start records (its `transfer.request`): dates are Amsterdam calendar dates. */
export interface TransferStart {
  /** The controller that takes the processing over. */
  to: string;
  /** The day the processing moves: from then on the other controller processes the files. */
  effectiveDate: string;
  reason?: string;
  /** The last day an objection keeps a file out: the day before the effective date. */
  objectBy: string;
  /** The last day the notices can go out and still leave the policy's notice period before `effectiveDate`. */
  noticesDue: string;
}

export const TRANSFER_START_FIELDS: readonly StartField[] = [
  {
    name: 'to',
    type: 'string',
    value: 'controller',
    required: true,
    description: 'the organisation (controller) that takes the processing over, as the notice names it',
    example: 'Stichting Zorg Samen',
  },
  {
    name: 'effective',
    type: 'string',
    value: 'date',
    required: true,
    description:
      "the day the processing moves to it (YYYY-MM-DD): at least the policy's notice period after the notices go out",
    example: '2027-03-01',
  },
  {
    name: 'reason',
    type: 'string',
    value: 'text',
    description: 'why the processing moves, as the notice tells the people',
    example: 'De dagbesteding in Ergens gaat over naar Stichting Zorg Samen.',
  },
];

/** The last day of the objection period when the notice goes out on `sentOn` (EU 1182/71: the day itself not counted). */
const objectionEnds = (sentOn: string, notice: Duration, holidays: readonly ExtraHoliday[]) =>
  computeDeadline(amsterdamTime(sentOn, 12), notice, holidays).dueDate;

/**
 * The transfer's own fields, checked against the policy's notice period: the notices go out today, the people
 * have the whole period to object, and the transfer takes effect the day after it ends at the earliest.
 */
export function checkTransferStart(
  input: Record<string, unknown>,
  policy: Policy,
  now = new Date(),
): TransferStart {
  allOf([
    () => text('--to', input.to, LINE),
    () => text('--effective', input.effective, { max: 10 }),
    () => text('--reason', input.reason, LONG_TEXT, false),
  ]);
  const effective = input.effective as string;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(effective))
    refuse(`--effective must be a date such as 2027-03-01, got '${effective}'`);
  try {
    parseInstant('--effective', effective);
  } catch (error) {
    refuse((error as Error).message.replace(/^Invalid input: /, ''));
  }
  const { noticeBefore } = policy.processes.transfer;
  const today = amsterdamDate(now);
  const earliest = addDays(objectionEnds(today, noticeBefore, policy.holidays), 1);
  if (effective < earliest)
    refuse(
      `--effective is ${effective}, too soon: the people must have ${formatDuration(noticeBefore, 'en')} to object (the policy's processes.transfer.noticeBefore), so the earliest possible date is ${earliest}`,
    );
  // The last day a notice can go out: step back from the day before the transfer until the period fits. A
  // weekend or holiday moves it to the working day before, never after; but not before today, as the notices go
  // out at once (a start on Christmas Day for the earliest date sends them that day).
  let lastDay = addDays(effective, -1);
  while (objectionEnds(lastDay, noticeBefore, policy.holidays) >= effective) lastDay = addDays(lastDay, -1);
  const workingDay = lastWorkingDayBy(lastDay, policy.holidays);
  const noticesDue = workingDay < today ? today : workingDay;
  return {
    to: normaliseText(input.to as string),
    effectiveDate: effective,
    ...(input.reason === undefined ? {} : { reason: normaliseText(input.reason as string) }),
    objectBy: addDays(effective, -1),
    noticesDue,
  };
}

// ----------------------------------------------------------------------------------------------------------------
// Objections (recorded by services/transfer.ts, then signalled) and the officer's update

export const OBJECTION_CHANNELS = ['e-mail', 'letter', 'phone', 'in-person'] as const;

/** An objection recorded in the database: the workflow learns its CSV line (never who), for its history. */
export const transferObjectionSignal = defineSignal<[{ line: number; by: string }]>('transferObjection');

export type PostedInput = { at: string; by: string };
export const transferPostedUpdate = defineUpdate<CaseStatus, [PostedInput]>('transferPosted');

/** What the workflow knows of the transfer: numbers and dates only. */
export interface TransferState {
  effectiveDate: string;
  objectBy: string;
  notices?: { sent: number; undeliverable: number; post: number };
  /** When the officer posted the notices for the post. */
  posted?: string;
  objections: number;
  /** The transfer list, recorded at the effective date. */
  list?: { transferred: number; excluded: number };
}

export function validatePosted(state: TransferState, input: PostedInput): void {
  allOf([() => actor(input.by), () => text('--at', input.at, { max: 40 })]);
  const at = new Date(input.at);
  if (Number.isNaN(at.getTime())) refuse('--at must be a date-time such as 2027-01-20T16:00:00+01:00');
  if (at.getTime() > new Date().getTime()) refuse(`--at is ${input.at}, which is in the future`);
  if (!state.notices?.post) refuse('posted: there are no notices for the post (yet)');
  if (state.posted) refuse(`posted: recorded already (${state.posted})`);
}

// ----------------------------------------------------------------------------------------------------------------
// Stages and next steps

export function transferStage(state: TransferState): string {
  if (state.list) return 'closing';
  if (!state.notices) return 'mailing';
  if (state.notices.post > 0 && !state.posted) return 'posting';
  return 'awaiting-objections';
}

export function transferNextStep(stage: string, reference: string): NextStep | undefined {
  switch (stage) {
    case 'mailing':
      return { step: 'transfer-mailing' };
    case 'posting':
      return {
        step: 'transfer-post',
        command: `privacyloket transfer post-letters ${reference} --out kennisgevingen.pdf`,
      };
    case 'awaiting-objections':
      return {
        step: 'transfer-objections',
        command: `privacyloket transfer objection ${reference} --line <csv line> --received <date> --how letter`,
      };
    default:
      return undefined;
  }
}

// ----------------------------------------------------------------------------------------------------------------
// The registry entry

export const TRANSFER = {
  workflow: 'transfer',
  names: { nl: 'overdracht van de verwerking', en: 'transfer of processing' },
  letters: ['transfer-notice'],
  start: {
    fields: TRANSFER_START_FIELDS,
    check: (input, policy, now) => ({ ...checkTransferStart(input, policy, now) }),
    details:
      "Every person in --csv (name, email, address, locale) is sent a notice at once: who takes over, from when, and until when to object (the policy's noticeBefore). Objections are recorded with privacyloket transfer objection; at --effective the transfer list is recorded without the objectors (art. 7:457 BW) and the case closes.",
    withoutSubject: true,
    clock: {
      received: (_request, now) => now,
      dueAt: (request) => endOfAmsterdamDay((request as unknown as TransferStart).noticesDue),
    },
  },
  verbs: {
    posted: {
      update: transferPostedUpdate,
      summary:
        'Record that the notices for the post (people without an e-mail address; privacyloket transfer post-letters) have been posted.',
      example: { at: '2027-01-20T16:00:00+01:00' },
      flags: {
        fields: [
          {
            name: 'at',
            type: 'string',
            value: 'moment',
            description: 'when they were posted (default: now)',
            example: '2027-01-20T16:00:00+01:00',
          },
        ],
        read: (v) => ({
          at: (v.at === undefined ? new Date() : parseInstant('--at', v.at as string)).toISOString(),
        }),
      },
    },
  },
} satisfies ProcessEntry;

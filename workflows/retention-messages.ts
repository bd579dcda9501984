/**
 * The retention schedule's messages (SPEC process 7): what `retention start` takes, the officer's updates beyond
 * the kit's holds (`touched`: a change to a file whose period runs from its last change), the stages' next steps,
 * and the registry entry. Pure and workflow-safe.
 */
import { defineUpdate } from '@temporalio/workflow';
import { normaliseText } from '../lib/text';
import type { ProcessEntry, StartField } from '../lib/processes';
import { retentionDeadline } from '../lib/retention';
import type { Policy, RetentionRule } from '../policies/schema';
import { at, AT, flag, MOMENT } from './case/flags';
import { KEEPING_VERBS } from './case/holds';
import type { CaseStatus, NextStep } from './case/messages';
import { actor, allOf, email, LINE, moment, refuse, text } from './case/validate';

export interface RetentionRequest {
  category: string;
  /** ISO 8601: the event the period counts from (the last change, the end of the agreement, …). */
  from: string;
  /** The organisation's own number for the dossier: never a name. */
  dossier: string;
  /** Absent for a closed case's own file (`case-file:<process>`), which Privacyloket destroys itself. */
  dataOwner?: { name: string; email: string };
}

export interface Touched {
  by: string;
  /** ISO 8601: when the file was last changed. */
  at: string;
}

export const touchedUpdate = defineUpdate<CaseStatus, [Touched]>('touched');

export const RETENTION_START_FIELDS: readonly StartField[] = [
  flag(
    'category',
    "the dossier's data category: one of the policy's retention categories (privacyloket policy check shows them)",
    {
      value: 'id',
      required: true,
      example: 'medical-record',
    },
  ),
  flag(
    'from',
    `the event the period counts from (the last change to the file, the end of the agreement, the leaving): ${MOMENT}`,
    {
      value: 'moment',
      required: true,
      example: '2026-11-30',
    },
  ),
  flag('dossier', "the organisation's own number for the dossier (never a name: it is in mail to staff)", {
    value: 'number',
    required: true,
    example: 'CL-2026-0042',
  }),
  flag('data-owner', 'who destroys the data when the time comes, and confirms it', {
    value: 'address',
    required: true,
    example: 'archief@debuurderij.example',
  }),
  flag('data-owner-name', "the data owner's name or role (default: the address)", { example: 'Archief' }),
];

/** A dossier number: letters, digits and separators, so that no name slips into staff mail. */
const DOSSIER = /^[A-Za-z0-9][A-Za-z0-9./_-]{0,39}$/;

export function checkRetentionStart(
  input: Record<string, unknown>,
  policy: Policy,
  now: Date,
): RetentionRequest {
  const request: Partial<RetentionRequest> = {};
  const categories = Object.keys(policy.retention);
  allOf([
    () => {
      text('--category', input.category, { max: 64 });
      if (!categories.includes(input.category as string))
        refuse(
          `--category must be one of the policy's retention categories: ${categories.join(', ')}; got '${String(input.category)}'`,
        );
      request.category = input.category as string;
    },
    () => void (request.from = moment('--from', input.from, now, { required: true })),
    () => {
      text('--dossier', input.dossier, { max: 40 });
      if (!DOSSIER.test(input.dossier as string))
        refuse(
          `--dossier must be a number such as CL-2026-0042 (letters, digits, . / _ -), never a name; got '${String(input.dossier)}'`,
        );
      request.dossier = input.dossier as string;
    },
    () => email('--data-owner', input['data-owner']),
    () => text('--data-owner-name', input['data-owner-name'], LINE, false),
  ]);
  const address = input['data-owner'] as string;
  const name =
    input['data-owner-name'] === undefined ? address : normaliseText(input['data-owner-name'] as string);
  return { ...(request as RetentionRequest), dataOwner: { name, email: address } };
}

/** A change to the file restarts a period that runs from its last change (art. 7:454 lid 3 BW, Jeugdwet 7.3.8). */
export function validateTouched(
  input: Touched,
  rule: RetentionRule,
  category: string,
  lastChange: string,
): void {
  allOf([() => actor(input.by), () => void moment('at', input.at, new Date(), { required: true })]);
  if (rule.from !== 'last-change')
    refuse(`touched: category ${category} counts from ${rule.from}, not from the last change to the file`);
  if (new Date(input.at) <= new Date(lastChange))
    refuse(`touched: at must be after the last change recorded (${lastChange})`);
}

/** What the officer does next in each stage of a retention schedule (codes from `templates/<locale>/case/`). */
export function retentionNextStep(stage: string, reference: string): NextStep | undefined {
  if (stage === 'keeping') return { step: 'keep' };
  if (stage === 'reviewing')
    return { step: 'review', command: `privacyloket retention hold ${reference} --reason …` };
  if (stage === 'on-hold') return { step: 'on-hold', command: `privacyloket retention release ${reference}` };
  // The destruction task is the kit's: its next step is the data owner's confirmation.
  return undefined;
}

export const RETENTION = {
  workflow: 'retention',
  names: { nl: 'bewaartermijn', en: 'retention schedule' },
  letters: [],
  start: {
    fields: RETENTION_START_FIELDS,
    check: (input, policy, now) => ({ ...checkRetentionStart(input, policy, now) }),
    details:
      "The dossier is kept until the end of its category's period, counted from --from (the end of that year for fiscal records and ID copies); the law's minimum stands over a shorter policy period. The officer is asked to review it before then, the data owner gets the destruction task on the day, and the destruction is registered. A legal hold postpones it.",
    withoutSubject: true,
    clock: {
      received: (request) => new Date((request as unknown as RetentionRequest).from),
      dueAt: (request, policy) => {
        const { category, from } = request as unknown as RetentionRequest;
        return retentionDeadline(policy.retention[category]!, new Date(from), policy.holidays).dueAt;
      },
    },
  },
  verbs: {
    touched: {
      update: touchedUpdate,
      summary:
        'Record a change to the file: a period that runs from the last change (WGBO art. 7:454 lid 3 BW, Jeugdwet 7.3.8: 20 years) starts again.',
      example: { at: '2027-03-01' },
      flags: { fields: [AT('the file was changed')], read: (v) => ({ at: at('--at', v.at) }) },
    },
    ...KEEPING_VERBS,
  },
} satisfies ProcessEntry;

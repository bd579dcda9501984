/**
 * The messages of the applicant data (sollicitatiegegevens) workflow, shared by the workflow, the CLI and the
 * tests: the start fields and their check, the consent and its withdrawal with their validators, the next step
 * and the letters. Buurderij appendix "Sollicitatiegegevens": a rejected applicant's data go at the latest four
 * weeks after the whole procedure ended; with the applicant's consent they may be kept at most one year, awaiting a
 * vacancy; a hired applicant's data go to the personnel file. Consent is evidence (AVG art. 4(11), 7(1)): when,
 * how and the very text asked; it can be withdrawn at any time, as easily as it was given (art. 7(3)).
 */
import { defineUpdate } from '@temporalio/workflow';
import { amsterdamDate, endOfAmsterdamDay } from '../lib/calendar';
import { computeDeadline, deadlineAt, type Deadline } from '../lib/deadlines';
import { formatDuration, type Duration } from '../lib/durations';
import { parseInstant } from '../lib/instants';
import { normaliseText } from '../lib/text';
import type { ProcessEntry, StartField } from '../lib/processes';
import { APPLICANT_RETENTION } from '../policies/law';
import type { ExtraHoliday } from '../lib/calendar';
import type { LetterKind, Policy } from '../policies/schema';
import type { CaseStatus, NextStep } from './case/messages';
import {
  holdUpdate,
  policyChangedUpdate,
  releaseUpdate,
  type Hold,
  type PolicyChanged,
  type Release,
} from './case/holds';
import { actor, allOf, LINE, moment, refuse, text } from './case/validate';

// ----------------------------------------------------------------------------------------------------------------
// The start

export const APPLICANT_START_FIELDS: readonly StartField[] = [
  {
    name: 'procedure-ended',
    type: 'string',
    value: 'moment',
    required: true,
    description:
      'when the whole application procedure ended for this applicant: a date (that day in Amsterdam) or a date-time with its UTC offset; the periods run from it',
    example: '2026-11-20',
  },
  {
    name: 'data-owner',
    type: 'string',
    value: 'address',
    required: true,
    description:
      'the e-mail address of who holds the application data (HR): the destruction task goes there, naming only the case',
    example: 'hr@debuurderij.example',
  },
  {
    name: 'data-owner-name',
    type: 'string',
    description: 'their name or role (default: Beheerder sollicitaties)',
    example: 'Personeelszaken',
  },
  {
    name: 'hired',
    type: 'boolean',
    description:
      'the applicant was hired: what the job needs moves to the personnel file (--keep), the rest of the application is destroyed',
    example: 'true',
  },
  {
    name: 'keep',
    type: 'list',
    value: 'category',
    required: { when: 'hired' },
    description:
      "with --hired, once per part that moves to the personnel file: the policy's staff retention category it is kept under (its period runs from leaving)",
    example: 'staff',
  },
];

/** A part of a hired applicant's data that moves to the personnel file, under a staff retention category. */
export interface MovedPart {
  category: string;
  /** The category as the policy names it (Dutch), for the task and the register. */
  label: string;
}

export interface ApplicantRequest {
  procedureEndedAt: string;
  dataOwner: { name: string; email: string };
  hired: boolean;
  moved: MovedPart[];
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

function email(field: string, value: unknown): void {
  text(field, value, { max: 254 });
  if (!EMAIL.test(value as string)) refuse(`${field} must be an e-mail address`);
}

/** The applicant's own fields of a start; a procedure that ends in the future is refused, naming the flag. */
export function checkApplicantStart(
  input: Record<string, unknown>,
  policy: Pick<Policy, 'retention'>,
  now: Date,
): ApplicantRequest {
  let ended: string | undefined;
  const hired = input.hired === true;
  const keep = input.keep as string[] | undefined;
  // Buurderij "Gegevens van personeel": only what the personnel file keeps, each under its own staff period.
  const staff = Object.keys(policy.retention).filter((category) => policy.retention[category]!.personnelFile);
  allOf([
    () => void (ended = moment('--procedure-ended', input['procedure-ended'], now, { required: true })),
    () => email('--data-owner', input['data-owner']),
    () => text('--data-owner-name', input['data-owner-name'], LINE, false),
    () => {
      if (input.hired !== undefined && typeof input.hired !== 'boolean')
        refuse('--hired must be true or false');
    },
    () => {
      if (!hired) {
        if (keep !== undefined) refuse('--keep needs --hired: only a hired applicant has a personnel file');
        return;
      }
      if (!Array.isArray(keep) || keep.length === 0)
        refuse(
          '--keep must name, with --hired, each part that moves to the personnel file by its staff retention category',
        );
      const others = keep.filter((category) => !staff.includes(category));
      if (others.length > 0)
        refuse(
          `--keep ${others.join(', ')} ${others.length > 1 ? 'are not staff retention categories' : 'is not a staff retention category'} of the policy (what moves to the personnel file); ${staff.length > 0 ? `its staff categories are ${staff.join(', ')}` : 'it has none'}`,
        );
      if (new Set(keep).size !== keep.length) refuse('--keep names a category twice');
    },
  ]);
  return {
    procedureEndedAt: ended!,
    dataOwner: {
      name: normaliseText((input['data-owner-name'] as string | undefined) ?? 'Beheerder sollicitaties'),
      email: input['data-owner'] as string,
    },
    hired,
    moved: hired ? keep!.map((category) => ({ category, label: policy.retention[category]!.label })) : [],
  };
}

// ----------------------------------------------------------------------------------------------------------------
// Consent and its withdrawal

export const CONSENT_CHANNELS = ['e-mail', 'letter', 'form'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];
/** Art. 7(3): withdrawing is as easy as giving, so it may come in any way at all. */
export const WITHDRAWAL_CHANNELS = [...CONSENT_CHANNELS, 'phone', 'in-person'] as const;

/** A consent text may be a page long: it is kept verbatim as the evidence of what was asked. */
const CONSENT_TEXT = { max: 10000, multiline: true };

export interface Consent {
  by: string;
  /** When the applicant gave it (ISO 8601). */
  given: string;
  how: ConsentChannel;
  /** The text the applicant was shown and agreed to, verbatim (art. 7(1): the controller must be able to show it). */
  text: string;
  /** Until when the data may be kept; absent: the policy's period with consent after the procedure ended. */
  until?: string;
}

export interface ConsentRequest {
  by: string;
}

export interface Withdrawal {
  by: string;
  /** When the withdrawal came in (ISO 8601). */
  received: string;
  how: (typeof WITHDRAWAL_CHANNELS)[number];
}

/** The applicant's own state, carried from run to run. */
export interface ApplicantState {
  consent?: Consent & { until: string };
  /** When consent was asked by letter (ISO 8601), each time. */
  asked?: string[];
  /** `recordedAt`: when the officer recorded it; the destruction is due from then (art. 7(3), 17(1)(b)). */
  withdrawal?: Withdrawal & { recordedAt: string };
}

export interface ApplicantSettings {
  period: Duration;
  withConsent: Duration;
  source: string;
}

export const consentUpdate = defineUpdate<CaseStatus, [Consent]>('consent');
export const askConsentUpdate = defineUpdate<CaseStatus, [ConsentRequest]>('askConsent');
export const withdrawConsentUpdate = defineUpdate<CaseStatus, [Withdrawal]>('withdrawConsent');

/** The 4 weeks without consent (the policy's, never longer than the AP's). */
export function withoutConsentDue(
  ended: Date,
  settings: ApplicantSettings,
  holidays: readonly ExtraHoliday[],
) {
  return shorter(ended, settings.period, APPLICANT_RETENTION.withoutConsent, settings.source, holidays);
}

/** The longest keeping with consent: the policy's period, never beyond the AP's year. */
export function consentLimit(ended: Date, settings: ApplicantSettings, holidays: readonly ExtraHoliday[]) {
  return shorter(ended, settings.withConsent, APPLICANT_RETENTION.withConsent, settings.source, holidays);
}

function shorter(
  ended: Date,
  own: Duration,
  law: { period: Duration; source: string },
  source: string,
  holidays: readonly ExtraHoliday[],
): { deadline: Deadline; limit: string } {
  const policy = computeDeadline(ended, own, holidays);
  const legal = computeDeadline(ended, law.period, holidays);
  return legal.dueAt < policy.dueAt
    ? { deadline: legal, limit: `${formatDuration(law.period, 'en')} (${law.source})` }
    : { deadline: policy, limit: `${formatDuration(own, 'en')} (the policy: ${source})` };
}

/** The keeping consent allows: to the end of `--until`'s day, or the limit. */
export function consentDue(input: Pick<Consent, 'until'>, ended: Date, limit: Deadline): Deadline {
  return input.until === undefined
    ? limit
    : deadlineAt(ended, endOfAmsterdamDay(amsterdamDate(parseInstant('--until', input.until))));
}

/** Until when consent keeps the data: the day consented to, never beyond the limit as the policy reads now. */
export function consentKeeps(
  consent: Pick<Consent, 'until'>,
  ended: Date,
  settings: ApplicantSettings,
  holidays: readonly ExtraHoliday[],
): Deadline {
  const limit = consentLimit(ended, settings, holidays).deadline;
  const until = consentDue(consent, ended, limit);
  return until.dueAt < limit.dueAt ? until : limit;
}

/** The day the data go, from what is recorded and the policy as it reads now; never before the four weeks. */
export function applicantDue(
  state: ApplicantState,
  ended: Date,
  settings: ApplicantSettings,
  holidays: readonly ExtraHoliday[],
): Deadline {
  const fourWeeks = withoutConsentDue(ended, settings, holidays).deadline;
  if (state.withdrawal) {
    const withdrawn = new Date(state.withdrawal.recordedAt);
    return withdrawn > fourWeeks.dueAt ? deadlineAt(ended, withdrawn) : fourWeeks;
  }
  return state.consent ? consentKeeps(state.consent, ended, settings, holidays) : fourWeeks;
}

/** Where the case stands, for the validators: what can still change. */
export interface Standing {
  request: ApplicantRequest;
  state: ApplicantState;
  settings: ApplicantSettings;
  holidays: readonly ExtraHoliday[];
  /** The destruction task has gone out: nothing about keeping changes any more. */
  destroying: boolean;
}

function stillKept({ request, state, destroying }: Standing, what: string): void {
  if (request.hired)
    refuse(`${what}: the applicant was hired; what the job needs moves to the personnel file`);
  if (state.withdrawal)
    refuse(`${what}: consent was withdrawn on ${amsterdamDate(new Date(state.withdrawal.received))}`);
  if (destroying) refuse(`${what}: the destruction task has gone out`);
}

export function validateConsent(input: Consent, standing: Standing, now: Date): void {
  stillKept(standing, 'consent');
  const ended = new Date(standing.request.procedureEndedAt);
  allOf([
    () => actor(input.by),
    () => void moment('--given', input.given, now, { required: true }),
    () => {
      if (!CONSENT_CHANNELS.includes(input.how))
        refuse(`--how must be one of ${CONSENT_CHANNELS.join(', ')}: how the consent was given`);
    },
    () => text('--text-file', input.text, CONSENT_TEXT),
    () => {
      const until = moment('--until', input.until, now, { future: true });
      if (until === undefined) return;
      const { deadline, limit } = consentLimit(ended, standing.settings, standing.holidays);
      if (consentDue(input, ended, deadline).dueAt > deadline.dueAt)
        refuse(
          `--until is ${input.until}, beyond ${amsterdamDate(deadline.dueAt)}: consent keeps an applicant's data at most ${limit} after the procedure ended`,
        );
    },
  ]);
}

export function validateAskConsent(input: ConsentRequest, standing: Standing): void {
  actor(input.by);
  stillKept(standing, 'ask-consent');
  if (standing.state.consent) refuse('ask-consent: consent is already recorded');
}

export function validateWithdrawal(input: Withdrawal, standing: Standing, now: Date): void {
  const { state, destroying } = standing;
  if (!state.consent) refuse('withdraw-consent: no consent is recorded; without it the 4 weeks stand');
  if (state.withdrawal) refuse('withdraw-consent: consent has already been withdrawn');
  if (destroying) refuse('withdraw-consent: the destruction task has already gone out');
  allOf([
    () => actor(input.by),
    () => {
      const received = moment('--received', input.received, now, { required: true })!;
      if (received < state.consent!.given)
        refuse(`--received is ${input.received}, before the consent was given`);
    },
    () => {
      if (!(WITHDRAWAL_CHANNELS as readonly string[]).includes(input.how))
        refuse(`--how must be one of ${WITHDRAWAL_CHANNELS.join(', ')}: how the withdrawal came in`);
    },
  ]);
}

// ----------------------------------------------------------------------------------------------------------------
// Next step, letters and the registry entry

export function applicantNextStep(
  stage: string,
  reference: string,
  due: string,
  consented: boolean,
): NextStep | undefined {
  if (stage === 'keeping' && consented)
    return {
      step: 'applicant-keep-consented',
      date: due,
      command: `privacyloket applicant withdraw-consent ${reference}`,
    };
  if (stage === 'keeping')
    return { step: 'applicant-keep', date: due, command: `privacyloket applicant ask-consent ${reference}` };
  if (stage === 'on-hold') return { step: 'on-hold', command: `privacyloket applicant release ${reference}` };
  return undefined;
}

export const APPLICANT_LETTERS = [
  'applicant-consent-request',
  'applicant-withdrawal-confirmation',
] as const satisfies readonly LetterKind[];

/** A moment typed after a flag, as the update takes it (ISO 8601): a date is that day in Amsterdam. */
const instant = (flag: string, value: unknown) => parseInstant(flag, value as string).toISOString();

const flag = (name: string, description: string, extra: Partial<StartField> = {}): StartField => ({
  name,
  type: 'string',
  value: 'text',
  description,
  ...extra,
});

/** The applicant in the process registry (`lib/processes.ts`). */
export const APPLICANT = {
  workflow: 'applicant',
  names: { nl: 'sollicitatiegegevens', en: 'applicant data' },
  period: APPLICANT_RETENTION.withoutConsent.period,
  letters: APPLICANT_LETTERS,
  start: {
    fields: APPLICANT_START_FIELDS,
    check: (input, policy, now) => ({ ...checkApplicantStart(input, policy, now) }),
    details:
      "The application data are destroyed the policy's period after the procedure ended (4 weeks) unless the applicant consents to keeping them longer (privacyloket applicant consent, at most a year); the data owner gets the destruction task, naming only the case, and confirms who, when and how; the destruction register records it.",
    clock: {
      received: (request) => new Date((request as unknown as ApplicantRequest).procedureEndedAt),
      dueAt: (request, policy) =>
        withoutConsentDue(
          new Date((request as unknown as ApplicantRequest).procedureEndedAt),
          policy.processes.applicant,
          policy.holidays,
        ).deadline.dueAt,
    },
  },
  verbs: {
    'ask-consent': {
      update: askConsentUpdate,
      summary:
        "Send the applicant the letter asking consent to keep their data awaiting a vacancy (at most the policy's period after the procedure, art. 7): refusing has no consequences, and it can be withdrawn at any time.",
      example: {},
      flags: { fields: [], read: () => ({}) },
    },
    'withdraw-consent': {
      update: withdrawConsentUpdate,
      summary:
        'Record that the applicant withdrew their consent (art. 7(3)): the data are destroyed at once (at the end of the 4 weeks when they have not yet passed); the applicant gets the confirmation once the destruction is confirmed.',
      example: { received: '2026-12-10', how: 'e-mail' },
      flags: {
        fields: [
          flag('received', 'when the withdrawal came in: a date or a date-time with its offset', {
            value: 'moment',
            required: true,
            example: '2026-12-10',
          }),
          flag('how', 'how it came in', {
            value: 'channel',
            required: true,
            values: WITHDRAWAL_CHANNELS,
            example: 'e-mail',
          }),
        ],
        read: (v) => ({ received: instant('--received', v.received), how: v.how }),
      },
    },
    hold: {
      update: holdUpdate,
      summary:
        'Record a legal hold (a dispute about the procedure, a claim): the destruction waits until it is released or its end date passes.',
      example: { reason: 'De sollicitant heeft bezwaar gemaakt tegen de afwijzing.' },
      flags: {
        fields: [
          flag('reason', 'why the data must stay', {
            required: true,
            example: 'Geschil over de procedure',
          }),
          flag('until', 'when the hold ends by itself (default: until released)', {
            value: 'moment',
            example: '2027-06-01',
          }),
        ],
        read: (v) => ({
          reason: v.reason,
          ...(v.until === undefined ? {} : { until: instant('--until', v.until) }),
        }),
      },
    },
    release: {
      update: releaseUpdate,
      summary: 'Release the legal hold in force: the destruction goes on (at once when its date has passed).',
      example: { note: 'Geschil geschikt.' },
      flags: {
        fields: [flag('note', 'why it is released', { example: 'Geschil geschikt.' })],
        read: (v) => (v.note === undefined ? {} : { note: v.note }),
      },
    },
    'policy-changed': {
      update: policyChangedUpdate,
      summary: 'Have the case read its policy again at once (after the policy file changed).',
      example: {},
      flags: { fields: [], read: () => ({}) },
    },
  },
} satisfies ProcessEntry;

export type { Hold, PolicyChanged, Release };

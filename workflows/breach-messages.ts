/**
 * The messages of the data breach (datalek) workflow, shared by the workflow, the CLI and the tests: the start
 * fields, the officer's updates (awareness, assessment, decision, the AP notification and its follow-ups, the
 * people, the letter, an art. 34(3) exception, closing) with their validators, the next steps and the registry
 * entry. AVG art. 33 and 34; EDPB Guidelines 9/2022 on awareness and risk. Validators run in the workflow sandbox:
 * pure, and refusing with one sentence that names the flag.
 */
import type { UpdateDefinition } from '@temporalio/common';
import { defineUpdate } from '@temporalio/workflow';
import { ASSESSMENT_KEYS, EXAMPLE_ASSESSMENT, parseAssessment } from '../lib/breach/assessment';
import { recommend } from '../lib/breach/recommend';
import type {
  Assessment,
  BreachRecords,
  BreachStart,
  Recommendation,
  SubjectLetter,
} from '../lib/breach/types';
import { computeDeadline } from '../lib/deadlines';
import type { ProcessEntry, StartField } from '../lib/processes';
import { normaliseText } from '../lib/text';
import type { Policy } from '../policies/schema';
import type { Case } from './case/kit';
import type { CaseStatus, NextStep } from './case/messages';
import { at, AT, flag, given, MOMENT } from './case/flags';
import { actor, allOf, LINE, LONG_TEXT, moment, onlyKeys, refuse, text } from './case/validate';

// ----------------------------------------------------------------------------------------------------------------
// The start: the breach is logged at once (art. 33(5))

export const BREACH_START_FIELDS: readonly StartField[] = [
  {
    name: 'noticed',
    type: 'string',
    value: 'moment',
    required: true,
    description: `when the breach was first noticed (signalled): ${MOMENT}`,
    example: '2026-11-30T09:15:00+01:00',
  },
  {
    name: 'summary',
    type: 'string',
    value: 'text',
    required: true,
    description: 'what was noticed, in a few sentences (the breach log keeps it)',
    example: 'Een medewerker mailde een overzicht met cliëntgegevens naar een verkeerd adres.',
  },
  {
    name: 'aware',
    type: 'string',
    value: 'moment',
    description:
      "when the organisation became aware, with a reasonable degree of certainty that a breach happened (EDPB 9/2022): the law's 72 hours run from here (default: --noticed)",
    example: '2026-11-30T11:00:00+01:00',
  },
  {
    name: 'aware-reasons',
    type: 'string',
    value: 'text',
    required: { when: 'aware' },
    description: 'why the organisation became aware at that moment and not before',
    example: 'Na navraag bij de ontvanger stond vast dat de bijlage persoonsgegevens bevatte.',
  },
  {
    name: 'processor-informed',
    type: 'string',
    value: 'moment',
    description: 'when a processor that found the breach told the organisation (art. 33(2))',
    example: '2026-11-30T08:00:00+01:00',
  },
  {
    name: 'processor',
    type: 'string',
    value: 'name',
    required: { when: 'processor-informed' },
    description: 'the processor involved',
    example: 'Zorgsoftware B.V.',
  },
  {
    name: 'occurred',
    type: 'string',
    value: 'moment',
    description: `when the breach happened, if known: ${MOMENT}`,
    example: '2026-11-29T16:40:00+01:00',
  },
  {
    name: 'occurred-from',
    type: 'string',
    value: 'moment',
    description: 'the start of the period in which it happened (with --occurred-to)',
    example: '2026-11-20',
  },
  {
    name: 'occurred-to',
    type: 'string',
    value: 'moment',
    required: { when: 'occurred-from' },
    description: 'the end of that period',
    example: '2026-11-29',
  },
  {
    name: 'ongoing',
    type: 'boolean',
    description: 'the breach is still going on',
    example: 'true',
  },
];

/** The breach's own fields of a start (flags or an `--input` file). */
export function checkBreachStart(input: Record<string, unknown>, now = new Date()): BreachStart {
  const at: Record<string, string | undefined> = {};
  allOf([
    () => void (at.noticed = moment('--noticed', input.noticed, now, { required: true })),
    () => text('--summary', input.summary, LONG_TEXT),
    () => void (at.aware = moment('--aware', input.aware, now)),
    () => text('--aware-reasons', input['aware-reasons'], LONG_TEXT, input.aware !== undefined),
    () => void (at.processor = moment('--processor-informed', input['processor-informed'], now)),
    () => text('--processor', input.processor, LINE, input['processor-informed'] !== undefined),
    () => void (at.occurred = moment('--occurred', input.occurred, now)),
    () => void (at.from = moment('--occurred-from', input['occurred-from'], now)),
    () =>
      void (at.to = moment('--occurred-to', input['occurred-to'], now, {
        required: input['occurred-from'] !== undefined,
      })),
    () => {
      if (input.ongoing !== undefined && typeof input.ongoing !== 'boolean')
        refuse('--ongoing must be true or false');
    },
  ]);
  allOf([
    () => {
      if (at.aware && at.aware < at.noticed!)
        refuse('--aware is before --noticed: the organisation cannot be aware before anyone noticed it');
    },
    () => {
      if (at.occurred && (at.from || at.to))
        refuse('--occurred cannot go with --occurred-from and --occurred-to');
    },
    () => {
      if (at.to && !at.from) refuse('--occurred-to needs --occurred-from');
      if (at.from && at.to && at.to < at.from) refuse('--occurred-to is before --occurred-from');
    },
    () => {
      const first = at.occurred ?? at.from;
      if (first && first > at.noticed!)
        refuse('--occurred is after --noticed: it cannot be noticed before it happened');
    },
  ]);
  const optional = (key: string, value: unknown) =>
    value === undefined ? {} : { [key]: typeof value === 'string' ? normaliseText(value) : value };
  return {
    noticedAt: at.noticed!,
    summary: normaliseText(input.summary as string),
    ...optional('awareAt', at.aware),
    ...optional('awareReasons', input['aware-reasons']),
    ...optional('processorInformedAt', at.processor),
    ...optional('processor', input.processor),
    ...optional('occurredAt', at.occurred),
    ...optional('occurredFrom', at.from),
    ...optional('occurredTo', at.to),
    ongoing: input.ongoing === true,
  };
}

// ----------------------------------------------------------------------------------------------------------------
// The officer's updates

type By = { by: string };
export type AwareInput = BreachRecords['breach.aware'];
export type AssessInput = { assessment: Assessment } & By;
export type DecideInput = { notifyAuthority: boolean; notifySubjects: boolean; reasons?: string } & By;
export type NotifiedInput = { apReference: string; at: string; lateReasons?: string } & By;
export type FollowUpInput = { changes: string; at: string; apReference?: string } & By;
export type PeopleInput = BreachRecords['breach.people-imported'];
export type LetterInput = { letter: SubjectLetter } & By;
export type ExceptionInput = BreachRecords['breach.exception'];
export type CloseInput = { measures?: string } & By;
export type PostedInput = { at: string } & By;

export const breachAwareUpdate = defineUpdate<CaseStatus, [AwareInput]>('breachAware');
export const breachAssessUpdate = defineUpdate<CaseStatus, [AssessInput]>('breachAssess');
export const breachDecideUpdate = defineUpdate<CaseStatus, [DecideInput]>('breachDecide');
export const breachNotifiedUpdate = defineUpdate<CaseStatus, [NotifiedInput]>('breachNotified');
export const breachFollowUpUpdate = defineUpdate<CaseStatus, [FollowUpInput]>('breachFollowUp');
export const breachPeopleUpdate = defineUpdate<CaseStatus, [PeopleInput]>('breachPeople');
export const breachLetterUpdate = defineUpdate<CaseStatus, [LetterInput]>('breachApproveLetter');
export const breachExceptionUpdate = defineUpdate<CaseStatus, [ExceptionInput]>('breachException');
export const breachCloseUpdate = defineUpdate<CaseStatus, [CloseInput]>('breachClose');
export const breachPostedUpdate = defineUpdate<CaseStatus, [PostedInput]>('breachPosted');

export const EXCEPTION_GROUNDS = ['encrypted', 'risk-removed', 'disproportionate'] as const;

/** What the workflow knows of the breach; the validators read it, the status shows it. */
export interface BreachState {
  noticedAt: string;
  awareAt: string;
  /** The law's deadline: 72 hours from awareness (art. 33(1)). */
  legalDueAt: string;
  /** The policy's stricter deadline, from when it was noticed (Werk op Maat), when the policy has one. */
  internalDueAt?: string;
  assessments: number;
  recommendation?: Recommendation;
  decision?: Omit<BreachRecords['breach.decided'], 'recommendation'>;
  notifications: { number: number; apReference: string; at: string; late: boolean }[];
  people?: { count: number; byMail: number; byPost: number };
  letterApproved: boolean;
  /** When the letters to the people are due (art. 34(1) "without undue delay", the policy's period). */
  lettersDueAt?: string;
  exception?: (typeof EXCEPTION_GROUNDS)[number];
  letters?: BreachRecords['breach.letters-sent'];
  /** When the officer posted the letters for the post. */
  posted?: string;
  closing: boolean;
}

const open = (state: BreachState, what: string) => {
  if (state.closing) refuse(`${what}: the breach is closed`);
};
const notBefore = (field: string, at: string, earliest: string, what: string) => {
  if (at < earliest) refuse(`${field} is before ${what}`);
};
/** An instant from an update (the CLI sends ISO 8601), not in the future of the workflow's clock. */
function instant(field: string, value: unknown): void {
  text(field, value, { max: 40 });
  const at = new Date(value as string);
  if (Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(value as string))
    refuse(`${field} must be a date-time such as 2026-11-30T09:15:00+01:00`);
  // In a validator `new Date()` is the workflow's own clock: deterministic, and the test server's in tests.
  if (at.getTime() > new Date().getTime()) refuse(`${field} is ${value as string}, which is in the future`);
}
const iso = (value: string) => new Date(value).toISOString();

export function validateAware(state: BreachState, input: AwareInput): void {
  open(state, 'aware');
  allOf([() => actor(input.by), () => instant('--at', input.at), () => text('--reasons', input.reasons)]);
  notBefore('--at', iso(input.at), state.noticedAt, 'the moment the breach was noticed');
  if (state.notifications.length > 0)
    refuse('aware: the AP has been notified already, with the moment of awareness then recorded');
}

export function validateAssess(state: BreachState, input: AssessInput): void {
  open(state, 'assess');
  actor(input.by);
  try {
    parseAssessment(input.assessment);
  } catch (error) {
    refuse((error as Error).message.replace(/^Invalid input: /, ''));
  }
}

export function validateDecide(state: BreachState, input: DecideInput): void {
  open(state, 'decide');
  actor(input.by);
  if (!state.recommendation) refuse('decide: assess the breach first (privacyloket breach assess)');
  allOf(
    (['notifyAuthority', 'notifySubjects'] as const).map((key) => () => {
      if (typeof input[key] !== 'boolean')
        refuse(`--${key === 'notifyAuthority' ? 'notify-authority' : 'notify-subjects'} must be yes or no`);
    }),
  );
  const against = departs(state.recommendation, input);
  if (against.length > 0 && input.reasons === undefined)
    refuse(
      `--reasons: the decision departs from the recommendation (${against.join(', ')}): give the reasons`,
    );
  text('--reasons', input.reasons, LONG_TEXT, false);
  if (state.decision?.notifySubjects && !input.notifySubjects && (state.letterApproved || state.people))
    refuse(
      'decide: the letters to the people are prepared already; record an exception instead (breach exception)',
    );
  if (state.notifications.length > 0 && !input.notifyAuthority)
    refuse('--notify-authority: the AP has been notified already');
}

/** Where a decision departs from the recommendation, as the officer's flags name it. */
export function departs(
  recommendation: Recommendation,
  input: Pick<DecideInput, 'notifyAuthority' | 'notifySubjects'>,
) {
  return [
    ...(recommendation.notifyAuthority !== input.notifyAuthority ? ['notify-authority'] : []),
    ...(recommendation.notifySubjects !== input.notifySubjects ? ['notify-subjects'] : []),
  ];
}

export function validateNotified(state: BreachState, input: NotifiedInput): void {
  open(state, 'notified');
  allOf([
    () => actor(input.by),
    () => text('--ap-reference', input.apReference, { max: 60 }),
    () => instant('--at', input.at),
    () => text('--late-reasons', input.lateReasons, LONG_TEXT, false),
  ]);
  if (!state.decision?.notifyAuthority)
    refuse(
      'notified: record the decision to notify the AP first (privacyloket breach decide --notify-authority yes)',
    );
  if (state.notifications.length > 0)
    refuse(
      `notified: the AP was notified already (${state.notifications[0]!.apReference}); use breach follow-up`,
    );
  notBefore('--at', iso(input.at), state.noticedAt, 'the moment the breach was noticed');
  if (iso(input.at) > state.legalDueAt && input.lateReasons === undefined)
    refuse(
      `--late-reasons: the notification is after the 72 hours of AVG art. 33(1) (due ${state.legalDueAt}): state the reasons for the delay`,
    );
}

export function validateFollowUp(state: BreachState, input: FollowUpInput): void {
  open(state, 'follow-up');
  allOf([
    () => actor(input.by),
    () => text('--changes', input.changes),
    () => instant('--at', input.at),
    () => text('--ap-reference', input.apReference, { max: 60 }, false),
  ]);
  if (state.notifications.length === 0)
    refuse('follow-up: the AP has not been notified yet (privacyloket breach notified)');
  notBefore('--at', iso(input.at), state.notifications.at(-1)!.at, 'the previous notification');
}

export function validatePeople(state: BreachState, input: PeopleInput): void {
  open(state, 'people');
  actor(input.by);
  if (!state.decision?.notifySubjects)
    refuse(
      'people: record the decision to tell the people first (privacyloket breach decide --notify-subjects yes)',
    );
  if (state.exception) refuse(`people: an exception of art. 34(3) is recorded (${state.exception})`);
  if (state.people)
    refuse(`people: ${state.people.count} people are imported already; they are imported once`);
  const counts = [input.count, input.byMail, input.byPost];
  if (
    !counts.every((n) => Number.isInteger(n) && n >= 0) ||
    input.count !== input.byMail + input.byPost ||
    input.count === 0
  )
    refuse('people: the counts do not add up');
}

export function validateLetter(state: BreachState, input: LetterInput): void {
  open(state, 'approve-letter');
  actor(input.by);
  onlyKeys('letter', input.letter, LETTER_KEYS);
  allOf(LETTER_KEYS.map((key) => () => text(`letter.${key}`, input.letter[key])));
  if (!state.decision?.notifySubjects) refuse('approve-letter: the decision is not to tell the people');
  if (state.exception) refuse(`approve-letter: an exception of art. 34(3) is recorded (${state.exception})`);
  if (!state.people) refuse('approve-letter: import the people first (privacyloket breach people --csv)');
  if (state.letterApproved) refuse('approve-letter: the letter was approved already; it is approved once');
}

export const LETTER_KEYS = [
  'nature',
  'consequences',
  'measures',
  'advice',
] as const satisfies readonly (keyof SubjectLetter)[];

export function validateException(state: BreachState, input: ExceptionInput): void {
  open(state, 'exception');
  actor(input.by);
  if (!(EXCEPTION_GROUNDS as readonly string[]).includes(input.ground))
    refuse(`--ground must be one of ${EXCEPTION_GROUNDS.join(', ')}`);
  text('--reasons', input.reasons);
  if (state.letterApproved) refuse('exception: the letters are on their way');
  if (state.exception) refuse(`exception: one is recorded already (${state.exception})`);
}

/** What must be done before the breach closes, as the officer reads it; empty when it can close. */
export function stillToDo(state: BreachState): string[] {
  const { decision } = state;
  if (!decision)
    return [state.assessments === 0 ? 'the risk assessment (breach assess)' : 'the decision (breach decide)'];
  return [
    ...(decision.notifyAuthority && state.notifications.length === 0
      ? ['the AP notification (breach notified)']
      : []),
    ...(decision.notifySubjects && !state.exception && !state.letters
      ? [
          !state.people
            ? 'the people to tell (breach people)'
            : !state.letterApproved
              ? 'the letter to the people (breach approve-letter)'
              : 'the letters to the people, on their way',
        ]
      : []),
    ...(state.letters?.post && !state.posted
      ? [`posting the ${state.letters.post} letters for the post (breach post-letters, then breach posted)`]
      : []),
  ];
}

export function validatePosted(state: BreachState, input: PostedInput): void {
  open(state, 'posted');
  allOf([() => actor(input.by), () => instant('--at', input.at)]);
  if (!state.letters?.post) refuse('posted: there are no letters for the post (yet)');
  if (state.posted) refuse(`posted: recorded already (${state.posted})`);
}

export function validateClose(state: BreachState, input: CloseInput): void {
  open(state, 'close');
  actor(input.by);
  text('--measures', input.measures, LONG_TEXT, false);
  const missing = stillToDo(state);
  if (missing.length > 0) refuse(`close: still to do: ${missing.join('; ')}`);
}

// ----------------------------------------------------------------------------------------------------------------
// Stages and next steps

export function breachStage(state: BreachState): string {
  const [first] = stillToDo(state);
  if (state.closing) return 'closing';
  if (first === undefined) return 'completing';
  if (!state.decision) return state.assessments === 0 ? 'assessing' : 'deciding';
  if (first.includes('AP')) return 'notifying-authority';
  if (!state.people) return 'importing-people';
  if (!state.letterApproved) return 'approving-letter';
  return state.letters ? 'posting' : 'mailing';
}

export function breachNextStep(stage: string, reference: string): NextStep | undefined {
  const command = (verb: string, flags = '') => `privacyloket breach ${verb} ${reference}${flags}`;
  switch (stage) {
    case 'assessing':
      return { step: 'breach-assess', command: command('assess', ' --input assessment.json') };
    case 'deciding':
      return {
        step: 'breach-decide',
        command: command('decide', ' --notify-authority yes|no --notify-subjects yes|no'),
      };
    case 'notifying-authority':
      return {
        step: 'breach-notify-authority',
        command: command('notified', ' --ap-reference <nr> --at <moment>'),
      };
    case 'importing-people':
      return { step: 'breach-import-people', command: command('people', ' --csv people.csv') };
    case 'approving-letter':
      return { step: 'breach-approve-letter', command: command('approve-letter', ' --input letter.json') };
    case 'mailing':
      return { step: 'breach-mailing' };
    case 'posting':
      return {
        step: 'breach-post',
        command: `privacyloket breach post-letters ${reference} --out brieven.pdf`,
      };
    case 'completing':
      return { step: 'breach-close', command: command('close', ' --measures <text>') };
    default:
      return undefined;
  }
}

// ----------------------------------------------------------------------------------------------------------------
// The registry entry and the CLI's reading of the officer's flags

const yesNo = (value: unknown) => (value === 'yes' ? true : value === 'no' ? false : value);
/** A moment typed after a flag, as the update takes it (ISO 8601); absent: now. */
const YES_NO = { value: 'yes|no', required: true, values: ['yes', 'no'] } as const;

export const EXAMPLE_LETTER: SubjectLetter = {
  nature:
    'Op 29 november is per vergissing een overzicht met uw naam en zorgplan naar een verkeerd e-mailadres gestuurd.',
  consequences: 'Iemand die u niet kent kan uw zorggegevens hebben gelezen.',
  measures: 'De ontvanger heeft de e-mail verwijderd en dat bevestigd; wij hebben het adresboek aangepast.',
  advice: 'Wees alert op berichten die naar uw zorg verwijzen en neem bij twijfel contact met ons op.',
};

export const BREACH = {
  workflow: 'breach',
  names: { nl: 'datalek', en: 'data breach' },
  period: { hours: 72 },
  letters: ['breach-subject-notice'],
  start: {
    fields: BREACH_START_FIELDS,
    check: (input, _policy, now) => ({ ...checkBreachStart(input, now) }),
    details:
      "It is in the log at once (AVG art. 33(5): every breach). The law's 72 hours run from when the organisation became aware (--aware, with --aware-reasons; default --noticed), the policy's stricter clock from --noticed; reminders and escalation follow until the decision on notifying is recorded.",
    withoutSubject: true,
    clock: {
      received: (request) => new Date((request as unknown as BreachStart).noticedAt),
      dueAt: (request, policy: Policy) => {
        const { noticedAt, awareAt } = request as unknown as BreachStart;
        const { period, stricterClockFrom } = policy.processes.breach;
        const from = new Date(stricterClockFrom === 'noticed' ? noticedAt : (awareAt ?? noticedAt));
        return computeDeadline(from, period, policy.holidays).dueAt;
      },
    },
  },
  decide: {
    update: breachDecideUpdate,
    summary:
      "Record the decision on notifying the AP (art. 33) and telling the people (art. 34), with its reasons; a decision against Privacyloket's recommendation needs them.",
    example: {
      'notify-authority': 'yes',
      'notify-subjects': 'no',
      reasons: 'De ontvanger heeft verwijdering bevestigd.',
    },
    flags: {
      fields: [
        flag('notify-authority', 'notify the AP (art. 33)', { ...YES_NO, example: 'yes' }),
        flag('notify-subjects', 'tell the people: the risk to them is high (art. 34)', {
          ...YES_NO,
          example: 'no',
        }),
        flag('reasons', 'why; required when the decision departs from the recommendation', {
          example: 'De ontvanger heeft verwijdering bevestigd.',
        }),
      ],
      read: (v) => ({
        notifyAuthority: yesNo(v['notify-authority']),
        notifySubjects: yesNo(v['notify-subjects']),
        ...given('reasons', v.reasons),
      }),
    },
  },
  verbs: {
    aware: {
      update: breachAwareUpdate,
      summary:
        "Record when the organisation became aware of the breach, with reasons (EDPB 9/2022): the law's 72 hours run from then (art. 33(1)).",
      example: { at: '2026-11-30T11:00:00+01:00', reasons: 'Na navraag stond vast dat het een datalek was.' },
      flags: {
        fields: [
          AT('the organisation became aware'),
          flag('reasons', 'why then and not before', {
            required: true,
            example: 'Na navraag stond vast dat het een datalek was.',
          }),
        ],
        read: (v) => ({ at: at('--at', v.at), reasons: v.reasons }),
      },
    },
    assess: {
      update: breachAssessUpdate,
      summary:
        'Record a (new version of the) risk assessment; every version is kept, and Privacyloket recommends from the latest.',
      example: EXAMPLE_ASSESSMENT as unknown as Record<string, unknown>,
      input: { keys: ASSESSMENT_KEYS, read: (file) => ({ assessment: file }) },
    },
    notified: {
      update: breachNotifiedUpdate,
      summary:
        "Record that the notification was submitted on the AP's site, with the AP's reference; after the 72 hours only with the reasons for the delay (art. 33(1)).",
      example: { 'ap-reference': 'M2026-123456', at: '2026-12-01T14:30:00+01:00' },
      flags: {
        fields: [
          flag('ap-reference', "the AP's reference for the notification", {
            value: 'nr',
            required: true,
            example: 'M2026-123456',
          }),
          AT('it was submitted'),
          flag('late-reasons', 'the reasons for the delay, when past the 72 hours', {
            example: 'De omvang was pas na forensisch onderzoek bekend.',
          }),
        ],
        read: (v) => ({
          apReference: v['ap-reference'],
          at: at('--at', v.at),
          ...given('lateReasons', v['late-reasons']),
        }),
      },
    },
    'follow-up': {
      update: breachFollowUpUpdate,
      summary:
        'Record a follow-up notification to the AP (art. 33(4)): numbered, it carries the first reference and says what changed.',
      example: { changes: 'Het aantal betrokkenen is 1.250, niet 300.', at: '2026-12-04T10:00:00+01:00' },
      flags: {
        fields: [
          flag('changes', 'what changed since the previous notification', {
            required: true,
            example: 'Het aantal betrokkenen is 1.250.',
          }),
          AT('it was submitted'),
          flag('ap-reference', "the AP's reference of this follow-up, if it gave one", {
            value: 'nr',
            example: 'M2026-123457',
          }),
        ],
        read: (v) => ({
          changes: v.changes,
          at: at('--at', v.at),
          ...given('apReference', v['ap-reference']),
        }),
      },
    },
    'approve-letter': {
      update: breachLetterUpdate,
      summary:
        'Approve the text of the personal letter to the people (art. 34(2)), once: then every letter goes out.',
      example: EXAMPLE_LETTER as unknown as Record<string, unknown>,
      input: { keys: LETTER_KEYS, read: (file) => ({ letter: file }) },
    },
    exception: {
      update: breachExceptionUpdate,
      summary:
        'Record why the people are not told despite a high risk (art. 34(3)): (a) encrypted, (b) risk removed by later measures, (c) disproportionate effort (then a public announcement).',
      example: {
        ground: 'encrypted',
        reasons: 'De laptop was volledig versleuteld; de sleutel is niet gelekt.',
      },
      flags: {
        fields: [
          flag('ground', 'the ground of art. 34(3)', {
            value: 'ground',
            required: true,
            values: EXCEPTION_GROUNDS,
            example: 'encrypted',
          }),
          flag('reasons', 'why the ground applies', {
            required: true,
            example: 'De laptop was volledig versleuteld.',
          }),
        ],
        read: (v) => ({ ground: v.ground, reasons: v.reasons }),
      },
    },
    posted: {
      update: breachPostedUpdate,
      summary:
        'Record that the letters for the post (people without an e-mail address; privacyloket breach post-letters) have been posted.',
      example: { at: '2026-12-02T16:00:00+01:00' },
      flags: {
        fields: [AT('they were posted')],
        read: (v) => ({ at: at('--at', v.at) }),
      },
    },
    close: {
      update: breachCloseUpdate,
      summary:
        'Close the breach once its duties are done, with the remedial and preventive measures for the log.',
      example: { measures: 'Adresaanvulling in de mail uitgezet; medewerkers opnieuw geïnstrueerd.' },
      flags: {
        fields: [
          flag('measures', 'remedial and preventive measures taken', {
            example: 'Adresaanvulling uitgezet.',
          }),
        ],
        read: (v) => given('measures', v.measures),
      },
    },
  },
} satisfies ProcessEntry;

// The officer's steps: each update with its validator, and what it changes in the breach's state, recorded with its
// evidence in full (the breach log and the AP document are read back from these records). The clocks and the
// mailing stay with the workflow (`breach.ts`); a step that moves a clock asks it through `clocks`.

export interface BreachClocks {
  /** Awareness moved: the clocks are set again; answers the case's deadline. */
  aware(): string;
  /** The people are to be told: their own clock starts now (once); answers its due moment. */
  tellPeople(): string;
}

export function acceptBreachSteps(kase: Case, b: BreachState, clocks: BreachClocks, locale: 'nl' | 'en') {
  const on = <I extends { by: string }, T extends keyof BreachRecords>(
    update: UpdateDefinition<CaseStatus, [I]>,
    validate: (state: BreachState, input: I) => void,
    type: T,
    apply: (input: I) => {
      note: string;
      evidence: BreachRecords[T];
      data?: Record<string, unknown>;
      dueAt?: string;
    },
  ) =>
    kase.acceptRecorded(
      update,
      (input: I) => validate(b, input),
      (input) => ({ type, ...apply(input) }),
    );

  on(breachAwareUpdate, validateAware, 'breach.aware', (input) => {
    b.awareAt = new Date(input.at).toISOString();
    return {
      dueAt: clocks.aware(),
      note: `aware since ${b.awareAt}`,
      evidence: { ...input, at: b.awareAt },
      data: { at: b.awareAt },
    };
  });

  on(breachAssessUpdate, validateAssess, 'breach.assessed', (input) => {
    const { by } = input;
    const assessment = parseAssessment(input.assessment); // its text normalised, as the log keeps it
    // In the case's language, as the log and the AP document show it; a history recorded before the case file
    // carried its locale replays in Dutch, which changes no command.
    const recommendation = recommend(assessment, locale);
    b.assessments += 1;
    b.recommendation = recommendation;
    const { notifyAuthority, notifySubjects } = recommendation;
    return {
      note: `assessment ${b.assessments}: recommended ${advice(recommendation)}`,
      evidence: { version: b.assessments, assessment, recommendation, by },
      data: { version: b.assessments, notifyAuthority, notifySubjects },
    };
  });

  on(breachDecideUpdate, validateDecide, 'breach.decided', (input) => {
    const recommendation = b.recommendation!;
    const against = departs(recommendation, input).length > 0;
    const reasons = input.reasons ?? recommendation.reasons.join(' ');
    const { notifyAuthority, notifySubjects, by } = input;
    b.decision = { notifyAuthority, notifySubjects, reasons, against, by };
    if (notifySubjects) b.lettersDueAt ??= clocks.tellPeople();
    return {
      note: `decision: ${advice(input)}${against ? ' (against the recommendation)' : ''}`,
      evidence: { ...b.decision, recommendation },
      data: { notifyAuthority, notifySubjects, against },
    };
  });

  on(breachNotifiedUpdate, validateNotified, 'breach.notified', (input) => {
    const at = new Date(input.at).toISOString();
    const late = at > b.legalDueAt;
    b.notifications.push({ number: 1, apReference: input.apReference, at, late });
    return {
      note: `AP notified (${input.apReference})${late ? ', after the 72 hours' : ''}`,
      evidence: { number: 1, ...input, at },
      data: { number: 1, at, late },
    };
  });

  on(breachFollowUpUpdate, validateFollowUp, 'breach.notified', (input) => {
    const at = new Date(input.at).toISOString();
    const number = b.notifications.length + 1;
    const apReference = input.apReference ?? b.notifications[0]!.apReference;
    b.notifications.push({ number, apReference, at, late: false });
    return {
      note: `follow-up notification ${number} to the AP`,
      evidence: { number, ...input, apReference, at },
      data: { number, at },
    };
  });

  // The import itself is recorded with the people, in one transaction (services/breach-people.ts).
  kase.accept(
    breachPeopleUpdate,
    ({ count, byMail, byPost, by }) => {
      b.people = { count, byMail, byPost };
      kase.run.note(`${count} people to tell imported (${byMail} by mail, ${byPost} by post)`, by);
    },
    (input) => validatePeople(b, input),
  );

  on(breachPostedUpdate, validatePosted, 'breach.letters-posted', (input) => {
    b.posted = new Date(input.at).toISOString();
    const count = b.letters?.post ?? 0;
    return {
      note: `${count} letters for the post posted`,
      evidence: { ...input, at: b.posted, count },
      data: { at: b.posted, count },
    };
  });

  on(breachLetterUpdate, validateLetter, 'breach.letter-approved', (input) => {
    b.letterApproved = true;
    return { note: 'letter to the people approved', evidence: input };
  });

  on(breachExceptionUpdate, validateException, 'breach.exception', (input) => {
    b.exception = input.ground;
    return {
      note: `exception of art. 34(3): ${input.ground}`,
      evidence: input,
      data: { ground: input.ground },
    };
  });

  on(breachCloseUpdate, validateClose, 'breach.closed', (input) => {
    b.closing = true;
    return { note: 'breach closed: the log entry is complete', evidence: input };
  });
}

const advice = ({ notifyAuthority, notifySubjects }: { notifyAuthority: boolean; notifySubjects: boolean }) =>
  `${notifyAuthority ? 'notify' : 'do not notify'} the AP, ${notifySubjects ? 'tell' : 'do not tell'} the people`;

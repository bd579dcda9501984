/**
 * The messages of the objection (verzet) workflow, shared by the workflow, the CLI and the tests: the request's
 * start fields, the officer's decision and its validator, the next step and the letters. AVG art. 21 and
 * Buurderij art. 24. The validator runs the law's way round: the legal basis the organisation's register gives
 * for the processing decides what an objection can do.
 */
import { LEGAL_BASES, type LegalBasis } from '../lib/legal-bases';
import { defineUpdate, type QueryDefinition } from '@temporalio/workflow';
import { ACTOR, normaliseText } from '../lib/text';
import type { ProcessEntry, StartField } from '../lib/processes';
import type { LetterKind } from '../policies/schema';
import type { CaseStatus, NextStep } from './case/messages';
import { caseStatusQuery } from './case/updates';
import { allOf, email, LINE, onlyKeys, refuse, text } from './case/validate';

// ----------------------------------------------------------------------------------------------------------------
// The request

/** The flags `privacyloket objection start` takes beyond those every case has; `--input` uses the same names. */
export const OBJECTION_START_FIELDS: readonly StartField[] = [
  {
    name: 'processing',
    type: 'string',
    description: 'the processing objected to, as the letters to the subject name it',
    example: 'het gebruik van uw foto op onze website',
  },
  {
    name: 'grounds',
    type: 'string',
    description: "the subject's particular situation (art. 21(1)); not needed with --direct-marketing",
    example: 'ik woon op een geheim adres',
  },
  {
    name: 'direct-marketing',
    description: 'the objection is to direct marketing: it stops without weighing (art. 21(2), (3))',
    example: 'true',
    type: 'boolean',
  },
  {
    name: 'restrict',
    description: 'the subject asks for restriction while the objection is assessed (art. 18(1)(d))',
    example: 'true',
    type: 'boolean',
  },
];

export interface ObjectionRequest {
  processing: string;
  /** Art. 21(1): "on grounds relating to his or her particular situation"; Buurderij 24.1 "bijzondere persoonlijke omstandigheden". */
  grounds?: string;
  directMarketing: boolean;
  /** Art. 18(1)(d): restriction while the controller verifies whether its grounds override the subject's. */
  restrict: boolean;
}

const flag = (value: unknown, name: string) => () => {
  if (value !== undefined && typeof value !== 'boolean') refuse(`${name} must be true or false`);
};

/** The objection's own fields of a start (flags or an `--input` file); the fields every case has are checked elsewhere. */
export function checkObjectionRequest(input: Record<string, unknown>): ObjectionRequest {
  const directMarketing = input['direct-marketing'] === true;
  allOf([
    () => text('--processing', input.processing, LINE),
    () => text('--grounds', input.grounds, undefined, !directMarketing),
    flag(input['direct-marketing'], '--direct-marketing'),
    flag(input.restrict, '--restrict'),
    () => {
      if (directMarketing && input.restrict === true)
        refuse('--restrict cannot go with --direct-marketing: direct marketing stops at once (art. 21(3))');
    },
  ]);
  const grounds = input.grounds === undefined ? undefined : normaliseText(input.grounds as string);
  return {
    processing: normaliseText(input.processing as string),
    ...(grounds === undefined ? {} : { grounds }),
    directMarketing,
    restrict: input.restrict === true,
  };
}

// ----------------------------------------------------------------------------------------------------------------
// The decision

/** Art. 21(1): only processing on these bases can be objected to (weighed against the subject's situation). */
export const OBJECTABLE: readonly LegalBasis[] = ['public-task', 'legitimate-interests'];

export const OBJECTION_OUTCOMES = ['stop', 'continue', 'not-applicable'] as const;
export type ObjectionOutcome = (typeof OBJECTION_OUTCOMES)[number];

export interface Party {
  name: string;
  email: string;
}

/** Art. 19: whoever received the data, reached by mail or by post. */
export interface Recipient {
  name: string;
  email?: string;
  address?: string;
}

/** Data kept after the processing stops: what, and the other legal ground it is kept on (art. 17(1)(b), 17(3)). */
export interface KeptData {
  data: string;
  ground: string;
}

export interface ObjectionDecision {
  /** Who decided for the organisation (the controller decides; the FG's advice is recorded beside it, art. 38(6)). */
  by: string;
  basis: LegalBasis;
  /** The processing serves direct marketing, as the register says (art. 21(2)): it stops whatever the basis. */
  directMarketing: boolean;
  outcome: ObjectionOutcome;
  /** Required when the objection does not stop the processing (art. 12(4)), and when the register contradicts the request. */
  reasons?: string;
  /** `continue`: the compelling legitimate grounds and how they override the subject's interests, rights and freedoms. */
  weighing?: string;
  /** `continue`: the legal claims the data are needed for (establishment, exercise or defence). */
  legalClaims?: string;
  /**
   * `stop`: what is erased (art. 17(1)(b) after consent, 17(1)(c) after an objection) and what is kept on another
   * ground; written as "de foto op de website", not "uw foto": the subject and the recipients read the same lines.
   */
  erased?: string[];
  kept?: KeptData[];
  /** `stop`: who stops the processing and confirms it (at least one). */
  dataOwners?: Party[];
  /** `stop`: who received the data and is told (art. 19); empty when nobody did. */
  recipients?: Recipient[];
}

export const OBJECTION_DECISION_FIELDS = [
  'by',
  'basis',
  'directMarketing',
  'outcome',
  'reasons',
  'weighing',
  'legalClaims',
  'erased',
  'kept',
  'dataOwners',
  'recipients',
] as const;

/** A field as the officer types it: `legalClaims` is `--legal-claims`, and `legal-claims` in an `--input` file. */
export const fieldFlag = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** The keys of `privacyloket objection decide --input decision.json` (`--by` is the officer's own flag). */
export const OBJECTION_DECISION_INPUT_KEYS = OBJECTION_DECISION_FIELDS.filter((key) => key !== 'by').map(
  (key) => fieldFlag(key).slice(2),
);

/** A decision file, keyed as the officer types the fields, in the update's own shape. */
export const decisionFromInput = (input: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(input).map(([key, value]) => [
      key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()),
      value,
    ]),
  ) as Omit<ObjectionDecision, 'by'>;

export type ObjectionStage =
  | 'acknowledging'
  | 'verifying-identity'
  | 'deciding'
  | 'awaiting-approval' // four eyes
  | 'responding' // the decision letter is written and sent
  | 'carrying-out' // the data owners stop the processing and confirm it
  | 'notifying' // recipients are told (art. 19) and the subject gets the confirmation
  | 'delivering' // a letter waits to be posted or sent again
  | 'closed';

export interface ObjectionStatus extends CaseStatus {
  stage: ObjectionStage;
}

/** The kit's status query, answered with the objection's stages. */
export const objectionStatusQuery = caseStatusQuery as QueryDefinition<ObjectionStatus>;
export const objectionDecideUpdate = defineUpdate<ObjectionStatus, [ObjectionDecision]>('decide');

function list(field: string, value: unknown, check: (at: string, item: unknown) => void): void {
  if (!Array.isArray(value)) refuse(`${field} must be a list, or [] for none`);
  if (value.length > 50) refuse(`${field} must list at most 50 items`);
  value.forEach((item, index) => check(`${field}[${index}]`, item));
}

function dataOwner(at: string, owner: unknown): void {
  onlyKeys(at, owner, ['name', 'email']);
  text(`${at}.name`, (owner as Party).name, LINE);
  email(`${at}.email`, (owner as Party).email);
}

function recipient(at: string, value: unknown): void {
  onlyKeys(at, value, ['name', 'email', 'address']);
  const { name, email: mail, address } = value as Recipient;
  text(`${at}.name`, name, LINE);
  if (mail !== undefined) email(`${at}.email`, mail);
  text(`${at}.address`, address, { max: 500, multiline: true }, mail === undefined);
}

function kept(at: string, value: unknown): void {
  onlyKeys(at, value, ['data', 'ground']);
  text(`${at}.data`, (value as KeptData).data, LINE);
  text(`${at}.ground`, (value as KeptData).ground, LINE);
}

/** Fields that belong to another outcome are refused, so the letter never states what was not decided. */
function absent(decision: ObjectionDecision, keys: (keyof ObjectionDecision)[], why: string) {
  return keys.map((key) => () => {
    if (decision[key] !== undefined) refuse(`${fieldFlag(key)} must not be given: ${why}`);
  });
}

const letterOf = (basis: LegalBasis) => 'abcdef'[LEGAL_BASES.indexOf(basis)];
const wrongOutcome = (message: string) => [() => refuse(`--outcome must be ${message}`)];

/** What the law allows for the basis and purpose the register gives (art. 21, 7(3)), as checks. */
function lawOfObjection(decision: ObjectionDecision): (() => void)[] {
  const { basis, directMarketing, outcome } = decision;
  if (!LEGAL_BASES.includes(basis) || typeof directMarketing !== 'boolean') {
    return OBJECTION_OUTCOMES.includes(outcome)
      ? []
      : wrongOutcome(`one of ${OBJECTION_OUTCOMES.join(', ')}`);
  }
  const stopping = [
    () => list('--erased', decision.erased, (at, item) => text(at, item, LINE)),
    () => list('--kept', decision.kept, kept),
    () => {
      if (Array.isArray(decision.erased) && Array.isArray(decision.kept))
        if (decision.erased.length + decision.kept.length === 0)
          refuse('--erased or --kept must say what becomes of the data: erased, or kept on another ground');
    },
    () => {
      if (!Array.isArray(decision.dataOwners) || decision.dataOwners.length === 0)
        refuse('--data-owners must name at least one data owner, who stops the processing and confirms it');
      list('--data-owners', decision.dataOwners, dataOwner);
    },
    () => list('--recipients', decision.recipients, recipient),
    ...absent(decision, ['weighing', 'legalClaims'], 'the processing stops'),
  ];
  const notStopping = absent(
    decision,
    ['erased', 'kept', 'dataOwners', 'recipients'],
    'the processing does not stop',
  );
  if (directMarketing) {
    if (outcome !== 'stop')
      return wrongOutcome('stop: an objection to direct marketing stops it, without weighing (art. 21(3))');
    return stopping;
  }
  if (basis === 'consent') {
    if (outcome !== 'stop')
      return wrongOutcome(
        'stop: an objection to processing based on consent (art. 6(1)(a)) withdraws the consent (art. 7(3))',
      );
    return stopping;
  }
  if (!OBJECTABLE.includes(basis)) {
    if (outcome !== 'not-applicable')
      return wrongOutcome(
        `not-applicable: processing based on ${basis} (art. 6(1)(${letterOf(basis)})) cannot be objected to; art. 21(1) covers only 6(1)(e) and (f)`,
      );
    return [
      () => text('--reasons', decision.reasons),
      ...notStopping,
      ...absent(decision, ['weighing', 'legalClaims'], 'no weighing applies'),
    ];
  }
  if (outcome === 'stop') return stopping;
  if (outcome !== 'continue')
    return wrongOutcome(
      `stop or continue: processing based on ${basis} (art. 6(1)(${letterOf(basis)})) can be objected to (art. 21(1))`,
    );
  return [
    () => {
      if (decision.weighing === undefined && decision.legalClaims === undefined)
        refuse(
          '--weighing must record the compelling legitimate grounds that override the interests, rights and freedoms of the subject, or --legal-claims the legal claims the data are needed for (art. 21(1)); without either the processing stops',
        );
    },
    () => text('--weighing', decision.weighing, undefined, false),
    () => text('--legal-claims', decision.legalClaims, undefined, false),
    ...notStopping,
  ];
}

/**
 * The decision's shape and its law, before the case's stage is considered: the CLI checks this before it sends
 * the update. Every problem is named in one refusal.
 */
export function checkObjectionDecision(input: ObjectionDecision, request: ObjectionRequest): void {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    refuse('the decision must be an object');
  allOf([
    ...Object.keys(input)
      .filter((key) => !(OBJECTION_DECISION_FIELDS as readonly string[]).includes(key))
      .map(
        (key) => () =>
          refuse(
            `${fieldFlag(key)} is not a field; the fields are ${OBJECTION_DECISION_FIELDS.map(fieldFlag).join(', ')}`,
          ),
      ),
    () => text('--by', input.by, ACTOR),
    () => {
      if (!LEGAL_BASES.includes(input.basis))
        refuse(
          `--basis must be the legal basis the register gives: ${LEGAL_BASES.map((b) => `${b} (6(1)(${letterOf(b)}))`).join(', ')}`,
        );
    },
    () => {
      if (typeof input.directMarketing !== 'boolean')
        refuse('--direct-marketing must be true or false: whether the processing serves direct marketing');
    },
    () => text('--reasons', input.reasons, undefined, false),
    () => {
      // The subject said direct marketing; the register says otherwise: the letter must say why.
      if (request.directMarketing && input.directMarketing === false && input.reasons === undefined)
        refuse('--reasons must say why the processing is not direct marketing, as the objection said it was');
    },
    ...lawOfObjection(input),
  ]);
}

/**
 * Art. 12(3) allows extending the period for a complex request; an objection to direct marketing is not one:
 * the processing stops at once (art. 21(3)). The kit runs this beside its own checks of an extension.
 */
export function validateObjectionExtension(request: ObjectionRequest): void {
  if (request.directMarketing)
    refuse('extension: an objection to direct marketing is not extended; it stops at once (art. 21(3))');
}

/** The processing stops: the data owners get a task, recipients a notice (art. 19), the subject a confirmation. */
export const stops = (decision: ObjectionDecision) => decision.outcome === 'stop';

/** The officer's next step in the objection's own words; the kit words the shared ones. */
export function objectionNextStep(stage: string, reference: string): NextStep | undefined {
  if (stage === 'deciding')
    return {
      step: 'objection-decide',
      command: `privacyloket objection decide ${reference} --input decision.json`,
    };
  if (stage === 'notifying') return { step: 'objection-notifying' };
  return undefined;
}

/** The letters an objection sends; the first four are shared with every request. */
export const OBJECTION_LETTERS = [
  'acknowledgement',
  'identity-request',
  'identity-not-established',
  'extension',
  'objection-decision',
  'recipient-notice',
  'objection-confirmation',
] as const satisfies readonly LetterKind[];

/** An example of `privacyloket objection decide --input decision.json`: the fields as the officer types them. */
const EXAMPLE_DECISION = {
  basis: 'legitimate-interests',
  'direct-marketing': false,
  outcome: 'stop',
  erased: ['de foto op de website'],
  kept: [{ data: 'de foto in het cliëntdossier', ground: 'bewaarplicht WGBO (artikel 7:454 BW)' }],
  'data-owners': [{ name: 'Beheerder website', email: 'web@example.nl' }],
  recipients: [{ name: 'Drukkerij De Pers', address: 'Postbus 1\n9400 AA Assen' }],
};

/** The objection in the process registry (`lib/processes.ts`). */
export const OBJECTION = {
  workflow: 'objection',
  names: { nl: 'bezwaar', en: 'objection' },
  period: { months: 1 },
  letters: OBJECTION_LETTERS,
  start: {
    fields: OBJECTION_START_FIELDS,
    check: (input) => ({ ...checkObjectionRequest(input) }),
  },
  decide: {
    update: objectionDecideUpdate,
    summary:
      'Decide on the objection by the legal basis of the processing (art. 21): stop, continue on compelling grounds or legal claims, or not applicable; when it stops, the data owners get a task and the recipients are told (art. 19).',
    example: EXAMPLE_DECISION,
    input: { keys: OBJECTION_DECISION_INPUT_KEYS, read: decisionFromInput },
  },
} satisfies ProcessEntry;

/**
 * The messages of the rectification process (correctie, aanvulling, afscherming: AVG arts. 16, 18 and 19;
 * Buurderij art. 23; Werk op Maat "Recht op aanvulling, correctie en afscherming"), shared by the workflow, the
 * CLI and the tests: what `rectification start` takes, the officer's decision per requested change, the lifting
 * of a restriction (art. 18(3)), their validators and the next step. Pure and workflow-safe.
 */
import { defineUpdate } from '@temporalio/workflow';
import type { ProcessEntry, StartField } from '../lib/processes';
import { normaliseText, textProblem, type TextRule } from '../lib/text';
import type { LetterKind } from '../policies/schema';
import type { CaseStatus, NextStep } from './case/messages';
import { EMAIL, LINE, LONG_TEXT, refuse } from './case/validate';

export const CHANGE_TYPES = ['correct', 'complete', 'restrict'] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];

/** Art. 18(1)(a)–(d): the situations in which the subject may have the processing restricted. */
export const RESTRICTION_GROUNDS = [
  'accuracy-contested', // (a) for the time it takes to verify the data's accuracy
  'unlawful', // (b) unlawful processing, and the subject wants restriction instead of erasure
  'legal-claims', // (c) no longer needed by us, but the subject needs them for legal claims
  'objection-pending', // (d) an objection (art. 21(1)) while it is weighed
] as const;
export type RestrictionGround = (typeof RESTRICTION_GROUNDS)[number];

/** One change the subject asks for; Buurderij 23.2: "het verzoek bevat de aan te brengen wijzigingen". */
export type RequestedChange =
  | { type: 'correct'; what: string; shouldBe: string }
  | { type: 'complete'; addition: string }
  | { type: 'restrict'; what: string; restrictionGround: RestrictionGround };

export type RectificationRequest = {
  /** In the order the request lists them; the officer decides on each by its number, counted from 1. */
  changes: RequestedChange[];
  /** Art. 19, second sentence: the subject asks to be told who the recipients are. */
  recipientsAsked: boolean;
};

/** The flags of `rectification start` beyond the ones every case has; `--input` uses the same names as keys. */
export const RECTIFICATION_START_FIELDS = [
  {
    name: 'wrong',
    type: 'list',
    description: 'data in the file that are wrong (art. 16), each followed by its --should-be',
    example: 'geboortedatum 12-03-1980',
  },
  {
    name: 'should-be',
    type: 'list',
    description: 'what the wrong data should be, one for each --wrong',
    example: '12-03-1981',
  },
  {
    name: 'add',
    type: 'list',
    description: 'what the subject wants added to incomplete data (art. 16)',
    example: 'Sinds mei 2026 woon ik zelfstandig.',
  },
  {
    name: 'restrict',
    type: 'list',
    description:
      'data whose processing is to be restricted (art. 18), each followed by its --restrict-ground',
    example: 'rapportage van 3 maart 2026',
  },
  {
    name: 'restrict-ground',
    type: 'list',
    description: `why, per art. 18(1): ${RESTRICTION_GROUNDS.join(', ')}`,
    example: 'accuracy-contested',
  },
  {
    name: 'ask-recipients',
    type: 'boolean',
    description: 'the subject asks to be told who received the data (art. 19, second sentence)',
    example: 'true',
  },
] as const satisfies readonly StartField[];

/** How much a requested change may say: a paragraph at most, as the letters print it. */
const CHANGE_TEXT: TextRule = { max: 1000, multiline: true };
const MAX_CHANGES = 50;

/**
 * Collects every problem of one input, so the officer hears them all at once: `done` refuses with all of them
 * in one message, each naming its field.
 */
function problems() {
  const found: string[] = [];
  return {
    add: (problem: string) => void found.push(problem),
    text(field: string, value: unknown, rule: TextRule = LONG_TEXT, required = true) {
      if (value === undefined && !required) return;
      const problem = textProblem(value, rule);
      if (problem) found.push(`${field} ${problem}`);
    },
    done() {
      if (found.length > 0) refuse(found.join('; '));
    },
  };
}

/** A flag given once or more: undefined, one text, or a list of texts (an `--input` file's JSON array). */
function texts(flag: string, value: unknown, found: ReturnType<typeof problems>): unknown[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value;
  found.add(`--${flag} must be a text or a list of texts`);
  return [];
}

/** `--wrong` for the only one, `--wrong #2` for the second of several. */
const nth = (flag: string, index: number, count: number) =>
  count > 1 ? `--${flag} #${index + 1}` : `--${flag}`;

/** Checks what `rectification start` asks beyond every case's own fields; one error names every problem. */
export function checkRectificationRequest(input: Record<string, unknown>): RectificationRequest {
  const found = problems();
  const list = (flag: string, rule: TextRule) => {
    const items = texts(flag, input[flag], found);
    items.forEach((item, index) => found.text(nth(flag, index, items.length), item, rule));
    return items.map((item) => (typeof item === 'string' ? normaliseText(item) : ''));
  };
  const wrong = list('wrong', CHANGE_TEXT);
  const shouldBe = list('should-be', CHANGE_TEXT);
  const add = list('add', CHANGE_TEXT);
  const restrict = list('restrict', CHANGE_TEXT);
  const grounds = list('restrict-ground', LINE);
  const pair = (flag: string, items: string[], partner: string, partners: string[]) => {
    if (items.length !== partners.length)
      found.add(
        `--${partner} must be given once for each --${flag} (${items.length} --${flag}, ${partners.length} --${partner})`,
      );
  };
  pair('wrong', wrong, 'should-be', shouldBe);
  pair('restrict', restrict, 'restrict-ground', grounds);
  wrong.forEach((what, index) => {
    if (what !== '' && what === shouldBe[index])
      found.add(`${nth('should-be', index, wrong.length)} is the same as what is wrong`);
  });
  grounds.forEach((ground, index) => {
    if (ground !== '' && !(RESTRICTION_GROUNDS as readonly string[]).includes(ground))
      found.add(
        `${nth('restrict-ground', index, grounds.length)} must be one of ${RESTRICTION_GROUNDS.join(', ')} (art. 18(1)(a)–(d)), got '${ground}'`,
      );
  });
  const count = wrong.length + add.length + restrict.length;
  if (count === 0)
    found.add(
      '--wrong with --should-be, --add, or --restrict with --restrict-ground: give at least one change',
    );
  if (count > MAX_CHANGES) found.add(`a request holds at most ${MAX_CHANGES} changes, got ${count}`);
  const asked = input['ask-recipients'];
  if (asked !== undefined && typeof asked !== 'boolean') found.add('--ask-recipients must be true or false');
  found.done();
  return {
    changes: [
      ...wrong.map((what, i) => ({ type: 'correct' as const, what, shouldBe: shouldBe[i]! })),
      ...add.map((addition) => ({ type: 'complete' as const, addition })),
      ...restrict.map((what, i) => ({
        type: 'restrict' as const,
        what,
        restrictionGround: grounds[i] as RestrictionGround,
      })),
    ],
    recipientsAsked: asked === true,
  };
}

// ---------------------------------------------------------------------------------------------------------------

export type RectificationStage =
  | 'acknowledging'
  | 'verifying-identity'
  | 'deciding'
  | 'awaiting-approval' // four eyes
  | 'informing' // the decision letter goes out
  | 'carrying-out' // data owners carry out each granted change and confirm it
  | 'telling-recipients' // art. 19, Buurderij 23.4
  | 'confirming' // the confirmation letter (Buurderij 23.3)
  | 'restricted' // answered; a restriction stays in force until the officer lifts it (art. 18(3))
  | 'delivering' // a letter waits to be posted or sent again
  | 'closed';

/**
 * Per requested change: `corrected`, `completed` and `restricted` grant it; `statement-added` answers a request
 * to correct a professional opinion (an impression, an assessment, a conclusion), which is not corrected, by
 * adding the subject's own statement to the file (Werk op Maat; art. 16, "by means of a supplementary
 * statement"); `refused` refuses it, with reasons and its ground.
 */
export const CHANGE_OUTCOMES = [
  'corrected',
  'completed',
  'restricted',
  'statement-added',
  'refused',
] as const;
export type ChangeOutcome = (typeof CHANGE_OUTCOMES)[number];

/** What each kind of request can become. */
const OUTCOMES_BY_TYPE: Record<ChangeType, readonly ChangeOutcome[]> = {
  correct: ['corrected', 'statement-added', 'refused'],
  complete: ['completed', 'refused'],
  restrict: ['restricted', 'refused'],
};

/**
 * The grounds for refusing a change, each cited in the letter by its own article, and the requests each fits:
 * - `accurate`: the data are accurate; art. 16 rectifies inaccurate data only;
 * - `professional-opinion`: a professional's impression, assessment or conclusion, not a fact (Werk op Maat);
 *   the letter offers to add the subject's own statement to the file;
 * - `complete`: the data are complete for the purposes they are processed for (art. 16);
 * - `not-held`: we do not process the data the request names;
 * - `no-restriction-ground`: none of the situations of art. 18(1) applies;
 * - `protection`: UAVG art. 41(1)(i), to protect the subject or the rights and freedoms of others;
 * - `manifestly-unfounded`: art. 12(5), a manifestly unfounded or excessive request.
 */
export const REFUSAL_GROUNDS = [
  'accurate',
  'professional-opinion',
  'complete',
  'not-held',
  'no-restriction-ground',
  'protection',
  'manifestly-unfounded',
] as const;
export type RefusalGround = (typeof REFUSAL_GROUNDS)[number];

const GROUNDS_BY_TYPE: Record<ChangeType, readonly RefusalGround[]> = {
  correct: ['accurate', 'professional-opinion', 'not-held', 'protection', 'manifestly-unfounded'],
  complete: ['complete', 'protection', 'manifestly-unfounded'],
  restrict: ['no-restriction-ground', 'not-held', 'protection', 'manifestly-unfounded'],
};

/** Someone the letters or task mails go to: a data owner needs an e-mail address, a recipient one of the two. */
export interface Party {
  name: string;
  email?: string;
  postalAddress?: string;
}

export interface ChangeDecision {
  /** The requested change this decides, by its number in the request (from 1). */
  change: number;
  outcome: ChangeOutcome;
  /** Why (art. 12(4)); required when refused, and for a statement: why the data are an opinion, not a fact. */
  reasons?: string;
  /** The article a refusal rests on; required when refused. */
  ground?: RefusalGround;
  /** The subject's own statement, as it is added to the file; required for `statement-added`. */
  statement?: string;
  /** Who carries the change out and confirms it (task mail without personal data); required unless refused. */
  dataOwner?: { name: string; email: string };
  /** Art. 19: those to whom the data were disclosed; each is told of the change. */
  recipients?: Party[];
  /** Art. 19, Buurderij 23.4: recipients who are not told because that proves impossible or disproportionate, and why. */
  notTold?: string;
}

export interface RectificationDecision {
  /** Who decided for the organisation (the controller decides; the FG's advice is recorded beside it). */
  by: string;
  changes: ChangeDecision[];
  /** Art. 19, second sentence: the subject asked (after the request, too) to be told who the recipients are. */
  recipientsAsked?: boolean;
}

/** The officer announces when a restriction ends; the subject is told before it is lifted (art. 18(3)). */
export interface RestrictionLift {
  by: string;
  /** The restricted change, by its number in the request. */
  change: number;
  /** The day the restriction ends (YYYY-MM-DD): after today, so the letter arrives before. */
  liftOn: string;
  /** Why it ends (accuracy verified, the objection decided, the claim settled); the letter gives it. */
  reasons: string;
}

export interface RectificationState {
  stage: RectificationStage;
  request: RectificationRequest;
  decision: RectificationDecision | null;
  /** Restrictions carried out and in force, by change number. */
  restricted: number[];
  /** Restrictions whose end the subject has been told of. */
  lifts: RestrictionLift[];
}

export const decideUpdate = defineUpdate<CaseStatus, [RectificationDecision]>('decide');
export const liftRestrictionUpdate = defineUpdate<CaseStatus, [RestrictionLift]>('liftRestriction');

const DECISION_KEYS = ['by', 'changes', 'recipientsAsked'];
const CHANGE_KEYS = [
  'change',
  'outcome',
  'reasons',
  'ground',
  'statement',
  'dataOwner',
  'recipients',
  'notTold',
];
const PARTY_KEYS = ['name', 'email', 'postalAddress'];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Unknown keys of an object from outside (a misspelt field would otherwise vanish from the case). */
function unknownKeys(field: string, value: Record<string, unknown>, keys: readonly string[]): string[] {
  return Object.keys(value)
    .filter((key) => !keys.includes(key))
    .map((key) => `${field}.${key} is not a field; the fields are ${keys.join(', ')}`);
}

function checkParty(
  field: string,
  value: unknown,
  found: ReturnType<typeof problems>,
  needsEmail: boolean,
): void {
  if (!isObject(value))
    return found.add(`${field} must be an object with a name and an e-mail or postal address`);
  unknownKeys(field, value, PARTY_KEYS).forEach(found.add);
  found.text(`${field}.name`, value.name, LINE);
  if (value.email !== undefined && (typeof value.email !== 'string' || !EMAIL.test(value.email)))
    found.add(`${field}.email must be an e-mail address`);
  found.text(`${field}.postalAddress`, value.postalAddress, { max: 500, multiline: true }, false);
  if (needsEmail && value.email === undefined)
    found.add(`${field}.email must be given: the task mail goes there`);
  if (!needsEmail && value.email === undefined && value.postalAddress === undefined)
    found.add(`${field}.email or ${field}.postalAddress must be given: the notice needs somewhere to go`);
}

/** Every problem of one change's decision, against the change the subject asked for. */
function checkChange(
  field: string,
  input: Record<string, unknown>,
  requested: RequestedChange,
  found: ReturnType<typeof problems>,
): void {
  unknownKeys(field, input, CHANGE_KEYS).forEach(found.add);
  const outcome = input.outcome as ChangeOutcome;
  const allowed = OUTCOMES_BY_TYPE[requested.type];
  if (!allowed.includes(outcome)) {
    found.add(
      `${field}.outcome must be one of ${allowed.join(', ')} for a request to ${requested.type}, got ${JSON.stringify(outcome)}`,
    );
    return;
  }
  const refused = outcome === 'refused';
  found.text(`${field}.reasons`, input.reasons, LONG_TEXT, refused || outcome === 'statement-added');
  if (refused) {
    const grounds = GROUNDS_BY_TYPE[requested.type];
    if (!grounds.includes(input.ground as RefusalGround))
      found.add(
        `${field}.ground must name the ground of refusing a request to ${requested.type}: one of ${grounds.join(', ')}`,
      );
    for (const key of ['statement', 'dataOwner', 'recipients', 'notTold'])
      if (input[key] !== undefined) found.add(`${field}.${key} must not be given: the change is refused`);
    return;
  }
  if (input.ground !== undefined)
    found.add(`${field}.ground must not be given when the outcome is ${outcome}`);
  found.text(`${field}.statement`, input.statement, LONG_TEXT, outcome === 'statement-added');
  if (outcome !== 'statement-added' && input.statement !== undefined)
    found.add(`${field}.statement must not be given when the outcome is ${outcome}`);
  checkParty(`${field}.dataOwner`, input.dataOwner, found, true);
  const recipients = input.recipients ?? [];
  if (!Array.isArray(recipients))
    found.add(`${field}.recipients must be a list (empty when nobody received the data)`);
  else if (recipients.length > MAX_CHANGES) found.add(`${field}.recipients must list at most ${MAX_CHANGES}`);
  else recipients.forEach((party, index) => checkParty(`${field}.recipients[${index}]`, party, found, false));
  found.text(`${field}.notTold`, input.notTold, LONG_TEXT, false);
}

/** The shape of a decision against the request, before the case's stage is considered: the CLI checks this too. */
export function checkRectificationDecision(
  request: RectificationRequest,
  input: RectificationDecision,
): void {
  const found = problems();
  if (!isObject(input)) return refuse('decision must be an object');
  unknownKeys('decision', input, DECISION_KEYS).forEach(found.add);
  found.text('by', input.by, { max: 100 });
  if (input.recipientsAsked !== undefined && typeof input.recipientsAsked !== 'boolean')
    found.add('recipientsAsked must be true or false');
  const count = request.changes.length;
  if (!Array.isArray(input.changes)) {
    found.add(`changes must list a decision for each of the ${count} requested changes`);
    return found.done();
  }
  const decided = new Set<number>();
  input.changes.forEach((entry: unknown, index) => {
    if (!isObject(entry)) return found.add(`changes[${index}] must be an object`);
    const number = entry.change;
    if (typeof number !== 'number' || !Number.isInteger(number) || number < 1 || number > count)
      return found.add(`changes[${index}].change must be the number of a requested change, 1 to ${count}`);
    if (decided.has(number)) return found.add(`change ${number} is decided twice`);
    decided.add(number);
    checkChange(`change ${number}`, entry, request.changes[number - 1]!, found);
  });
  const missing = request.changes.map((_, i) => i + 1).filter((number) => !decided.has(number));
  if (missing.length > 0)
    found.add(`changes must decide every requested change; missing: ${missing.join(', ')}`);
  found.done();
}

export function validateRectificationDecision(state: RectificationState, input: RectificationDecision): void {
  if (state.stage === 'acknowledging' || state.stage === 'verifying-identity')
    refuse("decision: the requester's identity has not been verified yet (art. 12(6))");
  if (state.stage === 'awaiting-approval') refuse('decision: a decision is awaiting approval');
  if (state.stage !== 'deciding') refuse('decision: the request has already been decided');
  checkRectificationDecision(state.request, input);
}

/** `today` is the Amsterdam calendar date now (YYYY-MM-DD). */
export function validateRestrictionLift(
  state: RectificationState,
  input: RestrictionLift,
  today: string,
): void {
  const found = problems();
  found.text('by', input.by, { max: 100 });
  found.text('reasons', input.reasons);
  const liftOn = input.liftOn;
  if (typeof liftOn !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(liftOn) || !isRealDate(liftOn))
    found.add(`lift-on must be a date such as 2026-12-07, got ${JSON.stringify(liftOn)}`);
  else if (liftOn <= today)
    found.add(
      `lift-on must be after today (${today}): the subject is told before the restriction is lifted (art. 18(3))`,
    );
  if (!state.restricted.includes(input.change))
    found.add(
      `change must be a restriction in force; ${state.restricted.length > 0 ? `in force: ${state.restricted.join(', ')}` : 'none is in force'}`,
    );
  else if (state.lifts.some((lift) => lift.change === input.change))
    found.add(`change ${input.change}: its lifting has already been announced`);
  found.done();
}

const isRealDate = (date: string) => new Date(`${date}T12:00:00Z`).toISOString().startsWith(date);

// ---------------------------------------------------------------------------------------------------------------

/** Art. 18(1): the point each restriction ground is under, as the letters cite it ("onder a"). */
const ART_18_1_POINT: Record<RestrictionGround, string> = {
  'accuracy-contested': 'a',
  unlawful: 'b',
  'legal-claims': 'c',
  'objection-pending': 'd',
};

/** A requested change as the letters show it: its number, and for a restriction the point of art. 18(1). */
export type LetterChange = RequestedChange & { number: number; point?: string };

const letterChange = (change: RequestedChange, index: number): LetterChange => ({
  ...change,
  number: index + 1,
  ...(change.type === 'restrict' ? { point: ART_18_1_POINT[change.restrictionGround] } : {}),
});

/** The acknowledgement's details: what was asked. */
export const acknowledgementLetter = (request: RectificationRequest) => ({
  changes: request.changes.map(letterChange),
  recipientsAsked: request.recipientsAsked,
});

/** A requested change with its decision, as the letters show it (the data owner is internal: not in a letter). */
export type DecidedChange = LetterChange &
  Pick<ChangeDecision, 'outcome' | 'reasons' | 'ground' | 'statement'>;

export function decidedChanges(
  request: RectificationRequest,
  decision: RectificationDecision,
): DecidedChange[] {
  return [...decision.changes]
    .sort((a, b) => a.change - b.change)
    .map(({ change, outcome, reasons, ground, statement }) => ({
      ...letterChange(request.changes[change - 1]!, change - 1),
      outcome,
      reasons,
      ground,
      statement,
    }));
}

/** Whether the subject asked to be told who the recipients are, in the request or later (art. 19). */
export const recipientsAsked = (request: RectificationRequest, decision: RectificationDecision) =>
  request.recipientsAsked || decision.recipientsAsked === true;

/** The decision letter's details: every change with its outcome, and what the letter must add because of them. */
export function decisionLetter(request: RectificationRequest, decision: RectificationDecision) {
  const changes = decidedChanges(request, decision);
  return {
    changes,
    /** Something is carried out: the letter says what follows (recipients told, the confirmation). */
    granted: changes.some((change) => change.outcome !== 'refused'),
    /** Something is not done as asked. */
    withheld: changes.some((change) => change.outcome === 'refused' || change.outcome === 'statement-added'),
    restricts: changes.some((change) => change.outcome === 'restricted'),
    recipientsAsked: recipientsAsked(request, decision),
  };
}

/** A recipient to be told, once, of every change it received the data of (the same party under several changes). */
export interface RecipientNotice {
  recipient: Party;
  changes: number[];
}

export function recipientNotices(decision: RectificationDecision): RecipientNotice[] {
  const notices = new Map<string, RecipientNotice>();
  for (const change of [...decision.changes].sort((a, b) => a.change - b.change)) {
    if (change.outcome === 'refused') continue;
    for (const recipient of change.recipients ?? []) {
      const key = (recipient.email ?? recipient.postalAddress ?? recipient.name).toLowerCase();
      const notice = notices.get(key) ?? { recipient, changes: [] };
      notice.changes.push(change.change);
      notices.set(key, notice);
    }
  }
  return [...notices.values()];
}

/**
 * A recipient notice's details: only the changes this recipient received the data of, and of each only what the
 * recipient needs to bring its own copy in line; never the subject's reasons or statement.
 */
export function recipientNoticeLetter(
  request: RectificationRequest,
  decision: RectificationDecision,
  notice: RecipientNotice,
) {
  const changes = decidedChanges(request, decision)
    .filter((change) => notice.changes.includes(change.number))
    .map(({ reasons: _reasons, statement: _statement, ground: _ground, ...change }) => change);
  return { changes, restricts: changes.some((change) => change.outcome === 'restricted') };
}

/**
 * The confirmation's details: what was carried out and when (`doneOn`: each change's confirmation date, by
 * number), the date of the decision letter, who was told (named when the subject asked, art. 19), who was not
 * and why, and whether a restriction now holds.
 */
export function confirmationLetter(
  request: RectificationRequest,
  decision: RectificationDecision,
  { decidedOn, doneOn }: { decidedOn: string; doneOn: Record<number, string> },
) {
  const { changes, withheld, restricts, recipientsAsked: asked } = decisionLetter(request, decision);
  const told = recipientNotices(decision).map((notice) => notice.recipient.name);
  return {
    decidedOn,
    changes: changes
      .filter((change) => change.outcome !== 'refused')
      .map((change) => ({ ...change, doneOn: doneOn[change.number] })),
    withheld,
    restricts,
    recipients: { count: told.length, ...(asked ? { names: told } : {}) },
    notTold: decision.changes.flatMap((change) =>
      change.outcome !== 'refused' && change.notTold
        ? [{ number: change.change, reasons: change.notTold }]
        : [],
    ),
  };
}

/** The letter before a restriction is lifted (art. 18(3)). */
export function restrictionLiftLetter(request: RectificationRequest, lift: RestrictionLift) {
  const change = letterChange(request.changes[lift.change - 1]!, lift.change - 1);
  return { lift: { ...change, liftOn: lift.liftOn, reasons: lift.reasons } };
}

/**
 * What a data owner is asked to do, by the change's number only (the task mail names no person and no data:
 * the owner reads the decision in the case). In Dutch, the language of the organisations' staff mail.
 */
const TASKS: Record<Exclude<ChangeOutcome, 'refused'>, string> = {
  corrected: 'de gegevens verbeteren zoals besloten',
  completed: 'de gegevens aanvullen zoals besloten',
  restricted: 'de verwerking beperken zoals besloten (alleen nog opslaan, AVG artikel 18 lid 2)',
  'statement-added': 'de verklaring van de betrokkene aan het dossier toevoegen zoals besloten',
};

export const taskAction = (change: ChangeDecision) =>
  `wijziging ${change.change} van het verzoek: ${TASKS[change.outcome as keyof typeof TASKS]}`;

/** The task on the day a restriction ends (art. 18(3)): the subject has been told. */
export const liftAction = (lift: RestrictionLift) =>
  `wijziging ${lift.change} van het verzoek: de beperking van de verwerking opheffen per ${lift.liftOn.split('-').reverse().join('-')}`;

/** The letters this process sends; the shared ones (extension, identity) come from `templates/<locale>/case/`. */
export const RECTIFICATION_LETTERS: readonly LetterKind[] = [
  'acknowledgement',
  'identity-request',
  'identity-not-established',
  'extension',
  'rectification-decision',
  'recipient-notice',
  'rectification-confirmation',
  'rectification-restriction-lift',
];

/** What the officer does next in this process's own stages; the kit words the shared ones. */
export function rectificationNextStep(state: RectificationState, reference: string): NextStep | undefined {
  switch (state.stage) {
    case 'deciding':
      return {
        step: 'rectification-decide',
        command: `privacyloket rectification decide ${reference} --input <decision.json>`,
      };
    case 'informing':
    case 'telling-recipients':
    case 'confirming':
      return { step: `rectification-${state.stage}` };
    case 'restricted': {
      // A restriction whose end is not yet announced waits for the officer; otherwise the first announced end.
      const unannounced = state.restricted.some((n) => !state.lifts.some((lift) => lift.change === n));
      const next = state.lifts
        .filter((lift) => state.restricted.includes(lift.change))
        .sort((a, b) => a.liftOn.localeCompare(b.liftOn))[0];
      return unannounced || !next
        ? {
            step: 'rectification-restricted',
            command: `privacyloket rectification lift-restriction ${reference} --input lift.json`,
          }
        : { step: 'rectification-lifting', date: `${next.liftOn}T12:00:00Z` };
    }
    default:
      return undefined;
  }
}

/** The process in the registry (`lib/processes.ts`): its workflow, names, letters, start schema and decision. */
export const RECTIFICATION = {
  workflow: 'rectificationRequest',
  names: {
    nl: 'verzoek om correctie, aanvulling of afscherming',
    en: 'request for rectification, completion or restriction',
  },
  period: { months: 1 },
  letters: RECTIFICATION_LETTERS,
  start: { fields: RECTIFICATION_START_FIELDS, check: checkRectificationRequest },
  decide: {
    update: decideUpdate,
    summary:
      'Decide on each requested change: corrected, completed, restricted, statement-added or refused (with reasons and ground), its data owner and the recipients of the data.',
    example: {
      changes: [
        {
          change: 1,
          outcome: 'corrected',
          dataOwner: { name: 'Team Dossiers', email: 'dossiers@example.nl' },
          recipients: [{ name: 'Huisartsenpraktijk De Linde', email: 'praktijk@example.nl' }],
        },
        {
          change: 2,
          outcome: 'refused',
          reasons: 'De gegevens zijn volledig voor de zorg.',
          ground: 'complete',
        },
      ],
    },
  },
  verbs: {
    'lift-restriction': {
      update: liftRestrictionUpdate,
      summary:
        'Announce the end of a restriction in force: the subject is told at once, before it is lifted (art. 18(3)); on that day its data owner lifts it.',
      example: { change: 3, liftOn: '2027-01-15', reasons: 'De juistheid van de gegevens is vastgesteld.' },
    },
  },
} satisfies ProcessEntry;

/**
 * The messages of the erasure request (verzoek tot verwijdering of vernietiging, AVG art. 17), shared by the
 * workflow, the CLI and the tests: what `erasure start` takes, the officer's decision per data category of the
 * policy and the validator that holds it to the law, the next step, and the letters. The law in short:
 * - everything is decided and carried out within the policy's period (art. 12(3); 17(1) "onverwijld");
 * - a WGBO or Jeugdwet file is destroyed within three months of the request (art. 7:455 lid 1 BW, Jeugdwet art.
 *   7.3.9) although it is kept 20 years otherwise: only keeping that is of substantial importance to someone else,
 *   or another statute, stands in the way (7:455 lid 2 BW);
 * - other legal duties to keep data do stand in the way (art. 17(3)(b)): the policy says per category whether its
 *   duty blocks erasure (fiscal records, AWR art. 52);
 * - recipients of erased data are told (art. 19).
 */
import { defineUpdate } from '@temporalio/workflow';
import { amsterdamDate } from '../lib/calendar';
import { localize, type Labelled } from '../lib/localize';
import type { Duration } from '../lib/durations';
import { normaliseText } from '../lib/text';
import type { ProcessEntry, StartField } from '../lib/processes';
import type { LetterKind, Policy, RetentionBasis, RetentionRule } from '../policies/schema';
import type { CaseStatus, NextStep } from './case/messages';
import { actor, allOf, email, LINE, LONG_TEXT, onlyKeys, refuse, text } from './case/validate';

/** Art. 7:455 lid 1 BW, Jeugdwet art. 7.3.9: "binnen drie maanden na een daartoe strekkend verzoek". */
const CARE_FILE_PERIOD: Duration = { months: 3 };

// --- The request ---------------------------------------------------------------------------------------------

/** What `erasure start` takes beyond what every case takes; an `--input` file uses the same names. */
export const ERASURE_START_FIELDS: readonly StartField[] = [
  {
    name: 'what',
    type: 'string',
    description: 'what the subject asks to have erased, in their words (the acknowledgement repeats it)',
    example: 'mijn dossier en de video-opnamen van de dagbesteding',
  },
  {
    name: 'categories',
    description:
      "the policy's data categories the request concerns, by id (comma-separated, or the flag again; in --input a JSON array); the decision may add others",
    example: 'care-data,video-memory-aid',
    type: 'list',
  },
];

export type ErasureRequest = {
  what: string;
  /** The policy's data categories the request names; the decision covers at least these. */
  categories: string[];
};

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const splitIds = (value: unknown) =>
  typeof value === 'string' ? value.split(',').map((id) => id.trim()) : [value];

/**
 * Checks `--what` and `--categories` and refuses once, naming every flag that is wrong. With the policy, each
 * named category must be one of its data categories.
 */
export function checkErasureRequest(
  input: Record<string, unknown>,
  policy?: Pick<Policy, 'retention'>,
): ErasureRequest {
  const policyCategories = policy && Object.keys(policy.retention);
  const raw = typeof input.categories === 'string' ? [input.categories] : input.categories;
  // `--categories a,b`, `--categories a --categories b`, or a JSON array.
  const categories = raw === undefined ? [] : Array.isArray(raw) ? raw.flatMap(splitIds) : raw;
  allOf([
    () => text('--what', input.what),
    () => {
      if (!Array.isArray(categories) || categories.some((id) => typeof id !== 'string'))
        refuse('--categories must be category ids, such as care-data,video-memory-aid');
      const problems = categories.flatMap((id: string) => {
        if (!ID.test(id)) return [`'${id}' is not a category id (kebab-case, such as care-data)`];
        if (policyCategories && !policyCategories.includes(id))
          return [`'${id}' is not a data category of the policy (${policyCategories.join(', ')})`];
        return [];
      });
      if (new Set(categories).size !== categories.length) problems.push('a category is named twice');
      if (problems.length > 0) refuse(`--categories: ${problems.join('; ')}`);
    },
  ]);
  return { what: normaliseText(input.what as string), categories: categories as string[] };
}

// --- The decision --------------------------------------------------------------------------------------------

export type ErasureStage =
  | 'acknowledging'
  | 'verifying-identity' // art. 12(6): erasure cannot be undone
  | 'deciding'
  | 'awaiting-approval' // four eyes
  | 'informing' // the decision letter goes out
  | 'carrying-out' // deletion tasks with the data owners, until each is confirmed
  | 'notifying-recipients' // art. 19
  | 'confirming' // the confirmation letter
  | 'delivering' // a letter waits to be posted or sent again
  | 'closed';

/** A data category of the policy, as the decision needs it. */
export interface ErasureCategory extends Labelled {
  basis: RetentionBasis;
  /** The policy's word on art. 17(3)(b): its legal duty to keep the data overrides a request to erase them. */
  blocksErasure: boolean;
}

/** The policy's retention rules as erasure categories (`policy.retention`). */
export const erasureCategories = (retention: Record<string, RetentionRule>) =>
  Object.fromEntries(
    Object.entries(retention).map(([id, { label, labelEn, basis, blocksErasure }]) => [
      id,
      { label, ...(labelEn ? { labelEn } : {}), basis, blocksErasure },
    ]),
  ) as Record<string, ErasureCategory>;

/** A WGBO or Jeugdwet file: destroyed on request (art. 7:455 BW, Jeugdwet art. 7.3.9), its retention notwithstanding. */
export const isCareFile = (category: Pick<ErasureCategory, 'basis'>) =>
  category.basis === 'wgbo' || category.basis === 'jeugdwet';

/** Whether the category's duty to keep blocks erasure: never a care file's own retention, whatever the policy says. */
const blocks = (category: ErasureCategory) => category.blocksErasure && !isCareFile(category);

/** A blocking duty the letters can cite by its basis (fiscal: AWR art. 52; identification: Wet LB 1964). */
const namesItsDuty = (category: ErasureCategory) => blocks(category) && category.basis !== 'none';

/**
 * Why data are kept despite the request, each cited in the letters by its own article:
 * - `statute`: a statute requires keeping them (art. 17(3)(b); for a care file art. 7:455 lid 2 BW, Jeugdwet art.
 *   7.3.9), the policy's blocking duty or the one the officer names in `statute`;
 * - `substantial-importance-other`: keeping a care file is of substantial importance to someone other than the
 *   subject (art. 7:455 lid 2 BW, Jeugdwet art. 7.3.9); only for care files;
 * - `legal-claims`: needed to establish, exercise or defend legal claims (art. 17(3)(e)); not for care files,
 *   which 7:455 lid 2 BW lets be kept on its two grounds only;
 * - `no-erasure-ground`: none of the grounds of art. 17(1) applies (the data are still needed for their purpose,
 *   no consent was withdrawn, no objection upheld, the processing is lawful); not for care files, which the subject
 *   may have destroyed whatever their purpose.
 */
export const KEEP_GROUNDS = [
  'statute',
  'substantial-importance-other',
  'legal-claims',
  'no-erasure-ground',
] as const;
export type KeepGround = (typeof KEEP_GROUNDS)[number];
const CARE_FILE_GROUNDS: readonly KeepGround[] = ['statute', 'substantial-importance-other'];

export const ACTIONS = ['erase', 'keep', 'partly'] as const;
export type ErasureAction = (typeof ACTIONS)[number];

/** Who carries out a deletion and confirms it; the task mail names only the case reference. */
export interface DataOwner {
  name: string;
  email: string;
}

/** The officer's decision on one data category. */
export interface CategoryDecision {
  action: ErasureAction;
  /** erase, partly: who erases and confirms. */
  dataOwner?: DataOwner;
  /** erase, partly, for a category whose duty blocks erasure: why that duty does not apply here. */
  dutyDoesNotApply?: string;
  /** partly: what is erased, and what is kept. */
  erased?: string;
  kept?: string;
  /** keep, partly: the ground, the statute it rests on where the policy names none, the reasons, until when. */
  ground?: KeepGround;
  statute?: string;
  reasons?: string;
  /** YYYY-MM-DD: when the kept data are destroyed or looked at again. */
  keepUntil?: string;
}

/** Who received erased data, told of the erasure (art. 19; Buurderij 23.4). */
export interface Recipient {
  name: string;
  email?: string;
  postalAddress?: string;
  /** The erased categories they received; all erased categories when absent. */
  categories?: string[];
}

export interface ErasureDecision {
  /** Who decided for the organisation (the controller decides; the FG's advice is recorded beside it). */
  by: string;
  /** Per data category of the policy, by its id: every category the request names, and any others concerned. */
  categories: Record<string, CategoryDecision>;
  /** Nothing about the subject is held: `categories` is then empty. */
  noData?: boolean;
  /** Required when anything is erased: who received the data, or [] when nobody did. */
  recipients?: Recipient[];
  /** Art. 19, Buurderij 23.4: why some recipients cannot be told (impossible, or disproportionate effort). */
  recipientsNotTold?: string;
}

/** What the decision is validated against: the kit's stage, the request and the policy's categories. */
export interface ErasureState {
  stage: string;
  request: ErasureRequest;
  /** The policy's data categories, by id. */
  categories: Record<string, ErasureCategory>;
}

export const OUTCOMES = ['granted', 'partly', 'refused', 'no-data'] as const;
export type ErasureOutcome = (typeof OUTCOMES)[number];

export function erasureOutcome(decision: ErasureDecision): ErasureOutcome {
  const actions = Object.values(decision.categories).map((c) => c.action);
  if (decision.noData || actions.length === 0) return 'no-data';
  if (actions.every((action) => action === 'erase')) return 'granted';
  if (actions.every((action) => action === 'keep')) return 'refused';
  return 'partly';
}

export const decideErasureUpdate = defineUpdate<CaseStatus, [ErasureDecision]>('decide');

const DECISION_KEYS = ['by', 'categories', 'noData', 'recipients', 'recipientsNotTold'] as const;
const CATEGORY_KEYS = [
  'action',
  'dataOwner',
  'dutyDoesNotApply',
  'erased',
  'kept',
  'ground',
  'statute',
  'reasons',
  'keepUntil',
] as const;
/** What each action takes; anything else is refused, so a keep-field on an erased category is not silently lost. */
const FIELDS_OF: Record<ErasureAction, readonly string[]> = {
  erase: ['action', 'dataOwner', 'dutyDoesNotApply'],
  keep: ['action', 'ground', 'statute', 'reasons', 'keepUntil'],
  partly: CATEGORY_KEYS,
};
/** A care file's own retention (art. 7:454 lid 3 BW, Jeugdwet art. 7.3.8) is no statute that blocks its destruction. */
const OWN_RETENTION = /7\s*:\s*454|7\.3\.8/;

function checkDataOwner(field: string, owner: unknown): void {
  if (owner === undefined) refuse(`${field} must name who erases the data and confirms it: { name, email }`);
  onlyKeys(field, owner, ['name', 'email']);
  const { name, email: address } = owner as DataOwner;
  allOf([() => text(`${field}.name`, name, LINE), () => email(`${field}.email`, address)]);
}

/** One category's decision against the law; `today` is the Amsterdam date of the decision. */
function checkCategory(id: string, input: CategoryDecision, category: ErasureCategory, today: string): void {
  const field = `categories.${id}`;
  onlyKeys(field, input, CATEGORY_KEYS);
  if (!ACTIONS.includes(input.action)) refuse(`${field}.action must be erase, keep or partly`);
  const careFile = isCareFile(category);
  const erases = input.action !== 'keep';
  const keeps = input.action !== 'erase';
  const checks: (() => void)[] = [];
  const stray = Object.keys(input).filter((key) => !FIELDS_OF[input.action].includes(key));
  if (stray.length > 0)
    checks.push(() =>
      refuse(
        `${stray.map((key) => `${field}.${key}`).join(', ')} must not be given when the action is ${input.action}`,
      ),
    );
  if (erases) {
    checks.push(() => checkDataOwner(`${field}.dataOwner`, input.dataOwner));
    if (blocks(category)) {
      checks.push(() => {
        if (input.dutyDoesNotApply === undefined)
          refuse(
            `${field}.dutyDoesNotApply must say why the duty to keep '${category.label}' (${category.basis}) does not apply: the policy says it blocks erasure (art. 17(3)(b))`,
          );
        text(`${field}.dutyDoesNotApply`, input.dutyDoesNotApply);
      });
    } else if (input.dutyDoesNotApply !== undefined)
      checks.push(() =>
        refuse(
          `${field}.dutyDoesNotApply must not be given: the policy names no duty that blocks its erasure`,
        ),
      );
  }
  if (input.action === 'partly')
    checks.push(
      () => text(`${field}.erased`, input.erased),
      () => text(`${field}.kept`, input.kept),
    );
  if (keeps) {
    checks.push(
      () => checkGround(field, input, category, careFile),
      () => text(`${field}.reasons`, input.reasons),
      () => checkKeepUntil(`${field}.keepUntil`, input.keepUntil, today),
    );
  }
  allOf(checks);
}

function checkGround(
  field: string,
  input: CategoryDecision,
  category: ErasureCategory,
  careFile: boolean,
): void {
  const { ground, statute } = input;
  if (!KEEP_GROUNDS.includes(ground!))
    refuse(`${field}.ground must say why the data are kept: ${KEEP_GROUNDS.join(', ')}`);
  if (careFile && !CARE_FILE_GROUNDS.includes(ground!))
    refuse(
      `${field}.ground must be substantial-importance-other or statute: a care file is destroyed on request unless keeping it is of substantial importance to someone other than the subject, or a statute requires keeping it (art. 7:455 lid 2 BW; Jeugdwet art. 7.3.9)`,
    );
  if (!careFile && ground === 'substantial-importance-other')
    refuse(
      `${field}.ground substantial-importance-other is for a care file only (art. 7:455 lid 2 BW; Jeugdwet art. 7.3.9); '${category.label}' is not one`,
    );
  if (ground !== 'statute') {
    if (statute !== undefined) refuse(`${field}.statute must not be given unless the ground is statute`);
    return;
  }
  // A blocking category's duty is the policy's (the letters cite it by its basis); any other needs the statute named.
  if (statute === undefined && !namesItsDuty(category))
    refuse(
      `${field}.statute must name the statute that requires keeping '${category.label}': the policy names no duty that blocks its erasure`,
    );
  text(`${field}.statute`, statute, LINE, !namesItsDuty(category));
  if (careFile && OWN_RETENTION.test(statute!))
    refuse(
      `${field}.statute cites the care file's own retention period (art. 7:454 lid 3 BW; Jeugdwet art. 7.3.8), which does not stand in the way of destroying it on request (art. 7:455 BW; Jeugdwet art. 7.3.9): name another statute that requires keeping it`,
    );
}

function checkKeepUntil(field: string, value: unknown, today: string): void {
  const date = typeof value === 'string' ? value : '';
  const parsed = new Date(`${date}T12:00:00Z`); // 2026-02-30 rolls over to March; 2026-13-01 is invalid
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(date) ||
    Number.isNaN(parsed.getTime()) ||
    !parsed.toISOString().startsWith(date)
  )
    refuse(`${field} must be the date until which the data are kept, such as 2032-12-31`);
  if (date <= today) refuse(`${field} is ${date}, which is not after today (${today})`);
}

function checkRecipients(decision: ErasureDecision, erased: readonly string[]): void {
  const { recipients } = decision;
  if (erased.length === 0) {
    const some = recipients !== undefined && (!Array.isArray(recipients) || recipients.length > 0);
    if (some || decision.recipientsNotTold !== undefined)
      refuse('recipients must not be given: nothing is erased, so there is nobody to tell (art. 19)');
    return;
  }
  if (!Array.isArray(recipients))
    refuse(
      'recipients must list who received the erased data, to be told (art. 19), or be [] when nobody did',
    );
  if (recipients.length > 50) refuse('recipients must list at most 50 recipients');
  allOf([
    ...recipients.map((recipient, index) => () => {
      const field = `recipients[${index}]`;
      onlyKeys(field, recipient, ['name', 'email', 'postalAddress', 'categories']);
      allOf([
        () => text(`${field}.name`, recipient.name, LINE),
        () => {
          if (recipient.email === undefined && recipient.postalAddress === undefined)
            refuse(
              `${field}.email or ${field}.postalAddress must be given: the notice needs somewhere to go`,
            );
          if (recipient.email !== undefined) email(`${field}.email`, recipient.email);
          text(`${field}.postalAddress`, recipient.postalAddress, { max: 500, multiline: true }, false);
        },
        () => {
          if (recipient.categories === undefined) return;
          const wrong = Array.isArray(recipient.categories)
            ? recipient.categories.filter((id) => !erased.includes(id))
            : ['(not a list)'];
          if (wrong.length > 0 || recipient.categories.length === 0)
            refuse(
              `${field}.categories must name erased categories (${erased.join(', ')}), got ${wrong.join(', ')}`,
            );
        },
      ]);
    }),
    () => text('recipientsNotTold', decision.recipientsNotTold, LONG_TEXT, false),
  ]);
}

/**
 * The decision against the law and the case: every category the request names is decided, each by the rules of
 * its legal duty, with reasons for whatever is kept. `now` is the workflow's time (keep-until dates lie after it).
 */
export function validateErasureDecision(state: ErasureState, input: ErasureDecision, now: Date): void {
  if (state.stage === 'acknowledging' || state.stage === 'verifying-identity')
    refuse(
      "decision: the requester's identity has not been verified yet (art. 12(6)); erasure cannot be undone",
    );
  if (state.stage === 'awaiting-approval') refuse('decision: a decision is awaiting approval');
  if (state.stage !== 'deciding') refuse('decision: the request has already been decided');
  onlyKeys('decision', input, DECISION_KEYS);
  const { categories } = input;
  if (typeof categories !== 'object' || categories === null || Array.isArray(categories))
    refuse('categories must be an object: { "<category id>": { "action": "erase", … } }');
  const ids = Object.keys(categories);
  const today = amsterdamDate(now);
  const erased = ids.filter(
    (id) => categories[id]?.action === 'erase' || categories[id]?.action === 'partly',
  );
  allOf([
    () => actor(input.by),
    () => {
      if (input.noData !== undefined && typeof input.noData !== 'boolean')
        refuse('noData must be true or false');
      if (input.noData && ids.length > 0)
        refuse('categories must be empty when noData is true: nothing about the subject is held');
      if (!input.noData && ids.length === 0)
        refuse('categories must decide on at least one data category, or noData must be true');
      const missing = input.noData ? [] : state.request.categories.filter((id) => !ids.includes(id));
      if (missing.length > 0)
        refuse(`categories must decide on every category the request names: missing ${missing.join(', ')}`);
    },
    ...ids.map((id) => () => {
      const category = state.categories[id];
      if (!category)
        refuse(
          `categories.${id} is not a data category of the policy; they are ${Object.keys(state.categories).join(', ')}`,
        );
      checkCategory(id, categories[id]!, category, today);
    }),
    () => checkRecipients(input, erased),
  ]);
}

// --- What the letters say ------------------------------------------------------------------------------------

/** A period in a letter: its end, its length, and whether it is the law's own or the organisation's. */
export interface TermDetails {
  dueDate: string;
  period: Duration;
  term: 'law' | 'policy';
}

/** The care-file period as letters show it: the law's three months (7:455 BW), or a shorter one of the policy. */
export const careFilesTerm = (period: Duration, dueDate: string): TermDetails => ({
  dueDate,
  period,
  term: JSON.stringify(period) === JSON.stringify(CARE_FILE_PERIOD) ? 'law' : 'policy',
});

export interface ErasedDetails {
  id: string;
  label: string;
  /** For a partly erased category: what is erased. */
  what?: string;
  careFile: boolean;
  basis: RetentionBasis;
  /** By when it is erased: the case's deadline, or a care file's own. */
  dueDate: string;
  /** When its data owner confirmed it erased (the confirmation letter). */
  erasedOn?: string;
}

export interface KeptDetails {
  id: string;
  label: string;
  /** For a partly erased category: what is kept. */
  what?: string;
  careFile: boolean;
  basis: RetentionBasis;
  blocksErasure: boolean;
  ground: KeepGround;
  statute?: string;
  reasons: string;
  until: string;
}

export interface ErasureLetterDetails {
  outcome: ErasureOutcome;
  erased: ErasedDetails[];
  kept: KeptDetails[];
  /** Whether a care file is erased: the letters name its period (7:455 BW). */
  careFiles?: TermDetails;
  recipients: { name: string }[];
  recipientsNotTold?: string;
}

/**
 * What the decision and confirmation letters say about a decision: per category what is erased by when, and what
 * is kept on which ground until when. `erasedOn` gives the confirmed dates, by category id.
 */
export function erasureLetterDetails(
  decision: ErasureDecision,
  categories: Record<string, ErasureCategory>,
  dates: { dueDate: string; careFiles: TermDetails; erasedOn?: Record<string, string> },
  locale: 'nl' | 'en' = 'nl',
): ErasureLetterDetails {
  const erased: ErasedDetails[] = [];
  const kept: KeptDetails[] = [];
  for (const [id, choice] of Object.entries(decision.categories)) {
    const category = categories[id]!;
    const { basis } = category;
    const label = localize(category, locale);
    const careFile = isCareFile(category);
    const partly = choice.action === 'partly';
    if (choice.action !== 'keep') {
      const dueDate = careFile ? dates.careFiles.dueDate : dates.dueDate;
      const erasedOn = dates.erasedOn?.[id];
      erased.push({
        id,
        label,
        careFile,
        basis,
        dueDate,
        ...(partly ? { what: choice.erased } : {}),
        ...(erasedOn ? { erasedOn } : {}),
      });
    }
    if (choice.action !== 'erase') {
      kept.push({
        id,
        label,
        careFile,
        basis,
        blocksErasure: blocks(category),
        ground: choice.ground!,
        reasons: choice.reasons!,
        until: choice.keepUntil!,
        ...(partly ? { what: choice.kept } : {}),
        ...(choice.statute ? { statute: choice.statute } : {}),
      });
    }
  }
  return {
    outcome: erasureOutcome(decision),
    erased,
    kept,
    ...(erased.some((item) => item.careFile) ? { careFiles: dates.careFiles } : {}),
    recipients: (decision.recipients ?? []).map(({ name }) => ({ name })),
    ...(decision.recipientsNotTold ? { recipientsNotTold: decision.recipientsNotTold } : {}),
  };
}

/** What the data owners do: one task per owner and deadline (a care file has its own, art. 7:455 BW). */
export interface DeletionPlan {
  owners: DataOwner[];
  tasks: {
    /** Index into `owners`. */
    owner: number;
    categories: string[];
    careFile: boolean;
    /** The task as its mail names it: the categories' labels, nothing about the subject. */
    action: string;
  }[];
}

export function deletionPlan(
  decision: ErasureDecision,
  categories: Record<string, ErasureCategory>,
): DeletionPlan {
  const owners: DataOwner[] = [];
  const tasks: DeletionPlan['tasks'] = [];
  for (const [id, choice] of Object.entries(decision.categories)) {
    if (!choice.dataOwner) continue;
    const email = choice.dataOwner.email.toLowerCase();
    let owner = owners.findIndex((known) => known.email.toLowerCase() === email);
    if (owner < 0) owner = owners.push(choice.dataOwner) - 1;
    const careFile = isCareFile(categories[id]!);
    let task = tasks.find((t) => t.owner === owner && t.careFile === careFile);
    if (!task) tasks.push((task = { owner, categories: [], careFile, action: '' }));
    task.categories.push(id);
  }
  for (const task of tasks) {
    // Labels are the policy's (Dutch, as the register shows them); a partial erasure is spelled out in the case.
    const what = task.categories.map((id) => {
      const partly = decision.categories[id]!.action === 'partly';
      return `${categories[id]!.label}${partly ? ' (gedeeltelijk: zie het besluit)' : ''}`;
    });
    task.action = `wissen: ${what.join('; ')}`;
  }
  return { owners, tasks };
}

/** The letters an erasure request sends; the shared ones come from `templates/<locale>/case/`. */
export const ERASURE_LETTERS = [
  'acknowledgement',
  'identity-request',
  'identity-not-established',
  'extension',
  'erasure-decision',
  'recipient-notice', // art. 19, to each recipient of erased data
  'erasure-confirmation',
] as const satisfies readonly LetterKind[];

/** The officer's next step in the erasure's own stages; the kit words the shared ones. */
export function erasureNextStep(stage: string, reference: string): NextStep | undefined {
  switch (stage) {
    case 'deciding':
      return {
        step: 'erasure-decide',
        command: `privacyloket erasure decide ${reference} --input decision.json`,
      };
    case 'carrying-out':
      return {
        step: 'erasure-erasing',
        command: `privacyloket erasure confirm-task ${reference} --task <n> --done-by <who> --at <when> --how <how>`,
      };
    case 'informing':
    case 'notifying-recipients':
    case 'confirming':
      return { step: `erasure-${stage}` };
    default:
      return undefined;
  }
}

/** An example of `erasure decide --input decision.json`: every branch of the law once. */
export const ERASURE_DECISION_EXAMPLE = {
  categories: {
    'care-data': { action: 'erase', dataOwner: { name: 'Zorgadministratie', email: 'zorg@example.nl' } },
    'financial-administration': {
      action: 'keep',
      ground: 'statute',
      reasons: 'Facturen uit 2024 vallen onder de fiscale bewaarplicht.',
      keepUntil: '2032-01-01',
    },
    'video-decision-making': {
      action: 'partly',
      erased: 'de opnamen van 2025',
      kept: 'de opname van het multidisciplinair overleg',
      ground: 'legal-claims',
      reasons: 'Er loopt een aansprakelijkheidsprocedure.',
      keepUntil: '2028-01-01',
      dataOwner: { name: 'Teamleider', email: 'team@example.nl' },
    },
  },
  recipients: [{ name: 'Huisartsenpraktijk Noord', email: 'noord@example.nl', categories: ['care-data'] }],
};

/** The erasure request in the process registry (`lib/processes.ts`). */
export const ERASURE = {
  workflow: 'erasureRequest',
  names: { nl: 'verzoek om verwijdering', en: 'erasure request' },
  period: { months: 1 },
  letters: ERASURE_LETTERS,
  start: { fields: ERASURE_START_FIELDS, check: checkErasureRequest },
  viewsLogged: true,
  decide: {
    update: decideErasureUpdate,
    summary:
      "Decide per data category of the policy: erase, keep (with its ground, reasons and until when) or partly; each erased category's data owner gets a deletion task, and the recipients (art. 19) are told.",
    example: ERASURE_DECISION_EXAMPLE,
  },
} satisfies ProcessEntry;

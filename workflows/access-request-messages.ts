/**
 * The messages of the access request workflow, shared by the workflow, the CLI and the tests: the status query,
 * the officer's updates, and their validators. A validator that throws rejects the update before it reaches the
 * workflow's history: the case is untouched and the officer gets one sentence naming the field.
 */
import { defineUpdate, type QueryDefinition } from '@temporalio/workflow';
import type { ProcessEntry } from '../lib/processes';
import type { CaseStatus, NextStep } from './case/messages';
import { caseStatusQuery, type IdentityVerification } from './case/updates';
import { actor, allOf, LINE, list, onlyKeys, refuse, text } from './case/validate';

export type AccessStage =
  | 'acknowledging'
  | 'verifying-identity'
  | 'consulting-third-parties' // art. 15(4); Buurderij 22.4, 22.6
  | 'deciding'
  | 'awaiting-approval' // four eyes
  | 'responding'
  | 'delivering' // the answer is written; a letter waits to be posted or sent again
  | 'closed';

export interface ThirdPartyViews {
  by: string;
  /** Their consent; `impossible` when hearing them is impossible or disproportionate (Buurderij 22.4). */
  consent: 'given' | 'refused' | 'impossible';
  summary: string;
}

export const OUTCOMES = ['full', 'partial', 'refused', 'no-data'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * The legal grounds for withholding anything, each cited in the letter by its own article (never only art. 23):
 * - `rights-of-others`: art. 15(4) AVG, the copy must not harm the rights and freedoms of others;
 * - `privacy-of-another`: art. 7:456 BW (WGBO), access to a care file would harm another person's privacy;
 * - `protection`: UAVG art. 41(1)(i), to protect the data subject or the rights and freedoms of others;
 * - `manifestly-unfounded`: art. 12(5) AVG, a manifestly unfounded or excessive request (refusal only).
 */
export const GROUNDS = [
  'rights-of-others',
  'privacy-of-another',
  'protection',
  'manifestly-unfounded',
] as const;
export type Ground = (typeof GROUNDS)[number];

/** Art. 15(1)(a–h) and 15(2): what the letter says beside the copy; (e) and (f), the rights, are the same for all. */
export interface Art15Elements {
  purposes: string[];
  categories: string[];
  recipients: string[];
  retention: string;
  /** (g): where the data came from, as the officer or the register says; never assumed. */
  source: string;
  /** (c): recipients in countries outside the EEA or international organisations. */
  thirdCountries?: string;
  /** 15(2): the appropriate safeguards (art. 46) for those transfers. */
  transferSafeguards?: string;
  /** (h): automated decision-making (art. 22), its logic, significance and consequences; absent: there is none. */
  automatedDecisions?: string;
  /**
   * (c), CJEU C-154/21: why the actual recipients cannot be identified (or the request for them is manifestly
   * unfounded or excessive, art. 12(5)); only then may `recipients` give the register's categories instead.
   */
  recipientsUnidentifiable?: string;
}

/** Art. 15(4), art. 7:456 BW: the officer's weighing when the answer touches other people's data. */
export interface ThirdPartyWeighing {
  weighing: string;
  /** What was left out or made unreadable; required when anything was. */
  redacted?: string;
}

export interface AccessDecision {
  by: string;
  outcome: Outcome;
  /** Why, in the officer's words (art. 12(4)); required when anything is withheld. */
  reasons?: string;
  /** The articles the withholding rests on; required when anything is withheld. */
  grounds?: Ground[];
  /** Required when data is disclosed (full or partial). */
  elements?: Art15Elements;
  /** Required when the file holds other people's data and anything is disclosed. */
  thirdParties?: ThirdPartyWeighing;
  /** The copy of the data (art. 15(3)), stored as a case document and appended to the response letter. */
  copyDocumentId?: number;
  copySha256?: string;
}

/** What the access request adds to the kit's state (`workflows/case/kit.ts`). */
export interface AccessState {
  stage: string;
  identity: IdentityVerification | null;
  thirdPartyViews: ThirdPartyViews | null;
}

export interface AccessStatus extends CaseStatus {
  stage: AccessStage;
}

/** The kit's status query, answered with the access request's stages. */
export const accessStatusQuery = caseStatusQuery as QueryDefinition<AccessStatus>;
export const recordThirdPartyViewsUpdate = defineUpdate<AccessStatus, [ThirdPartyViews]>(
  'recordThirdPartyViews',
);
export const decideUpdate = defineUpdate<AccessStatus, [AccessDecision]>('decide');

const DECISION_KEYS = [
  'by',
  'outcome',
  'reasons',
  'grounds',
  'elements',
  'thirdParties',
  'copyDocumentId',
  'copySha256',
] as const;
const ELEMENT_KEYS = [
  'purposes',
  'categories',
  'recipients',
  'retention',
  'source',
  'thirdCountries',
  'transferSafeguards',
  'automatedDecisions',
  'recipientsUnidentifiable',
] as const;

/**
 * What `access draft-decision` writes where the officer must put the case's own facts: above all the register's
 * categories of recipients, since the answer names the actual recipients (art. 15(1)(c); CJEU C-154/21,
 * Österreichische Post, 12 January 2023). A decision that still holds it is refused.
 */
export const TO_REPLACE = 'REPLACE: ';

/** An element of art. 15(1) that may list several items in one sentence (retention periods, sources). */
const ELEMENT = { max: 1000 };

/** The draft's placeholders left in the art. 15(1) elements, all refused at once, each by name. */
function checkReplaced(elements: Art15Elements): void {
  const marked = (field: string, value: string, problem: string) => () => {
    if (value.startsWith(TO_REPLACE)) refuse(`${field} ${problem}`);
  };
  allOf([
    ...elements.recipients.map((recipient, index) =>
      marked(
        `elements.recipients[${index}]`,
        recipient,
        "is a category of recipients from the register: name the actual recipients of this person's data instead, remove it when there were none, or give elements.recipientsUnidentifiable with the reason they cannot be identified to let the categories stand (art. 15(1)(c); CJEU C-154/21)",
      ),
    ),
    ...(['purposes', 'categories'] as const).flatMap((key) =>
      elements[key].map((value, index) =>
        marked(`elements.${key}[${index}]`, value, "still holds the draft's placeholder"),
      ),
    ),
    ...(['retention', 'source'] as const).map((key) =>
      marked(`elements.${key}`, elements[key], "still holds the draft's placeholder"),
    ),
  ]);
}

/**
 * CJEU C-154/21: where the actual recipients cannot be identified, the officer says why, and the register's
 * categories stand as the answer: the draft's marker comes off them before the decision is sent.
 */
export function letCategoriesStand(recipients: readonly string[]): string[] {
  return recipients.map((recipient) =>
    recipient.startsWith(TO_REPLACE) ? recipient.slice(TO_REPLACE.length) : recipient,
  );
}

/**
 * The shape of a decision, before the case's state is considered: the CLI checks this before it stores a copy.
 * `holdsOthersData` says whether the file holds other people's data (then a disclosure needs a weighing).
 */
export function checkDecision(input: AccessDecision, holdsOthersData = false): void {
  onlyKeys('decision', input, DECISION_KEYS);
  actor(input.by);
  if (!OUTCOMES.includes(input.outcome)) refuse(`outcome must be one of ${OUTCOMES.join(', ')}`);
  const withheld = input.outcome === 'refused' || input.outcome === 'partial';
  const discloses = input.outcome === 'full' || input.outcome === 'partial';
  text('reasons', input.reasons, undefined, withheld);
  if (withheld) {
    if (!Array.isArray(input.grounds) || input.grounds.length === 0)
      refuse(`grounds must name the legal ground of withholding: ${GROUNDS.join(', ')}`);
    for (const ground of input.grounds) {
      if (!GROUNDS.includes(ground)) refuse(`grounds must be among ${GROUNDS.join(', ')}, got '${ground}'`);
    }
    if (input.outcome === 'partial' && input.grounds.includes('manifestly-unfounded'))
      refuse('grounds: manifestly-unfounded (art. 12(5)) refuses a request as a whole, not in part');
  } else if (input.grounds !== undefined)
    refuse(`grounds must not be given when the outcome is ${input.outcome}`);
  if (discloses) {
    const elements = input.elements;
    if (!elements)
      refuse(
        'elements must give the art. 15(1) information: purposes, categories, recipients, retention, source',
      );
    onlyKeys('elements', elements, ELEMENT_KEYS);
    list('elements.purposes', elements.purposes);
    list('elements.categories', elements.categories);
    text('elements.recipientsUnidentifiable', elements.recipientsUnidentifiable, ELEMENT, false);
    if (
      elements.recipientsUnidentifiable !== undefined &&
      Array.isArray(elements.recipients) &&
      elements.recipients.length === 0
    )
      refuse(
        'elements.recipients must list the categories of recipients when elements.recipientsUnidentifiable says the actual ones cannot be identified (CJEU C-154/21)',
      );
    list('elements.recipients', elements.recipients, { allowEmpty: true });
    // Several retention periods or sources, as the register gives them, make more than a line.
    text('elements.retention', elements.retention, ELEMENT);
    text('elements.source', elements.source, ELEMENT);
    text('elements.thirdCountries', elements.thirdCountries, LINE, false);
    text(
      'elements.transferSafeguards',
      elements.transferSafeguards,
      LINE,
      elements.thirdCountries !== undefined,
    );
    text('elements.automatedDecisions', elements.automatedDecisions, ELEMENT, false);
    checkReplaced(elements);
    if (input.copyDocumentId === undefined) refuse('copy must be given: the copy of the data (art. 15(3))');
    if (holdsOthersData) {
      if (!input.thirdParties)
        refuse(
          "thirdParties.weighing must record how the other people's rights were weighed (art. 15(4) AVG, art. 7:456 BW)",
        );
      onlyKeys('thirdParties', input.thirdParties, ['weighing', 'redacted']);
      text('thirdParties.weighing', input.thirdParties.weighing);
      text('thirdParties.redacted', input.thirdParties.redacted, undefined, input.outcome === 'partial');
    } else if (input.thirdParties !== undefined)
      refuse('thirdParties must not be given: the file holds no data of others');
  } else if (
    input.elements !== undefined ||
    input.copyDocumentId !== undefined ||
    input.thirdParties !== undefined
  ) {
    refuse(`copy and elements must not be given when the outcome is ${input.outcome}: nothing is disclosed`);
  }
}

export function validateThirdPartyViews(state: AccessState, input: ThirdPartyViews): void {
  actor(input.by);
  if (state.stage !== 'consulting-third-parties') {
    refuse('third-party views are not awaited: verify identity with --third-party-data first');
  }
  if (!['given', 'refused', 'impossible'].includes(input.consent))
    refuse('consent must be given, refused or impossible');
  text('summary', input.summary);
}

/** The access request's own check before the kit's: the third persons are heard first (Buurderij 22.4, 22.6). */
export function validateDecision(state: AccessState, input: AccessDecision): void {
  if (state.stage === 'consulting-third-parties')
    refuse('decision: the views of third persons have not been recorded yet');
  checkDecision(input, state.identity?.verified === true && state.identity.thirdPartyData === true);
}

/** The officer's next step in the access request's own stages; the kit words the shared ones. */
export function accessNextStep(stage: string, reference: string): NextStep | undefined {
  if (stage === 'consulting-third-parties')
    return {
      step: 'consult-third-parties',
      command: `privacyloket access third-party-views ${reference} --consent <c>`,
    };
  if (stage === 'deciding')
    return { step: 'decide', command: `privacyloket access decide ${reference} --outcome <outcome>` };
  return undefined;
}

/** The access request in the process registry (`lib/processes.ts`). */
export const ACCESS = {
  workflow: 'accessRequest',
  names: { nl: 'inzageverzoek', en: 'access request' },
  period: { months: 1 },
  letters: [
    'acknowledgement',
    'identity-request',
    'extension',
    'access-response',
    'identity-not-established',
  ],
} satisfies ProcessEntry;

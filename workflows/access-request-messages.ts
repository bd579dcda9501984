/**
 * The messages of the access request workflow, shared by the workflow, the CLI and the tests: the status query,
 * the officer's updates, and their validators. A validator that throws rejects the update before it reaches the
 * workflow's history: the case is untouched and the officer gets one sentence naming the field.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { durationParts, formatDuration, type Duration } from '../lib/durations';
import { alwaysShorter, mayExceed } from '../policies/periods';
import { waitsForOfficer, type CaseLetter, type CaseStatus, type NextStep } from './case/messages';
import { actor, LINE, list, onlyKeys, refuse, text } from './case/validate';

/** Art. 12(3): "by two further months where necessary". */
const ART_12_3_EXTENSION: Duration = { months: 2 };

export type AccessStage =
  | 'acknowledging'
  | 'verifying-identity'
  | 'consulting-third-parties' // art. 15(4); Buurderij 22.4, 22.6
  | 'deciding'
  | 'awaiting-approval' // four eyes
  | 'responding'
  | 'delivering' // the answer is written; a letter waits to be posted or sent again
  | 'closed';

export type IdentityVerification = { by: string } & (
  { verified: true; method: string; thirdPartyData?: boolean } | { verified: false; missing: string }
);

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
  automatedDecisions?: string;
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

export interface Approval {
  by: string;
  approved: boolean;
  /** Why the decision goes back: required when it does. */
  reasons?: string;
}

export interface ExtensionRequest {
  by: string;
  /** Art. 12(3): by at most two further months. */
  extendBy: Duration;
  reasons: string;
}

export interface AccessState {
  stage: AccessStage;
  fourEyes: boolean;
  thirdPartyViewsRequired: boolean;
  /** The policy's extension: at most the 2 further months of art. 12(3). */
  maxExtension: Duration;
  extension: (ExtensionRequest & { previousDueAt: string }) | null;
  identity: IdentityVerification | null;
  /** When the letter asking for more information about the requester's identity went out. */
  identityRequestedAt?: string;
  thirdPartyViews: ThirdPartyViews | null;
  decision: AccessDecision | null;
  approval: Approval | null;
}

export interface AccessStatus extends CaseStatus {
  stage: AccessStage;
  extended: boolean;
}

export const accessStatusQuery = defineQuery<AccessStatus>('accessStatus');
export const verifyIdentityUpdate = defineUpdate<AccessStatus, [IdentityVerification]>('verifyIdentity');
export const recordThirdPartyViewsUpdate = defineUpdate<AccessStatus, [ThirdPartyViews]>(
  'recordThirdPartyViews',
);
export const decideUpdate = defineUpdate<AccessStatus, [AccessDecision]>('decide');
export const approveUpdate = defineUpdate<AccessStatus, [Approval]>('approve');
export const extendUpdate = defineUpdate<AccessStatus, [ExtensionRequest]>('extend');

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
] as const;

function openStage(state: AccessState, what: string): void {
  if (['responding', 'delivering', 'closed'].includes(state.stage))
    refuse(`${what}: the response has already been sent`);
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
    list('elements.recipients', elements.recipients, { allowEmpty: true });
    text('elements.retention', elements.retention, LINE);
    text('elements.source', elements.source, LINE);
    text('elements.thirdCountries', elements.thirdCountries, LINE, false);
    text(
      'elements.transferSafeguards',
      elements.transferSafeguards,
      LINE,
      elements.thirdCountries !== undefined,
    );
    text('elements.automatedDecisions', elements.automatedDecisions, LINE, false);
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

export function validateIdentity(state: AccessState, input: IdentityVerification): void {
  openStage(state, 'identity');
  actor(input.by);
  if (state.identity?.verified) refuse('identity has already been verified');
  if (input.verified) text('method', input.method, LINE);
  else text('missing', input.missing);
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

export function validateDecision(state: AccessState, input: AccessDecision): void {
  openStage(state, 'decision');
  if (state.stage === 'verifying-identity' || state.stage === 'acknowledging') {
    refuse("decision: the requester's identity has not been verified yet (art. 12(6))");
  }
  if (state.stage === 'consulting-third-parties')
    refuse('decision: the views of third persons have not been recorded yet');
  if (state.stage === 'awaiting-approval') refuse('decision: a decision is awaiting approval');
  checkDecision(input, state.identity?.verified === true && state.identity.thirdPartyData === true);
}

export function validateApproval(state: AccessState, input: Approval): void {
  actor(input.by);
  if (state.stage !== 'awaiting-approval' || !state.decision)
    refuse('approval: no decision is awaiting approval');
  if (input.by === state.decision.by)
    refuse('by must be a second officer: the one who decided cannot approve (four eyes)');
  text('reasons', input.reasons, undefined, !input.approved);
}

export function validateExtension(state: AccessState, input: ExtensionRequest, dueAt: Date, now: Date): void {
  actor(input.by);
  openStage(state, 'extension');
  if (state.extension) refuse('extension: the deadline has already been extended once (art. 12(3))');
  if (now.getTime() > dueAt.getTime()) {
    refuse(
      `extension: the deadline of ${dueAt.toISOString()} has passed; art. 12(3) allows extending only within the period`,
    );
  }
  let parts;
  try {
    parts = durationParts(input.extendBy);
  } catch {
    return refuse('extend-by must be a duration such as 2 months');
  }
  // Far beyond any legal extension: refused before a calendar is asked to count it.
  if (parts.unit === 'hours' || parts.amount > 1000 || !alwaysShorter({ days: 0 }, input.extendBy))
    refuse('extend-by must be a period of days, weeks or months, at most 2 months (art. 12(3))');
  if (mayExceed(input.extendBy, ART_12_3_EXTENSION))
    refuse('extend-by must be at most 2 months (art. 12(3))');
  if (mayExceed(input.extendBy, state.maxExtension)) {
    refuse(`extend-by must be at most ${formatDuration(state.maxExtension, 'en')}, as the policy says`);
  }
  text('reasons', input.reasons);
}

/** What the officer does next, by the case's stage; a letter waiting for the officer comes first. */
export function accessNextStep(
  state: AccessState,
  reference: string,
  letters: CaseLetter[],
  identityWaitEnds: Date | undefined,
): NextStep {
  const waiting = letters.find(waitsForOfficer);
  if (waiting?.status === 'queued-for-post')
    return { step: 'post-letter', command: `privacyloket posted ${reference} ${waiting.kind}` };
  if (waiting) return { step: 'resend-letter', command: `privacyloket resend ${reference} ${waiting.kind}` };
  switch (state.stage) {
    case 'verifying-identity':
      return state.identity && !state.identity.verified
        ? {
            step: 'await-identity-information',
            command: `privacyloket verify-identity ${reference} --method <how>`,
            date: identityWaitEnds?.toISOString(),
          }
        : { step: 'verify-identity', command: `privacyloket verify-identity ${reference} --method <how>` };
    case 'consulting-third-parties':
      return {
        step: 'consult-third-parties',
        command: `privacyloket third-party-views ${reference} --consent <c>`,
      };
    case 'deciding':
      return { step: 'decide', command: `privacyloket decide ${reference} --outcome <outcome>` };
    case 'awaiting-approval':
      return { step: 'approve', command: `privacyloket approve ${reference}` };
    default:
      return { step: state.stage };
  }
}

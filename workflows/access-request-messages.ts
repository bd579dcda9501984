/**
 * The messages of the access request workflow, shared by the workflow, the CLI and the tests: the status query,
 * the officer's updates, and their validators. A validator that throws rejects the update before it reaches the
 * workflow's history: the case is untouched and the officer gets one sentence naming the field.
 */
import { ApplicationFailure, defineQuery, defineUpdate } from '@temporalio/workflow';
import { durationParts, formatDuration, type Duration } from '../lib/durations';
import { alwaysShorter, mayExceed } from '../policies/periods';

/** Art. 12(3): "by two further months where necessary". */
const ART_12_3_EXTENSION: Duration = { months: 2 };

export type AccessStage =
  | 'acknowledging'
  | 'verifying-identity'
  | 'consulting-third-parties' // Buurderij 22.4, 22.6
  | 'deciding'
  | 'awaiting-approval' // four eyes
  | 'responding'
  | 'closed';

export type IdentityVerification = { by: string } & (
  { verified: true; method: string; thirdPartyData?: boolean } | { verified: false; missing: string }
);

export interface ThirdPartyViews {
  by: string;
  /** Buurderij 22.6: their consent; `impossible` when hearing them is impossible or disproportionate (22.4). */
  consent: 'given' | 'refused' | 'impossible';
  summary: string;
}

export const OUTCOMES = ['full', 'partial', 'refused', 'no-data'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Art. 15(1)(a–h): what the letter says beside the copy; (e) and (f), the rights, are the same for everyone. */
export interface Art15Elements {
  purposes: string[];
  categories: string[];
  recipients: string[];
  thirdCountries?: string;
  retention: string;
  source?: string;
  automatedDecisions?: string;
}

export interface AccessDecision {
  by: string;
  outcome: Outcome;
  /** Required when anything is withheld (art. 12(4), 15(4)). */
  reasons?: string;
  /** Required when data is disclosed (full or partial). */
  elements?: Art15Elements;
  /** The copy of the data (art. 15(3)), stored as a case document and appended to the response letter. */
  copyDocumentId?: number;
}

export interface Approval {
  by: string;
  approved: boolean;
}

export interface ExtensionRequest {
  by: string;
  /** Art. 12(3): by at most two further months. */
  extendBy: Duration;
  reasons: string;
}

export interface HistoryEntry {
  at: string;
  event: string;
  by: string;
}

export interface AccessState {
  stage: AccessStage;
  fourEyes: boolean;
  thirdPartyViewsRequired: boolean;
  /** The policy's extension: at most the 2 further months of art. 12(3). */
  maxExtension: Duration;
  extension: (ExtensionRequest & { previousDueAt: string }) | null;
  identity: IdentityVerification | null;
  thirdPartyViews: ThirdPartyViews | null;
  decision: AccessDecision | null;
  approval: Approval | null;
  history: HistoryEntry[];
}

export interface AccessStatus {
  reference: string;
  stage: AccessStage;
  receivedAt: string;
  dueAt: string;
  dueDate: string;
  extended: boolean;
  nextStep: string;
  history: HistoryEntry[];
}

export const accessStatusQuery = defineQuery<AccessStatus>('accessStatus');
export const verifyIdentityUpdate = defineUpdate<AccessStatus, [IdentityVerification]>('verifyIdentity');
export const recordThirdPartyViewsUpdate = defineUpdate<AccessStatus, [ThirdPartyViews]>(
  'recordThirdPartyViews',
);
export const decideUpdate = defineUpdate<AccessStatus, [AccessDecision]>('decide');
export const approveUpdate = defineUpdate<AccessStatus, [Approval]>('approve');
export const extendUpdate = defineUpdate<AccessStatus, [ExtensionRequest]>('extend');

/** Free text the letters print: present, and short enough for a letter. */
const MAX_TEXT = 2000;

function refuse(message: string): never {
  throw ApplicationFailure.create({ type: 'invalid-input', message, nonRetryable: true });
}

function text(field: string, value: unknown, required = true): void {
  if (value === undefined && !required) return;
  if (typeof value !== 'string' || value.trim() === '') refuse(`${field} must not be empty`);
  if (value.length > MAX_TEXT) refuse(`${field} must be at most ${MAX_TEXT} characters`);
}

function list(field: string, value: unknown, allowEmpty = false): void {
  if (!Array.isArray(value) || (!allowEmpty && value.length === 0))
    refuse(`${field} must list at least one item`);
  value.forEach((item, index) => text(`${field}[${index}]`, item));
}

function openStage(state: AccessState, what: string): void {
  if (state.stage === 'responding' || state.stage === 'closed')
    refuse(`${what}: the response has already been sent`);
}

/** The shape of a decision, before the case's state is considered: the CLI checks this before it stores a copy. */
export function checkDecision(input: AccessDecision): void {
  text('by', input.by);
  if (!OUTCOMES.includes(input.outcome)) refuse(`outcome must be one of ${OUTCOMES.join(', ')}`);
  const withheld = input.outcome === 'refused' || input.outcome === 'partial';
  if (withheld) text('reasons', input.reasons);
  else text('reasons', input.reasons, false);
  if (input.outcome === 'full' || input.outcome === 'partial') {
    const elements = input.elements;
    if (!elements)
      refuse('elements must give the art. 15(1) information: purposes, categories, recipients, retention');
    list('elements.purposes', elements.purposes);
    list('elements.categories', elements.categories);
    list('elements.recipients', elements.recipients, true);
    text('elements.retention', elements.retention);
    for (const field of ['thirdCountries', 'source', 'automatedDecisions'] as const) {
      text(`elements.${field}`, elements[field], false);
    }
    if (input.copyDocumentId === undefined) refuse('copy must be given: the copy of the data (art. 15(3))');
  } else if (input.elements !== undefined || input.copyDocumentId !== undefined) {
    refuse(`copy and elements must not be given when the outcome is ${input.outcome}: nothing is disclosed`);
  }
}

export function validateIdentity(state: AccessState, input: IdentityVerification): void {
  openStage(state, 'identity');
  text('by', input.by);
  if (state.identity?.verified) refuse('identity has already been verified');
  if (input.verified) text('method', input.method);
  else text('missing', input.missing);
}

export function validateThirdPartyViews(state: AccessState, input: ThirdPartyViews): void {
  text('by', input.by);
  if (state.stage !== 'consulting-third-parties') {
    refuse('third-party views are not awaited: verify identity with --third-party-data first');
  }
  if (!['given', 'refused', 'impossible'].includes(input.consent))
    refuse('consent must be given, refused or impossible');
  text('summary', input.summary);
}

export function validateDecision(state: AccessState, input: AccessDecision): void {
  checkDecision(input);
  openStage(state, 'decision');
  if (state.stage === 'verifying-identity' || state.stage === 'acknowledging') {
    refuse("decision: the requester's identity has not been verified yet (art. 12(6))");
  }
  if (state.stage === 'consulting-third-parties')
    refuse('decision: the views of third persons have not been recorded yet');
  if (state.stage === 'awaiting-approval') refuse('decision: a decision is awaiting approval');
  // Buurderij 22.6: without their consent, the data of other persons cannot be disclosed with the rest.
  if (state.thirdPartyViews?.consent === 'refused' && input.outcome === 'full') {
    refuse(
      'outcome cannot be full: third persons refused consent, so their data must be withheld (partial or refused)',
    );
  }
}

export function validateApproval(state: AccessState, input: Approval): void {
  text('by', input.by);
  if (state.stage !== 'awaiting-approval' || !state.decision)
    refuse('approval: no decision is awaiting approval');
  if (input.by === state.decision.by)
    refuse('by must be a second officer: the one who decided cannot approve (four eyes)');
}

export function validateExtension(state: AccessState, input: ExtensionRequest, dueAt: Date, now: Date): void {
  text('by', input.by);
  openStage(state, 'extension');
  if (state.extension) refuse('extension: the deadline has already been extended once (art. 12(3))');
  if (now.getTime() > dueAt.getTime()) {
    refuse(
      `extension: the deadline of ${dueAt.toISOString()} has passed; art. 12(3) allows extending only within the period`,
    );
  }
  let unit;
  try {
    unit = durationParts(input.extendBy).unit;
  } catch {
    return refuse('extend-by must be a duration such as 2 months');
  }
  if (unit === 'hours' || !alwaysShorter({ days: 0 }, input.extendBy))
    refuse('extend-by must be at least a day');
  if (mayExceed(input.extendBy, ART_12_3_EXTENSION))
    refuse('extend-by must be at most 2 months (art. 12(3))');
  if (mayExceed(input.extendBy, state.maxExtension)) {
    refuse(`extend-by must be at most ${formatDuration(state.maxExtension, 'en')}, as the policy says`);
  }
  text('reasons', input.reasons);
}

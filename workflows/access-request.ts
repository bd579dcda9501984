/**
 * Inzageverzoek: the right of access (AVG art. 15; Buurderij art. 22; Werk op Maat "Recht op inzage").
 * Acknowledge, verify the requester's identity, hear third persons whose data the file holds, decide, have the
 * decision approved when the policy wants four eyes, answer with every art. 15(1) element and the copy, close.
 * Beside that main line, the deadline watch reminds the officer and escalates to management.
 */
import { condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { AccessCase } from '../activities/cases';
import { computeDeadline, extendDeadline, type Deadline } from '../lib/deadlines';
import type { LetterKind } from '../policies/schema';
import {
  accessStatusQuery,
  approveUpdate,
  decideUpdate,
  extendUpdate,
  recordThirdPartyViewsUpdate,
  validateApproval,
  validateDecision,
  validateExtension,
  validateIdentity,
  validateThirdPartyViews,
  verifyIdentityUpdate,
  type AccessDecision,
  type Approval,
  type ExtensionRequest,
  type IdentityVerification,
  type ThirdPartyViews,
  type AccessState,
  type AccessStatus,
} from './access-request-messages';
import { watchDeadline } from './deadline-watch';

export * from './access-request-messages';

export interface AccessRequestInput {
  reference: string;
}

export interface AccessRequestResult {
  reference: string;
  outcome: AccessDecision['outcome'];
  closedAt: string;
}

const { loadAccessCase, recordProgress } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: ['not-found'] },
});
const { produceLetter } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '2 seconds',
    maximumInterval: '5 minutes',
    nonRetryableErrorTypes: ['not-found', 'tool-missing'],
  },
});
// Mail keeps trying while the mail server is away: the outbox key makes each attempt safe.
const { deliverLetter } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '10 seconds',
    maximumInterval: '10 minutes',
    nonRetryableErrorTypes: ['invalid-input', 'not-found'],
  },
});

export async function accessRequest({ reference }: AccessRequestInput): Promise<AccessRequestResult> {
  const kase: AccessCase = await loadAccessCase(reference);
  const { settings, holidays } = kase;
  let deadline: Deadline = computeDeadline(new Date(kase.receivedAt), settings.period, holidays);
  const state: AccessState = {
    stage: 'acknowledging',
    fourEyes: settings.fourEyes,
    thirdPartyViewsRequired: settings.thirdPartyViews,
    maxExtension: settings.extension,
    extension: null,
    identity: null,
    thirdPartyViews: null,
    decision: null,
    approval: null,
    history: [],
  };
  const note = (event: string, by = 'system') =>
    state.history.push({ at: new Date().toISOString(), event, by });
  const now = () => new Date();
  /** Audit events and case updates, written in order by the main line and the handlers alike. */
  const progress: Parameters<typeof recordProgress>[0][] = [];
  let recorded = 0;
  const record = (
    type: string,
    by: string,
    data: Record<string, unknown> = {},
    change: { status?: string; dueAt?: string; closed?: boolean } = {},
  ) =>
    progress.push({
      key: `${reference}/progress/${++recorded}`,
      caseId: kase.caseId,
      actor: by,
      event: { type, data },
      ...change,
    });
  const letterCount = new Map<LetterKind, number>();
  /** Letters asked for by the officer's updates (a request for more information, an extension). */
  const outgoing: { kind: LetterKind; details?: Record<string, unknown>; appendDocumentId?: number }[] = [];

  async function sendLetter(kind: LetterKind, details?: Record<string, unknown>, appendDocumentId?: number) {
    const n = (letterCount.get(kind) ?? 0) + 1;
    letterCount.set(kind, n);
    const key = `${reference}/${kind}/${n}`;
    const letter = await produceLetter({ reference, kind, key, details, appendDocumentId });
    await deliverLetter({ letterId: letter.letterId, key });
    note(`letter sent: ${kind} (${letter.delivery})`);
  }

  async function flush() {
    while (progress.length > 0) await recordProgress(progress[0]!).then(() => progress.shift());
    while (outgoing.length > 0) {
      const { kind, details, appendDocumentId } = outgoing.shift()!;
      await sendLetter(kind, details, appendDocumentId);
    }
  }

  const status = (): AccessStatus => ({
    reference,
    stage: state.stage,
    receivedAt: kase.receivedAt,
    dueAt: deadline.dueAt.toISOString(),
    dueDate: deadline.dueDate,
    extended: state.extension !== null,
    nextStep: nextStep(state, reference),
    history: state.history,
  });

  setHandler(accessStatusQuery, status);
  setHandler(
    verifyIdentityUpdate,
    (input) => {
      state.identity = input;
      if (input.verified) {
        const hearThirdParties = input.thirdPartyData === true && settings.thirdPartyViews;
        state.stage = hearThirdParties ? 'consulting-third-parties' : 'deciding';
        note(`identity verified (${input.method})`, input.by);
        record('access.identity-verified', input.by, {
          method: input.method,
          thirdPartyData: input.thirdPartyData,
        });
      } else {
        note('more information requested to verify identity', input.by);
        record('access.identity-information-requested', input.by);
        outgoing.push({ kind: 'identity-request', details: { identity: { missing: input.missing } } });
      }
      return status();
    },
    { validator: (input: IdentityVerification) => validateIdentity(state, input) },
  );
  setHandler(
    recordThirdPartyViewsUpdate,
    (input) => {
      state.thirdPartyViews = input;
      state.stage = 'deciding';
      note(`views of third persons recorded: consent ${input.consent}`, input.by);
      record('access.third-party-views-recorded', input.by, { consent: input.consent });
      return status();
    },
    { validator: (input: ThirdPartyViews) => validateThirdPartyViews(state, input) },
  );
  setHandler(
    decideUpdate,
    (input) => {
      state.decision = input;
      state.approval = null;
      state.stage = settings.fourEyes ? 'awaiting-approval' : 'responding';
      note(`decision: ${input.outcome}`, input.by);
      record('access.decided', input.by, { outcome: input.outcome, copyDocumentId: input.copyDocumentId });
      return status();
    },
    { validator: (input: AccessDecision) => validateDecision(state, input) },
  );
  setHandler(
    approveUpdate,
    (input) => {
      state.approval = input;
      note(input.approved ? 'decision approved' : 'decision sent back', input.by);
      record(input.approved ? 'access.approved' : 'access.sent-back', input.by);
      if (!input.approved) state.decision = null;
      state.stage = input.approved ? 'responding' : 'deciding';
      return status();
    },
    { validator: (input: Approval) => validateApproval(state, input) },
  );
  setHandler(
    extendUpdate,
    (input) => {
      const previous = deadline;
      deadline = extendDeadline(deadline, input.extendBy, holidays);
      state.extension = { ...input, previousDueAt: previous.dueAt.toISOString() };
      note(`deadline extended to ${deadline.dueDate}`, input.by);
      record(
        'access.extended',
        input.by,
        { extendBy: input.extendBy, dueAt: deadline.dueAt.toISOString() },
        { dueAt: deadline.dueAt.toISOString() },
      );
      outgoing.push({
        kind: 'extension',
        details: {
          extension: { reasons: input.reasons, by: input.extendBy, previousDueDate: previous.dueDate },
        },
      });
      return status();
    },
    { validator: (input: ExtensionRequest) => validateExtension(state, input, deadline.dueAt, now()) },
  );

  // Acknowledge, then work through the steps while the deadline watch runs beside them.
  let closed = false;
  const watch = watchDeadline({
    reference,
    deadline: () => deadline,
    reminders: settings.reminders,
    escalateEvery: settings.escalateEvery,
    holidays,
    closed: () => closed,
    nextStep: () => nextStep(state, reference),
    startedAt: new Date(workflowInfo().startTime),
  });
  note('request registered');
  await sendLetter('acknowledgement');
  if (state.stage === 'acknowledging') state.stage = 'verifying-identity';

  // The officer's updates move the case on (identity, third persons, decision, approval); their audit events and
  // letters are written here, in order, until the decision stands.
  const pending = () => progress.length > 0 || outgoing.length > 0;
  for (;;) {
    await condition(() => pending() || state.stage === 'responding');
    await flush();
    if (state.stage === 'responding') break;
  }
  const decision = state.decision!;
  await flush();
  const { copyDocumentId, ...details } = decision;
  await sendLetter('access-response', { decision: details }, copyDocumentId);
  closed = true;
  state.stage = 'closed';
  record('case.closed', 'system', { outcome: decision.outcome }, { closed: true });
  await flush();
  await watch;
  return { reference, outcome: decision.outcome, closedAt: new Date().toISOString() };
}

function nextStep(state: AccessState, reference: string): string {
  switch (state.stage) {
    case 'acknowledging':
      return 'the acknowledgement letter is being sent';
    case 'verifying-identity':
      return state.identity && !state.identity.verified
        ? `waiting for the requester's information; then: privacyloket verify-identity ${reference} --method <how>`
        : `verify the requester's identity: privacyloket verify-identity ${reference} --method <how> (or --missing <what>)`;
    case 'consulting-third-parties':
      return `hear the third persons whose data the file holds (Buurderij 22.4, 22.6), then: privacyloket third-party-views ${reference} --consent given|refused|impossible --summary <text>`;
    case 'deciding':
      return `decide: privacyloket decide ${reference} --outcome full|partial|refused|no-data …`;
    case 'awaiting-approval':
      return `a second officer approves the decision: privacyloket approve ${reference} (or --reject)`;
    case 'responding':
      return 'the response letter is being sent';
    case 'closed':
      return 'none: the case is closed';
  }
}

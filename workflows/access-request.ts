/**
 * Inzageverzoek: the right of access (AVG art. 15; Buurderij art. 22; Werk op Maat "Recht op inzage").
 * Acknowledge, verify the requester's identity (or end when it cannot be established), hear third persons whose
 * data the file holds, decide, have the decision approved when the policy wants four eyes, answer with every
 * art. 15(1) and 15(2) element and the copy, see every letter out, close. Beside that main line, the deadline
 * watch reminds the officer and escalates to management.
 */
import { patched, setHandler, workflowInfo } from '@temporalio/workflow';
import { computeDeadline, extendDeadline, type Deadline } from '../lib/deadlines';
import {
  accessNextStep,
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
  type AccessState,
  type AccessStatus,
  type Approval,
  type ExtensionRequest,
  type IdentityVerification,
  type ThirdPartyViews,
} from './access-request-messages';
import { database } from './case/activities';
import { watchDeadline } from './case/deadline-watch';
import { caseRun } from './case/run';

export interface AccessRequestInput {
  reference: string;
}

export interface AccessRequestResult {
  reference: string;
  outcome: AccessDecision['outcome'] | 'identity-not-established';
  closedAt: string;
}

export async function accessRequest({ reference }: AccessRequestInput): Promise<AccessRequestResult> {
  const kase = await database.loadAccessCase(reference);
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
  };
  const run = caseRun(reference, kase.caseId);
  /** Art. 12(6): a requester who does not answer the request for information within the policy's period. */
  let identityWaitEnd: Date | undefined;
  const identityWaitEnds = () => {
    if (!state.identityRequestedAt || state.identity?.verified || !settings.identityWait) return undefined;
    if (!patched('identity-wait')) return undefined;
    const requested = new Date(state.identityRequestedAt);
    return (identityWaitEnd = computeDeadline(requested, settings.identityWait, holidays).dueAt);
  };
  const status = (): AccessStatus => ({
    reference,
    stage: state.stage,
    receivedAt: kase.receivedAt,
    dueAt: deadline.dueAt.toISOString(),
    dueDate: deadline.dueDate,
    extended: state.extension !== null,
    next: accessNextStep(state, reference, run.letters, identityWaitEnd),
    nextAlarm,
    letters: run.letters,
    history: run.history,
  });

  setHandler(accessStatusQuery, status);
  run.acceptLetterUpdates(status);
  setHandler(
    verifyIdentityUpdate,
    (input) => {
      state.identity = input;
      if (input.verified) {
        const hearThirdParties = input.thirdPartyData === true && settings.thirdPartyViews;
        state.stage = hearThirdParties ? 'consulting-third-parties' : 'deciding';
        run.note('identity verified', input.by);
        run.record(
          'access.identity-verified',
          input.by,
          { thirdPartyData: input.thirdPartyData },
          {},
          { input },
        );
      } else {
        state.identityRequestedAt = new Date().toISOString();
        run.note('more information requested to verify identity', input.by);
        run.record('access.identity-information-requested', input.by, {}, {}, { input });
        // Cases loaded before policies had an identity period promise no date.
        const answerBefore =
          settings.identityWait &&
          computeDeadline(new Date(state.identityRequestedAt), settings.identityWait, holidays).dueDate;
        run.queueLetter('identity-request', { identity: { missing: input.missing, answerBefore } });
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
      run.note(`views of third persons recorded: consent ${input.consent}`, input.by);
      run.record('access.third-party-views-recorded', input.by, { consent: input.consent }, {}, { input });
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
      run.note(`decision: ${input.outcome}`, input.by);
      const { outcome, grounds, copyDocumentId, copySha256 } = input;
      const weighed = input.thirdParties !== undefined;
      run.record(
        'access.decided',
        input.by,
        { outcome, grounds, copyDocumentId, copySha256, weighed },
        {},
        {
          decision: input,
        },
      );
      return status();
    },
    { validator: (input: AccessDecision) => validateDecision(state, input) },
  );
  setHandler(
    approveUpdate,
    (input) => {
      state.approval = input;
      run.note(input.approved ? 'decision approved' : 'decision sent back', input.by);
      const evidence = input.approved ? undefined : { reasons: input.reasons };
      run.record(input.approved ? 'access.approved' : 'access.sent-back', input.by, {}, {}, evidence);
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
      run.note(`deadline extended to ${deadline.dueDate}`, input.by);
      const dueAt = deadline.dueAt.toISOString();
      run.record('access.extended', input.by, { extendBy: input.extendBy, dueAt }, { dueAt }, { input });
      const extension = { reasons: input.reasons, by: input.extendBy, previousDueDate: previous.dueDate };
      run.queueLetter('extension', { extension });
      return status();
    },
    { validator: (input: ExtensionRequest) => validateExtension(state, input, deadline.dueAt, new Date()) },
  );

  let closed = false;
  let nextAlarm: AccessStatus['nextAlarm'];
  const watch = watchDeadline({
    reference,
    deadline: () => deadline,
    reminders: settings.reminders,
    escalateEvery: settings.escalateEvery,
    holidays,
    closed: () => closed,
    nextStep: () => status().next,
    startedAt: new Date(workflowInfo().startTime),
    onAlarm: (event) => run.note(event),
    onSchedule: (alarm) => (nextAlarm = alarm && { kind: alarm.kind, at: alarm.at.toISOString() }),
  });

  async function mainLine(): Promise<AccessRequestResult> {
    run.note('request registered');
    await run.sendLetter('acknowledgement');
    if (state.stage === 'acknowledging') state.stage = 'verifying-identity';
    // The officer's updates move the case on (identity, third persons, decision, approval) until it can answer.
    const answered = await run.until(() => state.stage === 'responding', identityWaitEnds);
    let outcome: AccessRequestResult['outcome'];
    if (answered) {
      const { copyDocumentId, copySha256, ...decision } = state.decision!;
      outcome = decision.outcome;
      await run.sendLetter('access-response', { decision }, copyDocumentId);
    } else {
      outcome = 'identity-not-established';
      run.note('identity not established in time: the request is closed', 'system');
      run.record('access.identity-not-established', 'system');
      await run.flush();
      await run.sendLetter('identity-not-established');
    }
    state.stage = 'delivering';
    await run.until(run.lettersSettled);
    closed = true;
    state.stage = 'closed';
    run.record('case.closed', 'system', { outcome }, { closed: true });
    await run.flush();
    return { reference, outcome, closedAt: new Date().toISOString() };
  }

  // Both observed: a failure of either ends the run, and neither can reject unnoticed.
  const [result] = await Promise.all([mainLine().finally(() => (closed = true)), watch]);
  return result;
}

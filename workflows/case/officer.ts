/**
 * The officer's updates every process accepts (`updates.ts`): the requester's identity, a second officer's
 * approval, an extension with its letter, the FG's advice, a data owner's confirmation of a task. Each is
 * validated first (a refusal leaves the case untouched), then recorded with its evidence.
 */
import type { UpdateDefinition } from '@temporalio/common';
import type { CaseFile } from '../../activities/cases';
import { computeDeadline, extendDeadline } from '../../lib/deadlines';
import type { CaseOptions, CaseState, ClockSettings } from './kit';
import type { CaseStatus } from './messages';
import type { caseRun } from './run';
import {
  adviseUpdate,
  approveUpdate,
  confirmTaskUpdate,
  extendUpdate,
  validateAdvice,
  validateApproval,
  validateExtension,
  validateIdentity,
  validateTaskConfirmation,
  verifyIdentityUpdate,
} from './updates';

export interface OfficerContext {
  process: string;
  settings: ClockSettings;
  holidays: CaseFile['holidays'];
  run: ReturnType<typeof caseRun>;
  state: CaseState;
  options: CaseOptions;
  accept: <I>(
    update: UpdateDefinition<CaseStatus, [I]>,
    apply: (input: I) => void,
    validate: (input: I) => void,
  ) => void;
  /** Refuses once the answer has gone out. */
  stillOpen: (what: string) => void;
}

export function acceptOfficerUpdates({
  process,
  settings,
  holidays,
  run,
  state,
  options,
  accept,
  stillOpen,
}: OfficerContext): void {
  accept(
    verifyIdentityUpdate,
    (input) => {
      state.identity = input;
      if (input.verified) {
        state.stage = options.afterIdentity?.(input) ?? 'deciding';
        run.note('identity verified', input.by);
        const { thirdPartyData } = input;
        run.record(`${process}.identity-verified`, input.by, { thirdPartyData }, {}, { input });
      } else {
        state.identityRequestedAt = new Date().toISOString();
        run.note('more information requested to verify identity', input.by);
        run.record(`${process}.identity-information-requested`, input.by, {}, {}, { input });
        // Cases loaded before policies had an identity period promise no date.
        const answerBefore =
          settings.identityWait &&
          computeDeadline(new Date(state.identityRequestedAt), settings.identityWait, holidays).dueDate;
        run.queueLetter('identity-request', { identity: { missing: input.missing, answerBefore } });
      }
    },
    (input) => (stillOpen('identity'), validateIdentity(state.identity, input)),
  );
  accept(
    approveUpdate,
    (input) => {
      run.note(input.approved ? 'decision approved' : 'decision sent back', input.by);
      const evidence = input.approved ? undefined : { reasons: input.reasons };
      run.record(`${process}.${input.approved ? 'approved' : 'sent-back'}`, input.by, {}, {}, evidence);
      if (!input.approved) state.decision = null;
      state.stage = input.approved ? options.decided : 'deciding';
    },
    (input) => validateApproval(state.decision, state.stage === 'awaiting-approval', input),
  );
  accept(
    extendUpdate,
    (input) => {
      const previous = state.deadline;
      state.deadline = extendDeadline(previous, input.extendBy, holidays);
      state.extension = { ...input, previousDueAt: previous.dueAt.toISOString() };
      run.note(`deadline extended to ${state.deadline.dueDate}`, input.by);
      const dueAt = state.deadline.dueAt.toISOString();
      run.record(`${process}.extended`, input.by, { extendBy: input.extendBy, dueAt }, { dueAt }, { input });
      const extension = { reasons: input.reasons, by: input.extendBy, previousDueDate: previous.dueDate };
      run.queueLetter('extension', { extension });
    },
    (input) => {
      stillOpen('extension');
      options.checkExtension?.();
      const limits = {
        extended: state.extension !== null,
        maxExtension: settings.extension ?? { months: 2 },
      };
      validateExtension(limits, input, state.deadline.dueAt, new Date());
    },
  );
  accept(
    adviseUpdate,
    (input) => {
      run.note('advice of the FG recorded', input.by);
      run.record(`${process}.advised`, input.by, {}, {}, { advice: input });
    },
    (input) => (stillOpen('advice'), validateAdvice(input)),
  );
  accept(
    confirmTaskUpdate,
    (input) => {
      const task = state.tasks.find((t) => t.number === input.task)!;
      task.done = true;
      task.doneAt = input.at;
      task.doneBy = input.doneBy;
      task.how = input.how;
      run.note(`task ${task.number} confirmed: ${task.action}`, input.by);
      const { number, action } = task;
      const change = { task: { number, by: input.doneBy, at: input.at, how: input.how } };
      run.record('task.confirmed', input.by, { number, action, partyId: task.partyId }, change, { input });
    },
    (input) => validateTaskConfirmation(state.tasks, input, new Date()),
  );
}

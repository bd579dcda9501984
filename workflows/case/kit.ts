/**
 * The case kit: what every process's workflow does besides its own legal steps (SPEC "The processes", first
 * paragraph). `openCase` loads the case and answers the status query; it accepts the officer's updates every
 * process shares (identity, extension, four-eyes approval, the FG's advice, tasks, letters) and gives the
 * process the steps it strings together: acknowledge, wait for the identity, wait for the decision, carry out
 * tasks with their data owners, tell parties, close. The deadline watch runs beside the main line from start
 * to close; each batch of tasks has a watch of its own. A process's workflow file reads like the legal line.
 */
import { continueAsNew, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { CaseFile } from '../../activities/cases';
import type { Party } from '../../db/parties';
import { computeDeadline, deadlineAt, reviveDeadline, type Deadline } from '../../lib/deadlines';
import type { Process } from '../../lib/processes';
import type { LetterKind } from '../../policies/schema';
import { database } from './activities';
import { watchDeadline } from './deadline-watch';
import type { CaseStatus, NextStep } from './messages';
import { nextStep } from './next-step';
import { acceptOfficerUpdates } from './officer';
import { caseRun } from './run';
import { carryOut, type NewTask } from './tasks';
import type {
  CaseInput,
  CaseOptions,
  CaseResult,
  CaseState,
  Carried,
  ClockSettings,
  RecordedStep,
} from './types';
import { caseStatusQuery, type Decided } from './updates';
import { refuse } from './validate';

export type { CaseInput, CaseOptions, CaseResult, CaseState, Carried, ClockSettings, Task } from './types';

/** `carried`: where the previous run of a case that continued as new had come to (`continueAsNew` below). */
export async function openCase<P extends Process>(
  reference: string,
  options: CaseOptions,
  carried?: Carried,
) {
  // Histories of the first access requests loaded their case under the activity's old name.
  const file = (await (patched('load-case')
    ? database.loadCase(reference)
    : database.loadAccessCase(reference))) as CaseFile<P>;
  const process = file.process ?? 'access';
  const settings = { ...options.alarms, ...file.settings } as unknown as ClockSettings;
  const { holidays } = file;
  const run = caseRun(reference, file.caseId, carried);
  const receivedAt = new Date(file.receivedAt);
  const state: CaseState = carried
    ? { ...carried.state, deadline: reviveDeadline(carried.state.deadline) }
    : {
        // A process whose clock is its own (a retention period) was given its due moment at registration.
        deadline: settings.period
          ? computeDeadline(receivedAt, settings.period, holidays)
          : deadlineAt(receivedAt, new Date(file.dueAt)),
        stage: 'acknowledging',
        identity: null,
        extension: null,
        decision: null,
        answered: false,
        tasks: [],
      };
  let closed = false;
  /** Batches of parties added: each batch's key is its own, also when two follow without a note between. */
  let partyBatches = carried?.partyBatches ?? 0;
  let nextAlarm: CaseStatus['nextAlarm'];
  /** The parties the workflow added, by role and address: their ids. */
  const known = new Map<string, number>();
  let identityWaitEnd: Date | undefined;

  /** Art. 12(6): a requester who does not answer the request for information within the policy's period. */
  const identityWaitEnds = () => {
    if (!state.identityRequestedAt || state.identity?.verified || !settings.identityWait) return undefined;
    if (!patched('identity-wait')) return undefined;
    const requested = new Date(state.identityRequestedAt);
    return (identityWaitEnd = computeDeadline(requested, settings.identityWait, holidays).dueAt);
  };

  const next = (): NextStep =>
    nextStep(
      { reference, process, stage: state.stage, identity: state.identity, letters: run.letters },
      options,
      identityWaitEnd,
    );

  const status = (): CaseStatus => ({
    reference,
    stage: state.stage,
    receivedAt: file.receivedAt,
    dueAt: state.deadline.dueAt.toISOString(),
    dueDate: state.deadline.dueDate,
    extended: state.extension !== null,
    next: next(),
    nextAlarm,
    letters: run.letters,
    tasks: state.tasks,
    history: run.history,
    ...(options.details ? { details: options.details() } : {}),
  });

  /** An update of the officer's: validated without touching the case, applied, answered with the status. */
  function accept<I>(
    update: UpdateDefinition<CaseStatus, [I]>,
    apply: (input: I) => void,
    validate: (input: I) => void,
  ) {
    setHandler(update, (input: I) => (apply(input), options.afterUpdate?.(), status()), {
      validator: validate,
    });
  }

  const stillOpen = (what: string) => {
    if (state.answered || closed) refuse(`${what}: the answer has already been sent`);
  };

  setHandler(caseStatusQuery, status);
  run.acceptLetterUpdates(status);
  acceptOfficerUpdates({ process, settings, holidays, run, state, options, accept, stillOpen });

  /**
   * The deadline watch for `due`, until `over()`: reminders to the officer (at the policy's offsets, or at
   * `reminders`), escalation to management.
   */
  const watch = (due: () => Deadline, over: () => boolean, reminders = settings.reminders) =>
    watchDeadline({
      reference,
      deadline: due,
      reminders,
      escalateEvery: settings.escalateEvery,
      escalates: options.escalates,
      holidays,
      closed: over,
      nextStep: next,
      startedAt: new Date(workflowInfo().startTime),
      onAlarm: (event) => run.note(event),
      onSchedule: (alarm) => (nextAlarm = alarm && { kind: alarm.kind, at: alarm.at.toISOString() }),
    });

  return {
    reference,
    process,
    file,
    settings,
    state,
    run,
    status,
    accept,
    deadline: () => state.deadline,
    /** A deadline watch of the process's own beside the case's (a breach's letters to the people). */
    watch,

    /**
     * The process's decision: validated by the process (after the kit's check that its turn has come),
     * recorded with its evidence in full, and then, when the policy wants four eyes, awaiting approval.
     */
    acceptDecision<D extends Decided>(
      update: UpdateDefinition<CaseStatus, [D]>,
      validate: (input: D) => void,
      summary: (input: D) => { note: string; data: Record<string, unknown> },
    ) {
      accept(
        update,
        (input) => {
          state.decision = input;
          state.stage = settings.fourEyes ? 'awaiting-approval' : options.decided;
          const { note, data } = summary(input);
          run.note(`decision: ${note}`, input.by);
          run.record(`${process}.decided`, input.by, data, {}, { decision: input });
        },
        (input) => {
          stillOpen('decision');
          if (state.stage === 'acknowledging' || state.stage === 'verifying-identity')
            refuse("decision: the requester's identity has not been verified yet (art. 12(6))");
          if (state.stage === 'awaiting-approval') refuse('decision: a decision is awaiting approval');
          validate(input);
        },
      );
    },

    /**
     * An update that is a step of its own, recorded as it comes: a note in the history, its audit event, and its
     * evidence in full in the case's records (from which a breach's log is read).
     */
    acceptRecorded<I extends { by: string }>(
      update: UpdateDefinition<CaseStatus, [I]>,
      validate: (input: I) => void,
      apply: (input: I) => RecordedStep,
    ) {
      accept(
        update,
        (input) => {
          const { type, note, evidence, data = {}, dueAt } = apply(input);
          run.note(note, input.by);
          run.record(type, input.by, data, dueAt ? { dueAt } : {}, evidence);
        },
        validate,
      );
    },

    /**
     * Continues the case as a new run of its workflow (a case that runs for years keeps its history small, and
     * reads its policy again): what was queued is written first, and the new run goes on from `own`, the
     * process's state, with the kit's.
     */
    async continueAsNew(own: Record<string, unknown>): Promise<never> {
      await run.flush();
      const next: Carried = {
        state,
        history: run.history,
        letters: run.letters,
        recorded: run.recorded(),
        partyBatches,
        own,
      };
      return continueAsNew<(input: CaseInput) => Promise<CaseResult>>({ reference, carried: next });
    },

    /** Registers the request (a note) and sends the acknowledgement stating the deadline (and what was asked). */
    async acknowledge(details?: Record<string, unknown>) {
      run.note('request registered');
      await run.sendLetter('acknowledgement', details);
      if (state.stage === 'acknowledging') state.stage = 'verifying-identity';
    },

    /**
     * Waits until the requester's identity is verified (art. 12(6)). False when the requester did not answer a
     * request for more information in time: the request then ends, with a letter saying so.
     */
    async identity(): Promise<boolean> {
      if (await run.until(() => state.identity?.verified === true, identityWaitEnds)) return true;
      run.note('identity not established in time: the request is closed', 'system');
      run.record(`${process}.identity-not-established`, 'system');
      await run.flush();
      await run.sendLetter('identity-not-established');
      return false;
    },

    /** Waits for the decision to hold (approved, with four eyes), writing what the officer's updates queue. */
    async decision<D extends Decided>(): Promise<D> {
      await run.until(() => state.stage === options.decided);
      return state.decision as D;
    },

    /**
     * Adds parties (recipients, data owners) to the case; answers their ids, in order. A party named again (the
     * same role and address: one data owner for several changes) keeps the id it has.
     */
    async addParties(parties: Party[]): Promise<number[]> {
      await run.flush();
      const same = (p: Party) => `${p.role}/${(p.email ?? p.postalAddress ?? p.name).toLowerCase()}`;
      const added = [
        ...new Map(parties.filter((p) => !known.has(same(p))).map((p) => [same(p), p])).values(),
      ];
      const key = `${reference}/parties/${++partyBatches}`;
      const ids =
        added.length > 0 ? await database.addParties({ caseId: file.caseId, key, parties: added }) : [];
      added.forEach((party, index) => known.set(same(party), ids[index]!));
      return parties.map((party) => known.get(same(party))!);
    },

    /** Gives each data owner their task and waits until every one is confirmed (`tasks.ts`). */
    carryOut: (tasks: NewTask[], due: Deadline) =>
      carryOut({ reference, settings, holidays, run, state }, tasks, due),

    /** The final letter: once it is on its way, nothing is decided or extended any more. */
    async answer(kind: LetterKind, details?: Record<string, unknown>, appendDocumentId?: number) {
      state.answered = true;
      await run.sendLetter(kind, details, appendDocumentId);
    },

    /**
     * Runs the process's main line beside the deadline watch, then closes the case once every letter has gone out.
     * Both are observed: a failure of either ends the run, and neither can reject unnoticed.
     */
    async main(line: () => Promise<string>): Promise<CaseResult> {
      // The deadline is for the answer: once it has gone out, a case kept open for a later duty (a restriction
      // in force until lifted, art. 18(3)) is not overdue. Cases started before this rule keep the old one.
      const answerEndsWatch = patched('answer-ends-watch');
      const watching = watch(
        () => state.deadline,
        () =>
          closed ||
          (answerEndsWatch && state.answered && run.lettersSettled()) ||
          options.deadlineMet?.(state) === true,
      );
      const close = async (outcome: string): Promise<CaseResult> => {
        state.stage = 'delivering';
        await run.until(run.lettersSettled);
        closed = true;
        state.stage = 'closed';
        run.record('case.closed', 'system', { outcome }, { closed: true });
        await run.flush();
        return { reference, outcome, closedAt: new Date().toISOString() };
      };
      const [result] = await Promise.all([
        line()
          .then(close)
          .finally(() => (closed = true)),
        watching,
      ]);
      return result;
    },
  };
}

export type Case = Awaited<ReturnType<typeof openCase>>;

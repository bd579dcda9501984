/**
 * Keeping data until it must go: the kit's part for the processes where time itself is the actor (an applicant's
 * data, a dossier's retention period), whose timers run weeks to twenty years. The case waits for its due date,
 * postponed by a legal hold; every change (a hold, its release or end, a new due date, a changed policy) and a
 * yearly wake continue the case as a new run, so its history stays small and it reads its policy again. When the
 * day comes the officer has been asked to review it, its data owner gets the destruction task (no personal data)
 * and confirms who, when and how; the destruction register gets its entry and the officer the confirmation.
 */
import { workflowInfo } from '@temporalio/workflow';
import type { Destruction } from '../../db/destructions';
import { nominalEndDate, reminderMoments, type Deadline } from '../../lib/deadlines';
import { amsterdamDate, startOfAmsterdamDay } from '../../lib/calendar';
import type { Duration } from '../../lib/durations';
import { mail } from './activities';
import {
  holdUpdate,
  policyChangedUpdate,
  releaseUpdate,
  validateHold,
  validateRelease,
  type HoldRecord,
} from './holds';
import type { Case } from './kit';
import { actor } from './validate';

/** What keeping carries into the case's next run. */
export interface Kept {
  holds: HoldRecord[];
  /** The due date the officer was asked to review (a moved date is reviewed again). */
  reviewed?: string;
  /** The due date last recorded as the case's (`<process>.due-changed`). */
  recorded?: string;
}

/** A case that sleeps longer than this wakes and continues as new anyway: its policy is read again. */
const WAKE_AT_LEAST_EVERY: Duration = { years: 1 };

/** The due date as the process's state now has it, and why (for the record when it moves). */
export interface Due {
  deadline: Deadline;
  why: string;
}

/**
 * `own()`: the process's state for the next run (keeping adds its own under `kept`); `due()`: the due date that
 * state gives; `review`: how long before the due date the officer is asked to review it (a retention schedule's
 * policy offset).
 */
export function keeping(
  kase: Case,
  {
    own,
    due,
    kept,
    review,
  }: { own: () => Record<string, unknown>; due: () => Due; kept?: Kept; review?: Duration },
) {
  const { process, run, state, reference } = kase;
  const holds = kept?.holds ?? [];
  let reviewed = kept?.reviewed;
  // The due date last recorded: the status shows a change at once, the record follows in the next run.
  let recorded = kept?.recorded ?? state.deadline.dueAt.toISOString();
  let changes = 0;
  /**
   * The hold not yet ended: a hold's end date ends it when the case wakes then. State, not the clock, so that the
   * conditions that read it change only with what the history records.
   */
  const held = () => holds.find((hold) => !hold.ended);
  const stage = () =>
    held() ? 'on-hold' : reviewed === state.deadline.dueAt.toISOString() ? 'reviewing' : 'keeping';
  /**
   * A change continues the case as new; meanwhile the status (which the update answers) shows its stage and due
   * date already. No command here: what is recorded of it, the next run records.
   */
  const change = () => {
    changes++;
    moveTo(due().deadline);
    state.stage = stage();
  };
  /** The registered deadline stays the case's while its moment holds (it says how it was reckoned). */
  const moveTo = (deadline: Deadline) => {
    if (deadline.dueAt.getTime() !== state.deadline.dueAt.getTime()) state.deadline = deadline;
  };
  /** The due date has come with no hold in force: the destruction follows. */
  let reached = false;
  // Not the stage: `carryOut` moves it on to 'carrying-out' while the task is still out.
  let destroying = false;

  kase.acceptRecorded(
    holdUpdate,
    (input) => validateHold(input, holds, destroying, new Date()),
    (input) => {
      holds.push({ ...input, at: new Date().toISOString() });
      change();
      return {
        type: `${process}.held`,
        note: `legal hold${input.until ? ` until ${amsterdamDate(new Date(input.until))}` : ''}: destruction postponed`,
        evidence: { hold: input },
        data: input.until ? { until: input.until } : {},
      };
    },
  );
  kase.acceptRecorded(
    releaseUpdate,
    (input) => validateRelease(input, holds, new Date()),
    (input) => {
      held()!.ended = { at: new Date().toISOString(), by: input.by };
      change();
      return { type: `${process}.released`, note: 'legal hold released', evidence: { release: input } };
    },
  );
  kase.acceptRecorded(
    policyChangedUpdate,
    (input) => actor(input.by),
    () => {
      change();
      return { type: `${process}.policy-reread`, note: 'policy read again', evidence: {} };
    },
  );

  /**
   * The case's deadline is the one its state gives (a touched file, consent, a changed policy period move it);
   * a moved one is recorded as `<process>.due-changed` with its reason, and the watch and `cases` follow it.
   */
  const follow = () => {
    const { deadline, why } = due();
    moveTo(deadline);
    const dueAt = deadline.dueAt.toISOString();
    if (dueAt === recorded) return;
    recorded = dueAt;
    run.note(`due date now ${amsterdamDate(deadline.dueAt)}: ${why}`);
    run.record(`${process}.due-changed`, 'system', { dueAt, why }, { dueAt });
  };

  /** A destruction done: the destruction register's entry, and the officer's confirmation (no personal data). */
  async function registered(
    done: Omit<Destruction, 'reference' | 'process' | 'dueAt'>,
    data: Record<string, unknown>,
  ) {
    const destruction: Destruction = {
      ...done,
      reference,
      process,
      dueAt: state.deadline.dueAt.toISOString(),
    };
    run.record(`${process}.destroyed`, 'system', data, { destruction });
    await run.flush();
    const at = new Date().toISOString();
    await mail.mailStaff({
      reference,
      to: 'officer',
      template: 'destroyed',
      key: `${reference}/destroyed`,
      dueAt: destruction.dueAt,
      at,
      next: { step: 'closed' },
    });
    run.note('destruction confirmed to the officer and registered');
  }

  const carry = () => kase.continueAsNew({ ...own(), kept: { holds, reviewed, recorded } satisfies Kept });

  return {
    holds,
    held,
    /** The case's deadline watch has nothing to remind of: a hold is in force, or the due date has come. */
    watchDone: () => held() !== undefined || reached || destroying,
    /** The destruction task has gone out: nothing about the keeping changes any more. */
    destroying: () => destroying,
    /** The process's own change (the file was touched, consent given): the case continues as new with it. */
    changed: change,

    /**
     * Waits until the case's due date has come with no hold in force (asking the officer to review it first, when
     * the process has a review offset). Every change continues the case as new; so does a hold's end.
     */
    async untilDue(): Promise<void> {
      follow();
      const wakeBy = startOfAmsterdamDay(
        nominalEndDate(amsterdamDate(new Date(workflowInfo().runStartTime)), WAKE_AT_LEAST_EVERY),
      );
      for (;;) {
        const hold = held();
        const dueAt = state.deadline.dueAt;
        const reviewAt =
          review && reviewed !== dueAt.toISOString()
            ? reminderMoments(state.deadline, [review], kase.file.holidays)[0]
            : undefined;
        state.stage = stage();
        const next = hold ? (hold.until ? new Date(hold.until) : undefined) : (reviewAt ?? dueAt);
        const wake = next && next < wakeBy ? next : wakeBy;
        const start = changes;
        if (
          await run.until(
            () => changes !== start,
            () => wake,
          )
        )
          return carry();
        if (wake === wakeBy) return carry();
        if (hold) {
          hold.ended = { at: new Date().toISOString(), by: 'system' };
          run.note('legal hold ended on its end date');
          run.record(`${process}.released`, 'system', { ended: 'until' });
          return carry();
        }
        if (reviewAt && new Date() < dueAt) {
          reviewed = dueAt.toISOString();
          await mail.mailStaff({
            reference,
            to: 'officer',
            template: 'review',
            key: `${reference}/review/${reviewed}`,
            dueAt: reviewed,
            at: new Date().toISOString(),
            next: { step: 'review' },
          });
          run.note('review asked of the officer');
          continue;
        }
        reached = true;
        return;
      }
    },

    /**
     * The destruction: the data owner's task, confirmed with who, when and how; then the register's entry and the
     * officer's confirmation.
     */
    async destroy(
      owner: { name: string; email: string },
      action: string,
      entry: Pick<Destruction, 'what' | 'basis' | 'category'>,
    ) {
      destroying = true;
      const [partyId] = await kase.addParties([{ role: 'data-owner', ...owner }]);
      await kase.carryOut([{ partyId: partyId!, action }], state.deadline);
      const task = state.tasks.at(-1)!;
      await registered(
        { ...entry, destroyedAt: task.doneAt!, destroyedBy: task.doneBy!, how: task.how! },
        { task: task.number, at: task.doneAt },
      );
    },

    /**
     * A destruction Privacyloket does itself, of data it holds (a closed case's own file): `destroy` is its
     * activity and answers when; no data owner is asked. The register's entry and the officer's confirmation
     * follow as for any other.
     */
    async destroyItself(
      destroy: () => Promise<{ destroyedAt: string }>,
      entry: Pick<Destruction, 'what' | 'basis' | 'category' | 'how'>,
    ) {
      destroying = true;
      state.stage = 'destroying';
      const { destroyedAt } = await destroy();
      await registered({ ...entry, destroyedAt, destroyedBy: 'Privacyloket' }, { at: destroyedAt });
    },
  };
}

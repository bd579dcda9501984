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
}

/** A case that sleeps longer than this wakes and continues as new anyway: its policy is read again. */
const WAKE_AT_LEAST_EVERY: Duration = { years: 1 };

/**
 * `own()`: the process's state for the next run (keeping adds its own under `kept`); `review`: how long before the
 * due date the officer is asked to review it (a retention schedule's policy offset).
 */
export function keeping(
  kase: Case,
  { own, kept, review }: { own: () => Record<string, unknown>; kept?: Kept; review?: Duration },
) {
  const { process, run, state, reference } = kase;
  const holds = kept?.holds ?? [];
  let reviewed = kept?.reviewed;
  let changes = 0;
  /**
   * The hold not yet ended: a hold's end date ends it when the case wakes then. State, not the clock, so that the
   * conditions that read it change only with what the history records.
   */
  const held = () => holds.find((hold) => !hold.ended);
  /** The due date has come with no hold in force: the destruction follows. */
  let reached = false;
  // Not the stage: `carryOut` moves it on to 'carrying-out' while the task is still out.
  let destroying = false;

  kase.acceptRecorded(
    holdUpdate,
    (input) => validateHold(input, holds, destroying, new Date()),
    (input) => {
      holds.push({ ...input, at: new Date().toISOString() });
      changes++;
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
      changes++;
      return { type: `${process}.released`, note: 'legal hold released', evidence: { release: input } };
    },
  );
  kase.acceptRecorded(
    policyChangedUpdate,
    (input) => actor(input.by),
    () => {
      changes++;
      return { type: `${process}.policy-reread`, note: 'policy read again', evidence: {} };
    },
  );

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

  const carry = () => kase.continueAsNew({ ...own(), kept: { holds, reviewed } satisfies Kept });

  return {
    holds,
    held,
    /** The case's deadline watch has nothing to remind of: a hold is in force, or the due date has come. */
    watchDone: () => held() !== undefined || reached || destroying,
    /** The destruction task has gone out: nothing about the keeping changes any more. */
    destroying: () => destroying,
    /** The process's own change (the file was touched, consent given): the case continues as new with it. */
    changed: () => void changes++,

    /**
     * Moves the case's deadline to `deadline` when its moment differs (a touched file, a changed policy period), recorded as
     * `<process>.due-changed` with its reason; the watch and `cases` follow it.
     */
    follow(deadline: Deadline, why: string) {
      const { dueAt } = deadline;
      if (dueAt.getTime() === state.deadline.dueAt.getTime()) return;
      state.deadline = deadline;
      run.note(`due date now ${amsterdamDate(dueAt)}: ${why}`);
      run.record(
        `${process}.due-changed`,
        'system',
        { dueAt: dueAt.toISOString(), why },
        { dueAt: dueAt.toISOString() },
      );
    },

    /**
     * Waits until the case's due date has come with no hold in force (asking the officer to review it first, when
     * the process has a review offset). Every change continues the case as new; so does a hold's end.
     */
    async untilDue(): Promise<void> {
      const wakeBy = startOfAmsterdamDay(
        nominalEndDate(amsterdamDate(new Date(workflowInfo().runStartTime)), WAKE_AT_LEAST_EVERY),
      );
      for (;;) {
        const hold = held();
        const due = state.deadline.dueAt;
        const reviewAt =
          review && reviewed !== due.toISOString()
            ? reminderMoments(state.deadline, [review], kase.file.holidays)[0]
            : undefined;
        state.stage = hold ? 'on-hold' : reviewed === due.toISOString() ? 'reviewing' : 'keeping';
        const next = hold ? (hold.until ? new Date(hold.until) : undefined) : (reviewAt ?? due);
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
        if (reviewAt && new Date() < due) {
          reviewed = due.toISOString();
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

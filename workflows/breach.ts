/**
 * Datalek: a personal data breach (AVG art. 33 and 34; Buurderij art. 21; Werk op Maat "Datalekken"). Logged the
 * moment it is registered (art. 33(5): every breach); the 72 hours of art. 33(1) run from awareness, or on the
 * policy's stricter clock from when it was noticed, in hours through weekends, holidays and DST changes, with
 * reminders and escalation until the decision on notifying is recorded and, when it is to notify, the AP's
 * reference. The officer assesses (each version kept; Privacyloket recommends), decides, records the AP
 * notification and its follow-ups (art. 33(4)); when the people are to be told (art. 34), every one of them gets
 * a personal letter through a child workflow, unless an exception of art. 34(3) is recorded. The officer closes
 * the breach with the log entry complete.
 */
import { condition, executeChild } from '@temporalio/workflow';
import { breachMailing, breachMailingId } from './breach-mailing';
import type { BreachStart } from '../lib/breach/types';
import { computeDeadline, type Deadline } from '../lib/deadlines';
import type { Duration } from '../lib/durations';
import { openCase, type CaseInput, type CaseResult, type ClockSettings } from './case/kit';
import { refuse } from './case/validate';
import { acceptBreachSteps, breachNextStep, breachStage, type BreachState } from './breach-messages';

interface BreachSettings extends ClockSettings {
  stricterClockFrom?: 'noticed';
  people: { period: Duration; reminders: Duration[] };
}

export async function breach({ reference }: CaseInput): Promise<CaseResult> {
  const kase = await openCase<'breach'>(reference, {
    decided: 'closing',
    next: (stage) => breachNextStep(stage, reference),
    deadlineMet: () => notificationSettled(),
    details: () => ({ breach: b }),
    afterUpdate: () => stage(),
    checkExtension: () =>
      refuse(
        "extend: a breach's 72 hours (art. 33(1)) cannot be extended; a late notification states its reasons",
      ),
  });
  const { run, state, file } = kase;
  const settings = file.settings as unknown as BreachSettings;
  const start = file.request as unknown as BreachStart;
  const clock = (from: string, period: Duration = settings.period) =>
    computeDeadline(new Date(from), period, file.holidays);

  const b: BreachState = {
    noticedAt: start.noticedAt,
    awareAt: start.awareAt ?? start.noticedAt,
    legalDueAt: '',
    assessments: 0,
    notifications: [],
    letterApproved: false,
    closing: false,
  };
  /** The clocks from the moments known now: the reminders follow the stricter one, the law governs lateness. */
  const setClocks = () => {
    const legal = clock(b.awareAt);
    b.legalDueAt = legal.dueAt.toISOString();
    const internal = settings.stricterClockFrom === 'noticed' ? clock(b.noticedAt) : undefined;
    if (internal) b.internalDueAt = internal.dueAt.toISOString();
    state.deadline = internal ?? legal;
  };
  setClocks();
  const stage = () => (state.stage = breachStage(b));
  stage();
  /** The duty of art. 33 is met: decided not to notify, or notified. */
  const notificationSettled = () =>
    b.decision !== undefined && (!b.decision.notifyAuthority || b.notifications.length > 0);
  let peopleDue: Deadline | undefined;

  acceptBreachSteps(
    kase,
    b,
    {
      aware: () => {
        setClocks();
        return state.deadline.dueAt.toISOString();
      },
      tellPeople: () => {
        peopleDue = clock(new Date().toISOString(), settings.people.period);
        return peopleDue.dueAt.toISOString();
      },
    },
    file.locale,
  );

  /** Art. 34(1) "without undue delay": reminders and escalation until the letters are out or an exception holds. */
  const lettersWatch = async () => {
    // Not `run.until`: the main line writes what the updates queue, and only it.
    await condition(() => peopleDue !== undefined || b.closing);
    if (!peopleDue) return;
    const due = peopleDue;
    const told = () =>
      b.closing || b.exception !== undefined || b.letters !== undefined || !b.decision?.notifySubjects;
    await kase.watch(() => due, told, settings.people.reminders);
  };

  return kase.main(async () => {
    run.note('breach logged (art. 33(5))');
    const watching = lettersWatch();
    await run.until(() => b.closing || b.letterApproved);
    if (b.letterApproved) {
      // The child writes the outcome's record itself, once; here the case learns the counts. Meanwhile (minutes,
      // for thousands) the officer's updates are written as they come: a follow-up to the AP, the FG's advice.
      const sent = await run.during(
        executeChild(breachMailing, { workflowId: breachMailingId(reference), args: [{ reference }] }),
      );
      b.letters = { ...sent, at: new Date().toISOString() };
      run.note(
        `letters to the people: ${sent.sent} sent, ${sent.post} for the post, ${sent.undeliverable} undeliverable`,
      );
      stage();
      await run.until(() => b.closing);
    }
    await watching;
    return 'closed';
  });
}

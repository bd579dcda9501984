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
import type { UpdateDefinition } from '@temporalio/common';
import { parseAssessment } from '../lib/breach/assessment';
import { recommend } from '../lib/breach/recommend';
import type { BreachRecords, BreachStart } from '../lib/breach/types';
import { computeDeadline, type Deadline } from '../lib/deadlines';
import type { Duration } from '../lib/durations';
import { openCase, type CaseInput, type CaseResult, type ClockSettings } from './case/kit';
import type { CaseStatus } from './case/messages';
import { refuse } from './case/validate';
import {
  breachAssessUpdate,
  breachAwareUpdate,
  breachCloseUpdate,
  breachDecideUpdate,
  breachExceptionUpdate,
  breachFollowUpUpdate,
  breachLetterUpdate,
  breachNextStep,
  breachNotifiedUpdate,
  breachPeopleUpdate,
  breachPostedUpdate,
  breachStage,
  departs,
  validateAssess,
  validateAware,
  validateClose,
  validateDecide,
  validateException,
  validateFollowUp,
  validateLetter,
  validateNotified,
  validatePeople,
  validatePosted,
  type BreachState,
} from './breach-messages';

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

  /** A step of the breach, recorded with its evidence in full: the breach log is read from these records. */
  const on = <I extends { by: string }, T extends keyof BreachRecords>(
    update: UpdateDefinition<CaseStatus, [I]>,
    validate: (state: BreachState, input: I) => void,
    type: T,
    apply: (input: I) => {
      note: string;
      evidence: BreachRecords[T];
      data?: Record<string, unknown>;
      dueAt?: string;
    },
  ) =>
    kase.acceptRecorded(
      update,
      (input: I) => validate(b, input),
      (input) => ({ type, ...apply(input) }),
    );

  on(breachAwareUpdate, validateAware, 'breach.aware', (input) => {
    b.awareAt = new Date(input.at).toISOString();
    setClocks();
    return {
      dueAt: state.deadline.dueAt.toISOString(),
      note: `aware since ${b.awareAt}`,
      evidence: { ...input, at: b.awareAt },
      data: { at: b.awareAt },
    };
  });

  on(breachAssessUpdate, validateAssess, 'breach.assessed', (input) => {
    const { by } = input;
    const assessment = parseAssessment(input.assessment); // its text normalised, as the log keeps it
    // In the case's language, as the log and the AP document show it; a history recorded before the case file
    // carried its locale replays in Dutch, which changes no command.
    const recommendation = recommend(assessment, file.locale);
    b.assessments += 1;
    b.recommendation = recommendation;
    const { notifyAuthority, notifySubjects } = recommendation;
    return {
      note: `assessment ${b.assessments}: recommended ${advice(recommendation)}`,
      evidence: { version: b.assessments, assessment, recommendation, by },
      data: { version: b.assessments, notifyAuthority, notifySubjects },
    };
  });

  on(breachDecideUpdate, validateDecide, 'breach.decided', (input) => {
    const recommendation = b.recommendation!;
    const against = departs(recommendation, input).length > 0;
    const reasons = input.reasons ?? recommendation.reasons.join(' ');
    b.decision = {
      notifyAuthority: input.notifyAuthority,
      notifySubjects: input.notifySubjects,
      reasons,
      against,
      by: input.by,
    };
    if (input.notifySubjects && !b.lettersDueAt) {
      peopleDue = clock(new Date().toISOString(), settings.people.period);
      b.lettersDueAt = peopleDue.dueAt.toISOString();
    }
    const { notifyAuthority, notifySubjects } = input;
    return {
      note: `decision: ${advice(input)}${against ? ' (against the recommendation)' : ''}`,
      evidence: { ...b.decision, recommendation },
      data: { notifyAuthority, notifySubjects, against },
    };
  });

  on(breachNotifiedUpdate, validateNotified, 'breach.notified', (input) => {
    const at = new Date(input.at).toISOString();
    const late = at > b.legalDueAt;
    b.notifications.push({ number: 1, apReference: input.apReference, at, late });
    return {
      note: `AP notified (${input.apReference})${late ? ', after the 72 hours' : ''}`,
      evidence: { number: 1, ...input, at },
      data: { number: 1, at, late },
    };
  });

  on(breachFollowUpUpdate, validateFollowUp, 'breach.notified', (input) => {
    const at = new Date(input.at).toISOString();
    const number = b.notifications.length + 1;
    const apReference = input.apReference ?? b.notifications[0]!.apReference;
    b.notifications.push({ number, apReference, at, late: false });
    return {
      note: `follow-up notification ${number} to the AP`,
      evidence: { number, ...input, apReference, at },
      data: { number, at },
    };
  });

  // The import itself is recorded with the people, in one transaction (services/breach-people.ts).
  kase.accept(
    breachPeopleUpdate,
    ({ count, byMail, byPost, by }) => {
      b.people = { count, byMail, byPost };
      run.note(`${count} people to tell imported (${byMail} by mail, ${byPost} by post)`, by);
    },
    (input) => validatePeople(b, input),
  );

  on(breachPostedUpdate, validatePosted, 'breach.letters-posted', (input) => {
    b.posted = new Date(input.at).toISOString();
    return {
      note: `${b.letters?.post ?? 0} letters for the post posted`,
      evidence: { ...input, at: b.posted, count: b.letters?.post ?? 0 },
      data: { at: b.posted, count: b.letters?.post ?? 0 },
    };
  });

  on(breachLetterUpdate, validateLetter, 'breach.letter-approved', (input) => {
    b.letterApproved = true;
    return { note: 'letter to the people approved', evidence: input };
  });

  on(breachExceptionUpdate, validateException, 'breach.exception', (input) => {
    b.exception = input.ground;
    return {
      note: `exception of art. 34(3): ${input.ground}`,
      evidence: input,
      data: { ground: input.ground },
    };
  });

  on(breachCloseUpdate, validateClose, 'breach.closed', (input) => {
    b.closing = true;
    return { note: 'breach closed: the log entry is complete', evidence: input };
  });

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

const advice = ({ notifyAuthority, notifySubjects }: { notifyAuthority: boolean; notifySubjects: boolean }) =>
  `${notifyAuthority ? 'notify' : 'do not notify'} the AP, ${notifySubjects ? 'tell' : 'do not tell'} the people`;

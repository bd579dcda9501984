/**
 * The officer's steps in a breach: each update, its validator, and what it changes in the breach's state, recorded
 * with its evidence in full (the breach log and the AP document are read back from these records). The clocks and
 * the mailing stay with the workflow (`breach.ts`); a step that moves a clock asks it through `clocks`.
 */
import type { UpdateDefinition } from '@temporalio/common';
import { parseAssessment } from '../lib/breach/assessment';
import { recommend } from '../lib/breach/recommend';
import type { BreachRecords } from '../lib/breach/types';
import type { Case } from './case/kit';
import type { CaseStatus } from './case/messages';
import {
  breachAssessUpdate,
  breachAwareUpdate,
  breachCloseUpdate,
  breachDecideUpdate,
  breachExceptionUpdate,
  breachFollowUpUpdate,
  breachLetterUpdate,
  breachNotifiedUpdate,
  breachPeopleUpdate,
  breachPostedUpdate,
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

export interface BreachClocks {
  /** Awareness moved: the clocks are set again; answers the case's deadline. */
  aware(): string;
  /** The people are to be told: their own clock starts now (once); answers its due moment. */
  tellPeople(): string;
}

export function acceptBreachSteps(kase: Case, b: BreachState, clocks: BreachClocks, locale: 'nl' | 'en') {
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
    return {
      dueAt: clocks.aware(),
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
    const recommendation = recommend(assessment, locale);
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
    const { notifyAuthority, notifySubjects, by } = input;
    b.decision = { notifyAuthority, notifySubjects, reasons, against, by };
    if (notifySubjects) b.lettersDueAt ??= clocks.tellPeople();
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
      kase.run.note(`${count} people to tell imported (${byMail} by mail, ${byPost} by post)`, by);
    },
    (input) => validatePeople(b, input),
  );

  on(breachPostedUpdate, validatePosted, 'breach.letters-posted', (input) => {
    b.posted = new Date(input.at).toISOString();
    const count = b.letters?.post ?? 0;
    return {
      note: `${count} letters for the post posted`,
      evidence: { ...input, at: b.posted, count },
      data: { at: b.posted, count },
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
}

const advice = ({ notifyAuthority, notifySubjects }: { notifyAuthority: boolean; notifySubjects: boolean }) =>
  `${notifyAuthority ? 'notify' : 'do not notify'} the AP, ${notifySubjects ? 'tell' : 'do not tell'} the people`;

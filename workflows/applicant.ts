/**
 * Sollicitatiegegevens: an applicant's data after the procedure (Buurderij appendix; AP on applicants' data). They
 * are kept until the policy's period after the procedure ended (4 weeks), or, with the applicant's recorded
 * consent (art. 4(11), 7(1)), until the day consented to, at most a year; consent withdrawn (art. 7(3)) ends the
 * keeping at once, though never before the 4 weeks. A hired applicant's necessary data move to the personnel file,
 * each part under its staff retention category, and the rest goes. A legal hold postpones. The data owner destroys
 * and confirms; the register records it; after a withdrawal the applicant is told. Every change continues the case
 * as a new run (`keeping`), which rebuilds its state from what it carried.
 */
import { amsterdamDate } from '../lib/calendar';
import { parseInstant } from '../lib/instants';
import { keeping, type Kept } from './case/keeping';
import { openCase, type Case, type CaseInput, type CaseResult } from './case/kit';
import {
  applicantDue,
  applicantNextStep,
  askConsentUpdate,
  consentKeeps,
  consentLimit,
  consentUpdate,
  validateAskConsent,
  validateConsent,
  validateWithdrawal,
  withdrawConsentUpdate,
  type ApplicantRequest,
  type ApplicantSettings,
  type ApplicantState,
  type Consent,
} from './applicant-messages';

export async function applicant({ reference, carried }: CaseInput): Promise<CaseResult> {
  const { kept, ...own } = (carried?.own ?? {}) as ApplicantState & { kept?: Kept };
  const kase: Case = await openCase<'applicant'>(
    reference,
    {
      decided: 'keeping',
      next: (stage) =>
        applicantNextStep(
          stage,
          reference,
          kase.state.deadline.dueAt.toISOString(),
          own.consent !== undefined,
        ),
      // After a withdrawal the data go at once: no reminders of a date that has come.
      escalates: false,
      deadlineMet: () => keep.watchDone() || own.withdrawal !== undefined,
      details: () => ({ applicant: { ...own, hired: request.hired, moved: request.moved } }),
    },
    carried,
  );
  const { run, state, file } = kase;
  const request = file.request as unknown as ApplicantRequest;
  const settings = file.settings as unknown as ApplicantSettings;
  const ended = new Date(request.procedureEndedAt);
  const keep = keeping(kase, {
    own: () => own,
    due: () => ({
      deadline: applicantDue(own, ended, settings, file.holidays),
      why: own.withdrawal ? 'consent withdrawn' : own.consent ? 'consent' : 'the policy',
    }),
    kept,
  });
  const standing = () => ({
    request,
    state: own,
    settings,
    holidays: file.holidays,
    destroying: keep.destroying(),
  });

  const consented = (consent: Pick<Consent, 'until'>) =>
    consentKeeps(consent, ended, settings, file.holidays);

  kase.acceptRecorded(
    consentUpdate,
    (input) => validateConsent(input, standing(), new Date()),
    (input) => {
      const given = parseInstant('--given', input.given).toISOString();
      own.consent = { ...input, given, until: consented(input).dueAt.toISOString() };
      keep.changed();
      const { how, until } = own.consent;
      return {
        type: 'applicant.consent-recorded',
        note: `consent recorded (given ${amsterdamDate(new Date(given))} by ${how}): kept until ${amsterdamDate(new Date(until))}`,
        evidence: { consent: own.consent },
        data: { given, how, until },
      };
    },
  );
  kase.acceptRecorded(
    askConsentUpdate,
    (input) => validateAskConsent(input, standing()),
    () => {
      const limit = consentLimit(ended, settings, file.holidays).deadline;
      own.asked = [...(own.asked ?? []), new Date().toISOString()];
      run.queueLetter('applicant-consent-request', { consentRequest: { untilDate: limit.dueDate } });
      return { type: 'applicant.consent-asked', note: 'consent asked by letter', evidence: {} };
    },
  );
  kase.acceptRecorded(
    withdrawConsentUpdate,
    (input) => validateWithdrawal(input, standing(), new Date()),
    (input) => {
      const received = parseInstant('--received', input.received).toISOString();
      own.withdrawal = { ...input, received, recordedAt: new Date().toISOString() };
      keep.changed();
      const { how } = input;
      return {
        type: 'applicant.consent-withdrawn',
        note: `consent withdrawn (received ${amsterdamDate(new Date(received))} by ${how}): the data go`,
        evidence: { withdrawal: own.withdrawal },
        data: { received, how },
      };
    },
  );

  return kase.main(async () => {
    if (!carried)
      run.note(`application data kept after the procedure (${request.hired ? 'hired' : 'rejected'})`);
    await keep.untilDue();
    const moved = request.moved.map((part) => `${part.label} (${part.category})`).join(', ');
    // The task names categories, never the applicant: who it is, the owner reads in the case.
    const action = request.hired
      ? `sollicitatiegegevens: verplaats naar het personeelsdossier ${moved}, elk onder die bewaartermijn; vernietig de rest van de sollicitatie`
      : 'sollicitatiegegevens vernietigen (brief, cv, aantekeningen, assessment, referenties), ook in back-ups en mailboxen';
    await keep.destroy(request.dataOwner, action, {
      what: request.hired
        ? `sollicitatiegegevens; naar het personeelsdossier: ${moved}`
        : 'sollicitatiegegevens',
      basis: basis(),
    });
    if (!own.withdrawal) return request.hired ? 'moved-to-personnel-file' : 'destroyed';
    const dateOf = (at: string) => amsterdamDate(new Date(at));
    await kase.answer('applicant-withdrawal-confirmation', {
      consent: { givenDate: dateOf(own.consent!.given) },
      withdrawal: { receivedDate: dateOf(own.withdrawal.received) },
      destroyedDate: dateOf(state.tasks.at(-1)!.doneAt!),
    });
    return 'destroyed-after-withdrawal';
  });

  /** Why the data went when they did, for the destruction register. */
  function basis(): string {
    if (request.hired)
      return 'aangenomen: wat de functie vraagt naar het personeelsdossier, de rest vernietigd';
    if (own.withdrawal) return 'toestemming ingetrokken (AVG artikel 7 lid 3)';
    if (own.consent) return `toestemming tot ${amsterdamDate(new Date(own.consent.until))} (AVG artikel 7)`;
    return `afgewezen: ${settings.source}`;
  }
}

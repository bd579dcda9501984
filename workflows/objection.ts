/**
 * Verzet: the right to object (AVG art. 21; Buurderij art. 24). Acknowledge (with the restriction meanwhile when
 * asked, art. 18(1)(d)), verify the subject's identity, decide by the legal basis the register gives: processing
 * on 6(1)(e) or (f) stops unless compelling grounds or legal claims are recorded, direct marketing stops at once,
 * an objection to consent-based processing is its withdrawal, and 6(1)(b)–(d) cannot be objected to. The
 * decision letter goes out within the period; when the processing stops, the data owners stop it and confirm,
 * recipients are told (art. 19) and the subject gets the confirmation. The kit (`workflows/case/`) does the rest.
 */
import { amsterdamDate } from '../lib/calendar';
import { openCase, type CaseInput, type CaseResult } from './case/kit';
import {
  checkObjectionDecision,
  objectionDecideUpdate,
  objectionNextStep,
  validateObjectionExtension,
  type ObjectionDecision,
  type ObjectionRequest,
} from './objection-messages';

export async function objection({ reference }: CaseInput): Promise<CaseResult> {
  const kase = await openCase<'objection'>(reference, {
    decided: 'responding',
    next: (stage) => objectionNextStep(stage, reference),
    checkExtension: () => validateObjectionExtension(request()),
  });
  const request = () => kase.file.request as unknown as ObjectionRequest;
  const { run, state } = kase;

  kase.acceptDecision(
    objectionDecideUpdate,
    (input: ObjectionDecision) => checkObjectionDecision(input, request()),
    ({ basis, directMarketing, outcome, dataOwners, recipients }) => ({
      note: `${outcome} (${basis}${directMarketing ? ', direct marketing' : ''})`,
      // Parties are counted here; who they are is in the evidence, not the audit event.
      data: {
        basis,
        directMarketing,
        outcome,
        dataOwners: dataOwners?.length,
        recipients: recipients?.length,
      },
    }),
  );

  return kase.main(async () => {
    const objection = request();
    await kase.acknowledge({ objection });
    if (objection.restrict) run.record('objection.restriction-recorded', 'system', { article: '18(1)(d)' });
    if (!(await kase.identity())) return 'identity-not-established';
    const { dataOwners = [], recipients = [], by, ...decided } = await kase.decision<ObjectionDecision>();
    const decision = { ...decided, recipientsTold: recipients.length > 0 };
    await kase.answer('objection-decision', { objection, decision });
    if (decided.outcome !== 'stop') {
      // Art. 18(3): the restriction is lifted only once the letter saying so has gone out.
      await run.until(run.lettersSettled);
      if (objection.restrict) run.record('objection.restriction-lifted', 'system', { article: '18(3)' });
      return decided.outcome;
    }

    const parties = await kase.addParties([
      ...dataOwners.map((owner) => ({ role: 'data-owner' as const, ...owner })),
      ...recipients.map(({ name, email, address }) => ({
        role: 'recipient' as const,
        name,
        email,
        postalAddress: address,
      })),
    ]);
    const [owners, told] = [parties.slice(0, dataOwners.length), parties.slice(dataOwners.length)];
    // The task mail names no person: which processing and which data, the owner reads in the case.
    const what = decided.directMarketing ? 'het gebruik voor direct marketing' : 'de verwerking';
    const erase = decided.erased?.length ? ' en de gegevens wissen die het besluit noemt' : '';
    const action = `${what} waartegen bezwaar is gemaakt beëindigen${erase} (AVG artikel 21)`;
    await kase.carryOut(
      owners.map((partyId) => ({ partyId, action })),
      kase.deadline(),
    );
    state.stage = 'notifying';
    const confirmation = { stoppedDate: amsterdamDate(new Date()) };
    run.record('objection.processing-stopped', 'system', { stoppedDate: confirmation.stoppedDate });
    await run.flush();
    for (const partyId of told)
      await run.sendLetter('recipient-notice', { decision, confirmation }, undefined, partyId);
    await run.sendLetter('objection-confirmation', { objection, decision, confirmation });
    return 'stop';
  });
}

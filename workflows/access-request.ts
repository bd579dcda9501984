/**
 * Inzageverzoek: the right of access (AVG art. 15; Buurderij art. 22; Werk op Maat "Recht op inzage").
 * Acknowledge, verify the requester's identity (or end when it cannot be established), hear third persons whose
 * data the file holds, decide, have the decision approved when the policy wants four eyes, answer with every
 * art. 15(1) and 15(2) element and the copy, see every letter out, close. The kit (`workflows/case/`) does the
 * rest: the deadline watch, the extension, approval, letters and the status.
 */
import type { Policy } from '../policies/schema';
import {
  accessNextStep,
  decideUpdate,
  recordThirdPartyViewsUpdate,
  validateDecision,
  validateThirdPartyViews,
  type AccessDecision,
  type ThirdPartyViews,
} from './access-request-messages';
import { openCase, type CaseInput, type CaseResult } from './case/kit';

export async function accessRequest({ reference }: CaseInput): Promise<CaseResult> {
  let thirdPartyViews: ThirdPartyViews | null = null;
  const kase = await openCase<'access'>(reference, {
    decided: 'responding',
    // Buurderij 22.4, 22.6: when the file holds other people's data, their views or consent come first.
    afterIdentity: (identity): string =>
      identity.thirdPartyData === true && settings().thirdPartyViews
        ? 'consulting-third-parties'
        : 'deciding',
    next: (stage) => accessNextStep(stage, reference),
  });
  const settings = (): Policy['processes']['access'] => kase.file.settings;
  const { run, state } = kase;
  const access = () => ({ stage: state.stage, identity: state.identity, thirdPartyViews });

  kase.accept(
    recordThirdPartyViewsUpdate,
    (input) => {
      thirdPartyViews = input;
      state.stage = 'deciding';
      run.note(`views of third persons recorded: consent ${input.consent}`, input.by);
      run.record('access.third-party-views-recorded', input.by, { consent: input.consent }, {}, { input });
    },
    (input) => validateThirdPartyViews(access(), input),
  );
  kase.acceptDecision(
    decideUpdate,
    (input: AccessDecision) => validateDecision(access(), input),
    ({ outcome, grounds, copyDocumentId, copySha256, thirdParties }) => ({
      note: outcome,
      data: { outcome, grounds, copyDocumentId, copySha256, weighed: thirdParties !== undefined },
    }),
  );

  return kase.main(async () => {
    await kase.acknowledge();
    if (!(await kase.identity())) return 'identity-not-established';
    const { copyDocumentId, copySha256, ...decision } = await kase.decision<AccessDecision>();
    await kase.answer('access-response', { decision }, copyDocumentId);
    return decision.outcome;
  });
}

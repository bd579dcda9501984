/**
 * Information at the start of processing (Buurderij art. 13; AVG art. 13, and art. 14 when the data came from
 * others): the letter goes out at once, with every element the register gives for the activity that starts, and
 * the case closes once it has gone out. Nothing is decided: the officer's part is only a letter for the post.
 */
import { openCase, type CaseInput, type CaseResult } from './case/kit';
import type { IntakeRequest } from './intake-messages';

export async function intake({ reference }: CaseInput): Promise<CaseResult> {
  const kase = await openCase<'intake'>(reference, {
    decided: 'informing',
    // The letter goes out at once: no reminders; a letter still unsent at the end of the day is escalated daily.
    alarms: { reminders: [], escalateEvery: { days: 1 } },
    next: (stage) => (stage === 'informing' ? { step: 'intake-informing' } : undefined),
  });
  const request = kase.file.request as unknown as IntakeRequest;
  return kase.main(async () => {
    kase.state.stage = 'informing';
    kase.run.note(`processing starts: ${request.activity}`);
    await kase.answer('intake-information', { intake: request });
    return request.source ? 'informed-art-14' : 'informed-art-13';
  });
}

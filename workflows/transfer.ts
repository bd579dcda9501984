/**
 * Overdracht van de verwerking: the processing moves to another controller (Buurderij art. 25 lid 2). Every person
 * concerned is told in time to object, by a notice through the kit's mailing (thousands, batched, by post where
 * there is no e-mail address); the notices are due the policy's notice period before the effective date, with
 * reminders and escalation until they are out (posted ones too). Objections are recorded by the officer as they
 * come in (in the database; the workflow hears a CSV line). At the effective date the transfer list is recorded
 * without the objectors: a care file is passed on only with consent (art. 7:457 BW). Then the case closes.
 */
import { executeChild, setHandler } from '@temporalio/workflow';
import { startOfAmsterdamDay } from '../lib/calendar';
import { openCase, type CaseInput, type CaseResult } from './case/kit';
import { caseMailing, mailingId } from './case/mailing';
import { database } from './case/activities';
import { refuse } from './case/validate';
import {
  transferNextStep,
  transferObjectionSignal,
  transferPostedUpdate,
  transferStage,
  validatePosted,
  type TransferStart,
  type TransferState,
} from './transfer-messages';

export async function transfer({ reference }: CaseInput): Promise<CaseResult> {
  const kase = await openCase<'transfer'>(reference, {
    decided: 'closing',
    // The policy's reminders and escalation (processes.transfer) stand over these; cases loaded before the policy
    // had them (their history replays that load) keep the SPEC's defaults they ran with.
    alarms: { reminders: [{ days: 7 }, { days: 2 }], escalateEvery: { days: 1 } },
    next: (stage) => transferNextStep(stage, reference),
    deadlineMet: () => t.notices !== undefined && (t.notices.post === 0 || t.posted !== undefined),
    details: () => ({ transfer: t }),
    afterUpdate: () => stage(),
    checkExtension: () => refuse('extend: the notices are due a notice period before the effective date'),
  });
  const { run, state, file } = kase;
  const start = file.request as unknown as TransferStart;
  const t: TransferState = { effectiveDate: start.effectiveDate, objectBy: start.objectBy, objections: 0 };
  const stage = () => (state.stage = transferStage(t));
  stage();

  setHandler(transferObjectionSignal, ({ line, by }) => {
    t.objections += 1;
    run.note(`objection recorded (CSV line ${line}): the file stays out of the transfer`, by);
  });

  kase.acceptRecorded(
    transferPostedUpdate,
    (input) => validatePosted(t, input),
    (input) => {
      t.posted = new Date(input.at).toISOString();
      const count = t.notices!.post;
      return {
        type: 'transfer.letters-posted',
        note: `${count} notices for the post posted`,
        evidence: { ...input, at: t.posted, count },
        data: { at: t.posted, count },
      };
    },
  );

  return kase.main(async () => {
    run.note(`transfer to another controller on ${start.effectiveDate}: notices to the people`);
    // The officer's updates are written while the child sends (minutes, for thousands).
    const sent = await run.during(
      executeChild(caseMailing, {
        workflowId: mailingId(reference),
        args: [{ reference, letter: 'transfer-notice' }],
      }),
    );
    t.notices = sent;
    stage();
    run.note(`notices: ${sent.sent} sent, ${sent.post} for the post, ${sent.undeliverable} undeliverable`);
    // Objections come in until the day before; the list is made as the effective date begins.
    await run.until(
      () => false,
      () => startOfAmsterdamDay(start.effectiveDate),
    );
    t.list = await database.recordTransferList({ reference });
    stage();
    run.note(
      `transfer list recorded: ${t.list.transferred} files move, ${t.list.excluded} kept out by objection (art. 7:457 BW)`,
    );
    return 'transferred';
  });
}

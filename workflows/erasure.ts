/**
 * Verzoek om verwijdering: the right to erasure (AVG art. 17; art. 7:455 BW; Jeugdwet art. 7.3.9; Buurderij art.
 * 23; Werk op Maat "Recht op verwijdering en vernietiging"). Acknowledge, verify the requester's identity, decide
 * per data category of the policy, tell the subject, have each data owner erase and confirm it (a care file within
 * its own three months), tell the recipients of erased data (art. 19), confirm what was erased and what is kept,
 * close. The request's own file stays as the evidence that it was handled (art. 5(2), 17(3)(e)), for the policy's
 * period. The kit (`workflows/case/`) does the rest: the deadline watch, extension, approval, tasks and letters.
 */
import { patched } from '@temporalio/workflow';
import { amsterdamDate } from '../lib/calendar';
import { computeDeadline } from '../lib/deadlines';
import { localize } from '../lib/localize';
import { keepCaseFile } from './case/case-file';
import { openCase, type CaseInput, type CaseResult } from './case/kit';
import {
  careFilesTerm,
  decideErasureUpdate,
  deletionPlan,
  erasureCategories,
  erasureLetterDetails,
  erasureNextStep,
  erasureOutcome,
  validateErasureDecision,
  type ErasureDecision,
  type ErasureRequest,
} from './erasure-messages';

export async function erasureRequest({ reference }: CaseInput): Promise<CaseResult> {
  let decisionSent = false;
  /** The tasks due at the case's deadline: all but a care file's. */
  let withinPeriod: number[] = [];
  const kase = await openCase<'erasure'>(reference, {
    decided: 'informing',
    next: (stage) => erasureNextStep(stage, reference),
    // Decided and all but a care file erased: the period's duty is met; a care file has its own 3 months.
    deadlineMet: ({ tasks }) =>
      decisionSent && withinPeriod.every((n) => tasks.find((t) => t.number === n)?.done === true),
  });
  const { run, state, file } = kase;
  const settings = file.settings;
  const request = file.request as ErasureRequest;
  const categories = erasureCategories(file.retention);
  // Art. 7:455 lid 1 BW, Jeugdwet art. 7.3.9: three months from the request, whatever the extension.
  const careFiles = computeDeadline(new Date(file.receivedAt), settings.careFiles.period, file.holidays);
  const careTerm = careFilesTerm(settings.careFiles.period, careFiles.dueDate);

  kase.acceptDecision(
    decideErasureUpdate,
    (input: ErasureDecision) =>
      validateErasureDecision({ stage: state.stage, request, categories }, input, new Date()),
    (input) => ({
      note: erasureOutcome(input),
      data: {
        outcome: erasureOutcome(input),
        categories: Object.fromEntries(
          Object.entries(input.categories).map(([id, { action, ground }]) => [id, { action, ground }]),
        ),
        recipients: input.recipients?.length ?? 0,
      },
    }),
  );

  const closed = await kase.main(async () => {
    const named = request.categories.map((id) => ({
      label: categories[id] ? localize(categories[id], file.locale) : id,
    }));
    await kase.acknowledge({ erasure: { what: request.what, categories: named }, careFiles: careTerm });
    if (!(await kase.identity())) return 'identity-not-established';
    const decision = await kase.decision<ErasureDecision>();
    const outcome = erasureOutcome(decision);
    const details = (erasedOn?: Record<string, string>) =>
      erasureLetterDetails(
        decision,
        categories,
        {
          dueDate: kase.deadline().dueDate,
          careFiles: careTerm,
          erasedOn,
        },
        file.locale,
      );
    if (outcome === 'refused' || outcome === 'no-data') {
      await kase.answer('erasure-decision', { decision: details() });
      return outcome;
    }
    await run.sendLetter('erasure-decision', { decision: details() });
    decisionSent = true;

    // Each data owner erases and confirms who, when and how: the confirmation is the evidence.
    const plan = deletionPlan(decision, categories);
    const owners = await kase.addParties(plan.owners.map((owner) => ({ role: 'data-owner', ...owner })));
    const recipients = decision.recipients ?? [];
    const told = await kase.addParties(
      recipients.map(({ name, email, postalAddress }) => ({ role: 'recipient', name, email, postalAddress })),
    );
    const first = state.tasks.length + 1;
    withinPeriod = plan.tasks.flatMap((task, i) => (task.careFile ? [] : [first + i]));
    await kase.carryOut(
      plan.tasks.map((task) => ({
        partyId: owners[task.owner]!,
        action: task.action,
        ...(task.careFile ? { due: careFiles } : {}),
      })),
      kase.deadline(),
    );
    const erasedOn = Object.fromEntries(
      plan.tasks.flatMap((task, i) => {
        const on = amsterdamDate(new Date(state.tasks[first - 1 + i]!.doneAt!));
        return task.categories.map((id) => [id, on]);
      }),
    );
    const confirmed = details(erasedOn);

    // Art. 19: each recipient hears what of the data they received was erased; nothing of what is kept.
    state.stage = 'notifying-recipients';
    for (const [i, recipient] of recipients.entries()) {
      const erased = confirmed.erased.filter((item) => recipient.categories?.includes(item.id) ?? true);
      await run.sendLetter('recipient-notice', { erased }, undefined, told[i]);
    }
    await run.until(run.lettersSettled); // a notice by post is posted before the subject hears it went
    state.stage = 'confirming';
    run.record('erasure.request-file-kept', 'system', { period: settings.requestFiles.period });
    await kase.answer('erasure-confirmation', { decision: confirmed, requestFiles: settings.requestFiles });
    return outcome;
  });
  // The request's file is kept as the evidence for the policy's period after closing, whatever the outcome, and
  // then destroyed whole by a retention schedule (a legal hold postpones it). Cases that closed before this step
  // existed replay without it: they have no schedule yet (`cases.file_schedule` is null).
  return patched('keep-case-file') ? keepCaseFile(kase, closed) : closed;
}

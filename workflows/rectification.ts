/**
 * Correctie, aanvulling, afscherming: rectification, completion and restriction (AVG arts. 16, 18, 19; Buurderij
 * art. 23; Werk op Maat "Recht op aanvulling, correctie en afscherming"). One deadline covers the whole answer
 * (Buurderij 23.3, 23.5): acknowledge, verify the requester, decide per requested change, tell the subject the
 * decision, have each data owner carry out their change and confirm it, tell every recipient (art. 19; Buurderij
 * 23.4), confirm to the subject. A restriction stays in force after that until the officer announces its end:
 * the subject is told first (art. 18(3)), and on that day its data owner lifts it. The kit (`workflows/case/`)
 * does the rest: the deadline watch, the extension, approval, the FG's advice, tasks, letters and the status.
 */
import { amsterdamDate, startOfAmsterdamDay } from '../lib/calendar';
import { computeDeadline } from '../lib/deadlines';
import { openCase, type CaseInput, type CaseResult } from './case/kit';
import {
  acknowledgementLetter,
  confirmationLetter,
  decideUpdate,
  decisionLetter,
  liftAction,
  liftRestrictionUpdate,
  recipientNoticeLetter,
  recipientNotices,
  rectificationNextStep,
  restrictionLiftLetter,
  taskAction,
  validateRectificationDecision,
  validateRestrictionLift,
  type ChangeDecision,
  type RectificationDecision,
  type RectificationRequest,
  type RectificationState,
  type RestrictionLift,
} from './rectification-messages';

export async function rectificationRequest({ reference }: CaseInput): Promise<CaseResult> {
  const restricted: number[] = [];
  const lifts: RestrictionLift[] = [];
  const kase = await openCase<'rectification'>(reference, {
    decided: 'informing',
    next: () => rectificationNextStep(rectification(), reference),
  });
  const { run, state, file } = kase;
  const request = file.request as RectificationRequest;
  const rectification = (): RectificationState => ({
    stage: state.stage as RectificationState['stage'],
    request,
    decision: state.decision as RectificationDecision | null,
    restricted,
    lifts,
  });

  kase.acceptDecision(
    decideUpdate,
    (input: RectificationDecision) => validateRectificationDecision(rectification(), input),
    ({ changes }) => ({
      note: changes.map((c) => `${c.change} ${c.outcome}`).join(', '),
      data: { changes: changes.map(({ change, outcome, ground }) => ({ change, outcome, ground })) },
    }),
  );
  kase.accept(
    liftRestrictionUpdate,
    (input) => {
      lifts.push(input);
      run.note(`restriction ${input.change} to be lifted on ${input.liftOn}`, input.by);
      const { change, liftOn } = input;
      run.record('rectification.lift-announced', input.by, { change, liftOn }, {}, { input });
      run.queueLetter('rectification-restriction-lift', restrictionLiftLetter(request, input));
    },
    (input) => validateRestrictionLift(rectification(), input, amsterdamDate(new Date())),
  );

  /** Each data owner carries out their changes, one task per change, and confirms each (no personal data mailed). */
  async function carryOut(
    changes: ChangeDecision[],
    action: (c: ChangeDecision) => string,
    due = kase.deadline(),
  ) {
    const ids = await kase.addParties(changes.map((c) => ({ role: 'data-owner', ...c.dataOwner! })));
    await kase.carryOut(
      changes.map((c, index) => ({ partyId: ids[index]!, action: action(c) })),
      due,
    );
  }
  /** The restriction to be lifted first, of those whose end has been announced. */
  const nextLift = () =>
    lifts.filter((l) => restricted.includes(l.change)).sort((a, b) => a.liftOn.localeCompare(b.liftOn))[0];

  return kase.main(async () => {
    await kase.acknowledge(acknowledgementLetter(request));
    if (!(await kase.identity())) return 'identity-not-established';
    const decision = await kase.decision<RectificationDecision>();
    const granted = decision.changes.filter((change) => change.outcome !== 'refused');
    // Art. 12(4), Buurderij 23.5: the decision, with reasons for what is refused, at once; nothing granted ends it.
    if (granted.length === 0) {
      await kase.answer('rectification-decision', decisionLetter(request, decision));
      return 'refused';
    }
    await run.sendLetter('rectification-decision', decisionLetter(request, decision));
    const decidedOn = amsterdamDate(new Date());
    await carryOut(granted, taskAction);
    restricted.push(...granted.filter((c) => c.outcome === 'restricted').map((c) => c.change));

    // Art. 19, Buurderij 23.4: every recipient of the data is told, once, of what changed.
    state.stage = 'telling-recipients';
    const notices = recipientNotices(decision);
    const ids = await kase.addParties(notices.map(({ recipient }) => ({ role: 'recipient', ...recipient })));
    for (const [index, notice] of notices.entries())
      await run.sendLetter(
        'recipient-notice',
        recipientNoticeLetter(request, decision, notice),
        undefined,
        ids[index],
      );

    state.stage = 'confirming';
    // The first tasks are the granted changes', in order.
    const doneOn = Object.fromEntries(
      granted.map((change, index) => [change.change, amsterdamDate(new Date(state.tasks[index]!.doneAt!))]),
    );
    await kase.answer(
      'rectification-confirmation',
      confirmationLetter(request, decision, { decidedOn, doneOn }),
    );

    // Art. 18(3): a restriction ends only after the subject has been told; on the day, its data owner lifts it.
    while (restricted.length > 0) {
      state.stage = 'restricted';
      await run.until(() => nextLift() !== undefined);
      await run.until(
        () => false,
        () => startOfAmsterdamDay(nextLift()!.liftOn),
      );
      const lift = nextLift()!;
      const change = granted.find((c) => c.change === lift.change)!;
      const due = computeDeadline(startOfAmsterdamDay(lift.liftOn), { days: 1 }, file.holidays);
      await carryOut([change], () => liftAction(lift), due);
      restricted.splice(restricted.indexOf(lift.change), 1);
      run.record('rectification.restriction-lifted', 'system', { change: lift.change });
    }
    const asAsked =
      granted.length === decision.changes.length && granted.every((c) => c.outcome !== 'statement-added');
    return asAsked ? 'granted' : 'partly-granted';
  });
}

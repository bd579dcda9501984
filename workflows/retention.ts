/**
 * Bewaartermijn (SPEC process 7): one dossier kept until its category's period ends, then destroyed (or returned,
 * or reviewed, as the policy's rule says). The period counts from its event; a file whose period runs from its
 * last change starts again with every change (art. 7:454 lid 3 BW). The kit's keeping (`case/keeping.ts`) does
 * the waiting over years, the legal holds, the review, the destruction task and the register.
 */
import { formatDuration } from '../lib/durations';
import { retentionDeadline } from '../lib/retention';
import { keeping, type Kept } from './case/keeping';
import { openCase, type CaseInput, type CaseResult } from './case/kit';
import {
  retentionNextStep,
  touchedUpdate,
  validateTouched,
  type RetentionRequest,
} from './retention-messages';

interface Own {
  /** The event the period now counts from: the registered one, or the last change recorded since. */
  from: string;
  kept: Kept;
}

/** What the data owner is asked to do, by the rule's action; no personal data (the mail shows it). */
const ACTIONS = {
  destroy: 'de gegevens van dit dossier vernietigen: de bewaartermijn is verstreken',
  return: 'de gegevens van dit dossier aan de cliënt teruggeven en wat overblijft vernietigen',
  review:
    'beoordelen of de gegevens van dit dossier nog nodig zijn, en ze anders vernietigen: de bewaartermijn is verstreken',
};

export async function retention({ reference, carried }: CaseInput): Promise<CaseResult> {
  const own = carried?.own as Own | undefined;
  const kase = await openCase<'retention'>(
    reference,
    {
      decided: 'destroying',
      next: (stage) => retentionNextStep(stage, reference),
      escalates: false,
      deadlineMet: () => keep.watchDone(),
      details: () => ({ category: request.category, dossier: request.dossier, from, holds: keep.holds }),
    },
    carried,
  );
  const request = kase.file.request as unknown as RetentionRequest;
  // The rule as the policy says it now: a changed period moves the due date at the next run.
  const rule = kase.file.retention[request.category]!;
  let from = own?.from ?? request.from;
  const due = () => {
    const deadline = retentionDeadline(rule, new Date(from), kase.file.holidays);
    // Why the date is what it is: the policy's period, or the law's minimum where the policy's is shorter.
    const why =
      deadline.law ?? `${rule.limit} ${rule.period ? formatDuration(rule.period) : '—'}: ${rule.source}`;
    return { deadline, why };
  };
  const keep = keeping(kase, {
    own: () => ({ from }),
    due,
    kept: own?.kept,
    review: kase.file.settings.review,
  });

  kase.acceptRecorded(
    touchedUpdate,
    (input) => validateTouched(input, rule, request.category, from),
    (input) => {
      from = input.at;
      keep.changed();
      return {
        type: 'retention.touched',
        note: 'file changed: its period starts again',
        evidence: { touched: input },
      };
    },
  );

  return kase.main(async () => {
    const { deadline, why: basis } = due();
    if (!carried) {
      kase.run.note(`${rule.label}: kept until ${deadline.dueDate}`);
      const dueAt = deadline.dueAt.toISOString();
      kase.run.record('retention.scheduled', 'system', { dueAt }, {}, { dueAt, basis });
    }
    await keep.untilDue();
    await keep.destroy(request.dataOwner, ACTIONS[rule.action], {
      category: request.category,
      what: rule.label,
      basis,
    });
    return rule.action === 'return' ? 'returned' : 'destroyed';
  });
}

/**
 * Bewaartermijn (SPEC process 7): one dossier kept until its category's period ends, then destroyed (or returned,
 * or reviewed, as the policy's rule says). The period counts from its event; a file whose period runs from its
 * last change starts again with every change (art. 7:454 lid 3 BW). The kit's keeping (`case/keeping.ts`) does
 * the waiting over years, the legal holds, the review, the destruction task and the register.
 */
import { caseFileDeadline, caseFileProcess } from '../lib/case-file';
import { formatDuration } from '../lib/durations';
import { retentionDeadline } from '../lib/retention';
import { database } from './case/activities';
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

/** How a case file went, as the destruction register says it: what went, and what stays as the evidence. */
const CASE_FILE_DESTROYED =
  'door Privacyloket gewist: alle persoonsgegevens van het dossier (namen, adressen, e-mailadressen, brieven en bijlagen, besluiten met hun motivering, verzonden e-mail); bewaard: referentie, proces, beleid, data, status, soort en SHA-256 van de brieven, en de audittrail';

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
  // A closed case's own file goes on its last day: Privacyloket destroys it itself.
  const caseFile = caseFileProcess(request.category) !== undefined;
  const due = () => {
    const deadline = (caseFile ? caseFileDeadline : retentionDeadline)(
      rule,
      new Date(from),
      kase.file.holidays,
    );
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
    if (caseFile) {
      const destroy = () =>
        database.destroyCaseFile({
          reference: request.dossier,
          schedule: reference,
          at: new Date().toISOString(),
        });
      await keep.destroyItself(destroy, {
        category: request.category,
        what: `${rule.label} ${request.dossier}`,
        basis,
        how: CASE_FILE_DESTROYED,
      });
      return 'destroyed';
    }
    await keep.destroy(request.dataOwner!, ACTIONS[rule.action], {
      category: request.category,
      what: rule.label,
      basis,
    });
    return rule.action === 'return' ? 'returned' : 'destroyed';
  });
}

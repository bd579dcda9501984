/**
 * A request's own case file as a retention category (SPEC "Cases and parties"): kept as the evidence that the
 * request was handled (AVG art. 5(2); legal claims, art. 17(3)(e)) for the period its process's policy settings
 * give under `requestFiles`, counted from the case's close, then destroyed whole by Privacyloket itself. The rule is
 * built from the policy each time it is read, so a changed period moves a running schedule's due date. Pure: the
 * retention workflow and the activities use it.
 */
import type { Policy, RetentionRule } from '../policies/schema';
import { startOfAmsterdamDay, type ExtraHoliday } from './calendar';
import { deadlineAt, type Deadline } from './deadlines';
import type { Process } from './processes';
import { retentionDeadline } from './retention';

/** `case-file:erasure`: a colon no policy category's kebab-case id has, so never one of the policy's own. */
const PREFIX = 'case-file:';

export const caseFileCategory = (process: Process) => `${PREFIX}${process}`;

/** The process whose case files the category keeps, or undefined for a category of the policy. */
export const caseFileProcess = (category: string): Process | undefined =>
  category.startsWith(PREFIX) ? (category.slice(PREFIX.length) as Process) : undefined;

/** The processes whose policy settings keep their case files for a period (today: erasure). */
export function caseFileRules(policy: Policy): Record<string, RetentionRule> {
  return Object.fromEntries(
    Object.entries(policy.processes).flatMap(([process, settings]) =>
      'requestFiles' in settings
        ? [
            [
              caseFileCategory(process as Process),
              {
                label: `verzoekdossier (${process})`,
                labelEn: `request file (${process})`,
                period: settings.requestFiles.period,
                // The period runs from the close, the moment the file was complete (its last recording).
                from: 'recording',
                limit: 'maximum',
                action: 'destroy',
                basis: 'none',
                blocksErasure: false,
                source: settings.requestFiles.source,
              } satisfies RetentionRule,
            ],
          ]
        : [],
    ),
  );
}

/**
 * When a closed case's file goes: from the first moment of its period's last day. Its period is a maximum and no one
 * but Privacyloket has to act, so the file is gone on that day rather than the moment after it ends.
 */
export function caseFileDeadline(
  rule: RetentionRule,
  closedAt: Date,
  holidays: readonly ExtraHoliday[],
): Deadline & { law?: string } {
  return deadlineAt(closedAt, startOfAmsterdamDay(retentionDeadline(rule, closedAt, holidays).dueDate));
}

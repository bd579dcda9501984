/**
 * The information at the start of processing (Buurderij art. 13; AVG art. 13 and 14): its entry in the process
 * registry. `intake start` names the register's activity whose processing starts (`--activity`, by default the
 * register's first: the client file); with `--source` the data came from others, and the letter is an art. 14
 * letter that names the categories of data and where they came from (14(1)(d), 14(2)(f)). The check writes what
 * the letter will say, from the register as it stands, into the request: the case keeps the evidence of what the
 * person was told, in both languages, even after the register changes.
 */
import { amsterdamDate, endOfAmsterdamDay } from '../lib/calendar';
import type { ProcessEntry, StartField } from '../lib/processes';
import { activityView, type ActivityView } from '../lib/register';
import { normaliseText, textProblem } from '../lib/text';
import type { Policy } from '../policies/schema';
import { refuse } from './case/validate';

export interface IntakeRequest {
  activity: string;
  /** Where the data came from, when not from the person (art. 14(2)(f)). */
  source?: string;
  /** When the case was started: the letter goes out that day. */
  startedAt: string;
  /** What the letter says of the activity, from the register at the start. */
  information: { nl: ActivityView; en: ActivityView };
}

const FIELDS: readonly StartField[] = [
  {
    name: 'activity',
    type: 'string',
    value: 'id',
    description:
      "The register's processing activity that starts (privacyloket register processing lists them; default: the register's first).",
    example: 'client-care',
  },
  {
    name: 'source',
    type: 'string',
    value: 'text',
    description:
      'Where the data came from when not from the person: the letter is then an art. 14 letter naming the source and the categories of data.',
    example: 'uw huisarts, met uw toestemming',
  },
];

export function checkIntakeStart(input: Record<string, unknown>, policy: Policy, now: Date): IntakeRequest {
  const activities = policy.processingActivities;
  if (activities.length === 0)
    refuse(
      `--policy: the register of processing activities of ${policy.id} is empty, so the letter would have nothing to say (art. 13)`,
    );
  const id = input.activity ?? activities[0]!.id;
  const activity = activities.find((candidate) => candidate.id === id);
  if (!activity)
    refuse(
      `--activity must be one of ${activities.map((a) => a.id).join(', ')}, got ${JSON.stringify(input.activity)}`,
    );
  const problem = input.source === undefined ? undefined : textProblem(input.source, { max: 300 });
  if (problem) refuse(`--source ${problem}`);
  return {
    activity: activity.id,
    ...(input.source === undefined ? {} : { source: normaliseText(input.source as string) }),
    startedAt: now.toISOString(),
    information: { nl: activityView(policy, activity, 'nl'), en: activityView(policy, activity, 'en') },
  };
}

/** The intake in the process registry (`lib/processes.ts`). */
export const INTAKE = {
  workflow: 'intake',
  names: { nl: 'informatie bij aanvang van de verwerking', en: 'information at the start of processing' },
  letters: ['intake-information'],
  start: {
    fields: FIELDS,
    check: (input, policy, now) => ({ ...checkIntakeStart(input, policy, now) }),
    details:
      'The information letter (AVG art. 13; with --source art. 14) goes out at once, with the controller and FG contacts, the purposes and legal basis, the recipients, the retention, automated decision-making (art. 22; none unless the register names it), the rights, the AP complaint and where the regulation can be read; the case closes once it has gone out, and is overdue at the end of the day if it has not.',
    clock: {
      received: (request) => new Date((request as unknown as IntakeRequest).startedAt),
      // Art. 13(1): "at the time when personal data are obtained": the same day.
      dueAt: (request) =>
        endOfAmsterdamDay(amsterdamDate(new Date((request as unknown as IntakeRequest).startedAt))),
    },
  },
} satisfies ProcessEntry;

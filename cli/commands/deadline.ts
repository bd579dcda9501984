import { computeDeadline } from '../../lib/deadlines';
import { formatDuration, parseDuration } from '../../lib/durations';
import { PrivacyloketError } from '../../lib/errors';
import { parseInstant } from '../../lib/instants';
import { listPolicyIds, loadPolicy } from '../../policies/load';
import { processPeriod, PROCESSES_WITH_PERIOD, type ProcessWithPeriod } from '../../policies/schema';
import { defineCommand } from '../command';
import { formatDate, formatMoment, output } from '../output';
import { loadConfig } from '../services';

export const deadline = defineCommand({
  name: 'deadline',
  summary:
    "Print a process's legal deadline under a policy, counted as EU Regulation 1182/71 prescribes, past weekends and Dutch holidays.",
  positionals: [
    {
      name: 'process',
      description: 'The process whose period counts.',
      example: 'access',
      values: PROCESSES_WITH_PERIOD,
    },
  ],
  flags: {
    received: {
      type: 'string',
      value: 'date',
      required: true,
      description:
        'When the clock starts (receipt of a request, discovery of a breach): a date, which is that day in Amsterdam, or a date-time with its UTC offset.',
      example: '2026-01-31T10:00:00+01:00',
    },
    policy: {
      type: 'string',
      value: 'id',
      description:
        'The policy whose period and holidays count (default: gdpr-default, or the only policy there is).',
      example: 'werk-op-maat',
    },
    period: {
      type: 'string',
      value: 'period',
      description: "Count this period instead of the policy's, in Dutch or English.",
      example: '4 weken',
    },
  },
  json: 'Print {"process", "policy", "period", "receivedAt", "receivedDate", "nominalDueDate", "dueDate", "dueAt", "shiftedPast": [{"date", "reason"}]}.',
  examples: [
    'privacyloket deadline access --received 2026-01-31',
    'privacyloket deadline breach --received 2026-03-27T10:00:00+01:00',
    'privacyloket deadline access --received 2026-04-13 --policy werk-op-maat --json',
  ],
  async run({ args, values, json }) {
    const process = args.process as ProcessWithPeriod;
    const receivedAt = parseInstant('--received', values.received);
    const period = values.period === undefined ? undefined : parseDuration('--period', values.period);
    const { policiesDir } = await loadConfig();
    const policy = await loadPolicy(values.policy ?? defaultPolicy(listPolicyIds(policiesDir)), policiesDir);
    const due = computeDeadline(receivedAt, period ?? processPeriod(policy, process), policy.holidays);
    const result = {
      process,
      policy: policy.id,
      period: due.period,
      receivedAt: due.receivedAt.toISOString(),
      receivedDate: due.receivedDate,
      nominalDueDate: due.nominalDueDate,
      dueDate: due.dueDate,
      dueAt: due.dueAt.toISOString(),
      shiftedPast: due.shiftedPast,
    };
    output(json, result, () =>
      [
        `Process   ${process}, policy ${policy.id}: ${formatDuration(due.period, 'en')}${period ? ' (--period)' : ''}`,
        `Received  ${formatMoment(due.receivedAt)} (Amsterdam)`,
        `Deadline  ${'hours' in due.period ? formatMoment(due.dueAt) : `${formatDate(due.dueDate)}, end of day`} (${result.dueAt})`,
        ...(due.shiftedPast.length > 0
          ? [
              `          moved past ${due.shiftedPast.map((day) => `${formatDate(day.date)} (${day.reason})`).join(', ')}`,
            ]
          : []),
      ].join('\n'),
    );
    return 0;
  },
});

/** gdpr-default, the law's own; in a policies directory without it, its only policy. */
function defaultPolicy(ids: string[]): string {
  if (ids.includes('gdpr-default') || ids.length === 0) return 'gdpr-default';
  if (ids.length === 1) return ids[0]!;
  throw new PrivacyloketError(
    'invalid-input',
    `--policy is required: choose one of ${ids.join(', ')}.`,
    '--policy',
  );
}

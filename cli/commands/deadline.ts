import { computeDeadline } from '../../lib/deadlines';
import { formatDuration } from '../../lib/durations';
import { invalidInput } from '../../lib/errors';
import { loadPolicy } from '../../policies/load';
import { loadConfig } from '../../services/config';
import { processPeriod, PROCESSES_WITH_PERIOD } from '../../policies/schema';
import { parse, parseInstant, required } from '../args';
import type { Command } from '../main';
import { formatDate, formatMoment, output } from '../output';

const WEEKEND = ['zaterdag', 'zondag'];

export const deadline: Command = {
  usage: 'deadline <process> --received <ISO 8601 with offset> [--policy <id>]',
  summary:
    "Print a process's legal deadline; --received is when the clock starts (receipt, or discovery of a breach).",
  async run(args) {
    const { positionals, values, json } = parse(
      args,
      { received: { type: 'string' }, policy: { type: 'string' } },
      ['process'],
    );
    const process = positionals[0]!;
    if (!(PROCESSES_WITH_PERIOD as readonly string[]).includes(process)) {
      throw invalidInput('<process>', `must be one of ${PROCESSES_WITH_PERIOD.join(', ')}, got '${process}'`);
    }
    const receivedAt = parseInstant('--received', required('--received', values.received));
    const policy = await loadPolicy(values.policy ?? 'gdpr-default', loadConfig().policiesDir);
    const period = processPeriod(policy, process as (typeof PROCESSES_WITH_PERIOD)[number]);
    const due = computeDeadline(receivedAt, period, policy.holidays);
    const result = {
      process,
      policy: policy.id,
      period,
      receivedAt: due.receivedAt.toISOString(),
      receivedDate: due.receivedDate,
      nominalDueDate: due.nominalDueDate,
      dueDate: due.dueDate,
      dueAt: due.dueAt.toISOString(),
      shiftedPast: due.shiftedPast,
    };
    output(json, result, () =>
      [
        `Process   ${process}, policy ${policy.id}: ${formatDuration(period, 'en')}`,
        `Received  ${formatMoment(due.receivedAt)} (Europe/Amsterdam)`,
        `Deadline  ${'hours' in period ? formatMoment(due.dueAt) : `${formatDate(due.dueDate)}, end of day`} (${result.dueAt})`,
        ...(due.shiftedPast.length > 0
          ? [
              `          moved past ${due.shiftedPast.map((day) => formatDate(day.date) + (WEEKEND.includes(day.reason) ? '' : ` (${day.reason})`)).join(', ')}`,
            ]
          : []),
      ].join('\n'),
    );
    return 0;
  },
};

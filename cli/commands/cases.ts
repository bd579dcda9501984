import { useDb } from '../../db';
import { listCases } from '../../db/cases';
import { invalidInput } from '../../lib/errors';
import { loadConfig } from '../../services/config';
import { parse } from '../args';
import type { Command } from '../main';
import { formatMoment, output } from '../output';

export const cases: Command = {
  usage: 'cases [--overdue | --due-within <n>d]',
  summary:
    'List the cases not closed (failed ones marked) by deadline; --overdue: deadline passed; --due-within 7d: due within 7 days.',
  async run(args) {
    const { values, json } = parse(args, { overdue: { type: 'boolean' }, 'due-within': { type: 'string' } });
    const within = values['due-within'];
    if (within !== undefined && !/^\d{1,4}d$/.test(within)) {
      throw invalidInput('--due-within', `must be a number of days such as 7d, got '${within}'`);
    }
    const db = await useDb(loadConfig().database);
    try {
      const now = new Date();
      const dueBefore = values.overdue
        ? now
        : within === undefined
          ? undefined
          : new Date(now.getTime() + Number(within.slice(0, -1)) * 86_400_000);
      const rows = await listCases(db, { dueBefore });
      const list = rows.map((row) => ({
        reference: row.reference,
        process: row.process,
        policy: row.policy_id,
        status: row.status,
        receivedAt: row.received_at,
        dueAt: row.due_at,
        overdue: new Date(row.due_at) < now,
      }));
      output(json, { cases: list }, () =>
        list.length === 0
          ? values.overdue
            ? 'No overdue cases.'
            : 'No open cases.'
          : list
              .map(
                (c) =>
                  `${c.reference.padEnd(15)} ${c.process.padEnd(8)} due ${formatMoment(new Date(c.dueAt))}${c.status === 'failed' ? '  FAILED: see privacyloket case ' + c.reference : c.overdue ? '  OVERDUE' : ''}`,
              )
              .join('\n'),
      );
      return 0;
    } finally {
      await db.destroy();
    }
  },
};

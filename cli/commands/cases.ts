import { openDb } from '../../db';
import { listCases } from '../../db/cases';
import { loadConfig } from '../../worker/config';
import { parse } from '../args';
import type { Command } from '../main';
import { formatMoment, output } from '../output';

export const cases: Command = {
  usage: 'cases [--overdue]',
  summary: 'List the open cases by deadline; --overdue only those whose deadline has passed.',
  async run(args) {
    const { values, json } = parse(args, { overdue: { type: 'boolean' } });
    const db = await openDb(loadConfig().database);
    try {
      const now = new Date();
      const rows = await listCases(db, values.overdue ? { overdueAt: now } : {});
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
                  `${c.reference.padEnd(15)} ${c.process.padEnd(8)} due ${formatMoment(new Date(c.dueAt))}${c.overdue ? '  OVERDUE' : ''}`,
              )
              .join('\n'),
      );
      return 0;
    } finally {
      await db.destroy();
    }
  },
};

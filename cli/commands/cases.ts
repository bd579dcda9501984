import { listCases } from '../../db/cases';
import { addDays, amsterdamDate, startOfAmsterdamDay } from '../../lib/calendar';
import { parseDuration, type Duration } from '../../lib/durations';
import { nominalEndDate } from '../../lib/deadlines';
import { describeCases } from '../../services/case-details';
import { casesTable } from '../case-view';
import { defineCommand } from '../command';
import { output } from '../output';
import { readCases } from '../services';

export const cases = defineCommand({
  name: 'cases',
  summary: 'List the cases not closed, most urgent first: name, process, stage, deadline and days left.',
  details: [
    'Failed cases (a workflow that ended without closing its case) are listed and marked. The stage comes from Temporal; when it does not answer, the list shows what the database knows.',
  ],
  flags: {
    overdue: {
      type: 'boolean',
      description: 'Only the cases whose deadline has passed.',
      conflicts: 'due-within',
    },
    'due-within': {
      type: 'string',
      value: 'days',
      description: 'Only the cases due within so many days from today (or a period: "2 weken").',
      example: '7',
    },
  },
  json: 'Print {"cases": [case, …]}, each case the object privacyloket case --json prints.',
  examples: [
    'privacyloket cases',
    'privacyloket cases --overdue',
    'privacyloket cases --due-within 7 --json',
  ],
  async run({ values, json }) {
    const now = new Date();
    const within = values['due-within'];
    const dueBefore = values.overdue ? now : within === undefined ? undefined : dueBeforeEndOf(within, now);
    const list = await readCases(async (db, client) =>
      describeCases(db, client, await listCases(db, { dueBefore })),
    );
    output(json, { cases: list }, () =>
      list.length > 0
        ? casesTable(list, now)
        : values.overdue
          ? 'No overdue cases.'
          : within === undefined
            ? 'No open cases.'
            : `No cases due within ${within}${/^\d+$/.test(within) ? ' days' : ''}.`,
    );
    return 0;
  },
});

/** `7` (days), `7d` or `2 weken`: the start of the day after that period ends, counted on Amsterdam's calendar. */
function dueBeforeEndOf(within: string, now: Date): Date {
  const period: Duration = /^\d{1,4}$/.test(within.trim())
    ? { days: Number(within) }
    : parseDuration('--due-within', within);
  if ('hours' in period) return new Date(now.getTime() + period.hours! * 3_600_000);
  return startOfAmsterdamDay(addDays(nominalEndDate(amsterdamDate(now), period), 1));
}

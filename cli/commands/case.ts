import { userInfo } from 'node:os';
import { caseDetails } from '../../services/case-details';
import { caseText, nextStep } from '../case-view';
import { defineCommand, reference } from '../command';
import { output } from '../output';
import { readCases } from '../services';

export const caseCommand = defineCommand({
  name: 'case',
  summary:
    'Show a case: deadline and days left, stage and next step, the decision on record, a timeline with every decision in full, and the letters.',
  details: [
    "Stage and next step come from Temporal; when it does not answer within two seconds, the database's record is shown without them.",
  ],
  positionals: [reference],
  flags: {},
  json: 'Print the case as one object: the database\'s record, "workflow" (Temporal\'s status, or {"unavailable": why}), "decision", "timeline" (each event with its "record", the decision in full) and "letters".',
  examples: ['privacyloket case INZ-2026-0001', 'privacyloket case inz-2026-0001 --json'],
  async run({ args, json }) {
    const [details] = await readCases(async (db, client) => [
      await caseDetails(db, client, args.reference, userInfo().username),
    ]);
    const next = details && 'next' in details.workflow ? await nextStep(details.workflow.next) : undefined;
    output(json, details!, () => caseText(details!, next, new Date()));
    return 0;
  },
});

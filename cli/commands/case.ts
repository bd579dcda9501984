import { describeNextStep } from '../../templates';
import { caseDetails } from '../../services/cases';
import { connectClient } from '../../services/client';
import { parse } from '../args';
import type { Command } from '../main';
import { formatDate, formatMoment, output } from '../output';
import { withDb } from '../services';

export const caseCommand: Command = {
  usage: 'case <reference>',
  summary: 'Show a case: status, deadline, next step, the decision on record, timeline and letters.',
  async run(args) {
    const { positionals, json } = parse(args, {}, ['reference']);
    const reference = positionals[0]!;
    const details = await withDb(async (db, config) => {
      // Temporal's view is welcome but not required: the database alone can show the case.
      const client = await connectClient(config, 5_000).catch(() => undefined);
      try {
        return await caseDetails(db, client, reference);
      } finally {
        await client?.connection.close();
      }
    });
    output(json, details, () => {
      const at = (iso: string) => formatMoment(new Date(iso));
      const workflow = 'stage' in details.workflow ? details.workflow : undefined;
      const next = workflow ? describeNextStep(workflow.next, 'en') : undefined;
      const subject = details.subject;
      const status =
        details.status === 'failed'
          ? `FAILED on ${at(details.failedAt!)}`
          : `${details.status}${details.closedAt ? ` on ${at(details.closedAt)}` : ''}`;
      return [
        `${details.reference}  ${details.process}, policy ${details.policy}, ${status}`,
        `Subject   ${subject?.name ?? '(none)'}${subject?.email ? ` <${subject.email}>` : ''}${subject?.phone ? `, phone ${subject.phone}` : ''}`,
        ...(subject?.postalAddress ? [`Address   ${subject.postalAddress.replace(/\n/g, ', ')}`] : []),
        `Received  ${at(details.receivedAt)}${details.channel ? ` (${details.channel})` : ''}`,
        `Due       ${at(details.dueAt)}${workflow?.extended ? ' (extended)' : ''}${!details.closedAt && new Date(details.dueAt) < new Date() ? '  OVERDUE' : ''}`,
        ...(details.answerBy
          ? [`Promised  answer by ${formatDate(details.answerBy)} (registered after the deadline)`]
          : []),
        workflow
          ? `Stage     ${workflow.stage}\nNext      ${next!.text}${next!.command ? `:\n          ${next!.command}` : ''}`
          : `Workflow  ${'unavailable' in details.workflow ? details.workflow.unavailable : ''}`,
        ...(details.decision ? ['', 'Decision', ...describe(details.decision)] : []),
        ...(details.advice
          ? ['', `Advice of the FG (${details.advice.by})`, `  ${details.advice.advice}`]
          : []),
        '',
        'Timeline',
        ...details.timeline.map(
          (event) => `  ${at(event.at)}  ${event.type}${event.actor === 'system' ? '' : ` (${event.actor})`}`,
        ),
        '',
        'Letters',
        ...(details.letters.length === 0
          ? ['  none yet']
          : details.letters.map(
              (letter) =>
                `  ${at(letter.createdAt)}  ${letter.kind.padEnd(24)} ${(letter.delivery ?? '').padEnd(20)} ${letter.status.toUpperCase() === 'UNDELIVERABLE' ? 'UNDELIVERABLE' : letter.status}${letter.password ? `  password ${letter.password}` : ''}`,
            )),
      ].join('\n');
    });
    return 0;
  },
};

/** A list's item on one line: a party or a kept datum as its values, `Beheerder website, web@example.nl`. */
const item = (value: unknown): string =>
  typeof value === 'object' && value !== null ? Object.values(value).map(String).join(', ') : String(value);

/** The decision as entered, one line per field, for the officer who approves it. */
function describe(decision: Record<string, unknown>, indent = '  '): string[] {
  return Object.entries(decision)
    .filter(([key, value]) => value !== undefined && key !== 'copySha256')
    .flatMap(([key, value]) =>
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? [`${indent}${key}:`, ...describe(value as Record<string, unknown>, `${indent}  `)]
        : [`${indent}${key}: ${Array.isArray(value) ? value.map(item).join('; ') : String(value)}`],
    );
}

import { caseDetails } from '../../worker/cases';
import { parse } from '../args';
import type { Command } from '../main';
import { formatMoment, output } from '../output';
import { withDb } from '../services';
import { connectClient } from '../../worker/client';

export const caseCommand: Command = {
  usage: 'case <reference>',
  summary: 'Show a case: status, deadline, next step, timeline and letters.',
  async run(args) {
    const { positionals, json } = parse(args, {}, ['reference']);
    const reference = positionals[0]!;
    const details = await withDb(async (db, config) => {
      // Temporal's view is welcome but not required: the database alone can show the case.
      const client = await connectClient(config).catch(() => undefined);
      try {
        return await caseDetails(db, client, reference);
      } finally {
        await client?.connection.close();
      }
    });
    output(json, details, () => {
      const at = (iso: string) => formatMoment(new Date(iso));
      const workflow = 'stage' in details.workflow ? details.workflow : undefined;
      return [
        `${details.reference}  ${details.process}, policy ${details.policy}, ${details.status}${details.closedAt ? ` on ${at(details.closedAt)}` : ''}`,
        `Subject   ${details.subject?.name ?? '(none)'}${details.subject?.email ? ` <${details.subject.email}>` : ''}`,
        `Received  ${at(details.receivedAt)}`,
        `Due       ${at(details.dueAt)}${workflow?.extended ? ' (extended)' : ''}${!details.closedAt && new Date(details.dueAt) < new Date() ? '  OVERDUE' : ''}`,
        workflow
          ? `Stage     ${workflow.stage}\nNext      ${workflow.nextStep}`
          : `Workflow  not reachable: ${'unavailable' in details.workflow ? details.workflow.unavailable : ''}`,
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
                `  ${at(letter.createdAt)}  ${letter.kind.padEnd(16)} ${letter.delivery ?? ''}  sha256 ${letter.sha256.slice(0, 12)}…${letter.password ? `  password ${letter.password}` : ''}`,
            )),
      ].join('\n');
    });
    return 0;
  },
};

import { invalidInput } from '../../lib/errors';
import { breachPeopleUpdate } from '../../workflows/breach-messages';
import { defineCommand, reference } from '../command';
import { warn } from '../output';
import { update } from './decisions';

/**
 * `privacyloket breach people <ref> --csv file.csv`: the people to tell (art. 34), checked row by row and
 * imported in one go (nothing on any error), then announced to the breach's workflow. Run again after the
 * workflow could not be told, it finds the same people imported and tells it again.
 */
export const breachPeople = defineCommand({
  name: 'breach people',
  summary:
    'Import the people to tell of a breach (art. 34) from a CSV file: every row checked, a bad row named by its line, nothing imported on any error.',
  details: [
    "Columns, with a header line: name, email, address, locale. Each person needs an e-mail address or a postal address (its lines separated by line breaks inside quotes); locale is nl or en (default: the case's). People with an e-mail address get their letter by mail; the others are in one print-ready PDF for the post.",
  ],
  positionals: [reference],
  flags: {
    csv: {
      type: 'string',
      value: 'file.csv',
      required: true,
      description: 'The people, one per row, UTF-8.',
      example: 'betrokkenen.csv',
    },
  },
  officer: true,
  json: 'Print the case after the import, the same object privacyloket case --json prints.',
  examples: ['privacyloket breach people LEK-2026-0001 --csv betrokkenen.csv'],
  async run({ args, values, by, json }) {
    const { readFile } = await import('node:fs/promises');
    let text: string;
    try {
      text = await readFile(values.csv, 'utf8');
    } catch (error) {
      throw invalidInput('--csv', `must be a readable file: ${(error as Error).message}`);
    }
    const [{ importPeople, importedPeople }, { findCase }] = await Promise.all([
      import('../../services/case-people'),
      import('../../db/cases'),
    ]);
    return update({ by, json, reference: args.reference }, async (services, { sendUpdate }) => {
      // People imported before, whom the workflow never heard of (Temporal was away): told now, not imported again.
      const row = await findCase(services.db, args.reference);
      const earlier = await importedPeople(services.db, row.id);
      if (earlier)
        warn(
          `${row.reference} has its people already (${earlier.count}, imported before); the workflow is told of them, and ${values.csv} is not imported.`,
        );
      const counts =
        earlier ?? (await importPeople(services.db, row.reference, text, { by: services.actor }));
      await sendUpdate(services, row.reference, breachPeopleUpdate, { ...counts, by: services.actor });
    });
  },
});

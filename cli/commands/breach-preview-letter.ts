/** `privacyloket breach preview-letter <ref> --input letter.json`: the letter to the people as a draft, before approval. */
import { LETTER_KEYS } from '../../workflows/breach-messages';
import type { SubjectLetter } from '../../lib/breach/types';
import { invalidInput } from '../../lib/errors';
import { textProblem } from '../../lib/text';
import { defineCommand, readJsonObject, reference } from '../command';
import { output } from '../output';
import { withDb } from '../services';
import { outFlag, outputFile, writePrivately } from './letter';

export const breachPreviewLetter = defineCommand({
  name: 'breach preview-letter',
  summary:
    'Write the letter to the people with the text of letter.json to a PDF file (mode 0600), marked as a draft, to read before breach approve-letter: nothing is stored or sent.',
  details: [
    'The draft is addressed to the first person imported (in their language), or before the import to an example person. letter.json is the file breach approve-letter takes.',
  ],
  positionals: [{ ...reference, example: 'LEK-2026-0001' }],
  flags: {
    input: {
      type: 'string',
      value: 'letter.json',
      required: true,
      description:
        'The text of the letter: nature, consequences, measures, advice (privacyloket help breach approve-letter).',
      example: 'letter.json',
    },
    out: outFlag('concept.pdf'),
  },
  json: 'Print {"reference", "file"}.',
  examples: ['privacyloket breach preview-letter LEK-2026-0001 --input letter.json --out concept.pdf'],
  async run({ args, values, json }) {
    const out = await outputFile(values.out);
    const letter = await readLetter(values.input);
    const { previewBreachLetter } = await import('../../services/breach-people');
    await withDb(async (db, config) =>
      writePrivately(out, await previewBreachLetter(db, config, args.reference, letter)),
    );
    output(
      json,
      { reference: args.reference, file: out },
      () => `Wrote a draft of the letter to the people of ${args.reference} to ${out}.`,
    );
    return 0;
  },
});

/** letter.json: its four texts, each named when it is missing or wrong, as the workflow's validator names them. */
async function readLetter(path: string): Promise<SubjectLetter> {
  const file = await readJsonObject(path, LETTER_KEYS);
  for (const key of LETTER_KEYS) {
    const problem = textProblem(file[key], { max: 2000, multiline: true });
    if (problem) throw invalidInput('--input', `'${key}' ${problem}`);
  }
  return file as unknown as SubjectLetter;
}

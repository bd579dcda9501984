/** `privacyloket breach post-letters <ref>`: the print file of the letters to people without an e-mail address. */
import { PrivacyloketError } from '../../lib/errors';
import { defineCommand, reference } from '../command';
import { output } from '../output';
import { withDb } from '../services';
import { outFlag, outputFile, writePrivately } from './letter';

export const breachPostLetters = defineCommand({
  name: 'breach post-letters',
  summary:
    'Write the letters to the people without an e-mail address to one PDF file (mode 0600), ready to print and post: each address sits in the envelope window.',
  details: [
    'The file is made once, when the letters by mail have gone out; the officer is mailed when it is ready. Once posted, record it with privacyloket breach posted.',
  ],
  positionals: [{ ...reference, example: 'LEK-2026-0001' }],
  flags: {
    out: outFlag('brieven-post.pdf'),
  },
  json: 'Print {"reference", "file", "sha256"}.',
  examples: ['privacyloket breach post-letters LEK-2026-0001 --out brieven-post.pdf'],
  async run({ args, values, json }) {
    const out = await outputFile(values.out);
    const { findPostLetters } = await import('../../services/case-people');
    const written = await withDb(async (db) => {
      const document = await findPostLetters(db, args.reference);
      if (!document)
        throw new PrivacyloketError(
          'not-found',
          `${args.reference} has no letters for the post (yet): they are printed once the letters by mail have gone out.`,
          '<reference>',
        );
      await writePrivately(out, document.content);
      return { reference: args.reference, file: out, sha256: document.sha256 };
    });
    output(json, written, () => `Wrote the letters for the post of ${written.reference} to ${out}.`);
    return 0;
  },
});

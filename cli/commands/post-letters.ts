/** `privacyloket <process> post-letters <ref>`: the print file of a mailing's letters to people without an e-mail address. */
import { PrivacyloketError } from '../../lib/errors';
import { REFERENCE_PREFIXES, type Process } from '../../lib/processes';
import { defineCommand, reference } from '../command';
import { output } from '../output';
import { withDb } from '../services';
import { outFlag, outputFile, writePrivately } from './letter';

/** The command for a process whose case writes to many (a breach, a transfer), in its own words. */
export function postLettersCommand(process: Process, letters: string, out: string) {
  const example = `${REFERENCE_PREFIXES[process]}-2026-0001`;
  return defineCommand({
    name: `${process} post-letters`,
    summary: `Write the ${letters} to the people without an e-mail address to one PDF file (mode 0600), ready to print and post: each address sits in the envelope window.`,
    details: [
      `The file is made once, when the letters by mail have gone out; the officer is mailed when it is ready. Once posted, record it with privacyloket ${process} posted.`,
    ],
    positionals: [{ ...reference, example }],
    flags: {
      out: outFlag(out),
    },
    json: 'Print {"reference", "file", "sha256"}.',
    examples: [`privacyloket ${process} post-letters ${example} --out ${out}`],
    async run({ args, values, json }) {
      const file = await outputFile(values.out);
      const { findPostLetters } = await import('../../services/case-people');
      const written = await withDb(async (db) => {
        const document = await findPostLetters(db, args.reference);
        if (!document)
          throw new PrivacyloketError(
            'not-found',
            `${args.reference} has no letters for the post (yet): they are printed once the letters by mail have gone out.`,
            '<reference>',
          );
        await writePrivately(file, document.content);
        return { reference: args.reference, file, sha256: document.sha256 };
      });
      output(json, written, () => `Wrote the letters for the post of ${written.reference} to ${file}.`);
      return 0;
    },
  });
}

import { rename, writeFile } from 'node:fs/promises';
import { findLetterPdf, listLetters } from '../../db/letters';
import { PrivacyloketError } from '../../lib/errors';
import { findCase } from '../../db/cases';
import { parse, required } from '../args';
import type { Command } from '../main';
import { output } from '../output';
import { withDb } from '../services';

export const letter: Command = {
  usage: 'letter <reference> <kind> --out <file.pdf>',
  summary: 'Write the latest letter of that kind (acknowledgement, extension, access-response, …) to a file.',
  async run(args) {
    const { positionals, values, json } = parse(args, { out: { type: 'string' } }, ['reference', 'kind']);
    const [reference, kind] = positionals as [string, string];
    const out = required('--out', values.out);
    const written = await withDb(async (db) => {
      const row = await findCase(db, reference);
      const letters = (await listLetters(db, row.id)).filter((l) => l.kind === kind);
      const latest = letters.at(-1);
      if (!latest) {
        throw new PrivacyloketError('not-found', `Case ${reference} has no ${kind} letter.`, '<kind>');
      }
      // Written beside the target and renamed, so a reader never sees half a PDF.
      const partial = `${out}.partial`;
      await writeFile(partial, await findLetterPdf(db, latest.id));
      await rename(partial, out);
      return { reference, kind, file: out, sha256: latest.sha256, encrypted: latest.password !== null };
    });
    output(
      json,
      written,
      () =>
        `Wrote ${kind} of ${reference} to ${out}${written.encrypted ? ' (encrypted: privacyloket case shows the password)' : ''}.`,
    );
    return 0;
  },
};

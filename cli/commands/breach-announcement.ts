/** `privacyloket breach announcement <ref>`: the public announcement that replaces the letters (art. 34(3)(c)). */
import { userInfo } from 'node:os';
import { defineCommand, reference } from '../command';
import { output } from '../output';
import { withDb } from '../services';
import { outFlag, outputFile, writePrivately } from './letter';

export const breachAnnouncement = defineCommand({
  name: 'breach announcement',
  summary:
    'Write the public announcement of a breach to a PDF file (mode 0600): when telling each person would take disproportionate effort, the people are told this way instead (art. 34(3)(c)).',
  details: [
    'It says what art. 34(2) asks of the personal letter: what happened in clear language, the likely consequences, the measures taken, what people can do, and how to reach the data protection officer. Its text is the approved letter text, or without one the risk assessment. The breach must have the exception of art. 34(3)(c) recorded. The document is kept with the case and its SHA-256 is recorded in the audit trail.',
  ],
  positionals: [{ ...reference, example: 'LEK-2026-0001' }],
  flags: {
    out: outFlag('mededeling.pdf'),
  },
  officer: true,
  json: 'Print {"reference", "file", "sha256", "documentId"}.',
  examples: ['privacyloket breach announcement LEK-2026-0001 --out mededeling.pdf'],
  async run({ args, values, by, json }) {
    const out = await outputFile(values.out);
    const [{ actorName }, { publicAnnouncementDocument, withPrinter }] = await Promise.all([
      import('../../services/cases'),
      import('../../services/breach-documents'),
    ]);
    const actor = actorName(by ?? userInfo().username);
    const written = await withDb((db, config) =>
      withPrinter(db, config, async (deps) => {
        const document = await publicAnnouncementDocument(deps, args.reference, { by: actor });
        await writePrivately(out, document.pdf);
        return {
          reference: args.reference,
          file: out,
          sha256: document.sha256,
          documentId: document.documentId,
        };
      }),
    );
    output(
      json,
      written,
      () => `Wrote the public announcement of ${written.reference} to ${out} (SHA-256 ${written.sha256}).`,
    );
    return 0;
  },
});

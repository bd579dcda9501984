/** `privacyloket breach notification <ref>`: the AP notification document, to copy into the AP's online form. */
import { userInfo } from 'node:os';
import { invalidInput } from '../../lib/errors';
import { defineCommand, reference } from '../command';
import { output } from '../output';
import { withDb } from '../services';
import { outFlag, outputFile, writePrivately } from './letter';

export const breachNotification = defineCommand({
  name: 'breach notification',
  summary:
    "Write the AP notification document of a breach to a PDF file (mode 0600): every section of the AP's online form, filled from the case, to copy into the form.",
  details: [
    "The document is kept with the case and its SHA-256 is recorded in the audit trail. After submitting the form, record the AP's reference with privacyloket breach notified. A follow-up notification (art. 33(4)) is numbered from 2, carries the first notification's AP reference and says what changed in the risk assessment since the notification before it. A first notification after the 72 hours shows the reasons for the delay (art. 33(1)): --late-reasons, or the reasons recorded with it.",
  ],
  positionals: [{ ...reference, example: 'LEK-2026-0001' }],
  flags: {
    out: outFlag('melding-ap.pdf'),
    'follow-up': {
      type: 'string',
      value: 'n',
      description: 'A follow-up notification, numbered 2, 3, …; without it, the first notification.',
      example: '2',
    },
    'late-reasons': {
      type: 'string',
      value: 'text',
      description: 'Why the first notification comes after the 72 hours, when not yet recorded with it.',
      example: 'Het forensisch onderzoek liep door tot maandag',
    },
  },
  officer: true,
  json: 'Print {"reference", "number", "file", "sha256", "documentId"}.',
  examples: [
    'privacyloket breach notification LEK-2026-0001 --out melding-ap.pdf',
    'privacyloket breach notification LEK-2026-0001 --follow-up 2 --out vervolgmelding.pdf',
  ],
  async run({ args, values, by, json }) {
    const followUp = values['follow-up'] === undefined ? undefined : wholeNumber(values['follow-up']);
    const out = await outputFile(values.out);
    const [{ actorName }, { apNotificationDocument, withPrinter }] = await Promise.all([
      import('../../services/cases'),
      import('../../services/breach-documents'),
    ]);
    const actor = actorName(by ?? userInfo().username);
    const written = await withDb((db, config) =>
      withPrinter(db, config, async (deps) => {
        const document = await apNotificationDocument(deps, args.reference, {
          followUp,
          lateReasons: values['late-reasons'],
          by: actor,
        });
        await writePrivately(out, document.pdf);
        const { sha256, documentId } = document;
        return { reference: args.reference, number: followUp ?? 1, file: out, sha256, documentId };
      }),
    );
    output(
      json,
      written,
      () =>
        `Wrote ${written.number === 1 ? 'the AP notification' : `follow-up notification ${written.number}`} of ${written.reference} to ${out} (SHA-256 ${written.sha256}). Copy it into the AP's form, then record the AP's reference: privacyloket breach notified ${written.reference} --ap-reference …`,
    );
    return 0;
  },
});

/** The number as typed; whether it may be a follow-up's is the service's to say. */
function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value))
    throw invalidInput('--follow-up', `must be a whole number such as 2, got '${value}'`);
  return Number(value);
}

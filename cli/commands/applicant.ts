/**
 * `privacyloket applicant consent`: the applicant's consent recorded as evidence (AVG art. 4(11), 7(1)): when, how,
 * and the very text the applicant was shown, read from `--text-file` into the update (the registry's flag updates
 * carry only what was typed). Everything else about applicants is the registry's (`workflows/applicant-messages.ts`).
 */
import { readFile } from 'node:fs/promises';
import { invalidInput } from '../../lib/errors';
import { parseInstant } from '../../lib/instants';
import { CONSENT_CHANNELS, consentUpdate } from '../../workflows/applicant-messages';
import { defineCommand, reference } from '../command';
import { update } from './decisions';

export const applicantConsent = defineCommand({
  name: 'applicant consent',
  summary:
    "Record the applicant's consent to keep their data awaiting a vacancy (art. 7(1)): when, how, and the text they were shown; kept until --until, at most the policy's period after the procedure (1 year).",
  positionals: [reference],
  flags: {
    given: {
      type: 'string',
      value: 'moment',
      required: true,
      description:
        'When the applicant gave it: a date (that day in Amsterdam) or a date-time with its UTC offset.',
      example: '2026-11-24',
    },
    how: {
      type: 'string',
      value: 'channel',
      required: true,
      values: CONSENT_CHANNELS,
      description: 'How the applicant gave it.',
      example: 'e-mail',
    },
    'text-file': {
      type: 'string',
      value: 'file',
      required: true,
      description:
        'A text file with the words the applicant was shown and agreed to, kept verbatim as the evidence.',
      example: 'toestemming.txt',
    },
    until: {
      type: 'string',
      value: 'date',
      description:
        "Until when the data may be kept (default: the policy's period with consent after the procedure ended).",
      example: '2027-06-30',
    },
  },
  officer: true,
  json: 'Print the case after the update, the same object privacyloket case --json prints.',
  examples: [
    'privacyloket applicant consent SOL-2026-0001 --given 2026-11-24 --how e-mail --text-file toestemming.txt',
  ],
  async run({ args, values, by, json }) {
    const given = parseInstant('--given', values.given).toISOString();
    const until =
      values.until === undefined ? {} : { until: parseInstant('--until', values.until).toISOString() };
    let text: string;
    try {
      text = await readFile(values['text-file'], 'utf8');
    } catch (error) {
      throw invalidInput('--text-file', `must be a readable text file: ${(error as Error).message}`);
    }
    return update({ by, json, reference: args.reference }, async (services, { sendUpdate }) => {
      await sendUpdate(services, args.reference, consentUpdate, {
        by: services.actor,
        given,
        how: values.how as (typeof CONSENT_CHANNELS)[number],
        text: text.trim(),
        ...until,
      });
    });
  },
});

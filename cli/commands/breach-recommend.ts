/**
 * `privacyloket breach recommend --input assessment.json [--locale nl|en]`: what Privacyloket recommends for a risk
 * assessment, before or without a case. Starts nothing and needs neither Temporal nor the database: the officer can
 * try an assessment out, and a script can read the answer.
 */
import { basename } from 'node:path';
import { EXAMPLE_ASSESSMENT, parseAssessment } from '../../lib/breach/assessment';
import { recommend } from '../../lib/breach/recommend';
import { PrivacyloketError } from '../../lib/errors';
import { defineCommand, readJsonObject } from '../command';
import { output } from '../output';

export const breachRecommend = defineCommand({
  name: 'breach recommend',
  summary:
    'Recommend, from a risk assessment, whether to notify the AP (art. 33) and tell the people (art. 34).',
  details: [
    'The AP is notified unless the breach is unlikely to result in a risk; the people are told when it is likely to result in a high risk. Each reason names the factor that decides and the EDPB guideline or worked case (EDPB 01/2021) it follows. The officer decides: privacyloket breach decide records the decision, with reasons when it departs from the recommendation.',
    "The reasons are in Dutch unless --locale en: a case records them in its own language, and without reasons of the officer's own they are the decision's reasons in the breach log and the AP notification document.",
  ],
  flags: {
    input: {
      type: 'string',
      value: 'file.json',
      required: true,
      description:
        'The risk assessment: one JSON object, such as the one below, the same as breach assess takes.',
      example: 'assessment.json',
      shape: EXAMPLE_ASSESSMENT as unknown as Record<string, unknown>,
    },
    locale: {
      type: 'string',
      value: 'locale',
      values: ['nl', 'en'],
      description: 'The language of the reasons (default nl).',
      example: 'en',
    },
  },
  json: 'Print {"notifyAuthority": true|false, "notifySubjects": true|false, "reasons": […]}.',
  examples: [
    'privacyloket breach recommend --input assessment.json',
    'privacyloket breach recommend --input assessment.json --locale en --json',
  ],
  async run({ values, json }) {
    const { notifyAuthority, notifySubjects, reasons } = recommend(
      await readAssessment(values.input),
      values.locale as 'nl' | 'en' | undefined,
    );
    output(json, { notifyAuthority, notifySubjects, reasons }, () =>
      [
        `Notify the AP (art. 33):       ${notifyAuthority ? 'yes' : 'no'}`,
        `Tell the people (art. 34):     ${notifySubjects ? 'yes' : 'no'}`,
        '',
        ...reasons.map((reason) => `- ${reason}`),
      ].join('\n'),
    );
    return 0;
  },
});

/** The file's assessment; a refusal names the file, then the field as typed in it (`people.min`). */
async function readAssessment(path: string) {
  const file = await readJsonObject(path);
  try {
    return parseAssessment(file);
  } catch (error) {
    if (!(error instanceof PrivacyloketError)) throw error;
    throw new PrivacyloketError(error.code, `In ${basename(path)}, ${error.message}`, error.field);
  }
}

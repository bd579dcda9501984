/**
 * `privacyloket access draft-decision`: the access response's art. 15(1)(a–d), (g) and (h) pre-filled from the
 * register of processing activities, as the `--input` file of `access decide`, for the officer to confirm and
 * complete. Purposes, categories of data, retention, source and automated decision-making are the register's; the
 * recipients are not: the register knows categories, the answer names the actual recipients (CJEU C-154/21), so
 * each category is written as a placeholder the decision refuses until it is replaced, or until the officer says
 * why the actual recipients cannot be identified (`--recipients-unidentifiable`), which lets the categories stand.
 */
import { findCase } from '../../db/cases';
import { invalidInput } from '../../lib/errors';
import { activityView, automatedDecisionsText, findActivity } from '../../lib/register';
import { loadPolicy } from '../../policies/load';
import { TO_REPLACE } from '../../workflows/access-request-messages';
import { defineCommand, reference } from '../command';
import { output } from '../output';
import { withDb } from '../services';
import { outputFile, writePrivately } from './letter';

const unique = (values: string[]) => [...new Set(values)];

export const draftDecision = defineCommand({
  name: 'access draft-decision',
  summary:
    'Draft the decision file of an access request from the register of processing activities: purposes, categories of data, retention, source and automated decision-making (art. 15(1)(a, b, d, g, h)) as defaults to confirm; the recipients as categories to replace with the actual ones (art. 15(1)(c)).',
  details: [
    `Every entry that begins with "${TO_REPLACE}" must be replaced before access decide accepts the file: the register's categories of recipients by the recipients this person's data actually went to (CJEU C-154/21), or removed when there were none. Only where the actual recipients cannot be identified may the categories stand: then decide with --recipients-unidentifiable and the reason, which the letter gives. Add the copy of the data with --copy when deciding.`,
    'automated-decisions is written only for activities the register says have automated decision-making (art. 22); without it the letter says there is none.',
  ],
  positionals: [reference],
  flags: {
    activity: {
      type: 'list',
      value: 'id',
      description:
        "A processing activity of the register that holds the requester's data, once per activity (default: the register's first).",
      example: 'client-care',
    },
    out: {
      type: 'string',
      value: 'decision.json',
      description: 'The file to write (mode 0600); without it the draft is printed.',
      example: 'decision.json',
    },
  },
  json: 'Print {"reference", "file", "activities", "toReplace"} (with --out), or the draft itself.',
  examples: [
    'privacyloket access draft-decision INZ-2026-0001 --activity client-care --activity video-recordings --out decision.json',
    'privacyloket access decide INZ-2026-0001 --input decision.json --copy gegevens.pdf',
  ],
  async run({ args, values, json }) {
    const out = values.out === undefined ? undefined : await outputFile(values.out);
    const { row, policy } = await withDb(async (db, config) => {
      const row = await findCase(db, args.reference);
      if (row.process !== 'access')
        throw invalidInput(
          '<reference>',
          `is ${row.reference}, a ${row.process} case, not an access request`,
        );
      return { row, policy: await loadPolicy(row.policy_id, config.policiesDir) };
    });
    const ids = values.activity ?? policy.processingActivities.slice(0, 1).map((activity) => activity.id);
    if (ids.length === 0)
      throw invalidInput('--activity', `cannot be drafted: the register of ${policy.id} is empty`);
    const views = ids.map((id) => {
      const activity = findActivity(policy, id);
      if (!activity)
        throw invalidInput(
          '--activity',
          `must be one of ${policy.processingActivities.map((a) => a.id).join(', ')}, got '${id}'`,
        );
      return activityView(policy, activity, row.locale);
    });
    const nl = row.locale === 'nl';
    const all = (pick: (view: (typeof views)[number]) => string[]) => unique(views.flatMap(pick));
    const sources = all((view) => view.sources ?? []);
    const transfers = all((view) => view.transfers);
    const automated = views.flatMap(({ name, automatedDecisions }) =>
      automatedDecisions
        ? [
            `${name}: ${nl ? 'besluiten die uitsluitend op geautomatiseerde verwerking berusten (AVG artikel 22)' : 'decisions based solely on automated processing (GDPR Article 22)'}, ${automatedDecisionsText(automatedDecisions, row.locale)}`,
          ]
        : [],
    );
    const draft = {
      outcome: 'full',
      purpose: all((view) => view.purposes),
      category: all((view) => view.dataCategories),
      // The marker alone, so that the category reads as the register has it once --recipients-unidentifiable lets it stand.
      recipient: all((view) => view.recipients).map((category) => `${TO_REPLACE}${category}`),
      retention: all((view) => view.retention).join('; '),
      // The register names sources only where the data do not come from the person (art. 14(2)(f)).
      source: sources.length > 0 ? sources.join('; ') : nl ? 'van uzelf' : 'from you',
      ...(transfers.length > 0
        ? {
            'third-countries': transfers.join('; '),
            'transfer-safeguards': transfers.join('; '),
          }
        : {}),
      ...(automated.length > 0 ? { 'automated-decisions': automated.join('. ') } : {}),
    };
    const text = `${JSON.stringify(draft, null, 2)}\n`;
    if (!out) {
      console.log(text.trimEnd());
      return 0;
    }
    await writePrivately(out, Buffer.from(text, 'utf8'));
    const result = {
      reference: row.reference,
      file: out,
      activities: ids,
      toReplace: draft.recipient.length,
    };
    output(json, result, () =>
      [
        `Wrote a draft decision for ${row.reference} to ${out}, from the register (${ids.join(', ')}).`,
        `Check every element; replace the ${result.toReplace} recipient categor${result.toReplace === 1 ? 'y' : 'ies'} marked ${TO_REPLACE.trim()} with the actual recipients (or, only where they cannot be identified, add --recipients-unidentifiable "<why>" to let the categories stand), then:`,
        `  privacyloket access decide ${row.reference} --input ${values.out} --copy <copy.pdf>`,
      ].join('\n'),
    );
    return 0;
  },
});

/**
 * `privacyloket rectification …`: correctie, aanvulling, afscherming (AVG arts. 16, 18, 19; Buurderij art. 23).
 * Beside the verbs every process has, the decision per requested change (from a JSON file) and the announced end
 * of a restriction (art. 18(3)). The workflow's validators check both and name every problem.
 */
import { invalidInput } from '../../lib/errors';
import { sendUpdate } from '../../services/cases';
import {
  decideUpdate,
  liftRestrictionUpdate,
  RECTIFICATION,
  type RectificationDecision,
} from '../../workflows/rectification-messages';
import { parse } from '../args';
import type { Command } from '../main';
import { readInputFile, withCaseServices } from '../services';
import { printStatus } from './decisions';
import { processCommand, whole } from './process';

const by = { by: { type: 'string' } } as const;

const decide: Command = {
  usage: 'rectification decide <reference> --input decision.json [--by <who decided for the organisation>]',
  summary: `Decide on each requested change: corrected, completed, restricted, statement-added or refused (with reasons and ground), its dataOwner and the recipients of the data; e.g. ${JSON.stringify(RECTIFICATION.decide.example)}.`,
  async run(args) {
    const { positionals, values, json } = parse(args, { input: { type: 'string' }, ...by }, ['reference']);
    if (values.input === undefined) throw invalidInput('--input', 'is required: the decision as a JSON file');
    const file = await readInputFile(values.input, ['changes', 'recipientsAsked']);
    return withCaseServices(values.by, async (services) => {
      const decision = { by: services.actor, ...file } as RectificationDecision;
      return printStatus(json, await sendUpdate(services, positionals[0]!, decideUpdate, decision));
    });
  },
};

const liftRestriction: Command = {
  usage: 'rectification lift-restriction <reference> --change <n> --lift-on <YYYY-MM-DD> --reasons <why>',
  summary:
    'Announce the end of a restriction in force: the subject is told at once, before it is lifted (art. 18(3)); on that day its data owner lifts it.',
  async run(args) {
    const { positionals, values, json } = parse(
      args,
      { change: { type: 'string' }, 'lift-on': { type: 'string' }, reasons: { type: 'string' }, ...by },
      ['reference'],
    );
    const change = whole('--change', values.change);
    return withCaseServices(values.by, async (services) =>
      printStatus(
        json,
        await sendUpdate(services, positionals[0]!, liftRestrictionUpdate, {
          by: services.actor,
          change,
          liftOn: values['lift-on'] ?? '',
          reasons: values.reasons ?? '',
        }),
      ),
    );
  },
};

export const rectification = processCommand('rectification', {
  decide,
  'lift-restriction': liftRestriction,
});

/**
 * `privacyloket erasure <verb>`: the erasure request's commands, as the case kit names them in its next steps
 * and mails. `start` and `decide` are the process's own; the others are the kit's updates, which every process
 * shares (verify-identity, extend, approve are the top-level commands of the same name).
 */
import { PrivacyloketError, invalidInput } from '../../lib/errors';
import { sendUpdate } from '../../services/cases';
import { loadConfig } from '../../services/config';
import { parseCaseRequest, registerCase, startFields } from '../../services/start';
import { decideErasureUpdate, type ErasureDecision } from '../../workflows/erasure-messages';
import { adviseUpdate, confirmTaskUpdate } from '../../workflows/case/updates';
import { parse } from '../args';
import type { Command } from '../main';
import { formatDate, output } from '../output';
import { readInputFile, withCaseServices } from '../services';
import { approve, extend, printStatus, verifyIdentity } from './decisions';

const by = { by: { type: 'string' } } as const;

const start: Command = {
  usage:
    'erasure start --policy <id> --received <ISO 8601> --name <name> (--email <address> | --address <postal>) --what <what to erase> [--categories <id,id>]… [--input file.json]',
  summary:
    'Register an erasure request (verzoek om verwijdering) and start its workflow; prints the reference.',
  async run(args) {
    const fields = startFields('erasure');
    const flags = Object.fromEntries(
      fields.map((field) => [
        field.name,
        field.boolean
          ? { type: 'boolean' as const }
          : { type: 'string' as const, multiple: field.multiple === true },
      ]),
    );
    const { values, json } = parse(args, { ...flags, input: { type: 'string' }, ...by });
    const {
      input,
      by: actor,
      ...given
    } = values as Record<string, unknown> & { input?: string; by?: string };
    const names = fields.map((field) => field.name);
    const fromFile = input === undefined ? {} : await readInputFile(input, names);
    const request = await parseCaseRequest(
      'erasure',
      { ...fromFile, ...given },
      { policiesDir: loadConfig().policiesDir },
    );
    const { reference, started, duplicates } = await withCaseServices(actor, (services) =>
      registerCase(services, request),
    );
    if (request.late) {
      console.error(
        `privacyloket: warning: ${reference} was due on ${formatDate(request.late.dueDate)}, which has passed; the acknowledgement says so and promises the decision by ${formatDate(request.late.answerBy)}.`,
      );
    }
    if (duplicates.length > 0)
      console.error(
        `privacyloket: warning: the same person has open erasure requests: ${duplicates.join(', ')}.`,
      );
    if (!started)
      console.error(
        `privacyloket: ${reference} is registered; the worker starts its workflow within a minute.`,
      );
    output(json, { reference, started, duplicates }, () => reference);
    return 0;
  },
};

/** The keys of `erasure decide --input`: the decision per category and the recipients (who decided is `--by`). */
const DECISION_KEYS = ['categories', 'noData', 'recipients', 'recipientsNotTold'] as const;

const decide: Command = {
  usage: 'erasure decide <reference> --input decision.json [--by <who decided for the organisation>]',
  summary:
    'Decide per data category: erase (with its data owner), keep (ground, reasons, until when) or partly; the recipients to tell (art. 19).',
  async run(args) {
    const { positionals, values, json } = parse(args, { input: { type: 'string' }, ...by }, ['reference']);
    if (values.input === undefined)
      throw invalidInput('--input', 'is required: a JSON file with the decision per category');
    const decision = await readInputFile(values.input, DECISION_KEYS);
    return withCaseServices(values.by, async (services) =>
      printStatus(
        json,
        await sendUpdate(services, positionals[0]!, decideErasureUpdate, {
          ...decision,
          by: services.actor,
        } as ErasureDecision),
      ),
    );
  },
};

const confirmTask: Command = {
  usage: 'erasure confirm-task <reference> --task <n> --done-by <who> --at <ISO 8601> --how <how>',
  summary: "Record a data owner's confirmation that the data were erased: who, when and how (the evidence).",
  async run(args) {
    const { positionals, values, json } = parse(
      args,
      {
        task: { type: 'string' },
        'done-by': { type: 'string' },
        at: { type: 'string' },
        how: { type: 'string' },
        ...by,
      },
      ['reference'],
    );
    const task = Number(values.task);
    if (!Number.isInteger(task) || task < 1)
      throw invalidInput('--task', 'must be the task number, such as 1');
    return withCaseServices(values.by, async (services) =>
      printStatus(
        json,
        await sendUpdate(services, positionals[0]!, confirmTaskUpdate, {
          by: services.actor,
          task,
          doneBy: values['done-by'] ?? '',
          at: values.at ?? '',
          how: values.how ?? '',
        }),
      ),
    );
  },
};

const advise: Command = {
  usage: 'erasure advise <reference> --advice <text>',
  summary:
    "Record the FG's advice beside the decision (art. 38(6), 39: the FG advises, the organisation decides).",
  async run(args) {
    const { positionals, values, json } = parse(args, { advice: { type: 'string' }, ...by }, ['reference']);
    return withCaseServices(values.by, async (services) =>
      printStatus(
        json,
        await sendUpdate(services, positionals[0]!, adviseUpdate, {
          by: services.actor,
          advice: values.advice ?? '',
        }),
      ),
    );
  },
};

const VERBS: Record<string, Command> = {
  start,
  'verify-identity': verifyIdentity,
  advise,
  decide,
  approve,
  extend,
  'confirm-task': confirmTask,
};

export const erasure: Command = {
  usage: `erasure ${Object.keys(VERBS).join('|')} …`,
  summary: 'The erasure request (AVG art. 17; art. 7:455 BW): start, decide per category, confirm deletions.',
  async run(args) {
    const [verb, ...rest] = args;
    const command = verb === undefined ? undefined : VERBS[verb];
    if (!command)
      throw new PrivacyloketError(
        'invalid-input',
        `Unknown erasure command '${verb ?? ''}'; use ${Object.keys(VERBS).join(', ')}.`,
      );
    return command.run(rest);
  },
};

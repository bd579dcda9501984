/**
 * `privacyloket <process> <verb> …` for a process in the registry (`lib/processes.ts`): `start` from its start
 * schema, the verbs every case shares (the case kit's updates: identity, extension, approval, the FG's advice, a
 * data owner's task, letters), and the process's own verbs (its decision, …). The commands the kit's next steps
 * and staff mails print (`privacyloket rectification confirm-task …`) are these.
 */
import { invalidInput, PrivacyloketError } from '../../lib/errors';
import { parseInstant } from '../../lib/instants';
import { processEntry, type Process } from '../../lib/processes';
import { loadConfig } from '../../services/config';
import { sendUpdate } from '../../services/cases';
import { parseCaseRequest, registerCase, startFields } from '../../services/start';
import { adviseUpdate, confirmTaskUpdate } from '../../workflows/case/updates';
import { parse } from '../args';
import type { Command } from '../main';
import { formatDate, output } from '../output';
import { readInputFile, withCaseServices } from '../services';
import { approve, extend, posted, printStatus, resend, verifyIdentity } from './decisions';

const by = { by: { type: 'string' } } as const;

/** A whole number a flag gives: a task, a change. */
export function whole(flag: string, value: string | undefined): number {
  if (value === undefined || !/^[1-9]\d{0,3}$/.test(value))
    throw invalidInput(
      flag,
      `must be a number such as 1, got ${value === undefined ? 'nothing' : `'${value}'`}`,
    );
  return Number(value);
}

function start(process: Process): Command {
  const fields = startFields(process);
  const own = processEntry(process)?.start?.fields ?? [];
  const flags = Object.fromEntries(
    fields.map((field) => [
      field.name,
      field.boolean
        ? { type: 'boolean' as const }
        : { type: 'string' as const, ...(field.multiple ? { multiple: true } : {}) },
    ]),
  );
  return {
    usage: `${process} start --policy <id> --received <ISO 8601> --name <name> (--email <address> | --address <postal>) ${own
      .map((f) => `[--${f.name}${f.boolean ? '' : ` <${f.example}>`}]${f.multiple ? '…' : ''}`)
      .join(' ')} [--input file.json]`,
    summary: `Register a ${process} case and start its workflow; prints the case reference. ${own
      .map((f) => `--${f.name}: ${f.description}`)
      .join('; ')}.`,
    async run(args) {
      const { values, json } = parse(args, { ...flags, input: { type: 'string' }, ...by });
      const {
        input,
        by: actor,
        ...given
      } = values as Record<string, unknown> & { input?: string; by?: string };
      const names = fields.map((field) => field.name);
      const fromFile = input === undefined ? {} : await readInputFile(input, names);
      const request = await parseCaseRequest(
        process,
        { ...fromFile, ...given },
        { policiesDir: loadConfig().policiesDir },
      );
      const { late } = request;
      const registered = await withCaseServices(actor, (services) => registerCase(services, request));
      const { reference, started, duplicates } = registered;
      if (late)
        console.error(
          `privacyloket: warning: ${reference} was due on ${formatDate(late.dueDate)}, which has passed; the acknowledgement says so and promises the answer by ${formatDate(late.answerBy)} (--answer-by to choose another date).`,
        );
      if (duplicates.length > 0)
        console.error(
          `privacyloket: warning: the same person has open ${process} cases: ${duplicates.join(', ')}.`,
        );
      if (!started)
        console.error(
          `privacyloket: ${reference} is registered; Temporal did not start its workflow now, so the worker starts it as soon as it can (within a minute of running).`,
        );
      output(json, { reference, started, ...(late ? { late } : {}), duplicates }, () => reference);
      return 0;
    },
  };
}

/** The FG's advice, recorded beside the decision the organisation takes (art. 38(6), 39). */
const advise = (process: Process): Command => ({
  usage: `${process} advise <reference> --advice <text> [--by <the FG>]`,
  summary: "Record the FG's advice on the case; the decision's --by is who decided for the organisation.",
  async run(args) {
    const { positionals, values, json } = parse(args, { advice: { type: 'string' }, ...by }, ['reference']);
    if (values.advice === undefined) throw invalidInput('--advice', 'is required');
    return withCaseServices(values.by, async (services) =>
      printStatus(
        json,
        await sendUpdate(services, positionals[0]!, adviseUpdate, {
          by: services.actor,
          advice: values.advice!,
        }),
      ),
    );
  },
});

/** A data owner's word that their task is done: who, when and how (the evidence of the change). */
const confirmTask = (process: Process): Command => ({
  usage: `${process} confirm-task <reference> --task <n> --how <how> [--done-by <who>] [--at <ISO 8601>]`,
  summary: 'Record that a data owner carried out their task: who (default --by), when (default now) and how.',
  async run(args) {
    const { positionals, values, json } = parse(
      args,
      {
        task: { type: 'string' },
        how: { type: 'string' },
        'done-by': { type: 'string' },
        at: { type: 'string' },
        ...by,
      },
      ['reference'],
    );
    const task = whole('--task', values.task);
    if (values.how === undefined) throw invalidInput('--how', 'is required: how the change was carried out');
    const at = values.at === undefined ? new Date() : parseInstant('--at', values.at);
    return withCaseServices(values.by, async (services) =>
      printStatus(
        json,
        await sendUpdate(services, positionals[0]!, confirmTaskUpdate, {
          by: services.actor,
          task,
          doneBy: values['done-by'] ?? services.actor,
          at: at.toISOString(),
          how: values.how!,
        }),
      ),
    );
  },
});

/** `privacyloket <process> <verb> …`: the shared verbs and the process's own. */
export function processCommand(process: Process, own: Record<string, Command>): Command {
  const verbs: Record<string, Command> = {
    start: start(process),
    'verify-identity': verifyIdentity,
    advise: advise(process),
    approve,
    extend,
    'confirm-task': confirmTask(process),
    posted,
    resend,
    ...own,
  };
  return {
    usage: `${process} <${Object.keys(verbs).join('|')}> …`,
    summary: `The ${process} process: start a case, then the officer's steps (${process} <verb> --help for each).`,
    async run(args) {
      const [verb, ...rest] = args;
      const command = verb === undefined ? undefined : verbs[verb];
      if (!command)
        throw new PrivacyloketError(
          'invalid-input',
          `Unknown ${process} command '${verb ?? ''}'; use one of ${Object.keys(verbs).join(', ')}.`,
        );
      return command.run(rest);
    },
    help(args) {
      const command = args[0] === undefined ? undefined : verbs[args[0]];
      return command && `Usage: privacyloket ${command.usage}\n\n${command.summary}`;
    },
  };
}

/**
 * `privacyloket <process> <step>` for a process on the case kit, read from its registry entry (lib/processes.ts):
 * `start` with the fields every case has and the process's own, `decide --input decision.json` with the process's
 * decision, and the officer's steps every case shares (identity, FG advice, a data owner's task, four eyes,
 * extension). Thin: the workflow's validators have the last word, and their refusal names the field.
 */
import { invalidInput, PrivacyloketError } from '../../lib/errors';
import { processEntry, type Process } from '../../lib/processes';
import { sendUpdate } from '../../services/cases';
import { loadConfig } from '../../services/config';
import { parseCaseRequest, registerCase, startFields } from '../../services/start';
import { adviseUpdate, confirmTaskUpdate } from '../../workflows/case/updates';
import { parse, parseInstant, required } from '../args';
import type { Command } from '../main';
import { formatDate, output } from '../output';
import { readInputFile, withCaseServices } from '../services';
import { approve, extend, printStatus, verifyIdentity } from './decisions';

const by = { by: { type: 'string' } } as const;

export function processCommand(process: Process): Command {
  const entry = processEntry(process);
  const decision = entry?.decide?.input;
  if (!entry?.start || !decision) throw new Error(`${process} has no start or decision file in the registry`);
  const fields = startFields(process);
  const steps: Record<string, (args: string[]) => Promise<number>> = {
    async start(args) {
      const options = Object.fromEntries(
        fields.map((field) => [
          field.name,
          { type: field.boolean ? 'boolean' : 'string', multiple: field.multiple === true } as const,
        ]),
      );
      const { values, json } = parse(args, { ...options, input: { type: 'string' }, ...by });
      const { input, by: actor, ...flags } = values;
      const names = fields.map((field) => field.name);
      const fromFile = typeof input === 'string' ? await readInputFile(input, names) : {};
      const request = await parseCaseRequest(
        process,
        { ...fromFile, ...flags },
        { policiesDir: loadConfig().policiesDir },
      );
      const registered = await withCaseServices(actor, (services) => registerCase(services, request));
      const { reference, started, duplicates } = registered;
      if (request.late)
        console.error(
          `privacyloket: warning: ${reference} was due on ${formatDate(request.late.dueDate)}, which has passed; the acknowledgement says so and promises the answer by ${formatDate(request.late.answerBy)} (--answer-by to choose another date).`,
        );
      if (duplicates.length > 0)
        console.error(
          `privacyloket: warning: the same person has open ${process} cases: ${duplicates.join(', ')}.`,
        );
      if (!started)
        console.error(
          `privacyloket: ${reference} is registered; Temporal did not start its workflow now, so the worker starts it as soon as it can (within a minute of running).`,
        );
      output(json, { reference, started, duplicates }, () => reference);
      return 0;
    },

    async decide(args) {
      const { positionals, values, json } = parse(args, { input: { type: 'string' }, ...by }, ['reference']);
      const file = await readInputFile(required('--input', values.input), decision.keys);
      return withCaseServices(values.by, async (services) => {
        const input = { by: services.actor, ...decision.read(file) };
        return printStatus(json, await sendUpdate(services, positionals[0]!, entry.decide!.update, input));
      });
    },

    async advise(args) {
      const { positionals, values, json } = parse(args, { advice: { type: 'string' }, ...by }, ['reference']);
      const advice = required('--advice', values.advice);
      return withCaseServices(values.by, async (services) =>
        printStatus(
          json,
          await sendUpdate(services, positionals[0]!, adviseUpdate, { by: services.actor, advice }),
        ),
      );
    },

    async 'confirm-task'(args) {
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
      const task = Number(required('--task', values.task));
      if (!Number.isInteger(task) || task < 1)
        throw invalidInput('--task', `must be a task's number, got '${values.task}'`);
      const at = values.at === undefined ? new Date() : parseInstant('--at', values.at);
      const how = required('--how', values.how);
      return withCaseServices(values.by, async (services) =>
        printStatus(
          json,
          await sendUpdate(services, positionals[0]!, confirmTaskUpdate, {
            by: services.actor,
            task,
            doneBy: values['done-by'] ?? services.actor,
            at: at.toISOString(),
            how,
          }),
        ),
      );
    },

    /** Each start field with what it means and an example, and an example decision file. */
    help() {
      const width = Math.max(...fields.map((field) => field.name.length)) + 4;
      const line = (field: (typeof fields)[number]) =>
        `  --${field.name.padEnd(width - 2)}${field.description}${field.example ? ` (e.g. ${field.example})` : ''}`;
      console.log(
        [
          `privacyloket ${process} start: the fields every case has, then the ${entry.names.en}'s own`,
          ...fields.map(line),
          `  ${'--input file.json'.padEnd(width)}the same fields as keys (lists as JSON arrays)`,
          '',
          `privacyloket ${process} decide <reference> --input decision.json [--by <who decides>], for example:`,
          JSON.stringify(entry.decide!.example, null, 2),
        ].join('\n'),
      );
      return Promise.resolve(0);
    },
    'verify-identity': async (args) => verifyIdentity.run(args),
    approve: async (args) => approve.run(args),
    extend: async (args) => extend.run(args),
  };

  return {
    usage: `${process} start|verify-identity|advise|decide|approve|extend|confirm-task|help …`,
    summary: `The ${entry.names.en} (${entry.names.nl}): start a case (${fields
      .slice(-entry.start.fields.length)
      .map((field) => `--${field.name}`)
      .join(', ')}, or --input file.json), decide with --input decision.json, and the shared steps.`,
    async run(args) {
      const [step, ...rest] = args;
      const run = step === undefined ? undefined : steps[step];
      if (!run)
        throw new PrivacyloketError(
          'invalid-input',
          `Unknown ${process} command '${step ?? ''}'; use ${process} ${Object.keys(steps).join('|')}.`,
        );
      return run(rest);
    },
  };
}

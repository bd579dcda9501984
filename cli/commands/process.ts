/**
 * `privacyloket <process> <verb>`, for every registered process alike, built from the registry
 * (`lib/processes.ts`): `start` from its start schema; the kit's shared updates (`verify-identity`, `approve`,
 * `extend`, `advise`, `confirm-task`); `decide` and the process's own verbs from its entry, as a JSON file. The
 * access request keeps its own `decide` with flags.
 */
import { invalidInput } from '../../lib/errors';
import { parseInstant } from '../../lib/instants';
import { processEntry, REFERENCE_PREFIXES, type Process, type ProcessUpdate } from '../../lib/processes';
import { adviseUpdate, confirmTaskUpdate } from '../../workflows/case/updates';
import { defineCommand, readJsonObject, reference, type Command } from '../command';
import { formatDate, output, warn } from '../output';
import { loadConfig, withCaseServices } from '../services';
import { approve, decide as accessDecide, extend, update, verifyIdentity } from './decisions';

const CASE_JSON = 'Print the case after the update, the same object privacyloket case --json prints.';

/** The command for `<process> <verb>`, or undefined when the process has no such verb. */
export async function processCommand(process: Process, verb: string): Promise<Command | undefined> {
  const entry = await processEntry(process);
  if (!entry) return undefined;
  const own = entry.verbs?.[verb];
  if (own) return processUpdate(process, verb, own);
  switch (verb) {
    case 'start':
      return startCommand(process);
    case 'decide':
      if (process === 'access') return named(accessDecide, process);
      return entry.decide && processUpdate(process, verb, entry.decide);
    case 'verify-identity':
      return named(verifyIdentity, process);
    case 'approve':
      return named(approve, process);
    case 'extend':
      return named(extend, process);
    case 'advise':
      return advise(process);
    case 'confirm-task':
      return confirmTask(process);
    default:
      return undefined;
  }
}

/** The process's own verbs beside the shared ones, for dispatch and help. */
export async function ownVerbs(process: Process): Promise<string[]> {
  return Object.keys((await processEntry(process))?.verbs ?? {});
}

/** A shared command under its process's name: `approve` as `erasure approve`. */
function named(command: Command, process: Process): Command {
  const name = `${process} ${command.name}`;
  const examples = command.examples.map((example) =>
    example.replace(
      `privacyloket ${command.name} INZ-2026-0001`,
      `privacyloket ${name} ${exampleReference(process)}`,
    ),
  );
  return { ...command, name, examples };
}

/** A reference of the process, for examples: `VER-2026-0001`. */
const exampleReference = (process: Process) => `${REFERENCE_PREFIXES[process]}-2026-0001`;

function start(process: Process, title: string, details?: string): Command {
  return {
    name: `${process} start`,
    summary: `Register a new ${title} and start its workflow; prints the case reference.`,
    details: [
      details ??
        'The acknowledgement, stating the due date, goes out at once. A request registered after its deadline has passed is accepted with a warning: its acknowledgement says so and promises the answer by --answer-by. An open request of the same process for the same person is warned about.',
    ],
    flags: {},
    officer: true,
    input: 'request.json',
    json: `Print {"reference", "started", "duplicates"} (with "late": {"dueDate", "answerBy"} for a late registration).`,
    examples: [`privacyloket ${process} start --input request.json --by "Anna de Boer"`],
    async run({ values, by, json }) {
      const [{ parseCaseRequest, registerCase }, config] = await Promise.all([
        import('../../services/start'),
        loadConfig(),
      ]);
      const request = await parseCaseRequest(process, values, { policiesDir: config.policiesDir });
      const { reference, started, duplicates } = await withCaseServices(by, (services) =>
        registerCase(services, request),
      );
      const { late } = request;
      if (late) {
        warn(
          `warning: ${reference} was due on ${formatDate(late.dueDate)}, which has passed; the acknowledgement says so and promises the answer by ${formatDate(late.answerBy)} (--answer-by to choose another date).`,
        );
      }
      if (duplicates.length > 0) {
        warn(
          `warning: this person already has ${duplicates.length === 1 ? `an open ${title}, ${duplicates[0]}` : `open ${title}s: ${duplicates.join(', ')}`}; ${reference} is registered beside it (if it is the same request, answer it in the first).`,
        );
      }
      if (!started) {
        warn(
          `${reference} is registered; Temporal did not start its workflow now, so the worker starts it as soon as it can (within a minute of running).`,
        );
      }
      output(json, { reference, started, duplicates, ...(late ? { late } : {}) }, () => reference);
      return 0;
    },
  };
}

/** The start command with its flags, which come from the process's start schema. */
export async function startCommand(process: Process): Promise<Command> {
  const { startFields } = await import('../../services/start');
  const entry = await processEntry(process);
  const command = start(process, entry?.names.en ?? process, entry?.start?.details);
  const flags = Object.fromEntries(
    (await startFields(process)).map(({ name, description, ...flag }) => [
      name,
      { ...flag, description: sentence(description) },
    ]),
  );
  return { ...command, flags };
}

/** A process's update (its decision, or a verb of its own): from flags when it declares them, else a JSON file. */
const processUpdate = (process: Process, verb: string, update: ProcessUpdate) =>
  update.flags ? flagUpdate(process, verb, update) : jsonUpdate(process, verb, update);

/** An update whose input comes from flags (or `--input` with the same keys), as `start` takes its fields. */
function flagUpdate(
  process: Process,
  verb: string,
  { update: definition, summary, flags }: ProcessUpdate,
): Command {
  const { fields } = flags!;
  const example = fields
    .filter((f) => f.required === true)
    .map((f) => ` --${f.name} ${/\s/.test(f.example ?? '') ? `"${f.example}"` : f.example}`)
    .join('');
  return {
    name: `${process} ${verb}`,
    summary,
    positionals: [reference],
    flags: Object.fromEntries(
      fields.map(({ name, description, ...flag }) => [name, { ...flag, description: sentence(description) }]),
    ),
    officer: true,
    input: `${verb}.json`,
    json: CASE_JSON,
    examples: [`privacyloket ${process} ${verb} ${exampleReference(process)}${example}`],
    async run({ args, values, by, json }) {
      const input = flags!.read(values);
      return update({ by, json, reference: args.reference! }, async (services, { sendUpdate }) => {
        await sendUpdate(services, args.reference!, definition, { ...input, by: services.actor });
      });
    },
  };
}

/** A process's update whose input is a JSON file: the decision, or a verb of its own. */
function jsonUpdate(
  process: Process,
  verb: string,
  { update: definition, summary, example, input: shape }: ProcessUpdate,
) {
  return defineCommand({
    name: `${process} ${verb}`,
    summary,
    positionals: [reference],
    flags: {
      input: {
        type: 'string',
        value: 'file.json',
        required: true,
        description: 'One JSON object, such as the one below; who acts is --by.',
        example: `${verb}.json`,
        shape: example,
      },
    },
    officer: true,
    json: CASE_JSON,
    examples: [`privacyloket ${process} ${verb} ${exampleReference(process)} --input ${verb}.json`],
    async run({ args, values, by, json }) {
      const file = await readJsonObject(values.input, shape?.keys);
      const input = shape ? shape.read(file) : file;
      return update({ by, json, reference: args.reference }, async (services, { sendUpdate }) => {
        await sendUpdate(services, args.reference, definition, { ...input, by: services.actor });
      });
    },
  });
}

function advise(process: Process): Command {
  return defineCommand({
    name: `${process} advise`,
    summary: "Record the FG's advice on the case (art. 38(6), 39): the organisation decides, the FG advises.",
    positionals: [reference],
    flags: {
      advice: {
        type: 'string',
        value: 'text',
        required: true,
        description: "The FG's advice, in full.",
        example: 'Het verzoek toewijzen; de fiscale gegevens bewaren tot het einde van de termijn.',
      },
    },
    officer: true,
    json: CASE_JSON,
    examples: [
      `privacyloket ${process} advise ${exampleReference(process)} --advice "Toewijzen." --by "Marc Bralts"`,
    ],
    async run({ args, values, by, json }) {
      return update({ by, json, reference: args.reference }, async (services, { sendUpdate }) => {
        await sendUpdate(services, args.reference, adviseUpdate, {
          by: services.actor,
          advice: values.advice,
        });
      });
    },
  });
}

function confirmTask(process: Process): Command {
  return defineCommand({
    name: `${process} confirm-task`,
    summary:
      "Record a data owner's confirmation that a task is done: who did it, when and how (the evidence).",
    positionals: [reference],
    flags: {
      task: {
        type: 'string',
        value: 'n',
        required: true,
        description: 'The task number, as the task mail and privacyloket case show it.',
        example: '1',
      },
      'done-by': {
        type: 'string',
        value: 'name',
        required: true,
        description: 'Who carried it out.',
        example: 'J. Jansen, applicatiebeheer',
      },
      at: {
        type: 'string',
        value: 'date',
        description:
          'When it was done: a date (that day in Amsterdam) or a date-time with offset (default: now).',
        example: '2026-12-03',
      },
      how: {
        type: 'string',
        value: 'text',
        required: true,
        description: 'How: which systems, backups included.',
        example: 'Verwijderd uit het cliëntdossier en uit de back-up van december.',
      },
    },
    officer: true,
    json: CASE_JSON,
    examples: [
      `privacyloket ${process} confirm-task ${exampleReference(process)} --task 1 --done-by "J. Jansen" --at 2026-12-03 --how "Verwijderd uit het dossier en de back-up."`,
    ],
    async run({ args, values, by, json }) {
      const task = Number(values.task);
      if (!Number.isInteger(task) || task < 1)
        throw invalidInput('--task', `must be a task number such as 1, got '${values.task}'`);
      const at = (values.at === undefined ? new Date() : parseInstant('--at', values.at)).toISOString();
      return update({ by, json, reference: args.reference }, async (services, { sendUpdate }) => {
        await sendUpdate(services, args.reference, confirmTaskUpdate, {
          by: services.actor,
          task,
          doneBy: values['done-by'],
          at,
          how: values.how,
        });
      });
    },
  });
}

/** A start schema's description as the help's sentence: capital first, full stop last. */
const sentence = (text: string) =>
  `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`;

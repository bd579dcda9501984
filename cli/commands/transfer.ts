/**
 * `privacyloket transfer …`: the transfer of processing to another controller (Buurderij art. 25 lid 2). `start`
 * registers the case with its people from a CSV file (checked first, committed together); `objection` records one
 * person's objection and tells the workflow; `people` lists who moves and who stays out; `post-letters` writes the
 * notices for the post. `posted` comes from the registry entry.
 */
import { invalidInput } from '../../lib/errors';
import { transferObjectionSignal } from '../../workflows/transfer-messages';
import { defineCommand, reference, type Command } from '../command';
import { formatDate, output, warn } from '../output';
import { loadConfig, withCaseServices, withDb } from '../services';
import { outFlag, outputFile, writePrivately } from './letter';
import { postLettersCommand } from './post-letters';
import { startCommand } from './process';

const EXAMPLE = 'OVD-2026-0001';

async function readCsv(path: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw invalidInput('--csv', `must be a readable file: ${(error as Error).message}`);
  }
}

/** The registry's start, with the people: nothing is registered when the file has a bad row. */
export async function transferStart(): Promise<Command> {
  const base = await startCommand('transfer');
  return {
    ...base,
    flags: {
      ...base.flags,
      csv: {
        type: 'string',
        value: 'people.csv',
        required: true,
        description:
          "The people whose files move, one per row, UTF-8, with a header: name, email, address, locale (each needs an e-mail or a postal address; locale nl or en, default the case's). Every row is checked first; on any problem nothing is registered.",
        example: 'mensen.csv',
      },
    },
    json: 'Print {"reference", "started", "dueAt", "people": {"count", "byMail", "byPost"}}.',
    examples: [
      `privacyloket transfer start --policy de-buurderij --to "Stichting Zorg Samen" --effective 2027-03-01 --csv mensen.csv`,
    ],
    async run({ values, by, json }) {
      const text = await readCsv(values.csv as string);
      const [{ parseCaseRequest }, { registerCaseWithPeople }, config] = await Promise.all([
        import('../../services/start'),
        import('../../services/case-people'),
        loadConfig(),
      ]);
      const request = await parseCaseRequest('transfer', values, { policiesDir: config.policiesDir });
      const registered = await withCaseServices(by, (services) =>
        registerCaseWithPeople(services, request, text),
      );
      if (!registered.started)
        warn(
          `${registered.reference} is registered with its people; Temporal did not start its workflow now, so the worker starts it as soon as it can (within a minute of running).`,
        );
      const { reference, started, people } = registered;
      const dueAt = request.dueAt.toISOString();
      output(json, { reference, started, dueAt, people }, () => reference);
      return 0;
    },
  };
}

export const transferObjection = defineCommand({
  name: 'transfer objection',
  summary:
    "Record one person's objection to the transfer (Buurderij art. 25 lid 2): their file stays out of it (art. 7:457 BW). Refused when it came in on or after the effective date.",
  positionals: [{ ...reference, example: EXAMPLE }],
  flags: {
    line: {
      type: 'string',
      value: 'n',
      required: { unless: 'person' },
      conflicts: 'person',
      description:
        'The person, by the line of the imported CSV file (privacyloket transfer people shows it).',
      example: '14',
    },
    person: {
      type: 'string',
      value: 'id',
      required: { unless: 'line' },
      description: "The person, by Privacyloket's id (privacyloket transfer people shows it).",
      example: '12',
    },
    received: {
      type: 'string',
      value: 'date',
      required: true,
      description:
        'When the objection came in: a date (that day in Amsterdam) or a date-time with its UTC offset.',
      example: '2027-02-10',
    },
    how: {
      type: 'string',
      value: 'channel',
      required: true,
      values: ['e-mail', 'letter', 'phone', 'in-person'],
      description: 'How it came in.',
      example: 'letter',
    },
    note: {
      type: 'string',
      value: 'text',
      description: 'What the person said, as far as it matters for the file.',
      example: 'Wil bij de huidige begeleider blijven.',
    },
  },
  officer: true,
  json: 'Print {"reference", "person", "line", "received"}.',
  examples: [`privacyloket transfer objection ${EXAMPLE} --line 14 --received 2027-02-10 --how letter`],
  async run({ args, values, by, json }) {
    const number = (flag: string, value: string | undefined) => {
      if (value === undefined) return undefined;
      if (!/^[1-9]\d*$/.test(value)) throw invalidInput(flag, `must be a whole number, got '${value}'`);
      return Number(value);
    };
    const objection = {
      line: number('--line', values.line),
      person: number('--person', values.person),
      received: values.received,
      how: values.how,
      ...(values.note === undefined ? {} : { note: values.note }),
    };
    const { recordObjection } = await import('../../services/transfer');
    const recorded = await withCaseServices(by, async (services) => {
      const done = await recordObjection(services.db, args.reference, { ...objection, by: services.actor });
      // The database holds the objection; the workflow's history notes its line. A workflow Temporal cannot reach
      // now misses the note, not the objection: its list is read from the database.
      await services.client.workflow
        .getHandle(args.reference)
        .signal(transferObjectionSignal, { line: done.line, by: services.actor })
        .catch((error: unknown) =>
          warn(`the objection is recorded; the workflow could not be told (${(error as Error).message}).`),
        );
      return { reference: args.reference, ...done };
    });
    output(
      json,
      recorded,
      () =>
        `Recorded the objection of CSV line ${recorded.line} (received ${formatDate(recorded.received)}) in ${recorded.reference}: the file stays out of the transfer.`,
    );
    return 0;
  },
});

export const transferPeople = defineCommand({
  name: 'transfer people',
  summary:
    'List the people of a transfer: whose file moves and who objected (their file stays out), by CSV line; as CSV with --csv.',
  positionals: [{ ...reference, example: EXAMPLE }],
  flags: {
    csv: {
      type: 'boolean',
      description: 'Write CSV (line, person, name, status, received, how) instead of a table.',
    },
    out: {
      ...outFlag('overdracht.csv', 'file.csv'),
      required: undefined,
      description: 'Write to this file (mode 0600) instead of the screen: it names people.',
    },
  },
  json: 'Print {"reference", "to", "effectiveDate", "listRecorded", "people": [{"line", "person", "name", "status", "objection"}]}.',
  examples: [`privacyloket transfer people ${EXAMPLE} --csv --out overdracht.csv`],
  async run({ args, values, json }) {
    const file = values.out === undefined ? undefined : await outputFile(values.out);
    const { transferPeople: read } = await import('../../services/transfer');
    const list = await withDb((db) => read(db, args.reference));
    const quote = (value: string | number | undefined) =>
      value === undefined
        ? ''
        : /[",\n]/.test(String(value))
          ? `"${String(value).replace(/"/g, '""')}"`
          : String(value);
    const text = values.csv
      ? [
          'line,person,name,status,received,how',
          ...list.people.map((p) =>
            [p.line, p.person, p.name, p.status, p.objection?.received, p.objection?.how]
              .map(quote)
              .join(','),
          ),
        ].join('\r\n') + '\r\n'
      : json
        ? JSON.stringify(list, null, 2)
        : [
            `${list.reference}: to ${list.to} on ${formatDate(list.effectiveDate)}${list.listRecorded ? ' (transfer list recorded)' : ''}`,
            ...list.people.map(
              (p) =>
                `  line ${p.line}  ${p.name}  ${p.status === 'objected' ? `objected (received ${formatDate(p.objection!.received)}, ${p.objection!.how}): stays out` : 'transferred'}`,
            ),
          ].join('\n');
    if (file) {
      await writePrivately(file, Buffer.from(text, 'utf8'));
      console.error(`privacyloket: wrote ${list.people.length} people of ${list.reference} to ${file}.`);
    } else console.log(text.replace(/\r\n$/, ''));
    return 0;
  },
});

export const transferPostLetters = postLettersCommand(
  'transfer',
  'notices of the transfer',
  'kennisgevingen.pdf',
);

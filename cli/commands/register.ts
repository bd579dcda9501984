/**
 * `privacyloket register …`: the registers an organisation keeps (services/registers.ts). `register add-deviation`
 * records a deviation from the regulation (Buurderij art. 20) and schedules its destruction; `register <name>`
 * writes a register to a file (mode 0600) as CSV or PDF.
 */
import { DEVIATION_KINDS } from '../../db/deviations';
import type { RegisterName } from '../../services/registers';
import { defineCommand, type Command } from '../command';
import { output } from '../output';
import { withCaseServices, withDb } from '../services';
import { formatFlag, outFlag, outputFile, writePrivately } from './letter';

const policy = {
  type: 'string',
  value: 'id',
  description: "The organisation's policy (privacyloket policy list).",
  example: 'de-buurderij',
} as const;

export const addDeviation = defineCommand({
  name: 'register add-deviation',
  summary:
    'Record a processing that deviates from the regulation (Buurderij art. 20): what deviated, why, who decided; the entry is destroyed after the deviation-register period of the policy by a retention schedule.',
  details: [
    'The retention schedule names the entry only by its label (AFW-2026-0001) and gives its destruction to the FG, who keeps the register. The description and the reason may name people: they stay in the database, never in Temporal or in mail.',
  ],
  flags: {
    policy: { ...policy, required: true },
    kind: {
      type: 'string',
      value: 'kind',
      values: DEVIATION_KINDS,
      required: true,
      description:
        'other-persons: data of people the regulation does not name (art. 20(2)(a)); third-party-request: others asked to collect data art. 4 does not name (20(2)(b)); provision: data given to others than art. 17 names (20(2)(c)); other.',
      example: 'provision',
    },
    description: {
      type: 'string',
      value: 'text',
      required: true,
      description: 'What deviated from the regulation.',
      example: 'Zorgplan van een cliënt aan de nieuwe school gegeven, op verzoek van de ouders.',
    },
    reason: {
      type: 'string',
      value: 'text',
      required: true,
      description: 'Why the deviation was decided.',
      example: 'Nodig voor de begeleiding op school; schriftelijke toestemming van de ouders.',
    },
    by: {
      type: 'string',
      value: 'name',
      required: true,
      description: 'Who decided on the deviation (also who the audit trail records).',
      example: 'Raad van Bestuur',
    },
  },
  input: 'deviation.json',
  json: 'Print {"label", "policy", "recordedAt", "retention": {"reference", "started"}}.',
  examples: [
    'privacyloket register add-deviation --policy de-buurderij --kind provision --description "Zorgplan aan de school gegeven." --reason "Op verzoek van de ouders, met hun toestemming." --by "Raad van Bestuur"',
  ],
  async run({ values, by, json }) {
    const input = { ...values, by };
    const { addDeviation } = await import('../../services/registers');
    const added = await withCaseServices(by, (services) => addDeviation(services, input));
    const { reference, started } = added.retention;
    output(json, added, () =>
      [
        `Recorded ${added.label} in the register of deviations of ${added.policy}.`,
        `Its destruction is scheduled: retention case ${reference}${started ? '' : ' (registered; the worker starts it)'}.`,
      ].join('\n'),
    );
    return 0;
  },
});

export const destroyDeviation = defineCommand({
  name: 'register destroy-deviation',
  summary:
    "Destroy an entry of the register of deviations once its retention schedule's destruction task has come (Buurderij art. 20(1): at most 3 years): the entry is deleted and the task confirmed.",
  details: [
    'The destruction register then keeps that the entry went, and when and by whom; the entry itself is gone. Before its retention ends the entry is kept, and the command says until when.',
  ],
  positionals: [
    {
      name: 'label',
      description: 'The entry, as the register and its destruction task name it.',
      example: 'AFW-2026-0001',
    },
  ],
  flags: {},
  officer: true,
  json: 'Print {"label", "retention", "task"}.',
  examples: ['privacyloket register destroy-deviation AFW-2026-0001 --by "Marc Bralts"'],
  async run({ args, by, json }) {
    const services = await import('../../services/registers');
    const done = await withCaseServices(by, (s) => services.destroyDeviation(s, args.label));
    output(json, done, () => `Destroyed ${done.label}; task ${done.task} of ${done.retention} is confirmed.`);
    return 0;
  },
});

const SUMMARIES: Record<RegisterName, string> = {
  processing:
    'Write the register of processing activities (AVG art. 30(1)) of a policy to a file (mode 0600): controller and FG, and per activity its purposes, legal basis, people, data, recipients, transfers, retention, security measures, sources and automated decision-making (art. 22).',
  deviations:
    "Write a policy's register of deviations from the regulation (Buurderij art. 20) to a file (mode 0600): what deviated, why, who decided, until when it is kept.",
  destructions:
    'Write the destruction register to a file (mode 0600): every destruction a case ordered and its data owner confirmed, with who, when and how.',
};

/** `register processing|deviations|destructions`: one command each, declared alike. */
export function exportCommand(register: RegisterName): Command {
  return defineCommand({
    name: `register ${register}`,
    summary: SUMMARIES[register],
    details: [
      'CSV: one row per entry with a header row, separated by semicolons, UTF-8 with a byte-order mark, fields quoted as RFC 4180 says, lists in a field joined with " | ", moments as YYYY-MM-DD HH:MM Amsterdam time. The export is recorded in the audit trail with the SHA-256 of the file.',
    ],
    flags: {
      format: formatFlag,
      out: outFlag(`${register}.pdf`, 'file'),
      policy:
        register === 'destructions'
          ? { ...policy, description: "Only this organisation's cases (default: every organisation's)." }
          : { ...policy, required: true },
      locale: {
        type: 'string',
        value: 'locale',
        values: ['nl', 'en'],
        description: "The language (default: the policy's, else nl).",
        example: 'en',
      },
    },
    officer: true,
    json: 'Print {"register", "format", "file", "sha256", "entries"}.',
    examples: [
      `privacyloket register ${register}${register === 'destructions' ? '' : ' --policy de-buurderij'} --format pdf --out ${register}.pdf`,
      `privacyloket register ${register} --policy de-buurderij --format csv --out ${register}.csv`,
    ],
    async run({ values, by, json }) {
      const format = values.format as 'csv' | 'pdf';
      const out = await outputFile(values.out);
      const [{ actorName }, { exportRegister }, { userInfo }] = await Promise.all([
        import('../../services/cases'),
        import('../../services/registers'),
        import('node:os'),
      ]);
      const actor = actorName(by ?? userInfo().username);
      const exported = await withDb((db, config) =>
        exportRegister(db, config, {
          register,
          format,
          policyId: values.policy,
          locale: values.locale as 'nl' | 'en' | undefined,
          by: actor,
        }),
      );
      await writePrivately(out, exported.content);
      const result = { register, format, file: out, sha256: exported.sha256, entries: exported.entries };
      output(
        json,
        result,
        () =>
          `Wrote the ${register} register (${result.entries} entr${result.entries === 1 ? 'y' : 'ies'}) to ${out} as ${format.toUpperCase()}.`,
      );
      return 0;
    },
  });
}

export const processingRegister = exportCommand('processing');
export const deviationsRegister = exportCommand('deviations');
export const destructionsRegister = exportCommand('destructions');

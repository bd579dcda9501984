/** `privacyloket breach log`: the register of every breach (art. 33(5)), as CSV or PDF. */
import { userInfo } from 'node:os';
import { parseRange } from '../../lib/instants';
import { defineCommand } from '../command';
import { output } from '../output';
import { withDb } from '../services';
import { formatFlag, outFlag, outputFile, writePrivately } from './letter';

export const breachLog = defineCommand({
  name: 'breach log',
  summary:
    'Write the breach log (art. 33(5)) to a file (mode 0600): every breach, notified or not, with its facts, effects, risk assessments, decision, notifications, letters and measures; an open breach shows what it still lacks.',
  details: [
    'A breach is in the log when it happened or was discovered between --from and --to (Amsterdam dates, both days included; either may be left out). CSV: one row per breach with a header row, separated by semicolons, UTF-8 with a byte-order mark (Excel in a Dutch locale opens it in columns), moments as YYYY-MM-DD HH:MM Amsterdam time; the columns are listed in services/breach-log.ts. The export is recorded in the audit trail with the SHA-256 of the file.',
  ],
  flags: {
    format: formatFlag,
    out: outFlag('datalekken.pdf', 'file'),
    from: {
      type: 'string',
      value: 'date',
      description: 'The first day: a date (that day in Amsterdam) or a date-time with its UTC offset.',
      example: '2026-01-01',
    },
    to: {
      type: 'string',
      value: 'date',
      description:
        'The last day, included: a date (to the end of that day in Amsterdam) or a date-time with its UTC offset.',
      example: '2026-12-31',
    },
    locale: {
      type: 'string',
      value: 'locale',
      values: ['nl', 'en'],
      description: 'The language of the PDF (default nl).',
      example: 'en',
    },
  },
  officer: true,
  json: 'Print {"format", "file", "sha256", "breaches": [references]}.',
  examples: [
    'privacyloket breach log --format pdf --out datalekken.pdf',
    'privacyloket breach log --from 2026-01-01 --to 2026-12-31 --format csv --out datalekken-2026.csv',
  ],
  async run({ values, by, json }) {
    const { from, to } = parseRange(values.from, values.to);
    const format = values.format as 'csv' | 'pdf';
    const out = await outputFile(values.out);
    const [{ actorName }, { exportBreachLog }] = await Promise.all([
      import('../../services/cases'),
      import('../../services/breach-log'),
    ]);
    const actor = actorName(by ?? userInfo().username);
    const exported = await withDb((db, config) =>
      exportBreachLog(db, config, {
        format,
        from,
        to,
        locale: values.locale as 'nl' | 'en' | undefined,
        by: actor,
      }),
    );
    await writePrivately(out, exported.content);
    const result = { format, file: out, sha256: exported.sha256, breaches: exported.references };
    output(
      json,
      result,
      () =>
        `Wrote the breach log (${result.breaches.length} breach${result.breaches.length === 1 ? '' : 'es'}) to ${out} as ${format.toUpperCase()}.`,
    );
    return 0;
  },
});

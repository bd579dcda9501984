/** `privacyloket access-log`: the desk's access log (NEN 7513: who, when, which case, what, outcome), read or exported. */
import { userInfo } from 'node:os';
import { invalidInput } from '../../lib/errors';
import { parseRange } from '../../lib/instants';
import type { AccessLogRow } from '../../services/access-log';
import { defineCommand } from '../command';
import { formatMoment, output, table } from '../output';
import { withDb } from '../services';
import { outputFile, writePrivately } from './letter';

export const accessLog = defineCommand({
  name: 'access-log',
  summary:
    "Show the desk's access log, newest first: every view of a case, every action, login and export, with who, when, which case (by reference), what and the outcome; or write it as CSV to a file (mode 0600).",
  details: [
    'CSV: a header row (at,username,role,action,reference,what,ip,outcome), fields separated by commas and quoted as RFC 4180 says, moments in ISO 8601 UTC. A CSV export is recorded in the audit trail with the SHA-256 of what was written.',
  ],
  flags: {
    from: {
      type: 'string',
      value: 'date',
      description: 'The first day: a date (that day in Amsterdam) or a date-time with its UTC offset.',
      example: '2026-03-01',
    },
    to: {
      type: 'string',
      value: 'date',
      description:
        'The last day, included: a date (to the end of that day in Amsterdam) or a date-time with its UTC offset.',
      example: '2026-03-31',
    },
    case: {
      type: 'string',
      value: 'reference',
      description: 'Only the entries about this case.',
      example: 'INZ-2026-0001',
    },
    user: {
      type: 'string',
      value: 'username',
      description: 'Only the entries of this desk user (or of failed logins typed as this username).',
      example: 'anna',
    },
    format: {
      type: 'string',
      value: 'format',
      values: ['text', 'csv'],
      description: 'text for a table to read (the default), csv for a spreadsheet.',
      example: 'csv',
    },
    out: {
      type: 'string',
      value: 'file',
      description: 'Write the CSV to this file (mode 0600) instead of printing it; only with --format csv.',
      example: 'toegangslog.csv',
    },
  },
  officer: true,
  json: 'Print {"entries": [{"id", "at", "userId", "username", "role", "action", "reference", "what", "ip", "outcome"}, …]}; with --out, {"format", "file", "sha256", "entries": count}.',
  examples: [
    'privacyloket access-log --case INZ-2026-0001',
    'privacyloket access-log --from 2026-03-01 --to 2026-03-31 --format csv --out toegangslog-maart.csv',
  ],
  async run({ values, by, json }) {
    const { from, to } = parseRange(values.from, values.to);
    const csv = values.format === 'csv';
    if (values.out !== undefined && !csv) throw invalidInput('--out', 'is only for --format csv');
    const filter = { from, to, reference: values.case, username: values.user };
    const services = await import('../../services/access-log');
    if (!csv) {
      const entries = await withDb((db) => services.readAccessLog(db, filter));
      output(json, { entries }, () => entriesTable(entries));
      return 0;
    }
    const out = values.out === undefined ? undefined : await outputFile(values.out);
    const { actorName } = await import('../../services/cases');
    const actor = actorName(by ?? userInfo().username);
    const exported = await withDb((db) => services.exportAccessLog(db, filter, actor));
    if (out === undefined) {
      process.stdout.write(exported.content);
      return 0;
    }
    await writePrivately(out, Buffer.from(exported.content, 'utf8'));
    const result = { format: 'csv', file: out, sha256: exported.sha256, entries: exported.rows.length };
    output(
      json,
      result,
      () =>
        `Wrote the access log (${result.entries} entr${result.entries === 1 ? 'y' : 'ies'}) to ${out} as CSV.`,
    );
    return 0;
  },
});

function entriesTable(entries: AccessLogRow[]): string {
  if (entries.length === 0) return 'No entries in the access log for this selection.';
  return table([
    ['at', 'username', 'role', 'action', 'case', 'what', 'ip', 'outcome'],
    ...entries.map((entry) => [
      formatMoment(entry.at),
      entry.username ?? '',
      entry.role ?? '',
      entry.action,
      entry.reference ?? '',
      entry.what,
      entry.ip ?? '',
      entry.outcome,
    ]),
  ]);
}

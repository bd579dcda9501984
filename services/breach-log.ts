/**
 * The breach log (register van datalekken, AVG art. 33(5)): every breach, notified or not, with the facts, its
 * effects and the remedial action taken, so that the AP can verify compliance. Two exports of the same files:
 * CSV for a spreadsheet and PDF to read, file or hand over. A breach still open says what its entry still lacks.
 *
 * CSV: one row per breach, the columns of `CSV_COLUMNS` in that order, with a header row. Separated by semicolons,
 * as Excel expects in a Dutch locale (its list separator: with commas Excel NL shows one column); UTF-8 with a
 * byte-order mark, so Excel reads "ë" as ë; fields quoted as RFC 4180 says (a field holding a semicolon, quote or
 * line break between double quotes, quotes doubled), lines ending CRLF. Moments are Amsterdam time,
 * "YYYY-MM-DD HH:MM", which Excel reads as a date and time; yes/no columns hold "yes" or "no", empty when unknown;
 * lists are joined with ", "; enumerations keep their codes (`lib/breach/types.ts`).
 */
import type { ActivityDeps } from '../activities';
import type { Db } from '../db';
import { appendAuditEvent } from '../db/audit';
import { sha256 } from '../db/letters';
import { amsterdamClock, amsterdamDate } from '../lib/calendar';
import type { Assessment } from '../lib/breach/types';
import { loadPolicy } from '../policies/load';
import { formatLongDate, type Locale } from '../templates';
import { breachFiles, type BreachFile } from './breach-file';
import { breachView, formatInstant, renderBreachDocument, withPrinter } from './breach-documents';
import type { Config } from './config';

/** "2026-11-20 14:30", Amsterdam time. */
function csvInstant(iso: string | undefined): string {
  if (iso === undefined) return '';
  const instant = new Date(iso);
  return `${amsterdamDate(instant)} ${amsterdamClock(instant)}`;
}

const yesNo = (value: boolean | undefined) => (value === undefined ? '' : value ? 'yes' : 'no');
const list = (values: readonly string[] | undefined) => (values ?? []).join(', ');
const text = (value: string | number | undefined) => (value === undefined ? '' : String(value));
const latest = (file: BreachFile): Assessment | undefined => file.assessments.at(-1)?.assessment;
const first = (file: BreachFile) => file.notifications.find((notification) => notification.number === 1);

/** The columns, in their fixed order: header and value. Changing the order breaks users' sheets: append only. */
export const CSV_COLUMNS: readonly [string, (file: BreachFile) => string][] = [
  ['reference', (f) => f.reference],
  ['status', (f) => f.status],
  ['policy', (f) => f.policyId],
  ['organisation', (f) => f.organisation.name],
  ['summary', (f) => f.start.summary],
  ['occurred_at', (f) => csvInstant(f.start.occurredAt)],
  ['occurred_from', (f) => csvInstant(f.start.occurredFrom)],
  ['occurred_to', (f) => csvInstant(f.start.occurredTo)],
  ['ongoing', (f) => yesNo(latest(f)?.ongoing ?? f.start.ongoing)],
  ['noticed_at', (f) => csvInstant(f.noticedAt)],
  ['aware_at', (f) => csvInstant(f.awareness.at)],
  ['aware_reasons', (f) => text(f.awareness.reasons)],
  [
    'aware_history',
    (f) =>
      f.awarenessHistory
        .slice(0, -1)
        .map((earlier) => `${csvInstant(earlier.at)} (recorded ${csvInstant(earlier.recordedAt)})`)
        .join('\n'),
  ],
  ['processor', (f) => text(f.start.processor)],
  ['processor_informed_at', (f) => csvInstant(f.start.processorInformedAt)],
  ['deadline_72h', (f) => csvInstant(f.legalDueAt)],
  ['description', (f) => text(latest(f)?.description)],
  ['cause', (f) => text(latest(f)?.cause)],
  ['nature', (f) => list(latest(f)?.nature)],
  ['events', (f) => list(latest(f)?.events)],
  ['malicious', (f) => yesNo(latest(f)?.malicious)],
  ['data_general', (f) => list(latest(f)?.data.general)],
  ['data_special', (f) => list(latest(f)?.data.special)],
  ['records', (f) => text(latest(f)?.data.records)],
  ['people_groups', (f) => list(latest(f)?.people.groups)],
  ['people_min', (f) => text(latest(f)?.people.min)],
  ['people_max', (f) => text(latest(f)?.people.max)],
  ['vulnerable_groups', (f) => list(latest(f)?.people.vulnerable)],
  ['encryption', (f) => text(latest(f)?.measuresBefore.encryption)],
  ['backup', (f) => yesNo(latest(f)?.measuresBefore.backup)],
  ['measures_before_other', (f) => text(latest(f)?.measuresBefore.other)],
  ['trusted_recipient_deleted', (f) => yesNo(latest(f)?.trustedRecipientDeleted)],
  ['harm_physical', (f) => yesNo(latest(f)?.consequences.physical)],
  ['harm_material', (f) => yesNo(latest(f)?.consequences.material)],
  ['harm_immaterial', (f) => yesNo(latest(f)?.consequences.immaterial)],
  ['consequences', (f) => text(latest(f)?.consequences.description)],
  ['severity', (f) => text(latest(f)?.consequences.severity)],
  ['measures_taken', (f) => text(latest(f)?.measuresAfter.taken)],
  ['measures_planned', (f) => text(latest(f)?.measuresAfter.planned)],
  ['cross_border', (f) => yesNo(latest(f)?.crossBorder)],
  ['other_authorities', (f) => list(latest(f)?.otherAuthorities)],
  [
    // Every revision of the assessment with its recommendation, one line each (art. 33(5): the risk assessment
    // as it developed).
    'assessments',
    (f) =>
      f.assessments
        .map(
          ({ version, assessment, recommendation, by, recordedAt }) =>
            `${version}: ${csvInstant(recordedAt)} by ${by}; severity ${assessment.consequences.severity}; recommended: notify AP ${yesNo(recommendation.notifyAuthority)}, tell people ${yesNo(recommendation.notifySubjects)}`,
        )
        .join('\n'),
  ],
  ['recommendation_reasons', (f) => (f.assessments.at(-1)?.recommendation.reasons ?? []).join('\n')],
  ['decision_notify_ap', (f) => yesNo(f.decision?.notifyAuthority)],
  ['decision_tell_people', (f) => yesNo(f.decision?.notifySubjects)],
  ['decision_reasons', (f) => text(f.decision?.reasons)],
  ['decision_against_recommendation', (f) => yesNo(f.decision?.against)],
  ['decided_at', (f) => csvInstant(f.decision?.recordedAt)],
  ['decided_by', (f) => text(f.decision?.by)],
  ['ap_notified_at', (f) => csvInstant(first(f)?.at)],
  ['ap_reference', (f) => text(first(f)?.apReference)],
  ['late', (f) => yesNo(f.late)],
  ['late_reasons', (f) => text(first(f)?.lateReasons)],
  [
    'follow_ups',
    (f) =>
      f.notifications
        .filter((notification) => notification.number > 1)
        .map(
          (n) =>
            `${n.number}: ${csvInstant(n.at)} ${n.apReference}${n.changes ? `: ${n.changes.replace(/\s+/g, ' ')}` : ''}`,
        )
        .join('\n'),
  ],
  ['people_imported', (f) => text(f.people?.count)],
  ['letter_approved_at', (f) => csvInstant(f.letter?.recordedAt)],
  [
    'letter_text',
    (f) => {
      const letter = f.letter?.letter;
      return letter ? [letter.nature, letter.consequences, letter.measures, letter.advice].join('\n\n') : '';
    },
  ],
  ['letters_sent_at', (f) => csvInstant(f.lettersSent?.at)],
  ['letters_by_mail', (f) => text(f.lettersSent?.sent)],
  ['letters_by_post', (f) => text(f.lettersSent?.post)],
  ['letters_undeliverable', (f) => text(f.lettersSent?.undeliverable)],
  ['exception_ground', (f) => text(f.exception?.ground)],
  ['exception_reasons', (f) => text(f.exception?.reasons)],
  ['fg', (f) => `${f.fg.unnamed ? f.fg.title.nl : f.fg.name} <${f.fg.email}>`],
  ['recorded_by', (f) => f.actors.map(({ by, steps }) => `${by}: ${steps.join(', ')}`).join('\n')],
  ['closed_at', (f) => csvInstant(f.closed?.at)],
  ['closing_measures', (f) => text(f.closed?.measures)],
  ['missing', (f) => f.missing.join(', ')],
];

/** RFC 4180: a field with the separator, a quote or a line break is quoted, its quotes doubled. */
function csvField(value: string): string {
  return /[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The log as CSV (see the head of this file for its dialect). */
export function breachLogCsv(files: readonly BreachFile[]): Buffer {
  const rows = [
    CSV_COLUMNS.map(([name]) => name),
    ...files.map((file) => CSV_COLUMNS.map(([, value]) => value(file))),
  ];
  const body = rows.map((row) => row.map(csvField).join(';')).join('\r\n');
  return Buffer.from(`\uFEFF${body}\r\n`, 'utf8');
}

/**
 * The log as a PDF: a cover with the period and the organisations, then one section per breach with every item
 * of art. 33(5) and SPEC "Letters", each assessment revision in full, and what an open breach still lacks.
 */
export async function breachLogPdf(
  deps: Pick<ActivityDeps, 'templates' | 'printer' | 'policiesDir'>,
  files: readonly BreachFile[],
  { locale = 'nl', from, to, now = new Date() }: { locale?: Locale; from?: Date; to?: Date; now?: Date } = {},
): Promise<{ pdf: Buffer; sha256: string; title: string }> {
  const policyIds = [...new Set(files.map((file) => file.policyId))];
  // One organisation's log carries its letterhead; a log across organisations names them all.
  const policy = policyIds.length === 1 ? await loadPolicy(policyIds[0]!, deps.policiesDir) : undefined;
  return renderBreachDocument(deps, {
    name: 'log',
    locale,
    policy,
    now,
    context: {
      organisations: [...new Set(files.map((file) => file.organisation.name))],
      period: {
        any: from !== undefined || to !== undefined,
        from: from && formatLongDate(amsterdamDate(from), locale),
        to: to && formatLongDate(amsterdamDate(to), locale),
      },
      produced: formatInstant(now.toISOString(), locale),
      count: files.length,
      open: files.filter((file) => file.status !== 'closed').length,
      breaches: files.map((file) => breachView(file, locale)),
    },
  });
}

/**
 * The log of the breaches in [from, to], as CSV or PDF. Its export is recorded in the audit trail (who, which
 * breaches, the file's SHA-256): the log holds facts about people, and the officer can show what was handed over.
 */
export async function exportBreachLog(
  db: Db,
  config: Config,
  {
    format,
    from,
    to,
    locale,
    by,
  }: { format: 'csv' | 'pdf'; from?: Date; to?: Date; locale?: Locale; by: string },
): Promise<{ content: Buffer; sha256: string; references: string[] }> {
  const files = await breachFiles(db, { from, to }, { policiesDir: config.policiesDir });
  const content =
    format === 'csv'
      ? breachLogCsv(files)
      : (await withPrinter(db, config, (deps) => breachLogPdf(deps, files, { locale, from, to }))).pdf;
  const hash = sha256(content);
  const references = files.map((file) => file.reference);
  await appendAuditEvent(db, {
    type: 'breach-log.exported',
    actor: by,
    data: { format, from: from?.toISOString(), to: to?.toISOString(), references, sha256: hash },
  });
  return { content, sha256: hash, references };
}

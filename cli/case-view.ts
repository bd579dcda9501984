/**
 * A case as a person reads it: `case` shows one in full (deadline and days left, stage and next step, a timeline
 * in which every decision shows what was decided), `cases` a table, and the decision commands the stage a case
 * has reached. `--json` prints the same case object everywhere: `describeCases`' own.
 */
import { amsterdamDate } from '../lib/calendar';
import { DURATION_UNITS, formatDuration, type Duration } from '../lib/durations';
import type { MailingProgress } from '../services/case-people';
import type { CaseDetails } from '../services/case-details';
import type { BreachState } from '../workflows/breach-messages';
import type { NextStep } from '../workflows/case/messages';
import { bold, describeDaysLeft, dim, formatDate, formatMoment, red, table, urgency } from './output';

type Workflow = Extract<CaseDetails['workflow'], { stage: string }>;

const workflowOf = (details: CaseDetails): Workflow | undefined =>
  'stage' in details.workflow ? details.workflow : undefined;

/** The officer's next step in words, its date written as every date here is. */
export async function nextStep(next: NextStep): Promise<{ text: string; command?: string }> {
  // The templates (and Handlebars) only for a case that has a next step to show.
  const { describeNextStep } = await import('../templates');
  const described = describeNextStep({ ...next, date: undefined }, 'en');
  const date = next.date ? formatDate(amsterdamDate(new Date(next.date))) : '…';
  return { ...described, text: described.text.replace('…', date) };
}

/** `privacyloket case`: everything about one case. */
export function caseText(
  details: CaseDetails,
  next: { text: string; command?: string } | undefined,
  now: Date,
) {
  const workflow = workflowOf(details);
  const dueAt = new Date(details.dueAt);
  const { subject } = details;
  const status =
    details.status === 'failed'
      ? red(`FAILED on ${formatMoment(new Date(details.failedAt!))}`)
      : `${details.status}${details.closedAt ? ` on ${formatMoment(new Date(details.closedAt))}` : ''}`;
  const due = `${formatMoment(dueAt)}${workflow?.extended ? ' (extended)' : ''}`;
  return [
    `${bold(details.reference)}  ${details.process}, policy ${details.policy}, ${status}`,
    `Subject   ${details.caseFile?.destroyedAt ? '(destroyed with the case file)' : (subject?.name ?? '(none)')}${subject?.email ? ` <${subject.email}>` : ''}${subject?.phone ? `, phone ${subject.phone}` : ''}`,
    ...(subject?.postalAddress ? [`Address   ${subject.postalAddress.replace(/\n/g, ', ')}`] : []),
    `Received  ${formatMoment(new Date(details.receivedAt))}${details.channel ? ` (${details.channel})` : ''}`,
    `Due       ${details.closedAt ? due : `${due}, ${urgency(dueAt, now)(describeDaysLeft(dueAt, now))}`}`,
    ...(details.answerBy
      ? [`Promised  answer by ${formatDate(details.answerBy)} (registered after the deadline)`]
      : []),
    ...(details.mailing ? [mailingLine(details.mailing)] : []),
    ...(details.caseFile ? [caseFileLine(details.caseFile)] : []),
    workflow
      ? `Stage     ${workflow.stage}\nNext      ${next?.text ?? ''}${next?.command ? `:\n          ${next.command}` : ''}`
      : `Workflow  ${'unavailable' in details.workflow ? details.workflow.unavailable : ''}`,
    ...(details.decision ? ['', 'Decision', ...fields(details.decision, '  ')] : []),
    ...(breachOf(workflow) ? ['', 'Breach', ...breachLines(breachOf(workflow)!)] : []),
    '',
    'Timeline',
    ...details.timeline.flatMap((event) => [
      `  ${formatMoment(new Date(event.at))}  ${describeEvent(event, details.process)}${event.actor === 'system' ? '' : dim(` (${event.actor})`)}`,
      ...(event.record ? fields(unwrap(event.record), ' '.repeat(20)) : []),
    ]),
    '',
    'Letters',
    ...(details.letters.length === 0
      ? ['  none yet']
      : details.letters.map(
          (letter) =>
            `  ${formatMoment(new Date(letter.createdAt))}  ${letter.kind.padEnd(24)} ${(letter.delivery ?? '').padEnd(20)} ${letter.status === 'undeliverable' ? red('UNDELIVERABLE') : letter.status}${letter.password ? `  password ${letter.password}` : ''}`,
        )),
  ].join('\n');
}

/** A closed case's own file: kept until its schedule's due date, or destroyed on a day under a basis. */
function caseFileLine({ schedule, dueAt, destroyedAt, basis }: NonNullable<CaseDetails['caseFile']>): string {
  return destroyedAt
    ? `File      destroyed on ${formatDate(amsterdamDate(new Date(destroyedAt)))} under ${basis ?? 'its retention schedule'} (${schedule})`
    : `File      kept until ${formatDate(amsterdamDate(new Date(dueAt)))} (${schedule}; a legal hold postpones it)`;
}

/** A breach's letters to its people: `letters: 6,214 of 10,000 sent, 3 undeliverable (CSV lines …), 12 for the post`. */
function mailingLine({ people, sent, undeliverable, post, undeliverableLines }: MailingProgress): string {
  const count = (n: number) => n.toLocaleString('en-US');
  const refused = undeliverable
    ? `, ${red(`${count(undeliverable)} undeliverable`)} (CSV ${undeliverableLines.length === 1 ? 'line' : 'lines'} ${undeliverableLines.join(', ')})`
    : '';
  return `letters: ${count(sent)} of ${count(people)} sent${refused}${post ? `, ${count(post)} for the post` : ''}`;
}

/** `privacyloket cases`: one line per case, most urgent first, with a note for each failed one. */
export function casesTable(list: CaseDetails[], now: Date): string {
  const rows = list.map((details) => {
    const dueAt = new Date(details.dueAt);
    const stage = details.status === 'failed' ? 'FAILED' : (workflowOf(details)?.stage ?? details.status);
    return [
      details.reference,
      shorten(details.subject?.name ?? '', 24),
      details.process,
      stage,
      formatMoment(dueAt),
      describeDaysLeft(dueAt, now),
    ];
  });
  const paint = (row: number, column: number, text: string) => {
    if (row === 0) return bold(text);
    const details = list[row - 1]!;
    if (column === 3 && details.status === 'failed') return red(text);
    return column === 5 ? urgency(new Date(details.dueAt), now)(text) : text;
  };
  // Temporal gives the stages; when it answered for none, say why the database's status stands in.
  const unknown = list.every((details) => !workflowOf(details)) ? list[0]?.workflow : undefined;
  return [
    table([['REFERENCE', 'NAME', 'PROCESS', 'STAGE', 'DUE', 'LEFT'], ...rows], paint),
    ...list
      .filter((details) => details.status === 'failed')
      .map((details) => red(`FAILED: see privacyloket case ${details.reference}`)),
    ...(unknown && 'unavailable' in unknown
      ? [dim(`STAGE is the database's status: ${unknown.unavailable}.`)]
      : []),
  ].join('\n');
}

/** What a decision command prints: where the case now stands and what comes next. */
export function statusText(
  details: CaseDetails,
  next: { text: string; command?: string } | undefined,
  now: Date,
) {
  const workflow = workflowOf(details);
  const dueAt = new Date(details.dueAt);
  return [
    `${details.reference}: ${workflow?.stage ?? details.status}, due ${formatMoment(dueAt)}${workflow?.extended ? ' (extended)' : ''}, ${describeDaysLeft(dueAt, now)}`,
    ...(next ? [`Next: ${next.text}${next.command ? `: ${next.command}` : ''}`] : []),
  ].join('\n');
}

const shorten = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Data an audit event carries that a person reads; the rest (ids, hashes) is for the evidence. */
const SHOWN: Record<string, (value: never) => string> = {
  number: (number: number) => `task ${number}`,
  action: (action: string) => action,
  kind: (kind: string) => kind,
  delivery: (delivery: string) => `by ${delivery}`,
  outcome: (outcome: string) => `outcome ${outcome}`,
  grounds: (grounds: string[]) => `grounds ${grounds.join(', ')}`,
  consent: (consent: string) => `consent ${consent}`,
  extendBy: (period: Duration) => `by ${formatDuration(period, 'en')}`,
  dueAt: (dueAt: string) => `due ${formatMoment(new Date(dueAt))}`,
  thirdPartyData: (yes: boolean) => (yes ? 'the file holds data of others' : ''),
  workflowStatus: (status: string) => `workflow ${status.toLowerCase()}`,
};

/**
 * "identity verified", "letter delivered: acknowledgement, by attachment", "extended: by 1 month, due …": the
 * event in words, with what its data says that its record (shown below it) does not.
 */
export function describeEvent(event: CaseDetails['timeline'][number], process: string): string {
  const family = event.type.slice(0, Math.max(0, event.type.indexOf('.')));
  const name = event.type.slice(family.length + 1).replace(/-/g, ' ');
  const words = family === '' || family === 'case' || family === process ? name : `${family} ${name}`;
  const recorded = event.record ? unwrap(event.record) : {};
  const shown = Object.entries(SHOWN)
    .filter(([key]) => event.data[key] !== undefined && event.data[key] !== null && !(key in recorded))
    .map(([key, show]) => show(event.data[key] as never))
    .filter(Boolean);
  return shown.length === 0 ? words : `${words}: ${shown.join(', ')}`;
}

/** A record holds `{ input }` or `{ decision }`: what the officer entered is what is shown. */
export function unwrap(record: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(record);
  const only = keys.length === 1 ? record[keys[0]!] : undefined;
  return typeof only === 'object' && only !== null && !Array.isArray(only)
    ? (only as Record<string, unknown>)
    : record;
}

/** Who acted is shown beside the event; the copy's id and hash are evidence; `verified` is the event's name. */
export const HIDDEN_FIELDS = ['by', 'copySha256', 'copyDocumentId', 'verified'];

/** A record's field name as people read it: `dueAt` is "due at". */
export const fieldLabel = (key: string) => key.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);

/** One line per field, nested objects indented; moments, periods and yes/no written as everywhere here. */
export function fields(values: Record<string, unknown>, indent: string): string[] {
  return Object.entries(values)
    .filter(([key, value]) => value !== undefined && !HIDDEN_FIELDS.includes(key))
    .flatMap(([key, value]) => {
      const label = fieldLabel(key);
      if (isDuration(value)) return [`${indent}${label}: ${formatDuration(value, 'en')}`];
      if (typeof value === 'object' && value !== null && !Array.isArray(value))
        return [`${indent}${label}:`, ...fields(value as Record<string, unknown>, `${indent}  `)];
      // A list of objects (the changes of a rectification, the recipients): each numbered, its fields below.
      if (Array.isArray(value) && value.some((item) => typeof item === 'object' && item !== null))
        return [
          `${indent}${label}:`,
          ...value.flatMap((item: unknown, index) =>
            typeof item === 'object' && item !== null
              ? [`${indent}  #${index + 1}`, ...fields(item as Record<string, unknown>, `${indent}    `)]
              : [`${indent}  #${index + 1} ${String(item)}`],
          ),
        ];
      const text = Array.isArray(value)
        ? value.join('; ') || 'none'
        : typeof value === 'boolean'
          ? value
            ? 'yes'
            : 'no'
          : typeof value === 'string' && ISO_INSTANT.test(value)
            ? formatMoment(new Date(value))
            : String(value).replace(/\n/g, ` `);
      return [`${indent}${label}: ${text}`];
    });
}

/** A moment as the workflows record it (ISO 8601 in UTC), written as every moment here is. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function isDuration(value: unknown): value is Duration {
  const keys = typeof value === 'object' && value !== null ? Object.keys(value) : [];
  return keys.length === 1 && (DURATION_UNITS as readonly string[]).includes(keys[0]!);
}

const breachOf = (workflow: Workflow | undefined) =>
  (workflow?.details as { breach?: BreachState } | undefined)?.breach;

const yes = (flag: boolean, what: string) => `${flag ? '' : 'do not '}${what}`;

/** A breach's clocks, recommendation, decision, notifications and the people told, one line each. */
function breachLines(b: BreachState): string[] {
  const moment = (at: string) => formatMoment(new Date(at));
  const advice = (a: { notifyAuthority: boolean; notifySubjects: boolean }) =>
    `${yes(a.notifyAuthority, 'notify the AP')}, ${yes(a.notifySubjects, 'tell the people')}`;
  return [
    `  Noticed         ${moment(b.noticedAt)}`,
    `  Aware           ${moment(b.awareAt)}`,
    `  AP deadline     ${moment(b.legalDueAt)} (72 hours from awareness, AVG art. 33(1))`,
    ...(b.internalDueAt
      ? [`  Policy deadline ${moment(b.internalDueAt)} (from the moment it was noticed)`]
      : []),
    `  Recommendation  ${b.recommendation ? `${advice(b.recommendation)} (assessment ${b.assessments})` : 'none: not assessed yet'}`,
    `  Decision        ${b.decision ? `${advice(b.decision)}${b.decision.against ? ' (against the recommendation)' : ''}` : 'none yet'}`,
    ...b.notifications.map(
      (n) =>
        `  AP notification ${n.number === 1 ? '' : `follow-up ${n.number}, `}${n.apReference}, ${moment(n.at)}${n.late ? ' (after the 72 hours)' : ''}`,
    ),
    ...(b.exception ? [`  Exception       art. 34(3): ${b.exception}`] : []),
    ...(b.people
      ? [
          `  People          ${b.people.count} (${b.people.byMail} by mail, ${b.people.byPost} by post)${b.letterApproved ? '' : ', letter not approved yet'}`,
        ]
      : []),
    ...(b.lettersDueAt && !b.letters ? [`  Letters due     ${moment(b.lettersDueAt)}`] : []),
  ];
}

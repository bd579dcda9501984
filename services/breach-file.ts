/**
 * A breach's file read back from its case row and case records (`lib/breach/types.ts`): what the breach log (art.
 * 33(5)), the AP notification document (art. 33(3)) and the public announcement (art. 34(3)(c)) are made from.
 * Read-only: the breach workflow writes the records, this only assembles them, each with the moment it was
 * recorded, and says what a breach still open lacks.
 */
import { ASSESSMENT_KEYS } from '../lib/breach/assessment';
import type { Db } from '../db';
import { timestamp } from '../db';
import type { CaseRow, CaseStatus } from '../db/cases';
import type { CaseRecordRow } from '../db/records';
import type { Assessment, BreachRecords, BreachStart, Recommendation } from '../lib/breach/types';
import { computeDeadline } from '../lib/deadlines';
import { PrivacyloketError } from '../lib/errors';
import { localize, type Policy } from '../policies/schema';
import { loadPolicy } from '../policies/load';
import { BREACH_NOTIFICATION } from '../policies/law';

/**
 * A record's data with when it was recorded (the row's own time: evidence of when the officer acted) and its id,
 * which orders records written within the same millisecond.
 */
type Recorded<T> = T & { recordedAt: string; recordId: number };

export interface Awareness {
  /** When the organisation became aware (art. 33(1)): a reasonable degree of certainty (EDPB 9/2022 §2.2). */
  at: string;
  reasons?: string;
  by: string;
  recordedAt: string;
}

/** What a breach still open lacks, in the order the process asks for it. */
export const MISSING = [
  'aware-reasons',
  'assessment',
  'decision',
  'notification',
  'people-or-exception',
  'letter',
  'letters',
  'closure',
] as const;
export type Missing = (typeof MISSING)[number];

export interface BreachFile {
  reference: string;
  status: CaseStatus;
  locale: 'nl' | 'en';
  policyId: string;
  organisation: { name: string; legalName?: string };
  /**
   * The FG (functionaris gegevensbescherming) of the policy: handles the breach and receives its reminders. A
   * policy without the officer's own name gives the function as the name (`unnamed`).
   */
  fg: { name: string; title: { nl: string; en: string }; email: string; unnamed: boolean };
  /** When it was first noticed: the case's `received_at` (Werk op Maat's clock starts here). */
  noticedAt: string;
  /** The case's deadline as registered (the policy's clock). */
  dueAt: string;
  start: BreachStart & { by: string };
  /** The awareness that counts (the last recorded), and every earlier one: the start's first. */
  awareness: Awareness;
  awarenessHistory: Awareness[];
  /** 72 hours after awareness (art. 33(1)): a notification later must give the reasons for the delay. */
  legalDueAt: string;
  assessments: Recorded<BreachRecords['breach.assessed']>[];
  decision?: Recorded<BreachRecords['breach.decided']>;
  /** Number 1 the first notification, 2… follow-ups (art. 33(4)), in order. */
  notifications: Recorded<BreachRecords['breach.notified']>[];
  /** The first notification was made, or is still to be made, after the 72 hours. */
  late: boolean;
  people?: Recorded<BreachRecords['breach.people-imported']>;
  letter?: Recorded<BreachRecords['breach.letter-approved']>;
  exception?: Recorded<BreachRecords['breach.exception']>;
  lettersSent?: Recorded<BreachRecords['breach.letters-sent']>;
  /** The letters for the post, posted by the officer. */
  lettersPosted?: Recorded<BreachRecords['breach.letters-posted']>;
  closed?: Recorded<BreachRecords['breach.closed']> & { at: string };
  /** Who recorded what: the FG's involvement and everyone else's, step by step. */
  actors: { by: string; steps: string[] }[];
  missing: Missing[];
}

export interface ReadOptions {
  /** Where the policies are (the configuration's `policiesDir`); default the project's own. */
  policiesDir?: string;
  /** The moment "still late" and "still ongoing" are judged at. */
  now?: Date;
}

/** The breach file of the case `reference`; a case of another process is not one. */
export async function breachFile(
  db: Db,
  reference: string,
  { policiesDir, now = new Date() }: ReadOptions = {},
): Promise<BreachFile> {
  const row = await db<CaseRow>('cases').where({ reference }).first();
  if (!row || row.process !== 'breach') {
    throw new PrivacyloketError('not-found', `No breach has reference '${reference}'.`, '<reference>');
  }
  return assemble(db, row, await loadPolicy(row.policy_id, policiesDir), now);
}

/**
 * Every breach whose occurrence or discovery falls in [from, to] (calendar dates in Amsterdam, both included;
 * either may be left open), in order of discovery: the log of art. 33(5) holds every breach, notified or not.
 */
export async function breachFiles(
  db: Db,
  { from, to }: { from?: Date; to?: Date } = {},
  { policiesDir, now = new Date() }: ReadOptions = {},
): Promise<BreachFile[]> {
  const rows = await db<CaseRow>('cases').where({ process: 'breach' }).orderBy(['received_at', 'id']);
  const policies = new Map<string, Policy>();
  const files: BreachFile[] = [];
  for (const row of rows) {
    const policy = policies.get(row.policy_id) ?? (await loadPolicy(row.policy_id, policiesDir));
    policies.set(row.policy_id, policy);
    const file = await assemble(db, row, policy, now);
    if (inRange(file, from, to, now)) files.push(file);
  }
  return files;
}

/** Discovery in the range, or the moment or period of occurrence overlapping it (an ongoing one until now). */
function inRange(file: BreachFile, from: Date | undefined, to: Date | undefined, now: Date): boolean {
  const lower = from?.getTime() ?? -Infinity;
  const upper = to?.getTime() ?? Infinity;
  const within = (start: string, end: string | number) =>
    Date.parse(start) <= upper && (typeof end === 'number' ? end : Date.parse(end)) >= lower;
  const { occurredAt, occurredFrom, occurredTo, ongoing } = file.start;
  const occurred = occurredAt
    ? within(occurredAt, occurredAt)
    : occurredFrom !== undefined &&
      within(occurredFrom, occurredTo ?? (ongoing ? now.getTime() : occurredFrom));
  return within(file.noticedAt, file.noticedAt) || occurred;
}

/** Instants as the officer typed them may carry an offset: compared as moments, never as text. */
const after = (a: string, b: string) => Date.parse(a) > Date.parse(b);

async function assemble(db: Db, row: CaseRow, policy: Policy, now: Date): Promise<BreachFile> {
  const rows = await db<CaseRecordRow>('case_records').where({ case_id: row.id }).orderBy('id');
  const all = <K extends keyof BreachRecords>(type: K): Recorded<BreachRecords[K]>[] =>
    rows
      .filter((record) => record.type === type)
      .map((record) => ({
        ...(JSON.parse(record.data) as BreachRecords[K]),
        recordedAt: record.created_at,
        recordId: record.id,
      }));
  const last = <K extends keyof BreachRecords>(type: K) => all(type).at(-1);
  const request = rows.find((record) => record.type === 'breach.request');
  if (!request) throw new Error(`Breach ${row.reference} has no start record (breach.request)`);
  const start = { ...(JSON.parse(request.data) as BreachStart), by: request.actor };

  const first: Awareness = {
    at: start.awareAt ?? row.received_at,
    reasons: start.awareReasons,
    by: start.by,
    recordedAt: request.created_at,
  };
  const awarenessHistory = [first, ...all('breach.aware')];
  const awareness = awarenessHistory.at(-1)!;
  const legalDueAt = timestamp(computeDeadline(new Date(awareness.at), BREACH_NOTIFICATION.period).dueAt);
  const notifications = all('breach.notified').sort((a, b) => a.number - b.number);
  const firstNotification = notifications.find((notification) => notification.number === 1);
  const closedRecord = last('breach.closed');
  const file: Omit<BreachFile, 'missing' | 'actors'> = {
    reference: row.reference,
    status: row.status,
    locale: row.locale,
    policyId: row.policy_id,
    organisation: { name: policy.organisation.name, legalName: policy.organisation.legalName },
    fg: fgOf(policy),
    noticedAt: row.received_at,
    dueAt: row.due_at,
    start,
    awareness,
    awarenessHistory,
    legalDueAt,
    assessments: all('breach.assessed'),
    decision: last('breach.decided'),
    notifications,
    late: after(firstNotification?.at ?? timestamp(now), legalDueAt),
    people: last('breach.people-imported'),
    letter: last('breach.letter-approved'),
    exception: last('breach.exception'),
    lettersSent: last('breach.letters-sent'),
    lettersPosted: last('breach.letters-posted'),
    closed: closedRecord && { ...closedRecord, at: row.closed_at ?? closedRecord.recordedAt },
  };
  // `late` for a breach not notified and not to be notified says nothing: no notification is due.
  if (!firstNotification && file.decision?.notifyAuthority === false) file.late = false;
  return { ...file, actors: actors(rows), missing: missing(file) };
}

function fgOf(policy: Policy): BreachFile['fg'] {
  const { name, title, email } = policy.organisation.fg;
  const titles = { nl: localize(title, 'nl'), en: localize(title, 'en') };
  return { name, title: titles, email, unnamed: name === titles.nl || name === titles.en };
}

/** Everyone who recorded a step, with the steps (record types without their `breach.` prefix). */
function actors(rows: CaseRecordRow[]): BreachFile['actors'] {
  const steps = new Map<string, string[]>();
  for (const { actor, type } of rows) {
    const step = type.replace(/^breach\./, '');
    const list = steps.get(actor) ?? [];
    if (!list.includes(step)) list.push(step);
    steps.set(actor, list);
  }
  return [...steps].map(([by, list]) => ({ by, steps: list }));
}

/** What the log entry still lacks (SPEC "Letters": the log entry is complete when the case closes). */
function missing(file: Omit<BreachFile, 'missing' | 'actors'>): Missing[] {
  const { decision } = file;
  const toldPeople = file.lettersSent !== undefined || file.exception !== undefined;
  const lacks: Record<Missing, boolean> = {
    'aware-reasons': !file.awareness.reasons,
    assessment: file.assessments.length === 0,
    decision: decision === undefined,
    notification: decision?.notifyAuthority === true && file.notifications.length === 0,
    'people-or-exception':
      decision?.notifySubjects === true && file.people === undefined && file.exception === undefined,
    letter: decision?.notifySubjects === true && file.exception === undefined && file.letter === undefined,
    letters: decision?.notifySubjects === true && !toldPeople,
    closure: file.closed === undefined,
  };
  return MISSING.filter((item) => lacks[item]);
}

/** The assessment fields an officer reads as one item, to say what changed between two versions. */
export const ASSESSMENT_PARTS = ASSESSMENT_KEYS;
export type AssessmentPart = (typeof ASSESSMENT_PARTS)[number];

/** The parts of the assessment that differ between two versions. */
export function changedParts(before: Assessment, after: Assessment): AssessmentPart[] {
  return ASSESSMENT_PARTS.filter((part) => JSON.stringify(before[part]) !== JSON.stringify(after[part]));
}

/** The assessment in force when a record (a notification) was written: the last version written before it. */
export function assessmentAt(
  file: BreachFile,
  recordId: number,
): BreachFile['assessments'][number] | undefined {
  return file.assessments.filter((version) => version.recordId < recordId).at(-1);
}

export type { Assessment, Recommendation };

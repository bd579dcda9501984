/**
 * Registering a case, for every process alike: check every field (those every case has, then the process's own
 * start schema from the registry), commit the case row with its subject, representative and request, then
 * start its workflow with id = reference. A start that does not happen is made up by the worker's
 * reconciliation (`worker/reconcile.ts`), so no case is ever left without its workflow.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Knex } from 'knex';
import { validateAddress } from '../activities/mail';
import {
  CHANNELS,
  findCase,
  insertCase,
  markWorkflowStarted,
  type CaseRow,
  type Channel,
  type NewCase,
} from '../db/cases';
import { REPRESENTATIVE_BASES, type Party } from '../db/parties';
import { amsterdamDate } from '../lib/calendar';
import { computeDeadline } from '../lib/deadlines';
import { invalidInput, PrivacyloketError } from '../lib/errors';
import { parseInstant } from '../lib/instants';
import { processEntry, type Process, type ProcessEntry, type StartField } from '../lib/processes';
import { normaliseText, textProblem, type TextRule } from '../lib/text';
import { loadPolicy } from '../policies/load';
import type { Policy } from '../policies/schema';
import type { CaseServices } from './cases';

/** The fields every case's `start` takes, by flag name: the same names in an `--input` file. */
export const CASE_FIELDS: readonly StartField[] = [
  {
    name: 'policy',
    type: 'string',
    value: 'id',
    required: true,
    description:
      "The organisation's policy, which sets the period and how letters travel (privacyloket policy list).",
    example: 'gdpr-default',
  },
  {
    name: 'received',
    type: 'string',
    value: 'date',
    required: true,
    description:
      'When the request came in: a date, which is that day in Amsterdam, or a date-time with its UTC offset (2026-11-20T10:00:00+01:00).',
    example: '2026-11-20',
  },
  {
    name: 'name',
    type: 'string',
    required: true,
    description: "The requester's name, as the letters address them.",
    example: 'Jan de Vries',
  },
  {
    name: 'email',
    type: 'string',
    value: 'address',
    required: { unless: 'address' },
    description: 'Where the letters go by e-mail.',
    example: 'jan@example.nl',
  },
  {
    name: 'address',
    type: 'string',
    value: 'postal',
    required: { unless: 'email' },
    description:
      'The postal address, its lines separated by line breaks; a request on paper needs only this, and is answered by post.',
    example: 'Dorpsstraat 1, 1234 AB Ergens',
  },
  {
    name: 'phone',
    type: 'string',
    value: 'number',
    description: 'A telephone number: where the password of an encrypted letter is given.',
    example: '06-12345678',
  },
  {
    name: 'via',
    type: 'string',
    value: 'channel',
    values: CHANNELS,
    description: 'How the request came in (default: e-mail when --email is given, else letter).',
    example: 'letter',
  },
  {
    name: 'reply-by-post',
    type: 'boolean',
    description: 'The requester asked for the answers on paper.',
    example: 'true',
  },
  {
    name: 'answer-by',
    type: 'string',
    value: 'date',
    description:
      'Only for a request registered after its deadline: the date its acknowledgement promises the answer by (default: a week from today).',
    example: '2026-12-07',
  },
  {
    name: 'locale',
    type: 'string',
    value: 'language',
    values: ['nl', 'en'],
    description: "The letters' language (default: the policy's).",
    example: 'en',
  },
  {
    name: 'representative-name',
    type: 'string',
    description:
      'Who acts for the subject (Buurderij art. 11: a parent or guardian of a minor under 16, a curator or mentor): the letters go to them.',
    example: 'Ria de Vries',
  },
  {
    name: 'representative-basis',
    type: 'string',
    value: 'basis',
    values: REPRESENTATIVE_BASES,
    required: { when: 'representative-name' },
    description: 'On what ground the representative acts.',
    example: 'parent',
  },
  {
    name: 'representative-email',
    type: 'string',
    value: 'address',
    description: "The representative's e-mail address.",
    example: 'ria@example.nl',
  },
  {
    name: 'representative-address',
    type: 'string',
    value: 'postal',
    description: "The representative's postal address.",
    example: 'Dorpsstraat 1, 1234 AB Ergens',
  },
];

/** What a case about no one person (a breach) takes of the fields every case has. */
const WITHOUT_SUBJECT = ['policy', 'locale'];
/** What a process with moments of its own does not take: it has no receipt, and is never registered late. */
const OWN_CLOCK = ['received', 'answer-by'];

/** Every field `<process> start` takes. */
export async function startFields(process: Process): Promise<readonly StartField[]> {
  const start = (await processEntry(process))?.start;
  const common = CASE_FIELDS.filter((f) =>
    start?.withoutSubject ? WITHOUT_SUBJECT.includes(f.name) : !(start?.clock && OWN_CLOCK.includes(f.name)),
  );
  return [...common, ...(start?.fields ?? [])];
}

/** A text field from outside, normalised, or an error naming the flag. */
export function field(name: string, value: unknown, rule: TextRule): string {
  const problem = textProblem(value, rule);
  if (problem) throw invalidInput(name, problem);
  return normaliseText(value as string);
}

const optionalField = (name: string, value: unknown, rule: TextRule) =>
  value === undefined ? undefined : field(name, value, rule);

export interface CaseRequest extends Omit<NewCase, 'actor'> {
  /** Absent for a case about no one person (a breach). */
  subject?: { name: string; email?: string; postalAddress?: string; phone?: string };
  /** Set when the request is registered after its deadline has passed: what the officer is told. */
  late?: { dueDate: string; answerBy: string };
}

/** Checks every field of a new case, before anything is opened or written. */
export async function parseCaseRequest(
  process: Process,
  input: Record<string, unknown>,
  { now = new Date(), policiesDir }: { now?: Date; policiesDir: string },
): Promise<CaseRequest> {
  const entry = await processEntry(process);
  if (!entry) throw new PrivacyloketError('invalid-input', `No workflow runs ${process} cases yet.`);
  const policyId = field('--policy', input.policy, { max: 64 });
  if (entry.start?.withoutSubject)
    return parseCaseWithoutSubject(process, policyId, input, { now, policiesDir });
  const received = entry.start?.clock ? undefined : parseReceived(input.received, now);
  const name = field('--name', input.name, { max: 200 });
  const email = optionalEmail('--email', input.email);
  const postalAddress = optionalField('--address', input.address, { max: 500, multiline: true });
  const phone = optionalField('--phone', input.phone, { max: 30 });
  if (phone !== undefined && !/^\+?[0-9 ()-]{6,}$/.test(phone)) {
    throw invalidInput(
      '--phone',
      `must be a telephone number such as 06-12345678 or +31 20 123 4567, got '${phone}'`,
    );
  }
  const representative = parseRepresentative(input);
  if (email === undefined && postalAddress === undefined && !representative) {
    throw invalidInput('--email', 'or --address must be given: the letters need somewhere to go');
  }
  const channel = (input.via ?? ((email ?? representative?.email) ? 'e-mail' : 'letter')) as Channel;
  if (!CHANNELS.includes(channel)) {
    throw invalidInput('--via', `must be one of ${CHANNELS.join(', ')}, got ${JSON.stringify(input.via)}`);
  }
  if (input['reply-by-post'] !== undefined && typeof input['reply-by-post'] !== 'boolean') {
    throw invalidInput('--reply-by-post', 'must be true or false');
  }
  const locale = parseLocale(input.locale);
  const policy = await loadPolicy(policyId, policiesDir);
  const request = entry.start
    ? checkRequest(() => entry.start!.check(ownFields(entry, input), policy, now))
    : undefined;
  const { receivedAt, dueAt, dueDate } = received
    ? computeDeadline(received, periodOf(policy, process), policy.holidays)
    : ownClock(entry, request!, policy, now);
  const late = received !== undefined && dueAt.getTime() < now.getTime();
  const answerBy = parseAnswerBy(input['answer-by'], late, now, policy.holidays);
  return {
    process,
    policyId,
    receivedAt,
    registeredAt: now,
    locale: locale ?? policy.organisation.locale,
    dueAt,
    channel,
    replyByPost: input['reply-by-post'] === true,
    ...(late ? { answerBy, late: { dueDate, answerBy: answerBy! } } : {}),
    subject: { name, email, postalAddress, phone },
    ...(representative ? { parties: [representative] } : {}),
    ...(request ? { request } : {}),
  };
}

/**
 * A case about no one person (a breach): its policy, its letters' language and the process's own fields, from
 * which come when it came in and when its clock starts.
 */
async function parseCaseWithoutSubject(
  process: Process,
  policyId: string,
  input: Record<string, unknown>,
  { now, policiesDir }: { now: Date; policiesDir: string },
): Promise<CaseRequest> {
  const entry = (await processEntry(process))!;
  const start = entry.start!;
  const locale = parseLocale(input.locale);
  const policy = await loadPolicy(policyId, policiesDir);
  const request = checkRequest(() => start.check(ownFields(entry, input), policy, now));
  const { receivedAt, dueAt } = ownClock(entry, request, policy, now);
  return {
    process,
    policyId,
    receivedAt,
    registeredAt: now,
    locale: locale ?? policy.organisation.locale,
    dueAt,
    request,
  };
}

function parseReceived(value: unknown, now: Date): Date {
  const text = field('--received', value, { max: 40 });
  const receivedAt = parseInstant('--received', text);
  if (receivedAt.getTime() > now.getTime())
    throw invalidInput('--received', `is '${text}', which is in the future`);
  return receivedAt;
}

/** The moments of a process that has its own (`ProcessEntry.start.clock`), from its checked request. */
function ownClock(entry: ProcessEntry, request: Record<string, unknown>, policy: Policy, now: Date) {
  const clock = entry.start!.clock!;
  const dueAt = clock.dueAt(request, policy);
  return { receivedAt: clock.received(request, now), dueAt, dueDate: amsterdamDate(dueAt) };
}

const ownFields = (entry: ProcessEntry, input: Record<string, unknown>) =>
  Object.fromEntries((entry.start?.fields ?? []).map((f) => [f.name, input[f.name]]));

function periodOf(policy: Policy, process: Process) {
  const settings = policy.processes[process];
  if (!('period' in settings))
    throw new PrivacyloketError('invalid-input', `${process} cases have no period.`);
  return settings.period;
}

function parseLocale(locale: unknown): 'nl' | 'en' | undefined {
  if (locale !== undefined && locale !== 'nl' && locale !== 'en') {
    throw invalidInput('--locale', `must be nl or en, got ${JSON.stringify(locale)}`);
  }
  return locale;
}

const optionalEmail = (flag: string, value: unknown) =>
  value === undefined ? undefined : validateAddress(flag, typeof value === 'string' ? value : '');

/** The process's own check, whose refusal already names the flags: one sentence, exit code 2. */
function checkRequest(check: () => Record<string, unknown>): Record<string, unknown> {
  try {
    return check();
  } catch (error) {
    throw new PrivacyloketError('invalid-input', (error as Error).message);
  }
}

/** Buurderij art. 11: a parent or guardian of a minor under 16, a curator or mentor, acts for the subject. */
function parseRepresentative(input: Record<string, unknown>): Party | undefined {
  const name = optionalField('--representative-name', input['representative-name'], { max: 200 });
  const given = ['basis', 'email', 'address'].filter((key) => input[`representative-${key}`] !== undefined);
  if (name === undefined) {
    if (given.length > 0)
      throw invalidInput('--representative-name', `is required with --representative-${given[0]}`);
    return undefined;
  }
  const basis = input['representative-basis'];
  if (!REPRESENTATIVE_BASES.includes(basis as never)) {
    throw invalidInput(
      '--representative-basis',
      `must be one of ${REPRESENTATIVE_BASES.join(', ')}, got ${JSON.stringify(basis)}`,
    );
  }
  const email = optionalEmail('--representative-email', input['representative-email']);
  const postalAddress = optionalField('--representative-address', input['representative-address'], {
    max: 500,
    multiline: true,
  });
  if (email === undefined && postalAddress === undefined) {
    throw invalidInput(
      '--representative-email',
      'or --representative-address must be given: the letters go to the representative',
    );
  }
  return { role: 'representative', name, basis: basis as string, email, postalAddress };
}

/**
 * A request registered after its deadline: the acknowledgement says so, and promises the answer by this date
 * (`--answer-by`, by default a week from today).
 */
function parseAnswerBy(
  value: unknown,
  late: boolean,
  now: Date,
  holidays: Parameters<typeof computeDeadline>[2],
) {
  if (value === undefined) return late ? computeDeadline(now, { weeks: 1 }, holidays).dueDate : undefined;
  if (!late)
    throw invalidInput('--answer-by', 'is only for a request registered after its deadline has passed');
  const date = field('--answer-by', value, { max: 10 });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !new Date(`${date}T12:00:00Z`).toISOString().startsWith(date)) {
    throw invalidInput('--answer-by', `must be a date such as 2026-12-07, got '${date}'`);
  }
  if (date < amsterdamDate(now)) throw invalidInput('--answer-by', `is ${date}, which has passed`);
  return date;
}

export interface Registered {
  reference: string;
  /** False when the case is registered but Temporal could not start its workflow now; the worker will. */
  started: boolean;
  /** Open cases of the same process for the same person: the officer is warned, not stopped. */
  duplicates: string[];
}

/**
 * Registers a case (committed), then starts its workflow. `alongside` writes what must commit with the case or not
 * at all (the deviation whose schedule it is names it), in the same transaction.
 */
export async function registerCase(
  services: CaseServices,
  request: CaseRequest,
  alongside?: (trx: Knex.Transaction, reference: string) => Promise<void>,
): Promise<Registered> {
  const { late: _late, ...newCase } = request;
  const duplicates = await openCasesOf(services, request);
  const reference = await services.db.transaction(async (trx) => {
    const { reference } = await insertCase(trx, {
      ...newCase,
      actor: services.actor,
      ...(services.user ? { assignee: services.user } : {}),
    });
    await alongside?.(trx, reference);
    return reference;
  });
  try {
    await startCaseWorkflow(services, await findCase(services.db, reference));
    return { reference, started: true, duplicates };
  } catch (error) {
    if (error instanceof PrivacyloketError) throw error;
    return { reference, started: false, duplicates };
  }
}

/** Open cases of the process whose subject has the same name and the same e-mail or postal address. */
async function openCasesOf({ db }: CaseServices, { process, subject }: CaseRequest): Promise<string[]> {
  if (!subject) return [];
  const rows = await db('cases')
    .join('subjects', 'subjects.id', 'cases.subject_id')
    .where({ 'cases.process': process, 'cases.status': 'open' })
    .whereRaw('lower(subjects.name) = lower(?)', [subject.name])
    .where((same) => {
      if (subject.email) void same.orWhereRaw('lower(subjects.email) = lower(?)', [subject.email]);
      if (subject.postalAddress) void same.orWhere('subjects.postal_address', subject.postalAddress);
    })
    .orderBy('cases.id')
    .select<{ reference: string }[]>('cases.reference');
  return rows.map((row) => row.reference);
}

/**
 * Starts the case's workflow, id = reference; a second start (a retry, the reconciliation) finds it running and
 * is a no-op. A workflow with this id from before the case row existed means the database and the Temporal
 * server do not belong together.
 */
export async function startCaseWorkflow(
  { client, config, db }: Pick<CaseServices, 'client' | 'config' | 'db'>,
  row: Pick<CaseRow, 'reference' | 'process' | 'created_at'>,
): Promise<void> {
  const entry = await processEntry(row.process);
  if (!entry) throw new PrivacyloketError('invalid-input', `No workflow runs ${row.process} cases yet.`);
  try {
    await client.workflow.start(entry.workflow, {
      workflowId: row.reference,
      taskQueue: config.temporal.taskQueue,
      args: [{ reference: row.reference }],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    const { startTime } = await client.workflow.getHandle(row.reference).describe();
    if (startTime.getTime() < new Date(row.created_at).getTime() - 60_000) {
      throw new PrivacyloketError(
        'unavailable',
        `Temporal already has a workflow ${row.reference} from before this case was registered: the database and the Temporal server do not belong together (check DATABASE_URL and TEMPORAL_ADDRESS).`,
      );
    }
  }
  await markWorkflowStarted(db, row.reference);
}

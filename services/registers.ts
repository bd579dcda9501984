/**
 * The registers an organisation keeps and hands over (`privacyloket register …`): the register of processing
 * activities (AVG art. 30(1), from the policy), the register of deviations from the regulation (Buurderij art. 20,
 * in the database, each entry destroyed by a retention schedule after the policy's period) and the destruction
 * register (`destructions`, written by the cases that destroy data). Each exports as CSV or PDF; an export is
 * recorded in the audit trail with its SHA-256, since the registers hold facts about people.
 *
 * CSV: one row per entry with a header row, in the dialect of the breach log (services/breach-log.ts): separated
 * by semicolons (Excel in a Dutch locale), UTF-8 with a byte-order mark, fields quoted as RFC 4180 says, lines
 * ending CRLF; lists inside a field joined with " | ". Moments are Amsterdam time, "YYYY-MM-DD HH:MM".
 */
import { organisationIn, readLetterhead } from '../activities/letters';
import type { Db } from '../db';
import { appendAuditEvent } from '../db/audit';
import { listDestructions } from '../db/destructions';
import {
  DEVIATION_KINDS,
  findUnscheduledDeviations,
  insertDeviation,
  listDeviations,
  setDeviationRetention,
  type DeviationKind,
  type DeviationRow,
} from '../db/deviations';
import { sha256 } from '../db/letters';
import { amsterdamClock, amsterdamDate } from '../lib/calendar';
import { nominalEndDate } from '../lib/deadlines';
import { invalidInput, PrivacyloketError } from '../lib/errors';
import { activityView, automatedDecisionsText } from '../lib/register';
import { loadPolicy } from '../policies/load';
import type { Policy } from '../policies/schema';
import type { Locale } from '../templates';
import { withPrinter } from './breach-documents';
import { caseStatusQuery, confirmTaskUpdate } from '../workflows/case/updates';
import { sendUpdate, type CaseServices } from './cases';
import type { Config } from './config';
import { field, parseCaseRequest, registerCase } from './start';

export const REGISTERS = ['processing', 'deviations', 'destructions'] as const;
export type RegisterName = (typeof REGISTERS)[number];

/** The retention category of the policy whose period the entries of the register of deviations are kept. */
export const DEVIATION_RETENTION = 'deviation-register';

// ---------------------------------------------------------------------------------------------------------------
// The register of deviations (Buurderij art. 20)

export interface DeviationAdded {
  label: string;
  policy: string;
  recordedAt: string;
  /** The retention schedule that destroys the entry, or why there is none yet. */
  retention: { reference: string; started: boolean };
}

/**
 * Records a deviation and schedules its destruction: every field is checked, and the retention schedule's start
 * is checked too, before the entry is committed (the dossier it names is the entry's label, never its content);
 * the schedule is then registered as any case is. When that fails, the entry stands and the next worker start
 * registers its schedule (`scheduleMissingDeviations`).
 */
export async function addDeviation(
  services: CaseServices,
  input: { policy: unknown; kind: unknown; description: unknown; reason: unknown; by: unknown },
  now = new Date(),
): Promise<DeviationAdded> {
  const policyId = field('--policy', input.policy, { max: 64 });
  if (!DEVIATION_KINDS.includes(input.kind as DeviationKind))
    throw invalidInput(
      '--kind',
      `must be one of ${DEVIATION_KINDS.join(', ')}, got ${JSON.stringify(input.kind)}`,
    );
  const description = field('--description', input.description, { max: 4000, multiline: true });
  const reason = field('--reason', input.reason, { max: 4000, multiline: true });
  const decidedBy = field('--by', input.by, { max: 200 });
  const { config, db } = services;
  const policy = await loadPolicy(policyId, config.policiesDir);
  if (!policy.retention[DEVIATION_RETENTION])
    throw invalidInput(
      '--policy',
      `is ${policyId}, whose policy has no '${DEVIATION_RETENTION}' retention category: its entries would never be destroyed (Buurderij art. 20(1): at most 3 years)`,
    );
  const { entry } = await db.transaction(async (trx) => {
    const entry = await insertDeviation(trx, {
      policyId,
      kind: input.kind as DeviationKind,
      description,
      reason,
      decidedBy,
      recordedAt: now,
    });
    await appendAuditEvent(trx, {
      type: 'deviation.recorded',
      actor: services.actor,
      data: { label: entry.label, policy: policyId, kind: entry.kind },
    });
    // A start that would be refused undoes the entry: nothing half-written stays behind.
    await retentionRequest(services, policy, entry, now);
    return { entry };
  });
  const { reference, started } = await scheduleDeviation(services, policy, entry, now).catch(
    async (error: Error) => {
      if (await scheduled(db, entry)) throw error; // registered, but its workflow refused: not for the worker
      throw new PrivacyloketError(
        'unavailable',
        `Recorded ${entry.label} in the register of deviations, but its retention schedule could not be registered (${error.message}); the next worker start (npm start or npm run worker) registers it.`,
      );
    },
  );
  return {
    label: entry.label,
    policy: policyId,
    recordedAt: entry.recorded_at,
    retention: { reference, started },
  };
}

/**
 * Registers the retention schedule of an entry and names it in the entry, in one commit: an entry never gets two
 * (a worker starting beside this one that registered it first makes this one roll back).
 */
async function scheduleDeviation(services: CaseServices, policy: Policy, entry: DeviationRow, now: Date) {
  const request = await retentionRequest(services, policy, entry, now);
  return registerCase(services, request, async (trx, reference) => {
    if (!(await setDeviationRetention(trx, entry.label, reference)))
      throw new PrivacyloketError('invalid-input', `${entry.label} has its retention schedule already`);
  });
}

/**
 * At every worker start, beside the duties' schedules: the entries whose retention schedule was never registered
 * (the registration failed after the entry was recorded) get theirs. Idempotent: a second pass finds none. An
 * entry that cannot be scheduled (its policy gone or broken) is named in `problems`, and the others go on.
 */
export async function scheduleMissingDeviations(
  services: CaseServices,
  now = new Date(),
): Promise<{ scheduled: string[]; problems: string[] }> {
  const registered: string[] = [];
  const problems: string[] = [];
  for (const entry of await findUnscheduledDeviations(services.db)) {
    try {
      const policy = await loadPolicy(entry.policy_id, services.config.policiesDir);
      await scheduleDeviation(services, policy, entry, now);
      registered.push(entry.label);
    } catch (error) {
      if (!(await scheduled(services.db, entry)))
        problems.push(`${entry.label}: ${(error as Error).message}`);
    }
  }
  return { scheduled: registered, problems };
}

/** Whether the entry names its schedule now (a failure after the commit, or another pass's). */
const scheduled = async (db: Db, entry: DeviationRow) =>
  Boolean((await db<DeviationRow>('deviations').where({ id: entry.id }).first())?.retention_reference);

/**
 * Destroys an entry of the register of deviations once its retention schedule gives the destruction task (art.
 * 20(1): at most 3 years): the row is deleted, and the schedule's task confirmed with who, when and how, so the
 * destruction register keeps that it went. Before that day the entry stays: it is refused, naming the date.
 */
export async function destroyDeviation(
  services: CaseServices,
  label: string,
  now = new Date(),
): Promise<{ label: string; retention: string; task: number }> {
  const { db, client, actor } = services;
  const entry = await db<DeviationRow>('deviations').where({ label: label.toUpperCase() }).first();
  if (!entry) throw new PrivacyloketError('not-found', `No entry ${label} in the register of deviations.`);
  const retention = entry.retention_reference;
  if (!retention)
    throw invalidInput(
      'label',
      `${entry.label} has no retention schedule yet: start one with privacyloket retention start`,
    );
  const status = await client.workflow.getHandle(retention).query(caseStatusQuery);
  const task = status.tasks?.find((t) => !t.done);
  if (!task)
    throw new PrivacyloketError(
      'invalid-input',
      `${entry.label} is kept until ${new Date(status.dueAt).toISOString()} (${retention}): its destruction task comes then`,
    );
  await db.transaction(async (trx) => {
    await trx<DeviationRow>('deviations').where({ id: entry.id }).delete();
    await appendAuditEvent(trx, {
      type: 'deviation.destroyed',
      actor,
      data: { label: entry.label, retention, task: task.number },
    });
  });
  await sendUpdate(services, retention, confirmTaskUpdate, {
    by: actor,
    task: task.number,
    doneBy: actor,
    at: now.toISOString(),
    how: 'gewist uit het register van afwijkingen (privacyloket register destroy-deviation)',
  });
  return { label: entry.label, retention, task: task.number };
}

/** The retention schedule of one entry: from its recording, for the policy's period, its label as the dossier. */
function retentionRequest(services: CaseServices, policy: Policy, entry: DeviationRow, now: Date) {
  return parseCaseRequest(
    'retention',
    {
      policy: policy.id,
      category: DEVIATION_RETENTION,
      from: amsterdamDate(new Date(entry.recorded_at)),
      dossier: entry.label,
      // The FG keeps the register (Buurderij art. 20), and so destroys its entries.
      'data-owner': policy.organisation.fg.email,
    },
    { now, policiesDir: services.config.policiesDir },
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Exports

export interface RegisterExport {
  content: Buffer;
  sha256: string;
  entries: number;
}

/** A register as CSV or PDF, recorded in the audit trail. `policyId` is required for the per-organisation ones. */
export async function exportRegister(
  db: Db,
  config: Config,
  {
    register,
    format,
    policyId,
    locale,
    by,
    now = new Date(),
  }: {
    register: RegisterName;
    format: 'csv' | 'pdf';
    policyId?: string;
    locale?: Locale;
    by: string;
    now?: Date;
  },
): Promise<RegisterExport> {
  const { policy, language, table } = await registerTable(db, config, { register, policyId, locale });
  const content =
    format === 'csv'
      ? toCsv(table.columns, table.rows)
      : await withPrinter(db, config, async (deps) => {
          const rendered = deps.templates.letter('register', register, language, {
            locale: language,
            date: amsterdamDate(now),
            produced: `${amsterdamDate(now)} ${amsterdamClock(now)}`,
            ...(policy && {
              ...organisationIn(policy, language),
              letterhead: await readLetterhead(config.policiesDir, policy),
            }),
            ...table.view,
          });
          return deps.printer.print(rendered.body, {
            title: rendered.title,
            author: policy?.organisation.name ?? 'Privacyloket',
            subject: rendered.title,
            keywords: [`register-${register}`],
          });
        });
  const hash = sha256(content);
  await appendAuditEvent(db, {
    type: 'register.exported',
    actor: by,
    data: { register, format, policy: policyId, entries: table.rows.length, sha256: hash },
  });
  return { content, sha256: hash, entries: table.rows.length };
}

/** A register's columns and rows, as its exports write them and the desk shows them. */
export async function registerTable(
  db: Db,
  config: Config,
  { register, policyId, locale }: { register: RegisterName; policyId?: string; locale?: Locale },
): Promise<{ policy: Policy | undefined; language: Locale; table: Table }> {
  if (register !== 'destructions' && policyId === undefined)
    throw invalidInput('--policy', `is required: the ${register} register is kept per organisation`);
  const policy = policyId === undefined ? undefined : await loadPolicy(policyId, config.policiesDir);
  const language = locale ?? policy?.organisation.locale ?? 'nl';
  return { policy, language, table: await TABLES[register](db, policy, language) };
}

interface Table {
  columns: string[];
  rows: string[][];
  /** What the PDF's template gets. */
  view: Record<string, unknown>;
}

const LIST = ' | ';
const instant = (iso: string) => `${amsterdamDate(new Date(iso))} ${amsterdamClock(new Date(iso))}`;

const TABLES: Record<RegisterName, (db: Db, policy: Policy | undefined, locale: Locale) => Promise<Table>> = {
  /** Art. 30(1)(a–g): the controller and FG on every row, so each row stands on its own in a spreadsheet. */
  processing(_db, policy, locale) {
    const { organisation } = policy!;
    const activities = policy!.processingActivities.map((activity) =>
      activityView(policy!, activity, locale),
    );
    const controller = [organisation.legalName ?? organisation.name, organisation.email];
    const fg = [organisation.fg.name, organisation.fg.email];
    return Promise.resolve({
      columns: [
        'controller',
        'controller_contact',
        'fg',
        'fg_contact',
        'activity',
        'name',
        'purposes',
        'legal_basis',
        'legal_basis_explanation',
        'legitimate_interests',
        'data_subjects',
        'data_categories',
        'recipients',
        'third_country_transfers',
        'retention',
        'security_measures',
        'sources',
        'automated_decisions',
      ],
      rows: activities.map((a) => [
        ...controller,
        ...fg,
        a.id,
        a.name,
        a.purposes.join(LIST),
        a.basis.join(LIST),
        a.explanation,
        a.legitimateInterests ?? '',
        a.dataSubjects.join(LIST),
        a.dataCategories.join(LIST),
        a.recipients.join(LIST),
        a.transfers.join(LIST),
        a.retention.join(LIST),
        a.securityMeasures.join(LIST),
        (a.sources ?? []).join(LIST),
        a.automatedDecisions
          ? automatedDecisionsText(a.automatedDecisions, locale)
          : locale === 'nl'
            ? 'geen'
            : 'none',
      ]),
      view: { activities },
    });
  },

  /** Buurderij art. 20: what deviated, why, who decided, and until when the entry is kept. */
  async deviations(db, policy) {
    const rule = policy!.retention[DEVIATION_RETENTION];
    const keptUntil = (entry: DeviationRow) =>
      rule?.period ? nominalEndDate(amsterdamDate(new Date(entry.recorded_at)), rule.period) : '';
    const entries = (await listDeviations(db, policy!.id)).map((entry) => ({
      label: entry.label,
      kind: entry.kind,
      description: entry.description,
      reason: entry.reason,
      decidedBy: entry.decided_by,
      recordedAt: instant(entry.recorded_at),
      keptUntil: keptUntil(entry),
      retention: entry.retention_reference ?? '',
    }));
    return {
      columns: [
        'label',
        'kind',
        'description',
        'reason',
        'decided_by',
        'recorded_at',
        'kept_until',
        'retention_case',
      ],
      rows: entries.map((e) => [
        e.label,
        e.kind,
        e.description,
        e.reason,
        e.decidedBy,
        e.recordedAt,
        e.keptUntil,
        e.retention,
      ]),
      view: { entries, period: rule?.period },
    };
  },

  /** Every destruction a case ordered and its data owner confirmed; with --policy, that organisation's cases. */
  async destructions(db, policy) {
    const ofPolicy = policy
      ? new Set(
          (await db('cases').where({ policy_id: policy.id }).select<{ id: number }[]>('id')).map((c) => c.id),
        )
      : undefined;
    const entries = (await listDestructions(db))
      .filter((row) => !ofPolicy || (row.case_id !== null && ofPolicy.has(row.case_id)))
      .map((row) => ({
        reference: row.reference,
        process: row.process,
        category: row.category ?? '',
        what: row.what,
        basis: row.basis,
        dueAt: instant(row.due_at),
        destroyedAt: instant(row.destroyed_at),
        destroyedBy: row.destroyed_by,
        how: row.how,
      }));
    return {
      columns: [
        'reference',
        'process',
        'category',
        'what',
        'basis',
        'due_at',
        'destroyed_at',
        'destroyed_by',
        'how',
      ],
      rows: entries.map((e) => [
        e.reference,
        e.process,
        e.category,
        e.what,
        e.basis,
        e.dueAt,
        e.destroyedAt,
        e.destroyedBy,
        e.how,
      ]),
      view: { entries },
    };
  },
};

/** RFC 4180: a field holding the separator, a quote or a line break is quoted, its quotes doubled. */
const csvField = (value: string) => (/[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export function toCsv(columns: readonly string[], rows: readonly string[][]): Buffer {
  const lines = [columns, ...rows].map((row) => row.map(csvField).join(';'));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

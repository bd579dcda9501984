/**
 * The documents of a breach, printed as letters are (the worker's Chromium printer and templates, through
 * `ActivityDeps` as `previewResponse` in services/cases.ts opens them): the AP notification document the officer
 * copies into the AP's online form (art. 33(3), follow-ups art. 33(4)), and the public announcement that replaces
 * the personal letters under art. 34(3)(c). Each document produced is stored with the case and its SHA-256 goes
 * into the audit trail: the officer can show what was submitted or published. The breach log (services/breach-log.ts)
 * is printed through the same `renderBreachDocument`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ActivityDeps } from '../activities';
import type { Db } from '../db';
import { organisationIn, readLetterhead } from '../activities/letters';
import { appendAuditEvent } from '../db/audit';
import { findCase } from '../db/cases';
import { insertDocument, sha256 } from '../db/letters';
import type { SubjectLetter } from '../lib/breach/types';
import { amsterdamClock, amsterdamDate } from '../lib/calendar';
import { invalidInput, PrivacyloketError } from '../lib/errors';
import { loadPolicy } from '../policies/load';
import type { Policy } from '../policies/schema';
import { formatLongDate, type Locale } from '../templates';
import type { Config } from './config';
import {
  assessmentAt,
  breachFile,
  changedParts,
  type Assessment,
  type BreachFile,
  type Recommendation,
} from './breach-file';

export interface BreachDocument {
  pdf: Buffer;
  sha256: string;
  title: string;
  /** The stored document's id (`documents` table). */
  documentId: number;
}

/** What the templates call the enumerations, per locale: `templates/<locale>/breach/labels.json`. */
type Labels = Record<
  'nature' | 'events' | 'special' | 'vulnerable' | 'encryption' | 'severity' | 'ground' | 'status',
  Record<string, string>
> &
  Record<'missing' | 'steps' | 'parts', Record<string, string>>;

const templatesDir = join(import.meta.dirname, '..', 'templates');
const labelsOf = Object.fromEntries(
  (['nl', 'en'] as const).map((locale) => [
    locale,
    JSON.parse(readFileSync(join(templatesDir, locale, 'breach', 'labels.json'), 'utf8')) as Labels,
  ]),
) as Record<Locale, Labels>;

/** "20 november 2026, 14:30", Amsterdam time: the moments of a breach matter to the hour (art. 33(1)). */
export function formatInstant(iso: string, locale: Locale): string;
export function formatInstant(iso: string | undefined, locale: Locale): string | undefined;
export function formatInstant(iso: string | undefined, locale: Locale): string | undefined {
  if (iso === undefined) return undefined;
  const instant = new Date(iso);
  return `${formatLongDate(amsterdamDate(instant), locale)}, ${amsterdamClock(instant)}`;
}

const formatNumber = (value: number, locale: Locale) =>
  new Intl.NumberFormat(locale === 'nl' ? 'nl-NL' : 'en-GB').format(value);

/** An assessment as the documents show it: enumerations in words, numbers grouped, with its recommendation. */
function assessmentView(
  assessment: Assessment,
  locale: Locale,
  extra: { version?: number; by?: string; recorded?: string; recommendation?: Recommendation } = {},
) {
  const labels = labelsOf[locale];
  const words = (group: keyof Labels, values: readonly string[]) =>
    values.map((value) => labels[group][value]);
  const has = (nature: string) => (assessment.nature as string[]).includes(nature);
  return {
    ...assessment,
    ...extra,
    natureWords: words('nature', assessment.nature),
    confidentiality: has('confidentiality'),
    integrity: has('integrity'),
    availability: has('availability'),
    eventWords: words('events', assessment.events),
    data: {
      ...assessment.data,
      specialWords: words('special', assessment.data.special),
      records: formatNumber(assessment.data.records, locale),
    },
    people: {
      ...assessment.people,
      vulnerableWords: words('vulnerable', assessment.people.vulnerable),
      min: formatNumber(assessment.people.min, locale),
      max: formatNumber(assessment.people.max, locale),
      range: assessment.people.min !== assessment.people.max,
    },
    measuresBefore: {
      ...assessment.measuresBefore,
      encryptionWords: labels.encryption[assessment.measuresBefore.encryption],
    },
    consequences: {
      ...assessment.consequences,
      severityWords: labels.severity[assessment.consequences.severity],
    },
  };
}

/**
 * The breach file as the templates read it: moments in words in Amsterdam time, enumerations in the document's
 * language, numbers grouped. One view for the AP document, the log and the announcement, so they never differ.
 */
export function breachView(file: BreachFile, locale: Locale) {
  const labels = labelsOf[locale];
  const at = (iso: string | undefined) => formatInstant(iso, locale);
  const count = (value: number) => formatNumber(value, locale);
  const { start, decision, people, letter, exception, lettersSent, lettersPosted, closed } = file;
  const latest = file.assessments.at(-1);
  const title = file.fg.title[locale];
  return {
    reference: file.reference,
    status: labels.status[file.status],
    open: file.status !== 'closed',
    organisation: file.organisation,
    fg: { ...file.fg, title, name: file.fg.unnamed ? title : file.fg.name },
    summary: start.summary,
    processor: start.processor,
    processorInformed: at(start.processorInformedAt),
    occurred: {
      at: at(start.occurredAt),
      from: at(start.occurredFrom),
      to: at(start.occurredTo),
    },
    ongoing: latest?.assessment.ongoing ?? start.ongoing,
    noticed: at(file.noticedAt),
    aware: { ...file.awareness, at: at(file.awareness.at), recorded: at(file.awareness.recordedAt) },
    // The earlier moments of awareness, when the officer revised it: the log keeps each (art. 33(5)).
    awarenessHistory: file.awarenessHistory.slice(0, -1).map((awareness) => ({
      ...awareness,
      at: at(awareness.at),
      recorded: at(awareness.recordedAt),
    })),
    legalDue: at(file.legalDueAt),
    late: file.late,
    lateReasons: file.notifications.find((notification) => notification.number === 1)?.lateReasons,
    assessment:
      latest && assessmentView(latest.assessment, locale, { recommendation: latest.recommendation }),
    assessments: file.assessments.map((version, index, all) => ({
      ...assessmentView(version.assessment, locale, {
        version: version.version,
        by: version.by,
        recorded: at(version.recordedAt),
        recommendation: version.recommendation,
      }),
      // What this revision changed: the log keeps the assessment "with each revision" (art. 33(5)).
      changed:
        index === 0
          ? undefined
          : changedParts(all[index - 1]!.assessment, version.assessment).map((part) => labels.parts[part]),
    })),
    decision: decision && { ...decision, recorded: at(decision.recordedAt) },
    notifications: file.notifications.map((notification) => ({
      ...notification,
      at: at(notification.at),
      recorded: at(notification.recordedAt),
      followUp: notification.number > 1,
    })),
    people: people && {
      ...people,
      count: count(people.count),
      byMail: count(people.byMail),
      byPost: count(people.byPost),
      recorded: at(people.recordedAt),
    },
    letter: letter && { ...letter, recorded: at(letter.recordedAt) },
    exception: exception && {
      ...exception,
      groundWords: labels.ground[exception.ground],
      recorded: at(exception.recordedAt),
    },
    lettersSent: lettersSent && {
      ...lettersSent,
      byMail: count(lettersSent.sent),
      sent: count(lettersSent.sent + lettersSent.post),
      post: count(lettersSent.post),
      undeliverable: count(lettersSent.undeliverable),
      at: at(lettersSent.at),
    },
    lettersPosted: lettersPosted && at(lettersPosted.at),
    closed: closed && { ...closed, at: at(closed.at) },
    actors: file.actors.map(({ by, steps }) => ({
      // What the workflow did by itself (the letters sent), Privacyloket did.
      by: by === 'system' ? 'Privacyloket' : by,
      steps: steps.map((step) => labels.steps[step] ?? step),
    })),
    missing: file.missing.map((item) => labels.missing[item]),
  };
}
export type BreachView = ReturnType<typeof breachView>;

/**
 * Runs `use` with the worker's printer and templates, opened for this one command as `previewResponse` opens
 * them (Chromium is loaded only here), and closed whatever happens.
 */
export async function withPrinter<T>(
  db: Db,
  config: Config,
  use: (deps: ActivityDeps) => Promise<T>,
): Promise<T> {
  const { openActivityDeps } = await import('../activities');
  const deps = openActivityDeps(config, db);
  try {
    return await use(deps);
  } finally {
    await deps.close();
  }
}

/**
 * A breach document (`templates/<locale>/breach/<name>.hbs`) to PDF, with the letters' context: date, reference,
 * and, given a policy, its organisation and letterhead. Title, author and subject go into the PDF's metadata.
 */
export async function renderBreachDocument(
  deps: Pick<ActivityDeps, 'templates' | 'printer' | 'policiesDir'>,
  {
    name,
    locale,
    policy,
    reference,
    context,
    now = new Date(),
  }: {
    name: 'ap-notification' | 'log' | 'public-announcement';
    locale: Locale;
    policy?: Policy;
    reference?: string;
    context: Record<string, unknown>;
    now?: Date;
  },
): Promise<{ pdf: Buffer; sha256: string; title: string }> {
  const rendered = deps.templates.letter('breach', name, locale, {
    locale,
    date: amsterdamDate(now),
    reference,
    ...(policy && {
      ...organisationIn(policy, locale),
      letterhead: await readLetterhead(deps.policiesDir, policy),
    }),
    ...context,
  });
  const author = policy?.organisation.name ?? 'Privacyloket';
  const title = reference ? `${rendered.title} (${reference})` : rendered.title;
  const pdf = await deps.printer.print(rendered.body, {
    title,
    author,
    subject: reference ? `${rendered.title}, ${reference}` : rendered.title,
    keywords: [reference ?? 'breach-log', `breach-${name}`],
  });
  return { pdf, sha256: sha256(pdf), title: rendered.title };
}

/** Stores a produced document with the case, its SHA-256 in the audit trail, together or not at all. */
async function storeDocument(
  deps: Pick<ActivityDeps, 'db'>,
  reference: string,
  document: { kind: string; filename: string; pdf: Buffer; by: string; data: Record<string, unknown> },
): Promise<number> {
  const row = await findCase(deps.db, reference);
  return deps.db.transaction(async (trx) => {
    const { id, sha256: hash } = await insertDocument(trx, {
      caseId: row.id,
      kind: document.kind,
      filename: document.filename,
      contentType: 'application/pdf',
      content: document.pdf,
    });
    await appendAuditEvent(trx, {
      type: 'document.produced',
      actor: document.by,
      caseId: row.id,
      data: { documentId: id, kind: document.kind, sha256: hash, ...document.data },
    });
    return id;
  });
}

export interface NotificationOptions {
  /** A follow-up notification (art. 33(4)): its number, 2 or more; absent, the first notification. */
  followUp?: number;
  /** Why the first notification comes after the 72 hours (art. 33(1)), when not yet recorded with it. */
  lateReasons?: string;
  by?: string;
  now?: Date;
}

/**
 * The AP notification document: every section of the AP's online form (SPEC "Letters"), filled from the file,
 * for the officer to copy into the form and keep. Number 1 is the first notification; a follow-up carries the
 * first notification's AP reference and says what changed since the one before (art. 33(4)). A notification
 * that is, or will be, made after the 72 hours shows the reasons for the delay (art. 33(1)).
 */
export async function apNotificationDocument(
  deps: ActivityDeps,
  reference: string,
  { followUp, lateReasons, by = 'system', now = new Date() }: NotificationOptions = {},
): Promise<BreachDocument> {
  const file = await breachFile(deps.db, reference, { policiesDir: deps.policiesDir, now });
  const number = followUp ?? 1;
  const notification = notificationContext(file, number, followUp !== undefined);
  const policy = await loadPolicy(file.policyId, deps.policiesDir);
  const locale = file.locale;
  const recorded = file.notifications.find((item) => item.number === number);
  // Only the first notification can be late (art. 33(1)); follow-ups come "without undue further delay" (33(4)).
  const late = number === 1 && Date.parse(recorded?.at ?? now.toISOString()) > Date.parse(file.legalDueAt);
  const view = breachView(file, locale);
  const version = notification.assessment;
  const rendered = await renderBreachDocument(deps, {
    name: 'ap-notification',
    locale,
    policy,
    reference,
    now,
    context: {
      breach: {
        ...view,
        assessment: assessmentView(version.assessment, locale, { recommendation: version.recommendation }),
      },
      notification: {
        number,
        followUp: number > 1,
        first: view.notifications.find((item) => item.number === 1),
        previous: number - 1,
        earlier: view.notifications.filter((item) => item.number < number),
        recorded: view.notifications.find((item) => item.number === number),
        changes: recorded?.changes,
        changedParts: notification.changed.map((part) => labelsOf[locale].parts[part]),
        late,
        lateReasons: lateReasons ?? recorded?.lateReasons,
      },
    },
  });
  const documentId = await storeDocument(deps, reference, {
    kind: 'breach-ap-notification',
    filename: `${reference}-ap-${number}.pdf`,
    pdf: rendered.pdf,
    by,
    data: { number },
  });
  return { ...rendered, documentId };
}

/**
 * What a notification of `number` rests on: the assessment it describes (the one in force when it was recorded;
 * for one still to be made, the latest), the first notification a follow-up refers to, and for a follow-up the
 * parts of the assessment changed since the notification before it.
 */
function notificationContext(file: BreachFile, number: number, isFollowUp: boolean) {
  const { reference } = file;
  if (!Number.isInteger(number) || number < 1 || (isFollowUp && number < 2)) {
    throw invalidInput(
      '--follow-up',
      `must be a whole number of 2 or more (1 is the first notification: leave --follow-up out), got ${number}`,
    );
  }
  if (
    number === 1 &&
    file.notifications.length > 0 &&
    !file.notifications.some((item) => item.number === 1)
  ) {
    throw new PrivacyloketError('invalid-input', `${reference} has follow-ups but no first notification.`);
  }
  const latest = file.assessments.at(-1);
  if (!latest) {
    throw new PrivacyloketError(
      'invalid-input',
      `${reference} has no risk assessment yet; the notification describes it: privacyloket breach assess ${reference} --input assessment.json.`,
      '<reference>',
    );
  }
  const recorded = file.notifications.find((item) => item.number === number);
  const previous = file.notifications.find((item) => item.number === number - 1);
  const first = file.notifications.find((item) => item.number === 1);
  if (number > 1 && (!first || !previous)) {
    const missing = !first ? 1 : number - 1;
    throw invalidInput(
      '--follow-up',
      `is ${number}, but notification ${missing} of ${reference} is not recorded: a follow-up comes after it and carries the first notification's AP reference (privacyloket breach notified ${reference} --ap-reference …)`,
    );
  }
  const version = (recorded && assessmentAt(file, recorded.recordId)) ?? latest;
  const before = previous && assessmentAt(file, previous.recordId);
  const changed = before ? changedParts(before.assessment, version.assessment) : [];
  return { assessment: version, first, changed };
}

/**
 * The public announcement of art. 34(3)(c): when telling each person would take disproportionate effort, the
 * people are told "in an equally effective manner" — with what art. 34(2) requires of the letter: the nature of
 * the breach in clear language, the FG's name and contact, the likely consequences, the measures taken, and what
 * people can do. Its text is the letter text the officer approved; without one, the officer's assessment.
 */
export async function publicAnnouncementDocument(
  deps: ActivityDeps,
  reference: string,
  { by = 'system', now = new Date() }: { by?: string; now?: Date } = {},
): Promise<BreachDocument> {
  const file = await breachFile(deps.db, reference, { policiesDir: deps.policiesDir, now });
  if (file.exception?.ground !== 'disproportionate') {
    throw new PrivacyloketError(
      'invalid-input',
      `${reference}: a public announcement replaces the personal letters only under art. 34(3)(c) (disproportionate effort), and ${reference} has ${file.exception ? `the exception ${file.exception.ground}` : 'no such exception recorded'}.`,
      '<reference>',
    );
  }
  const text = announcementText(file);
  if (!text) {
    throw new PrivacyloketError(
      'invalid-input',
      `${reference} has neither an approved letter text nor a risk assessment to announce.`,
      '<reference>',
    );
  }
  const policy = await loadPolicy(file.policyId, deps.policiesDir);
  const rendered = await renderBreachDocument(deps, {
    name: 'public-announcement',
    locale: file.locale,
    policy,
    reference,
    now,
    context: { breach: breachView(file, file.locale), text },
  });
  const documentId = await storeDocument(deps, reference, {
    kind: 'breach-public-announcement',
    filename: `${reference}-announcement.pdf`,
    pdf: rendered.pdf,
    by,
    data: {},
  });
  return { ...rendered, documentId };
}

/** The approved letter's text, or the assessment's words for the same four things (advice then has none). */
function announcementText(file: BreachFile): Partial<SubjectLetter> | undefined {
  if (file.letter) return file.letter.letter;
  const latest = file.assessments.at(-1)?.assessment;
  if (!latest) return undefined;
  const { taken, planned } = latest.measuresAfter;
  return {
    nature: latest.description,
    consequences: latest.consequences.description,
    measures: planned ? `${taken}\n${planned}` : taken,
  };
}

/**
 * The shape of a policy: one organisation's periods, reminders, retention rules, delivery and calendar, as data
 * (SPEC "Policies"). Strict: an unknown key is an error, so a typo never silently falls back to a default. A
 * policy may be weaker than the law (it says what the organisation's regulation says); `check.ts` flags that.
 * Workflows `import type { Policy }`; the schema itself runs where policies are loaded.
 */
import { z } from 'zod';
import { DURATION_UNITS, type Duration } from '../lib/durations';
import { LEGAL_BASES } from '../lib/legal-bases';
import type { Localized } from '../lib/localize';
import { alwaysShorter } from './periods';

/** Processes whose clock starts at receipt (or discovery) and runs one `period`: `privacyloket deadline`. */
export const PROCESSES_WITH_PERIOD = [
  'access',
  'rectification',
  'erasure',
  'objection',
  'breach',
  'applicant',
] as const;
export type ProcessWithPeriod = (typeof PROCESSES_WITH_PERIOD)[number];

/** Letters that reach a person (subject, representative, third party, recipient) and so need a way to travel. */
export const LETTER_KINDS = [
  'acknowledgement', // ontvangstbevestiging, stating the deadline
  'identity-request', // more information needed to verify identity
  'third-party-consultation', // Buurderij 22.4, 22.6: a third party's views or consent before disclosure
  'extension', // art. 12(3): once, with reasons, within the first period
  'access-response', // art. 15(1)(a–h), with the copy of the data
  'identity-not-established', // art. 12(2), 12(6): the requester did not show who they are; the request ends
  'rectification-decision',
  'rectification-confirmation',
  'rectification-restriction-lift', // art. 18(3): told before a restriction is lifted
  'erasure-decision',
  'erasure-confirmation',
  'objection-decision',
  'objection-confirmation', // the processing objected to has stopped
  'recipient-notice', // art. 19, Buurderij 23.4: recipients of wrong or erased data are told
  'breach-subject-notice', // art. 34: personal letter to an affected person
  'applicant-consent-request', // art. 7: consent to keep application data awaiting a vacancy
  'applicant-withdrawal-confirmation', // art. 7(3): consent withdrawn, the data destroyed
  'intake-information', // Buurderij art. 13, AVG art. 13
  'transfer-notice', // Buurderij art. 25.2
] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

/** Letters that carry a copy of someone's (care) data: never as a plain mail attachment (SPEC "Delivery"). */
export const LETTERS_WITH_DATA_COPY = ['access-response'] as const satisfies readonly LetterKind[];

export const DELIVERY_METHODS = ['attachment', 'encrypted-attachment', 'post'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

/** The event a retention period is counted from. */
export const RETENTION_EVENTS = [
  'receipt', // Werk op Maat: mail with participant data from third parties is deleted on receipt
  'recording', // an entry in a register (Buurderij art. 20)
  'written-report', // a video used as a memory aid, once worked into a written report
  'last-change', // WGBO art. 7:454(3) since 2020: the last change in the file
  'end-of-agreement', // Werk op Maat: "na afloop van de overeenkomst"
  'end-of-care', // Buurderij: "na het einde van de behandeling"
  'end-of-professional-relationship',
  'end-of-employment',
  'end-of-year-of-leaving', // the end of the calendar year in which employment ended
  'end-of-financial-year',
] as const;
export type RetentionEvent = (typeof RETENTION_EVENTS)[number];

/** The legal duty behind a retention period (its minimum is in `law.ts`), or none. */
export const RETENTION_BASES = ['wgbo', 'jeugdwet', 'fiscal', 'identification', 'none'] as const;
export type RetentionBasis = (typeof RETENTION_BASES)[number];

// ---------------------------------------------------------------------------------------------------------------

/** Units present in a value that may not be a valid duration (refinements also run on half-valid input). */
const unitsOf = (value: object) => DURATION_UNITS.filter((unit) => unit in value);

const wholeAmount = z.number().int('must be a whole number').nonnegative('must not be negative');

/** Exactly one whole, non-negative unit: `{ "weeks": 4 }`, `{ "hours": 72 }` (EU 1182/71 counts each its own way). */
export const durationSchema = z
  .strictObject(Object.fromEntries(DURATION_UNITS.map((unit) => [unit, wholeAmount.optional()])))
  .refine((value) => unitsOf(value).length === 1, {
    message: 'must have exactly one unit (hours, days, weeks, months or years), such as { "weeks": 4 }',
  }) as unknown as z.ZodType<Duration>;

const positiveDuration = durationSchema.refine(
  (value) => unitsOf(value).some((unit) => (value[unit] ?? 0) > 0),
  'must be longer than zero',
);

const isDuration = (value: unknown): value is Duration =>
  typeof value === 'object' &&
  value !== null &&
  unitsOf(value).length === 1 &&
  Object.values(value).every((n) => Number.isInteger(n) && (n as number) >= 0);

const text = z.string().trim().min(1, 'must not be empty');
/**
 * Text that letters print, in the letter's language: one string for both, or `{ "nl": …, "en": … }`. A single
 * string appears as it is in English letters too (`policy check` notes it).
 */
const LOCALIZED = 'must be a text, or { "nl": "…", "en": "…" }';
const localizedOptions = [text, z.strictObject({ nl: text, en: text })] as const;
const localized: z.ZodType<Localized> = z.union(localizedOptions, { error: LOCALIZED });
export type { Localized };
export { localize } from '../lib/localize';
/**
 * A retention category's or a recurring duty's name: Dutch, as the regulation has it, with the English that
 * English letters and mails print beside it (`localize`); without it they print the Dutch (`policy check` notes it).
 */
const labelled = { label: text, labelEn: text.optional() };
const id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a kebab-case id such as care-data');
const email = z.email('must be an e-mail address');
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD')
  .refine((value) => {
    const parsed = new Date(`${value}T00:00:00Z`); // 2026-02-30 rolls over to March; 2026-13-01 is invalid
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value);
  }, 'is not a real date');

// ---------------------------------------------------------------------------------------------------------------

/** What every process with a clock shares: reminders BEFORE the deadline, escalation after it, four eyes. */
const clockShape = {
  /** Offsets before the deadline; default 7 and 2 days, breach 48, 24 and 6 hours (= 24, 48 and 66 after discovery). */
  reminders: z.array(positiveDuration),
  /** Escalation to management at the deadline, repeated this often while overdue (SPEC: daily). */
  escalateEvery: positiveDuration,
  /** A second approval before the decision letter goes out. */
  fourEyes: z.boolean(),
  /** Where the period comes from: the seed clause, or the article of law when the regulation is silent. */
  source: text,
};

/** A process with one period from receipt (or, for a breach, from discovery). */
const timedShape = { period: positiveDuration, ...clockShape };

/** Reminders are offsets before the deadline: each must fall inside the period, whatever the start date. */
function remindersInsidePeriod(
  process: { period: Duration; reminders: Duration[] },
  ctx: z.RefinementCtx,
  period = 'the period',
) {
  process.reminders.forEach((offset, index) => {
    if (isDuration(offset) && isDuration(process.period) && !alwaysShorter(offset, process.period)) {
      ctx.addIssue({
        code: 'custom',
        path: ['reminders', index],
        message: `must be shorter than ${period}`,
      });
    }
  });
}

const processes = z.strictObject({
  /** Inzageverzoek (AVG art. 15). */
  access: z
    .strictObject({
      ...timedShape,
      /** Art. 12(3): once, before the deadline, with reasons, by at most 2 further months. */
      extension: positiveDuration,
      /** Buurderij 22.4, 22.6: other people's views or consent before their data is disclosed. */
      thirdPartyViews: z.boolean(),
      /** Art. 12(6): how long the requester has to answer a request for information about their identity. */
      identityWait: positiveDuration,
    })
    .superRefine(remindersInsidePeriod),
  /** Correctie, aanvulling, afscherming: the decision period. */
  rectification: z.strictObject(timedShape).superRefine(remindersInsidePeriod),
  /**
   * Verwijdering (art. 17): `period` is the one deadline for the decision and its execution (art. 12(3); 17(1)
   * "onverwijld"), extendable once by at most `extension` (art. 12(3)). `careFiles`: the law's own period for
   * destroying a WGBO or Jeugdwet file on request (art. 7:455 BW, Jeugdwet art. 7.3.9: three months from the
   * request), for the categories whose `basis` is `wgbo` or `jeugdwet`. `requestFiles`: how long the request's own
   * case file is kept after it closes, as evidence that it was handled (art. 5(2); legal claims, art. 17(3)(e));
   * recorded here, destroyed by the retention schedule, postponed by a legal hold.
   */
  erasure: z
    .strictObject({
      ...timedShape,
      extension: positiveDuration,
      careFiles: z.strictObject({ period: positiveDuration, source: text }),
      requestFiles: z.strictObject({ period: positiveDuration, source: text }),
    })
    .superRefine(remindersInsidePeriod),
  /** Verzet (AVG art. 21). */
  objection: z.strictObject(timedShape).superRefine(remindersInsidePeriod),
  /**
   * Datalek: `period` is the notification period (art. 33(1): 72 hours from awareness), in hours; reminders and
   * escalation run on the policy's own clock when it counts from the moment the breach was first noticed.
   */
  breach: z
    .strictObject({
      ...timedShape,
      /** Werk op Maat: "gerekend vanaf het eerste moment dat het probleem daadwerkelijk gesignaleerd is". */
      stricterClockFrom: z.literal('noticed').optional(),
      /** Art. 34(1) "without undue delay": the letters to the people, from the decision to tell them. */
      people: z
        .strictObject({ period: positiveDuration, reminders: z.array(positiveDuration) })
        .superRefine(remindersInsidePeriod),
    })
    .superRefine(remindersInsidePeriod),
  /** Rejected applicant: destroy `period` after the procedure ends; with consent keep at most `withConsent`. */
  applicant: z
    .strictObject({ ...timedShape, withConsent: positiveDuration })
    .superRefine(remindersInsidePeriod),
  /**
   * Retention schedule: the periods are per data category (`retention`); the officer is asked to review a
   * destruction `review` before it is due (a legal hold postpones it), then reminded before each destruction.
   */
  retention: z.strictObject({ ...clockShape, review: positiveDuration }),
  /** Information at the start of processing (Buurderij art. 13, AVG art. 13): no period, a letter at once. */
  intake: z.strictObject({ source: text }),
  /**
   * Transfer to another controller (Buurderij 25.2): people are told `noticeBefore` the effective date, so they can
   * object. The deadline is the last day the notices can go out; the officer is reminded before it. A reminder is
   * bounded by the notice period, the span the process is planned in (as a period bounds the other processes').
   */
  transfer: z
    .strictObject({
      noticeBefore: positiveDuration,
      reminders: clockShape.reminders,
      escalateEvery: clockShape.escalateEvery,
      source: text,
    })
    .superRefine((transfer, ctx) =>
      remindersInsidePeriod({ ...transfer, period: transfer.noticeBefore }, ctx, 'noticeBefore'),
    ),
});

const retentionRule = z.strictObject({
  ...labelled,
  /** Absent: no fixed term ("niet langer dan strikt noodzakelijk"); the category is reviewed at the event. */
  period: durationSchema.optional(),
  from: z.enum(RETENTION_EVENTS),
  /**
   * `minimum`: kept at least this long (a legal duty: the data may go after it); `maximum`: no longer than this
   * (the data must go by then).
   */
  limit: z.enum(['minimum', 'maximum']),
  action: z.enum(['destroy', 'return', 'review']),
  basis: z.enum(RETENTION_BASES),
  /**
   * Art. 17(3)(b): a legal duty to keep the data that an erasure request cannot override (fiscal records, ID
   * copies). WGBO and Jeugdwet files do not: the subject can have them destroyed (art. 7:455 BW, Jeugdwet 7.3.9).
   */
  blocksErasure: z.boolean(),
  /**
   * Part of the personnel file (personeelsdossier; Buurderij appendix "Gegevens van personeel"): what a hired
   * applicant's data may move to (`applicant start --hired --keep`). Stated, not derived from `from`: the staff's
   * fiscal records count from the end of the financial year, as the clients' financial administration does.
   */
  personnelFile: z.boolean().optional(),
  source: text,
});

/** A register activity whose data are kept by the applicant process's periods (`processes.applicant`). */
export const APPLICANT_RETENTION = 'processes.applicant';

export type { LegalBasis as Article6Basis } from '../lib/legal-bases';

/** Art. 9(2): the exceptions that allow special categories of data; (h) with UAVG art. 30(3) for care. */
export const ARTICLE_9_CONDITIONS = {
  'explicit-consent': 'a',
  employment: 'b', // UAVG art. 30(1): reintegration, sickness absence
  'vital-interests': 'c',
  'legal-claims': 'f',
  'health-care': 'h', // UAVG art. 30(3): care providers, bound to professional secrecy
} as const;
export type Article9Condition = keyof typeof ARTICLE_9_CONDITIONS;

/** Art. 9(1): the special categories of personal data (bijzondere persoonsgegevens, Buurderij art. 1 b.2). */
export const SPECIAL_CATEGORIES = [
  'health',
  'racial-or-ethnic-origin',
  'political-opinions',
  'religious-beliefs',
  'trade-union-membership',
  'genetic',
  'biometric',
  'sex-life',
] as const;

/** Art. 13(2)(f)'s three elements of automated decision-making: each required once any is given. */
const automatedElement: z.ZodType<Localized> = z.union(localizedOptions, {
  error: (issue) =>
    issue.input === undefined
      ? 'is required: art. 13(2)(f) asks for the logic involved, the significance and the envisaged consequences together (leave automatedDecisions out when there is no automated decision-making)'
      : LOCALIZED,
});

/**
 * One entry of the register of processing activities (AVG art. 30(1); Buurderij art. 5). The controller's and
 * the FG's names and contacts (30(1)(a)) are the policy's `organisation`; everything else is per activity.
 */
const processingActivity = z
  .strictObject({
    /** How `--activity` names it. */
    id,
    name: localized,
    /** 30(1)(b). */
    purposes: z.array(localized).min(1, 'must name at least one purpose'),
    legalBasis: z.strictObject({
      article6: z.array(z.enum(LEGAL_BASES)).min(1, 'must name at least one basis of art. 6(1)'),
      /** Required when a data category is special (art. 9(1)). */
      article9: z.enum(Object.keys(ARTICLE_9_CONDITIONS) as [Article9Condition]).optional(),
      /** The law, agreement or interest behind it, as letters quote it (art. 13(1)(c)). */
      explanation: localized,
      /** Art. 13(1)(d): required with legitimate-interests. */
      legitimateInterests: localized.optional(),
    }),
    /** 30(1)(c). */
    dataSubjects: z.array(localized).min(1, 'must name at least one category of people'),
    /** 30(1)(c); `special` flags an art. 9(1) category. */
    dataCategories: z
      .array(z.strictObject({ label: localized, special: z.enum(SPECIAL_CATEGORIES).optional() }))
      .min(1, 'must name at least one category of data'),
    /** 30(1)(d): categories of recipients, never persons; empty when the data go to no one. */
    recipients: z.array(localized),
    /** 30(1)(e): transfers outside the EEA, each with its art. 46 safeguard (or adequacy, art. 45); empty: none. */
    thirdCountryTransfers: z.array(
      z.strictObject({ country: text, recipient: localized, safeguard: localized }),
    ),
    /**
     * 30(1)(f): the policy's `retention` categories the activity's data fall under, or `processes.applicant` for
     * data kept by the applicant process's own periods.
     */
    retention: z
      .array(
        z.union([id, z.literal(APPLICANT_RETENTION)], {
          error: `must be a retention category id or '${APPLICANT_RETENTION}'`,
        }),
      )
      .min(1, 'must name at least one retention category'),
    /** 30(1)(g): art. 32 measures, in general terms. */
    securityMeasures: z.array(localized).min(1, 'must name at least one security measure'),
    /** Where the data come from when not from the person (art. 14(2)(f), 15(1)(g)); absent: from the person. */
    sources: z.array(localized).optional(),
    /**
     * Art. 22(1): decisions based solely on automated processing (profiling included) that have legal or similarly
     * significant effects. Absent: there are none. Present: art. 13(2)(f), 14(2)(g) and 15(1)(h)'s meaningful
     * information, all three together: the logic involved, the significance and the envisaged consequences.
     */
    automatedDecisions: z
      .strictObject({
        logic: automatedElement,
        significance: automatedElement,
        consequences: automatedElement,
      })
      .optional(),
    /** Art. 13(2)(e): whether the person must provide the data, why, and what follows if not. */
    provisionRequirement: localized,
    /** Where the register entry comes from: the seed clause. */
    source: text,
  })
  .superRefine((activity, ctx) => {
    const special = activity.dataCategories.some((category) => category.special !== undefined);
    if (special && activity.legalBasis.article9 === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['legalBasis', 'article9'],
        message:
          'is required: a data category is special (art. 9(1)), so an exception of art. 9(2) must apply',
      });
    const interests = activity.legalBasis.article6.includes('legitimate-interests');
    if (interests !== (activity.legalBasis.legitimateInterests !== undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['legalBasis', 'legitimateInterests'],
        message: interests
          ? 'is required with legitimate-interests (art. 13(1)(d))'
          : 'is only for legitimate-interests (art. 6(1)(f))',
      });
  });
export type ProcessingActivity = z.infer<typeof processingActivity>;

const organisation = z.strictObject({
  name: text,
  legalName: text.optional(),
  address: z.strictObject({ street: text, postalCode: text, city: text }).optional(),
  phones: z.array(z.strictObject({ label: localized, number: text })),
  email,
  website: text.optional(),
  /** Functionaris gegevensbescherming: signs the letters, receives reminders. */
  fg: z.strictObject({ name: text, title: localized, email }),
  /** Raad van Bestuur / Verantwoordelijke: receives escalations. */
  management: z.strictObject({ name: text, email }),
  locale: z.enum(['nl', 'en']),
  letterhead: z.strictObject({
    logo: z.string().regex(/^[\w-]+\.svg$/, 'must be an .svg file in the policy directory'),
    colour: z.string().regex(/^#[0-9a-f]{6}$/i, 'must be a colour such as #1f5f8b'),
  }),
});

const delivery = z.enum(DELIVERY_METHODS);

const policyShape = z.strictObject({
  id,
  name: text,
  /** The organisation's own regulation: cited in letters, and where people can read it (Buurderij 13, 27). */
  regulation: z.strictObject({
    title: localized,
    availableAt: text.optional(),
    /** Buurderij 28.2: amendments take effect after this period following adoption. */
    amendmentsTakeEffectAfter: durationSchema.optional(),
    source: text,
  }),
  organisation,
  /** The register of processing activities (art. 30(1)); `policy check` flags an empty one (art. 30(5)). */
  processingActivities: z.array(processingActivity),
  processes,
  copies: z.strictObject({
    firstCopyFree: z.boolean(),
    feeForFurtherCopies: z.boolean(),
    /** The largest copy of the data the officer may add to a letter; it travels by mail (default 15). */
    maxCopyMegabytes: z.number().int('must be a whole number').min(1).max(100).optional(),
    source: text,
  }),
  retention: z.record(id, retentionRule),
  recurring: z.record(id, z.strictObject({ ...labelled, every: positiveDuration, source: text })),
  /** How letters to people travel: the default, and exceptions per letter kind. */
  delivery: z
    .strictObject({ default: delivery, letters: z.partialRecord(z.enum(LETTER_KINDS), delivery) })
    .superRefine((value, ctx) => {
      for (const kind of LETTERS_WITH_DATA_COPY) {
        if ((value.letters?.[kind] ?? value.default) === 'attachment') {
          ctx.addIssue({
            code: 'custom',
            path: ['letters', kind],
            message:
              'carries a copy of the data: must be encrypted-attachment or post, not a plain attachment',
          });
        }
      }
    }),
  /** Days the organisation adds to the Dutch legal holidays (Algemene termijnenwet art. 3(2)). */
  holidays: z.array(
    z.union([z.literal('good-friday'), z.strictObject({ date, name: text })], {
      error: 'must be "good-friday" or { "date": "YYYY-MM-DD", "name": "…" }',
    }),
  ),
});

export const policySchema = policyShape.superRefine(registerRefersToPolicy);

/** The register's retention categories are the policy's, and each activity has its own id. */
function registerRefersToPolicy(policy: z.infer<typeof policyShape>, ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  policy.processingActivities?.forEach((activity, index) => {
    if (seen.has(activity.id))
      ctx.addIssue({
        code: 'custom',
        path: ['processingActivities', index, 'id'],
        message: `'${activity.id}' is used twice`,
      });
    seen.add(activity.id);
    activity.retention?.forEach((category, at) => {
      if (policy.retention && category !== APPLICANT_RETENTION && !(category in policy.retention))
        ctx.addIssue({
          code: 'custom',
          path: ['processingActivities', index, 'retention', at],
          message: `'${category}' is not a category of the policy's retention (${Object.keys(policy.retention).join(', ')})`,
        });
    });
  });
}

export type Policy = z.infer<typeof policySchema>;
export type RetentionRule = Policy['retention'][string];

// ---------------------------------------------------------------------------------------------------------------

export function processPeriod(policy: Policy, process: ProcessWithPeriod): Duration {
  return policy.processes[process].period;
}

export function deliveryFor(policy: Policy, kind: LetterKind): DeliveryMethod {
  return policy.delivery.letters[kind] ?? policy.delivery.default;
}

export const maxCopyBytes = (policy: Policy) => (policy.copies.maxCopyMegabytes ?? 15) * 1024 * 1024;

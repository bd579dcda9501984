/**
 * The shape of a policy: one organisation's periods, reminders, retention rules, delivery and calendar, as data
 * (SPEC "Policies"). Strict: an unknown key is an error, so a typo never silently falls back to a default.
 * Workflows `import type { Policy }`; the schema itself runs where policies are loaded.
 */
import { z } from 'zod';
import type { Duration } from '../lib/durations';
import { mayExceed } from './periods';

const wholeAmount = z.number().int('must be a whole number').nonnegative('must not be negative');
export const durationSchema = z
  .strictObject({
    hours: wholeAmount.optional(),
    days: wholeAmount.optional(),
    weeks: wholeAmount.optional(),
    months: wholeAmount.optional(),
    years: wholeAmount.optional(),
  })
  .refine((d) => Object.values(d).filter((v) => v !== undefined).length === 1, {
    message: 'must have exactly one unit, such as { "weeks": 4 }',
  }) as z.ZodType<Duration>;

const text = z.string().trim().min(1, 'must not be empty');
const email = z.email('must be an e-mail address');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD');

export const LETTER_KINDS = [
  'acknowledgement',
  'identity-request',
  'third-party-views',
  'extension',
  'access-response',
  'refusal',
  'rectification-decision',
  'erasure-decision',
  'objection-decision',
  'breach-notification',
  'applicant-destruction',
  'intake-information',
  'transfer-notice',
] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

/** How a letter reaches the subject (SPEC "Delivery"): care data never as a plain attachment. */
const delivery = z.enum(['attachment', 'encrypted-attachment', 'post']);

/** Periods requests are answered in; breach and applicant periods have their own shape. */
const requestProcess = z.strictObject({
  period: durationSchema,
  source: text,
  reminders: z.array(durationSchema),
  escalateEvery: durationSchema,
  fourEyes: z.boolean(),
});

const processes = z.strictObject({
  access: requestProcess.extend({
    extension: durationSchema, // art. 12(3): once, before the deadline, with reasons
    thirdPartyViews: z.boolean(), // Buurderij 22.4, 22.6: others' views or consent before disclosing their data
  }),
  rectification: requestProcess,
  erasure: requestProcess,
  objection: requestProcess,
  breach: requestProcess,
  applicant: z.strictObject({ period: durationSchema, withConsent: durationSchema, source: text }),
});
export type ProcessName = keyof z.infer<typeof processes>;
export const PROCESSES_WITH_PERIOD = [
  'access',
  'rectification',
  'erasure',
  'objection',
  'breach',
  'applicant',
] as const;

export const RETENTION_START = [
  'last-change',
  'end-of-agreement',
  'end-of-care',
  'end-of-employment',
  'end-of-year-of-leaving',
  'end-of-procedure',
  'end-of-professional-relationship',
  'recording',
] as const;

const retentionRule = z.strictObject({
  category: z.string().regex(/^[a-z0-9-]+$/, 'must be a kebab-case id'),
  label: text,
  period: durationSchema.optional(), // absent: "no longer than strictly necessary", or returned
  from: z.enum(RETENTION_START),
  action: z.enum(['destroy', 'return', 'review']),
  basis: z.enum(['wgbo', 'jeugdwet', 'fiscal', 'identification', 'none']),
  blocksErasure: z.boolean(), // art. 17(3)(b): a legal duty to keep the data blocks erasure on request
  source: text,
});

const organisation = z.strictObject({
  name: text,
  legalName: text.optional(),
  address: z.strictObject({ street: text, postalCode: text, city: text }).optional(),
  phones: z.array(z.strictObject({ label: text, number: text })),
  email,
  website: text.optional(),
  privacyOfficer: z.strictObject({ name: text, title: text, email }),
  management: z.strictObject({ name: text, email }),
  locale: z.enum(['nl', 'en']),
  letterhead: z.strictObject({
    logo: z.string().regex(/^[\w-]+\.svg$/, 'must be an .svg file in the policy directory'),
    colour: z.string().regex(/^#[0-9a-f]{6}$/i, 'must be a colour such as #1f5f8b'),
  }),
});

export const policySchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9-]+$/, 'must be a kebab-case id'),
    name: text,
    source: text,
    organisation,
    processes,
    copies: z.strictObject({ firstCopyFree: z.boolean(), feeForFurtherCopies: z.boolean(), source: text }),
    retention: z.array(retentionRule),
    recurring: z.array(
      z.strictObject({
        duty: z.string().regex(/^[a-z0-9-]+$/),
        label: text,
        every: durationSchema,
        source: text,
      }),
    ),
    delivery: z.strictObject({
      default: delivery,
      letters: z.partialRecord(z.enum(LETTER_KINDS), delivery),
    }),
    holidays: z.array(z.union([z.literal('good-friday'), z.strictObject({ date, name: text })])),
  })
  .superRefine((policy, ctx) => {
    for (const [name, process] of Object.entries(policy.processes)) {
      const reminders = 'reminders' in process ? process.reminders : [];
      reminders.forEach((offset, index) => {
        if (mayExceed(offset, process.period) || !mayExceed(process.period, offset)) {
          ctx.addIssue({
            code: 'custom',
            path: ['processes', name, 'reminders', index],
            message: 'must be shorter than the period',
          });
        }
      });
    }
    const categories = policy.retention.map((rule) => rule.category);
    categories.forEach((category, index) => {
      if (categories.indexOf(category) !== index) {
        ctx.addIssue({
          code: 'custom',
          path: ['retention', index, 'category'],
          message: `'${category}' appears twice`,
        });
      }
    });
  });

export type Policy = z.infer<typeof policySchema>;

export function processPeriod(policy: Policy, process: (typeof PROCESSES_WITH_PERIOD)[number]): Duration {
  return policy.processes[process].period;
}

/** The officer's decisions on a case: each one a workflow update, validated by the workflow. */
import { invalidInput } from '../../lib/errors';
import { parseDuration } from '../../lib/durations';
import { mayExceed } from '../../policies/periods';
import { caseDetails } from '../../services/case-details';
import type { CaseServices } from '../../services/cases';
import {
  GROUNDS,
  letCategoriesStand,
  OUTCOMES,
  recordThirdPartyViewsUpdate,
  type AccessDecision,
  type AccessStatus,
} from '../../workflows/access-request-messages';
import { letterPostedUpdate } from '../../workflows/case/messages';
import { approveUpdate, extendUpdate, verifyIdentityUpdate } from '../../workflows/case/updates';
import { nextStep, statusText } from '../case-view';
import { defineCommand, reference } from '../command';
import { output } from '../output';
import { withCaseServices } from '../services';
import { kind, letterKind } from './letter';

const CASE_JSON = 'Print the case after the update, the same object privacyloket case --json prints.';

type Cases = typeof import('../../services/cases');

/**
 * Sends the officer's update (`send`), then answers with the case as it now stands, as `case` shows it. The
 * Temporal, PDF and mail libraries behind services/cases load here, not for the help.
 */
export async function update(
  { by, json, reference }: { by: string | undefined; json: boolean; reference: string },
  send: (services: CaseServices, cases: Cases) => Promise<unknown>,
): Promise<number> {
  const cases = await import('../../services/cases');
  return withCaseServices(by, async (services) => {
    // The update's own answer is the case as it stands after it: asked again at once, a case that continues as new
    // on the change (a kept case) may not answer yet, or answer from the run that is ending.
    let answer: AccessStatus | undefined;
    const sendUpdate = (async (...update: Parameters<Cases['sendUpdate']>) =>
      (answer = (await cases.sendUpdate(...update)) as AccessStatus)) as Cases['sendUpdate'];
    await send(services, { ...cases, sendUpdate });
    const read = await caseDetails(services.db, answer ? undefined : services.client, reference);
    // Its due date too: the database has a moved one a moment later, once the case's next run records it.
    const details = answer ? { ...read, dueAt: answer.dueAt, workflow: answer } : read;
    const next = 'next' in details.workflow ? await nextStep(details.workflow.next) : undefined;
    output(json, details, () => statusText(details, next, new Date()));
    return 0;
  });
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

export const verifyIdentity = defineCommand({
  name: 'verify-identity',
  summary: "Record that the requester's identity is verified, or send a letter asking for what is missing.",
  positionals: [reference],
  flags: {
    method: {
      type: 'string',
      value: 'how',
      required: { unless: 'missing' },
      conflicts: 'missing',
      description: 'How the identity was verified.',
      example: 'ID card seen at the desk',
    },
    missing: {
      type: 'string',
      value: 'what',
      required: { unless: 'method' },
      description:
        "What the requester must still show: a letter asks for it, by the date the policy's identityWait sets (art. 12(6)).",
      example: 'a copy of your ID card with the photo and BSN made unreadable',
    },
    'third-party-data': {
      type: 'boolean',
      description:
        'With --method: the file holds data of other people, whose views are heard before the decision (art. 15(4); Buurderij 22.4, 22.6).',
    },
  },
  officer: true,
  json: CASE_JSON,
  examples: [
    'privacyloket verify-identity INZ-2026-0001 --method "ID card seen at the desk"',
    'privacyloket verify-identity INZ-2026-0001 --method "BSN checked by telephone" --third-party-data',
    'privacyloket verify-identity INZ-2026-0001 --missing "a copy of your ID card"',
  ],
  async run({ args, values, by, json }) {
    return update({ by, json, reference: args.reference }, async (services, { sendUpdate }) => {
      const input =
        values.method !== undefined
          ? {
              by: services.actor,
              verified: true as const,
              method: values.method,
              thirdPartyData: values['third-party-data'] === true,
            }
          : { by: services.actor, verified: false as const, missing: values.missing! };
      await sendUpdate(services, args.reference, verifyIdentityUpdate, input);
    });
  },
});

export const thirdPartyViews = defineCommand({
  name: 'third-party-views',
  summary:
    'Record the views or consent of other people whose data the file holds (art. 15(4); Buurderij 22.4, 22.6).',
  positionals: [reference],
  flags: {
    consent: {
      type: 'string',
      value: 'consent',
      values: ['given', 'refused', 'impossible'],
      required: true,
      description: 'Their consent; impossible when hearing them is impossible or disproportionate.',
    },
    summary: {
      type: 'string',
      value: 'text',
      required: true,
      description: 'Their views, in short.',
      example: 'De broer heeft geen bezwaar tegen inzage in de notities over hem.',
    },
  },
  officer: true,
  json: CASE_JSON,
  examples: [
    'privacyloket third-party-views INZ-2026-0001 --consent refused --summary "Wil niet dat zijn adres wordt gedeeld."',
  ],
  async run({ args, values, by, json }) {
    return update({ by, json, reference: args.reference }, async (services, { sendUpdate }) => {
      await sendUpdate(services, args.reference, recordThirdPartyViewsUpdate, {
        by: services.actor,
        consent: values.consent as 'given' | 'refused' | 'impossible',
        summary: values.summary,
      });
    });
  },
});

const DISCLOSING = ['full', 'partial'];
const WITHHOLDING = ['partial', 'refused'];
const DISCLOSES = { when: 'outcome', is: DISCLOSING } as const;
const WITHHOLDS = { when: 'outcome', is: WITHHOLDING } as const;

export const decide = defineCommand({
  name: 'decide',
  summary:
    'Decide on the request; the response letter follows (after a second officer approves it when the policy wants four eyes).',
  details: [
    'full and partial disclose data: they need the copy of the data and the art. 15(1) information (purposes, categories, recipients, retention, source). partial and refused withhold something: they need the reasons and the legal ground. When the file holds data of others, a disclosure records the weighing.',
  ],
  positionals: [reference],
  flags: {
    outcome: {
      type: 'string',
      value: 'outcome',
      values: OUTCOMES,
      required: true,
      description: 'full: everything; partial: some withheld; refused: nothing; no-data: there is none.',
    },
    reasons: {
      type: 'string',
      value: 'text',
      required: WITHHOLDS,
      description: 'Why anything is withheld, in your words (art. 12(4)); the letter quotes them.',
      example: 'De notities over uw broer vallen onder zijn privacy.',
    },
    ground: {
      only: WITHHOLDS,
      type: 'list',
      value: 'ground',
      values: GROUNDS,
      required: WITHHOLDS,
      field: 'grounds',
      description: 'The legal ground of withholding, which the letter cites by its own article.',
    },
    copy: {
      only: DISCLOSES,
      type: 'string',
      value: 'file.pdf',
      required: DISCLOSES,
      description: 'The copy of the data (art. 15(3)), a PDF appended to the response letter.',
      example: 'gegevens.pdf',
    },
    purpose: {
      only: DISCLOSES,
      type: 'list',
      value: 'purpose',
      required: DISCLOSES,
      field: 'elements.purposes',
      description: 'A purpose of the processing (art. 15(1)(a)).',
      example: 'zorgverlening',
    },
    category: {
      only: DISCLOSES,
      type: 'list',
      value: 'category',
      required: DISCLOSES,
      field: 'elements.categories',
      description: 'A category of the data (art. 15(1)(b)).',
      example: 'zorgdossier',
    },
    recipient: {
      only: DISCLOSES,
      type: 'list',
      value: 'recipient',
      field: 'elements.recipients',
      description: 'A recipient the data were or will be given to (art. 15(1)(c)); none when not given.',
      example: 'huisarts',
    },
    'recipients-unidentifiable': {
      only: DISCLOSES,
      type: 'string',
      value: 'reason',
      field: 'elements.recipientsUnidentifiable',
      description:
        'Why the actual recipients cannot be identified (CJEU C-154/21): the --recipient categories from the register then stand, and the letter gives the reason.',
      example: 'De verstrekkingen aan zorgverzekeraars vóór 2024 zijn niet per cliënt vastgelegd.',
    },
    retention: {
      only: DISCLOSES,
      type: 'string',
      value: 'text',
      required: DISCLOSES,
      field: 'elements.retention',
      description: 'How long the data are kept, or how that is decided (art. 15(1)(d)).',
      example: '20 jaar na de laatste behandeling',
    },
    source: {
      only: DISCLOSES,
      type: 'string',
      value: 'text',
      required: DISCLOSES,
      field: 'elements.source',
      description: 'Where the data came from (art. 15(1)(g)), as the register says; never assumed.',
      example: 'van uzelf en uw huisarts',
    },
    'third-countries': {
      only: DISCLOSES,
      type: 'string',
      value: 'text',
      field: 'elements.thirdCountries',
      description: 'Recipients outside the EEA or international organisations (art. 15(1)(c)).',
      example: 'onze back-updienst in Zwitserland',
    },
    'transfer-safeguards': {
      only: DISCLOSES,
      type: 'string',
      value: 'text',
      required: { when: 'third-countries' },
      field: 'elements.transferSafeguards',
      description: 'The safeguards for those transfers (art. 15(2), art. 46).',
      example: 'adequaatheidsbesluit van de Europese Commissie',
    },
    'automated-decisions': {
      only: DISCLOSES,
      type: 'string',
      value: 'text',
      field: 'elements.automatedDecisions',
      description:
        'Automated decision-making (art. 22): its logic, significance and consequences (art. 15(1)(h)); left out, the letter says there is none.',
      example: 'de onderliggende logica: …; het belang: …; de verwachte gevolgen: …',
    },
    weighing: {
      only: DISCLOSES,
      type: 'string',
      value: 'text',
      field: 'thirdParties.weighing',
      description:
        'When the file holds data of others: how their rights were weighed (art. 15(4) AVG, art. 7:456 BW).',
      example: 'De belangen van de broer wegen zwaarder voor de notities over hem.',
    },
    redacted: {
      only: DISCLOSES,
      type: 'string',
      value: 'text',
      field: 'thirdParties.redacted',
      description: 'What was left out or made unreadable; required with a partial disclosure of such a file.',
      example: 'Namen en adressen van familieleden.',
    },
  },
  officer: true,
  input: 'decision.json',
  json: CASE_JSON,
  examples: [
    'privacyloket decide INZ-2026-0001 --outcome no-data',
    'privacyloket decide INZ-2026-0001 --outcome full --copy gegevens.pdf --purpose zorgverlening --category zorgdossier --retention "20 jaar" --source "van uzelf"',
    'privacyloket decide INZ-2026-0001 --outcome refused --ground manifestly-unfounded --reasons "Het vijfde verzoek deze maand."',
    'privacyloket decide INZ-2026-0001 --input decision.json',
  ],
  async run({ args, values, by, json }) {
    const { outcome } = values;
    const elements = {
      purposes: values.purpose,
      categories: values.category,
      recipients:
        values['recipients-unidentifiable'] === undefined
          ? (values.recipient ?? [])
          : letCategoriesStand(values.recipient ?? []),
      retention: values.retention,
      source: values.source,
      ...optional('thirdCountries', values['third-countries']),
      ...optional('transferSafeguards', values['transfer-safeguards']),
      ...optional('automatedDecisions', values['automated-decisions']),
      ...optional('recipientsUnidentifiable', values['recipients-unidentifiable']),
    };
    const weighed = values.weighing !== undefined || values.redacted !== undefined;
    return update({ by, json, reference: args.reference }, async (services, { decide }) => {
      const decision = {
        by: services.actor,
        outcome,
        ...optional('reasons', values.reasons),
        ...(values.ground === undefined ? {} : { grounds: values.ground }),
        ...(DISCLOSING.includes(outcome) ? { elements } : {}),
        ...(weighed
          ? { thirdParties: { weighing: values.weighing, ...optional('redacted', values.redacted) } }
          : {}),
      } as AccessDecision;
      await decide(services, args.reference, decision, values.copy);
    });
  },
});

export const approve = defineCommand({
  name: 'approve',
  summary: 'Second officer (four eyes): approve the decision, or send it back with --reject and reasons.',
  positionals: [reference],
  flags: {
    reject: { type: 'boolean', description: 'Send the decision back instead of approving it.' },
    reasons: {
      type: 'string',
      value: 'text',
      required: { when: 'reject' },
      description: 'Why the decision goes back.',
      example: 'De bewaartermijn klopt niet met ons reglement.',
    },
  },
  officer: true,
  json: CASE_JSON,
  examples: [
    'privacyloket approve INZ-2026-0001 --by "Bert Jansen"',
    'privacyloket approve INZ-2026-0001 --reject --reasons "De bron ontbreekt."',
  ],
  async run({ args, values, by, json }) {
    return update({ by, json, reference: args.reference }, async (services, { sendUpdate }) => {
      await sendUpdate(services, args.reference, approveUpdate, {
        by: services.actor,
        approved: values.reject !== true,
        ...optional('reasons', values.reasons),
      });
    });
  },
});

export const extend = defineCommand({
  name: 'extend',
  summary:
    'Extend the deadline once, before it passes, by at most 2 months, with reasons (art. 12(3)); sends a letter.',
  positionals: [reference],
  flags: {
    period: {
      type: 'string',
      value: 'period',
      required: true,
      field: 'extend-by',
      description: 'How much longer: days, weeks or months, in Dutch or English.',
      example: '2 maanden',
    },
    reasons: {
      type: 'string',
      value: 'text',
      required: true,
      description: 'Why the extension is needed (art. 12(3)); the letter gives them.',
      example: 'Het dossier is omvangrijk en ligt deels in het archief.',
    },
  },
  officer: true,
  json: CASE_JSON,
  examples: ['privacyloket extend INZ-2026-0001 --period "2 maanden" --reasons "Het dossier is omvangrijk."'],
  async run({ args, values, by, json }) {
    const extendBy = parseDuration('--period', values.period);
    if (Object.values(extendBy)[0] === 0 || mayExceed(extendBy, { months: 2 })) {
      throw invalidInput(
        '--period',
        `is '${values.period}'; art. 12(3) allows an extension of at most 2 months`,
      );
    }
    return update({ by, json, reference: args.reference }, async (services, { sendUpdate }) => {
      await sendUpdate(services, args.reference, extendUpdate, {
        by: services.actor,
        extendBy,
        reasons: values.reasons,
      });
    });
  },
});

export const posted = defineCommand({
  name: 'posted',
  summary: 'Record that a letter queued for the post has been posted; until then the case stays open.',
  positionals: [reference, kind],
  flags: {},
  officer: true,
  json: CASE_JSON,
  examples: ['privacyloket posted INZ-2026-0001 response'],
  async run({ args, by, json }) {
    return update({ by, json, reference: args.reference }, async (services, { sendUpdate }) => {
      await sendUpdate(services, args.reference, letterPostedUpdate, {
        by: services.actor,
        kind: letterKind(args.kind),
      });
    });
  },
});

export const resend = defineCommand({
  name: 'resend',
  summary: 'Send a letter the mail server refused again (to a corrected address), or by post instead.',
  positionals: [reference, kind],
  flags: {
    email: {
      type: 'string',
      value: 'address',
      conflicts: 'post',
      description: "The requester's corrected e-mail address.",
      example: 'jan.devries@example.nl',
    },
    post: { type: 'boolean', description: 'Send it by post instead.' },
  },
  officer: true,
  json: CASE_JSON,
  examples: [
    'privacyloket resend INZ-2026-0001 acknowledgement --email jan.devries@example.nl',
    'privacyloket resend INZ-2026-0001 response --post',
  ],
  async run({ args, values, by, json }) {
    return update({ by, json, reference: args.reference }, async (services, { resendLetter }) => {
      await resendLetter(services, args.reference, {
        kind: letterKind(args.kind),
        via: values.post === true ? 'post' : 'mail',
        ...optional('email', values.email),
      });
    });
  },
});

/**
 * `privacyloket policy check`: a policy that conflicts with current law is accepted (it is what the
 * organisation's regulation says, and the workflows run it) but every rule weaker than the law is flagged, with
 * the law's source, so the officer can have the regulation changed.
 */
import { formatDuration, type Duration } from '../lib/durations';
import {
  APPLICANT_RETENTION,
  BREACH_NOTIFICATION,
  CARE_FILE_DESTRUCTION,
  EXTENSION,
  FIRST_COPY_FREE_SOURCE,
  REGISTER_REVIEW,
  RESPONSE_PERIOD,
  RETENTION_MINIMUM,
  type LegalPeriod,
} from './law';
import { mayExceed } from './periods';
import type { Labelled } from '../lib/localize';
import type { Localized, Policy, RetentionEvent } from './schema';

export interface Finding {
  severity: 'weaker-than-law' | 'note';
  /** Where in the policy, e.g. `retention.care-data`, `processes.erasure.careFiles.period`. */
  rule: string;
  /** One sentence: the rule, what the policy says, what the law requires. */
  message: string;
  /** The legal source, e.g. 'WGBO art. 7:454 lid 3 BW (20 jaar sinds 1 januari 2020)'. */
  source: string;
}

const show = (period: Duration) => formatDuration(period, 'en');

const EVENT_NAMES: Record<RetentionEvent, string> = {
  receipt: 'receipt',
  recording: 'recording',
  'written-report': 'the written report',
  'last-change': 'the last change',
  'end-of-agreement': 'the end of the agreement',
  'end-of-care': 'the end of care',
  'end-of-professional-relationship': 'the end of the professional relationship',
  'end-of-employment': 'the end of employment',
  'end-of-year-of-leaving': 'the end of the calendar year of leaving',
  'end-of-financial-year': 'the end of the financial year',
};

/** Addresses under the reserved `.example` TLD are placeholders: letters must not go out with them. */
const PLACEHOLDER = /\.example(\/|$)/i;
const CONTROLLER_CONTACT =
  'AVG art. 13 lid 1 onder a (identiteit en contactgegevens van de verwerkingsverantwoordelijke)';
const FG_CONTACT = 'AVG art. 13 lid 1 onder b (contactgegevens van de functionaris gegevensbescherming)';
const REGISTER_DUTY =
  'AVG art. 30 lid 1 en lid 5 (de uitzondering voor organisaties met minder dan 250 werknemers geldt niet bij gezondheidsgegevens)';
const PLAIN_LANGUAGE =
  'AVG art. 12 lid 1 (in een beknopte, transparante, begrijpelijke en gemakkelijk toegankelijke vorm en in duidelijke en eenvoudige taal)';
const ESCALATION =
  'AVG art. 24 (verantwoordelijkheid van de verwerkingsverantwoordelijke): escalaties bij overschreden termijnen';

export function checkPolicy(policy: Policy): Finding[] {
  const findings: Finding[] = [];
  const weaker = (rule: string, message: string, source: string) =>
    findings.push({ severity: 'weaker-than-law', rule, message, source });
  const note = (rule: string, message: string, source: string) =>
    findings.push({ severity: 'note', rule, message, source });

  /** A period the law caps: flagged when it can end later than the cap for some start date. */
  const atMost = (rule: string, what: string, period: Duration, law: LegalPeriod) => {
    if (mayExceed(period, law.period)) {
      weaker(
        rule,
        `${what} is ${show(period)} in the policy, which can end later than the ${show(law.period)} the law allows.`,
        law.source,
      );
    }
  };

  const { access, rectification, erasure, objection, breach, applicant } = policy.processes;
  atMost('processes.access.period', 'The access request response period', access.period, RESPONSE_PERIOD);
  atMost('processes.access.extension', 'The extension of an access request', access.extension, EXTENSION);
  atMost(
    'processes.rectification.period',
    'The rectification decision period',
    rectification.period,
    RESPONSE_PERIOD,
  );
  atMost('processes.erasure.period', 'The erasure decision period', erasure.period, RESPONSE_PERIOD);
  atMost('processes.erasure.extension', 'The extension of an erasure request', erasure.extension, EXTENSION);
  atMost(
    'processes.erasure.careFiles.period',
    'The period for destroying a care file on request',
    erasure.careFiles.period,
    CARE_FILE_DESTRUCTION,
  );
  atMost('processes.objection.period', 'The objection decision period', objection.period, RESPONSE_PERIOD);
  atMost('processes.breach.period', 'The breach notification period', breach.period, BREACH_NOTIFICATION);
  atMost(
    'processes.applicant.period',
    "Keeping a rejected applicant's data",
    applicant.period,
    APPLICANT_RETENTION.withoutConsent,
  );
  atMost(
    'processes.applicant.withConsent',
    "Keeping an applicant's data with consent",
    applicant.withConsent,
    APPLICANT_RETENTION.withConsent,
  );

  if (!policy.copies.firstCopyFree) {
    weaker(
      'copies.firstCopyFree',
      'The policy charges a fee for the first copy of the data, but the law makes the first copy free.',
      FIRST_COPY_FREE_SOURCE,
    );
  }

  for (const [id, rule] of Object.entries(policy.retention)) {
    if (rule.basis === 'none') continue;
    const law = RETENTION_MINIMUM[rule.basis];
    const what = `Data category '${id}' ("${rule.label}")`;
    if (rule.period === undefined) {
      weaker(
        `retention.${id}`,
        `${what} has no fixed retention period, but the law requires at least ${show(law.period)}.`,
        law.source,
      );
    } else if (mayExceed(law.period, rule.period)) {
      weaker(
        `retention.${id}`,
        `${what} is kept ${show(rule.period)}, but the law requires at least ${show(law.period)}.`,
        law.source,
      );
    }
    if (law.from?.earlier.includes(rule.from)) {
      weaker(
        `retention.${id}.from`,
        `${what} is counted from ${EVENT_NAMES[rule.from]}, but the law counts from ${EVENT_NAMES[law.from.event]}, which is later.`,
        law.source,
      );
    }
    if (rule.blocksErasure !== law.blocksErasure) {
      note(
        `retention.${id}.blocksErasure`,
        law.blocksErasure
          ? `${what} does not block erasure in the policy, but the legal duty to keep it does (art. 17(3)(b)).`
          : `${what} blocks erasure in the policy, but the subject may have it destroyed unless keeping it matters considerably to someone else.`,
        law.blocksErasure ? 'AVG art. 17 lid 3 onder b' : 'art. 7:455 BW; Jeugdwet art. 7.3.9',
      );
    }
  }

  // Art. 30(5) exempts organisations under 250 staff only when they process no special categories: care
  // organisations process health data, so the register is always due.
  if (policy.processingActivities.length === 0) {
    weaker(
      'processingActivities',
      'The register of processing activities is empty; every care organisation must keep one, whatever its size, because it processes health data.',
      REGISTER_DUTY,
    );
  }

  if (!(REGISTER_REVIEW.duty in policy.recurring)) {
    note(
      'recurring',
      'The policy has no yearly review of the register of processing activities, which must be kept up to date.',
      REGISTER_REVIEW.source,
    );
  }

  for (const [rule, dutch] of untranslated(policy))
    note(
      rule,
      `${rule} has no English text, so English letters and exports print the Dutch '${dutch}'.`,
      PLAIN_LANGUAGE,
    );

  const { organisation } = policy;
  const contacts: [rule: string, value: string | undefined, source: string][] = [
    ['organisation.email', organisation.email, CONTROLLER_CONTACT],
    ['organisation.website', organisation.website, CONTROLLER_CONTACT],
    ['organisation.fg.email', organisation.fg.email, FG_CONTACT],
    ['organisation.management.email', organisation.management.email, ESCALATION],
  ];
  for (const [rule, value, source] of contacts) {
    if (value !== undefined && PLACEHOLDER.test(value)) {
      note(
        rule,
        `${rule} is the placeholder '${value}': fill in the real one before letters go out.`,
        source,
      );
    }
  }
  if (organisation.address === undefined) {
    note(
      'organisation.address',
      'The policy has no postal address, so letters and the AP notification carry none until it is filled in.',
      CONTROLLER_CONTACT,
    );
  }
  return findings;
}

/**
 * The texts English letters and exports print that the policy gives in Dutch only: a label without its `labelEn`,
 * a register text that is one string instead of `{ "nl", "en" }`. Each with where it is and its Dutch.
 */
function untranslated(policy: Policy): [rule: string, dutch: string][] {
  const found: [string, string][] = [];
  const labelled: [string, Record<string, Labelled>][] = [
    ['retention', policy.retention],
    ['recurring', policy.recurring],
  ];
  for (const [part, entries] of labelled)
    for (const [id, { label, labelEn }] of Object.entries(entries))
      if (labelEn === undefined) found.push([`${part}.${id}.labelEn`, label]);
  const text = (at: string, value: Localized | undefined) => {
    if (typeof value === 'string') found.push([at, value]);
  };
  const list = (at: string, values: Localized[] = []) =>
    values.forEach((value, index) => text(`${at}.${index}`, value));
  policy.processingActivities.forEach((activity, index) => {
    const at = `processingActivities.${index}`;
    text(`${at}.name`, activity.name);
    list(`${at}.purposes`, activity.purposes);
    text(`${at}.legalBasis.explanation`, activity.legalBasis.explanation);
    text(`${at}.legalBasis.legitimateInterests`, activity.legalBasis.legitimateInterests);
    list(`${at}.dataSubjects`, activity.dataSubjects);
    activity.dataCategories.forEach((category, n) => text(`${at}.dataCategories.${n}.label`, category.label));
    list(`${at}.recipients`, activity.recipients);
    activity.thirdCountryTransfers.forEach(({ recipient, safeguard }, n) => {
      text(`${at}.thirdCountryTransfers.${n}.recipient`, recipient);
      text(`${at}.thirdCountryTransfers.${n}.safeguard`, safeguard);
    });
    list(`${at}.securityMeasures`, activity.securityMeasures);
    list(`${at}.sources`, activity.sources);
    text(`${at}.provisionRequirement`, activity.provisionRequirement);
    for (const [key, value] of Object.entries(activity.automatedDecisions ?? {}))
      text(`${at}.automatedDecisions.${key}`, value);
  });
  return found;
}

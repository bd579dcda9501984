/**
 * The register of processing activities (AVG art. 30(1); policy `processingActivities`) in words, per activity and
 * per language: what its export prints, what the access response's art. 15(1)(a–d) is pre-filled with, and what the
 * information letter at intake says (art. 13/14). Pure: the intake's start check runs it, and that file is in the
 * workflow bundle, so it imports only types from the policy.
 */
import { formatDuration } from './durations';
import { localize, type Localized } from './localize';
import type {
  Article6Basis,
  Article9Condition,
  Policy,
  ProcessingActivity,
  RetentionEvent,
} from '../policies/schema';

type Locale = 'nl' | 'en';

/** Art. 6(1): letter and name. */
const ARTICLE_6: Record<Article6Basis, [letter: string, nl: string, en: string]> = {
  consent: ['a', 'toestemming', 'consent'],
  contract: ['b', 'uitvoering van een overeenkomst', 'performance of a contract'],
  'legal-obligation': ['c', 'wettelijke verplichting', 'legal obligation'],
  'vital-interests': ['d', 'vitaal belang', 'vital interests'],
  'public-task': ['e', 'taak van algemeen belang', 'task in the public interest'],
  'legitimate-interests': ['f', 'gerechtvaardigd belang', 'legitimate interests'],
};

/** Art. 9(2): letter and name. */
const ARTICLE_9: Record<Article9Condition, [letter: string, nl: string, en: string]> = {
  'explicit-consent': ['a', 'uitdrukkelijke toestemming', 'explicit consent'],
  employment: ['b', 'arbeidsrecht en sociale zekerheid', 'employment and social security law'],
  'vital-interests': ['c', 'vitaal belang', 'vital interests'],
  'legal-claims': ['f', 'rechtsvorderingen', 'legal claims'],
  'health-care': ['h', 'gezondheidszorg en maatschappelijke dienstverlening', 'health or social care'],
};

const SPECIAL: Record<Locale, string> = { nl: 'bijzonder persoonsgegeven', en: 'special category' };

/** The event a retention period runs from, after "na" / "after". */
const EVENTS: Record<RetentionEvent, [nl: string, en: string]> = {
  receipt: ['ontvangst', 'receipt'],
  recording: ['de vastlegging', 'recording'],
  'written-report': ['het schriftelijk verslag', 'the written report'],
  'last-change': ['de laatste wijziging van het dossier', 'the last change to the file'],
  'end-of-agreement': ['het einde van de overeenkomst', 'the end of the agreement'],
  'end-of-care': ['het einde van de zorg', 'the end of care'],
  'end-of-professional-relationship': [
    'het einde van de professionele relatie',
    'the end of the professional relationship',
  ],
  'end-of-employment': ['het einde van het dienstverband', 'the end of employment'],
  'end-of-year-of-leaving': [
    'het einde van het kalenderjaar van uitdiensttreding',
    'the end of the calendar year of leaving',
  ],
  'end-of-financial-year': ['het einde van het boekjaar', 'the end of the financial year'],
};

/** One activity of the register as texts in one language. */
export interface ActivityView {
  id: string;
  name: string;
  purposes: string[];
  /** "artikel 6 lid 1 onder b AVG (uitvoering van een overeenkomst)", and art. 9(2) when special data are processed. */
  basis: string[];
  explanation: string;
  legitimateInterests?: string;
  /** Art. 6(1)(a) or 9(2)(a): the person may withdraw consent at any time (art. 7(3), 13(2)(c)). */
  consent: boolean;
  /** Art. 20(1)(a): data portability, for processing on consent or contract. */
  portable: boolean;
  /** Art. 21(1): an objection, for processing on 6(1)(e) or (f). */
  objectable: boolean;
  dataSubjects: string[];
  dataCategories: string[];
  recipients: string[];
  /** Transfers outside the EEA with their safeguard (art. 46); empty: none. */
  transfers: string[];
  retention: string[];
  securityMeasures: string[];
  /** Where the data come from when not from the person (art. 14(2)(f), 15(1)(g)). */
  sources?: string[];
  provisionRequirement: string;
  /** Art. 22(1) decision-making with art. 13(2)(f)'s meaningful information; absent: there is none. */
  automatedDecisions?: AutomatedDecisions;
}

export interface AutomatedDecisions {
  logic: string;
  significance: string;
  consequences: string;
}

export function findActivity(policy: Policy, id: string): ProcessingActivity | undefined {
  return policy.processingActivities.find((activity) => activity.id === id);
}

export function activityView(policy: Policy, activity: ProcessingActivity, locale: Locale): ActivityView {
  const all = (values: Localized[]) => values.map((value) => localize(value, locale));
  const nl = locale === 'nl';
  const { article6, article9, explanation, legitimateInterests } = activity.legalBasis;
  const basis = article6.map((b) => {
    const [letter, nlName, enName] = ARTICLE_6[b];
    return nl
      ? `artikel 6 lid 1 onder ${letter} AVG (${nlName})`
      : `Article 6(1)(${letter}) GDPR (${enName})`;
  });
  if (article9) {
    const [letter, nlName, enName] = ARTICLE_9[article9];
    basis.push(
      nl ? `artikel 9 lid 2 onder ${letter} AVG (${nlName})` : `Article 9(2)(${letter}) GDPR (${enName})`,
    );
  }
  return {
    id: activity.id,
    name: localize(activity.name, locale),
    purposes: all(activity.purposes),
    basis,
    explanation: localize(explanation, locale),
    ...(legitimateInterests ? { legitimateInterests: localize(legitimateInterests, locale) } : {}),
    consent: article6.includes('consent') || article9 === 'explicit-consent',
    portable: article6.includes('consent') || article6.includes('contract'),
    objectable: article6.includes('public-task') || article6.includes('legitimate-interests'),
    dataSubjects: all(activity.dataSubjects),
    dataCategories: activity.dataCategories.map(({ label, special }) =>
      special ? `${localize(label, locale)} (${SPECIAL[locale]})` : localize(label, locale),
    ),
    recipients: all(activity.recipients),
    transfers: activity.thirdCountryTransfers.map(
      ({ country, recipient, safeguard }) =>
        `${localize(recipient, locale)} (${country}): ${localize(safeguard, locale)}`,
    ),
    retention: activity.retention.map((id) => retentionText(policy, id, locale)),
    securityMeasures: all(activity.securityMeasures),
    ...(activity.sources ? { sources: all(activity.sources) } : {}),
    provisionRequirement: localize(activity.provisionRequirement, locale),
    ...(activity.automatedDecisions
      ? {
          automatedDecisions: {
            logic: localize(activity.automatedDecisions.logic, locale),
            significance: localize(activity.automatedDecisions.significance, locale),
            consequences: localize(activity.automatedDecisions.consequences, locale),
          },
        }
      : {}),
  };
}

/** Art. 13(2)(f)'s three elements in one sentence, as the register's export and the access response give them. */
export function automatedDecisionsText(a: AutomatedDecisions, locale: Locale): string {
  return locale === 'nl'
    ? `de onderliggende logica: ${a.logic}; het belang: ${a.significance}; de verwachte gevolgen: ${a.consequences}`
    : `the logic involved: ${a.logic}; the significance: ${a.significance}; the envisaged consequences: ${a.consequences}`;
}

/** A retention category (or the applicant process's periods) in one sentence: what, how long, from when. */
function retentionText(policy: Policy, id: string, locale: Locale): string {
  const nl = locale === 'nl';
  if (id === 'processes.applicant') {
    const { period, withConsent } = policy.processes.applicant;
    return nl
      ? `sollicitatiegegevens: ${formatDuration(period, locale)} na het einde van de sollicitatieprocedure; met uw toestemming ten hoogste ${formatDuration(withConsent, locale)}`
      : `application data: ${formatDuration(period, locale)} after the end of the application procedure; with your consent at most ${formatDuration(withConsent, locale)}`;
  }
  const rule = policy.retention[id]!;
  const [nlEvent, enEvent] = EVENTS[rule.from];
  const event = nl ? nlEvent : enEvent;
  const label = localize(rule, locale);
  if (rule.period === undefined)
    return nl
      ? `${label}: niet langer dan noodzakelijk, beoordeeld bij ${event}`
      : `${label}: no longer than necessary, reviewed at ${event}`;
  const nothing = Object.values(rule.period).every((amount) => amount === 0);
  if (nothing) return nl ? `${label}: tot ${event}` : `${label}: until ${event}`;
  const period = formatDuration(rule.period, locale);
  return nl ? `${label}: ${period} na ${event}` : `${label}: ${period} after ${event}`;
}

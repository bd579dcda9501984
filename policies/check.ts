/**
 * `privacyloket policy check`: a policy that conflicts with current law is accepted (it is what the
 * organisation's regulation says) but every rule weaker than the law is flagged, with the law's source.
 */
import { formatDuration, type Duration } from '../lib/durations';
import {
  APPLICANT_RETENTION,
  BREACH_NOTIFICATION,
  EXTENSION,
  FIRST_COPY_FREE_SOURCE,
  RESPONSE_PERIOD,
  RETENTION_MINIMUM,
  type LegalPeriod,
} from './law';
import { mayExceed } from './periods';
import type { Policy } from './schema';

export interface Finding {
  severity: 'weaker-than-law' | 'note';
  /** Where in the policy, e.g. `retention.care-data`. */
  rule: string;
  message: string;
  source: string;
}

const show = (period: Duration) => formatDuration(period, 'en');

export function checkPolicy(policy: Policy): Finding[] {
  const findings: Finding[] = [];
  const weaker = (rule: string, message: string, source: string) =>
    findings.push({ severity: 'weaker-than-law', rule, message, source });
  /** A period the law caps: flagged when it can end later than the cap. */
  const atMost = (rule: string, period: Duration, law: LegalPeriod, what: string) => {
    if (mayExceed(period, law.period)) {
      weaker(
        rule,
        `${what} is ${show(period)}, which can be longer than the ${show(law.period)} the law allows.`,
        law.source,
      );
    }
  };

  const { access, rectification, erasure, objection, breach, applicant } = policy.processes;
  for (const [name, process] of Object.entries({ access, rectification, erasure, objection })) {
    atMost(`processes.${name}.period`, process.period, RESPONSE_PERIOD, `The ${name} response period`);
  }
  atMost('processes.access.extension', access.extension, EXTENSION, 'The extension of an access request');
  atMost('processes.breach.period', breach.period, BREACH_NOTIFICATION, 'The breach notification period');
  atMost(
    'processes.applicant.period',
    applicant.period,
    APPLICANT_RETENTION.withoutConsent,
    "Keeping a rejected applicant's data",
  );
  atMost(
    'processes.applicant.withConsent',
    applicant.withConsent,
    APPLICANT_RETENTION.withConsent,
    "Keeping an applicant's data with consent",
  );

  if (!policy.copies.firstCopyFree) {
    weaker(
      'copies.firstCopyFree',
      'The policy charges for the first copy of the data, which must be free.',
      FIRST_COPY_FREE_SOURCE,
    );
  }

  for (const rule of policy.retention) {
    if (rule.basis === 'none' || rule.period === undefined) continue;
    const law = RETENTION_MINIMUM[rule.basis];
    if (mayExceed(law.period, rule.period)) {
      weaker(
        `retention.${rule.category}`,
        `'${rule.label}' are kept ${show(rule.period)}, shorter than the ${show(law.period)} the law requires.`,
        law.source,
      );
    }
  }

  const { organisation } = policy;
  const addresses = [organisation.email, organisation.privacyOfficer.email, organisation.management.email];
  if (addresses.some((address) => address.endsWith('.example'))) {
    findings.push({
      severity: 'note',
      rule: 'organisation',
      message: 'Some contact addresses are placeholders (.example): fill them in before letters go out.',
      source: 'SPEC: letterhead and signature from the policy',
    });
  }
  return findings;
}

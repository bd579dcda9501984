import { describe, expect, it } from 'vitest';
import type { Duration } from '../../lib/durations';
import { checkPolicy, type Finding } from '../../policies/check';
import { loadPolicy } from '../../policies/load';
import { alwaysShorter, mayExceed } from '../../policies/periods';
import type { Policy } from '../../policies/schema';

const flagged = (findings: Finding[]) => findings.map((finding) => `${finding.severity} ${finding.rule}`);

describe('the shipped policies against current law', () => {
  it('De Buurderij: 15 years for care data and WGBO medical records, where the law says 20', async () => {
    const findings = checkPolicy(await loadPolicy('de-buurderij'));
    expect(flagged(findings)).toEqual([
      'weaker-than-law retention.care-data',
      'weaker-than-law retention.medical-record',
      'note organisation.management.email',
      'note organisation.address',
    ]);
    expect(findings[0]).toMatchObject({
      severity: 'weaker-than-law',
      rule: 'retention.care-data',
      source: 'WGBO art. 7:454 lid 3 BW (20 jaar sinds 1 januari 2020)',
    });
    expect(findings[0]!.message).toMatch(
      /^Data category 'care-data' \(".*"\) is kept 15 years, but the law requires at least 20 years\.$/,
    );
  });

  it("Werk op Maat: a fee for the first copy, 15 years for youth data; its 3 months to destroy are the law's for care files", async () => {
    const findings = checkPolicy(await loadPolicy('werk-op-maat'));
    expect(flagged(findings)).toEqual([
      'weaker-than-law copies.firstCopyFree',
      'weaker-than-law retention.youth-file',
      'note organisation.email',
      'note organisation.fg.email',
      'note organisation.management.email',
      'note organisation.address',
    ]);
    const bySource = Object.fromEntries(findings.map((finding) => [finding.rule, finding.source]));
    expect(bySource['copies.firstCopyFree']).toMatch(/^AVG art\. 15 lid 3/);
    expect(bySource['retention.youth-file']).toBe('Jeugdwet art. 7.3.8 (20 jaar sinds 1 januari 2020)');
  });

  it('gdpr-default: the law itself, so only notes about its placeholder contact data', async () => {
    const findings = checkPolicy(await loadPolicy('gdpr-default'));
    expect(findings.filter((finding) => finding.severity === 'weaker-than-law')).toEqual([]);
    expect(flagged(findings)).toEqual([
      'note organisation.email',
      'note organisation.website',
      'note organisation.fg.email',
      'note organisation.management.email',
    ]);
  });
});

describe('texts English letters would print in Dutch', () => {
  it('are noted, never flagged as weaker than the law, each with where it is and its Dutch', async () => {
    const policy = structuredClone(await loadPolicy('de-buurderij'));
    delete policy.retention['care-data']!.labelEn;
    delete policy.recurring['policy-review']!.labelEn;
    const care = policy.processingActivities[0]!;
    care.name = 'Cliëntdossier';
    care.purposes = [care.purposes[0]!, 'zorgverlening'];
    care.dataCategories[1]!.label = 'medicatie';
    const findings = checkPolicy(policy).filter((finding) => finding.source.startsWith('AVG art. 12 lid 1'));
    expect(findings.map((finding) => `${finding.severity} ${finding.rule}`)).toEqual([
      'note retention.care-data.labelEn',
      'note recurring.policy-review.labelEn',
      'note processingActivities.0.name',
      'note processingActivities.0.purposes.1',
      'note processingActivities.0.dataCategories.1.label',
    ]);
    expect(findings[0]!.message).toBe(
      "retention.care-data.labelEn has no English text, so English letters and exports print the Dutch 'Zelf gegenereerde gegevens over zorg en ondersteuning van cliënten (gezondheidsgegevens)'.",
    );
  });
});

describe('rules a policy could weaken', () => {
  /** gdpr-default with one change made by `edit`. */
  const variant = async (edit: (policy: Policy) => void) => {
    const policy = structuredClone(await loadPolicy('gdpr-default'));
    edit(policy);
    return flagged(checkPolicy(policy)).filter((finding) => !finding.startsWith('note organisation'));
  };

  it.each<[string, (policy: Policy) => void, string[]]>([
    [
      '30 days to answer',
      (p) => void (p.processes.access.period = { days: 30 }),
      ['weaker-than-law processes.access.period'],
    ],
    ['4 weeks to answer', (p) => void (p.processes.objection.period = { weeks: 4 }), []],
    [
      'an extension of 3 months',
      (p) => void (p.processes.access.extension = { months: 3 }),
      ['weaker-than-law processes.access.extension'],
    ],
    [
      'a rectification decision in 6 weeks',
      (p) => void (p.processes.rectification.period = { weeks: 6 }),
      ['weaker-than-law processes.rectification.period'],
    ],
    [
      'a breach period of 3 days',
      (p) => void (p.processes.breach.period = { days: 3 }),
      ['weaker-than-law processes.breach.period'],
    ],
    ['a breach period of 48 hours', (p) => void (p.processes.breach.period = { hours: 48 }), []],
    [
      'applicant data kept 2 years with consent',
      (p) => void (p.processes.applicant.withConsent = { years: 2 }),
      ['weaker-than-law processes.applicant.withConsent'],
    ],
    [
      'fiscal records kept 84 months',
      (p) => void (p.retention['financial-administration']!.period = { months: 84 }),
      [],
    ],
    [
      'fiscal records kept 6 years',
      (p) => void (p.retention['financial-administration']!.period = { years: 6 }),
      ['weaker-than-law retention.financial-administration'],
    ],
    [
      'an ID copy counted from the end of employment',
      (p) => void (p.retention['staff-id-copy']!.from = 'end-of-employment'),
      ['weaker-than-law retention.staff-id-copy.from'],
    ],
    [
      'a WGBO file without a period',
      (p) => void delete p.retention['medical-record']!.period,
      ['weaker-than-law retention.medical-record'],
    ],
    [
      'fiscal records that do not block erasure',
      (p) => void (p.retention['financial-administration']!.blocksErasure = false),
      ['note retention.financial-administration.blocksErasure'],
    ],
    [
      'an erasure decided and carried out in 6 weeks',
      (p) => void (p.processes.erasure.period = { weeks: 6 }),
      ['weaker-than-law processes.erasure.period'],
    ],
    [
      'an erasure extended by 3 months',
      (p) => void (p.processes.erasure.extension = { months: 3 }),
      ['weaker-than-law processes.erasure.extension'],
    ],
    [
      'a care file destroyed within 12 weeks of the request',
      (p) => void (p.processes.erasure.careFiles.period = { weeks: 12 }),
      [],
    ],
    [
      'a care file destroyed within 100 days of the request',
      (p) => void (p.processes.erasure.careFiles.period = { days: 100 }),
      ['weaker-than-law processes.erasure.careFiles.period'],
    ],
    ['no yearly register review', (p) => void delete p.recurring['register-review'], ['note recurring']],
    [
      'an empty register of processing activities (art. 30(5) does not exempt health data)',
      (p) => void (p.processingActivities = []),
      ['weaker-than-law processingActivities'],
    ],
  ])('%s', async (_, edit, expected) => {
    expect(await variant(edit)).toEqual(expected);
  });
});

describe('mayExceed: can period a end later than period b, for some start date?', () => {
  it.each<[Duration, Duration, boolean]>([
    [{ days: 30 }, { months: 1 }, true], // from 1 February
    [{ weeks: 4 }, { months: 1 }, false], // 28 days never outlast a month
    [{ days: 28 }, { months: 1 }, false],
    [{ days: 31 }, { months: 1 }, true],
    [{ weeks: 2 }, { months: 1 }, false],
    [{ months: 3 }, { months: 1 }, true],
    [{ months: 1 }, { weeks: 4 }, true],
    [{ weeks: 5 }, { months: 1 }, true],
    [{ years: 15 }, { years: 20 }, false],
    [{ years: 20 }, { years: 15 }, true],
    [{ months: 240 }, { years: 20 }, false],
    [{ days: 365 }, { years: 1 }, false],
    [{ days: 366 }, { years: 1 }, true], // leap years
    [{ weeks: 52 }, { years: 1 }, false],
    [{ months: 12 }, { years: 1 }, false],
    [{ hours: 72 }, { hours: 48 }, true],
    [{ hours: 48 }, { hours: 72 }, false],
    [{ hours: 72 }, { hours: 72 }, false],
    [{ days: 3 }, { hours: 72 }, true], // 3 days from a morning receipt end later than 72 hours
    [{ hours: 72 }, { days: 3 }, false],
    [{ hours: 73 }, { days: 3 }, true], // received at 23:30
    [{ hours: 72 }, { days: 2 }, true],
  ])('%j against %j: %s', (a, b, expected) => {
    expect(mayExceed(a, b)).toBe(expected);
  });

  it('alwaysShorter demands an earlier end for every start date', () => {
    expect(alwaysShorter({ days: 7 }, { weeks: 2 })).toBe(true);
    expect(alwaysShorter({ weeks: 2 }, { weeks: 2 })).toBe(false);
    expect(alwaysShorter({ weeks: 4 }, { months: 1 })).toBe(false); // equal in February
    expect(alwaysShorter({ hours: 6 }, { hours: 72 })).toBe(true);
    expect(alwaysShorter({ hours: 48 }, { days: 2 })).toBe(true);
    expect(alwaysShorter({ days: 2 }, { hours: 72 })).toBe(false); // received at midnight, both end together
    expect(alwaysShorter({ days: 2 }, { hours: 73 })).toBe(true);
    expect(alwaysShorter({ days: 3 }, { hours: 72 })).toBe(false);
  });
});

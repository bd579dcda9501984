/**
 * The applicant's start check and validators, pure: a procedure that ends in the future is refused naming the flag,
 * --keep names the policy's staff categories and needs --hired; consent is refused beyond the year, naming the limit and
 * its source; a withdrawal needs a consent to withdraw.
 */
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../policies/load';
import {
  checkApplicantStart,
  validateAskConsent,
  validateConsent,
  validateWithdrawal,
  type ApplicantSettings,
  type Standing,
} from '../../workflows/applicant-messages';

const policy = await loadPolicy('de-buurderij');
const werkOpMaat = await loadPolicy('werk-op-maat');
const NOW = new Date('2093-11-23T09:00:00+01:00');
const START = { 'procedure-ended': '2093-11-20', 'data-owner': 'hr@debuurderij.example' };
const check = (input: Record<string, unknown>) => checkApplicantStart({ ...START, ...input }, policy, NOW);

describe('applicant start', () => {
  it('keeps the end of the procedure, the data owner and what a hired applicant moves', () => {
    expect(check({ hired: true, keep: ['staff', 'staff-id-copy'] })).toEqual({
      procedureEndedAt: '2093-11-19T23:00:00.000Z',
      dataOwner: { name: 'Beheerder sollicitaties', email: 'hr@debuurderij.example' },
      hired: true,
      moved: [
        { category: 'staff', label: 'Personeelsgegevens' },
        { category: 'staff-id-copy', label: 'Kopie identiteitsbewijs van medewerkers' },
      ],
    });
    expect(check({ 'data-owner-name': 'Personeelszaken' })).toMatchObject({
      hired: false,
      moved: [],
      dataOwner: { name: 'Personeelszaken' },
    });
  });

  it('refuses a procedure that ends in the future, naming the flag', () => {
    expect(() => check({ 'procedure-ended': '2093-12-01' })).toThrow(
      '--procedure-ended is 2093-12-01, which is in the future',
    );
  });

  it('names every problem at once', () => {
    expect(() =>
      checkApplicantStart(
        { 'procedure-ended': 'gisteren', 'data-owner': 'hr', keep: ['staff'] },
        policy,
        NOW,
      ),
    ).toThrow(
      /--procedure-ended must be a date.*--data-owner must be an e-mail address.*--keep needs --hired/,
    );
  });

  it("checks --keep against the policy's staff retention categories", () => {
    expect(() => check({ hired: true, keep: ['staff', 'personeel'] })).toThrow(
      '--keep personeel is not a staff retention category of the policy (what moves to the personnel file); its staff categories are staff, staff-fiscal, staff-id-copy',
    );
    // A category of the policy, but the clients': a care file never moves into a personnel file.
    expect(() => check({ hired: true, keep: ['care-data', 'staff', 'financial-administration'] })).toThrow(
      '--keep care-data, financial-administration are not staff retention categories of the policy (what moves to the personnel file); its staff categories are staff, staff-fiscal, staff-id-copy',
    );
    expect(() =>
      checkApplicantStart({ ...START, hired: true, keep: ['participant-file'] }, werkOpMaat, NOW),
    ).toThrow(
      '--keep participant-file is not a staff retention category of the policy (what moves to the personnel file); it has none',
    );
    expect(() => check({ hired: true })).toThrow(/--keep must name, with --hired/);
    expect(() => check({ hired: true, keep: ['staff', 'staff'] })).toThrow('--keep names a category twice');
  });
});

const settings: ApplicantSettings = policy.processes.applicant;
const standing = (over: Partial<Standing> = {}): Standing => ({
  request: {
    procedureEndedAt: '2093-11-20T15:00:00.000Z',
    dataOwner: { name: 'HR', email: 'hr@x.nl' },
    hired: false,
    moved: [],
  },
  state: {},
  settings,
  holidays: policy.holidays,
  destroying: false,
  ...over,
});
const consent = { by: 'fg', given: '2093-11-22', how: 'e-mail' as const, text: 'Ik geef toestemming.' };

describe('consent', () => {
  it('accepts consent up to the year, on its last day', () => {
    expect(() => validateConsent(consent, standing(), NOW)).not.toThrow();
    // A year after Friday 20 November 2093 falls on Saturday: the period ends on Monday 22 November.
    expect(() => validateConsent({ ...consent, until: '2094-11-22' }, standing(), NOW)).not.toThrow();
  });

  it('refuses a period beyond it, naming the limit and its source', () => {
    expect(() => validateConsent({ ...consent, until: '2094-11-23' }, standing(), NOW)).toThrow(
      "--until is 2094-11-23, beyond 2094-11-22: consent keeps an applicant's data at most 1 year (the policy: Bijlage, Sollicitatiegegevens",
    );
    const longer = { ...settings, withConsent: { years: 2 } };
    expect(() =>
      validateConsent({ ...consent, until: '2095-01-01' }, standing({ settings: longer }), NOW),
    ).toThrow('at most 1 year (AP, sollicitatiegegevens (met toestemming ten hoogste 1 jaar))');
  });

  it('refuses consent without its evidence, or for a hired applicant', () => {
    expect(() =>
      validateConsent({ ...consent, given: '2093-12-01', how: 'sms' as never, text: '' }, standing(), NOW),
    ).toThrow(
      /--given is 2093-12-01, which is in the future; --how must be one of e-mail, letter, form.*; --text-file/,
    );
    const hired = standing({ request: { ...standing().request, hired: true } });
    expect(() => validateConsent(consent, hired, NOW)).toThrow('consent: the applicant was hired');
    expect(() => validateAskConsent({ by: 'fg' }, hired)).toThrow('ask-consent: the applicant was hired');
  });

  it('withdraws only a recorded consent, once, however it came in', () => {
    const withdrawal = { by: 'fg', received: '2093-11-23', how: 'phone' as const };
    expect(() => validateWithdrawal(withdrawal, standing(), NOW)).toThrow(
      'withdraw-consent: no consent is recorded; without it the 4 weeks stand',
    );
    const given = standing({
      state: { consent: { ...consent, given: '2093-11-22T10:00:00.000Z', until: '' } },
    });
    expect(() => validateWithdrawal(withdrawal, given, NOW)).not.toThrow();
    expect(() => validateWithdrawal({ ...withdrawal, received: '2093-11-21' }, given, NOW)).toThrow(
      '--received is 2093-11-21, before the consent was given',
    );
    expect(() => validateWithdrawal(withdrawal, { ...given, destroying: true }, NOW)).toThrow(
      'the destruction task has already gone out',
    );
  });
});

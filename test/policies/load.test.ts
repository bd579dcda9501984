import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PrivacyloketError } from '../../lib/errors';
import { listPolicyIds, loadPolicies, loadPolicy, policiesDir } from '../../policies/load';
import { deliveryFor, durationSchema, policySchema } from '../../policies/schema';

type Json = Record<string, unknown>;
const shipped = JSON.parse(readFileSync(join(policiesDir, 'gdpr-default', 'policy.json'), 'utf8')) as Json;

/** A copy of the gdpr-default policy with values set (or, for undefined, deleted) at dotted paths. */
function edited(changes: Record<string, unknown>): Json {
  const doc = structuredClone(shipped);
  for (const [path, value] of Object.entries(changes)) {
    const keys = path.split('.');
    const last = keys.pop()!;
    const parent = keys.reduce((node, key) => node[key] as Json, doc);
    if (value === undefined) delete parent[last];
    else parent[last] = value;
  }
  return doc;
}
const temp = mkdtempSync(join(tmpdir(), 'privacyloket-policies-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A policy directory under a fresh temp dir, written from JSON text; returns that dir. */
function policyDir(id: string, json: string, logo = true): string {
  const dir = mkdtempSync(join(temp, 'set-'));
  mkdirSync(join(dir, id));
  writeFileSync(join(dir, id, 'policy.json'), json);
  if (logo) writeFileSync(join(dir, id, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dir;
}

async function loadError(id: string, dir?: string): Promise<PrivacyloketError> {
  const error: unknown = await loadPolicy(id, dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PrivacyloketError);
  return error as PrivacyloketError;
}

describe('the shipped policies', () => {
  it('are the three of SPEC "Policies", each valid and named after its directory', async () => {
    expect(listPolicyIds()).toEqual(['de-buurderij', 'gdpr-default', 'werk-op-maat']);
    const policies = await loadPolicies();
    expect(policies.map((policy) => policy.id)).toEqual(['de-buurderij', 'gdpr-default', 'werk-op-maat']);
  });

  it('carry the periods of the seed regulations, word for word', async () => {
    const [buurderij, gdpr, werkOpMaat] = await loadPolicies();
    expect(buurderij!.processes.access.period).toEqual({ weeks: 4 }); // art. 22.2, 22.3
    expect(buurderij!.processes.access.thirdPartyViews).toBe(true); // art. 22.4, 22.6
    expect(buurderij!.processes.rectification.period).toEqual({ weeks: 4 }); // art. 23.5
    expect(buurderij!.processes.objection.period).toEqual({ weeks: 4 }); // art. 24.2
    expect(buurderij!.processes.breach.period).toEqual({ hours: 72 }); // art. 21 "direct"
    expect(buurderij!.processes.applicant).toMatchObject({ period: { weeks: 4 }, withConsent: { years: 1 } });
    expect(buurderij!.regulation.amendmentsTakeEffectAfter).toEqual({ weeks: 4 }); // art. 28.2
    const retention = (policy: typeof buurderij) =>
      Object.fromEntries(
        Object.entries(policy!.retention).map(([id, rule]) => [id, [rule.period, rule.from]]),
      );
    expect(retention(buurderij)).toEqual({
      'care-data': [{ years: 15 }, 'last-change'],
      'client-provided': [{ days: 0 }, 'end-of-care'],
      'financial-administration': [{ years: 7 }, 'end-of-financial-year'],
      'other-client-data': [undefined, 'end-of-care'],
      'video-memory-aid': [{ days: 0 }, 'written-report'],
      'video-decision-making': [{ years: 1 }, 'end-of-professional-relationship'],
      'medical-record': [{ years: 15 }, 'last-change'],
      staff: [{ years: 2 }, 'end-of-employment'],
      'staff-fiscal': [{ years: 7 }, 'end-of-financial-year'],
      'staff-id-copy': [{ years: 5 }, 'end-of-year-of-leaving'],
      'deviation-register': [{ years: 3 }, 'recording'],
    });
    expect(buurderij!.retention['client-provided']!.action).toBe('return');
    expect(buurderij!.organisation).toMatchObject({
      email: 'info@debuurderij.nl',
      website: 'www.debuurderij.nl',
      fg: { name: 'Marc Bralts', email: 'marc@debuurderij.nl' },
    });

    expect(werkOpMaat!.processes.access.period).toEqual({ weeks: 2 });
    expect(werkOpMaat!.processes.erasure).toMatchObject({
      period: { months: 1 },
      careFiles: { period: { months: 3 } },
    });
    expect(werkOpMaat!.processes.breach.reminders).toEqual([{ hours: 48 }, { hours: 24 }, { hours: 6 }]);
    expect(werkOpMaat!.copies).toMatchObject({ firstCopyFree: false, feeForFurtherCopies: true });
    expect(retention(werkOpMaat)).toEqual({
      'participant-file': [{ years: 3 }, 'end-of-agreement'],
      'youth-file': [{ years: 15 }, 'end-of-agreement'],
      'mail-from-third-parties': [{ days: 0 }, 'receipt'],
    });
    expect(werkOpMaat!.recurring['password-change']!.every).toEqual({ months: 6 });

    expect(gdpr!.processes.access).toMatchObject({ period: { months: 1 }, extension: { months: 2 } });
    expect(gdpr!.retention['medical-record']!.period).toEqual({ years: 20 });
    for (const policy of [buurderij, gdpr, werkOpMaat]) {
      expect(policy!.recurring['register-review']!.every).toEqual({ years: 1 }); // art. 30
      expect(policy!.processes.access.reminders).toEqual([{ days: 7 }, { days: 2 }]);
      expect(policy!.processes.access.escalateEvery).toEqual({ days: 1 });
      expect(deliveryFor(policy!, 'access-response')).not.toBe('attachment');
      expect(policy!.holidays).toEqual([]);
    }
  });
});

describe('durations', () => {
  it.each([[{ weeks: 4 }], [{ hours: 72 }], [{ days: 0 }]])('accepts %j', (value) => {
    expect(durationSchema.safeParse(value).success).toBe(true);
  });
  it.each([[{}], [{ weeks: 4, days: 1 }], [{ weeks: 1.5 }], [{ weeks: -1 }], [{ fortnights: 1 }], [4]])(
    'refuses %j',
    (value) => {
      expect(durationSchema.safeParse(value).success).toBe(false);
    },
  );
});

describe('reminders', () => {
  const withReminders = (process: string, reminders: object[]) =>
    policySchema.safeParse(edited({ [`processes.${process}.reminders`]: reminders }));
  it('must end inside the period for every start date', () => {
    expect(withReminders('access', [{ days: 27 }, { weeks: 3 }]).success).toBe(true);
    expect(withReminders('access', [{ days: 28 }]).success).toBe(false); // in February 28 days is the month
    expect(withReminders('access', [{ weeks: 4 }]).success).toBe(false);
    expect(withReminders('access', [{ months: 1 }]).success).toBe(false);
    expect(withReminders('breach', [{ hours: 71 }]).success).toBe(true);
    expect(withReminders('breach', [{ hours: 72 }]).success).toBe(false);
    expect(withReminders('breach', [{ days: 3 }]).success).toBe(false);
  });
  it("of a transfer must end inside its notice period, and are the policy's to set", () => {
    expect(withReminders('transfer', [{ days: 27 }, { days: 2 }]).success).toBe(true);
    const refused = withReminders('transfer', [{ days: 7 }, { weeks: 4 }]);
    expect(refused.error?.issues).toMatchObject([
      { path: ['processes', 'transfer', 'reminders', 1], message: 'must be shorter than noticeBefore' },
    ]);
    expect(policySchema.safeParse(edited({ 'processes.transfer.escalateEvery': undefined })).success).toBe(
      false,
    );
  });
});

describe('a broken policy', () => {
  it('is refused with the file and every bad field named', async () => {
    const broken = edited({
      id: 'other',
      'processes.access.period': { weeks: 2, days: 1 },
      'processes.rectification.reminders': [{ days: 7 }, { months: 2 }],
      'organisation.fg.email': 'not an address',
      'organisation.fax': '010-0000000',
      'copies.source': undefined,
      'retention.Medical_Record': (shipped.retention as Json)['medical-record'],
      'retention.staff.basis': 'custom',
      'delivery.letters.access-response': 'attachment',
      holidays: [{ date: '2026-02-30', name: 'Geen dag' }, { date: '2026-13-01', name: 'Nooit' }, 'easter'],
    });
    const dir = policyDir('broken', JSON.stringify(broken));

    const error = await loadError('broken', dir);
    expect(error.code).toBe('invalid-config');
    expect(error.message.startsWith(`${join(dir, 'broken', 'policy.json')}: `)).toBe(true);
    for (const field of [
      'id: must be',
      'processes.access.period: must have exactly one unit',
      'processes.rectification.reminders.1: must be shorter than the period',
      'organisation.fg.email: must be an e-mail address',
      'organisation.fax: unknown field',
      'copies.source: is required',
      'retention.Medical_Record: must be a kebab-case id',
      'retention.staff.basis:',
      'delivery.letters.access-response: carries a copy of the data',
      'holidays.0.date: is not a real date',
      'holidays.1.date: is not a real date',
      'holidays.2: must be "good-friday"',
    ]) {
      expect(error.message).toContain(field);
    }
    expect(error.message.split('; ')).toHaveLength(12);
  });

  it('is refused when it is not JSON, or its logo is missing', async () => {
    const notJson = await loadError('x', policyDir('x', '{ "id": "x", '));
    expect(notJson.code).toBe('invalid-config');
    expect(notJson.message).toMatch(/x\/policy\.json is not valid JSON/);

    const noLogo = await loadError('gdpr-default', policyDir('gdpr-default', JSON.stringify(shipped), false));
    expect(noLogo.message).toContain('organisation.letterhead.logo: logo.svg does not exist');
  });
});

describe('the register of processing activities (art. 30(1))', () => {
  const activities = shipped.processingActivities as Json[];

  it('is in every shipped policy, true to its seed', async () => {
    const ids = (policy: Awaited<ReturnType<typeof loadPolicy>>) =>
      policy.processingActivities.map((a) => a.id);
    expect(ids(await loadPolicy('de-buurderij'))).toEqual([
      'client-care',
      'video-recordings',
      'staff',
      'applicants',
      'deviation-register',
    ]);
    expect(ids(await loadPolicy('werk-op-maat'))).toEqual(['participant-file']);
    const care = (await loadPolicy('de-buurderij')).processingActivities[0]!;
    expect(care.legalBasis.article9).toBe('health-care');
    expect(care.dataCategories.filter((c) => c.special === 'health')).toHaveLength(2);
  });

  it('refers only to the retention categories the policy has, and names each activity once', async () => {
    const broken = edited({
      'processingActivities.0.retention': ['medical-record', 'care-file'],
      'processingActivities.1.id': activities[0]!.id,
    });
    const error = await loadError('broken', policyDir('broken', JSON.stringify({ ...broken, id: 'broken' })));
    expect(error.message).toContain(
      "processingActivities.0.retention.1: 'care-file' is not a category of the policy's retention (medical-record,",
    );
    expect(error.message).toContain("processingActivities.1.id: 'client-records' is used twice");
  });

  it('needs an art. 9(2) exception for special data, and the interests for legitimate-interests', async () => {
    const broken = edited({
      'processingActivities.0.legalBasis.article9': undefined,
      'processingActivities.1.legalBasis.article6': ['legitimate-interests'],
      'processingActivities.1.securityMeasures': [],
    });
    const error = await loadError('broken', policyDir('broken', JSON.stringify({ ...broken, id: 'broken' })));
    for (const field of [
      'processingActivities.0.legalBasis.article9: is required: a data category is special (art. 9(1))',
      'processingActivities.1.legalBasis.legitimateInterests: is required with legitimate-interests (art. 13(1)(d))',
      'processingActivities.1.securityMeasures: must name at least one security measure',
    ])
      expect(error.message).toContain(field);
  });

  it("has automated decision-making only with art. 13(2)(f)'s three elements together; absent means none", async () => {
    // The seeds say nothing about automated decisions: no shipped activity has any.
    for (const policy of await loadPolicies())
      expect(policy.processingActivities.filter((a) => a.automatedDecisions !== undefined)).toEqual([]);
    const logic = { nl: 'een puntentelling', en: 'a score' };
    const complete = { logic, significance: 'de wachtlijst', consequences: 'langer wachten' };
    const valid = edited({ 'processingActivities.0.automatedDecisions': complete });
    const policy = await loadPolicy('valid', policyDir('valid', JSON.stringify({ ...valid, id: 'valid' })));
    expect(policy.processingActivities[0]!.automatedDecisions).toEqual(complete);

    const broken = edited({
      'processingActivities.0.automatedDecisions': { logic },
      'processingActivities.1.automatedDecisions': {},
    });
    const error = await loadError('broken', policyDir('broken', JSON.stringify({ ...broken, id: 'broken' })));
    const together =
      'is required: art. 13(2)(f) asks for the logic involved, the significance and the envisaged consequences together';
    for (const field of [
      `processingActivities.0.automatedDecisions.significance: ${together}`,
      `processingActivities.0.automatedDecisions.consequences: ${together}`,
      `processingActivities.1.automatedDecisions.logic: ${together}`,
      `processingActivities.1.automatedDecisions.significance: ${together}`,
      `processingActivities.1.automatedDecisions.consequences: ${together}`,
    ])
      expect(error.message).toContain(field);
    expect(error.message).not.toContain('processingActivities.0.automatedDecisions.logic');
    const blank = edited({ 'processingActivities.0.automatedDecisions': { ...complete, logic: ' ' } });
    const blankError = await loadError(
      'blank',
      policyDir('blank', JSON.stringify({ ...blank, id: 'blank' })),
    );
    expect(blankError.message).toContain(
      'processingActivities.0.automatedDecisions.logic: must not be empty',
    );
  });
});

describe('policy ids', () => {
  it('refuses an unknown id, naming the known ones', async () => {
    const error = await loadError('buurderij');
    expect(error.code).toBe('not-found');
    expect(error.field).toBe('policy');
    expect(error.message).toBe(
      "Unknown policy 'buurderij': choose one of de-buurderij, gdpr-default, werk-op-maat.",
    );
  });

  it.each(['../gdpr-default', 'gdpr-default/../werk-op-maat', '..', '.', '/etc/passwd', 'GDPR-DEFAULT', ''])(
    'refuses %j without touching the file system outside the policies',
    async (id) => {
      expect((await loadError(id)).code).toBe('not-found');
    },
  );
});

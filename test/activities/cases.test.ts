import { describe, expect, it } from 'vitest';
import { caseActivities } from '../../activities/cases';
import type { AuditEventRow } from '../../db/audit';
import type { CaseRow } from '../../db/cases';
import type { CaseRecordRow } from '../../db/records';
import { policiesDir } from '../../policies/load';
import { registerAccessCase } from '../helpers/cases';
import { DATABASE_KINDS, testDb } from '../helpers/db';

describe.each(DATABASE_KINDS)('case activities on %s', (kind) => {
  it('give the workflow references, dates and settings, and no personal data', async () => {
    const db = await testDb(kind);
    const { reference } = await registerAccessCase(db, { receivedAt: new Date('2026-11-20T09:00:00Z') });
    const loaded = await caseActivities(db, policiesDir, noNotices).loadAccessCase(reference);
    expect(loaded).toMatchObject({ reference, policyId: 'gdpr-default', dueAt: '2026-12-21T22:59:59.999Z' });
    expect(JSON.stringify(loaded)).not.toMatch(/Jan|Vries|jan@example/);
  });

  it('record progress once per key, case change and audit event together', async () => {
    const db = await testDb(kind);
    const { id, reference } = await registerAccessCase(db, { receivedAt: new Date('2026-11-20T09:00:00Z') });
    const activities = caseActivities(db, policiesDir, noNotices);
    const progress = {
      key: `${reference}/progress/1`,
      caseId: id,
      actor: 'fg',
      event: { type: 'access.extended', data: { dueAt: '2027-02-22T22:59:59.999Z' } },
      dueAt: '2027-02-22T22:59:59.999Z',
    };
    await activities.recordProgress(progress);
    await activities.recordProgress(progress); // a retry after the first one committed
    expect(await db<AuditEventRow>('audit_events').where({ type: 'access.extended' })).toHaveLength(1);
    expect(await db<CaseRow>('cases').where({ id }).first()).toMatchObject({
      due_at: '2027-02-22T22:59:59.999Z',
    });
  });

  it('keep the evidence of a decision in the case records, and its hash in the audit trail', async () => {
    const db = await testDb(kind);
    const { id, reference } = await registerAccessCase(db, { receivedAt: new Date('2026-11-20T09:00:00Z') });
    const decision = { by: 'fg', outcome: 'refused', reasons: 'De broer van Jan weigert toestemming.' };
    await caseActivities(db, policiesDir, noNotices).recordProgress({
      key: `${reference}/progress/1`,
      caseId: id,
      actor: 'fg',
      event: { type: 'access.decided', data: { outcome: 'refused' } },
      evidence: { decision },
    });
    const [event] = await db<AuditEventRow>('audit_events').where({ type: 'access.decided' });
    const [record] = await db<CaseRecordRow>('case_records').where({ case_id: id });
    expect(JSON.parse(record!.data)).toEqual({ decision });
    expect(JSON.parse(event!.data)).toEqual({
      outcome: 'refused',
      recordId: record!.id,
      recordSha256: record!.sha256,
    });
    expect(event!.data).not.toContain('Jan'); // the reasons stay out of the append-only trail
  });

  it('mark a case failed once, and tell its officer once', async () => {
    const db = await testDb(kind);
    const { reference } = await registerAccessCase(db, { receivedAt: new Date('2026-11-20T09:00:00Z') });
    const notices: string[] = [];
    const activities = caseActivities(db, policiesDir, (ref, template) =>
      Promise.resolve(void notices.push(`${ref} ${template}`)),
    );
    expect(await activities.recordCaseFailure(reference, 'FAILED')).toBe(true);
    expect(await activities.recordCaseFailure(reference, 'FAILED')).toBe(false);
    expect(await db<CaseRow>('cases').where({ reference }).first()).toMatchObject({ status: 'failed' });
    expect(notices).toEqual([`${reference} failed`]);
  });
});

const noNotices = () => Promise.resolve();

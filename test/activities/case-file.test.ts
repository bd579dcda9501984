import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { caseFileActivities } from '../../activities/case-file';
import { createMailer, type MailConfig } from '../../activities/mail';
import type { Db } from '../../db';
import type { AuditEventRow } from '../../db/audit';
import { findCase, insertCase, type CaseRow, type SubjectRow } from '../../db/cases';
import { findLatestRecord } from '../../db/records';
import { policiesDir } from '../../policies/load';
import { DATABASE_KINDS, testDb } from '../helpers/db';
import { tempDir } from '../helpers/env';

/** A closed erasure request of gdpr-default whose mail went to the outbox folder as .eml files. */
async function closedErasure(db: Db, status: CaseRow['status'] = 'closed') {
  const { id, reference } = await insertCase(db, {
    process: 'erasure',
    policyId: 'gdpr-default',
    locale: 'nl',
    receivedAt: new Date('2026-11-20T09:00:00Z'),
    registeredAt: new Date('2026-11-20T09:00:00Z'),
    dueAt: new Date('2026-12-21T22:59:59.999Z'),
    subject: {
      name: 'Jan de Vries',
      email: 'jan@example.nl',
      postalAddress: 'Dorpsstraat 1\n1234 AB Ergens',
    },
    request: { what: 'Mijn dossier bij de dagbesteding.', categories: ['staff'] },
    actor: 'fg',
  });
  await db<CaseRow>('cases').where({ id }).update({ status, closed_at: '2026-12-01T10:00:00.000Z' });
  const dir = tempDir();
  const config: MailConfig = {
    smtpUrl: undefined,
    envelopeFrom: undefined,
    outboxDir: join(dir, 'outbox'),
    tmpDir: join(dir, 'tmp'),
  };
  const mailer = createMailer(db, config);
  onTestFinished(() => mailer.close());
  const mail = (key: string) =>
    mailer.send({
      key,
      caseId: id,
      to: 'jan@example.nl',
      from: { name: 'Zorg', address: 'info@zorg.example.nl' },
      subject: `Ontvangstbevestiging ${reference}`,
      text: 'Geachte heer De Vries,',
    });
  await mail(`${reference}/acknowledgement/mail`);
  await mail(`${reference}/erasure-decision/1/mail`);
  // Another case whose reference begins with this one's: its mail stays.
  await mail(`${reference}0/acknowledgement/mail`);
  return { id, reference, mailer, outbox: config.outboxDir };
}

const count = async (db: Db, type: string) =>
  (await db<AuditEventRow>('audit_events').where({ type })).length;

describe.each(DATABASE_KINDS)('case file activities on %s', (kind) => {
  it('register the file’s retention schedule once, due five years after the close, at the start of its last day', async () => {
    const db = await testDb(kind);
    const { reference, mailer } = await closedErasure(db);
    const activities = caseFileActivities(db, policiesDir, mailer);
    // Closed on Tuesday 1 December 2026: five years run to Monday 1 December 2031, gone from its first moment.
    const closedAt = '2026-12-01T10:00:00.000Z';
    const first = await activities.keepCaseFile({ reference, closedAt });
    const again = await activities.keepCaseFile({ reference, closedAt }); // a retry after the first committed
    expect(again).toEqual(first);
    expect(first).toEqual({ schedule: 'BEW-2026-0001', dueAt: '2031-11-30T23:00:00.000Z' });
    expect(await db<CaseRow>('cases').where({ process: 'retention' })).toHaveLength(1);
    const schedule = await findCase(db, first.schedule);
    expect(schedule).toMatchObject({ status: 'open', subject_id: null, workflow_started_at: null });
    expect(await findLatestRecord(db, schedule.id, 'retention.request')).toEqual({
      category: 'case-file:erasure',
      from: closedAt,
      dossier: reference,
    });
    expect(await count(db, 'case-file.kept')).toBe(1);
    await activities.caseFileScheduleStarted(first.schedule);
    expect((await findCase(db, first.schedule)).workflow_started_at).not.toBeNull();
  });

  it('destroy the file’s personal data and its outbox files once; a retry changes nothing and clears what was left', async () => {
    const db = await testDb(kind);
    const { id, reference, mailer, outbox } = await closedErasure(db);
    const activities = caseFileActivities(db, policiesDir, mailer);
    const destroy = (at: string) => activities.destroyCaseFile({ reference, schedule: 'BEW-2031-0001', at });
    expect(readdirSync(outbox)).toHaveLength(3);

    expect(await destroy('2031-12-02T23:00:00.000Z')).toEqual({ destroyedAt: '2031-12-02T23:00:00.000Z' });
    expect(readdirSync(outbox)).toEqual([`${reference}0_acknowledgement_mail.eml`]);
    const row = await findCase(db, reference);
    expect(row).toMatchObject({ status: 'closed', file_destroyed_at: '2031-12-02T23:00:00.000Z' });
    expect(await db<SubjectRow>('subjects').where({ id: row.subject_id! }).first()).toMatchObject({
      name: null,
      email: null,
      postal_address: null,
      anonymised_at: '2031-12-02T23:00:00.000Z',
    });
    expect(await db('outbox').where({ case_id: id }).pluck('recipient')).toEqual(['', '', '']);
    expect(await db('case_records').where({ case_id: id }).pluck('data')).toEqual(['{}']);

    // A crash after the commit left a file behind; the retry removes it and records nothing again.
    const leftover = join(outbox, `${reference}_erasure-confirmation_1_mail.eml`);
    writeFileSync(leftover, 'Geachte heer De Vries,');
    expect(await destroy('2031-12-03T08:00:00.000Z')).toEqual({ destroyedAt: '2031-12-02T23:00:00.000Z' });
    expect(existsSync(leftover)).toBe(false);
    expect(await count(db, 'case-file.destroyed')).toBe(1);
  });

  it('leave the file of a case still open alone', async () => {
    const db = await testDb(kind);
    const { reference, mailer, outbox } = await closedErasure(db, 'open');
    await expect(
      caseFileActivities(db, policiesDir, mailer).destroyCaseFile({
        reference,
        schedule: 'BEW-2031-0001',
        at: '2031-12-02T23:00:00.000Z',
      }),
    ).rejects.toThrow(/is open: only a closed case's file goes/);
    expect(readdirSync(outbox)).toHaveLength(3);
    expect((await findCase(db, reference)).file_destroyed_at).toBeNull();
  });
});

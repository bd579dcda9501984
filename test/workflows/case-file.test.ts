/**
 * An erasure request's own case file on the time-skipping server, with the product's worker, a real SQLite database,
 * Chromium and a real SMTP server on loopback: kept five years after the case closed by a retention schedule of
 * its own (gdpr-default `requestFiles`), reviewed by the officer four weeks before, then destroyed whole by
 * Privacyloket on its day, not a day earlier: no name, address or e-mail left in any table, the letters' bytes
 * gone, the destruction registered, the audit trail whole, the case still shown as closed and destroyed. A legal
 * hold postpones the destruction; its release lets it go ahead. A changed period moves a running schedule.
 *
 * The cases live in 2093 and after, whose calendar is that of 2026 and which no run of these tests will have passed.
 * Closed on Monday 23 November 2093; five years later, 23 November 2098, is a Sunday: its last day is Monday the
 * 24th, and Privacyloket destroys the file at that day's start (the period is a maximum, and no one else acts).
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActivities, openActivityDeps } from '../../activities';
import type { Db } from '../../db';
import { verifyAuditTrail, type AuditEventRow } from '../../db/audit';
import { findCase, insertCase, type CaseRow } from '../../db/cases';
import { listDestructions } from '../../db/destructions';
import { caseText } from '../../cli/case-view';
import { amsterdamDate } from '../../lib/calendar';
import { keepUnkeptCaseFiles } from '../../services/case-file';
import { caseDetails, sendUpdate, type CaseServices } from '../../services/cases';
import type { Config } from '../../services/config';
import { parseCaseRequest, registerCase } from '../../services/start';
import { holdUpdate, policyChangedUpdate, releaseUpdate } from '../../workflows/case/holds';
import type { CaseStatus } from '../../workflows/case/messages';
import { caseStatusQuery, confirmTaskUpdate, verifyIdentityUpdate } from '../../workflows/case/updates';
import { decideErasureUpdate } from '../../workflows/erasure-messages';
import { caseWorker, eventually, keepHistory, skipTo as skipClock } from '../helpers/case-workflows';
import { tempDir, testConfig } from '../helpers/env';
import { HISTORY_CODEC_KEY } from '../helpers/histories';
import { parseMail, startSmtpServer, type TestSmtpServer } from '../helpers/smtp';
import { timeSkippingEnv } from '../helpers/temporal';

let env: TestWorkflowEnvironment;
let config: Config;

beforeEach(async () => {
  config = testConfig({ PRIVACYLOKET_CODEC_KEY: HISTORY_CODEC_KEY });
  env = await timeSkippingEnv(config);
  await skipTo(new Date('2093-11-20T12:00:00+01:00'));
});
afterEach(async () => env?.teardown());

const skipTo = (moment: Date) => skipClock(env, moment);
const by = 'Anna de Boer (FG)';

/** What identifies the people of the case: none of it may be anywhere once the file is destroyed. */
const PERSONAL = [
  'Jan de Vries',
  'jan@example.nl',
  'Dorpsstraat 1',
  '06-12345678',
  'Mijn personeelsdossier van mijn tijd als vrijwilliger',
  'Huisartsenpraktijk Noord',
  'noord@huisarts.example',
  'personeel@voorbeeld.example',
  'uit het HR-systeem gewist',
];

const status = (reference: string) => env.client.workflow.getHandle(reference).query(caseStatusQuery);
const progressed = (reference: string, what: string, reached: (status: CaseStatus) => boolean) =>
  eventually(`${reference}: ${what}`, async () => {
    const current = await status(reference).catch(() => undefined);
    return current && reached(current) ? current : undefined;
  });
const officerMails = async (smtp: TestSmtpServer) =>
  Promise.all(
    smtp.messages
      .filter((m) => m.envelope.to.includes('fg@voorbeeldorganisatie.example'))
      .map((m) => parseMail(m.raw)),
  );

/**
 * An erasure request granted, its data owner's task confirmed, the recipient told, closed on Monday 23 November
 * 2093: answers its reference and its file's retention schedule.
 */
async function closedErasure(services: CaseServices) {
  const now = new Date(await env.currentTimeMs());
  const request = await parseCaseRequest(
    'erasure',
    {
      policy: 'gdpr-default',
      received: '2093-11-20T10:00:00+01:00',
      name: 'Jan de Vries',
      email: 'jan@example.nl',
      address: 'Dorpsstraat 1\n1234 AB Ergens',
      phone: '06-12345678',
      what: 'Mijn personeelsdossier van mijn tijd als vrijwilliger.',
      categories: 'staff',
    },
    { now, policiesDir: services.config.policiesDir },
  );
  const { reference } = await registerCase(services, request);
  await progressed(reference, 'acknowledged', (s) => s.stage === 'verifying-identity');
  await sendUpdate(services, reference, verifyIdentityUpdate, { by, verified: true, method: 'paspoort' });
  await sendUpdate(services, reference, decideErasureUpdate, {
    by,
    categories: {
      staff: {
        action: 'erase',
        dataOwner: { name: 'Personeelszaken', email: 'personeel@voorbeeld.example' },
      },
    },
    recipients: [{ name: 'Huisartsenpraktijk Noord', email: 'noord@huisarts.example' }],
  });
  await progressed(reference, 'the task given', (s) => s.tasks?.length === 1);
  await skipTo(new Date('2093-11-23T10:00:00+01:00'));
  await sendUpdate(services, reference, confirmTaskUpdate, {
    by,
    task: 1,
    doneBy: 'Personeelszaken',
    at: '2093-11-23T09:30:00+01:00',
    how: 'Dossier van Jan de Vries uit het HR-systeem gewist.',
  });
  const kept = await progressed(reference, 'closed, its file kept', (s) =>
    s.history.some((e) => e.event.startsWith('case file kept until')),
  );
  expect(kept.stage).toBe('closed');
  const schedule = (await findCase(services.db, reference)).file_schedule!;
  expect(schedule).toMatch(/^BEW-2093-\d{4}$/);
  return { reference, schedule };
}

/** Every text of every column of every table, as SQLite gives it: what the search for a name goes through. */
async function everyText(db: Db): Promise<string[]> {
  const tables = (await db.raw<{ name: string }[]>(
    "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'knex_%'",
  )) as { name: string }[];
  const texts: string[] = [];
  for (const { name } of tables)
    for (const row of (await db(name).select()) as Record<string, string | number | Buffer | null>[])
      for (const [column, value] of Object.entries(row))
        if (value !== null)
          texts.push(
            `${name}.${column}: ${Buffer.isBuffer(value) ? value.toString('latin1') : String(value)}`,
          );
  return texts;
}

describe('an erasure request’s own case file', () => {
  it('is kept five years after the close, reviewed, and destroyed whole on its day, not a day earlier', async () => {
    const smtp = await startSmtpServer();
    const { db, worker, services } = await caseWorker(env, config, smtp);
    await worker.runUntil(async () => {
      const { reference, schedule } = await closedErasure(services);
      const kept = await caseDetails(db, env.client, reference);
      expect(kept.status).toBe('closed');
      expect(kept.caseFile).toEqual({
        schedule,
        dueAt: '2098-11-23T23:00:00.000Z',
        destroyedAt: null,
        basis: null,
      });
      expect(caseText(kept, undefined, new Date(await env.currentTimeMs()))).toContain(
        `File      kept until 24-11-2098 (${schedule}`,
      );
      expect((await status(schedule)).dueDate).toBe('2098-11-24');
      // Only the file's own schedule: the data owner has nothing to do.
      expect((await status(schedule)).tasks).toEqual([]);

      // Four weeks before, the officer is asked to review it (a dispute would need a legal hold).
      await skipTo(new Date('2098-10-27T10:00:00+01:00'));
      await progressed(schedule, 'reviewing', (s) => s.stage === 'reviewing');
      const review = (await officerMails(smtp)).find((m) => /Beoordelen/.test(m.subject ?? ''));
      expect(review?.text).toContain(schedule);
      expect(review?.text).toContain('24 november 2098');
      for (const text of PERSONAL) expect(`${review?.subject}\n${review?.text}`).not.toContain(text);

      // Late on Sunday the 23rd, the calendar's five years: still there.
      await skipTo(new Date('2098-11-23T23:30:00+01:00'));
      expect((await status(schedule)).stage).toBe('reviewing');
      expect((await findCase(db, reference)).file_destroyed_at).toBeNull();
      expect((await everyText(db)).some((text) => text.includes('Jan de Vries'))).toBe(true);

      // Waiting for the schedule's end lets the test server's clock run on to its day.
      expect(await env.client.workflow.getHandle(schedule).result()).toMatchObject({ outcome: 'destroyed' });
      const destroyedAt = (await findCase(db, reference)).file_destroyed_at!;
      expect(amsterdamDate(new Date(destroyedAt))).toBe('2098-11-24');

      const left = await everyText(db);
      for (const text of PERSONAL) expect(left.filter((found) => found.includes(text))).toEqual([]);
      const letters = await db('letters').where({ case_id: (await findCase(db, reference)).id });
      expect(letters.length).toBeGreaterThanOrEqual(4);
      for (const letter of letters) {
        expect((letter as { pdf: Buffer }).pdf.length).toBe(0);
        expect((letter as { sha256: string }).sha256).toMatch(/^[0-9a-f]{64}$/);
      }
      // The outbox keeps which mail went when, not to whom.
      expect(
        await db('outbox')
          .where({ case_id: (await findCase(db, reference)).id })
          .whereNot({ recipient: '' }),
      ).toEqual([]);

      const [entry] = await listDestructions(db);
      expect(entry).toMatchObject({
        reference: schedule,
        process: 'retention',
        category: 'case-file:erasure',
        what: `verzoekdossier (erasure) ${reference}`,
        destroyed_by: 'Privacyloket',
        due_at: '2098-11-23T23:00:00.000Z',
        destroyed_at: destroyedAt,
      });
      expect(entry!.basis).toMatch(/^maximum 5 (jaar|years): .*art. 3:310 BW/);
      expect((await officerMails(smtp)).some((m) => /Vernietiging bevestigd/.test(m.subject ?? ''))).toBe(
        true,
      );
      expect(await verifyAuditTrail(db)).toMatchObject({ ok: true });

      // The case is closed, not lost; its view says when and why its file went, and shows no one.
      const destroyed = await caseDetails(db, env.client, reference);
      expect(destroyed.status).toBe('closed');
      expect(destroyed.caseFile).toMatchObject({ destroyedAt, basis: entry!.basis });
      expect(destroyed.workflow).toEqual({ unavailable: 'the case file was destroyed' });
      const text = caseText(destroyed, undefined, new Date(await env.currentTimeMs()));
      expect(text).toContain(`File      destroyed on 24-11-2098 under ${entry!.basis} (${schedule})`);
      expect(text).toContain('Subject   (destroyed with the case file)');
      for (const personal of PERSONAL) expect(text).not.toContain(personal);

      // The activity again, as a retry would run it: nothing changes.
      const events = await db<AuditEventRow>('audit_events').count({ n: '*' });
      const deps = openActivityDeps(services.config, db);
      try {
        const again = await createActivities(deps).destroyCaseFile({
          reference,
          schedule,
          at: new Date().toISOString(),
        });
        expect(again).toEqual({ destroyedAt });
      } finally {
        await deps.close();
      }
      expect(await db<AuditEventRow>('audit_events').count({ n: '*' })).toEqual(events);

      keepHistory(
        'retention',
        'case-file-destroyed',
        await env.client.workflow.getHandle(schedule).fetchHistory(),
      );
    });
  });

  it('waits while a legal hold is in force, and goes ahead once it is released', async () => {
    const smtp = await startSmtpServer();
    const { db, worker, services } = await caseWorker(env, config, smtp);
    await worker.runUntil(async () => {
      const { reference, schedule } = await closedErasure(services);
      keepHistory('erasure', 'case-file-kept', await env.client.workflow.getHandle(reference).fetchHistory());

      await skipTo(new Date('2097-03-01T10:00:00+01:00'));
      await sendUpdate(services, schedule, holdUpdate, {
        by,
        reason: 'De verzoeker heeft een procedure over de afhandeling van zijn verzoek aangespannen.',
      });
      await progressed(schedule, 'held', (s) => s.stage === 'on-hold');

      await skipTo(new Date('2099-01-04T10:00:00+01:00'));
      expect((await status(schedule)).stage).toBe('on-hold');
      expect((await findCase(db, reference)).file_destroyed_at).toBeNull();
      expect(await listDestructions(db)).toEqual([]);

      await sendUpdate(services, schedule, releaseUpdate, { by, note: 'De procedure is afgerond.' });
      await progressed(schedule, 'destroyed', (s) => s.stage === 'closed');
      const destroyedAt = (await findCase(db, reference)).file_destroyed_at!;
      expect(amsterdamDate(new Date(destroyedAt))).toBe('2099-01-04');
      expect((await listDestructions(db)).map((e) => e.reference)).toEqual([schedule]);
      const left = await everyText(db);
      expect(left.filter((text) => text.includes('Jan de Vries'))).toEqual([]);
      // The hold's reason was about this request: it goes with the file; the hold's dates stay in the trail.
      expect(left.filter((text) => text.includes('procedure over de afhandeling'))).toEqual([]);
      expect(await db<AuditEventRow>('audit_events').where({ type: 'retention.held' })).toHaveLength(1);
    });
  });

  it("moves a running schedule's date when the policy's period for request files changes", async () => {
    const policiesDir = tempDir();
    cpSync(config.policiesDir, policiesDir, { recursive: true });
    const smtp = await startSmtpServer();
    const { db, worker, services } = await caseWorker(env, { ...config, policiesDir }, smtp);
    await worker.runUntil(async () => {
      const { reference, schedule } = await closedErasure(services);
      const file = join(policiesDir, 'gdpr-default', 'policy.json');
      const policy = JSON.parse(readFileSync(file, 'utf8')) as {
        processes: { erasure: { requestFiles: { period: unknown } } };
      };
      policy.processes.erasure.requestFiles.period = { years: 3 };
      writeFileSync(file, JSON.stringify(policy));
      await sendUpdate(services, schedule, policyChangedUpdate, { by });
      // Three years from Monday 23 November 2093: Friday 23 November 2096.
      await progressed(schedule, 'due date moved', (s) => s.dueDate === '2096-11-23');
      expect((await caseDetails(db, env.client, reference)).caseFile?.dueAt).toBe('2096-11-22T23:00:00.000Z');
    });
  });

  it('gives a case closed before its workflow kept its file a schedule at the worker’s start, once', async () => {
    const smtp = await startSmtpServer();
    const { db, worker, services } = await caseWorker(env, config, smtp);
    await worker.runUntil(async () => {
      // As the erasure requests closed before migration 0014 are: closed, their file kept by nothing.
      const { id, reference } = await insertCase(db, {
        process: 'erasure',
        policyId: 'gdpr-default',
        locale: 'nl',
        receivedAt: new Date('2093-10-01T10:00:00+02:00'),
        registeredAt: new Date('2093-10-01T10:00:00+02:00'),
        dueAt: new Date('2093-11-02T23:59:59.999+01:00'),
        subject: { name: 'Jan de Vries', email: 'jan@example.nl' },
        actor: 'fg',
      });
      await db<CaseRow>('cases')
        .where({ id })
        .update({ status: 'closed', closed_at: '2093-10-20T09:00:00.000Z' });
      // An access request keeps no file by policy: left alone.
      await insertCase(db, {
        process: 'access',
        policyId: 'gdpr-default',
        locale: 'nl',
        receivedAt: new Date('2093-10-01T10:00:00+02:00'),
        registeredAt: new Date('2093-10-01T10:00:00+02:00'),
        dueAt: new Date('2093-11-02T23:59:59.999+01:00'),
        subject: { name: 'Piet Jansen', email: 'piet@example.nl' },
        actor: 'fg',
      }).then(({ id: access }) => db<CaseRow>('cases').where({ id: access }).update({ status: 'closed' }));

      expect(await keepUnkeptCaseFiles(services)).toEqual([reference]);
      const schedule = (await findCase(db, reference)).file_schedule!;
      // Five years from Tuesday 20 October 2093: Monday 20 October 2098.
      expect((await progressed(schedule, 'running', (s) => s.stage === 'keeping')).dueDate).toBe(
        '2098-10-20',
      );
      expect((await findCase(db, schedule)).workflow_started_at).not.toBeNull();
      expect(await keepUnkeptCaseFiles(services)).toEqual([]);
      expect(await db<CaseRow>('cases').where({ process: 'retention' })).toHaveLength(1);
    });
  });
});

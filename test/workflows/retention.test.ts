/**
 * The retention schedule on the time-skipping server, with the product's worker, a real SQLite database and a real
 * SMTP server on loopback: twenty years of a WGBO file from its last change, touched twice, held and released,
 * reviewed, held again until a date and then destroyed on that day, with the destruction confirmed and in the
 * register; and a changed policy period moving the due date of a running schedule. The case continues as new on
 * every change, so twenty years leave a small history.
 *
 * The dossiers live in 2093 and after, whose calendar no run of these tests will have passed.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listDestructions } from '../../db/destructions';
import { sendUpdate, type CaseServices } from '../../services/cases';
import type { Config } from '../../services/config';
import { addDeviation, destroyDeviation } from '../../services/registers';
import { parseCaseRequest, registerCase } from '../../services/start';
import { holdUpdate, policyChangedUpdate, releaseUpdate } from '../../workflows/case/holds';
import type { CaseStatus } from '../../workflows/case/messages';
import { confirmTaskUpdate } from '../../workflows/case/updates';
import { touchedUpdate } from '../../workflows/retention-messages';
import {
  caseStatus,
  caseWorker,
  eventually,
  keepHistory,
  skipTo as skipClock,
} from '../helpers/case-workflows';
import { tempDir, testConfig } from '../helpers/env';
import { HISTORY_CODEC_KEY } from '../helpers/histories';
import { parseMail, startSmtpServer, type TestSmtpServer } from '../helpers/smtp';
import { timeSkippingEnv } from '../helpers/temporal';

let env: TestWorkflowEnvironment;
let config: Config;

beforeEach(async () => {
  config = testConfig({ PRIVACYLOKET_CODEC_KEY: HISTORY_CODEC_KEY });
  env = await timeSkippingEnv(config);
  await skipTo(new Date('2093-03-02T10:00:00+01:00'));
});
afterEach(async () => env?.teardown());

const skipTo = (moment: Date) => skipClock(env, moment);
const by = 'Anna de Boer (FG)';
const OWNER = 'archief@zorg.example';

async function register(services: CaseServices, input: Record<string, unknown>) {
  const request = await parseCaseRequest(
    'retention',
    { dossier: 'CL-2093-0042', 'data-owner': OWNER, 'data-owner-name': 'Archief', ...input },
    { now: new Date(await env.currentTimeMs()), policiesDir: services.config.policiesDir },
  );
  const { reference } = await registerCase(services, request);
  await eventually(`${reference}: its case loaded`, () => status(reference));
  return reference;
}

const status = (reference: string) => caseStatus(env, reference);
const progressed = (reference: string, what: string, reached: (status: CaseStatus) => boolean) =>
  eventually(`${reference}: ${what}`, async () => {
    const current = await status(reference).catch(() => undefined);
    return current && reached(current) ? current : undefined;
  });
const mailsTo = async (smtp: TestSmtpServer, address: string) =>
  Promise.all(smtp.messages.filter((m) => m.envelope.to.includes(address)).map((m) => parseMail(m.raw)));
const officer = (smtp: TestSmtpServer) => mailsTo(smtp, 'fg@voorbeeldorganisatie.example');

/** Walks the clock to `moment` and waits until the case has caught up with it (its next alarm lies beyond). */
async function walkTo(reference: string, moment: string) {
  await skipTo(new Date(moment));
  await progressed(reference, `caught up with ${moment}`, (s) => !s.nextAlarm || s.nextAlarm.at > moment);
}

describe('retention', () => {
  it('keeps a WGBO file 20 years from its last change: touched twice, held and released, reviewed, held until a date, then destroyed that day and registered', async () => {
    const smtp = await startSmtpServer();
    const { worker, services, db } = await caseWorker(env, config, smtp);
    await worker.runUntil(async () => {
      const reference = await register(services, {
        policy: 'gdpr-default',
        category: 'medical-record',
        from: '2093-01-15',
      });
      expect(reference).toMatch(/^BEW-2093-\d{4}$/);
      const firstRun = (await env.client.workflow.getHandle(reference).describe()).runId;
      // 15 January 2113 is a Sunday: the period ends on Monday the 16th.
      expect((await status(reference)).dueDate).toBe('2113-01-16');

      // The update answers with the new due date at once; the run that continues as new records it.
      const touched = await sendUpdate(services, reference, touchedUpdate, {
        by,
        at: '2093-03-01T00:00:00.000Z',
      });
      expect(touched.dueDate).toBe('2113-03-01');
      await progressed(reference, 'first touch recorded', (s) =>
        s.history.some((h) => h.event.startsWith('due date now 2113-03-01')),
      );
      await expect(
        sendUpdate(services, reference, touchedUpdate, { by, at: '2093-02-01T00:00:00.000Z' }),
      ).rejects.toThrow(/touched: at must be after the last change recorded/);

      await skipTo(new Date('2095-03-10T12:00:00+01:00'));
      await sendUpdate(services, reference, touchedUpdate, { by, at: '2095-03-10T12:00:00+01:00' });
      // 10 March 2115 is a Sunday.
      await progressed(reference, 'second touch', (s) => s.dueDate === '2115-03-11');

      await skipTo(new Date('2100-05-01T10:00:00+02:00'));
      await sendUpdate(services, reference, holdUpdate, {
        by,
        reason: 'Klacht bij de tuchtrechter over de behandeling.',
      });
      await progressed(reference, 'held', (s) => s.stage === 'on-hold');
      await expect(sendUpdate(services, reference, holdUpdate, { by, reason: 'Nog een.' })).rejects.toThrow(
        /a legal hold is already in force/,
      );
      await skipTo(new Date('2110-06-01T10:00:00+02:00'));
      expect((await status(reference)).stage).toBe('on-hold');
      await sendUpdate(services, reference, releaseUpdate, { by, note: 'De klacht is afgehandeld.' });
      await progressed(reference, 'released', (s) => s.stage === 'keeping');
      await expect(sendUpdate(services, reference, releaseUpdate, { by })).rejects.toThrow(
        /no legal hold is in force/,
      );

      // Four weeks before the day the officer is asked to review it: 11 February 2115, 09:00.
      await walkTo(reference, '2115-02-11T10:00:00+01:00');
      await progressed(reference, 'reviewing', (s) => s.stage === 'reviewing');
      const review = (await officer(smtp)).find((m) => /Beoordelen/.test(m.subject ?? ''));
      expect(review?.text).toContain('11 maart 2115');
      expect(review?.text).not.toMatch(/CL-2093-0042/);

      await skipTo(new Date('2115-03-05T10:00:00+01:00'));
      await sendUpdate(services, reference, holdUpdate, {
        by,
        reason: 'Verzoek van de inspectie.',
        until: '2115-04-01T00:00:00+02:00',
      });
      await skipTo(new Date('2115-03-20T10:00:00+01:00'));
      expect((await status(reference)).tasks).toEqual([]);

      // The hold ends by itself on 1 April: the task goes out that day.
      await skipTo(new Date('2115-04-01T00:30:00+02:00'));
      const destroying = await progressed(reference, 'task given', (s) => s.tasks?.length === 1);
      expect(destroying.stage).toBe('carrying-out');
      const [task] = await mailsTo(smtp, OWNER);
      expect(task?.text).toContain(reference);
      expect(task?.text).not.toMatch(/CL-2093-0042|Klacht/);

      await skipTo(new Date('2115-04-01T09:30:00+02:00'));
      await sendUpdate(services, reference, confirmTaskUpdate, {
        by,
        task: 1,
        doneBy: 'J. Jansen (archief)',
        at: '2115-04-01T09:00:00+02:00',
        how: 'Dossier uit het EPD verwijderd; papieren dossier vernietigd door de archiefdienst.',
      });
      const closed = await progressed(reference, 'closed', (s) => s.stage === 'closed');
      expect(closed.history.map((e) => e.event)).toEqual(
        expect.arrayContaining([
          'legal hold ended on its end date',
          'destruction confirmed to the officer and registered',
        ]),
      );
      const [entry] = await listDestructions(db);
      expect(entry).toMatchObject({
        reference,
        process: 'retention',
        category: 'medical-record',
        destroyed_by: 'J. Jansen (archief)',
        due_at: '2115-03-11T22:59:59.999Z',
      });
      expect((await officer(smtp)).some((m) => /Vernietiging bevestigd/.test(m.subject ?? ''))).toBe(true);
      // The due date is when the task goes out, not an answer owed: management is never told it is overdue.
      expect(await mailsTo(smtp, 'directie@voorbeeldorganisatie.example')).toEqual([]);

      // Twenty years, every change a new run: the last run's history is short.
      const handle = env.client.workflow.getHandle(reference);
      expect((await handle.describe()).runId).not.toBe(firstRun);
      const history = await handle.fetchHistory();
      expect(history.events?.length).toBeLessThan(300);
      keepHistory('retention', 'twenty-years', history);
    });
  });

  it("moves a running schedule's due date when the policy's period changes", async () => {
    const policiesDir = tempDir();
    cpSync(config.policiesDir, policiesDir, { recursive: true });
    const changed = { ...config, policiesDir };
    const smtp = await startSmtpServer();
    const { worker, services } = await caseWorker(env, changed, smtp);
    await worker.runUntil(async () => {
      const reference = await register(services, {
        policy: 'gdpr-default',
        category: 'staff',
        from: '2093-03-01',
      });
      expect((await status(reference)).dueDate).toBe('2095-03-01');

      const file = join(policiesDir, 'gdpr-default', 'policy.json');
      const policy = JSON.parse(readFileSync(file, 'utf8')) as {
        retention: Record<string, { period: unknown }>;
      };
      policy.retention.staff!.period = { years: 1 };
      writeFileSync(file, JSON.stringify(policy));
      await sendUpdate(services, reference, policyChangedUpdate, { by });
      await progressed(reference, 'due date moved', (s) => s.dueDate === '2094-03-01');

      await skipTo(new Date('2094-03-02T00:30:00+01:00'));
      await progressed(reference, 'task given', (s) => s.tasks?.length === 1);
      keepHistory(
        'retention',
        'policy-changed',
        await env.client.workflow.getHandle(reference).fetchHistory(),
      );
    });
  });

  it('destroys an entry of the register of deviations after its 3 years (Buurderij art. 20), not before', async () => {
    const smtp = await startSmtpServer();
    const { worker, services, db } = await caseWorker(env, config, smtp);
    await worker.runUntil(async () => {
      const now = new Date(await env.currentTimeMs());
      const added = await addDeviation(
        services,
        {
          policy: 'de-buurderij',
          kind: 'provision',
          description: 'Zorgplan aan de school gegeven.',
          reason: 'Op verzoek van de ouders.',
          by,
        },
        now,
      );
      const reference = added.retention.reference;
      expect(added.label).toBe('AFW-2093-0001');
      await progressed(reference, 'scheduled', (s) => s.dueDate === '2096-03-02');
      await expect(destroyDeviation(services, 'afw-2093-0001')).rejects.toThrow(
        'AFW-2093-0001 is kept until 2096-03-02T22:59:59.999Z (BEW-2093-0001): its destruction task comes then',
      );

      await skipTo(new Date('2096-03-03T10:00:00+01:00'));
      await progressed(reference, 'task given', (s) => s.tasks?.length === 1);
      expect((await mailsTo(smtp, 'marc@debuurderij.nl')).some((m) => m.text.includes(reference))).toBe(true);
      expect(await destroyDeviation(services, 'AFW-2093-0001', new Date(await env.currentTimeMs()))).toEqual({
        label: 'AFW-2093-0001',
        retention: reference,
        task: 1,
      });
      await progressed(reference, 'closed', (s) => s.stage === 'closed');
      expect(await db('deviations').count({ n: '*' }).first()).toEqual({ n: 0 });
      const [entry] = await listDestructions(db);
      expect(entry).toMatchObject({
        reference,
        category: 'deviation-register',
        what: 'Register van afwijkende verwerkingen',
      });
      expect(entry?.basis).toContain('ten hoogste 3 jaar');
    });
  });
});

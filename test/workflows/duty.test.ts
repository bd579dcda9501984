/**
 * A recurring duty's run on the time-skipping server, started as its schedule starts it (the test server runs no
 * Schedules: `test/e2e/duties.test.ts` covers them on the dev server). Real SQLite, real SMTP on loopback. The
 * run lives in 2093, whose calendar is that of 2026, so that no run of these tests has passed it.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditTrail, type AuditEventRow } from '../../db/audit';
import type { DutyRow } from '../../db/duties';
import type { Config } from '../../services/config';
import type { duty } from '../../workflows/duty';
import { dutyDoneUpdate, dutyStatusQuery, type DutyStatus } from '../../workflows/duty-messages';
import { caseWorker, keepHistory, skipTo as skipClock } from '../helpers/case-workflows';
import { testConfig } from '../helpers/env';
import { HISTORY_CODEC_KEY } from '../helpers/histories';
import { policyOf } from '../helpers/policies';
import { parseMail, startSmtpServer, type TestSmtpServer } from '../helpers/smtp';
import { timeSkippingEnv } from '../helpers/temporal';

let env: TestWorkflowEnvironment;
let config: Config;

beforeEach(async () => {
  config = testConfig({ PRIVACYLOKET_CODEC_KEY: HISTORY_CODEC_KEY });
  env = await timeSkippingEnv(config);
  // Monday 16 March 2093, 09:00: when the schedule would start the run.
  await skipClock(env, new Date('2093-03-16T09:00:00+01:00'));
});
afterEach(async () => env?.teardown());

const RUN_ID = 'duty-werk-op-maat-password-change-2093-03-16T08:00:00Z';
const mails = (smtp: TestSmtpServer) => Promise.all(smtp.messages.map((m) => parseMail(m.raw)));

async function startRun(smtp: TestSmtpServer) {
  const { db, worker, services } = await caseWorker(env, config, smtp);
  const start = () =>
    env.client.workflow.start<typeof duty>('duty', {
      taskQueue: services.config.temporal.taskQueue,
      workflowId: RUN_ID,
      args: [{ policy: 'werk-op-maat', duty: 'password-change', every: { months: 6 } }],
    });
  return { db, worker, start };
}

const statusOf = (handle: { query: (q: typeof dutyStatusQuery) => Promise<DutyStatus> }) =>
  handle.query(dutyStatusQuery);

describe('a recurring duty', () => {
  it('mails the officer, reminds before the next run, tells management when it comes, and records the confirmation', async () => {
    const smtp = await startSmtpServer();
    const { db, worker, start } = await startRun(smtp);
    await worker.runUntil(async () => {
      const handle = await start();
      await smtp.waitFor(1);
      const [first] = await mails(smtp);
      expect(first!.to).toBe('fg@werkopmaat.example');
      expect(first!.subject).toBe(
        'Terugkerende taak: Wachtwoorden van computers, laptops en mobiele telefoons wijzigen (jaarcyclus teamoverleg; werkbegeleider ICT & Training), uiterlijk 16 september 2093',
      );
      expect(first!.text).toContain('Herhaalt na: 6 maanden');
      expect(first!.text).toContain("'Wachtwoorden worden minimaal 1 x per 6 maanden gewijzigd.");
      expect(first!.text).toContain('privacyloket duty done werk-op-maat/password-change --by');
      expect((await statusOf(handle)).dueAt).toBe(new Date('2093-09-16T23:59:59.999+02:00').toISOString());

      // Each alarm at its moment (09:00 on a working day), to the right person, once.
      const expectAlarm = async (count: number, kind: string, at: string) => {
        const status = await statusOf(handle);
        expect(status.nextAlarm).toEqual({ kind, at: new Date(at).toISOString() });
        await skipClock(env, new Date(new Date(at).getTime() + 60_000));
        await smtp.waitFor(count + 1, 10_000);
        return (await mails(smtp))[count]!;
      };
      // One month after the run; a month before the next (16 August is a Sunday: Friday 14th); a week before.
      expect((await expectAlarm(1, 'reminder', '2093-04-16T09:00:00+02:00')).to).toBe(
        'fg@werkopmaat.example',
      );
      const august = await expectAlarm(2, 'reminder', '2093-08-14T09:00:00+02:00');
      expect(august.subject).toMatch(
        /^Herinnering: terugkerende taak niet bevestigd: Wachtwoorden .*, uiterlijk 16 september 2093$/,
      );
      await expectAlarm(3, 'reminder', '2093-09-09T09:00:00+02:00');
      const escalation = await expectAlarm(4, 'escalation', '2093-09-16T23:59:59.999+02:00');
      expect(escalation.to).toBe('bestuur@werkopmaat.example');
      expect(escalation.subject).toMatch(/^Terugkerende taak niet uitgevoerd: Wachtwoorden /);
      expect(escalation.text).toContain('had uiterlijk op 16 september 2093 moeten zijn uitgevoerd');
      // Still open at the run after: management again, at the time the run would have started.
      expect((await statusOf(handle)).nextAlarm).toEqual({
        kind: 'escalation',
        at: new Date('2094-03-16T09:00:00+01:00').toISOString(),
      });
      for (const mail of await mails(smtp)) expect(mail.text).toContain('noemt bewust geen namen');

      // A refusal names the field and changes nothing.
      await expect(handle.executeUpdate(dutyDoneUpdate, { args: [{ by: '' }] })).rejects.toMatchObject({
        cause: { message: 'by must not be empty' },
      });
      const done = await handle.executeUpdate(dutyDoneUpdate, {
        args: [{ by: 'Anna de Boer', note: 'Alle wachtwoorden gewijzigd in het teamoverleg.' }],
      });
      expect(done.done).toMatchObject({ by: 'Anna de Boer' });
      const result = await handle.result();
      expect(result.history.at(-1)?.event).toBe('done, confirmed by Anna de Boer');
      keepHistory('duty', 'escalated-then-done', await handle.fetchHistory());
    });
    const rows = await db<DutyRow>('duties').select();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      policy_id: 'werk-op-maat',
      duty: 'password-change',
      run_id: RUN_ID,
      due_at: new Date('2093-09-16T23:59:59.999+02:00').toISOString(),
      done_by: 'Anna de Boer',
      note: 'Alle wachtwoorden gewijzigd in het teamoverleg.',
    });
    expect(rows[0]!.scheduled_at).toMatch(/^2093-03-16T08:00/); // the run's start: no schedule here
    const events = await db<AuditEventRow>('audit_events').where({ type: 'duty.done' });
    expect(events).toHaveLength(1);
    expect(events[0]!.actor).toBe('Anna de Boer');
    expect(events[0]!.data).not.toContain('wachtwoorden gewijzigd'); // the note stays in the row
    expect(await db('audit_events').where({ type: 'duty.duty-escalation-sent' })).toHaveLength(1);
    expect(await verifyAuditTrail(db)).toMatchObject({ ok: true });
  });

  it('ends at once, without reminders, when the officer confirms it soon', async () => {
    const smtp = await startSmtpServer();
    const { db, worker, start } = await startRun(smtp);
    await worker.runUntil(async () => {
      const handle = await start();
      await smtp.waitFor(1);
      await skipClock(env, new Date('2093-03-20T15:00:00+01:00'));
      const done = await handle.executeUpdate(dutyDoneUpdate, { args: [{ by: 'Anna de Boer' }] });
      expect(done.done?.by).toBe('Anna de Boer');
      expect(done.done?.at).toMatch(/^2093-03-20T14:00/);
      expect((await handle.result()).history.map((entry) => entry.event)).toEqual([
        'mailed to the officer',
        'done, confirmed by Anna de Boer',
      ]);
    });
    expect(smtp.messages).toHaveLength(1);
    expect(await db<DutyRow>('duties').select('done_by', 'note')).toEqual([
      { done_by: 'Anna de Boer', note: null },
    ]);
  });

  it("names the duty in English for an organisation whose letters are in English (the policy's labelEn)", async () => {
    config = {
      ...config,
      policiesDir: policyOf('werk-op-maat', 'werk-op-maat', (policy) => ({
        ...policy,
        organisation: { ...policy.organisation, locale: 'en' },
      })),
    };
    const smtp = await startSmtpServer();
    const { worker, start } = await startRun(smtp);
    await worker.runUntil(async () => {
      await start();
      await smtp.waitFor(1);
      const [first] = await mails(smtp);
      expect(first!.subject).toBe(
        'Recurring duty: Change the passwords of computers, laptops and mobile phones (yearly cycle of team meetings; ICT & Training supervisor), by 16 September 2093',
      );
      expect(first!.text).not.toContain('Wachtwoorden van computers');
    });
  });
});

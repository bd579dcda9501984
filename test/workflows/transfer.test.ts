/**
 * The transfer of processing (Buurderij art. 25 lid 2) on the time-skipping server, with real SMTP on loopback and
 * the PDFs read back: every person gets a notice (by mail, or by post without an e-mail address), an objection is
 * recorded and one that came in too late is refused, and at the effective date the transfer list is recorded
 * without the objector (art. 7:457 BW).
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEventRow } from '../../db/audit';
import { findCase } from '../../db/cases';
import { findLatestRecord } from '../../db/records';
import { registerCaseWithPeople, findPostLetters } from '../../services/case-people';
import type { CaseServices } from '../../services/cases';
import { sendUpdate } from '../../services/cases';
import type { Config } from '../../services/config';
import type { Policy } from '../../policies/schema';
import { parseCaseRequest } from '../../services/start';
import { recordObjection, transferPeople } from '../../services/transfer';
import type { CaseResult } from '../../workflows/case/kit';
import type { CaseStatus } from '../../workflows/case/messages';
import { caseStatusQuery } from '../../workflows/case/updates';
import {
  transferObjectionSignal,
  transferPostedUpdate,
  type TransferState,
} from '../../workflows/transfer-messages';
import { caseWorker, eventually, keepHistory, skipTo } from '../helpers/case-workflows';
import { tempDir, testConfig } from '../helpers/env';
import { HISTORY_CODEC_KEY } from '../helpers/histories';
import { readPdf } from '../helpers/pdf';
import { parseMail, startSmtpServer, type TestSmtpServer } from '../helpers/smtp';
import { timeSkippingEnv } from '../helpers/temporal';

let env: TestWorkflowEnvironment;
let config: Config;

/** Monday 5 January 2093, 10:00 in Amsterdam; the processing moves on Monday 2 March 2093. */
const NOW = new Date('2093-01-05T10:00:00+01:00');
const EFFECTIVE = '2093-03-02';

beforeEach(async () => {
  config = testConfig({ PRIVACYLOKET_CODEC_KEY: HISTORY_CODEC_KEY });
  env = await timeSkippingEnv(config);
  await skipTo(env, NOW);
});
afterEach(async () => env?.teardown());

const CSV = [
  'name,email,address,locale',
  'Anna de Boer,anna@example.nl,,',
  'Bob Smith,bob@example.nl,,en',
  'Cor Visser,,"Dorpsstraat 1\n1234 AB Ergens",',
  'Dirk Bakker,dirk@example.nl,,',
].join('\n');

const status = async (reference: string) => {
  const current = await env.client.workflow.getHandle(reference).query(caseStatusQuery);
  return { ...current, transfer: (current.details as { transfer: TransferState }).transfer };
};
const progressed = (reference: string, what: string, reached: (s: CaseStatus) => boolean) =>
  eventually(`${reference}: ${what}`, async () => {
    const current = await status(reference);
    return reached(current) ? current : undefined;
  });
const mailsTo = async (smtp: TestSmtpServer, address: string) =>
  Promise.all(smtp.messages.filter((m) => m.envelope.to.includes(address)).map((m) => parseMail(m.raw)));
const flat = (text: string) => text.replace(/\s+/g, ' ');

async function start(services: CaseServices, effective: string, csv = CSV) {
  const now = new Date(await env.currentTimeMs());
  const request = await parseCaseRequest(
    'transfer',
    {
      policy: 'de-buurderij',
      to: 'Stichting Zorg Samen',
      effective,
      reason: 'De dagbesteding in Ergens gaat over naar Stichting Zorg Samen.',
    },
    { now, policiesDir: services.config.policiesDir },
  );
  return registerCaseWithPeople(services, request, csv);
}

describe('transfer', () => {
  it('tells every person in time, records an objection, refuses a late one and transfers the others at the effective date', async () => {
    const smtp = await startSmtpServer();
    const { db, worker, services } = await caseWorker(env, config, smtp);
    const by = 'fg';
    await worker.runUntil(async () => {
      // Four weeks' notice (the policy's) cannot fit before 20 January: refused, naming the earliest date.
      await expect(start(services, '2093-01-20')).rejects.toThrow(
        "--effective is 2093-01-20, too soon: the people must have 4 weeks to object (the policy's processes.transfer.noticeBefore), so the earliest possible date is 2093-02-03",
      );
      expect(await db('cases').count({ n: '*' })).toEqual([{ n: 0 }]);

      const { reference, started, people } = await start(services, EFFECTIVE);
      expect(reference).toMatch(/^OVD-2093-\d{4}$/);
      expect(started).toBe(true);
      expect(people).toEqual({ count: 4, byMail: 3, byPost: 1 });

      // The notices go out at once; the one by post waits for the officer, before the notices' day.
      const posting = await progressed(reference, 'the notices out', (s) => s.next.step === 'transfer-post');
      expect(posting.transfer.notices).toEqual({ sent: 3, undeliverable: 0, post: 1 });
      expect(posting.dueDate).toBe('2093-01-30'); // 4 weeks from 30 January end on 27 February, before 2 March
      const [anna] = await mailsTo(smtp, 'anna@example.nl');
      const dutch = flat((await readPdf(anna!.attachments[0]!.content)).text);
      for (const part of [
        'Geachte Anna de Boer,',
        'Overdracht van uw gegevens aan een andere organisatie',
        'op 2 maart 2093 overdraagt aan Stichting Zorg Samen',
        'De dagbesteding in Ergens gaat over naar Stichting Zorg Samen.',
        'de termijn volgens ons privacyreglement (Privacyreglement De Buurderij): ten minste 4 weken',
        'uiterlijk op 1 maart 2093',
        'artikel 7:457 Burgerlijk Wetboek',
        'Autoriteit Persoonsgegevens',
        'marc@debuurderij.nl',
        reference,
      ])
        expect(dutch).toContain(part);
      const [bob] = await mailsTo(smtp, 'bob@example.nl');
      const english = flat((await readPdf(bob!.attachments[0]!.content)).text);
      for (const part of [
        'Dear Bob Smith,',
        'Transfer of your data to another organisation',
        'on 2 March 2093 De Buurderij will transfer',
        'by 1 March 2093 at the latest',
        'Article 7:457 of the Dutch Civil Code',
        'Dutch Data Protection Authority',
      ])
        expect(english).toContain(part);
      expect(await mailsTo(smtp, 'dirk@example.nl')).toHaveLength(1);
      const post = (await readPdf((await findPostLetters(db, reference))!.content)).text;
      expect(post).toContain('Cor Visser');
      expect(post).not.toContain('Anna de Boer');
      const [officer] = await mailsTo(smtp, 'marc@debuurderij.nl');
      expect(officer!.subject).toBe(
        `Kennisgevingen over de overdracht klaar voor de post: ${reference} (1 brieven)`,
      );
      expect(officer!.text).not.toMatch(/Cor|Dorpsstraat/);

      await sendUpdate(services, reference, transferPostedUpdate, {
        by,
        at: new Date(await env.currentTimeMs()).toISOString(),
      });
      await progressed(reference, 'posted', (s) => s.next.step === 'transfer-objections');

      // Dirk objects by letter in February (CSV line 6: Cor's address takes two): his file stays out.
      await skipTo(env, new Date('2093-02-11T09:00:00+01:00'));
      const now = () => env.currentTimeMs().then((ms) => new Date(ms));
      const dirk = await recordObjection(
        db,
        reference,
        {
          line: 6,
          received: '2093-02-10',
          how: 'letter',
          note: 'Wil bij de huidige begeleider blijven.',
          by,
        },
        await now(),
      );
      expect(dirk).toMatchObject({ line: 6, received: '2093-02-10' });
      await env.client.workflow.getHandle(reference).signal(transferObjectionSignal, { line: 6, by });
      await progressed(
        reference,
        'the objection noted',
        (s) => (s.details as { transfer: TransferState }).transfer.objections === 1,
      );
      await expect(
        recordObjection(db, reference, { line: 6, received: '2093-02-10', how: 'phone', by }, await now()),
      ).rejects.toThrow("--line 6: this person's objection is recorded already");

      // At the effective date the list is made without Dirk, and the case closes.
      const result = (await env.client.workflow.getHandle(reference).result()) as CaseResult;
      expect(result.outcome).toBe('transferred');
      expect(new Date(result.closedAt).getTime()).toBeGreaterThanOrEqual(
        new Date('2093-03-02T00:00:00+01:00').getTime(),
      );
      const { id: caseId } = await findCase(db, reference);
      const list = await findLatestRecord<{
        transferred: number;
        excluded: number;
        transfer: { name: string; line: number }[];
        excludedByObjection: { name: string; line: number; how: string }[];
      }>(db, caseId, 'transfer.list');
      expect(list).toMatchObject({ transferred: 3, excluded: 1, effectiveDate: EFFECTIVE });
      expect(list!.transfer.map((p) => p.name)).toEqual(['Anna de Boer', 'Bob Smith', 'Cor Visser']);
      expect(list!.excludedByObjection).toMatchObject([{ name: 'Dirk Bakker', line: 6, how: 'letter' }]);
      const events = await db<AuditEventRow>('audit_events').where({ case_id: caseId });
      const listed = events.find((e) => e.type === 'transfer.list-recorded')!;
      expect(JSON.parse(listed.data)).toMatchObject({ transferred: 3, excluded: 1 });
      for (const event of events) expect(event.data).not.toMatch(/Anna|Bob|Cor|Dirk|Dorpsstraat|example\.nl/);

      // Anna's objection came in on the effective date itself: too late, refused naming the date.
      await expect(
        recordObjection(db, reference, { line: 2, received: EFFECTIVE, how: 'e-mail', by }, await now()),
      ).rejects.toThrow(
        `--received is ${EFFECTIVE}, on or after the transfer's effective date ${EFFECTIVE}: objections had to come in by 2093-03-01`,
      );
      const listed2 = await transferPeople(db, reference);
      expect(listed2.people.map((p) => [p.line, p.status])).toEqual([
        [2, 'transferred'],
        [3, 'transferred'],
        [4, 'transferred'],
        [6, 'objected'],
      ]);
      const history = await status(reference);
      expect(history.history.map((h) => h.event)).toContain(
        'objection recorded (CSV line 6): the file stays out of the transfer',
      );
      keepHistory(
        'transfer',
        'notices-objection-list',
        await env.client.workflow.getHandle(reference).fetchHistory(),
      );
    });
  }, 180_000);

  it("reminds and escalates at the policy's own offsets until the notices for the post are out", async () => {
    // De Buurderij with reminders 10 and 3 days before the notices' day and escalation every 2 days, not the
    // shipped 7 and 2 days and daily: the workflow must read them from the policy.
    const policiesDir = tempDir();
    cpSync(config.policiesDir, policiesDir, { recursive: true });
    const file = join(policiesDir, 'de-buurderij', 'policy.json');
    const policy = JSON.parse(readFileSync(file, 'utf8')) as Policy;
    const transfer = { ...policy.processes.transfer, reminders: [{ days: 10 }, { days: 3 }] };
    policy.processes.transfer = { ...transfer, escalateEvery: { days: 2 } };
    writeFileSync(file, JSON.stringify(policy));
    const smtp = await startSmtpServer();
    const { worker, services } = await caseWorker(env, { ...config, policiesDir }, smtp);
    await worker.runUntil(async () => {
      const csv = ['name,email,address,locale', 'Cor Visser,,"Dorpsstraat 1\n1234 AB Ergens",'].join('\n');
      const { reference } = await start(services, EFFECTIVE, csv);
      const posting = await progressed(
        reference,
        'the notice for the post',
        (s) => s.next.step === 'transfer-post',
      );
      expect(posting.dueDate).toBe('2093-01-30'); // Friday
      const alarms = async (count: number) =>
        progressed(
          reference,
          `${count} alarms`,
          (s) => s.history.filter((h) => / sent to /.test(h.event)).length === count,
        );
      const expectAlarm = async (count: number, kind: string, at: string) => {
        expect((await status(reference)).nextAlarm).toEqual({ kind, at: new Date(at).toISOString() });
        await skipTo(env, new Date(new Date(at).getTime() + 60_000));
        await alarms(count);
        return (
          await mailsTo(
            smtp,
            kind === 'reminder' ? 'marc@debuurderij.nl' : 'raad-van-bestuur@debuurderij.example',
          )
        ).at(-1)!;
      };
      // 10 days before Friday 30 January is Tuesday the 20th, 3 days before Tuesday the 27th; 09:00 each.
      const first = await expectAlarm(1, 'reminder', '2093-01-20T09:00:00+01:00');
      expect(first.subject).toMatch(new RegExp(`^Herinnering: ${reference} .*30 januari 2093`));
      expect(first.text).not.toMatch(/Cor|Dorpsstraat/);
      await expectAlarm(2, 'reminder', '2093-01-27T09:00:00+01:00');
      await expectAlarm(3, 'escalation', '2093-01-30T23:59:59.999+01:00');
      await expectAlarm(4, 'escalation', '2093-02-01T09:00:00+01:00'); // every 2 days, not daily
      await expectAlarm(5, 'escalation', '2093-02-03T09:00:00+01:00');

      // Posted: the notices are all out, and the alarms stop.
      await sendUpdate(services, reference, transferPostedUpdate, {
        by: 'fg',
        at: new Date(await env.currentTimeMs()).toISOString(),
      });
      const done = await progressed(reference, 'posted', (s) => s.next.step === 'transfer-objections');
      expect(done.nextAlarm).toBeUndefined();
    });
  }, 180_000);
});

/**
 * The data breach on the time-skipping server, with the product's worker, a real SQLite database and a real SMTP
 * server on loopback: the 72 hours of art. 33(1) in exact hours across the end of summer time, from awareness
 * and from Werk op Maat's stricter clock; reminders and repeated escalation until the decision; a late
 * notification refused without its reasons; follow-ups numbered; every step kept as a record for the log.
 *
 * The breaches happen in 2093, whose calendar is that of 2026 (summer time ends on Sunday 25 October 2093 at
 * 01:00 UTC) and which no run of these tests will have passed.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { findCase } from '../../db/cases';
import type { CaseRecordRow } from '../../db/records';
import { recommend } from '../../lib/breach/recommend';
import type { Assessment } from '../../lib/breach/types';
import type { CaseServices } from '../../services/cases';
import { sendUpdate } from '../../services/cases';
import type { Config } from '../../services/config';
import { parseCaseRequest, registerCase } from '../../services/start';
import {
  breachAssessUpdate,
  breachAwareUpdate,
  breachCloseUpdate,
  breachDecideUpdate,
  breachFollowUpUpdate,
  breachLetterUpdate,
  breachNotifiedUpdate,
  breachPeopleUpdate,
  breachPostedUpdate,
  EXAMPLE_LETTER,
  type BreachState,
} from '../../workflows/breach-messages';
import { breachFile } from '../../services/breach-file';
import { withPrinter } from '../../services/breach-documents';
import { breachLogPdf } from '../../services/breach-log';
import { previewBreachLetter } from '../../services/breach-people';
import { findPostLetters, importPeople } from '../../services/case-people';
import { readPdf } from '../helpers/pdf';
import { caseStatusQuery } from '../../workflows/case/updates';
import type { CaseStatus } from '../../workflows/case/messages';
import { caseWorker, eventually, keepHistory, skipTo as skipClock } from '../helpers/case-workflows';
import { testConfig } from '../helpers/env';
import { HISTORY_CODEC_KEY } from '../helpers/histories';
import { parseMail, startSmtpServer, type TestSmtpServer } from '../helpers/smtp';
import { timeSkippingEnv } from '../helpers/temporal';

let env: TestWorkflowEnvironment;
let config: Config;

beforeEach(async () => {
  config = testConfig({ PRIVACYLOKET_CODEC_KEY: HISTORY_CODEC_KEY });
  env = await timeSkippingEnv(config);
  await skipTo(new Date('2093-10-23T14:30:00+02:00')); // half an hour after AWARE
});
afterEach(async () => env?.teardown());

const skipTo = (moment: Date) => skipClock(env, moment);
const hours = (from: string, n: number) => new Date(new Date(from).getTime() + n * 3_600_000).toISOString();

/** Friday 23 October 2093, summer time; the clocks go back an hour in the night of Saturday to Sunday. */
const NOTICED = '2093-10-23T08:00:00.000Z'; // 10:00 in Amsterdam
const AWARE = '2093-10-23T12:00:00.000Z'; // 14:00

/** A mis-sent mail with client health data, reaching an unknown recipient: notify the AP, tell the people. */
const ASSESSMENT: Assessment = {
  nature: ['confidentiality'],
  events: ['sent-to-wrong-recipient'],
  cause: 'Een medewerker koos het verkeerde adres uit de adresaanvulling.',
  description:
    'Een overzicht met zorgplannen van 40 cliënten is naar een onbekende externe ontvanger gemaild.',
  data: { general: ['naam', 'adres'], special: ['health'], records: 40 },
  people: { groups: ['cliënten'], min: 40, max: 40, vulnerable: ['clients-in-care'] },
  measuresBefore: { encryption: 'none', backup: true },
  trustedRecipientDeleted: false,
  malicious: false,
  consequences: {
    physical: false,
    material: false,
    immaterial: true,
    description: 'Onbekenden kunnen gezondheidsgegevens van kwetsbare cliënten lezen.',
    severity: 'high',
  },
  measuresAfter: {
    taken: 'De ontvanger is gevraagd de mail te verwijderen.',
    planned: 'Adresaanvulling uit.',
  },
};

async function register(services: CaseServices, input: Record<string, unknown>) {
  const request = await parseCaseRequest(
    'breach',
    { summary: 'Overzicht met cliëntgegevens naar een verkeerd adres gemaild.', noticed: NOTICED, ...input },
    { now: new Date(await env.currentTimeMs()), policiesDir: services.config.policiesDir },
  );
  const { reference } = await registerCase(services, request);
  await eventually(`${reference}: its case loaded`, () => status(reference));
  return reference;
}

const status = async (reference: string) => {
  const current = await env.client.workflow.getHandle(reference).query(caseStatusQuery);
  return { ...current, breach: (current.details as { breach: BreachState }).breach };
};
const progressed = (reference: string, what: string, reached: (status: CaseStatus) => boolean) =>
  eventually(`${reference}: ${what}`, async () => {
    const current = await status(reference);
    return reached(current) ? current : undefined;
  });
/**
 * The reminders and escalations sent, as the case's history notes them: when (to the minute: the note is made
 * once the mail is out, a moment after the timer fired), and to whom.
 */
const alarms = (s: CaseStatus) =>
  s.history.filter((e) => / sent to /.test(e.event)).map((e) => `${e.at.slice(0, 16)} ${e.event}`);
/** An alarm as `alarms` lists it: `hours` after `from`. */
const alarm = (from: string, n: number, event: string) => `${hours(from, n).slice(0, 16)} ${event}`;
/** Walks the clock to each moment and waits for the alarm that falls due then. */
async function expectAlarmsAt(reference: string, expected: string[]) {
  for (const [index, line] of expected.entries()) {
    await skipTo(new Date(`${line.split(' ')[0]!}:59Z`));
    await progressed(reference, `alarm ${index + 1}`, (s) => alarms(s).length > index);
  }
  expect(alarms(await status(reference))).toEqual(expected);
}

const by = 'Anna de Boer (FG)';
const assess = (services: CaseServices, reference: string, assessment = ASSESSMENT) =>
  sendUpdate(services, reference, breachAssessUpdate, { by, assessment });
const decide = (
  services: CaseServices,
  reference: string,
  notifyAuthority: boolean,
  notifySubjects: boolean,
  reasons?: string,
) =>
  sendUpdate(services, reference, breachDecideUpdate, {
    by,
    notifyAuthority,
    notifySubjects,
    ...(reasons ? { reasons } : {}),
  });

const records = async ({ db }: CaseServices, reference: string) =>
  db<CaseRecordRow>('case_records')
    .where({ case_id: (await findCase(db, reference)).id })
    .orderBy('id');

/** What the case's one record of `type` keeps as evidence: the workflow records it after the update returns. */
const evidence = (services: CaseServices, reference: string, type: string) =>
  vi.waitFor(
    async () => {
      const record = (await records(services, reference)).find((r) => r.type === type);
      if (!record) throw new Error(`${reference} has no ${type} record yet`);
      return JSON.parse(record.data) as Record<string, unknown>;
    },
    { timeout: 5000, interval: 20 },
  );

const mailsTo = async (smtp: TestSmtpServer, address: string) =>
  Promise.all(smtp.messages.filter((m) => m.envelope.to.includes(address)).map((m) => parseMail(m.raw)));

describe('breach', () => {
  it('reminds at 24, 48 and 66 hours after awareness and escalates at 72 and every 12 hours, in exact hours across the end of summer time', async () => {
    const smtp = await startSmtpServer();
    const { worker, services } = await caseWorker(env, config, smtp);
    await worker.runUntil(async () => {
      const reference = await register(services, {
        policy: 'gdpr-default',
        aware: AWARE,
        'aware-reasons': 'Na navraag bij de ontvanger stond vast dat de bijlage cliëntgegevens bevatte.',
      });
      expect(reference).toMatch(/^LEK-2093-\d{4}$/);
      const started = await status(reference);
      // 72 hours of the clock, not of the wall: 14:00 summer time Friday → 13:00 winter time Monday.
      expect(started.breach).toMatchObject({
        noticedAt: NOTICED,
        awareAt: AWARE,
        legalDueAt: hours(AWARE, 72),
      });
      expect(started.breach.internalDueAt).toBeUndefined();
      expect(started.dueAt).toBe('2093-10-26T12:00:00.000Z');
      expect(started.next.step).toBe('breach-assess');

      await expectAlarmsAt(reference, [
        alarm(AWARE, 24, 'reminder sent to officer'),
        alarm(AWARE, 48, 'reminder sent to officer'),
        alarm(AWARE, 66, 'reminder sent to officer'),
        alarm(AWARE, 72, 'escalation sent to management'),
        alarm(AWARE, 84, 'escalation sent to management'),
        alarm(AWARE, 96, 'escalation sent to management'),
      ]);
      // The mail gives the hour of the deadline and names no one.
      const [escalation] = await mailsTo(smtp, 'directie@voorbeeldorganisatie.example');
      expect(escalation?.text).toContain('26 oktober 2093 om 13:00');
      expect(escalation?.text).not.toMatch(/cliënt|verkeerd adres/);

      // The decision not to notify (against the recommendation, with reasons) stops the escalations.
      await assess(services, reference);
      await expect(decide(services, reference, false, false)).rejects.toThrow(
        /--reasons: the decision departs from the recommendation \(notify-authority, notify-subjects\)/,
      );
      await decide(
        services,
        reference,
        false,
        false,
        'De ontvanger is een zorgaanbieder die verwijdering bevestigde.',
      );
      await skipTo(new Date(hours(AWARE, 150)));
      expect(alarms(await status(reference))).toHaveLength(6);
      keepHistory('breach', 'clocks', await env.client.workflow.getHandle(reference).fetchHistory());
    });
  });

  it("runs the reminders on Werk op Maat's stricter clock from the moment it was noticed, and shows both deadlines", async () => {
    const smtp = await startSmtpServer();
    const { worker, services } = await caseWorker(env, config, smtp);
    await worker.runUntil(async () => {
      const reference = await register(services, { policy: 'werk-op-maat' });
      // Awareness recorded later, with reasons: the law's deadline moves, the policy's stays.
      await expect(
        sendUpdate(services, reference, breachAwareUpdate, { by, at: hours(NOTICED, -1), reasons: 'x' }),
      ).rejects.toThrow(/--at is before the moment the breach was noticed/);
      const aware = await sendUpdate(services, reference, breachAwareUpdate, {
        by,
        at: AWARE,
        reasons: 'Toen bleek dat de bijlage cliëntgegevens bevatte.',
      });
      expect(aware.details).toMatchObject({
        breach: { legalDueAt: hours(AWARE, 72), internalDueAt: hours(NOTICED, 72) },
      });
      expect(aware.dueAt).toBe(hours(NOTICED, 72));
      expect((await findCase(services.db, reference)).due_at).toBe(hours(NOTICED, 72));

      await expectAlarmsAt(reference, [
        alarm(NOTICED, 24, 'reminder sent to officer'),
        alarm(NOTICED, 48, 'reminder sent to officer'),
        alarm(NOTICED, 66, 'reminder sent to officer'),
        alarm(NOTICED, 72, 'escalation sent to management'),
      ]);
      const awareRecord = (await records(services, reference)).find((r) => r.type === 'breach.aware');
      expect(JSON.parse(awareRecord!.data)).toMatchObject({ at: AWARE, reasons: /cliëntgegevens/ });
    });
  });

  it('refuses a notification after the 72 hours without the reasons for the delay; follow-ups carry the first reference', async () => {
    const smtp = await startSmtpServer();
    const { worker, services } = await caseWorker(env, config, smtp);
    await worker.runUntil(async () => {
      const reference = await register(services, { policy: 'de-buurderij' });
      const notify = (at: string, lateReasons?: string) =>
        sendUpdate(services, reference, breachNotifiedUpdate, {
          by,
          apReference: 'M2093-4711',
          at,
          ...(lateReasons ? { lateReasons } : {}),
        });
      await expect(notify(hours(NOTICED, 1))).rejects.toThrow(/record the decision to notify the AP first/);
      const assessed = await assess(services, reference);
      expect(assessed.details).toMatchObject({
        breach: { assessments: 1, recommendation: { notifyAuthority: true, notifySubjects: true } },
      });
      const decided = await decide(services, reference, true, true);
      // Art. 34(1) "without undue delay": the policy's 72 hours for the letters run from the decision.
      const { lettersDueAt } = (decided.details as { breach: BreachState }).breach;
      const decidedAt = decided.history.findLast((e) => e.event.startsWith('decision:'))!.at;
      expect(lettersDueAt).toBe(hours(decidedAt, 72));

      await skipTo(new Date(hours(NOTICED, 80)));
      // Beside the notification's alarms (24, 48, 66 hours; 72 escalated), the letters' own: 48 and 72 hours after
      // the decision, and the people are still not told.
      await progressed(reference, 'the letters escalated', (s) => alarms(s).length === 6);
      const { history } = await status(reference);
      // Noted once the mail is out: within seconds of the moment.
      const sentWithin = (event: string, moment: string) =>
        history.some((e) => e.event === event && Math.abs(Date.parse(e.at) - Date.parse(moment)) < 5000);
      expect(sentWithin('reminder sent to officer', hours(decidedAt, 48))).toBe(true);
      expect(sentWithin('escalation sent to management', hours(decidedAt, 72))).toBe(true);
      await expect(notify(hours(NOTICED, 79))).rejects.toThrow(
        /--late-reasons: the notification is after the 72 hours of AVG art. 33\(1\)/,
      );
      const notified = await notify(
        hours(NOTICED, 79),
        'De omvang bleek pas na onderzoek van de mailserver.',
      );
      expect(notified.details).toMatchObject({
        breach: { notifications: [{ number: 1, apReference: 'M2093-4711', late: true }] },
      });
      const followUp = await sendUpdate(services, reference, breachFollowUpUpdate, {
        by,
        changes: 'Het ging om 52 cliënten, niet 40.',
        at: hours(NOTICED, 80),
      });
      expect(followUp.details).toMatchObject({
        breach: { notifications: [{ number: 1 }, { number: 2, apReference: 'M2093-4711', late: false }] },
      });
      // The people are still to be told: the breach cannot close yet.
      await expect(sendUpdate(services, reference, breachCloseUpdate, { by })).rejects.toThrow(
        /close: still to do: the people to tell \(breach people\)/,
      );
      await vi.waitFor(async () =>
        expect((await records(services, reference)).map((r) => r.type)).toEqual(
          expect.arrayContaining(['breach.assessed', 'breach.decided', 'breach.notified', 'breach.notified']),
        ),
      );
      const notifications = (await records(services, reference))
        .filter((r) => r.type === 'breach.notified')
        .map((r) => JSON.parse(r.data) as { number: number; lateReasons?: string; changes?: string });
      expect(notifications).toMatchObject([
        { number: 1, lateReasons: /mailserver/ },
        { number: 2, changes: /52 cliënten/ },
      ]);
      // A Dutch case keeps the recommendation in Dutch, and a decision without reasons of its own gives those.
      const { reasons } = recommend(ASSESSMENT, 'nl');
      expect(reasons[0]).toMatch(/^Vertrouwelijkheid: .*\(artikel 33 lid 1 AVG; overweging 85\)\.$/);
      expect(await evidence(services, reference, 'breach.assessed')).toMatchObject({
        recommendation: { reasons },
      });
      expect(await evidence(services, reference, 'breach.decided')).toMatchObject({
        reasons: reasons.join(' '),
        recommendation: { reasons },
      });
    });
  });

  it('closes a breach decided not to be notified, with its measures, and stops every alarm', async () => {
    const smtp = await startSmtpServer();
    const { worker, services } = await caseWorker(env, config, smtp);
    await worker.runUntil(async () => {
      // An English case: its recommendation is kept in English, for its English documents.
      const reference = await register(services, { policy: 'gdpr-default', locale: 'en' });
      const handle = env.client.workflow.getHandle(reference);
      await expect(sendUpdate(services, reference, breachCloseUpdate, { by })).rejects.toThrow(
        /close: still to do: the risk assessment/,
      );
      const encrypted: Assessment = {
        ...ASSESSMENT,
        measuresBefore: { encryption: 'state-of-the-art', backup: true },
        nature: ['confidentiality'],
        events: ['lost'],
        trustedRecipientDeleted: false,
      };
      await assess(services, reference, encrypted);
      const { reasons } = recommend(encrypted, 'en');
      expect(reasons[0]).toMatch(/^Encryption: .*\(art\. 34\(3\)\(a\)\)/);
      expect(await evidence(services, reference, 'breach.assessed')).toMatchObject({
        recommendation: { reasons },
      });
      const { breach } = await status(reference);
      await decide(
        services,
        reference,
        breach.recommendation!.notifyAuthority,
        breach.recommendation!.notifySubjects,
      );
      if (breach.recommendation!.notifyAuthority)
        await sendUpdate(services, reference, breachNotifiedUpdate, {
          by,
          apReference: 'M1',
          at: hours(NOTICED, 1),
        });
      await sendUpdate(services, reference, breachCloseUpdate, {
        by,
        measures: 'Laptops opnieuw versleuteld.',
      });
      expect(await handle.result()).toMatchObject({ reference, outcome: 'closed' });
      expect((await findCase(services.db, reference)).status).toBe('closed');
      expect((await records(services, reference)).at(-1)).toMatchObject({ type: 'breach.closed' });
    });
  });

  it('tells every person by a personal letter, prints the others for the post, and closes with the log entry complete', async () => {
    const smtp = await startSmtpServer();
    const { worker, services, db } = await caseWorker(env, config, smtp);
    await worker.runUntil(async () => {
      const reference = await register(services, {
        policy: 'gdpr-default',
        aware: AWARE,
        'aware-reasons': 'Bevestigd.',
      });
      await assess(services, reference);
      await decide(services, reference, true, true);
      await sendUpdate(services, reference, breachNotifiedUpdate, {
        by,
        apReference: 'M2093-0815',
        at: hours(AWARE, 0.25),
      });
      await expect(
        sendUpdate(services, reference, breachLetterUpdate, { by, letter: EXAMPLE_LETTER }),
      ).rejects.toThrow(/approve-letter: import the people first/);
      const csv = [
        'name,email,address,locale',
        'Kees Jansen,kees@example.nl,,',
        'Mary Smith,mary@example.nl,,en',
        'Truus de Wit,,"Dorpsstraat 1\n1234 AB Ergens",',
      ].join('\n');
      const counts = await importPeople(db, reference, csv, { by });
      expect(counts).toEqual({ count: 3, byMail: 2, byPost: 1 });
      await sendUpdate(services, reference, breachPeopleUpdate, { ...counts, by });
      // The officer reads the letter as a draft before approving it: to the first person, marked, sent nowhere.
      const draft = await readPdf(await previewBreachLetter(db, config, reference, EXAMPLE_LETTER));
      expect(draft.text).toMatch(/CONCEPT ter goedkeuring/);
      expect(draft.text).toContain('Kees Jansen');
      expect(smtp.messages.filter((m) => m.envelope.to.includes('kees@example.nl'))).toHaveLength(0);
      await sendUpdate(services, reference, breachLetterUpdate, { by, letter: EXAMPLE_LETTER });
      const mailed = await progressed(reference, 'the letters out', (s) => s.next.step === 'breach-post');
      expect((mailed.details as { breach: BreachState }).breach.letters).toMatchObject({
        sent: 2,
        post: 1,
        undeliverable: 0,
      });

      // Art. 34(2): each person their own letter, in their language, once.
      const [kees] = await mailsTo(smtp, 'kees@example.nl');
      expect(await mailsTo(smtp, 'kees@example.nl')).toHaveLength(1);
      const letter = (await readPdf(kees!.attachments[0]!.content)).text;
      for (const part of [
        'Kees Jansen',
        EXAMPLE_LETTER.nature,
        EXAMPLE_LETTER.consequences,
        EXAMPLE_LETTER.advice,
        'fg@voorbeeldorganisatie.example',
      ])
        expect(letter.replace(/\s+/g, ' ')).toContain(part.replace(/\s+/g, ' '));
      expect(await mailsTo(smtp, 'mary@example.nl')).toHaveLength(1);
      const post = (await readPdf((await findPostLetters(db, reference))!.content)).text;
      expect(post).toContain('Truus de Wit');
      expect(post).not.toContain('Kees Jansen');

      await expect(sendUpdate(services, reference, breachCloseUpdate, { by })).rejects.toThrow(
        /posting the 1 letters for the post/,
      );
      await sendUpdate(services, reference, breachPostedUpdate, { by, at: hours(AWARE, 0.4) });
      await sendUpdate(services, reference, breachCloseUpdate, { by, measures: 'Adresaanvulling uitgezet.' });
      expect(await env.client.workflow.getHandle(reference).result()).toMatchObject({ outcome: 'closed' });

      // The log entry: every step, read back from the records.
      const file = await breachFile(db, reference, { policiesDir: config.policiesDir });
      const log = (
        await readPdf((await withPrinter(db, config, (deps) => breachLogPdf(deps, [file]))).pdf)
      ).text.replace(/\s+/g, ' ');
      for (const part of [
        reference,
        'M2093-0815',
        'Adresaanvulling uitgezet.',
        EXAMPLE_LETTER.nature,
        ASSESSMENT.cause,
      ])
        expect(log).toContain(part);
      // The recommendation as the workflow recorded it, in the case's Dutch (compared without the PDF's line breaks).
      const unbroken = (text: string) => text.replace(/\s+/g, '');
      for (const reason of recommend(ASSESSMENT, 'nl').reasons)
        expect(unbroken(log)).toContain(unbroken(reason));
      expect(file.missing).toEqual([]);
      keepHistory('breach', 'letters', await env.client.workflow.getHandle(reference).fetchHistory());
    });
  });
});

/**
 * Rectification, completion and restriction on the time-skipping server, with the product's worker, a real
 * SQLite database, Chromium, and a real SMTP server on loopback; every letter's PDF is read back as text. Tests
 * wait on the workflow's own progress (its status query), never on a guess of how long something takes. Cases
 * live in 2093, whose calendar is that of 2026 (see access-request.test.ts).
 */

import { setTimeout as sleep } from 'node:timers/promises';

import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { verifyAuditTrail, type AuditEventRow } from '../../db/audit';
import type { CaseRow } from '../../db/cases';
import type { CaseRecordRow } from '../../db/records';
import type { CaseServices } from '../../services/cases';
import { sendUpdate } from '../../services/cases';
import type { Config } from '../../services/config';
import { parseCaseRequest, registerCase } from '../../services/start';
import { letterPostedUpdate, type CaseStatus } from '../../workflows/case/messages';
import {
  adviseUpdate,
  caseStatusQuery,
  confirmTaskUpdate,
  extendUpdate,
  verifyIdentityUpdate,
} from '../../workflows/case/updates';
import type { rectificationRequest } from '../../workflows/rectification';
import {
  decideUpdate,
  liftRestrictionUpdate,
  type ChangeDecision,
} from '../../workflows/rectification-messages';
import { tempDir, testConfig, testEnv } from '../helpers/env';
import { HISTORY_CODEC_KEY } from '../helpers/histories';
import { readPdf } from '../helpers/pdf';
import { runCli } from '../helpers/processes';
import { parseMail, startSmtpServer, type TestSmtpServer } from '../helpers/smtp';
import { caseWorker, eventually, keepHistory, skipTo as skipClock } from '../helpers/case-workflows';
import { timeSkippingEnv } from '../helpers/temporal';

let env: TestWorkflowEnvironment;
let config: Config;

beforeEach(async () => {
  config = testConfig({ PRIVACYLOKET_CODEC_KEY: HISTORY_CODEC_KEY });
  env = await timeSkippingEnv(config);
  await skipTo(new Date('2093-11-20T12:00:00+01:00'));
});
afterEach(async () => env?.teardown());

const setUp = (smtp: TestSmtpServer) => caseWorker(env, config, smtp);
const skipTo = (moment: Date) => skipClock(env, moment);

const now = async () => new Date(await env.currentTimeMs()).toISOString();

/** Jan de Vries's request of Friday 20 November 2093 under `policy`, as `rectification start` registers it. */
async function register(services: CaseServices, policy: string, changes: Record<string, unknown>) {
  const input = {
    policy,
    received: '2093-11-20T10:00:00+01:00',
    name: 'Jan de Vries',
    email: 'jan@example.nl',
    ...changes,
  };
  const request = await parseCaseRequest('rectification', input, {
    now: new Date(await env.currentTimeMs()),
    policiesDir: services.config.policiesDir,
  });
  const { reference } = await registerCase(services, request);
  await progressed(reference, 'the acknowledgement sent', letterIs('acknowledgement', 'sent'));
  return reference;
}

const status = (reference: string) => env.client.workflow.getHandle(reference).query(caseStatusQuery);

const progressed = (reference: string, what: string, reached: (status: CaseStatus) => boolean) =>
  eventually(`${reference}: ${what}`, async () => {
    const current = await status(reference);
    return reached(current) ? current : undefined;
  });

const letterIs =
  (kind: string, state: string, count = 1) =>
  (s: CaseStatus) =>
    s.letters.filter((letter) => letter.kind === kind && letter.status === state).length >= count;

/** The mails received so far, parsed; `mailTo` the one to `to` whose subject matches. */
const mails = async (smtp: TestSmtpServer) => Promise.all(smtp.messages.map((m) => parseMail(m.raw)));
async function mailTo(smtp: TestSmtpServer, to: string, subject: RegExp) {
  return eventually(`a mail to ${to}: ${subject}`, async () =>
    (await mails(smtp)).find((mail) => mail.to === to && subject.test(mail.subject)),
  );
}
const pdfText = async (mail: { attachments: { content: Buffer }[] }) =>
  (await readPdf(mail.attachments[0]!.content)).text;

const verify = (services: CaseServices, reference: string) =>
  sendUpdate(services, reference, verifyIdentityUpdate, { by: 'fg', verified: true, method: 'paspoort' });

const confirmTask = async (services: CaseServices, reference: string, task: number) =>
  sendUpdate(services, reference, confirmTaskUpdate, {
    by: 'fg',
    task,
    doneBy: 'M. de Boer',
    at: await now(),
    how: 'aangepast in het elektronisch cliëntdossier',
  });

const owner = { name: 'Team Dossiers', email: 'dossiers@debuurderij.example' };
const planning = { name: 'Planning', email: 'planning@debuurderij.example' };
const huisarts = { name: 'Huisartsenpraktijk De Linde', email: 'praktijk@delinde.example' };
const gemeente = { name: 'Gemeente Tytsjerksteradiel', postalAddress: 'Postbus 2\n9250 AA Burgum' };

const FOUR_CHANGES = {
  wrong: ['geboortedatum 12-03-1980', 'observatie: trekt zich terug in de groep'],
  'should-be': ['12-03-1981', 'ik trok mij niet terug'],
  add: 'Sinds mei 2093 woon ik zelfstandig.',
  restrict: 'dagrapportage van 3 november 2093',
  'restrict-ground': 'accuracy-contested',
  'ask-recipients': true,
};

describe('rectification', () => {
  it('corrects, adds a statement, refuses and restricts; tells recipients; confirms; tells before lifting the restriction', async () => {
    const smtp = await startSmtpServer();
    const { db, worker, services } = await setUp(smtp);
    const { reference, history } = await worker.runUntil(async () => {
      // De Buurderij 23.3, 23.5: four weeks. Received Friday 20 November → Friday 18 December.
      const reference = await register(services, 'de-buurderij', FOUR_CHANGES);
      const ack = await mailTo(smtp, 'jan@example.nl', /^Ontvangstbevestiging/);
      expect(ack.subject).toBe(
        `Ontvangstbevestiging van uw verzoek om verbetering, aanvulling of beperking van de verwerking (${reference})`,
      );
      const ackText = await pdfText(ack);
      for (const expected of [
        'Geachte Jan de Vries,',
        'uiterlijk op 18 december 2093',
        'de termijn volgens ons privacyreglement, 4 weken na ontvangst (Privacyreglement De Buurderij)',
        'Verbeteren: ‘geboortedatum 12-03-1980’ is onjuist en moet zijn: ‘12-03-1981’.',
        'Aanvullen met: ‘Sinds mei 2093 woon ik zelfstandig.’',
        'De verwerking beperken van: ‘dagrapportage van 3 november 2093’ (AVG artikel 18 lid 1 onder a)',
        'verlengen (AVG artikel 12 lid 3)',
        'Wij noemen ze u in onze bevestiging',
      ])
        expect(ackText).toContain(expected);
      // `privacyloket deadline` says what the acknowledgement says.
      const deadline = await runCli(
        [
          'deadline',
          'rectification',
          '--received',
          '2093-11-20T10:00:00+01:00',
          '--policy',
          'de-buurderij',
          '--json',
        ],
        testEnv({ PRIVACYLOKET_DATA_DIR: tempDir() }),
      );
      expect(deadline.code).toBe(0);
      expect(JSON.parse(deadline.stdout)).toMatchObject({ dueDate: '2093-12-18' });
      expect(await status(reference)).toMatchObject({ dueDate: '2093-12-18', stage: 'verifying-identity' });

      const decision = {
        by: 'Raad van Bestuur',
        changes: [
          { change: 1, outcome: 'corrected', dataOwner: owner, recipients: [huisarts, gemeente] },
          {
            change: 2,
            outcome: 'statement-added',
            reasons: 'dit is de waarneming van uw begeleider, geen feit.',
            statement: 'Ik was die weken ziek en bleef daarom thuis.',
            dataOwner: owner,
            recipients: [huisarts],
          },
          {
            change: 3,
            outcome: 'refused',
            reasons: 'uw adres staat al juist in het dossier.',
            ground: 'complete',
          },
          {
            change: 4,
            outcome: 'restricted',
            dataOwner: planning,
            recipients: [huisarts],
            notTold: 'een invalkracht die de rapportage las, werkt hier niet meer en is niet te bereiken.',
          },
        ] as ChangeDecision[],
      };
      await expect(sendUpdate(services, reference, decideUpdate, decision)).rejects.toThrow(
        /identity has not been verified/,
      );
      await verify(services, reference);
      // Bad input is refused whole, every problem named; the case is untouched.
      const before = await status(reference);
      const bad = { ...decision, changes: [{ ...decision.changes[0]!, dataOwner: undefined }] };
      await expect(sendUpdate(services, reference, decideUpdate, bad)).rejects.toThrow(
        'change 1.dataOwner must be an object with a name and an e-mail or postal address; changes must decide every requested change; missing: 2, 3, 4',
      );
      expect(await status(reference)).toEqual(before);
      // The FG advises; the organisation decides (art. 38(6), 39): two records, two names.
      await sendUpdate(services, reference, adviseUpdate, {
        by: 'Marc Bralts (FG)',
        advice: 'Observatie niet corrigeren, wel de verklaring toevoegen.',
      });
      await sendUpdate(services, reference, decideUpdate, decision);

      const decided = await mailTo(smtp, 'jan@example.nl', /^Besluit/);
      const decisionText = await pdfText(decided);
      for (const expected of [
        'Wij willigen dit in: wij verbeteren de gegevens zoals u vraagt (AVG artikel 16).',
        'Wij verbeteren deze gegevens niet, omdat: dit is de waarneming van uw begeleider, geen feit.',
        'Uw verklaring luidt: ‘Ik was die weken ziek en bleef daarom thuis.’',
        'Wij wijzen dit af, omdat: uw adres staat al juist in het dossier.',
        'niet onvolledig (AVG artikel 16)',
        'omdat u de juistheid van de gegevens betwist; de beperking geldt zolang wij de juistheid controleren (AVG artikel 18 lid 1 onder a)',
        'Voordat wij een beperking opheffen, laten wij u dat weten (AVG artikel 18 lid 3).',
        'Uiterlijk op 18 december 2093 bevestigen wij u schriftelijk wat wij hebben gedaan, en noemen wij u de ontvangers',
        'Postbus 93374, 2509 AJ Den Haag',
        'binnen zes weken na ontvangst van dit besluit de rechtbank',
        'artikel 35 Uitvoeringswet AVG',
      ])
        expect(decisionText).toContain(expected);
      expect(decisionText).not.toMatch(/dossiers@|planning@|artikel 23/);

      // Each data owner gets a task: the case, the task, the date, and nothing about the subject.
      const carrying = await progressed(reference, 'three tasks given', (s) => s.tasks?.length === 3);
      expect(carrying.stage).toBe('carrying-out');
      expect(carrying.next).toEqual({
        step: 'confirm-tasks',
        command: `privacyloket rectification confirm-task ${reference} --task <n> --how <how>`,
      });
      const tasks = await eventually('three task mails', async () => {
        const found = (await mails(smtp)).filter((mail) => /^Taak/.test(mail.subject));
        return found.length === 3 ? found : undefined;
      });
      expect(tasks.map((mail) => mail.to).sort()).toEqual([owner.email, owner.email, planning.email]);
      for (const mail of tasks) {
        expect(mail.subject).toMatch(new RegExp(`^Taak \\d in zaak ${reference}`));
        expect(`${mail.subject}${mail.text}`).not.toMatch(
          /\bJan\b|Vries|jan@|geboortedatum|observatie|rapportage/,
        );
      }
      for (const task of [1, 2, 3]) await confirmTask(services, reference, task);

      // Art. 19: every recipient told once, of what it received; the postal one waits for the officer.
      const notice = await mailTo(smtp, huisarts.email, /^Kennisgeving/);
      const noticeText = await pdfText(notice);
      expect(noticeText).toContain('Geachte Huisartsenpraktijk De Linde,');
      expect(noticeText).toContain('persoonsgegevens verstrekt van Jan de Vries');
      expect(noticeText).toContain('‘geboortedatum 12-03-1980’ was onjuist en is verbeterd in: ‘12-03-1981’');
      expect(noticeText).toContain(
        'Over ‘observatie: trekt zich terug in de groep’ heeft de betrokkene een eigen verklaring',
      );
      expect(noticeText).toContain('De verwerking van ‘dagrapportage van 3 november 2093’ is beperkt');
      expect(noticeText).not.toMatch(/ziek en bleef|zelfstandig|begeleider/); // no statement, no refused change
      await progressed(
        reference,
        'the postal notice queued',
        letterIs('recipient-notice', 'queued-for-post'),
      );

      const confirmation = await mailTo(smtp, 'jan@example.nl', /^Bevestiging/);
      const confirmationText = await pdfText(confirmation);
      for (const expected of [
        '‘geboortedatum 12-03-1980’ is verbeterd in ‘12-03-1981’, op 20 november 2093.',
        'Uw eigen verklaring over ‘observatie: trekt zich terug in de groep’ is aan uw dossier toegevoegd',
        'De verwerking van ‘dagrapportage van 3 november 2093’ is beperkt (AVG artikel 18 lid 1 onder a)',
        'staat in ons besluit van 20 november 2093',
        'Zoals u vroeg, noemen wij u de ontvangers',
        'Huisartsenpraktijk De Linde',
        'Gemeente Tytsjerksteradiel',
        'Bij onderdeel 4 hebben wij niet iedere ontvanger ingelicht, omdat dat onmogelijk bleek of onevenredig veel inspanning zou vergen (AVG artikel 19): een invalkracht',
        'Voordat wij de beperking opheffen, laten wij u dat weten (AVG artikel 18 lid 3).',
        'artikel 35 Uitvoeringswet AVG',
      ])
        expect(confirmationText).toContain(expected);
      expect(confirmationText).not.toContain('Sinds mei 2093'); // refused: not done

      // Answered: once the postal notice is posted, the deadline no longer runs; the restriction holds.
      await sendUpdate(services, reference, letterPostedUpdate, { by: 'fg', kind: 'recipient-notice' });
      const restricted = await progressed(
        reference,
        'restricted, no alarm',
        (s) => s.stage === 'restricted' && s.nextAlarm === undefined,
      );
      expect(restricted.next.step).toBe('rectification-restricted');
      const sent = smtp.messages.length;
      await skipTo(new Date('2093-12-20T10:00:00+01:00'));
      await sleep(500);
      expect(smtp.messages).toHaveLength(sent); // no reminder, no escalation: the answer went out in time

      // Art. 18(3): the end is announced, on a later day, with reasons; the subject hears of it first.
      const lift = {
        by: 'fg',
        change: 4,
        liftOn: '2093-12-20',
        reasons: 'de rapportage is gecontroleerd en juist.',
      };
      await expect(sendUpdate(services, reference, liftRestrictionUpdate, lift)).rejects.toThrow(
        /lift-on must be after today \(2093-12-20\)/,
      );
      await expect(
        sendUpdate(services, reference, liftRestrictionUpdate, { ...lift, change: 1 }),
      ).rejects.toThrow('change must be a restriction in force; in force: 4');
      await sendUpdate(services, reference, liftRestrictionUpdate, { ...lift, liftOn: '2093-12-28' });
      const told = await mailTo(smtp, 'jan@example.nl', /^Opheffing/);
      const toldText = await pdfText(told);
      expect(toldText).toContain('zoals artikel 18 lid 3 van de AVG voorschrijft');
      expect(toldText).toContain(
        'Wij heffen de beperking op per 28 december 2093, omdat: de rapportage is gecontroleerd en juist.',
      );
      expect(await status(reference)).toMatchObject({
        next: { step: 'rectification-lifting', date: '2093-12-28T12:00:00Z' },
      });
      // On the day, the data owner lifts it, and confirms.
      await skipTo(new Date('2093-12-28T00:00:01+01:00'));
      await progressed(reference, 'the lifting task given', (s) => s.tasks?.length === 4);
      const liftTask = await mailTo(smtp, planning.email, /^Taak 4/);
      expect(liftTask.text).toContain(
        'Taak 4: wijziging 4 van het verzoek: de beperking van de verwerking opheffen per 28-12-2093',
      );
      await confirmTask(services, reference, 4);
      const handle = env.client.workflow.getHandle<typeof rectificationRequest>(reference);
      expect(await handle.result()).toMatchObject({ outcome: 'partly-granted' });
      return { reference, history: await handle.fetchHistory() };
    });

    expect(await db<CaseRow>('cases').where({ reference }).first()).toMatchObject({ status: 'closed' });
    expect(await verifyAuditTrail(db)).toMatchObject({ ok: true });
    const events = await db<AuditEventRow>('audit_events').orderBy('id');
    const types = events.map((e) => `${e.type}/${e.actor}`);
    expect(types).toEqual(
      expect.arrayContaining([
        'rectification.identity-verified/fg',
        'rectification.advised/Marc Bralts (FG)',
        'rectification.decided/Raad van Bestuur',
        'task.assigned/system',
        'task.confirmed/fg',
        'letter.posted/fg',
        'rectification.lift-announced/fg',
        'rectification.restriction-lifted/system',
        'case.closed/system',
      ]),
    );
    // The trail holds references and outcomes; the reasons and the statement are evidence in the records.
    expect(JSON.stringify(events)).not.toMatch(/ziek en bleef|geboortedatum|Jan de Vries/);
    const decided = JSON.parse(events.find((e) => e.type === 'rectification.decided')!.data) as {
      changes: unknown[];
      recordId: number;
    };
    expect(decided.changes).toEqual([
      { change: 1, outcome: 'corrected' },
      { change: 2, outcome: 'statement-added' },
      { change: 3, outcome: 'refused', ground: 'complete' },
      { change: 4, outcome: 'restricted' },
    ]);
    const [record] = await db<CaseRecordRow>('case_records').where({ id: decided.recordId });
    expect(record!.data).toContain('Ik was die weken ziek en bleef daarom thuis.');
    expect(await db('parties').where({ role: 'data-owner' }).count({ n: '*' })).toEqual([{ n: 2 }]);
    keepHistory('rectification', 'corrected-restricted-lifted', history);
    await db.destroy();
  });

  it('escalates a decision not taken by the deadline to management, daily, naming nobody', async () => {
    const smtp = await startSmtpServer();
    const { db, worker, services } = await setUp(smtp);
    await worker.runUntil(async () => {
      // GDPR default: one month. 20 December 2093 is a Sunday → Monday 21 December.
      const reference = await register(services, 'gdpr-default', { add: 'Mijn tweede telefoonnummer.' });
      await verify(services, reference);
      const reminders = [
        ['reminder', '2093-12-14T09:00:00+01:00'],
        ['reminder', '2093-12-18T09:00:00+01:00'],
        ['escalation', '2093-12-21T23:59:59.999+01:00'],
        ['escalation', '2093-12-22T09:00:00+01:00'],
      ] as const;
      for (const [index, [kind, at]] of reminders.entries()) {
        expect((await status(reference)).nextAlarm).toEqual({ kind, at: new Date(at).toISOString() });
        await skipTo(new Date(new Date(at).getTime() + 60_000));
        await progressed(
          reference,
          `${kind} ${index + 1}`,
          (s) => s.history.filter((e) => / sent to /.test(e.event)).length === index + 1,
        );
      }
      const staff = (await mails(smtp)).filter((mail) => mail.to !== 'jan@example.nl');
      expect(staff.map((mail) => mail.to)).toEqual([
        'fg@voorbeeldorganisatie.example',
        'fg@voorbeeldorganisatie.example',
        'directie@voorbeeldorganisatie.example',
        'directie@voorbeeldorganisatie.example',
      ]);
      expect(staff[2]!.subject).toBe(
        `Termijn verstreken: ${reference} (verzoek om correctie, aanvulling of afscherming)`,
      );
      expect(staff[2]!.text).toContain('Volgende stap: neem per gevraagde wijziging een besluit');
      expect(staff[2]!.text).toContain(
        `privacyloket rectification decide ${reference} --input <decision.json>`,
      );
      for (const mail of staff)
        expect(`${mail.subject}${mail.text}`).not.toMatch(/\bJan\b|Vries|telefoonnummer/);
      keepHistory(
        'rectification',
        'decision-late',
        await env.client.workflow.getHandle(reference).fetchHistory(),
      );
    });
    await db.destroy();
  });

  it('reminds a data owner whose task is not confirmed, then escalates to the officer', async () => {
    const smtp = await startSmtpServer();
    const { db, worker, services } = await setUp(smtp);
    await worker.runUntil(async () => {
      const reference = await register(services, 'de-buurderij', {
        wrong: 'achternaam Vries',
        'should-be': 'de Vries',
      });
      await verify(services, reference);
      await sendUpdate(services, reference, decideUpdate, {
        by: 'Raad van Bestuur',
        changes: [{ change: 1, outcome: 'corrected', dataOwner: owner, recipients: [] }],
      });
      await progressed(reference, 'the task given', (s) => s.tasks?.length === 1);
      // The task is due with the case: Friday 18 December; reminders 7 and 2 days before, at 09:00.
      await skipTo(new Date('2093-12-11T09:01:00+01:00'));
      const reminder = await mailTo(smtp, owner.email, /^Herinnering: taak 1/);
      expect(reminder.text).toContain('uiterlijk op 18 december 2093');
      await skipTo(new Date('2093-12-19T00:01:00+01:00'));
      const overdue = await mailTo(smtp, 'marc@debuurderij.nl', /^Taken niet bevestigd/);
      expect(overdue.text).toContain(`privacyloket rectification confirm-task ${reference}`);
      await mailTo(smtp, 'raad-van-bestuur@debuurderij.example', /^Termijn verstreken/); // the case itself is late
      for (const mail of await mails(smtp))
        if (mail.to !== 'jan@example.nl')
          expect(`${mail.subject}${mail.text}`).not.toMatch(/\bJan\b|Vries|achternaam/);
      await confirmTask(services, reference, 1);
      const confirmation = await mailTo(smtp, 'jan@example.nl', /^Bevestiging/);
      const text = await pdfText(confirmation);
      expect(text).toContain('‘achternaam Vries’ is verbeterd in ‘de Vries’, op 19 december 2093.');
      expect(text).toContain('aan niemand verstrekt; er was dus niemand in te lichten');
      const handle = env.client.workflow.getHandle<typeof rectificationRequest>(reference);
      expect(await handle.result()).toMatchObject({ outcome: 'granted' });
      keepHistory('rectification', 'task-overdue', await handle.fetchHistory());
    });
    await db.destroy();
  });

  it('extends once within the deadline, with a letter, and refuses an extension after it', async () => {
    const smtp = await startSmtpServer();
    const { db, worker, services } = await setUp(smtp);
    await worker.runUntil(async () => {
      const early = await register(services, 'de-buurderij', { add: 'Mijn huisarts is dr. Post.' });
      const late = await register(services, 'de-buurderij', { add: 'Mijn huisarts is dr. Post.' });
      const extended = await sendUpdate(services, early, extendUpdate, {
        by: 'fg',
        extendBy: { months: 2 },
        reasons: 'De gegevens liggen op drie locaties.',
      });
      // 18 December + 2 months = Thursday 18 February 2094.
      expect(extended).toMatchObject({ dueDate: '2094-02-18', extended: true });
      const letter = await mailTo(smtp, 'jan@example.nl', /^Verlenging/);
      expect(letter.subject).toBe(
        `Verlenging van de termijn voor uw verzoek om verbetering, aanvulling of beperking van de verwerking (${early})`,
      );
      const text = await pdfText(letter);
      expect(text).toContain('uiterlijk op 18 februari 2094');
      expect(text).toContain('De gegevens liggen op drie locaties.');
      await skipTo(new Date('2093-12-19T00:00:01+01:00'));
      await expect(
        sendUpdate(services, late, extendUpdate, { by: 'fg', extendBy: { months: 2 }, reasons: 'Te laat.' }),
      ).rejects.toThrow(/has passed; art. 12\(3\) allows extending only within the period/);
      expect(await status(late)).toMatchObject({ dueDate: '2093-12-18', extended: false });
    });
    await db.destroy();
  });

  it('answers a request refused as a whole with the decision letter alone, asking first for proof of identity', async () => {
    const smtp = await startSmtpServer();
    const { db, worker, services } = await setUp(smtp);
    await worker.runUntil(async () => {
      const reference = await register(services, 'werk-op-maat', {
        wrong: 'observatie: onrustig',
        'should-be': 'rustig',
        restrict: 'verslag intake',
        'restrict-ground': 'objection-pending',
      });
      await sendUpdate(services, reference, verifyIdentityUpdate, {
        by: 'fg',
        verified: false,
        missing: 'een kopie van uw identiteitsbewijs',
      });
      await progressed(reference, 'the identity request sent', letterIs('identity-request', 'sent'));
      await verify(services, reference);
      await sendUpdate(services, reference, decideUpdate, {
        by: 'Directie',
        changes: [
          {
            change: 1,
            outcome: 'refused',
            reasons: 'het is de indruk van uw begeleider.',
            ground: 'professional-opinion',
          },
          {
            change: 2,
            outcome: 'refused',
            reasons: 'u heeft geen bezwaar gemaakt.',
            ground: 'no-restriction-ground',
          },
        ],
      });
      const handle = env.client.workflow.getHandle<typeof rectificationRequest>(reference);
      expect(await handle.result()).toMatchObject({ outcome: 'refused' });
      const letters = (await mails(smtp)).filter((mail) => mail.to === 'jan@example.nl');
      expect(letters.map((mail) => mail.subject)).toEqual([
        `Ontvangstbevestiging van uw verzoek om verbetering, aanvulling of beperking van de verwerking (${reference})`,
        `Uw verzoek om verbetering, aanvulling of beperking van de verwerking: wij hebben meer informatie nodig (${reference})`,
        `Besluit op uw verzoek om verbetering, aanvulling of beperking van de verwerking (${reference})`,
      ]);
      // Werk op Maat encrypts every letter: the officer gives the password by another channel.
      const letter = (await db('letters').where({ kind: 'rectification-decision' }).first()) as {
        password: string;
      };
      const text = (await readPdf(letters[2]!.attachments[0]!.content, letter.password)).text;
      for (const expected of [
        'Wij wijzen dit af, omdat: het is de indruk van uw begeleider.',
        'U kunt ons wel vragen uw eigen verklaring over deze gegevens aan uw dossier toe te voegen',
        'Geen van de situaties waarin u beperking van de verwerking kunt verlangen, doet zich voor (AVG artikel 18 lid 1).',
        'binnen zes weken na ontvangst van dit besluit de rechtbank',
      ])
        expect(text).toContain(expected);
      expect(text).not.toContain('Wat er nu gebeurt');
      expect(await db('tasks').count({ n: '*' })).toEqual([{ n: 0 }]);
      keepHistory('rectification', 'refused', await handle.fetchHistory());
    });
    await db.destroy();
  });
});

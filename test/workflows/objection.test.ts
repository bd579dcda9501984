/**
 * The objection (verzet) on the time-skipping server, with the product's worker, a real SQLite database, Chromium,
 * and a real SMTP server on loopback; every letter's PDF is read back as text. Every legal basis of art. 21 and
 * every deadline path: a decision taken late, a task never confirmed, an extension asked for too late.
 *
 * The cases live in 2093, a year whose calendar is that of 2026 and that no run of these tests will have passed
 * (the test server's clock starts today and only moves forward): received Friday 20 November 2093.
 */

import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { verifyAuditTrail, type AuditEventRow } from '../../db/audit';
import { findCase } from '../../db/cases';
import type { LetterRow } from '../../db/letters';
import type { CaseRecordRow } from '../../db/records';
import type { CaseServices } from '../../services/cases';
import { sendUpdate } from '../../services/cases';
import type { Config } from '../../services/config';
import type { objection } from '../../workflows/objection';
import { parseCaseRequest, registerCase } from '../../services/start';
import { formatLongDate } from '../../templates';
import { letterPostedUpdate } from '../../workflows/case/messages';
import {
  adviseUpdate,
  confirmTaskUpdate,
  extendUpdate,
  verifyIdentityUpdate,
} from '../../workflows/case/updates';
import {
  objectionDecideUpdate,
  objectionStatusQuery,
  type ObjectionDecision,
  type ObjectionStatus,
} from '../../workflows/objection-messages';
import { testConfig, testEnv } from '../helpers/env';
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

const RECEIVED = '2093-11-20T10:00:00+01:00';
const SUBJECT = { name: 'Sanne de Vries', email: 'sanne@example.nl' };
const PHOTO = {
  processing: 'het gebruik van uw foto op onze website',
  grounds: 'Ik woon op een geheim adres; mijn ex-partner mag niet weten waar ik woon.',
};
const OWNER = { name: 'Beheerder website', email: 'web@debuurderij.example' };

const now = async () => new Date(await env.currentTimeMs());

/** As `privacyloket objection start` does it, on the test server's clock; the acknowledgement out. */
async function register(services: CaseServices, input: Record<string, unknown>, ack = 'sent') {
  const request = await parseCaseRequest(
    'objection',
    { received: RECEIVED, ...SUBJECT, ...input },
    { now: await now(), policiesDir: services.config.policiesDir },
  );
  const { reference } = await registerCase(services, request);
  await progressed(reference, `the acknowledgement ${ack}`, letterIs('acknowledgement', ack));
  return reference;
}

const status = (reference: string) => env.client.workflow.getHandle(reference).query(objectionStatusQuery);

const progressed = (reference: string, what: string, reached: (status: ObjectionStatus) => boolean) =>
  eventually(`${reference}: ${what}`, async () => {
    const current = await status(reference);
    return reached(current) ? current : undefined;
  });

const letterIs =
  (kind: string, state: string, count = 1) =>
  (s: ObjectionStatus) =>
    s.letters.filter((letter) => letter.kind === kind && letter.status === state).length === count;
const alarmsSent = (count: number) => (s: ObjectionStatus) =>
  s.history.filter((entry) => / sent to /.test(entry.event)).length === count;

/** Every mail received so far, parsed; `to` is where the SMTP server delivered it. */
const mails = async (smtp: TestSmtpServer) =>
  Promise.all(
    smtp.messages.map(async (m) => ({ ...(await parseMail(m.raw)), rcpt: m.envelope.to.join(',') })),
  );
/** The first mail delivered to `address`, once it has come. */
const mailTo = (smtp: TestSmtpServer, address: string) =>
  eventually(`a mail to ${address}`, async () => (await mails(smtp)).find((m) => m.rcpt === address));

/** The mail titled `title`, with its letter's text read back from the PDF. */
async function letter(smtp: TestSmtpServer, title: string) {
  const mail = (await mails(smtp)).find((m) => m.subject.startsWith(title));
  if (!mail)
    throw new Error(`no mail '${title}' among ${(await mails(smtp)).map((m) => m.subject).join('; ')}`);
  return { ...mail, text: (await readPdf(mail.attachments[0]!.content)).text };
}

const verify = (services: CaseServices, reference: string) =>
  sendUpdate(services, reference, verifyIdentityUpdate, { by: 'fg', verified: true, method: 'DigiD' });
const decide = (services: CaseServices, reference: string, decision: Omit<ObjectionDecision, 'by'>) =>
  sendUpdate(services, reference, objectionDecideUpdate, { by: 'Raad van Bestuur', ...decision });
const confirm = async (services: CaseServices, reference: string, task: number, how: string) =>
  sendUpdate(services, reference, confirmTaskUpdate, {
    by: 'fg',
    task,
    doneBy: 'J. Jansen',
    at: new Date((await now()).getTime() - 1000).toISOString(),
    how,
  });

const events = async ({ db }: CaseServices, reference: string) =>
  db<AuditEventRow>('audit_events')
    .where({ case_id: (await findCase(db, reference)).id })
    .orderBy('id');

describe('objection', () => {
  it('stops processing on legitimate interests: decision, restriction meanwhile, task confirmed, recipients told, confirmation', async () => {
    const smtp = await startSmtpServer();
    const { db, worker, services } = await setUp(smtp);
    await worker.runUntil(async () => {
      const reference = await register(services, { policy: 'de-buurderij', ...PHOTO, restrict: true });
      const handle = env.client.workflow.getHandle(reference);

      // Buurderij art. 24 lid 2: four weeks; Friday 20 November → Friday 18 December, as `deadline` says.
      const ack = await letter(smtp, 'Ontvangstbevestiging van uw bezwaar');
      expect(ack.rcpt).toBe('sanne@example.nl');
      const ran = await runCli(
        ['deadline', 'objection', '--received', RECEIVED, '--policy', 'de-buurderij', '--json'],
        testEnv(),
      );
      const { dueDate } = JSON.parse(ran.stdout) as { dueDate: string };
      expect(dueDate).toBe('2093-12-18');
      expect((await status(reference)).dueDate).toBe(dueDate);
      for (const expected of [
        `uiterlijk op ${formatLongDate(dueDate, 'nl')}`,
        'de termijn volgens ons privacyreglement, 4 weken na ontvangst (Privacyreglement De Buurderij)',
        'het gebruik van uw foto op onze website',
        PHOTO.grounds,
        'AVG artikel 18 lid 1 onder d',
        'Voordat wij de beperking opheffen, laten wij u dat weten (AVG artikel 18 lid 3)',
        'met ten hoogste twee maanden verlengen (AVG artikel 12 lid 3)',
        'AVG artikel 12 lid 6',
      ])
        expect(ack.text).toContain(expected);

      const stop: Omit<ObjectionDecision, 'by'> = {
        basis: 'legitimate-interests',
        directMarketing: false,
        outcome: 'stop',
        erased: ['de foto op de website', 'de foto in het fotoarchief van de website'],
        kept: [{ data: 'de foto in het cliëntdossier', ground: 'bewaarplicht WGBO (artikel 7:454 BW)' }],
        dataOwners: [OWNER],
        recipients: [
          { name: 'Drukkerij De Pers', email: 'info@drukkerij.example' },
          { name: 'Huis-aan-huisblad De Krant', address: 'Postbus 1\n9400 AA Assen' },
        ],
      };
      // Nothing is decided before the subject is known (art. 12(6)); the law's way round is checked in full.
      await expect(decide(services, reference, stop)).rejects.toThrow(/identity has not been verified/);
      await verify(services, reference);
      await expect(decide(services, reference, { ...stop, outcome: 'continue' })).rejects.toThrow(
        /--weighing must record the compelling legitimate grounds.*--erased must not be given/,
      );
      // The FG advises; the organisation decides (art. 38(6), 39): each recorded under its own name.
      await sendUpdate(services, reference, adviseUpdate, {
        by: 'Marc Bralts (FG)',
        advice: 'Geen dwingende gronden: de foto is niet nodig voor de zorg. Advies: stoppen.',
      });
      await decide(services, reference, stop);

      await progressed(reference, 'the decision sent', letterIs('objection-decision', 'sent'));
      const task = await progressed(reference, 'the task given', (s) => s.tasks?.length === 1);
      expect(task).toMatchObject({ stage: 'carrying-out', next: { step: 'confirm-tasks' } });
      await expect(decide(services, reference, stop)).rejects.toThrow(/already been sent/);
      const decision = await letter(
        smtp,
        'Besluit op uw bezwaar tegen de verwerking van uw persoonsgegevens',
      );
      for (const expected of [
        'AVG artikel 6 lid 1 onder f',
        'Uw bezwaar is gegrond: wij stoppen met deze verwerking',
        'geen dwingende gerechtvaardigde gronden die zwaarder wegen dan uw belangen, rechten en vrijheden',
        'Wij wissen de volgende gegevens (AVG artikel 17 lid 1 onder c)',
        'de foto in het fotoarchief van de website',
        'de foto in het cliëntdossier: bewaarplicht WGBO (artikel 7:454 BW)',
        'weten dat wij de verwerking hebben beëindigd (AVG artikel 19)',
        'Die beperking blijft gelden totdat de verwerking is beëindigd',
        'Postbus 93374, 2509 AJ Den Haag',
        'binnen zes weken na ontvangst van dit besluit de rechtbank',
        'artikel 35 Uitvoeringswet AVG',
      ])
        expect(decision.text).toContain(expected);

      // The data owner's task names the case and what to do, never the person.
      const taskMail = await mailTo(smtp, OWNER.email);
      expect(taskMail.subject).toBe(`Taak 1 in zaak ${reference} (bezwaar): uiterlijk 18 december 2093`);
      expect(taskMail.text).toContain(
        'Taak 1: de verwerking waartegen bezwaar is gemaakt beëindigen en de gegevens wissen die het besluit noemt (AVG artikel 21)',
      );
      await confirm(services, reference, 1, 'foto van de website en uit het archief verwijderd');

      // Art. 19: each recipient is told, by mail or (without an address) by post, which the officer records.
      await progressed(
        reference,
        'the posted notice queued',
        letterIs('recipient-notice', 'queued-for-post'),
      );
      await sendUpdate(services, reference, letterPostedUpdate, { by: 'fg', kind: 'recipient-notice' });
      expect(await handle.result()).toMatchObject({ reference, outcome: 'stop' });
      const notice = await letter(
        smtp,
        'Mededeling: verwerking van persoonsgegevens beëindigd (AVG artikel 19)',
      );
      expect(notice.rcpt).toBe('info@drukkerij.example');
      for (const expected of [
        'Drukkerij De Pers',
        'Geachte heer, mevrouw,',
        'De Buurderij heeft u persoonsgegevens verstrekt van Sanne de Vries',
        'betrokkene heeft daartegen bezwaar gemaakt (AVG artikel 21 lid 1)',
        'Wij zijn verplicht u dit mee te delen (AVG artikel 19)',
        'de foto in het fotoarchief van de website',
        'AVG artikel 28 lid 3 onder a',
      ])
        expect(notice.text).toContain(expected);
      expect(notice.text).not.toMatch(/geheim adres|ex-partner|cliëntdossier/);
      const posted = (await db<LetterRow>('letters').where({ kind: 'recipient-notice' }).orderBy('id'))[1]!;
      const postedText = (await readPdf(posted.pdf)).text;
      expect(postedText).toContain('Huis-aan-huisblad De Krant');
      expect(postedText).toContain('9400 AA Assen');
      expect(postedText).toContain('Sanne de Vries');
      const confirmation = await letter(
        smtp,
        'Bevestiging: de verwerking waartegen u bezwaar maakte, is beëindigd',
      );
      expect(confirmation.rcpt).toBe('sanne@example.nl');
      for (const expected of [
        'Sinds 20 november 2093 gebruiken wij uw gegevens niet meer voor deze verwerking',
        'Wij hebben de volgende gegevens gewist (AVG artikel 17 lid 1)',
        'de foto in het cliëntdossier: bewaarplicht WGBO',
        'laten weten dat wij de verwerking hebben beëindigd (AVG artikel 19)',
        'Autoriteit Persoonsgegevens',
      ])
        expect(confirmation.text).toContain(expected);

      // Internal mail never names the subject; the audit trail holds references, counts and hashes.
      for (const mail of (await mails(smtp)).filter((m) => m.attachments.length === 0))
        expect(`${mail.subject}\n${mail.text}`).not.toMatch(/Sanne|Vries|sanne@|foto|geheim/);
      const trail = await events(services, reference);
      expect(trail.map((e) => `${e.type}/${e.actor}`)).toEqual(
        expect.arrayContaining([
          'case.registered/fg',
          'objection.restriction-recorded/system',
          'objection.identity-verified/fg',
          'objection.advised/Marc Bralts (FG)',
          'objection.decided/Raad van Bestuur',
          'task.assigned/system',
          'task.confirmed/fg',
          'objection.processing-stopped/system',
          'letter.posted/fg',
          'case.closed/system',
        ]),
      );
      const decided = trail.find((e) => e.type === 'objection.decided')!;
      expect(JSON.parse(decided.data)).toMatchObject({
        basis: 'legitimate-interests',
        outcome: 'stop',
        dataOwners: 1,
        recipients: 2,
      });
      expect(JSON.stringify(trail)).not.toMatch(/Sanne|Drukkerij|Beheerder|geheim|foto/);
      const records = await db<CaseRecordRow>('case_records').orderBy('id');
      expect(records.map((r) => r.data).join('\n')).toContain('Advies: stoppen.');
      expect(await verifyAuditTrail(db)).toMatchObject({ ok: true });
      keepHistory('objection', 'stopped-with-recipients', await handle.fetchHistory());
    });
    await db.destroy();
  });

  it('continues processing for a public task on compelling grounds, and lifts the restriction only after the letter', async () => {
    const smtp = await startSmtpServer();
    const { db, worker, services } = await setUp(smtp);
    await worker.runUntil(async () => {
      // The subject asked for answers on paper: each letter waits for the officer to post it.
      const onPaper = { policy: 'gdpr-default', ...PHOTO, restrict: true, 'reply-by-post': true };
      const reference = await register(services, onPaper, 'queued-for-post');
      const posted = async (kind: string) => {
        const row = (await db<LetterRow>('letters').where({ kind }).first())!;
        await sendUpdate(services, reference, letterPostedUpdate, { by: 'fg', kind: kind as never });
        return (await readPdf(row.pdf)).text;
      };
      // The law's month: 20 December is a Sunday, so Monday 21 December.
      expect(await posted('acknowledgement')).toContain(
        'uiterlijk op 21 december 2093 weten: de wettelijke termijn van 1 maand na ontvangst (AVG artikel 12 lid 3)',
      );
      await verify(services, reference);
      await decide(services, reference, {
        basis: 'public-task',
        directMarketing: false,
        outcome: 'continue',
        weighing: 'De gemeente heeft ons de taak opgedragen de veiligheid van alle bewoners te bewaken.',
        legalClaims: 'de procedure bij de kantonrechter over de toegang tot het terrein',
      });
      await progressed(reference, 'the decision queued', letterIs('objection-decision', 'queued-for-post'));
      const types = async () => (await events(services, reference)).map((e) => e.type);
      // Art. 18(3): the restriction holds until the letter that tells of its end has gone out.
      expect(await types()).not.toContain('objection.restriction-lifted');
      const text = await posted('objection-decision');
      const handle = env.client.workflow.getHandle(reference);
      expect(await handle.result()).toMatchObject({ outcome: 'continue' });
      for (const expected of [
        'AVG artikel 6 lid 1 onder e',
        'Wij wijzen uw bezwaar af: wij zetten de verwerking voort',
        'De gemeente heeft ons de taak opgedragen de veiligheid van alle bewoners te bewaken.',
        'de procedure bij de kantonrechter over de toegang tot het terrein',
        'Die beperking eindigt met dit besluit',
        'AVG artikel 18 lid 3',
        'artikel 35 Uitvoeringswet AVG',
      ])
        expect(text).toContain(expected);
      expect(text).not.toContain('Wat er met uw gegevens gebeurt');
      const trail = await types();
      expect(trail.indexOf('objection.restriction-lifted')).toBeGreaterThan(
        trail.lastIndexOf('letter.posted'),
      );
      expect(await db('tasks').count({ n: '*' })).toEqual([{ n: 0 }]);
      keepHistory('objection', 'continued-on-compelling-grounds', await handle.fetchHistory());
    });
    await db.destroy();
  });

  it('stops direct marketing at once, without weighing or extension, as a withdrawal of the consent it rested on', async () => {
    const smtp = await startSmtpServer();
    const { db, worker, services } = await setUp(smtp);
    await worker.runUntil(async () => {
      const reference = await register(services, {
        policy: 'gdpr-default',
        processing: 'het toesturen van onze nieuwsbrief met aanbiedingen',
        'direct-marketing': true,
      });
      const ack = (await letter(smtp, 'Ontvangstbevestiging')).text;
      expect(ack).toContain('(AVG artikel 21 lid 2 en 3)');
      expect(ack).not.toMatch(/verlengen|artikel 18/);
      await expect(
        sendUpdate(services, reference, extendUpdate, { by: 'fg', extendBy: { months: 2 }, reasons: 'druk' }),
      ).rejects.toThrow(
        /an objection to direct marketing is not extended; it stops at once \(art. 21\(3\)\)/,
      );
      await verify(services, reference);
      const marketing = {
        basis: 'consent' as const,
        directMarketing: true,
        erased: ['het e-mailadres in de verzendlijst van de nieuwsbrief'],
        kept: [
          {
            data: 'het e-mailadres op de blokkeerlijst',
            ground: 'zodat geen nieuwsbrief meer wordt gestuurd',
          },
        ],
        dataOwners: [{ name: 'Communicatie', email: 'communicatie@example.nl' }],
        recipients: [],
      };
      await expect(
        decide(services, reference, { ...marketing, outcome: 'continue', weighing: 'goede klant' }),
      ).rejects.toThrow(
        /--outcome must be stop: an objection to direct marketing stops it, without weighing/,
      );
      await decide(services, reference, { ...marketing, outcome: 'stop' });
      await progressed(reference, 'the task given', (s) => s.tasks?.length === 1);
      const task = await mailTo(smtp, 'communicatie@example.nl');
      expect(task.text).toContain(
        'het gebruik voor direct marketing waartegen bezwaar is gemaakt beëindigen',
      );
      await confirm(services, reference, 1, 'uitgeschreven en op de blokkeerlijst gezet');
      const handle = env.client.workflow.getHandle(reference);
      expect(await handle.result()).toMatchObject({ outcome: 'stop' });
      const decision = (await letter(smtp, 'Besluit op uw bezwaar')).text;
      for (const expected of [
        'AVG artikel 6 lid 1 onder a',
        'Wij stoppen met het gebruik van uw gegevens voor direct marketing',
        'maken geen afweging (AVG artikel 21 lid 2 en 3)',
        'Uw bezwaar geldt ook als intrekking van uw toestemming (AVG artikel 7 lid 3)',
        'AVG artikel 17 lid 1 onder b en c',
        'het e-mailadres op de blokkeerlijst: zodat geen nieuwsbrief meer wordt gestuurd',
        'artikel 35 Uitvoeringswet AVG',
      ])
        expect(decision).toContain(expected);
      expect(decision).not.toContain('AVG artikel 19');
      const confirmation = (await letter(smtp, 'Bevestiging')).text;
      expect(confirmation).toContain(
        'gebruiken wij uw gegevens niet meer voor direct marketing (AVG artikel 21 lid 3)',
      );
      expect(await db('letters').where({ kind: 'recipient-notice' }).count({ n: '*' })).toEqual([{ n: 0 }]);
      keepHistory('objection', 'direct-marketing-stopped', await handle.fetchHistory());
    });
    await db.destroy();
  });

  it('answers an objection on consent as a withdrawal, and on contract, legal obligation or vital interests that it cannot be made', async () => {
    const smtp = await startSmtpServer();
    const { db, worker, services } = await setUp(smtp);
    await worker.runUntil(async () => {
      const bases = ['consent', 'contract', 'legal-obligation', 'vital-interests'] as const;
      const references: string[] = [];
      for (const basis of bases) {
        const reference = await register(services, { policy: 'gdpr-default', ...PHOTO });
        await verify(services, reference);
        references.push(reference);
        if (basis === 'consent') {
          await decide(services, reference, {
            basis,
            directMarketing: false,
            outcome: 'stop',
            erased: ['de foto op de website'],
            kept: [],
            dataOwners: [OWNER],
            recipients: [],
          });
          await progressed(reference, 'the task given', (s) => s.tasks?.length === 1);
          await confirm(services, reference, 1, 'verwijderd');
        } else {
          // Not the weighing of art. 21(1): the law gives no right to object here.
          await expect(
            decide(services, reference, {
              basis,
              directMarketing: false,
              outcome: 'stop',
              erased: [],
              kept: [],
            }),
          ).rejects.toThrow(
            /--outcome must be not-applicable: .*cannot be objected to; art. 21\(1\) covers only 6\(1\)\(e\) and \(f\)/,
          );
          await decide(services, reference, {
            basis,
            directMarketing: false,
            outcome: 'not-applicable',
            reasons: 'De foto hoort bij uw zorgdossier.',
          });
        }
      }
      const outcomes = await Promise.all(
        references.map((reference) => env.client.workflow.getHandle<typeof objection>(reference).result()),
      );
      expect(outcomes.map((r) => r.outcome)).toEqual([
        'stop',
        'not-applicable',
        'not-applicable',
        'not-applicable',
      ]);
      const decisions = (await mails(smtp)).filter((m) => m.subject.startsWith('Besluit op uw bezwaar'));
      const text = async (reference: string) => {
        const mail = decisions.find((m) => m.subject.endsWith(`(${reference})`))!;
        return (await readPdf(mail.attachments[0]!.content)).text;
      };
      const [consent, contract, obligation, vital] = await Promise.all(references.map(text));
      expect(consent).toContain("Wij behandelen uw bezwaar als zo'n intrekking");
      expect(consent).toContain('AVG artikel 17 lid 1 onder b)');
      for (const [letterText, article] of [
        [contract, 'AVG artikel 6 lid 1 onder b'],
        [obligation, 'AVG artikel 6 lid 1 onder c'],
        [vital, 'AVG artikel 6 lid 1 onder d'],
      ] as const) {
        expect(letterText).toContain(article);
        expect(letterText).toContain('Tegen deze verwerking kunt u geen bezwaar maken');
        expect(letterText).toContain('De foto hoort bij uw zorgdossier.');
        expect(letterText).toContain('Welke rechten u wel heeft');
        for (const right of [
          'AVG artikel 15',
          'AVG artikel 16',
          'AVG artikel 18',
          'artikel 35 Uitvoeringswet AVG',
        ])
          expect(letterText).toContain(right);
      }
      expect(contract).toContain('AVG artikel 20'); // portability: only for a contract here
      expect(obligation).toContain('AVG artikel 17 lid 3 onder b'); // the duty to keep blocks erasure
      expect(vital).not.toMatch(/artikel 20|17 lid 3/);
      expect(await db('tasks').count({ n: '*' })).toEqual([{ n: 1 }]);
    });
    await db.destroy();
  });

  it('reminds the officer, escalates to management when the decision is late, refuses a late extension, and still decides', async () => {
    const smtp = await startSmtpServer();
    const { db, worker, services } = await setUp(smtp);
    await worker.runUntil(async () => {
      const reference = await register(services, { policy: 'de-buurderij', ...PHOTO });
      await verify(services, reference);
      const expectAlarm = async (count: number, kind: string, at: string) => {
        expect((await status(reference)).nextAlarm).toEqual({ kind, at: new Date(at).toISOString() });
        await skipTo(new Date(new Date(at).getTime() + 60_000));
        await progressed(reference, `${kind} ${count}`, alarmsSent(count));
        return (await mails(smtp)).at(-1)!;
      };
      const reminder = await expectAlarm(1, 'reminder', '2093-12-11T09:00:00+01:00');
      expect(reminder.rcpt).toBe('marc@debuurderij.nl');
      expect(reminder.subject).toBe(`Herinnering: ${reference} (bezwaar) verloopt op 18 december 2093`);
      expect(reminder.text).toContain('zoek in het register op welke grondslag de verwerking berust');
      expect(reminder.text).toContain(`privacyloket objection decide ${reference} --input decision.json`);
      await expectAlarm(2, 'reminder', '2093-12-16T09:00:00+01:00');
      const escalation = await expectAlarm(3, 'escalation', '2093-12-18T23:59:59.999+01:00');
      expect(escalation.rcpt).toBe('raad-van-bestuur@debuurderij.example');
      expect(escalation.subject).toBe(`Termijn verstreken: ${reference} (bezwaar)`);
      const daily = await expectAlarm(4, 'escalation', '2093-12-19T09:00:00+01:00');
      expect(daily.subject).toBe(`Termijn verstreken: ${reference} (bezwaar), 1 dag(en) te laat`);
      // Art. 12(3): an extension only within the period.
      await expect(
        sendUpdate(services, reference, extendUpdate, {
          by: 'fg',
          extendBy: { months: 2 },
          reasons: 'Te laat.',
        }),
      ).rejects.toThrow(/has passed; art. 12\(3\) allows extending only within the period/);
      expect(await status(reference)).toMatchObject({ dueDate: '2093-12-18', extended: false });
      await decide(services, reference, {
        basis: 'contract',
        directMarketing: false,
        outcome: 'not-applicable',
        reasons: 'De foto is nodig voor de uitvoering van de zorgovereenkomst.',
      });
      const handle = env.client.workflow.getHandle(reference);
      expect(await handle.result()).toMatchObject({ outcome: 'not-applicable' });
      for (const mail of (await mails(smtp)).filter((m) => m.attachments.length === 0))
        expect(`${mail.subject}\n${mail.text}`).not.toMatch(/Sanne|Vries|foto/);
      keepHistory('objection', 'decided-late', await handle.fetchHistory());
    });
    await db.destroy();
  });

  it('reminds the data owner of a task never confirmed, and escalates it to the officer at the deadline', async () => {
    const smtp = await startSmtpServer();
    const { db, worker, services } = await setUp(smtp);
    await worker.runUntil(async () => {
      const reference = await register(services, { policy: 'de-buurderij', ...PHOTO });
      await verify(services, reference);
      await decide(services, reference, {
        basis: 'legitimate-interests',
        directMarketing: false,
        outcome: 'stop',
        erased: ['de foto op de website'],
        kept: [],
        dataOwners: [OWNER],
        recipients: [],
      });
      await progressed(reference, 'the task given', (s) => s.tasks?.length === 1);
      const toOwner = async (count: number) =>
        eventually(`${count} mails to the data owner`, async () => {
          const owner = (await mails(smtp)).filter((m) => m.rcpt === OWNER.email);
          return owner.length === count ? owner.at(-1) : undefined;
        });
      await skipTo(new Date('2093-12-11T09:01:00+01:00'));
      const first = await toOwner(2); // the task, then its first reminder
      expect(first.subject).toBe(
        `Herinnering: taak 1 in zaak ${reference} (bezwaar) uiterlijk 18 december 2093`,
      );
      await skipTo(new Date('2093-12-16T09:01:00+01:00'));
      await toOwner(3);
      await skipTo(new Date('2093-12-19T00:01:00+01:00'));
      const overdue = await eventually('the task escalated to the officer', async () =>
        (await mails(smtp)).find((m) => m.subject.startsWith('Taken niet bevestigd')),
      );
      expect(overdue.rcpt).toBe('marc@debuurderij.nl');
      expect(overdue.text).toContain(`privacyloket objection confirm-task ${reference} --task <nummer>`);
      // The decision, the answer the deadline asks for, went out in time: the case itself is not overdue, and
      // management hears nothing; the unconfirmed task is the officer's to chase.
      expect((await mails(smtp)).filter((m) => m.rcpt === 'raad-van-bestuur@debuurderij.example')).toEqual(
        [],
      );
      for (const mail of (await mails(smtp)).filter((m) => m.attachments.length === 0))
        expect(`${mail.subject}\n${mail.text}`).not.toMatch(/Sanne|Vries|foto/);
      expect(await status(reference)).toMatchObject({
        stage: 'carrying-out',
        tasks: [{ number: 1, done: false }],
      });
      keepHistory(
        'objection',
        'task-never-confirmed',
        await env.client.workflow.getHandle(reference).fetchHistory(),
      );
    });
    await db.destroy();
  });
});

/**
 * The erasure request on the time-skipping server, with the product's worker, a real SQLite database, Chromium,
 * and a real SMTP server on loopback; PDFs are read back as text. The cases live in 2093, a year whose calendar is
 * that of 2026 and that no run of these tests will have passed (the test server's clock only moves forward).
 *
 * De Buurderij: 4 weeks. Received Friday 20 November 2093 → due Friday 18 December; a care file (art. 7:455 BW):
 * 3 months → Saturday 20 February 2094 → Monday 22 February.
 */

import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { verifyAuditTrail, type AuditEventRow } from '../../db/audit';
import type { CaseRow } from '../../db/cases';
import type { LetterRow } from '../../db/letters';
import type { PartyRow, TaskRow } from '../../db/parties';
import type { CaseRecordRow } from '../../db/records';
import { caseDetails, sendUpdate, type CaseServices } from '../../services/cases';
import type { Config } from '../../services/config';
import { parseCaseRequest, registerCase } from '../../services/start';
import type { erasureRequest } from '../../workflows/erasure';
import { decideErasureUpdate, type ErasureDecision } from '../../workflows/erasure-messages';
import { letterPostedUpdate, type CaseStatus } from '../../workflows/case/messages';
import {
  adviseUpdate,
  caseStatusQuery,
  confirmTaskUpdate,
  extendUpdate,
  verifyIdentityUpdate,
} from '../../workflows/case/updates';
import { testConfig, testEnv, tempDir } from '../helpers/env';
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

const REQUEST = {
  policy: 'de-buurderij',
  received: '2093-11-20T10:00:00+01:00',
  name: 'Jan de Vries',
  email: 'jan@example.nl',
  what: 'Mijn hele dossier, ook de video-opnamen en wat over mijn broer Piet is geschreven.',
  categories: 'care-data,video-memory-aid,financial-administration',
};

/** As `privacyloket erasure start` does it, on the test server's clock; its acknowledgement out. */
async function acknowledged(services: CaseServices, input: Record<string, unknown> = REQUEST) {
  const now = new Date(await env.currentTimeMs());
  const request = await parseCaseRequest('erasure', input, { now, policiesDir: services.config.policiesDir });
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
    s.letters.filter((letter) => letter.kind === kind && letter.status === state).length === count;
const noted =
  (pattern: RegExp, count = 1) =>
  (s: CaseStatus) =>
    s.history.filter((entry) => pattern.test(entry.event)).length === count;

const mails = async (smtp: TestSmtpServer) => Promise.all(smtp.messages.map((m) => parseMail(m.raw)));
/** The text of the PDF attached to the latest mail with this subject. */
async function letterText(smtp: TestSmtpServer, subject: RegExp) {
  const mail = (await mails(smtp)).findLast((m) => subject.test(m.subject ?? ''));
  if (!mail) throw new Error(`no mail ${String(subject)}`);
  return { to: mail.to, text: (await readPdf(mail.attachments[0]!.content)).text };
}
const verify = (services: CaseServices, reference: string) =>
  sendUpdate(services, reference, verifyIdentityUpdate, { by: 'fg', verified: true, method: 'paspoort' });

describe('erasure request', () => {
  it('refuses a start with bad fields, naming each flag, and starts nothing', async () => {
    await expect(
      parseCaseRequest(
        'erasure',
        { ...REQUEST, what: ' ', categories: 'care-data,fotos' },
        { now: new Date('2093-11-20T12:00:00+01:00'), policiesDir: config.policiesDir },
      ),
    ).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(
        /^--what must not be empty; --categories: 'fotos' is not a data category of the policy \(care-data, /,
      ) as string,
    });
  });

  it('escalates a decision that is late, refuses an extension after the deadline, and keeps fiscal records (art. 17(3)(b))', async () => {
    const smtp = await startSmtpServer();
    const { db, worker, services } = await setUp(smtp);
    const history = await worker.runUntil(async () => {
      const reference = await acknowledged(services, {
        ...REQUEST,
        what: 'Mijn facturen.',
        categories: 'financial-administration',
      });
      // `privacyloket deadline erasure` says what the acknowledgement says.
      const cli = await runCli(
        ['deadline', 'erasure', '--received', REQUEST.received, '--policy', 'de-buurderij', '--json'],
        testEnv({ PRIVACYLOKET_DATA_DIR: tempDir() }),
      );
      expect(JSON.parse(cli.stdout)).toMatchObject({ dueDate: '2093-12-18', period: { weeks: 4 } });
      const ack = await letterText(smtp, /^Ontvangstbevestiging/);
      expect(ack.to).toBe('jan@example.nl');
      expect(ack.text).toContain('Mijn facturen.');
      expect(ack.text).toContain(
        'uiterlijk op 18 december 2093: de termijn volgens ons privacyreglement, 4 weken na ontvangst',
      );
      expect(ack.text).toContain('met ten hoogste 2 maanden verlengen (AVG artikel 12 lid 3)');
      expect(ack.text).toContain('uiterlijk op 22 februari 2094: de wettelijke termijn van 3 maanden');
      await verify(services, reference);

      // Reminders 7 and 2 days before the deadline, escalation at it and daily while no decision comes.
      await skipTo(new Date('2093-12-19T09:01:00+01:00'));
      const late = await progressed(
        reference,
        'escalated twice',
        noted(/^escalation sent to management$/, 2),
      );
      expect(late.history.filter((e) => e.event === 'reminder sent to officer')).toHaveLength(2);
      const alarms = (await mails(smtp)).slice(1);
      expect(alarms.map((m) => m.to)).toEqual([
        'marc@debuurderij.nl',
        'marc@debuurderij.nl',
        'raad-van-bestuur@debuurderij.example',
        'raad-van-bestuur@debuurderij.example',
      ]);
      expect(alarms[2]!.subject).toBe(`Termijn verstreken: ${reference} (verzoek om verwijdering)`);
      expect(alarms[0]!.text).toContain('beslis per gegevenscategorie');
      expect(alarms[0]!.text).toContain(`privacyloket erasure decide ${reference} --input decision.json`);
      for (const mail of alarms) expect(`${mail.subject}\n${mail.text}`).not.toMatch(/\bJan\b|Vries|factu/i);

      // Art. 12(3): an extension only within the period.
      await expect(
        sendUpdate(services, reference, extendUpdate, {
          by: 'fg',
          extendBy: { months: 2 },
          reasons: 'Te laat bedacht.',
        }),
      ).rejects.toThrow(/has passed; art. 12\(3\) allows extending only within the period/);
      expect(await status(reference)).toMatchObject({ dueDate: '2093-12-18', extended: false });

      // The FG advises, the organisation decides: keep the fiscal records on their statutory duty.
      await sendUpdate(services, reference, adviseUpdate, {
        by: 'Marc Bralts',
        advice: 'Bewaren: de fiscale bewaarplicht gaat voor (art. 17 lid 3 onder b).',
      });
      const decision: ErasureDecision = {
        by: 'Raad van Bestuur',
        categories: {
          'financial-administration': {
            action: 'keep',
            ground: 'statute',
            reasons: 'Uw facturen van 2092 vallen onder de fiscale bewaarplicht.',
            keepUntil: '2099-12-31',
          },
        },
      };
      await sendUpdate(services, reference, decideErasureUpdate, decision);
      const handle = env.client.workflow.getHandle<typeof erasureRequest>(reference);
      expect(await handle.result()).toMatchObject({ reference, outcome: 'refused' });
      const letter = await letterText(smtp, /^Besluit op uw verzoek om verwijdering/);
      for (const expected of [
        'Wij wijzen uw verzoek af',
        'Financiële administratie (fiscale gegevens)',
        'de fiscale bewaarplicht van zeven jaar (artikel 52 Algemene wet inzake rijksbelastingen)',
        'Het recht op wissing geldt dan niet (AVG artikel 17 lid 3 onder b)',
        'Onze redenen: Uw facturen van 2092 vallen onder de fiscale bewaarplicht.',
        'Wij bewaren deze gegevens tot 31 december 2099',
        'Postbus 93374, 2509 AJ Den Haag',
        'artikel 35 Uitvoeringswet AVG',
      ])
        expect(letter.text).toContain(expected);
      expect(await db('tasks').count({ n: '*' })).toEqual([{ n: 0 }]);
      const events = await db<AuditEventRow>('audit_events').orderBy('id');
      expect(events.map((e) => `${e.type}/${e.actor}`)).toEqual(
        expect.arrayContaining([
          'erasure.identity-verified/fg',
          'erasure.advised/Marc Bralts',
          'erasure.decided/Raad van Bestuur',
          'case.closed/system',
        ]),
      );
      // The request's file is the evidence that it was handled: whoever looks at it is on record.
      await caseDetails(db, env.client, reference, 'anna');
      const viewed = await db<AuditEventRow>('audit_events').orderBy('id', 'desc').first();
      expect(viewed).toMatchObject({ type: 'case.viewed', actor: 'anna' });
      expect(await verifyAuditTrail(db)).toMatchObject({ ok: true });
      return handle.fetchHistory();
    });
    keepHistory('erasure', 'late-then-refused-fiscal', history);
    await db.destroy();
  });

  it('destroys a care file within its three months, erases the rest within the period, tells the recipients and confirms', async () => {
    const smtp = await startSmtpServer();
    const { db, worker, services } = await setUp(smtp);
    const history = await worker.runUntil(async () => {
      const reference = await acknowledged(services);
      const ack = await letterText(smtp, /^Ontvangstbevestiging/);
      expect(ack.text).toContain('Mijn hele dossier, ook de video-opnamen');
      expect(ack.text).toContain(
        'Het gaat daarbij om de volgende soorten gegevens: Zelf gegenereerde gegevens over zorg',
      );

      // A care file kept on its own retention period alone: refused, the case untouched.
      await verify(services, reference);
      const before = await status(reference);
      const careDataOwner = { name: 'Zorgadministratie', email: 'zorgadmin@debuurderij.nl' };
      const keptOnRetention: ErasureDecision = {
        by: 'Raad van Bestuur',
        categories: {
          'care-data': {
            action: 'keep',
            ground: 'statute',
            statute: 'WGBO, art. 7:454 lid 3 BW: 20 jaar bewaren',
            reasons: 'Bewaartermijn.',
            keepUntil: '2113-01-01',
          },
          'video-memory-aid': { action: 'erase', dataOwner: careDataOwner },
          'financial-administration': {
            action: 'keep',
            ground: 'statute',
            reasons: 'AWR',
            keepUntil: '2099-01-01',
          },
        },
        recipients: [],
      };
      await expect(sendUpdate(services, reference, decideErasureUpdate, keptOnRetention)).rejects.toThrow(
        /categories\.care-data\.statute cites the care file's own retention period/,
      );
      expect(await status(reference)).toEqual(before);

      const decision: ErasureDecision = {
        by: 'Raad van Bestuur',
        categories: {
          'care-data': {
            action: 'partly',
            erased: 'het zorgplan en de rapportages over u',
            kept: 'de verslagen over uw broer',
            ground: 'substantial-importance-other',
            reasons: 'Uw broer heeft de verslagen nodig voor zijn eigen behandeling.',
            keepUntil: '2095-01-01',
            dataOwner: careDataOwner,
          },
          'video-memory-aid': {
            action: 'erase',
            dataOwner: { name: 'Teamleider', email: 'team@debuurderij.nl' },
          },
          'financial-administration': {
            action: 'keep',
            ground: 'statute',
            reasons: 'Uw facturen vallen onder de fiscale bewaarplicht.',
            keepUntil: '2099-12-31',
          },
        },
        recipients: [
          { name: 'Huisartsenpraktijk Noord', email: 'noord@huisarts.example', categories: ['care-data'] },
          { name: 'Zorgkantoor Friesland', postalAddress: 'Postbus 1\n8900 AA Leeuwarden' },
        ],
      };
      await sendUpdate(services, reference, decideErasureUpdate, decision);
      await progressed(reference, 'the decision sent, the tasks given', noted(/^task \d given/, 2));
      const decided = await letterText(smtp, /^Besluit op uw verzoek om verwijdering/);
      for (const expected of [
        'Wij willigen uw verzoek gedeeltelijk in',
        ': het zorgplan en de rapportages over u; uiterlijk op 22 februari 2094',
        'bewaartermijn van twintig jaar (artikel 7:454 lid 3 Burgerlijk Wetboek), maar die staat niet in de weg aan vernietiging op uw verzoek (artikel 7:455 Burgerlijk Wetboek)',
        'Audio- en videobeelden als geheugensteun; uiterlijk op 18 december 2093',
        'eerder verstrekt aan: Huisartsenpraktijk Noord; Zorgkantoor Friesland',
        'aanmerkelijk belang voor een ander dan u',
        'Wij bewaren deze gegevens tot 1 januari 2095',
        'artikel 52 Algemene wet inzake rijksbelastingen',
        'artikel 35 Uitvoeringswet AVG',
      ])
        expect(decided.text).toContain(expected);

      // One task per data owner and deadline; the mail names the case and the categories, nobody's data.
      const tasks = await db<TaskRow>('tasks').orderBy('number');
      expect(tasks.map((t) => [t.number, t.due_at])).toEqual([
        [1, '2094-02-22T22:59:59.999Z'], // the care file: 3 months (art. 7:455 BW)
        [2, '2093-12-18T22:59:59.999Z'], // the rest: the policy's 4 weeks
      ]);
      const taskMails = (await mails(smtp)).filter((m) => /^Taak \d/.test(m.subject ?? ''));
      expect(taskMails.map((m) => m.to)).toEqual(['zorgadmin@debuurderij.nl', 'team@debuurderij.nl']);
      for (const mail of taskMails)
        expect(`${mail.subject}\n${mail.text}`).not.toMatch(/\bJan\b|Vries|Piet|broer/);
      expect(taskMails[0]!.text).toContain('(gedeeltelijk: zie het besluit)');

      // The rest erased within the period: the case's own deadline passes without escalation.
      await skipTo(new Date('2093-12-01T16:00:00+01:00'));
      await sendUpdate(services, reference, confirmTaskUpdate, {
        by: 'fg',
        task: 2,
        doneBy: 'Teamleider',
        at: '2093-12-01T15:00:00+01:00',
        how: 'opnamen gewist van de teamschijf en uit de prullenbak',
      });
      await skipTo(new Date('2093-12-20T10:00:00+01:00'));
      // The care file's task, never confirmed: reminders to its data owner, then escalation to the officer
      // (task alarms are mails, not case events: two reminders, two escalations).
      const sent = smtp.messages.length;
      await skipTo(new Date('2094-02-23T09:01:00+01:00'));
      await smtp.waitFor(sent + 4, 30_000);
      const overdue = await status(reference);
      expect(overdue.history.some((e) => /^escalation sent to management/.test(e.event))).toBe(false);
      // No reminder or escalation of the case's own deadline: its duty was met on 1 December.
      const alarms = (await mails(smtp)).filter((m) =>
        /^(Herinnering|Taken niet|Termijn)/.test(m.subject ?? ''),
      );
      expect(alarms.map((m) => `${m.to} ${m.subject?.replace(reference, 'REF')}`)).toEqual([
        'zorgadmin@debuurderij.nl Herinnering: taak 1 in zaak REF (verzoek om verwijdering) uiterlijk 22 februari 2094',
        'zorgadmin@debuurderij.nl Herinnering: taak 1 in zaak REF (verzoek om verwijdering) uiterlijk 22 februari 2094',
        'marc@debuurderij.nl Taken niet bevestigd: REF (verzoek om verwijdering)',
        'marc@debuurderij.nl Taken niet bevestigd: REF (verzoek om verwijdering), 1 dag(en) te laat',
      ]);
      await skipTo(new Date('2094-02-23T10:30:00+01:00'));
      await sendUpdate(services, reference, confirmTaskUpdate, {
        by: 'fg',
        task: 1,
        doneBy: 'Zorgadministratie',
        at: '2094-02-23T10:00:00+01:00',
        how: 'zorgplan en rapportages vernietigd in het ECD, back-up overschreven',
      });

      // Art. 19: each recipient hears what of theirs was erased; one by mail, one by post.
      await progressed(
        reference,
        'a notice queued for post',
        letterIs('recipient-notice', 'queued-for-post'),
      );
      const notice = await letterText(smtp, /^Mededeling: gegevens gewist/);
      expect(notice.to).toBe('noord@huisarts.example');
      expect(notice.text).toContain('Geachte Huisartsenpraktijk Noord,');
      expect(notice.text).toContain('persoonsgegevens verstrekt van Jan de Vries');
      expect(notice.text).toContain(': het zorgplan en de rapportages over u (gewist op 23 februari 2094)');
      expect(notice.text).toContain('(AVG artikel 19)');
      expect(notice.text).not.toMatch(/video|broer|fiscale|Onze redenen/);
      const posted = (await db<LetterRow>('letters').where({ status: 'queued-for-post' }).first())!;
      const onPaper = (await readPdf(posted.pdf)).text;
      expect(onPaper).toContain('Zorgkantoor Friesland Postbus 1 8900 AA Leeuwarden');
      expect(onPaper).toContain('Audio- en videobeelden als geheugensteun (gewist op 1 december 2093)');
      // The subject hears that the recipients were told once the notice on paper has gone.
      expect((await status(reference)).letters.map((l) => l.kind)).not.toContain('erasure-confirmation');
      await sendUpdate(services, reference, letterPostedUpdate, { by: 'fg', kind: 'recipient-notice' });

      const handle = env.client.workflow.getHandle<typeof erasureRequest>(reference);
      expect(await handle.result()).toMatchObject({ outcome: 'partly' });
      const confirmation = await letterText(smtp, /^Bevestiging: de afhandeling/);
      expect(confirmation.to).toBe('jan@example.nl');
      for (const expected of [
        ': het zorgplan en de rapportages over u; gewist op 23 februari 2094.',
        'Audio- en videobeelden als geheugensteun; gewist op 1 december 2093.',
        'Wij hebben Huisartsenpraktijk Noord; Zorgkantoor Friesland laten weten',
        ': de verslagen over uw broer. Het bewaren van deze gegevens is van aanmerkelijk belang',
        'Wij bewaren deze gegevens tot 31 december 2099',
        'Wij vernietigen het 5 jaar nadat uw verzoek is afgehandeld',
        '(AVG artikel 5 lid 2)',
      ])
        expect(confirmation.text).toContain(expected);

      // The evidence: who confirmed each deletion, when and how; the trail holds no personal data.
      expect(
        (await db<TaskRow>('tasks').orderBy('number')).map((t) => [t.status, t.confirmed_by, t.how]),
      ).toEqual([
        ['done', 'Zorgadministratie', 'zorgplan en rapportages vernietigd in het ECD, back-up overschreven'],
        ['done', 'Teamleider', 'opnamen gewist van de teamschijf en uit de prullenbak'],
      ]);
      expect((await db<PartyRow>('parties').orderBy('id')).map((p) => `${p.role} ${p.name}`)).toEqual([
        'data-owner Zorgadministratie',
        'data-owner Teamleider',
        'recipient Huisartsenpraktijk Noord',
        'recipient Zorgkantoor Friesland',
      ]);
      const letters = await db<LetterRow>('letters').orderBy('id');
      expect(letters.map((l) => `${l.kind} ${l.status}`)).toEqual([
        'acknowledgement sent',
        'erasure-decision sent',
        'recipient-notice sent',
        'recipient-notice posted',
        'erasure-confirmation sent',
      ]);
      expect(await db<CaseRow>('cases').where({ reference }).first()).toMatchObject({ status: 'closed' });
      expect(await verifyAuditTrail(db)).toMatchObject({ ok: true });
      const events = await db<AuditEventRow>('audit_events').orderBy('id');
      const decidedEvent = events.find((e) => e.type === 'erasure.decided')!;
      expect(JSON.parse(decidedEvent.data)).toMatchObject({
        outcome: 'partly',
        categories: {
          'care-data': { action: 'partly', ground: 'substantial-importance-other' },
          'video-memory-aid': { action: 'erase' },
          'financial-administration': { action: 'keep', ground: 'statute' },
        },
        recipients: 2,
      });
      expect(events.map((e) => e.type)).toEqual(
        expect.arrayContaining([
          'task.assigned',
          'task.confirmed',
          'erasure.request-file-kept',
          'case.closed',
        ]),
      );
      expect(JSON.stringify(events)).not.toMatch(/\bJan\b|Vries|broer|Piet|zorgplan|Huisarts/);
      const [record] = await db<CaseRecordRow>('case_records').where({
        id: (JSON.parse(decidedEvent.data) as { recordId: number }).recordId,
      });
      expect(record!.data).toContain('Uw broer heeft de verslagen nodig');
      return handle.fetchHistory();
    });
    keepHistory('erasure', 'care-file-partly-with-recipients', history);
    await db.destroy();
  });
});

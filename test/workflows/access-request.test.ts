/**
 * The access request on the time-skipping server, with the product's worker, a real SQLite database, Chromium,
 * and a real SMTP server on loopback that receives the mail; PDFs are read back as text. Tests wait on the
 * workflow's own progress (its status query), never on a guess of how long something takes.
 *
 * The test server's clock starts at today's date and only moves forward, so the cases live in 2093, a year
 * whose calendar is that of 2026 (the same weekdays, the same holidays in November to February) and that no
 * run of these tests will have passed.
 */
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { createDb, migrateDb } from '../../db';
import { verifyAuditTrail, type AuditEventRow } from '../../db/audit';
import type { CaseRow } from '../../db/cases';
import type { LetterRow } from '../../db/letters';
import type { CaseRecordRow } from '../../db/records';
import type { Policy } from '../../policies/schema';
import { dataConverter, loadCodecKey } from '../../services/codec';
import {
  caseDetails,
  decide,
  previewResponse,
  resendLetter,
  sendUpdate,
  type CaseServices,
} from '../../services/cases';
import { parseCaseRequest, registerCase } from '../../services/start';
import { projectRoot, type Config } from '../../services/config';
import type { accessRequest } from '../../workflows/access-request';
import {
  accessStatusQuery,
  decideUpdate,
  letCategoriesStand,
  recordThirdPartyViewsUpdate,
  type AccessStatus,
} from '../../workflows/access-request-messages';
import { letterPostedUpdate } from '../../workflows/case/messages';
import { approveUpdate, extendUpdate, verifyIdentityUpdate } from '../../workflows/case/updates';
import { testConfig, tempDir } from '../helpers/env';
import { HISTORY_CODEC_KEY } from '../helpers/histories';
import { readPdf } from '../helpers/pdf';
import { deadSmtpServer, parseMail, startSmtpServer, type TestSmtpServer } from '../helpers/smtp';
import { caseWorker, eventually, keepHistory, skipTo as skipClock } from '../helpers/case-workflows';
import { testWorker, timeSkippingEnv } from '../helpers/temporal';

// Each test gets a server of its own: time only moves forward.
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

/** As `privacyloket access start` does it, on the test server's clock. */
async function register(services: CaseServices, input: Record<string, unknown>) {
  const now = new Date(await env.currentTimeMs());
  const request = await parseCaseRequest('access', input, { now, policiesDir: services.config.policiesDir });
  return (await registerCase(services, request)).reference;
}

/** Jan de Vries's request of Friday 20 November 2093 under `policy`, registered, its acknowledgement out. */
async function acknowledged(services: CaseServices, policy: string) {
  const reference = await register(services, {
    policy,
    received: '2093-11-20T10:00:00+01:00',
    name: 'Jan de Vries',
    email: 'jan@example.nl',
  });
  await progressed(reference, 'the acknowledgement sent', letterIs('acknowledgement', 'sent'));
  return reference;
}

const status = (reference: string) => env.client.workflow.getHandle(reference).query(accessStatusQuery);

/** The workflow's own status once `reached` holds. */
const progressed = (reference: string, what: string, reached: (status: AccessStatus) => boolean) =>
  eventually(`${reference}: ${what}`, async () => {
    const current = await status(reference);
    return reached(current) ? current : undefined;
  });

const letterIs = (kind: string, state: string) => (s: AccessStatus) =>
  s.letters.some((letter) => letter.kind === kind && letter.status === state);
const alarmsSent = (count: number) => (s: AccessStatus) =>
  s.history.filter((entry) => / sent to /.test(entry.event)).length === count;

const mails = async (smtp: TestSmtpServer) => Promise.all(smtp.messages.map((m) => parseMail(m.raw)));

describe('access request', () => {
  it('reminds the officer 7 and 2 days before the deadline and escalates at it, then daily', async () => {
    const smtp = await startSmtpServer();
    const { db, worker, services } = await setUp(smtp);
    await worker.runUntil(async () => {
      // Werk op Maat: 2 weeks. Received Friday 20 November → due Friday 4 December, end of day.
      const reference = await acknowledged(services, 'werk-op-maat');
      expect(smtp.messages).toHaveLength(2); // the encrypted acknowledgement, and the note to give its password
      // Each alarm: scheduled for its exact moment, sent once that moment has passed, to the right person.
      const expectAlarm = async (count: number, kind: string, at: string) => {
        expect((await status(reference)).nextAlarm).toEqual({ kind, at: new Date(at).toISOString() });
        await skipTo(new Date(new Date(at).getTime() + 60_000));
        await progressed(reference, `${kind} ${count}`, alarmsSent(count));
        expect(smtp.messages).toHaveLength(2 + count);
        return (await mails(smtp)).at(-1)!;
      };
      const first = await expectAlarm(1, 'reminder', '2093-11-27T09:00:00+01:00');
      expect(first.to).toBe('fg@werkopmaat.example');
      expect(first.subject).toBe(`Herinnering: ${reference} (inzageverzoek) verloopt op 4 december 2093`);
      expect(first.text).toContain('(de termijn volgens ons privacyreglement)');
      expect(first.text).toContain('Volgende stap: stel de identiteit van de verzoeker vast');
      expect(first.text).toContain(
        `Opdracht: privacyloket access verify-identity ${reference} --method <how>`,
      );
      expect((await expectAlarm(2, 'reminder', '2093-12-02T09:00:00+01:00')).to).toBe(
        'fg@werkopmaat.example',
      );
      const escalation = await expectAlarm(3, 'escalation', '2093-12-04T23:59:59.999+01:00');
      expect(escalation.to).toBe('bestuur@werkopmaat.example');
      expect(escalation.subject).toBe(`Termijn verstreken: ${reference} (inzageverzoek)`);
      expect(escalation.text).toContain('De termijn volgens ons privacyreglement van zaak');
      const daily = await expectAlarm(4, 'escalation', '2093-12-05T09:00:00+01:00');
      expect(daily.to).toBe('bestuur@werkopmaat.example');
      expect(daily.subject).toBe(`Termijn verstreken: ${reference} (inzageverzoek), 1 dag(en) te laat`);
      // Internal mail never names the subject (Werk op Maat: not traceable to a person), and is Dutch throughout.
      for (const mail of (await mails(smtp)).slice(1)) {
        expect(`${mail.subject}\n${mail.text}`).not.toMatch(/Jan|Vries|jan@example/);
        expect(mail.text).not.toMatch(/\b(the|and|Next step|Command)\b/);
      }
      const handle = env.client.workflow.getHandle(reference);
      expect(await handle.query(accessStatusQuery)).toMatchObject({
        stage: 'verifying-identity',
        dueDate: '2093-12-04',
      });
      keepHistory('access-request', 'reminders-and-escalations', await handle.fetchHistory());
    });
    await db.destroy();
  });

  it('takes the request through identity, third persons, extension and a partial decision to the response', async () => {
    const smtp = await startSmtpServer();
    const { db, worker, services } = await setUp(smtp);
    const copy = join(tempDir(), 'kopie.pdf');
    writeFileSync(copy, await onePagePdf('KOPIE VAN HET DOSSIER: zorgplan 2093'));
    const { reference, history } = await worker.runUntil(async () => {
      // GDPR default: 1 month. Received Friday 20 November → 20 December is a Sunday → Monday 21 December.
      const reference = await register(services, {
        policy: 'gdpr-default',
        received: '2093-11-20T10:00:00+01:00',
        name: 'Jan de Vries',
        email: 'jan@example.nl',
        address: 'Dorpsstraat 1\n1234 AB Ergens',
      });
      const handle = env.client.workflow.getHandle<typeof accessRequest>(reference);
      await progressed(reference, 'the acknowledgement sent', letterIs('acknowledgement', 'sent'));
      const ackMail = await parseMail(smtp.messages[0]!.raw);
      expect(ackMail.subject).toBe(`Ontvangstbevestiging van uw verzoek om inzage (${reference})`);
      const ack = (await readPdf(ackMail.attachments[0]!.content)).text;
      expect(ack).toContain('uiterlijk op 21 december 2093');
      expect(ack).toContain('de wettelijke termijn van 1 maand na ontvangst (AVG artikel 12 lid 3)');
      expect(ack).toContain('met ten hoogste 2 maanden verlengen'); // the policy's extension, not a fixed text
      expect(ack).toContain('Geachte Jan de Vries,');

      const refused = (promise: Promise<unknown>, message: RegExp) =>
        expect(promise).rejects.toThrow(message);
      const full = { by: 'fg', outcome: 'full' as const, elements: ELEMENTS };
      // Out of order: nothing is decided before the requester is known.
      await refused(decide(services, reference, full, copy), /identity has not been verified/);
      expect(await db('documents').count({ n: '*' })).toEqual([{ n: 0 }]); // the refused decision left no copy
      await sendUpdate(services, reference, verifyIdentityUpdate, {
        by: 'fg',
        verified: true,
        method: 'identiteitsbewijs aan de balie',
        thirdPartyData: true,
      });
      await refused(decide(services, reference, full, copy), /views of third persons have not been recorded/);
      await sendUpdate(services, reference, recordThirdPartyViewsUpdate, {
        by: 'fg',
        consent: 'refused',
        summary: 'De broer wil niet dat zijn gegevens worden verstrekt.',
      });
      // Their refusal informs the weighing of art. 15(4) but cannot replace it: a disclosure records it.
      await refused(decide(services, reference, full, copy), /thirdParties.weighing must record/);
      // A refusal without reasons: the workflow's own validator refuses it (art. 12(4)).
      const before = await handle.query(accessStatusQuery);
      await refused(
        sendUpdate(services, reference, decideUpdate, { by: 'fg', outcome: 'refused' }),
        /reasons must not be empty/,
      );
      expect(await handle.query(accessStatusQuery)).toEqual(before);

      // One extension, before the deadline, with reasons: 20 December + 2 months = Saturday 20 February → Monday 22 February.
      const extended = await sendUpdate(services, reference, extendUpdate, {
        by: 'fg',
        extendBy: { months: 2 },
        reasons: 'Het dossier is omvangrijk en verspreid over drie locaties.',
      });
      expect(extended).toMatchObject({ dueDate: '2094-02-22', extended: true });
      await progressed(reference, 'the extension letter sent', letterIs('extension', 'sent'));
      const extension = await parseMail(smtp.messages[1]!.raw);
      expect(extension.subject).toBe(`Verlenging van de termijn voor uw verzoek om inzage (${reference})`);
      const extensionText = (await readPdf(extension.attachments[0]!.content)).text;
      expect(extensionText).toContain('uiterlijk op 21 december 2093');
      expect(extensionText).toContain('uiterlijk op 22 februari 2094');
      expect(extensionText).toContain('Het dossier is omvangrijk en verspreid over drie locaties.');
      expect(extensionText).toContain('Postbus 93374, 2509 AJ Den Haag');
      await refused(
        sendUpdate(services, reference, extendUpdate, {
          by: 'fg',
          extendBy: { months: 1 },
          reasons: 'nog eens',
        }),
        /already been extended once/,
      );
      expect((await db<CaseRow>('cases').where({ reference }).first())!.due_at).toBe(
        '2094-02-22T22:59:59.999Z',
      );

      await decide(
        services,
        reference,
        {
          by: 'fg',
          outcome: 'partial',
          reasons: 'Gegevens van uw broer geven wij niet zonder zijn toestemming.',
          grounds: ['rights-of-others', 'privacy-of-another'],
          elements: {
            ...ELEMENTS,
            thirdCountries: 'een clouddienst in de Verenigde Staten',
            transferSafeguards: 'modelcontractbepalingen van de Europese Commissie',
          },
          thirdParties: {
            weighing: 'De privacy van de broer weegt zwaarder.',
            redacted: 'passages over de broer',
          },
        },
        copy,
      );
      const result = await handle.result();
      expect(result).toMatchObject({ reference, outcome: 'partial' });
      return { reference, history: await handle.fetchHistory() };
    });

    // The response goes encrypted (policy); the officer is told to give the password by another channel.
    const all = await mails(smtp);
    expect(all.map((m) => m.to)).toEqual([
      'jan@example.nl',
      'jan@example.nl',
      'jan@example.nl',
      'fg@voorbeeldorganisatie.example',
    ]);
    const response = all[2]!;
    expect(response.subject).toBe(`Antwoord op uw verzoek om inzage (${reference})`);
    const letter = (await db<LetterRow>('letters').where({ kind: 'access-response' }).first())!;
    expect(letter.sha256).toBe(createHash('sha256').update(response.attachments[0]!.content).digest('hex'));
    const text = (await readPdf(response.attachments[0]!.content, letter.password ?? undefined)).text;
    for (const expected of [
      'willigen uw verzoek gedeeltelijk in',
      'Gegevens van uw broer geven wij niet zonder zijn toestemming.',
      // The actual grounds, each with its article: never only "art. 23".
      'rechten en vrijheden van anderen (AVG artikel 15 lid 4)',
      'persoonlijke levenssfeer van een ander schaden (artikel 7:456 Burgerlijk Wetboek',
      'a. Doelen: zorgverlening; facturatie',
      'b. Soorten gegevens: naam en adres; zorgplan',
      'c. Ontvangers: zorgverzekeraar',
      'een clouddienst in de Verenigde Staten',
      'passende waarborgen voor die doorgifte (AVG artikel 15 lid 2 en artikel 46): modelcontractbepalingen',
      'd. Bewaartermijn: 20 jaar na de laatste wijziging',
      'beperking van de verwerking',
      'f. U kunt een klacht indienen bij de Autoriteit Persoonsgegevens',
      'g. Herkomst van de gegevens: uw huisarts',
      'h. Geautomatiseerde besluiten',
      'Deze eerste kopie is kosteloos',
      'Postbus 93374, 2509 AJ Den Haag',
      'binnen zes weken na ontvangst van dit besluit de rechtbank', // UAVG art. 35
      'artikel 35 Uitvoeringswet AVG',
      'KOPIE VAN HET DOSSIER: zorgplan 2093', // the copy, appended to the letter
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toMatch(/afschermen|artikel 23|van u zelf gekregen/);
    const row = await db<CaseRow>('cases').where({ reference }).first();
    expect(row).toMatchObject({ status: 'closed' });
    expect(await verifyAuditTrail(db)).toMatchObject({ ok: true });
    const events = await db<AuditEventRow>('audit_events').orderBy('id');
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'case.registered',
        'access.identity-verified',
        'access.extended',
        'access.decided',
        'letter.rendered',
        'letter.delivered',
        'case.closed',
      ]),
    );
    // The weighing is evidence in the case's records; the append-only trail holds its hash, not its words.
    const decided = JSON.parse(events.find((e) => e.type === 'access.decided')!.data) as Record<
      string,
      unknown
    >;
    expect(decided).toMatchObject({
      outcome: 'partial',
      weighed: true,
      grounds: ['rights-of-others', 'privacy-of-another'],
    });
    expect(JSON.stringify(events)).not.toContain('broer');
    const [record] = await db<CaseRecordRow>('case_records').where({ id: decided.recordId as number });
    expect(record!.data).toContain('De privacy van de broer weegt zwaarder.');

    // The recorded history replays against today's workflow code without a determinism error.
    await Worker.runReplayHistory(
      {
        workflowBundle: { codePath: inject('workflowBundlePath') },
        dataConverter: dataConverter(loadCodecKey(config.codec)),
      },
      history,
    );
    keepHistory('access-request', 'partial-after-extension', history);
    await db.destroy();
  });

  it('lets the second officer of four eyes read the decision and a draft of the letter, and send it back with reasons', async () => {
    // A policy of our own: gdpr-default with four eyes, from a policies directory of its own.
    const policiesDir = tempDir();
    cpSync(join(projectRoot, 'policies', 'gdpr-default'), join(policiesDir, 'vier-ogen'), {
      recursive: true,
    });
    const file = join(policiesDir, 'vier-ogen', 'policy.json');
    const policy = JSON.parse(readFileSync(file, 'utf8')) as Policy;
    writeFileSync(
      file,
      JSON.stringify({
        ...policy,
        id: 'vier-ogen',
        processes: { ...policy.processes, access: { ...policy.processes.access, fourEyes: true } },
      }),
    );
    config = { ...config, policiesDir };
    const smtp = await startSmtpServer();
    const { db, worker, services } = await setUp(smtp);
    await worker.runUntil(async () => {
      const reference = await register(services, {
        policy: 'vier-ogen',
        received: '2093-11-20T10:00:00+01:00',
        name: 'Jan de Vries',
        email: 'jan@example.nl',
      });
      const handle = env.client.workflow.getHandle<typeof accessRequest>(reference);
      await progressed(reference, 'the acknowledgement sent', letterIs('acknowledgement', 'sent'));
      await sendUpdate(services, reference, verifyIdentityUpdate, {
        by: 'anna',
        verified: true,
        method: 'DigiD',
      });
      const refusal = {
        by: 'anna',
        outcome: 'refused' as const,
        reasons: 'U vroeg dit jaar al vier keer hetzelfde.',
        grounds: ['manifestly-unfounded' as const],
      };
      const decided = await sendUpdate(services, reference, decideUpdate, refusal);
      expect(decided.stage).toBe('awaiting-approval');
      // The second officer sees what is decided, and the letter it would send, before approving.
      const shown = await eventually('the decision on record', async () => {
        const details = await caseDetails(db, env.client, reference);
        return details.decision ? details : undefined;
      });
      expect(shown.decision).toMatchObject({
        outcome: 'refused',
        reasons: refusal.reasons,
        grounds: refusal.grounds,
      });
      const draft = (await readPdf(await previewResponse(db, services.config, reference))).text;
      expect(draft).toContain('CONCEPT ter goedkeuring');
      expect(draft).toContain('U vroeg dit jaar al vier keer hetzelfde.');
      expect(draft).toContain('kennelijk ongegrond of buitensporig (AVG artikel 12 lid 5)');
      expect(draft).not.toMatch(/15 lid 4|artikel 23/); // an art. 12(5) refusal cites art. 12(5) alone
      await expect(
        sendUpdate(services, reference, approveUpdate, { by: 'anna', approved: true }),
      ).rejects.toThrow(/the one who decided cannot approve/);
      await expect(
        sendUpdate(services, reference, approveUpdate, { by: 'bert', approved: false }),
      ).rejects.toThrow(/reasons must not be empty/);
      const sentBack = await sendUpdate(services, reference, approveUpdate, {
        by: 'bert',
        approved: false,
        reasons: 'Eerst navragen of het echt hetzelfde verzoek is.',
      });
      expect(sentBack.stage).toBe('deciding');
      expect(smtp.messages).toHaveLength(1); // nothing went out on the first decision
      await sendUpdate(services, reference, decideUpdate, { by: 'anna', outcome: 'no-data' });
      await sendUpdate(services, reference, approveUpdate, { by: 'bert', approved: true });
      expect(await handle.result()).toMatchObject({ outcome: 'no-data' });
      const types = (await db<AuditEventRow>('audit_events').orderBy('id')).map(
        (e) => `${e.type}/${e.actor}`,
      );
      expect(types).toEqual(
        expect.arrayContaining([
          'access.decided/anna',
          'access.sent-back/bert',
          'access.approved/bert',
          'case.closed/system',
        ]),
      );
    });
    await db.destroy();
  });

  it("takes a copy of the data only as a regular PDF within the policy's limit, and keeps nothing it refuses", async () => {
    const smtp = await startSmtpServer();
    const { db, worker, services } = await setUp(smtp);
    const big = join(tempDir(), 'groot.pdf');
    const file = await open(big, 'w');
    await file.truncate(16 * 1024 * 1024); // sparse: 16 MB on paper, nothing on disk
    await file.close();
    await worker.runUntil(async () => {
      const reference = await acknowledged(services, 'gdpr-default');
      await sendUpdate(services, reference, verifyIdentityUpdate, {
        by: 'fg',
        verified: true,
        method: 'paspoort',
      });
      const full = { by: 'fg', outcome: 'full' as const, elements: ELEMENTS };
      await expect(decide(services, reference, full, '/dev/zero')).rejects.toThrow(
        /^--copy must be a regular file \(a PDF\)$/,
      );
      await expect(decide(services, reference, full, big)).rejects.toThrow(
        /^--copy is 16\.0 MB; the policy allows a copy of at most 15\.0 MB with a letter \(copies\.maxCopyMegabytes\)$/,
      );
      expect(await db('documents').count({ n: '*' })).toEqual([{ n: 0 }]);
      expect(await status(reference)).toMatchObject({ stage: 'deciding' });
    });
    await db.destroy();
  });

  it('refuses an extension once the deadline has passed', async () => {
    const smtp = await startSmtpServer();
    const { db, worker, services } = await setUp(smtp);
    await worker.runUntil(async () => {
      const reference = await acknowledged(services, 'de-buurderij');
      await skipTo(new Date('2093-12-19T00:00:01+01:00')); // 4 weeks: due Friday 18 December
      await expect(
        sendUpdate(services, reference, extendUpdate, {
          by: 'fg',
          extendBy: { months: 2 },
          reasons: 'Te laat bedacht.',
        }),
      ).rejects.toThrow(/has passed; art. 12\(3\) allows extending only within the period/);
      expect(await status(reference)).toMatchObject({ dueDate: '2093-12-18', extended: false });
    });
    await db.destroy();
  });

  it('closes the request with a letter when the requester does not show who they are in time', async () => {
    const smtp = await startSmtpServer();
    const { db, worker, services } = await setUp(smtp);
    await worker.runUntil(async () => {
      // De Buurderij gives the requester 4 weeks to answer the request for information.
      const reference = await acknowledged(services, 'de-buurderij');
      await sendUpdate(services, reference, verifyIdentityUpdate, {
        by: 'fg',
        verified: false,
        missing: 'een kopie van uw identiteitsbewijs',
      });
      const asked = await progressed(
        reference,
        'the identity request sent',
        letterIs('identity-request', 'sent'),
      );
      expect(asked.next).toMatchObject({
        step: 'await-identity-information',
        date: '2093-12-18T22:59:59.999Z',
      });
      const request = (await readPdf((await parseMail(smtp.messages[1]!.raw)).attachments[0]!.content)).text;
      expect(request).toContain('Hebben wij dit uiterlijk op 18 december 2093 niet ontvangen');
      await skipTo(new Date('2093-12-19T00:00:01+01:00'));
      const result = await env.client.workflow.getHandle<typeof accessRequest>(reference).result();
      expect(result.outcome).toBe('identity-not-established');
      const ending = await parseMail(smtp.messages.at(-1)!.raw);
      expect(ending.subject).toBe(`Uw verzoek om inzage: uw identiteit is niet vastgesteld (${reference})`);
      const text = (await readPdf(ending.attachments[0]!.content)).text;
      expect(text).toContain('AVG artikel 12 lid 2 en artikel 11 lid 2');
      expect(text).toContain('artikel 35 Uitvoeringswet AVG');
      expect(await db<CaseRow>('cases').where({ reference }).first()).toMatchObject({ status: 'closed' });
      keepHistory(
        'access-request',
        'identity-not-established',
        await env.client.workflow.getHandle(reference).fetchHistory(),
      );
    });
    await db.destroy();
  });

  it('tells the officer of a letter the mail server refuses, sends it by post on request, and closes only once it is posted', async () => {
    const smtp = await startSmtpServer({ refuse: ['onbekend@example.nl'] });
    const { db, worker, services } = await setUp(smtp);
    await worker.runUntil(async () => {
      const reference = await register(services, {
        policy: 'gdpr-default',
        received: '2093-11-20T10:00:00+01:00',
        name: 'Jan de Vries',
        email: 'onbekend@example.nl',
        address: 'Dorpsstraat 1\n1234 AB Ergens',
        phone: '06-12345678',
      });
      const refused = await progressed(
        reference,
        'the refusal noticed',
        letterIs('acknowledgement', 'undeliverable'),
      );
      expect(refused.next).toEqual({
        step: 'resend-letter',
        command: `privacyloket resend ${reference} acknowledgement`,
      });
      const [notice] = await mails(smtp);
      expect(notice!.to).toBe('fg@voorbeeldorganisatie.example');
      expect(notice!.subject).toBe(
        `Brief niet bezorgd: ${reference} (Ontvangstbevestiging van uw verzoek om inzage)`,
      );
      expect(notice!.text).toContain('de mailserver weigerde hem (antwoord 550, 5.1.1;');
      expect(`${notice!.subject}${notice!.text}`).not.toMatch(/onbekend|Jan|Vries/);
      expect((await caseDetails(db, env.client, reference)).letters).toMatchObject([
        { kind: 'acknowledgement', status: 'undeliverable' },
      ]);

      await resendLetter(services, reference, { kind: 'acknowledgement', via: 'post' });
      await progressed(reference, 'queued for the post', letterIs('acknowledgement', 'queued-for-post'));
      await sendUpdate(services, reference, verifyIdentityUpdate, {
        by: 'fg',
        verified: true,
        method: 'paspoort',
      });
      await sendUpdate(services, reference, decideUpdate, { by: 'fg', outcome: 'no-data' });
      // The answer is refused too; the officer corrects the address and sends it again, by mail.
      await progressed(reference, 'the response refused', letterIs('access-response', 'undeliverable'));
      await resendLetter(services, reference, {
        kind: 'access-response',
        via: 'mail',
        email: 'jan@example.nl',
      });
      // The answer is out, but the acknowledgement waits for the post: the case stays open, and says so.
      const waiting = await progressed(reference, 'the response sent', letterIs('access-response', 'sent'));
      expect(waiting).toMatchObject({ stage: 'delivering', next: { step: 'post-letter' } });
      expect((await mails(smtp)).map((mail) => mail.to)).toContain('jan@example.nl');
      expect(await db<CaseRow>('cases').where({ reference }).first()).toMatchObject({ status: 'open' });
      const events = async () => (await db<AuditEventRow>('audit_events').orderBy('id')).map((e) => e.type);
      expect(await events()).not.toContain('letter.posted');
      await sendUpdate(services, reference, letterPostedUpdate, { by: 'fg', kind: 'acknowledgement' });
      await expect(
        sendUpdate(services, reference, letterPostedUpdate, { by: 'fg', kind: 'acknowledgement' }),
      ).rejects.toThrow(/the acknowledgement letter is posted, not queued-for-post/);
      expect(await env.client.workflow.getHandle<typeof accessRequest>(reference).result()).toMatchObject({
        outcome: 'no-data',
      });
      expect(await db('letters').orderBy('id').pluck('status')).toEqual(['posted', 'sent']);
      expect(await events()).toEqual(
        expect.arrayContaining([
          'letter.undeliverable',
          'letter.queued-for-post',
          'letter.posted',
          'subject.email-corrected',
          'letter.delivered',
          'case.closed',
        ]),
      );
      keepHistory(
        'access-request',
        'undeliverable-then-posted',
        await env.client.workflow.getHandle(reference).fetchHistory(),
      );
    });
    await db.destroy();
  });

  it('answers with the categories of recipients and the reason when the actual ones cannot be identified (CJEU C-154/21)', async () => {
    const smtp = await startSmtpServer();
    const { db, worker, services } = await setUp(smtp);
    const copy = join(tempDir(), 'kopie.pdf');
    writeFileSync(copy, await onePagePdf('KOPIE VAN HET DOSSIER'));
    const reason = 'de verstrekkingen aan zorgverzekeraars vóór 2092 zijn niet per cliënt vastgelegd.';
    await worker.runUntil(async () => {
      const reference = await acknowledged(services, 'gdpr-default');
      await sendUpdate(services, reference, verifyIdentityUpdate, {
        by: 'fg',
        verified: true,
        method: 'paspoort',
      });
      // The draft's categories, as access decide sends them with --recipients-unidentifiable.
      const recipients = letCategoriesStand(['REPLACE: zorgverzekeraars', 'REPLACE: zorgaanbieders']);
      const elements = { ...ELEMENTS, recipients, recipientsUnidentifiable: reason };
      await decide(services, reference, { by: 'fg', outcome: 'full', elements }, copy);
      await progressed(reference, 'the answer mailed', letterIs('access-response', 'sent'));
    });
    const response = (await mails(smtp)).find((mail) => mail.subject.startsWith('Antwoord op uw verzoek'))!;
    const letter = (await db<LetterRow>('letters').where({ kind: 'access-response' }).first())!;
    const { text } = await readPdf(response.attachments[0]!.content, letter.password ?? undefined);
    expect(text).toContain(
      'c. Ontvangers: wij kunnen niet vaststellen aan welke ontvangers uw gegevens precies zijn verstrekt, omdat: de verstrekkingen aan zorgverzekeraars vóór 2092 zijn niet per cliënt vastgelegd. Daarom noemen wij de categorieën van ontvangers: zorgverzekeraars; zorgaanbieders.',
    );
    expect(text).not.toContain('REPLACE');
    await db.destroy();
  });

  it('answers a request made by e-mail by e-mail, encrypted, even where the policy posts its answers (art. 15(3))', async () => {
    const smtp = await startSmtpServer();
    const { db, worker, services } = await setUp(smtp);
    await worker.runUntil(async () => {
      const byMail = await register(services, {
        policy: 'werk-op-maat', // posts its access responses
        received: '2093-11-20T10:00:00+01:00',
        name: 'Jan de Vries',
        email: 'jan@example.nl',
      });
      const onPaper = await register(services, {
        policy: 'werk-op-maat',
        received: '2093-11-20T10:00:00+01:00',
        name: 'Piet Jansen',
        email: 'piet@example.nl',
        via: 'letter',
      });
      for (const reference of [byMail, onPaper]) {
        await progressed(reference, 'acknowledged', letterIs('acknowledgement', 'sent'));
        await sendUpdate(services, reference, verifyIdentityUpdate, {
          by: 'fg',
          verified: true,
          method: 'paspoort',
        });
        await sendUpdate(services, reference, decideUpdate, { by: 'fg', outcome: 'no-data' });
      }
      await progressed(byMail, 'the answer mailed', letterIs('access-response', 'sent'));
      await progressed(
        onPaper,
        'the answer queued for the post',
        letterIs('access-response', 'queued-for-post'),
      );
      expect(await db('letters').where({ kind: 'access-response' }).orderBy('id').pluck('delivery')).toEqual([
        'encrypted-attachment',
        'post',
      ]);
    });
    await db.destroy();
  });

  it('says at once when a request is registered after its deadline, and promises a new date', async () => {
    const smtp = await startSmtpServer();
    const { db, worker, services } = await setUp(smtp);
    await skipTo(new Date('2093-11-30T10:00:00+01:00'));
    await worker.runUntil(async () => {
      // Received 20 October, due 20 November; registered 30 November.
      const request = await parseCaseRequest(
        'access',
        {
          policy: 'gdpr-default',
          received: '2093-10-20T10:00:00+02:00',
          name: 'Jan de Vries',
          email: 'jan@example.nl',
        },
        { now: new Date(await env.currentTimeMs()), policiesDir: config.policiesDir },
      );
      expect(request.late).toEqual({ dueDate: '2093-11-20', answerBy: '2093-12-07' });
      const { reference } = await registerCase(services, request);
      await progressed(reference, 'acknowledged', letterIs('acknowledgement', 'sent'));
      const ack = (await mails(smtp)).find((mail) => mail.to === 'jan@example.nl')!;
      const text = (await readPdf(ack.attachments[0]!.content)).text;
      expect(text).toContain('Wij hadden uw verzoek uiterlijk op 20 november 2093 moeten beantwoorden');
      expect(text).toContain('Die termijn is verstreken');
      expect(text).toContain('uiterlijk op 7 december 2093');
      expect(text).not.toContain('kunnen wij deze termijn'); // no extension after the deadline
      // Management hears of it at once, once.
      await progressed(reference, 'escalated', alarmsSent(1));
      expect((await mails(smtp)).map((mail) => mail.to).sort()).toEqual([
        'directie@voorbeeldorganisatie.example',
        'jan@example.nl',
      ]);
    });
    await db.destroy();
  });

  it('mails a letter exactly once when the worker stops between rendering and sending', async () => {
    const smtp = await startSmtpServer();
    const db = createDb(config.database);
    await migrateDb(db);
    // The first worker renders, then cannot send (its mail server is gone) and is stopped; a second one takes over.
    const dead = await deadSmtpServer();
    const first = await testWorker(env, { ...config, mail: { ...config.mail, smtpUrl: dead.url } }, db);
    const taskQueue = first.options.taskQueue;
    const services: CaseServices = {
      db,
      client: env.client,
      config: { ...config, temporal: { ...config.temporal, taskQueue } },
      actor: 'fg',
    };
    await first.runUntil(async () => {
      await register(services, {
        policy: 'gdpr-default',
        received: '2093-11-20T10:00:00+01:00',
        name: 'Jan de Vries',
        email: 'jan@example.nl',
      });
      for (let i = 0; i < 100 && !(await db('outbox').first()); i++) await sleep(100);
    });
    expect(await db('letters').count({ n: '*' })).toEqual([{ n: 1 }]);
    expect(await db('outbox').first()).toMatchObject({ status: 'pending', attempts: 1 });
    expect(smtp.messages).toHaveLength(0);

    const worker = await testWorker(
      env,
      { ...config, mail: { ...config.mail, smtpUrl: smtp.url } },
      db,
      taskQueue,
    );
    await worker.runUntil(async () => {
      // The retry comes 10 seconds after the failed attempt: real time, since an activity is pending. The
      // letter's status in the database is the activity's own record of its progress.
      await eventually('the acknowledgement sent', async () =>
        (await db<LetterRow>('letters').first())?.status === 'sent' ? true : undefined,
      );
    });
    expect(smtp.messages).toHaveLength(1);
    expect(await db('letters').count({ n: '*' })).toEqual([{ n: 1 }]);
    expect(await db('outbox').first()).toMatchObject({ status: 'sent', attempts: 2 });
    await db.destroy();
  });
});

const ELEMENTS = {
  purposes: ['zorgverlening', 'facturatie'],
  categories: ['naam en adres', 'zorgplan'],
  recipients: ['zorgverzekeraar'],
  retention: '20 jaar na de laatste wijziging',
  source: 'uw huisarts',
};

async function onePagePdf(text: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage();
  page.drawText(text, { x: 50, y: 750, size: 12, font: await pdf.embedFont(StandardFonts.Helvetica) });
  return pdf.save();
}

/**
 * The access request on the time-skipping server, with the product's worker, a real SQLite database, Chromium,
 * and a real SMTP server on loopback that receives the mail; PDFs are read back as text.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDb, migrateDb } from '../../db';
import type { CaseRow } from '../../db/cases';
import type { LetterRow } from '../../db/letters';
import { verifyAuditTrail, type AuditEventRow } from '../../db/audit';
import type { Config } from '../../worker/config';
import {
  decide,
  parseAccessRequest,
  sendUpdate,
  startAccessRequest,
  type AccessRequestInput,
  type CaseServices,
} from '../../worker/cases';
import {
  accessStatusQuery,
  approveUpdate,
  decideUpdate,
  extendUpdate,
  verifyIdentityUpdate,
  type accessRequest,
} from '../../workflows/access-request';
import { testConfig, tempDir } from '../helpers/env';
import { readPdf } from '../helpers/pdf';
import { parseMail, startSmtpServer, type TestSmtpServer } from '../helpers/smtp';
import { testWorker, timeSkippingEnv } from '../helpers/temporal';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Policy } from '../../policies/schema';
import { projectRoot } from '../../worker/config';
import { HISTORIES_DIR, HISTORY_CODEC_KEY, historyJson } from '../helpers/histories';
import type { WorkflowHandle } from '@temporalio/client';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { inject } from 'vitest';
import { dataConverter, loadCodecKey } from '../../worker/codec';
import { freePort } from '../../scripts/tools.js';

// Each test gets a server of its own: time only moves forward, and every test starts on today's date.
let env: TestWorkflowEnvironment;
let config: Config;

beforeEach(async () => {
  config = testConfig({ PRIVACYLOKET_CODEC_KEY: HISTORY_CODEC_KEY });
  env = await timeSkippingEnv(config);
  nowMs = await env.currentTimeMs();
});
afterEach(async () => env?.teardown());

async function setUp(smtp: TestSmtpServer) {
  const db = createDb(config.database);
  await migrateDb(db);
  const mailConfig = { ...config, mail: { ...config.mail, smtpUrl: smtp.url } };
  const worker = await testWorker(env, mailConfig, db);
  const services: CaseServices = {
    db,
    client: env.client,
    config: { ...config, temporal: { ...config.temporal, taskQueue: worker.options.taskQueue } },
    actor: 'fg',
  };
  return { db, worker, services };
}

let nowMs: number;
const now = () => nowMs;
async function skipTo(moment: Date) {
  const current = await env.currentTimeMs();
  if (moment.getTime() > current) await env.sleep(moment.getTime() - current);
  nowMs = await env.currentTimeMs();
}

/** As `privacyloket access start` does it, on the test server's clock. */
const register = async (services: CaseServices, input: AccessRequestInput) =>
  startAccessRequest(
    services,
    await parseAccessRequest(input, { now: new Date(now()), policiesDir: services.config.policiesDir }),
  );

const mails = async (smtp: TestSmtpServer) => Promise.all(smtp.messages.map((m) => parseMail(m.raw)));
const settle = () => new Promise((resolve) => setTimeout(resolve, 1500));

describe('access request', () => {
  it('reminds the officer 7 and 2 days before the deadline and escalates at it, then daily', async () => {
    const smtp = await startSmtpServer();
    const { db, worker, services } = await setUp(smtp);
    await worker.runUntil(async () => {
      // Werk op Maat: 2 weeks. Received Friday 20 November 2026 → due Friday 4 December 2026, end of day.
      const reference = await register(services, {
        policy: 'werk-op-maat',
        received: '2026-11-20T10:00:00+01:00',
        name: 'Jan de Vries',
        email: 'jan@example.nl',
      });
      await smtp.waitFor(2); // the encrypted acknowledgement, and the officer's note to give the password
      const at = async (moment: string, expected: number) => {
        await skipTo(new Date(moment));
        if (expected > smtp.messages.length) await smtp.waitFor(expected, 15_000);
        else await settle();
        expect(smtp.messages).toHaveLength(expected);
        return (await mails(smtp)).at(-1)!;
      };
      await at('2026-11-27T08:59:00+01:00', 2);
      const first = await at('2026-11-27T09:01:00+01:00', 3);
      expect(first.to).toBe('fg@werkopmaat.example');
      expect(first.subject).toBe(`Herinnering: ${reference} (inzageverzoek) verloopt op 4 december 2026`);
      await at('2026-12-02T08:59:00+01:00', 3);
      expect((await at('2026-12-02T09:01:00+01:00', 4)).to).toBe('fg@werkopmaat.example');
      await at('2026-12-04T23:59:00+01:00', 4);
      const escalation = await at('2026-12-05T00:00:30+01:00', 5);
      expect(escalation.to).toBe('bestuur@werkopmaat.example');
      expect(escalation.subject).toBe(`Termijn verstreken: ${reference} (inzageverzoek)`);
      await at('2026-12-05T08:59:00+01:00', 5);
      const daily = await at('2026-12-05T09:01:00+01:00', 6);
      expect(daily.to).toBe('bestuur@werkopmaat.example');
      expect(daily.subject).toBe(`Termijn verstreken: ${reference} (inzageverzoek), 1 dag(en) te laat`);
      // Internal mail never names the subject (Werk op Maat: not traceable to a person).
      for (const mail of (await mails(smtp)).slice(1)) {
        expect(`${mail.subject}\n${mail.text}`).not.toMatch(/Jan|Vries|jan@example/);
      }
      const handle = env.client.workflow.getHandle(reference);
      expect(await handle.query(accessStatusQuery)).toMatchObject({
        stage: 'verifying-identity',
        dueDate: '2026-12-04',
      });
      keepHistory('reminded-and-escalated', await handle.fetchHistory());
    });
    await db.destroy();
  });

  it('takes the request through identity, third persons, extension and a partial decision to the response', async () => {
    const smtp = await startSmtpServer();
    const { db, worker, services } = await setUp(smtp);
    const copy = join(tempDir(), 'kopie.pdf');
    writeFileSync(copy, await onePagePdf('KOPIE VAN HET DOSSIER: zorgplan 2026'));
    const { reference, history } = await worker.runUntil(async () => {
      // GDPR default: 1 month. Received Friday 20 November 2026 → 20 December is a Sunday → Monday 21 December.
      const reference = await register(services, {
        policy: 'gdpr-default',
        received: '2026-11-20T10:00:00+01:00',
        name: 'Jan de Vries',
        email: 'jan@example.nl',
        address: 'Dorpsstraat 1\n1234 AB Ergens',
      });
      const handle = env.client.workflow.getHandle<typeof accessRequest>(reference);
      const [ack] = await smtp.waitFor(1);
      const ackMail = await parseMail(ack!.raw);
      expect(ackMail.subject).toBe(`Ontvangstbevestiging van uw verzoek om inzage (${reference})`);
      expect((await readPdf(ackMail.attachments[0]!.content)).text).toContain(
        'uiterlijk op 21 december 2026',
      );

      const refused = (promise: Promise<unknown>, message: RegExp) =>
        expect(promise).rejects.toThrow(message);
      const full = { by: 'fg', outcome: 'full' as const, elements: ELEMENTS };
      // Out of order: nothing is decided before the requester is known.
      await refused(decide(services, reference, full, copy), /identity has not been verified/);
      await sendUpdate(services, reference, verifyIdentityUpdate, {
        by: 'fg',
        verified: true,
        method: 'identiteitsbewijs aan de balie',
        thirdPartyData: true,
      });
      await refused(decide(services, reference, full, copy), /views of third persons have not been recorded/);
      const { recordThirdPartyViewsUpdate, decideUpdate } = await import('../../workflows/access-request');
      await sendUpdate(services, reference, recordThirdPartyViewsUpdate, {
        by: 'fg',
        consent: 'refused',
        summary: 'De broer wil niet dat zijn gegevens worden verstrekt.',
      });
      await refused(
        decide(services, reference, full, copy),
        /outcome cannot be full: third persons refused consent/,
      );
      // A refusal without reasons: the workflow's own validator refuses it (art. 12(4)).
      const before = await handle.query(accessStatusQuery);
      await refused(
        sendUpdate(services, reference, decideUpdate, { by: 'fg', outcome: 'refused' }),
        /reasons must not be empty/,
      );
      expect(await handle.query(accessStatusQuery)).toEqual(before);

      // One extension, before the deadline, with reasons: 20 December + 2 months = Saturday 20 February 2027 → Monday 22 February.
      const extended = await sendUpdate(services, reference, extendUpdate, {
        by: 'fg',
        extendBy: { months: 2 },
        reasons: 'Het dossier is omvangrijk en verspreid over drie locaties.',
      });
      expect(extended).toMatchObject({ dueDate: '2027-02-22', extended: true });
      const [, extensionMessage] = await smtp.waitFor(2);
      const extension = await parseMail(extensionMessage!.raw);
      expect(extension.subject).toBe(`Verlenging van de termijn voor uw verzoek om inzage (${reference})`);
      const extensionText = (await readPdf(extension.attachments[0]!.content)).text;
      expect(extensionText).toContain('uiterlijk op 21 december 2026');
      expect(extensionText).toContain('uiterlijk op 22 februari 2027');
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
        '2027-02-22T22:59:59.999Z',
      );

      await decide(
        services,
        reference,
        {
          by: 'fg',
          outcome: 'partial',
          reasons: 'Gegevens van uw broer geven wij niet zonder zijn toestemming.',
          elements: ELEMENTS,
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
      'a. Doelen: zorgverlening; facturatie',
      'b. Soorten gegevens: naam en adres; zorgplan',
      'c. Ontvangers: zorgverzekeraar',
      'd. Bewaartermijn: 20 jaar na de laatste wijziging',
      'e. U heeft het recht',
      'f. U kunt een klacht indienen bij de Autoriteit Persoonsgegevens',
      'g. Herkomst: wij hebben de gegevens van u zelf gekregen',
      'h. Geautomatiseerde besluiten',
      'Deze eerste kopie is kosteloos',
      'Postbus 93374, 2509 AJ Den Haag',
      'KOPIE VAN HET DOSSIER: zorgplan 2026', // the copy, appended to the letter
    ]) {
      expect(text).toContain(expected);
    }
    const row = await db<CaseRow>('cases').where({ reference }).first();
    expect(row).toMatchObject({ status: 'closed' });
    expect(await verifyAuditTrail(db)).toMatchObject({ ok: true });
    const types = (await db<AuditEventRow>('audit_events').orderBy('id')).map((e) => e.type);
    expect(types).toEqual(
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

    // The recorded history replays against today's workflow code without a determinism error.
    await Worker.runReplayHistory(
      {
        workflowBundle: { codePath: inject('workflowBundlePath') },
        dataConverter: dataConverter(loadCodecKey(config.codec)),
      },
      history,
    );
    keepHistory('decided-after-extension', history);
    await db.destroy();
  });

  it('waits for a second officer when the policy wants four eyes', async () => {
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
        received: '2026-11-20T10:00:00+01:00',
        name: 'Jan de Vries',
        email: 'jan@example.nl',
      });
      const handle = env.client.workflow.getHandle<typeof accessRequest>(reference);
      await smtp.waitFor(1);
      await sendUpdate(services, reference, verifyIdentityUpdate, {
        by: 'anna',
        verified: true,
        method: 'DigiD',
      });
      const decided = await sendUpdate(services, reference, decideUpdate, { by: 'anna', outcome: 'no-data' });
      expect(decided.stage).toBe('awaiting-approval');
      await expect(
        sendUpdate(services, reference, approveUpdate, { by: 'anna', approved: true }),
      ).rejects.toThrow(/the one who decided cannot approve/);
      const sentBack = await sendUpdate(services, reference, approveUpdate, { by: 'bert', approved: false });
      expect(sentBack.stage).toBe('deciding');
      await settle();
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

  it('refuses an extension once the deadline has passed', async () => {
    const smtp = await startSmtpServer();
    const { db, worker, services } = await setUp(smtp);
    await worker.runUntil(async () => {
      const reference = await register(services, {
        policy: 'de-buurderij',
        received: '2026-11-20T10:00:00+01:00',
        name: 'Jan de Vries',
        email: 'jan@example.nl',
      });
      await smtp.waitFor(1);
      await skipTo(new Date('2026-12-19T00:00:01+01:00')); // 4 weeks: due Friday 18 December 2026
      await expect(
        sendUpdate(services, reference, extendUpdate, {
          by: 'fg',
          extendBy: { months: 2 },
          reasons: 'Te laat bedacht.',
        }),
      ).rejects.toThrow(/has passed; art. 12\(3\) allows extending only within the period/);
      expect(await env.client.workflow.getHandle(reference).query(accessStatusQuery)).toMatchObject({
        dueDate: '2026-12-18',
        extended: false,
      });
    });
    await db.destroy();
  });

  it('mails a letter exactly once when the worker stops between rendering and sending', async () => {
    const smtp = await startSmtpServer();
    const db = createDb(config.database);
    await migrateDb(db);
    // The first worker renders, then cannot send (its mail server is gone) and is stopped; a second one takes over.
    const deadPort = `smtp://127.0.0.1:${await freePort()}`;
    const first = await testWorker(env, { ...config, mail: { ...config.mail, smtpUrl: deadPort } }, db);
    const taskQueue = first.options.taskQueue;
    const services: CaseServices = {
      db,
      client: env.client,
      config: { ...config, temporal: { ...config.temporal, taskQueue } },
      actor: 'fg',
    };
    let reference = '';
    await first.runUntil(async () => {
      reference = await register(services, {
        policy: 'gdpr-default',
        received: '2026-11-20T10:00:00+01:00',
        name: 'Jan de Vries',
        email: 'jan@example.nl',
      });
      for (let i = 0; i < 100 && !(await db('outbox').first()); i++)
        await new Promise((r) => setTimeout(r, 100));
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
      // The retry comes 10 seconds after the failed attempt: real time, since an activity is pending.
      await smtp.waitFor(1, 30_000);
      await settle();
    });
    expect(smtp.messages).toHaveLength(1);
    expect(await db('letters').count({ n: '*' })).toEqual([{ n: 1 }]);
    expect(await db('outbox').first()).toMatchObject({ status: 'sent', attempts: 2 });
    expect(reference).toMatch(/^INZ-2026-\d{4}$/);
    await db.destroy();
  });
});

/**
 * `RECORD_HISTORIES=1 npx vitest run test/workflows/access-request.test.ts` refreshes the histories that
 * test/workflows/replay.test.ts replays, so that a change that would break running cases fails CI.
 */
function keepHistory(name: string, history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>>) {
  if (!process.env.RECORD_HISTORIES) return;
  mkdirSync(HISTORIES_DIR, { recursive: true });
  writeFileSync(join(HISTORIES_DIR, `access-request-${name}.json`), historyJson(history));
}

const ELEMENTS = {
  purposes: ['zorgverlening', 'facturatie'],
  categories: ['naam en adres', 'zorgplan'],
  recipients: ['zorgverzekeraar'],
  retention: '20 jaar na de laatste wijziging',
};

async function onePagePdf(text: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage();
  page.drawText(text, { x: 50, y: 750, size: 12, font: await pdf.embedFont(StandardFonts.Helvetica) });
  return pdf.save();
}

/**
 * Applicant data (sollicitatiegegevens) on the time-skipping server, with the product's worker, a real SQLite
 * database, Chromium and a real SMTP server on loopback; letters are read back from their PDFs. Every timer path:
 * four weeks without consent, consent for a year (and a period beyond it refused), consent withdrawn midway and
 * within the four weeks, a hired applicant, a legal hold and its release; the case continues as new on every
 * change and its history stays small.
 *
 * The cases live in 2093 (the calendar of 2026, 2094 that of 2027): the procedure ended Friday 20 November 2093.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findCase } from '../../db/cases';
import type { DestructionRow } from '../../db/destructions';
import { findLatestRecord } from '../../db/records';
import type { CaseServices } from '../../services/cases';
import { sendUpdate } from '../../services/cases';
import type { Config } from '../../services/config';
import { parseCaseRequest, registerCase } from '../../services/start';
import { confirmTaskUpdate } from '../../workflows/case/updates';
import { holdUpdate, releaseUpdate } from '../../workflows/case/holds';
import type { CaseStatus } from '../../workflows/case/messages';
import {
  askConsentUpdate,
  consentUpdate,
  withdrawConsentUpdate,
  type Consent,
} from '../../workflows/applicant-messages';
import { testConfig } from '../helpers/env';
import { HISTORY_CODEC_KEY } from '../helpers/histories';
import { readPdf } from '../helpers/pdf';
import { parseMail, startSmtpServer, type TestSmtpServer } from '../helpers/smtp';
import {
  caseStatus,
  caseWorker,
  eventually,
  keepHistory,
  skipTo as skipClock,
} from '../helpers/case-workflows';
import { timeSkippingEnv } from '../helpers/temporal';

let env: TestWorkflowEnvironment;
let config: Config;

beforeEach(async () => {
  config = testConfig({ PRIVACYLOKET_CODEC_KEY: HISTORY_CODEC_KEY });
  env = await timeSkippingEnv(config);
  await skipTo(new Date('2093-11-23T09:00:00+01:00'));
});
afterEach(async () => env?.teardown());

const skipTo = (moment: Date) => skipClock(env, moment);
const now = async () => new Date(await env.currentTimeMs());

const ENDED = '2093-11-20T16:00:00+01:00';
const APPLICANT = { name: 'Fatima El Amrani', email: 'fatima@example.nl' };
const OWNER = 'hr@debuurderij.example';
const CONSENT_TEXT =
  'Ik geef De Buurderij toestemming mijn sollicitatiegegevens te bewaren tot uiterlijk 20 november 2094, om mij te benaderen als er een passende functie vrijkomt.';

async function register(services: CaseServices, input: Record<string, unknown> = {}) {
  const request = await parseCaseRequest(
    'applicant',
    { policy: 'de-buurderij', 'procedure-ended': ENDED, ...APPLICANT, 'data-owner': OWNER, ...input },
    { now: await now(), policiesDir: services.config.policiesDir },
  );
  const { reference } = await registerCase(services, request);
  await progressed(reference, 'keeping', (s) => s.stage === 'keeping');
  return reference;
}

const status = (reference: string) => caseStatus(env, reference);
const progressed = (reference: string, what: string, reached: (status: CaseStatus) => boolean) =>
  eventually(`${reference}: ${what}`, async () => {
    const current = await status(reference);
    return reached(current) ? current : undefined;
  });

const mails = async (smtp: TestSmtpServer) =>
  Promise.all(
    smtp.messages.map(async (m) => ({ ...(await parseMail(m.raw)), rcpt: m.envelope.to.join(',') })),
  );
const mailsTo = async (smtp: TestSmtpServer, address: string) =>
  (await mails(smtp)).filter((m) => m.rcpt === address);
async function letter(smtp: TestSmtpServer, title: string) {
  const mail = await eventually(`a letter '${title}'`, async () =>
    (await mails(smtp)).find((m) => m.subject.startsWith(title)),
  );
  return { ...mail, text: (await readPdf(mail.attachments[0]!.content)).text };
}

const consent = async (services: CaseServices, input: Partial<Consent> = {}) => ({
  by: 'fg',
  given: new Date((await now()).getTime() - 60_000).toISOString(),
  how: 'e-mail' as const,
  text: CONSENT_TEXT,
  ...input,
});

/** The destruction task given, confirmed by its data owner; the case closed with the register's entry. */
async function destroyed(services: CaseServices, reference: string, smtp: TestSmtpServer) {
  await progressed(reference, 'the task given', (s) => s.tasks?.length === 1);
  const task = await eventually('the task mail', async () => (await mailsTo(smtp, OWNER))[0]);
  // The task names the case and what to do, never the applicant (SPEC "Delivery and what mail may say").
  expect(task.text).toContain(reference);
  expect(task.text).not.toContain(APPLICANT.name);
  expect(task.text).not.toContain(APPLICANT.email);
  await sendUpdate(services, reference, confirmTaskUpdate, {
    by: 'fg',
    task: 1,
    doneBy: 'P. de Wit, personeelszaken',
    at: new Date((await now()).getTime() - 1000).toISOString(),
    how: 'Map en mailbox geleegd, back-up overschreven',
  });
  await eventually('the case closed', async () =>
    (await findCase(services.db, reference)).status === 'closed' ? true : undefined,
  );
  const [entry] = await services.db<DestructionRow>('destructions').where({ reference });
  expect(entry).toMatchObject({ process: 'applicant', how: 'Map en mailbox geleegd, back-up overschreven' });
  const officer = await eventually('the officer told', async () =>
    (await mailsTo(smtp, 'marc@debuurderij.nl')).find((m) => m.subject.startsWith('Vernietiging bevestigd')),
  );
  expect(officer.text).not.toContain(APPLICANT.name);
  return { task, entry: entry! };
}

/** The task has not gone out: nothing was sent to the data owner. */
async function stillKept(reference: string, smtp: TestSmtpServer) {
  const current = await status(reference);
  expect(current.tasks ?? []).toHaveLength(0);
  expect(await mailsTo(smtp, OWNER)).toHaveLength(0);
  return current;
}

/** Runs (the first and the current) of the case: a case that continued as new has more than one. */
async function runs(reference: string) {
  const history = await env.client.workflow.getHandle(reference).fetchHistory();
  const started = history.events![0]!.workflowExecutionStartedEventAttributes!;
  return { continued: Boolean(started.continuedExecutionRunId), events: history.events!.length, history };
}

describe('applicant data', () => {
  it('without consent: destroyed four weeks after the procedure ended, on the day', async () => {
    const smtp = await startSmtpServer();
    const { worker, services } = await caseWorker(env, config, smtp);
    await worker.runUntil(async () => {
      const reference = await register(services);
      expect(reference).toMatch(/^SOL-2093-\d{4}$/);
      // Buurderij appendix: "uiterlijk vier weken na het einde van de volledige sollicitatieprocedure".
      const kept = await status(reference);
      expect(kept).toMatchObject({ dueDate: '2093-12-18', next: { step: 'applicant-keep' } });
      await skipTo(new Date('2093-12-18T20:00:00+01:00'));
      await stillKept(reference, smtp);
      await skipTo(new Date('2093-12-19T09:00:00+01:00'));
      const { task, entry } = await destroyed(services, reference, smtp);
      expect(task.text).toContain('sollicitatiegegevens vernietigen');
      expect(entry).toMatchObject({ what: 'sollicitatiegegevens', due_at: '2093-12-18T22:59:59.999Z' });
      expect(entry.basis).toContain('vier weken');
      keepHistory(
        'applicant',
        'destroyed-after-four-weeks',
        await env.client.workflow.getHandle(reference).fetchHistory(),
      );
    });
  });

  it('with consent: kept for a year and destroyed then; a longer period is refused; the history stays small', async () => {
    const smtp = await startSmtpServer();
    const { worker, services } = await caseWorker(env, config, smtp);
    await worker.runUntil(async () => {
      const reference = await register(services, { locale: 'en' });
      await sendUpdate(services, reference, askConsentUpdate, { by: 'fg' });
      const asked = await letter(smtp, 'Request for consent: keeping your application data longer');
      expect(asked.rcpt).toBe(APPLICANT.email);
      for (const expected of [
        'by 18 December 2093 at the latest',
        'never beyond 22 November 2094',
        'no consequences whatsoever for your application',
        'withdraw your consent at any time, as easily as you gave it',
        'GDPR Article 7(3)',
        reference,
      ])
        expect(asked.text.replace(/\s+/g, ' ')).toContain(expected);

      // At most a year (Buurderij appendix; AP): the limit and its source are named.
      await expect(
        sendUpdate(
          services,
          reference,
          consentUpdate,
          await consent(services, { until: '2094-12-01T00:00:00+01:00' }),
        ),
      ).rejects.toThrow(
        /--until is 2094-12-01T00:00:00\+01:00, beyond 2094-11-22: consent keeps an applicant's data at most 1 year/,
      );
      await expect(
        sendUpdate(
          services,
          reference,
          consentUpdate,
          await consent(services, { how: 'phone' as never, text: '' }),
        ),
      ).rejects.toThrow(/--how must be one of e-mail, letter, form.*--text-file/);
      // A year after Friday 20 November 2093 is Saturday 20 November 2094: the next working day, Monday 22.
      // The update answers with the new due date and the next step at once.
      const kept = await sendUpdate(services, reference, consentUpdate, await consent(services));
      expect(kept).toMatchObject({ stage: 'keeping', dueDate: '2094-11-22' });
      expect(kept.next).toMatchObject({ step: 'applicant-keep-consented', date: '2094-11-22T22:59:59.999Z' });
      await progressed(reference, 'kept a year', (s) => s.dueDate === '2094-11-22');
      await skipTo(new Date('2093-12-20T09:00:00+01:00'));
      await stillKept(reference, smtp);
      await skipTo(new Date('2094-11-22T20:00:00+01:00'));
      await stillKept(reference, smtp);
      const { continued, events } = await runs(reference);
      expect(continued).toBe(true);
      expect(events).toBeLessThan(200);
      await skipTo(new Date('2094-11-23T09:00:00+01:00'));
      const { entry } = await destroyed(services, reference, smtp);
      expect(entry.basis).toContain('toestemming tot 2094-11-22');
      const record = await findLatestRecord<{ consent: Consent }>(
        services.db,
        (await findCase(services.db, reference)).id,
        'applicant.consent-recorded',
      );
      // Consent is evidence: when, how and the very text (art. 7(1)).
      expect(record?.consent).toMatchObject({
        how: 'e-mail',
        text: CONSENT_TEXT,
        until: '2094-11-22T22:59:59.999Z',
      });
      keepHistory('applicant', 'kept-with-consent', (await runs(reference)).history);
    });
  });

  it('consent withdrawn midway: destroyed at once, and the applicant told once it is done', async () => {
    const smtp = await startSmtpServer();
    const { worker, services } = await caseWorker(env, config, smtp);
    await worker.runUntil(async () => {
      const reference = await register(services);
      await sendUpdate(services, reference, consentUpdate, await consent(services, { until: '2094-06-30' }));
      await progressed(reference, 'kept until June', (s) => s.dueDate === '2094-06-30');
      await skipTo(new Date('2094-03-02T10:00:00+01:00'));
      await stillKept(reference, smtp);
      await sendUpdate(services, reference, withdrawConsentUpdate, {
        by: 'fg',
        received: '2094-03-02T08:30:00+01:00',
        how: 'phone',
      });
      const { entry } = await destroyed(services, reference, smtp);
      expect(entry.due_at.slice(0, 10)).toBe('2094-03-02');
      const told = await letter(smtp, 'Bevestiging: toestemming ingetrokken');
      expect(told.rcpt).toBe(APPLICANT.email);
      for (const expected of ['Op 2 maart 2094 heeft u die toestemming ingetrokken', 'AVG artikel 7 lid 3'])
        expect(told.text.replace(/\s+/g, ' ')).toContain(expected);
      keepHistory(
        'applicant',
        'consent-withdrawn',
        await env.client.workflow.getHandle(reference).fetchHistory(),
      );
    });
  });

  it('consent withdrawn within the four weeks: destroyed at their end', async () => {
    const smtp = await startSmtpServer();
    const { worker, services } = await caseWorker(env, config, smtp);
    await worker.runUntil(async () => {
      const reference = await register(services);
      await expect(
        sendUpdate(services, reference, withdrawConsentUpdate, { by: 'fg', received: ENDED, how: 'e-mail' }),
      ).rejects.toThrow(/no consent is recorded; without it the 4 weeks stand/);
      await sendUpdate(services, reference, consentUpdate, await consent(services));
      await progressed(reference, 'kept a year', (s) => s.dueDate === '2094-11-22');
      await skipTo(new Date('2093-11-30T10:00:00+01:00'));
      await sendUpdate(services, reference, withdrawConsentUpdate, {
        by: 'fg',
        received: '2093-11-30T09:00:00+01:00',
        how: 'letter',
      });
      await progressed(reference, 'back to four weeks', (s) => s.dueDate === '2093-12-18');
      await skipTo(new Date('2093-12-18T20:00:00+01:00'));
      await stillKept(reference, smtp);
      await skipTo(new Date('2093-12-19T09:00:00+01:00'));
      await destroyed(services, reference, smtp);
      await letter(smtp, 'Bevestiging: toestemming ingetrokken');
    });
  });

  it('hired: what the job needs moves to the personnel file under its staff categories, the rest goes', async () => {
    const smtp = await startSmtpServer();
    const { worker, services } = await caseWorker(env, config, smtp);
    await worker.runUntil(async () => {
      const reference = await register(services, { hired: true, keep: ['staff', 'staff-id-copy'] });
      await expect(sendUpdate(services, reference, consentUpdate, await consent(services))).rejects.toThrow(
        /consent: the applicant was hired/,
      );
      await skipTo(new Date('2093-12-19T09:00:00+01:00'));
      const { task, entry } = await destroyed(services, reference, smtp);
      expect(task.text).toContain(
        'verplaats naar het personeelsdossier Personeelsgegevens (staff), Kopie identiteitsbewijs van medewerkers (staff-id-copy)',
      );
      expect(entry.what).toBe(
        'sollicitatiegegevens; naar het personeelsdossier: Personeelsgegevens (staff), Kopie identiteitsbewijs van medewerkers (staff-id-copy)',
      );
      expect((await status(reference)).details).toMatchObject({
        applicant: { hired: true, moved: [{ category: 'staff' }, { category: 'staff-id-copy' }] },
      });
      keepHistory('applicant', 'hired', await env.client.workflow.getHandle(reference).fetchHistory());
    });
  });

  it('a legal hold postpones the destruction; its release resumes it at once', async () => {
    const smtp = await startSmtpServer();
    const { worker, services } = await caseWorker(env, config, smtp);
    await worker.runUntil(async () => {
      const reference = await register(services);
      const held = await sendUpdate(services, reference, holdUpdate, {
        by: 'fg',
        reason: 'De sollicitant betwist de afwijzing bij de rechter.',
      });
      expect(held).toMatchObject({ stage: 'on-hold', next: { step: 'on-hold' } });
      await skipTo(new Date('2094-02-01T09:00:00+01:00'));
      expect((await stillKept(reference, smtp)).next.step).toBe('on-hold');
      // Held is not overdue: management is not told.
      expect(await mailsTo(smtp, 'raad-van-bestuur@debuurderij.example')).toHaveLength(0);
      await sendUpdate(services, reference, releaseUpdate, { by: 'fg', note: 'Zaak ingetrokken.' });
      const { entry } = await destroyed(services, reference, smtp);
      expect(entry.due_at).toBe('2093-12-18T22:59:59.999Z');
      await expect(
        sendUpdate(services, reference, holdUpdate, { by: 'fg', reason: 'te laat' }),
      ).rejects.toThrow(/closed/);
      expect((await runs(reference)).continued).toBe(true);
      keepHistory('applicant', 'held-and-released', (await runs(reference)).history);
    });
  });
});

/**
 * The information at the start of processing (Buurderij art. 13; AVG art. 13 and 14) on the time-skipping server,
 * with the product's worker, a real SQLite database, Chromium and a real SMTP server on loopback; the letter's PDF
 * is read back as text. The case lives in 2093 (the calendar of 2026): started Friday 20 November 2093.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditTrail } from '../../db/audit';
import { findCase } from '../../db/cases';
import type { CaseServices } from '../../services/cases';
import type { Config } from '../../services/config';
import { parseCaseRequest, registerCase } from '../../services/start';
import { caseStatusQuery } from '../../workflows/case/updates';
import type { CaseStatus } from '../../workflows/case/messages';
import { caseWorker, eventually, keepHistory, skipTo as skipClock } from '../helpers/case-workflows';
import { testConfig } from '../helpers/env';
import { HISTORY_CODEC_KEY } from '../helpers/histories';
import { readPdf } from '../helpers/pdf';
import { parseMail, startSmtpServer, type TestSmtpServer } from '../helpers/smtp';
import { policyOf, WITH_AUTOMATED_DECISIONS } from '../helpers/policies';
import { timeSkippingEnv } from '../helpers/temporal';

let env: TestWorkflowEnvironment;
let config: Config;

beforeEach(async () => {
  config = testConfig({ PRIVACYLOKET_CODEC_KEY: HISTORY_CODEC_KEY });
  env = await timeSkippingEnv(config);
  await skipClock(env, new Date('2093-11-20T12:00:00+01:00'));
});
afterEach(async () => env?.teardown());

const now = async () => new Date(await env.currentTimeMs());

/** As `privacyloket intake start` does it, on the test server's clock. */
async function start(services: CaseServices, input: Record<string, unknown>) {
  const request = await parseCaseRequest('intake', input, {
    now: await now(),
    policiesDir: services.config.policiesDir,
  });
  return (await registerCase(services, request)).reference;
}

const status = (reference: string) =>
  env.client.workflow.getHandle(reference).query<CaseStatus>(caseStatusQuery);

/** The one letter mailed, read back; once the case is closed. */
async function closedWithLetter(smtp: TestSmtpServer, reference: string) {
  const closed = await eventually(`${reference} closed`, async () => {
    const current = await status(reference).catch(() => undefined);
    return current?.stage === 'closed' ? current : undefined;
  });
  const [mail] = await Promise.all(smtp.messages.map((m) => parseMail(m.raw)));
  expect(smtp.messages).toHaveLength(1);
  return { closed, mail: mail!, text: (await readPdf(mail!.attachments[0]!.content)).text };
}

describe('information at intake', () => {
  it('sends every art. 13 element of the client file at once, and closes once it has gone out', async () => {
    const smtp = await startSmtpServer();
    const { db, worker, services } = await caseWorker(env, config, smtp);
    await worker.runUntil(async () => {
      const reference = await start(services, {
        policy: 'de-buurderij',
        name: 'Sanne de Vries',
        email: 'sanne@example.nl',
      });
      expect(reference).toMatch(/^INF-2093-\d{4}$/);
      const { closed, mail, text } = await closedWithLetter(smtp, reference);
      // Art. 13(1): at the time the data are obtained; the case is due at the end of the day it started.
      expect(closed.dueAt).toBe(new Date('2093-11-20T23:59:59.999+01:00').toISOString());
      expect(closed.letters).toMatchObject([{ kind: 'intake-information', status: 'sent' }]);
      expect(mail.subject).toMatch(/^Informatie over de verwerking van uw persoonsgegevens/);
      for (const expected of [
        'Geachte Sanne de Vries',
        'Cliëntdossier: zorg en ondersteuning (bewoning, dagbesteding)',
        '(AVG artikel 13; Privacyreglement De Buurderij)',
        'info@debuurderij.nl; locatie Balloo: 0592-860444',
        'Functionaris Gegevensbeheer: Marc Bralts, marc@debuurderij.nl',
        'het verlenen van zorg en ondersteuning bij bewoning, dagbesteding',
        'artikel 6 lid 1 onder b AVG (uitvoering van een overeenkomst)',
        'artikel 9 lid 2 onder h AVG',
        'de algemene gezondheidstoestand',
        'het zorgkantoor, de gemeente of de zorgverzekeraar',
        'Wij geven uw gegevens niet door naar landen buiten de Europese Economische Ruimte',
        '15 jaar na de laatste wijziging van het dossier',
        'beperking van de verwerking',
        'Wij nemen over u geen besluiten die uitsluitend op geautomatiseerde verwerking berusten (AVG artikel 22).',
        'U kunt de gegevens die u ons gaf in een gangbare digitale vorm krijgen',
        'Zonder deze gegevens kunnen wij u geen verantwoorde zorg en ondersteuning bieden',
        'dat u kunt lezen op www.debuurderij.nl',
        'klacht indienen bij de Autoriteit Persoonsgegevens, Postbus 93374, 2509 AJ Den Haag',
      ])
        expect(text).toContain(expected);
      // Not on consent, not on 6(1)(e)/(f), the data from the client: no withdrawal, no objection, no source.
      expect(text).not.toContain('toestemming op elk moment intrekken');
      expect(text).not.toContain('AVG artikel 21');
      expect(text).not.toContain('niet van uzelf gekregen');
      const events = await db('audit_events').where({ case_id: (await findCase(db, reference)).id });
      expect(events.map((e: { type: string }) => e.type)).toContain('case.closed');
      expect((await verifyAuditTrail(db)).ok).toBe(true);
      keepHistory('intake', 'art-13-sent', await env.client.workflow.getHandle(reference).fetchHistory());
    });
  });

  it('with --source, an art. 14 letter in English naming the source; consent can be withdrawn', async () => {
    const smtp = await startSmtpServer();
    const { worker, services } = await caseWorker(env, config, smtp);
    await worker.runUntil(async () => {
      const reference = await start(services, {
        policy: 'de-buurderij',
        name: 'Piet Bakker',
        email: 'piet@example.nl',
        locale: 'en',
        activity: 'video-recordings',
        source: 'your previous care provider, Zorggroep Noord',
      });
      const { closed, text } = await closedWithLetter(smtp, reference);
      expect(closed.history.map((h) => h.event)).toContain('processing starts: video-recordings');
      for (const expected of [
        'Information about the processing of your personal data',
        'Audio and video recordings of clients',
        '(GDPR Article 14; Privacy regulation of De Buurderij)',
        'We did not obtain these data from you but from: your previous care provider, Zorggroep Noord.',
        'video and audio recordings of the client in the care setting (special category)',
        'Article 9(2)(a) GDPR (explicit consent)',
        'you may withdraw it at any time',
        'We give your data to no one outside our organisation.',
        // The retention categories' English labels (labelEn).
        'Audio and video recordings as a memory aid: until the written report',
        'Audio and video recordings as a basis for professional decision-making: 1 year after the end of the professional relationship',
        'We take no decisions about you based solely on automated processing (GDPR Article 22).',
        'Dutch Data Protection Authority',
      ])
        expect(text).toContain(expected);
      keepHistory('intake', 'art-14-english', await env.client.workflow.getHandle(reference).fetchHistory());
    });
  });

  it("states the register's automated decision-making (art. 13(2)(f)) in Dutch and in English", async () => {
    config = { ...config, policiesDir: policyOf('de-buurderij', 'met-triage', WITH_AUTOMATED_DECISIONS) };
    for (const [locale, expected, none] of [
      [
        'nl',
        [
          'Geautomatiseerde besluiten',
          'Bij deze verwerking nemen wij besluiten over u die uitsluitend op geautomatiseerde verwerking berusten, profilering daaronder begrepen (AVG artikel 22).',
          'De onderliggende logica: een puntentelling op de antwoorden van de aanmeldvragenlijst (urgentie en zorgzwaarte)',
          'Het belang van deze verwerking voor u: de score bepaalt uw plaats op de wachtlijst',
          'De verwachte gevolgen voor u: bij een lagere score wacht u langer op zorg',
          'het besluit aanvechten en vragen dat een medewerker het opnieuw beoordeelt (menselijke tussenkomst)',
        ],
        'Wij nemen over u geen besluiten',
      ],
      [
        'en',
        [
          'Automated decisions',
          'In this processing we take decisions about you based solely on automated processing, including profiling (GDPR Article 22).',
          'The logic involved: a score computed from the answers to the intake questionnaire (urgency and care needs)',
          'The significance of this processing for you: the score sets your place on the waiting list',
          'The envisaged consequences for you: with a lower score you wait longer for care',
          'contest it, and ask for a member of our staff to review it (human intervention)',
        ],
        'We take no decisions about you',
      ],
    ] as const) {
      const smtp = await startSmtpServer();
      const { worker, services } = await caseWorker(env, config, smtp);
      await worker.runUntil(async () => {
        const reference = await start(services, {
          policy: 'met-triage',
          name: 'Sanne de Vries',
          email: 'sanne@example.nl',
          locale,
          activity: 'client-care',
        });
        const { text } = await closedWithLetter(smtp, reference);
        for (const sentence of expected) expect(text).toContain(sentence);
        expect(text).not.toContain(none);
      });
    }
  });

  it('refuses an activity the register does not have, naming the flag and the ones it has', async () => {
    const request = parseCaseRequest(
      'intake',
      { policy: 'werk-op-maat', name: 'Sanne de Vries', email: 'sanne@example.nl', activity: 'client-care' },
      { now: await now(), policiesDir: config.policiesDir },
    );
    await expect(request).rejects.toThrow('--activity must be one of participant-file, got "client-care"');
  });
});

/// <reference lib="dom" />
/**
 * The desk in a real browser (Debian's Chromium, driven by Puppeteer) against the Temporal dev server, the
 * product's worker, SMTP on loopback and a policy that wants four eyes: an officer logs in, registers an access
 * request from the form (a bad date first: its message beside the field), verifies the identity, decides, cannot
 * approve her own decision, a second officer approves, and the response letter is among the case's letters,
 * its PDF read back. A Gebruiker cannot open the case, and a form without its token is refused.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../activities/pdf';
import { createDb, migrateDb, type Db } from '../../db';
import { buildDesk } from '../../desk/server';
import { amsterdamDate } from '../../lib/calendar';
import { loadCodecKey } from '../../services/codec';
import type { Config } from '../../services/config';
import { projectRoot } from '../../services/config';
import { addUser } from '../../services/users';
import { tempDir, testConfig } from '../helpers/env';
import { readPdf } from '../helpers/pdf';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp';
import { devServerEnv, testWorker } from '../helpers/temporal';

/** The first access request's reference: numbered in the year it is registered, by the desk's clock (today). */
const REF = `INZ-${amsterdamDate(new Date()).slice(0, 4)}-0001`;
const PASSWORD = 'correct horse battery staple';

describe('the desk in a browser', () => {
  let env: TestWorkflowEnvironment;
  let config: Config;
  let db: Db;
  let smtp: TestSmtpServer;
  let desk: FastifyInstance;
  let browser: Browser;

  beforeAll(async () => {
    // The default policy, wanting four eyes on access decisions.
    const policiesDir = tempDir();
    cpSync(join(projectRoot, 'policies'), policiesDir, { recursive: true });
    const file = join(policiesDir, 'gdpr-default', 'policy.json');
    const policy = JSON.parse(readFileSync(file, 'utf8')) as { processes: { access: { fourEyes: boolean } } };
    policy.processes.access.fourEyes = true;
    writeFileSync(file, JSON.stringify(policy));
    smtp = await startSmtpServer();
    const configured = testConfig({ PRIVACYLOKET_POLICIES_DIR: policiesDir, SMTP_URL: smtp.url });
    config = { ...configured, temporal: { ...configured.temporal, taskQueue: 'desk' } };
    db = createDb(config.database);
    await migrateDb(db);
    env = await devServerEnv(config);
    await addUser(db, { username: 'marc', name: 'Marc Bralts', password: PASSWORD, by: 'test' });
    await addUser(db, {
      username: 'anna',
      name: 'Anna de Boer',
      role: 'beheerder',
      password: PASSWORD,
      by: 'test',
    });
    await addUser(db, {
      username: 'piet',
      name: 'Piet Jansen',
      role: 'gebruiker',
      password: PASSWORD,
      by: 'test',
    });
    desk = await buildDesk({ db, config, client: env.client, codecKey: loadCodecKey(config.codec) });
    await desk.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium(config.chromiumPath, tempDir());
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await desk?.close();
    await env?.teardown();
    await db?.destroy();
    await smtp?.close();
  });

  const url = (path: string) => `http://127.0.0.1:${(desk.server.address() as AddressInfo).port}${path}`;

  async function logIn(username: string): Promise<Page> {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.goto(url('/cases'));
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.type('#username', username);
    await page.type('#password', PASSWORD);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    if (new URL(page.url()).pathname !== '/cases') console.log(page.url(), await page.content());
    expect(new URL(page.url()).pathname).toBe('/cases');
    return page;
  }

  /** Submits the form on the page and waits for the answer. */
  const send = (page: Page) =>
    Promise.all([page.waitForNavigation(), page.click('form[enctype] button[type=submit]')]);
  const text = (page: Page, selector: string) => page.$eval(selector, (element) => element.textContent ?? '');
  /** The page's `selector` once it says `pattern`, reloading while the worker catches up (at most 30 seconds). */
  async function until(page: Page, pattern: RegExp, selector = 'main'): Promise<string> {
    let said = '';
    for (let i = 0; i < 100; i++) {
      said = await text(page, selector);
      if (pattern.test(said)) return said;
      await sleep(300);
      await page.reload();
    }
    throw new Error(`${page.url()} never said ${pattern}: ${said}`);
  }

  it('registers, verifies, decides and approves an access request with forms alone, and shows its letters', async () => {
    const worker = await testWorker(env, config, db, 'desk');
    await worker.runUntil(async () => {
      const anna = await logIn('anna');
      await anna.goto(url('/start'));
      await Promise.all([anna.waitForNavigation(), anna.click('a[href="/start/access"]')]);
      await anna.type('#field-policy', 'gdpr-default');
      await anna.type('#field-received', '31-11-2026');
      await anna.type('#field-name', 'Jan de Vries');
      await anna.type('#field-email', 'jan@example.nl');
      await send(anna);
      // The refusal stands beside the date, and what was typed is kept.
      expect(await text(anna, '#field-received-problem')).toMatch(/Ontvangen op/);
      expect(await anna.$eval('#field-received', (input) => input.getAttribute('aria-invalid'))).toBe('true');
      expect(await anna.$eval('#field-name', (input) => (input as unknown as { value: string }).value)).toBe(
        'Jan de Vries',
      );
      expect(await db('cases').count({ n: '*' }).first()).toEqual({ n: 0 });

      await anna.$eval('#field-received', (input) => ((input as unknown as { value: string }).value = ''));
      await anna.type('#field-received', '2026-11-30');
      await send(anna);
      expect(new URL(anna.url()).pathname).toBe(`/cases/${REF}`);
      expect(await text(anna, '.flash')).toContain('Gedaan.');

      await Promise.all([anna.waitForNavigation(), anna.click(`a[href="/cases/${REF}/do/verify-identity"]`)]);
      await anna.type('#field-method', 'Identiteitsbewijs getoond aan de balie');
      await send(anna);
      expect(new URL(anna.url()).pathname).toBe(`/cases/${REF}`);

      await Promise.all([anna.waitForNavigation(), anna.click(`a[href="/cases/${REF}/do/decide"]`)]);
      await anna.select('#field-outcome', 'no-data');
      await send(anna);
      // The case page shows the decision awaiting approval once the workflow has recorded it.
      await until(anna, /Besluit \(ter goedkeuring\)/);
      expect(await text(anna, '.actions li:first-child')).toMatch(
        /Besluit goedkeuren \(vier ogen\)\s*Nu aan de beurt/,
      );

      // Four eyes: the officer who decided cannot approve; the validator's sentence is the answer.
      await Promise.all([anna.waitForNavigation(), anna.click(`a[href="/cases/${REF}/do/approve"]`)]);
      await send(anna);
      expect(await text(anna, '#form-problem')).toMatch(/second officer|tweede/i);

      const marc = await logIn('marc');
      await marc.goto(url(`/cases/${REF}/do/approve`));
      await send(marc);
      expect(new URL(marc.url()).pathname).toBe(`/cases/${REF}`);

      // The response letter comes from the worker: the case page lists it once it is there.
      await until(marc, /approved|goedgekeurd/i);
      const letters = await until(
        marc,
        /Ontvangstbevestiging[\s\S]*(Besluit|Antwoord|geen gegevens)/i,
        'section:has(#letters-h)',
      );
      expect(letters).not.toMatch(/Onbestelbaar/);
      // The latest letter's PDF, with the password the page shows beside it (a letter by e-mail is encrypted).
      const [href, password] = await marc.$$eval('section:has(#letters-h) tr', (rows) => {
        const row = rows.at(-1)!;
        const shown = /(?:wachtwoord|password) (\S+)/.exec(row.textContent ?? '')?.[1];
        return [row.querySelector('a')!.getAttribute('href')!, shown];
      });
      const cookie = (await marc.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
      const pdf = await fetch(url(href!), { headers: { cookie } });
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      expect((await readPdf(new Uint8Array(await pdf.arrayBuffer()), password)).text).toContain(REF);

      // A Gebruiker may not open a case that is not theirs.
      const piet = await logIn('piet');
      const refused = await piet.goto(url(`/cases/${REF}`));
      expect(refused?.status()).toBe(403);
      expect(await text(piet, 'main')).not.toContain('Jan de Vries');
      expect(await text(piet, 'table, main')).not.toContain(REF);

      // A form posted without its token (from another page, a script elsewhere) is refused.
      const forged = await fetch(url(`/cases/${REF}/do/advise`), {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'advice=Toewijzen.',
      });
      expect(forged.status).toBe(403);
    });
  }, 180_000);
});

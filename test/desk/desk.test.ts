/**
 * The desk over HTTP (Fastify's inject: no port, no browser), on a real database: logging in, the session and
 * form tokens, the security headers, who may see which case, the access log and the codec endpoint. The browser
 * test (test/e2e/desk.test.ts) runs the forms against Temporal.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createCodec } from '../../services/codec';
import { readAccessLog } from '../../services/access-log';
import { addUser } from '../../services/users';
import { buildDesk } from '../../desk/server';
import type { Db } from '../../db';
import { testDb } from '../helpers/db';
import { testConfig } from '../helpers/env';
import { registerAccessCase } from '../helpers/cases';

const PASSWORD = 'correct horse battery staple';
const UI = 'http://127.0.0.1:8233';
const apps: FastifyInstance[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

async function desk(db: Db, codecKey = randomBytes(32)) {
  const app = await buildDesk({ db, config: testConfig(), client: undefined, codecKey, uiOrigin: UI });
  apps.push(app);
  return app;
}

const cookiesOf = (response: LightMyRequestResponse) =>
  [response.headers['set-cookie'] ?? []]
    .flat()
    .map((c) => c.split(';')[0]!)
    .filter((c) => !c.endsWith('='));

const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1];

/** Logs in as `username`: the login page's token, then the form; answers the cookie header and the form token. */
async function logIn(app: FastifyInstance, username: string, password = PASSWORD) {
  const form = await app.inject({ url: '/login' });
  const loginCookie = cookiesOf(form).join('; ');
  const response = await app.inject({
    method: 'POST',
    url: '/login',
    headers: { cookie: loginCookie },
    payload: { username, password, _csrf: hidden(form.body, '_csrf')!, next: '/cases' },
  });
  const cookie = cookiesOf(response).join('; ');
  const page = cookie ? await app.inject({ url: '/cases', headers: { cookie } }) : undefined;
  return { response, cookie, csrf: page && hidden(page.body, '_csrf') };
}

async function people(db: Db) {
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
    name: 'Piet Gebruiker',
    role: 'gebruiker',
    password: PASSWORD,
    by: 'test',
  });
  await addUser(db, {
    username: 'kees',
    name: 'Kees Gebruiker',
    role: 'gebruiker',
    password: PASSWORD,
    by: 'test',
  });
}

describe('the desk', () => {
  it('sends a visitor to the login page, logs in with a form token, and serves pages under a CSP without script', async () => {
    const db = await testDb();
    await people(db);
    const app = await desk(db);
    const first = await app.inject({ url: '/cases/INZ-2026-0001' });
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe('/login?next=%2Fcases%2FINZ-2026-0001');

    // A login without the login page's token is refused, whatever the password.
    const forged = await app.inject({
      method: 'POST',
      url: '/login',
      payload: { username: 'anna', password: PASSWORD },
    });
    expect(forged.statusCode).toBe(403);

    const wrong = await logIn(app, 'anna', 'not the password at all');
    expect(wrong.response.statusCode).toBe(401);
    expect(wrong.response.body).toContain('Onjuiste gebruikersnaam of wachtwoord.');

    const { response, cookie } = await logIn(app, 'anna');
    expect(response.statusCode).toBe(303);
    expect(cookiesOf(response)[0]).toMatch(/^pl_session=/);
    expect([response.headers['set-cookie']].flat().join()).toMatch(
      /pl_session=[^;]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax/,
    );
    const list = await app.inject({ url: '/cases', headers: { cookie } });
    expect(list.statusCode).toBe(200);
    expect(list.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(list.headers['content-security-policy']).not.toMatch(/script-src|unsafe-inline/);
    expect(list.headers['x-frame-options']).toBe('DENY');
    expect(list.headers['cache-control']).toBe('no-store');
    expect(list.body).not.toMatch(/<script/i);
    expect(list.body).toContain('<html lang="nl">');
    const english = await app.inject({ url: '/cases?lang=en', headers: { cookie } });
    expect(english.body).toContain('<html lang="en">');
    expect(english.body).toContain('Cases by deadline');
  });

  it('throttles a username after five failed logins, even with the right password then', async () => {
    const db = await testDb();
    await people(db);
    const app = await desk(db);
    for (let i = 0; i < 5; i++)
      expect((await logIn(app, 'anna', `wrong password ${i}!`)).response.statusCode).toBe(401);
    const sixth = await logIn(app, 'anna');
    expect(sixth.response.statusCode).toBe(429);
    expect(sixth.cookie).not.toMatch(/pl_session/);
  });

  it('refuses a form without the session token before anything runs, and logs the refusal', async () => {
    const db = await testDb();
    await people(db);
    const app = await desk(db);
    const { cookie, csrf } = await logIn(app, 'anna');
    const { reference } = await registerAccessCase(db, { receivedAt: new Date('2026-11-30T09:00:00Z') });
    const refused = await app.inject({
      method: 'POST',
      url: `/cases/${reference}/do/advise`,
      headers: { cookie },
      payload: { advice: 'Toewijzen.' },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Het formulier is verlopen of kwam niet van deze pagina');
    const wrongToken = await app.inject({
      method: 'POST',
      url: `/cases/${reference}/do/advise`,
      headers: { cookie },
      payload: { advice: 'Toewijzen.', _csrf: `${csrf!.slice(1)}x` },
    });
    expect(wrongToken.statusCode).toBe(403);
    const log = await readAccessLog(db, { reference: undefined });
    expect(log.filter((entry) => entry.action === 'denied')).toHaveLength(2);
  });

  it('reads a form with a file as multipart, its token checked the same, and puts a refusal beside the fields', async () => {
    const db = await testDb();
    await people(db);
    const app = await desk(db);
    const { cookie, csrf } = await logIn(app, 'anna');
    const form = (fields: Record<string, string>) => {
      const boundary = 'privacyloket-test-boundary';
      const parts = Object.entries(fields).map(
        ([name, value]) =>
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      );
      const file = `--${boundary}\r\nContent-Disposition: form-data; name="csv"; filename="mensen.csv"\r\nContent-Type: text/csv\r\n\r\nnaam;e-mail\r\nJan de Vries;jan@example.nl\r\n`;
      return {
        method: 'POST' as const,
        url: '/do/transfer-start',
        headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: `${parts.join('')}${file}--${boundary}--\r\n`,
      };
    };
    const page = await app.inject({ url: '/do/transfer-start', headers: { cookie } });
    expect(page.body).toContain('enctype="multipart/form-data"');
    expect((await app.inject(form({ policy: 'gdpr-default' }))).statusCode).toBe(403);
    const refused = await app.inject(form({ _csrf: csrf!, policy: 'gdpr-default', effective: '2026-02-31' }));
    expect(refused.statusCode).toBe(422);
    // Beside the missing field: fill it in; the form keeps what was typed.
    expect(refused.body).toContain('<p class="field-problem" id="field-to-problem">Vul dit in.</p>');
    expect(refused.body).toContain('name="effective" value="2026-02-31"');
    expect(await db('cases').count({ n: '*' }).first()).toEqual({ n: 0 });
  });

  it("shows a Gebruiker only their own cases, refuses another's case page and letter, and logs each view", async () => {
    const db = await testDb();
    await people(db);
    const app = await desk(db);
    const own = await registerAccessCase(db, {
      receivedAt: new Date('2026-11-30T09:00:00Z'),
      subject: { name: 'Eigen Cliënt' },
    });
    const other = await registerAccessCase(db, {
      receivedAt: new Date('2026-11-30T09:00:00Z'),
      subject: { name: 'Andere Cliënt' },
    });
    await db('cases').where({ reference: own.reference }).update({ assignee: 'piet' });
    await db('cases').where({ reference: other.reference }).update({ assignee: 'kees' });

    const piet = await logIn(app, 'piet');
    const list = await app.inject({ url: '/cases', headers: { cookie: piet.cookie } });
    expect(list.body).toContain(own.reference);
    expect(list.body).toContain('Eigen Cliënt');
    expect(list.body).not.toContain(other.reference);
    expect(list.body).not.toContain('Andere Cliënt');
    const page = await app.inject({ url: `/cases/${own.reference}`, headers: { cookie: piet.cookie } });
    expect(page.statusCode).toBe(200);
    for (const url of [
      `/cases/${other.reference}`,
      `/cases/${other.reference}/letters/1`,
      `/cases/${other.reference}/do/advise`,
    ]) {
      const refused = await app.inject({ url, headers: { cookie: piet.cookie } });
      expect(refused.statusCode).toBe(403);
      expect(refused.body).not.toContain('Andere Cliënt');
    }
    // The Beheerder sees both; the menu offers what each role may open.
    const anna = await logIn(app, 'anna');
    const all = await app.inject({ url: '/cases', headers: { cookie: anna.cookie } });
    expect(all.body).toContain(other.reference);
    expect(all.body).toContain('href="/breaches"');
    expect(list.body).not.toContain('href="/breaches"');
    expect(all.body).not.toContain('href="/access-log"');
    expect((await app.inject({ url: '/access-log', headers: { cookie: anna.cookie } })).statusCode).toBe(403);
    // Users are made at the machine's terminal, never from the desk.
    expect((await app.inject({ url: '/do/user-add', headers: { cookie: anna.cookie } })).statusCode).toBe(
      404,
    );

    const log = await readAccessLog(db, {});
    expect(log).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          username: 'piet',
          action: 'view',
          reference: own.reference,
          what: 'case',
          outcome: 'ok',
        }),
        expect.objectContaining({
          username: 'piet',
          action: 'denied',
          reference: other.reference,
          outcome: 'denied',
        }),
      ]),
    );
    // A name typed into the reference search finds nothing and stays out of the log.
    const searched = await app.inject({
      url: '/cases?search=Andere%20Cli%C3%ABnt',
      headers: { cookie: anna.cookie },
    });
    expect(searched.body).not.toContain(other.reference);
    expect(JSON.stringify(await readAccessLog(db, {}))).not.toMatch(/Cliënt|Andere/i);
    expect(JSON.stringify(log)).not.toMatch(/Cliënt/);
    // The Verantwoordelijke reads and exports the log.
    const marc = await logIn(app, 'marc');
    const csv = await app.inject({ url: '/access-log?format=csv', headers: { cookie: marc.cookie } });
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\r\n')[0]).toBe('at,username,role,action,reference,what,ip,outcome');
    expect(csv.body).toContain(`,piet,gebruiker,denied,${other.reference},`);
  });

  it('decodes payloads for the Web UI only for a logged-in Beheerder, from the UI origin', async () => {
    const db = await testDb();
    await people(db);
    const key = randomBytes(32);
    const app = await desk(db, key);
    const [sealed] = await createCodec(key).encode([
      { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('"Jan de Vries"') },
    ]);
    const payloads = [
      {
        metadata: Object.fromEntries(
          Object.entries(sealed!.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
        ),
        data: Buffer.from(sealed!.data!).toString('base64'),
      },
    ];
    const ask = (cookie?: string, origin = UI) =>
      app.inject({
        method: 'POST',
        url: '/codec/decode',
        headers: { origin, 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
        payload: { payloads },
      });

    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/codec/decode',
      headers: { origin: UI, 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBe(UI);
    expect(preflight.headers['access-control-allow-credentials']).toBe('true');
    expect((await ask()).statusCode).toBe(401);
    expect((await ask((await logIn(app, 'piet')).cookie)).statusCode).toBe(403);
    expect((await ask((await logIn(app, 'marc')).cookie)).statusCode).toBe(403);
    const anna = (await logIn(app, 'anna')).cookie;
    expect((await ask(anna, 'http://evil.example')).statusCode).toBe(403);
    const decoded = await ask(anna);
    expect(decoded.statusCode).toBe(200);
    const [payload] = decoded.json<{ payloads: { data: string }[] }>().payloads;
    expect(Buffer.from(payload!.data, 'base64').toString()).toBe('"Jan de Vries"');
  });
});

/**
 * Who is at the desk: the session cookie read on every request (a visitor without one is sent to the login page),
 * the form token every form must carry, logging in with a throttled password check, and logging out. Only the
 * session's hash is stored (services/users.ts); the cookie is HttpOnly and SameSite=Lax.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PrivacyloketError } from '../lib/errors';
import { logAccess } from '../services/access-log';
import { checkLogin, createSession, endSession, listUsers, readSession } from '../services/users';
import { acceptedLocale, DESK_LOCALES, translate, type DeskLocale } from './i18n';
import type { Desk } from './server';

export const SESSION_COOKIE = 'pl_session';
const LOGIN_COOKIE = 'pl_login';
const LANG_COOKIE = 'pl_lang';
/** What the last action said (done, and its warnings), shown once on the next page. */
export const FLASH_COOKIE = 'pl_flash';

/** Pages anyone may ask for: the login page, the style sheet, and the codec endpoint (which checks for itself). */
const PUBLIC = (path: string) =>
  ['/login', '/favicon.ico'].includes(path) || path.startsWith('/static/') || path.startsWith('/codec/');

export function sessions(app: FastifyInstance, desk: Desk): void {
  const { db, now, log, page } = desk;

  app.addHook('onRequest', async (request, reply) => {
    const cookies = readCookies(request.headers.cookie);
    const token = cookies[SESSION_COOKIE];
    const read = token ? await readSession(db, token, now()) : undefined;
    request.session = read && token ? { user: read.user, csrf: read.csrf, token } : undefined;
    const lang = (request.query as Record<string, string | undefined>).lang ?? cookies[LANG_COOKIE];
    request.locale = DESK_LOCALES.includes(lang as DeskLocale)
      ? (lang as DeskLocale)
      : (request.session?.user.locale ?? acceptedLocale(request.headers['accept-language']));
    if ((request.query as Record<string, string | undefined>).lang)
      reply.header('set-cookie', cookie(LANG_COOKIE, request.locale, { maxAge: 365 * 86_400 }));
    if (PUBLIC(request.url.split('?')[0]!)) return;
    if (!request.session) {
      const expired = token ? '&expired=1' : '';
      return request.method === 'GET'
        ? reply.redirect(`/login?next=${encodeURIComponent(request.url)}${expired}`, 303)
        : reply.redirect(`/login?${expired.slice(1)}`, 303);
    }
  });

  // Every form carries the session's token; a form from anywhere else is refused before anything runs.
  app.addHook('preHandler', async (request, reply) => {
    const path = request.url.split('?')[0]!;
    if (request.method !== 'POST' || path === '/login' || path.startsWith('/codec/')) return;
    const session = request.session!;
    const sent = formValue(request, '_csrf');
    if (sent !== undefined && same(sent, session.csrf)) return;
    await log(request, { action: 'denied', what: `${path} without a valid form token`, outcome: 'denied' });
    return page(reply.code(403), request, 'error', translate(request.locale, 'error.title'), {
      message: translate(request.locale, 'error.csrf'),
    });
  });
  // ---- logging in and out ------------------------------------------------------------------------------------
  app.get('/login', async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    return loginPage(reply, request, {
      next: safeNext(query.next),
      problem: query.expired ? translate(request.locale, 'login.expired') : undefined,
    });
  });

  app.post('/login', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, string | undefined>;
    const loginToken = readCookies(request.headers.cookie)[LOGIN_COOKIE];
    const next = safeNext(body.next);
    if (!loginToken || !body._csrf || !same(body._csrf, loginToken))
      return loginPage(reply.code(403), request, { next, problem: translate(request.locale, 'error.csrf') });
    try {
      const user = await checkLogin(db, {
        username: body.username ?? '',
        password: body.password ?? '',
        ip: request.ip,
        now: now(),
      });
      const session = await createSession(db, user, now());
      request.session = { user, csrf: session.csrf, token: session.token };
      await log(request, { action: 'login', what: 'login' });
      return reply
        .header('set-cookie', [
          cookie(SESSION_COOKIE, session.token, { maxAge: 12 * 3600 }),
          cookie(LOGIN_COOKIE, '', { maxAge: 0, path: '/login' }),
        ])
        .redirect(next, 303);
    } catch (error) {
      if (!(error instanceof PrivacyloketError)) throw error;
      await logAccess(db, {
        at: now(),
        user: undefined,
        username: body.username,
        action: 'login-failed',
        what: error.code,
        ip: request.ip,
        outcome: 'refused',
      });
      const problem =
        error.code === 'unauthenticated' ? translate(request.locale, 'login.wrong') : error.message;
      return loginPage(reply.code(error.code === 'throttled' ? 429 : 401), request, {
        next,
        problem,
        username: body.username,
      });
    }
  });

  app.post('/logout', async (request, reply) => {
    await log(request, { action: 'logout', what: 'logout' });
    await endSession(db, request.session!.token);
    return reply.header('set-cookie', cookie(SESSION_COOKIE, '', { maxAge: 0 })).redirect('/login', 303);
  });

  async function loginPage(
    reply: FastifyReply,
    request: FastifyRequest,
    data: { next: string; problem?: string; username?: string },
  ) {
    // One token per browser while it logs in: another tab (or the browser's own icon request) keeps it valid.
    const loginToken =
      readCookies(request.headers.cookie)[LOGIN_COOKIE] || randomBytes(24).toString('base64url');
    reply.header(
      'set-cookie',
      cookie(LOGIN_COOKIE, loginToken, { maxAge: 3600, path: '/login', sameSite: 'Strict' }),
    );
    // Before the first user exists, the page says how to create one.
    const noUsers = (await listUsers(db)).length === 0;
    return page(reply, request, 'login', translate(request.locale, 'login.title'), {
      ...data,
      loginToken,
      noUsers,
    });
  }
}

export type Part =
  { type: 'file'; filename: string; toBuffer(): Promise<Buffer> } | { type: 'field'; value: unknown };

function formValue(request: FastifyRequest, name: string): string | undefined {
  const value = (request.body as Record<string, string | Part> | undefined)?.[name];
  return typeof value === 'string' ? value : value?.type === 'field' ? String(value.value) : undefined;
}
const same = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Only a path of this desk: never an address elsewhere (an open redirect after login). */
const safeNext = (next: string | undefined) => (next && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : '/cases');
export function readCookies(header: string | undefined): Record<string, string> {
  return Object.fromEntries(
    (header ?? '')
      .split(';')
      .map((part) => part.trim().split('='))
      .filter(([name]) => name)
      .map(([name, ...value]) => [name!, decodeURIComponent(value.join('='))]),
  );
}

export function cookie(
  name: string,
  value: string,
  { maxAge, path = '/', sameSite = 'Lax' }: { maxAge: number; path?: string; sameSite?: 'Lax' | 'Strict' },
): string {
  return `${name}=${encodeURIComponent(value)}; Path=${path}; Max-Age=${maxAge}; HttpOnly; SameSite=${sameSite}`;
}

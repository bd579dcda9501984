/**
 * The officer's desk: server-rendered pages over the same database, Temporal client and command declarations as
 * the CLI. No script runs in the browser (the CSP forbids it); every change is a form that runs a command for the
 * logged-in user, and every view of a case and every action is written to the access log.
 */
import { readdir } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import multipart from '@fastify/multipart';
import type { Client } from '@temporalio/client';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Command } from '../cli/command';
import { allCommands } from '../cli/main';
import type { Db } from '../db';
import { logAccess, type AccessEntry } from '../services/access-log';
import type { Config } from '../services/config';
import type { DeskUser } from '../services/users';
import { actionRoutes, deskActions } from './actions';
import { caseRoutes } from './cases';
import { deskCodec } from './codec';
import { translate, type DeskLocale } from './i18n';
import { overviewRoutes } from './overviews';
import { render, type PageFrame } from './render';
import { managing } from './roles';
import { cookie, FLASH_COOKIE, readCookies, sessions } from './session';

export interface DeskDeps {
  db: Db;
  config: Config;
  /** Temporal, when it answers: without it the desk shows the database's record and refuses actions. */
  client: Client | undefined;
  /** The codec key, for Temporal's Web UI (only a logged-in Beheerder may decode). */
  codecKey: Buffer;
  /** Where Temporal's Web UI runs, the one origin allowed to ask the codec endpoint. */
  uiOrigin?: string;
  now?: () => Date;
}

interface Session {
  user: DeskUser;
  csrf: string;
  token: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    session: Session | undefined;
    locale: DeskLocale;
  }
}

const CSS = readFileSync(join(import.meta.dirname, 'static', 'desk.css'));

const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  // Pages hold personal data: no copy in a browser cache or a proxy.
  'cache-control': 'no-store',
};
/** What the pages share: the database, Temporal, the commands by name, and how a page is answered and logged. */
export interface Desk {
  db: Db;
  config: Config;
  client: Client | undefined;
  now: () => Date;
  commands: Map<string, Command>;
  log: (request: FastifyRequest, entry: Omit<AccessEntry, 'at' | 'user' | 'ip'>) => Promise<void>;
  page: (
    reply: FastifyReply,
    request: FastifyRequest,
    view: string,
    title: string,
    data?: Record<string, unknown>,
  ) => FastifyReply;
  notFound: (request: FastifyRequest, reply: FastifyReply) => FastifyReply;
  forbidden: (request: FastifyRequest, reply: FastifyReply, what: string) => Promise<FastifyReply>;
  /** The policies' ids, for the filters. */
  policyIds: () => Promise<string[]>;
}

export async function buildDesk(deps: DeskDeps): Promise<FastifyInstance> {
  const { db, config } = deps;
  const now = deps.now ?? (() => new Date());
  const app = Fastify({ logger: false, bodyLimit: 4 * 1024 * 1024 });
  await app.register(multipart, {
    attachFieldsToBody: true,
    limits: { fileSize: 20 * 1024 * 1024, files: 4 },
  });
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  app.decorateRequest('session', undefined);
  app.decorateRequest('locale', 'nl');
  const commands = new Map((await allCommands()).map((command) => [command.name, command]));

  app.addHook('onSend', async (_request, reply) => {
    for (const [name, value] of Object.entries(PAGE_HEADERS))
      if (!reply.hasHeader(name)) reply.header(name, value);
  });
  const desk: Desk = {
    db,
    config,
    client: deps.client,
    now,
    commands,
    log,
    page,
    notFound,
    forbidden,
    async policyIds() {
      return (await readdir(config.policiesDir, { withFileTypes: true }))
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort();
    },
  };
  sessions(app, desk);
  app.get('/static/desk.css', (_request, reply) =>
    reply.type('text/css').header('cache-control', 'max-age=3600').send(CSS),
  );
  app.get('/', (_request, reply) => reply.redirect('/cases', 303));
  app.get('/favicon.ico', (_request, reply) => reply.code(204).send());
  const actions = deskActions(desk);
  caseRoutes(app, desk, actions);
  actionRoutes(app, desk, actions);
  overviewRoutes(app, desk, actions);
  deskCodec(app, {
    key: deps.codecKey,
    uiOrigin: deps.uiOrigin,
    log: (request, entry) => log(request, entry),
  });

  app.setNotFoundHandler((request, reply) => notFound(request, reply));
  app.setErrorHandler(async (error, request, reply) => {
    console.error(
      `privacyloket desk: ${request.method} ${request.url.split('?')[0]}: ${(error as Error).stack ?? String(error)}`,
    );
    return page(reply.code(500), request, 'error', translate(request.locale, 'error.title'), {
      message: (error as Error).message,
    });
  });
  return app;
  async function log(request: FastifyRequest, entry: Omit<AccessEntry, 'at' | 'user' | 'ip'>) {
    await logAccess(db, { at: now(), user: request.session?.user, ip: request.ip, outcome: 'ok', ...entry });
  }

  function frame(request: FastifyRequest, title: string): PageFrame {
    const locale = request.locale;
    const session = request.session;
    const path = request.url.split('?')[0]!;
    const other = locale === 'nl' ? 'en' : 'nl';
    const query = new URLSearchParams(request.url.split('?')[1] ?? '');
    query.set('lang', other);
    const user = session?.user;
    const entries: [string, string, boolean][] = [
      ['/cases', 'nav.cases', true],
      ['/start', 'nav.start', true],
      ['/breaches', 'nav.breaches', Boolean(user && managing(user))],
      ['/registers', 'nav.registers', Boolean(user && managing(user))],
      ['/duties', 'nav.duties', Boolean(user && managing(user))],
      ['/access-log', 'nav.access-log', user?.role === 'verantwoordelijke'],
    ];
    return {
      locale,
      title,
      ...(user
        ? { user: { name: user.name, role: user.role, username: user.username }, csrf: session.csrf }
        : {}),
      nav: entries
        .filter(([, , shown]) => shown)
        .map(([href, key]) => ({ href, label: translate(locale, key), current: path.startsWith(href) })),
      switchHref: `${path}?${query}`,
    };
  }

  function page(
    reply: FastifyReply,
    request: FastifyRequest,
    view: string,
    title: string,
    data: Record<string, unknown> = {},
  ) {
    const flash = request.method === 'GET' ? readCookies(request.headers.cookie)[FLASH_COOKIE] : undefined;
    if (flash) reply.header('set-cookie', cookie(FLASH_COOKIE, '', { maxAge: 0 }));
    return reply
      .type('text/html; charset=utf-8')
      .send(render(view, { ...frame(request, title), ...(flash ? { flash } : {}) }, data));
  }

  function notFound(request: FastifyRequest, reply: FastifyReply) {
    return page(reply.code(404), request, 'error', translate(request.locale, 'error.title'), {
      message: translate(request.locale, 'error.not-found'),
    });
  }

  async function forbidden(request: FastifyRequest, reply: FastifyReply, what: string) {
    await log(request, { action: 'denied', what, outcome: 'denied' });
    return page(reply.code(403), request, 'error', translate(request.locale, 'error.title'), {
      message: translate(request.locale, 'error.forbidden'),
    });
  }
}

/**
 * The officer's desk: server-rendered pages over the same database, Temporal client and command declarations as
 * the CLI. No script runs in the browser (the CSP forbids it); every change is a form that runs a command for the
 * logged-in user, and every view of a case and every action is written to the access log.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import multipart from '@fastify/multipart';
import type { Client } from '@temporalio/client';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { describeEvent, unwrap } from '../cli/case-view';
import { formatMoment } from '../cli/output';
import type { Command } from '../cli/command';
import { allCommands } from '../cli/main';
import type { Db } from '../db';
import { findCase, type CaseRow } from '../db/cases';
import { findLetterPdf, listLetters } from '../db/letters';
import { listParties, listTasks, type TaskRow } from '../db/parties';
import { formatDuration, type Duration } from '../lib/durations';
import { PrivacyloketError } from '../lib/errors';
import { processEntry, registeredProcesses, type Process } from '../lib/processes';
import { logAccess, readAccessLog, accessLogCsv, type AccessEntry } from '../services/access-log';
import { breachFiles } from '../services/breach-file';
import { CSV_COLUMNS } from '../services/breach-log';
import { caseDetails, type CaseDetails } from '../services/case-details';
import { registerTable } from '../services/registers';
import { listDeskCases, urgencyOf, type CaseListFilter } from '../services/case-list';
import type { Config } from '../services/config';
import {
  checkLogin,
  createSession,
  endSession,
  listUsers,
  readSession,
  type DeskUser,
} from '../services/users';
import { describeNextStep } from '../templates';
import { deskCodec } from './codec';
import { submit, formFields, formTitle, type Submission } from './forms';
import { acceptedLocale, DESK_LOCALES, translate, type DeskLocale } from './i18n';
import { daysText, render, type PageFrame } from './render';

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

const SESSION_COOKIE = 'pl_session';
const LOGIN_COOKIE = 'pl_login';
const LANG_COOKIE = 'pl_lang';
/** What the last action said (done, and its warnings), shown once on the next page. */
const FLASH_COOKIE = 'pl_flash';
const CSS = readFileSync(join(import.meta.dirname, 'static', 'desk.css'));

/** A Gebruiker sees the cases that are theirs; the Beheerder and the Verantwoordelijke see all (Buurderij art. 14). */
const managing = (user: DeskUser) => user.role !== 'gebruiker';
const mayOpen = (user: DeskUser, row: CaseRow) => managing(user) || row.assignee === user.username;

/** Four eyes is a second officer's check: not for a Gebruiker. Register and log work is the managers'. */
function mayRun(user: DeskUser, command: Command): boolean {
  if (command.name.endsWith(' start')) return true;
  if (/ approve(-letter)?$/.test(command.name) || /^(register|breach log|duty)/.test(command.name))
    return managing(user);
  return true;
}

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
    const path = request.url.split('?')[0]!;
    if (
      ['/login', '/favicon.ico'].includes(path) ||
      path.startsWith('/static/') ||
      path.startsWith('/codec/')
    )
      return;
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

  app.get('/static/desk.css', (_request, reply) =>
    reply.type('text/css').header('cache-control', 'max-age=3600').send(CSS),
  );
  app.get('/', (_request, reply) => reply.redirect('/cases', 303));
  app.get('/favicon.ico', (_request, reply) => reply.code(204).send());

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

  // ---- the cases -----------------------------------------------------------------------------------------------
  app.get('/cases', async (request, reply) => {
    const { user } = request.session!;
    const query = request.query as Record<string, string | undefined>;
    const filter: CaseListFilter = {
      ...(registeredProcesses().includes(query.process as Process)
        ? { process: query.process as Process }
        : {}),
      ...(['open', 'closed', 'failed', 'all'].includes(query.status ?? '')
        ? { status: query.status as CaseListFilter['status'] }
        : {}),
      ...(query.policy ? { policy: query.policy } : {}),
      ...(['overdue', 'due-2', 'due-7'].includes(query.urgency ?? '')
        ? { urgency: query.urgency as CaseListFilter['urgency'] }
        : {}),
      ...(query.search ? { search: query.search.trim().toUpperCase() } : {}),
      ...(managing(user) ? {} : { assignee: user.username }),
      page: Math.max(1, Number(query.page) || 1),
    };
    const at = now();
    const list = await listDeskCases(db, filter, at);
    await log(request, {
      action: 'view',
      what: `cases ${new URLSearchParams(query as Record<string, string>).toString()}`.trim(),
    });
    const names = await processNames(request.locale);
    const locale = request.locale;
    const option = (value: string, label: string, chosen: string | undefined) => ({
      value,
      label,
      selected: value === (chosen ?? ''),
    });
    const pageHref = (page: number) =>
      `/cases?${new URLSearchParams({ ...(query as Record<string, string>), page: String(page) })}`;
    return page(reply, request, 'cases', translate(locale, 'cases.title'), {
      filters: [
        {
          name: 'process',
          label: translate(locale, 'cases.process'),
          options: [
            option('', translate(locale, 'cases.all'), query.process),
            ...registeredProcesses().map((p) => option(p, names[p], query.process)),
          ],
        },
        {
          name: 'status',
          label: translate(locale, 'cases.status'),
          options: ['', 'closed', 'failed', 'all'].map((s) =>
            option(s, translate(locale, `status.${s || 'open'}`), query.status),
          ),
        },
        {
          name: 'urgency',
          label: translate(locale, 'cases.urgency'),
          options: [
            option('', translate(locale, 'cases.all'), query.urgency),
            ...['overdue', 'due-2', 'due-7'].map((u) =>
              option(u, translate(locale, `urgency.${u}`), query.urgency),
            ),
          ],
        },
        {
          name: 'policy',
          label: translate(locale, 'cases.policy'),
          options: [
            option('', translate(locale, 'cases.all'), query.policy),
            ...(await policyIds(config)).map((p) => option(p, p, query.policy)),
          ],
        },
        { name: 'search', label: translate(locale, 'cases.search'), value: query.search ?? '' },
      ],
      total: list.total,
      page: list.page,
      pages: list.pages,
      previous: list.page > 1 ? pageHref(list.page - 1) : undefined,
      next: list.page < list.pages ? pageHref(list.page + 1) : undefined,
      rows: list.rows.map((row) => ({
        ...row,
        processName: names[row.process],
        statusName: translate(locale, `status.${row.status}`),
        left: row.status === 'closed' ? translate(locale, 'urgency.closed') : daysText(locale, row.dueAt, at),
      })),
    });
  });

  /** The case, when this user may open it; a refusal is logged and answered the same whether it exists or not. */
  async function openCase(
    request: FastifyRequest,
    reply: FastifyReply,
    what: string,
  ): Promise<CaseRow | undefined> {
    const reference = (request.params as { reference: string }).reference.toUpperCase();
    const row = await findCase(db, reference).catch(() => undefined);
    if (row && mayOpen(request.session!.user, row)) return row;
    await log(request, { action: 'denied', reference, what, outcome: 'denied' });
    await page(reply.code(row ? 403 : 404), request, 'error', translate(request.locale, 'error.title'), {
      message: translate(request.locale, row ? 'error.forbidden' : 'error.not-found'),
    });
    return undefined;
  }

  app.get('/cases/:reference', async (request, reply) => {
    const row = await openCase(request, reply, 'case');
    if (!row) return reply;
    const { user } = request.session!;
    await log(request, { action: 'view', reference: row.reference, what: 'case' });
    return page(reply, request, 'case', row.reference, await casePage(row, user, request.locale));
  });

  app.get('/cases/:reference/letters/:id', async (request, reply) => {
    const row = await openCase(request, reply, 'letter');
    if (!row) return reply;
    const id = Number((request.params as { id: string }).id);
    const letter = (await listLetters(db, row.id)).find((l) => l.id === id);
    if (!letter)
      return page(reply.code(404), request, 'error', translate(request.locale, 'error.title'), {
        message: translate(request.locale, 'error.not-found'),
      });
    await log(request, { action: 'view', reference: row.reference, what: `letter ${letter.kind}` });
    return reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="${row.reference}-${letter.kind}.pdf"`)
      .header(
        'content-security-policy',
        "default-src 'none'; object-src 'self'; plugin-types application/pdf",
      )
      .send(await findLetterPdf(db, id));
  });

  app.get('/cases/:reference/do/:verb', async (request, reply) => {
    const row = await openCase(request, reply, 'form');
    if (!row) return reply;
    const command = caseCommand(row, (request.params as { verb: string }).verb, request.session!.user);
    if (!command) return notFound(request, reply);
    return formPage(reply, request, command, {
      reference: row.reference,
      choices: await choicesFor(request, command, row),
    });
  });

  app.post('/cases/:reference/do/:verb', async (request, reply) => {
    const row = await openCase(request, reply, 'action');
    if (!row) return reply;
    const command = caseCommand(row, (request.params as { verb: string }).verb, request.session!.user);
    if (!command) return notFound(request, reply);
    return run(request, reply, command, row.reference);
  });

  // ---- commands about no one case: starting one, the registers, the logs ---------------------------------------
  app.get('/start', async (request, reply) => {
    const locale = request.locale;
    const processes = [...commands.values()]
      .filter((c) => c.name.endsWith(' start'))
      .map((c) => ({ process: c.name.split(' ')[0], ...formTitle(c, locale) }));
    return page(reply, request, 'start', translate(locale, 'start.title'), { processes });
  });
  app.get('/start/:process', (request, reply) =>
    reply.redirect(`/do/${(request.params as { process: string }).process}-start`, 303),
  );

  app.get('/do/:name', async (request, reply) => {
    const command = deskCommand((request.params as { name: string }).name, request.session!.user);
    if (!command) return notFound(request, reply);
    return formPage(reply, request, command, { choices: await choicesFor(request, command) });
  });
  app.post('/do/:name', async (request, reply) => {
    const command = deskCommand((request.params as { name: string }).name, request.session!.user);
    if (!command) return notFound(request, reply);
    return run(request, reply, command, undefined);
  });

  app.get('/breaches', async (request, reply) => {
    if (!managing(request.session!.user)) return forbidden(request, reply, 'breach log');
    const files = await breachFiles(db, {}, { policiesDir: config.policiesDir, now: now() });
    await log(request, { action: 'view', what: `breach log (${files.length} breaches)` });
    const columns = BREACH_COLUMNS.map((name) => CSV_COLUMNS.find(([column]) => column === name)!);
    const locale = request.locale;
    return page(reply, request, 'table', translate(locale, 'breaches.title'), {
      heading: translate(locale, 'breaches.title'),
      sections: [
        {
          title: translate(locale, 'breaches.title'),
          forms: [{ href: '/do/breach-log', title: formTitle(commands.get('breach log')!, locale).title }],
          columns: columns.map(([name]) => name.replace(/_/g, ' ')),
          rows: files.map((file) =>
            columns.map(([name, value], index) =>
              index === 0
                ? { text: value(file), href: `/cases/${file.reference}` }
                : { text: name.endsWith('_at') ? formatCell(value(file)) : value(file) },
            ),
          ),
          empty: '—',
        },
      ],
    });
  });

  app.get('/registers', async (request, reply) => {
    if (!managing(request.session!.user)) return forbidden(request, reply, 'registers');
    const locale = request.locale;
    const policies = await policyIds(config);
    const query = request.query as Record<string, string | undefined>;
    const policyId = policies.includes(query.policy ?? '') ? query.policy! : policies[0]!;
    const tables = await Promise.all(
      (['processing', 'deviations', 'destructions'] as const).map(async (register) => ({
        register,
        ...(
          await registerTable(db, config, {
            register,
            ...(register === 'destructions' ? {} : { policyId }),
            locale,
          })
        ).table,
      })),
    );
    await log(request, { action: 'view', what: `registers of ${policyId}` });
    return page(reply, request, 'table', translate(locale, 'registers.title'), {
      heading: `${translate(locale, 'registers.title')} — ${policyId}`,
      policies: policies.map((id) => ({
        href: `/registers?policy=${id}`,
        label: id,
        current: id === policyId,
      })),
      sections: tables.map(({ register, columns, rows }) => ({
        title: translate(locale, `registers.${register}`),
        forms: [
          {
            href: `/do/register-${register}`,
            title: formTitle(commands.get(`register ${register}`)!, locale).title,
          },
          ...(register === 'deviations'
            ? ['register add-deviation', 'register destroy-deviation'].map((name) => ({
                href: `/do/${name.replace(/ /g, '-')}`,
                title: formTitle(commands.get(name)!, locale).title,
              }))
            : []),
        ],
        columns,
        rows: rows.map((row) => row.map((text) => ({ text }))),
        empty: '—',
      })),
    });
  });

  app.get('/duties', async (request, reply) => {
    if (!managing(request.session!.user)) return forbidden(request, reply, 'duties');
    const locale = request.locale;
    const duties = await dutyRows(request);
    await log(request, { action: 'view', what: 'duties' });
    const none = locale === 'nl' ? 'nooit' : 'never';
    return page(reply, request, 'table', translate(locale, 'duties.title'), {
      heading: translate(locale, 'duties.title'),
      sections: [
        {
          title: translate(locale, 'duties.title'),
          forms: [{ href: '/do/duty-done', title: formTitle(commands.get('duty done')!, locale).title }],
          columns: ['duty', 'every', 'next', 'open', 'last', 'what'].map((c) =>
            translate(locale, `duties.${c}`),
          ),
          rows: duties.map((d) => [
            { text: `${d.policy}/${d.duty}` },
            { text: formatDuration(d.every, locale) },
            { text: d.nextRunAt ? formatMoment(new Date(d.nextRunAt)) : '—' },
            { text: d.openRun ? translate(locale, 'duties.awaiting') : '—' },
            { text: d.lastDone ? `${formatMoment(new Date(d.lastDone.at))} (${d.lastDone.by})` : none },
            { text: d.label },
          ]),
          empty: '—',
        },
      ],
    });
  });

  app.get('/access-log', async (request, reply) => {
    const { user } = request.session!;
    if (user.role !== 'verantwoordelijke') return forbidden(request, reply, 'access log');
    const query = request.query as Record<string, string | undefined>;
    const rows = await readAccessLog(db, {
      ...(query.case ? { reference: query.case.toUpperCase() } : {}),
      limit: 500,
    });
    if (query.format === 'csv') {
      await log(request, { action: 'export', what: 'access log csv' });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="toegangslog.csv"')
        .send(accessLogCsv(await readAccessLog(db, {})));
    }
    await log(request, { action: 'view', what: 'access log' });
    const locale = request.locale;
    return page(reply, request, 'table', translate(locale, 'access-log.title'), {
      heading: translate(locale, 'access-log.title'),
      sections: [
        {
          title: translate(locale, 'access-log.title'),
          downloads: [{ href: '/access-log?format=csv', label: translate(locale, 'access-log.export') }],
          columns: ['at', 'who', 'action', 'case', 'what', 'outcome'].map((c) =>
            translate(locale, `access-log.${c}`),
          ),
          rows: rows.map((r) => [
            {
              text: new Date(r.at).toLocaleString(locale === 'nl' ? 'nl-NL' : 'en-GB', {
                timeZone: 'Europe/Amsterdam',
              }),
            },
            { text: `${r.username ?? ''}${r.role ? ` (${translate(locale, `role.${r.role}`)})` : ''}` },
            { text: r.action },
            r.reference ? { text: r.reference, href: `/cases/${r.reference}` } : { text: '' },
            { text: r.what },
            { text: r.outcome ?? '' },
          ]),
          empty: '—',
        },
      ],
    });
  });

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

  // ---- helpers that need the deps -----------------------------------------------------------------------------
  /** The recurring duties as `privacyloket duties` lists them (the same command, run for this user). */
  async function dutyRows(request: FastifyRequest): Promise<DutyRow[]> {
    const outcome = await submit(
      commands.get('duties')!,
      { fields: {}, files: {} },
      {
        context: { db, config, client: deps.client, user: request.session!.user.username },
        actor: request.session!.user.name,
        tmpDir: config.tmpDir,
        locale: request.locale,
      },
    );
    return outcome.ok ? ((outcome.answer as { duties: DutyRow[] }).duties ?? []) : [];
  }

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

  /** `<process> <verb>` for a case of that process, or a letter's `posted`/`resend`, when this user may run it. */
  function caseCommand(row: CaseRow, verb: string, user: DeskUser): Command | undefined {
    const command =
      commands.get(`${row.process} ${verb}`) ??
      (['posted', 'resend'].includes(verb) ? commands.get(verb) : undefined);
    const acts = command && (command.officer || 'out' in command.flags);
    return acts && command.positionals?.[0]?.reference && mayRun(user, command) ? command : undefined;
  }

  /** A command about no one case, by its name with dashes (`access-start`, `register-add-deviation`). */
  function deskCommand(name: string, user: DeskUser): Command | undefined {
    const command = commands.get(name.replace('-', ' ')) ?? commands.get(name);
    if (!command || command.positionals?.some((p) => p.reference) || TERMINAL_ONLY.has(command.name))
      return undefined;
    return mayRun(user, command) &&
      (command.officer || 'out' in command.flags || ANSWERING.includes(command.name))
      ? command
      : undefined;
  }

  /**
   * What the desk knows a positional can be: the case's letters a letter command can be about (undeliverable ones
   * to resend, queued ones to confirm as posted), the recurring duties.
   */
  async function choicesFor(
    request: FastifyRequest,
    command: Command,
    row?: CaseRow,
  ): Promise<Record<string, string[]>> {
    if (command.name === 'duty done')
      return { duty: (await dutyRows(request)).map((d) => `${d.policy}/${d.duty}`) };
    if (!row || !command.positionals?.some((p) => p.name === 'kind')) return {};
    const wanted = command.name === 'resend' ? 'undeliverable' : 'queued-for-post';
    const letters = await listLetters(db, row.id);
    return { kind: [...new Set(letters.filter((l) => l.status === wanted).map((l) => l.kind))] };
  }

  async function formPage(
    reply: FastifyReply,
    request: FastifyRequest,
    command: Command,
    data: {
      reference?: string;
      choices?: Record<string, string[]>;
      typed?: Record<string, string>;
      problems?: Record<string, string>;
      problem?: string;
      warnings?: string[];
    },
  ) {
    const locale = request.locale;
    const title = formTitle(command, locale);
    const fields = formFields(command, locale, data);
    const action = data.reference
      ? `/cases/${data.reference}/do/${command.name.split(' ').at(-1)}`
      : `/do/${command.name.replace(/ /g, '-')}`;
    return page(reply, request, 'form', title.title, {
      heading: title.title,
      summary: title.summary ?? command.summary,
      reference: data.reference,
      problem: data.problem,
      warnings: data.warnings,
      fields,
      action,
      enctype: fields.some((f) => f.kind === 'file')
        ? 'multipart/form-data'
        : 'application/x-www-form-urlencoded',
      submit: title.title,
      back: data.reference ? `/cases/${data.reference}` : undefined,
    });
  }

  async function run(
    request: FastifyRequest,
    reply: FastifyReply,
    command: Command,
    reference: string | undefined,
  ) {
    const { user } = request.session!;
    const submission = await readSubmission(request);
    const outcome = await submit(command, submission, {
      reference,
      context: { db, config, client: deps.client, user: user.username },
      actor: user.name,
      tmpDir: config.tmpDir,
      locale: request.locale,
    });
    await log(request, {
      action: 'action',
      reference,
      what: command.name,
      outcome: outcome.ok ? 'ok' : 'refused',
    });
    if (!outcome.ok) {
      const { problem, problems, warnings } = outcome;
      const choices = await choicesFor(
        request,
        command,
        reference ? await findCase(db, reference) : undefined,
      );
      return formPage(reply.code(422), request, command, {
        reference,
        typed: submission.fields,
        problems,
        problem,
        warnings,
        choices,
      });
    }
    if (outcome.download)
      return reply
        .type(
          outcome.download.filename.endsWith('.pdf')
            ? 'application/pdf'
            : outcome.download.filename.endsWith('.csv')
              ? 'text/csv; charset=utf-8'
              : 'application/octet-stream',
        )
        .header('content-disposition', `attachment; filename="${outcome.download.filename}"`)
        .send(outcome.download.data);
    const target =
      reference ?? (typeof outcome.answer?.reference === 'string' ? outcome.answer.reference : undefined);
    // A command that only answers (a recommendation, a deadline) shows its answer.
    if (!target && outcome.answer) {
      const title = formTitle(command, request.locale).title;
      return page(reply, request, 'result', title, {
        heading: title,
        fields: entries(outcome.answer),
        warnings: outcome.warnings,
        again: `/do/${command.name.replace(/ /g, '-')}`,
      });
    }
    const flash = [translate(request.locale, 'form.done'), ...outcome.warnings].join(' ');
    return reply
      .header('set-cookie', cookie(FLASH_COOKIE, flash, { maxAge: 60 }))
      .redirect(target ? `/cases/${target}` : '/cases', 303);
  }

  async function casePage(row: CaseRow, user: DeskUser, locale: DeskLocale) {
    const at = now();
    const details = await caseDetails(db, deps.client, row.reference, user.name);
    const workflow = 'stage' in details.workflow ? details.workflow : undefined;
    const [letters, parties, tasks, names] = await Promise.all([
      listLetters(db, row.id),
      listParties(db, row.id),
      listTasks(db, row.id),
      processNames(locale),
    ]);
    const next = workflow && row.status === 'open' ? describeNextStep(workflow.next, locale) : undefined;
    const suggested = /privacyloket (?:\S+ )?([a-z-]+) [A-Z]{3}-/.exec(next?.command ?? '')?.[1];
    const actions =
      row.status === 'closed'
        ? []
        : [...commands.values()]
            .filter((c) => c.name.startsWith(`${row.process} `) || c.name === 'resend' || c.name === 'posted')
            .map((c) => ({ command: c, verb: c.name.split(' ').at(-1)! }))
            .filter(({ command, verb }) => caseCommand(row, verb, user) && hasWork(command, details, tasks))
            .map(({ command, verb }) => ({
              href: `/cases/${row.reference}/do/${verb}`,
              title: formTitle(command, locale).title,
              suggested: verb === suggested,
            }))
            .sort((a, b) => Number(b.suggested) - Number(a.suggested));
    const dueAt = new Date(details.dueAt);
    const breach = (workflow?.details as { breach?: Record<string, unknown> } | undefined)?.breach;
    return {
      reference: row.reference,
      processName: names[row.process],
      policy: details.policy,
      statusName: translate(locale, `status.${row.status}`),
      closedAt: details.closedAt,
      receivedAt: details.receivedAt,
      channel: details.channel,
      dueAt: details.dueAt,
      extended: workflow?.extended,
      urgency: urgencyOf(dueAt, at, row.status),
      left: daysText(locale, dueAt, at),
      answerBy: details.answerBy,
      deadlines: Object.entries(breach ?? {})
        .filter(([key, value]) => key.endsWith('DueAt') && typeof value === 'string')
        .map(([key, value]) => ({
          label: key.replace(/DueAt$/, '').replace(/[A-Z]/g, (l) => ` ${l.toLowerCase()}`),
          at: value,
        })),
      stage: workflow?.stage,
      alarm: workflow?.nextAlarm
        ? `${workflow.nextAlarm.kind} ${new Date(workflow.nextAlarm.at).toLocaleString(locale === 'nl' ? 'nl-NL' : 'en-GB', { timeZone: 'Europe/Amsterdam' })}`
        : undefined,
      unavailable: 'unavailable' in details.workflow ? details.workflow.unavailable : undefined,
      next: next?.text,
      assignee: row.assignee,
      subject: details.subject,
      parties: parties.map((p) => ({
        role: p.role,
        name: p.name,
        detail: [p.basis, p.email, p.phone].filter(Boolean).join(', '),
      })),
      decision: details.decision ? entries(unwrap(details.decision)) : [],
      tasks: tasks.map((t) => ({
        number: t.number,
        action: t.action,
        dueAt: t.due_at,
        done: t.status === 'done',
        doneAt: t.confirmed_at,
        doneBy: t.confirmed_by,
        how: t.how,
        urgency: urgencyOf(new Date(t.due_at), at, 'open'),
      })),
      letters: details.letters.map((l) => ({
        id: letters.find((row) => row.sha256 === l.sha256)?.id,
        title: l.title ?? l.kind,
        createdAt: l.createdAt,
        delivery: l.delivery,
        status: l.status,
        undeliverable: l.status === 'undeliverable',
        password: l.password,
      })),
      mailing: details.mailing,
      timeline: details.timeline.map((event) => ({
        at: event.at,
        text: describeEvent(event, details.process),
        actor: event.actor === 'system' ? undefined : event.actor,
        fields: event.record ? entries(unwrap(event.record)) : [],
      })),
      actions,
    };
  }
}

interface DutyRow {
  policy: string;
  duty: string;
  label: string;
  every: Duration;
  nextRunAt: string | null;
  openRun: unknown;
  lastDone: { by: string; at: string } | null;
}

/** An action offered only when there is something for it: a letter in that state, a task still open. */
function hasWork(command: Command, details: CaseDetails, tasks: TaskRow[]): boolean {
  if (command.name === 'resend') return details.letters.some((l) => l.status === 'undeliverable');
  if (command.name === 'posted') return details.letters.some((l) => l.status === 'queued-for-post');
  if (command.name.endsWith(' confirm-task')) return tasks.some((t) => t.status === 'open');
  return true;
}

/** Who may log in is decided at the machine that runs Privacyloket, not by a desk user (the access log has its page). */
const TERMINAL_ONLY = new Set(['user add', 'user disable', 'user list', 'access-log']);

/** Commands that change nothing and answer a question the officer has while deciding. */
const ANSWERING = ['breach recommend', 'deadline'];

/** The breach log's columns the desk's table shows (the export has them all). */
const BREACH_COLUMNS = [
  'reference',
  'status',
  'policy',
  'summary',
  'aware_at',
  'people_max',
  'severity',
  'decision_notify_ap',
  'ap_notified_at',
  'ap_reference',
  'decision_tell_people',
  'late',
];

/** A CSV instant as the desk writes moments. */
const formatCell = (value: string) =>
  /^\d{4}-\d{2}-\d{2}T/.test(value) ? formatMoment(new Date(value)) : value;

/** A decision's fields as label and value, nested values as compact JSON. */
function entries(values: Record<string, unknown>): { label: string; value: string }[] {
  return Object.entries(values)
    .filter(([key, value]) => value !== undefined && value !== null && key !== 'by')
    .map(([key, value]) => ({
      label: key.replace(/[A-Z]/g, (l) => ` ${l.toLowerCase()}`),
      value:
        typeof value === 'string'
          ? value
          : Array.isArray(value) && value.every((v) => typeof v === 'string')
            ? value.join('\n')
            : JSON.stringify(value),
    }));
}

async function processNames(locale: DeskLocale): Promise<Record<Process, string>> {
  const entries = await Promise.all(
    registeredProcesses().map(async (p) => [p, (await processEntry(p))?.names[locale] ?? p] as const),
  );
  return Object.fromEntries(entries) as Record<Process, string>;
}

async function policyIds(config: Config): Promise<string[]> {
  const { readdir } = await import('node:fs/promises');
  return (await readdir(config.policiesDir, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

type Part =
  { type: 'file'; filename: string; toBuffer(): Promise<Buffer> } | { type: 'field'; value: unknown };

/** A form's fields and files, from either encoding (multipart parts are attached to the body as they come). */
async function readSubmission(request: FastifyRequest): Promise<Submission> {
  const submission: Submission = { fields: {}, files: {} };
  for (const [name, value] of Object.entries(
    (request.body ?? {}) as Record<string, string | Part | Part[]>,
  )) {
    const part = Array.isArray(value) ? value[0]! : value;
    if (typeof part === 'string') submission.fields[name] = part;
    else if (part.type === 'file')
      submission.files[name] = { filename: part.filename, data: await part.toBuffer() };
    else submission.fields[name] = String(part.value);
  }
  return submission;
}

function formValue(request: FastifyRequest, name: string): string | undefined {
  const value = (request.body as Record<string, string | Part> | undefined)?.[name];
  return typeof value === 'string' ? value : value?.type === 'field' ? String(value.value) : undefined;
}

const same = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Only a path of this desk: never an address elsewhere (an open redirect after login). */
const safeNext = (next: string | undefined) => (next && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : '/cases');

function readCookies(header: string | undefined): Record<string, string> {
  return Object.fromEntries(
    (header ?? '')
      .split(';')
      .map((part) => part.trim().split('='))
      .filter(([name]) => name)
      .map(([name, ...value]) => [name!, decodeURIComponent(value.join('='))]),
  );
}

function cookie(
  name: string,
  value: string,
  { maxAge, path = '/', sameSite = 'Lax' }: { maxAge: number; path?: string; sameSite?: 'Lax' | 'Strict' },
): string {
  return `${name}=${encodeURIComponent(value)}; Path=${path}; Max-Age=${maxAge}; HttpOnly; SameSite=${sameSite}`;
}

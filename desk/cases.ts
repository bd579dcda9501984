/**
 * The cases: the list by deadline (a Gebruiker's own only), a case's page with everything about it, its letters'
 * PDFs, and its actions as forms. A case this user may not open is refused, and the refusal logged.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { describeEvent, unwrap } from '../cli/case-view';
import { formatMoment } from '../cli/output';
import type { Command } from '../cli/command';
import { findCase, type CaseRow } from '../db/cases';
import { findLetterPdf, listLetters } from '../db/letters';
import { listParties, listTasks, type TaskRow } from '../db/parties';
import { processEntry, registeredProcesses, type Process } from '../lib/processes';
import { caseDetails, type CaseDetails } from '../services/case-details';
import { listDeskCases, urgencyOf, type CaseListFilter } from '../services/case-list';
import type { DeskUser } from '../services/users';
import { describeNextStep } from '../templates';
import type { DeskActions } from './actions';
import { formTitle } from './forms';
import { translate, type DeskLocale } from './i18n';
import { daysText, fieldList } from './render';
import { managing, mayOpen } from './roles';
import type { Desk } from './server';

export function caseRoutes(app: FastifyInstance, desk: Desk, actions: DeskActions): void {
  const { db, now, log, page, notFound, commands } = desk;
  const { caseCommand, choicesFor, formPage, run } = actions;

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
    // The filter as applied, not as typed: a name typed into the reference search stays out of the log.
    const { search, assignee: _own, ...shown } = filter;
    const searched =
      search === undefined ? {} : { search: /^[A-Z0-9-]+$/.test(search) ? search : '(no reference)' };
    await log(request, {
      action: 'view',
      what: `cases ${new URLSearchParams(Object.entries({ ...shown, ...searched }).map(([k, v]) => [k, String(v)]))}`,
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
            ...(await desk.policyIds()).map((p) => option(p, p, query.policy)),
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

  async function casePage(row: CaseRow, user: DeskUser, locale: DeskLocale) {
    const at = now();
    const details = await caseDetails(db, desk.client, row.reference, user.name);
    const workflow = 'stage' in details.workflow ? details.workflow : undefined;
    const [parties, tasks, names] = await Promise.all([
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
    // A destroyed case file: what is left are references, dates and statuses; no letter opens (its bytes are gone).
    const destroyed = details.caseFile?.destroyedAt != null;
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
        ? translate(locale, `alarm.${workflow.nextAlarm.kind}`, {
            at: formatMoment(new Date(workflow.nextAlarm.at)),
          })
        : undefined,
      unavailable: 'unavailable' in details.workflow ? details.workflow.unavailable : undefined,
      next: next?.text,
      assignee: row.assignee,
      caseFile: details.caseFile && {
        ...details.caseFile,
        at: details.caseFile.destroyedAt ?? details.caseFile.dueAt,
      },
      destroyed,
      subject: destroyed ? null : details.subject,
      parties: (destroyed ? [] : parties).map((p) => ({
        role: p.role,
        name: p.name,
        detail: [p.basis, p.email, p.phone].filter(Boolean).join(', '),
      })),
      decision: details.decision ? fieldList(unwrap(details.decision)) : [],
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
        id: l.id,
        title: l.title ?? l.kind,
        createdAt: l.createdAt,
        delivery: l.delivery,
        status: l.status,
        undeliverable: l.status === 'undeliverable',
        password: l.password,
        opens: !destroyed,
      })),
      mailing: details.mailing,
      timeline: details.timeline.map((event) => ({
        at: event.at,
        text: describeEvent(event, details.process),
        actor: event.actor === 'system' ? undefined : event.actor,
        fields: event.record ? fieldList(unwrap(event.record)) : [],
      })),
      actions,
    };
  }
}

/** An action offered only when there is something for it: a letter in that state, a task still open. */
function hasWork(command: Command, details: CaseDetails, tasks: TaskRow[]): boolean {
  if (command.name === 'resend') return details.letters.some((l) => l.status === 'undeliverable');
  if (command.name === 'posted') return details.letters.some((l) => l.status === 'queued-for-post');
  if (command.name.endsWith(' confirm-task')) return tasks.some((t) => t.status === 'open');
  return true;
}

async function processNames(locale: DeskLocale): Promise<Record<Process, string>> {
  const entries = await Promise.all(
    registeredProcesses().map(async (p) => [p, (await processEntry(p))?.names[locale] ?? p] as const),
  );
  return Object.fromEntries(entries) as Record<Process, string>;
}

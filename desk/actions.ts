/**
 * The desk's forms: which command a form is (a case's `<process> <verb>`, a command about no one case), who may
 * send it, what the desk knows its choices are, and sending it: the command runs for the logged-in user and its
 * refusal comes back beside the fields, its document as a download, its answer as a page.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Command } from '../cli/command';
import { findCase, type CaseRow } from '../db/cases';
import { listLetters } from '../db/letters';
import type { Duration } from '../lib/durations';
import type { DeskUser } from '../services/users';
import { formFields, formTitle, submit, type Submission } from './forms';
import { translate } from './i18n';
import { fieldList } from './render';
import { mayRun } from './roles';
import type { Desk } from './server';
import { cookie, FLASH_COOKIE, type Part } from './session';

export type DeskActions = ReturnType<typeof deskActions>;

export function deskActions(desk: Desk) {
  const { db, config, log, page, commands } = desk;
  return { caseCommand, deskCommand, choicesFor, formPage, run, dutyRows };

  /** The recurring duties as `privacyloket duties` lists them (the same command, run for this user). */
  async function dutyRows(request: FastifyRequest): Promise<DutyRow[]> {
    const outcome = await submit(
      commands.get('duties')!,
      { fields: {}, files: {} },
      {
        context: { db, config, client: desk.client, user: request.session!.user.username },
        actor: request.session!.user.name,
        tmpDir: config.tmpDir,
        locale: request.locale,
      },
    );
    return outcome.ok ? ((outcome.answer as { duties: DutyRow[] }).duties ?? []) : [];
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
      context: { db, config, client: desk.client, user: user.username },
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
        fields: fieldList(outcome.answer),
        warnings: outcome.warnings,
        again: `/do/${command.name.replace(/ /g, '-')}`,
      });
    }
    const flash = [translate(request.locale, 'form.done'), ...outcome.warnings].join(' ');
    return reply
      .header('set-cookie', cookie(FLASH_COOKIE, flash, { maxAge: 60 }))
      .redirect(target ? `/cases/${target}` : '/cases', 303);
  }
}

export function actionRoutes(
  app: FastifyInstance,
  desk: Desk,
  { deskCommand, choicesFor, formPage, run }: DeskActions,
): void {
  const { page, notFound, commands } = desk;

  app.get('/start', async (request, reply) => {
    const locale = request.locale;
    const processes = [...commands.values()]
      .filter((c) => c.name.endsWith(' start'))
      .map((c) => ({ process: c.name.split(' ')[0], ...formTitle(c, locale) }));
    const tools = ANSWERING.map((name) => ({
      href: `/do/${name.replace(/ /g, '-')}`,
      ...formTitle(commands.get(name)!, locale),
    }));
    return page(reply, request, 'start', translate(locale, 'start.title'), { processes, tools });
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

/** Who may log in is decided at the machine that runs Privacyloket, not by a desk user (the access log has its page). */
const TERMINAL_ONLY = new Set(['user add', 'user disable', 'user list', 'access-log']);

/** Commands that change nothing and answer a question the officer has while deciding. */
const ANSWERING = ['breach recommend', 'deadline', 'policy list', 'policy check', 'audit verify', 'status'];

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

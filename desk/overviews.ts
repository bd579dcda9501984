/**
 * The pages over many cases: the breach log (art. 33(5)), the registers (processing activities, deviations,
 * destructions), the recurring duties and the access log, each with its exports and forms.
 */
import type { FastifyInstance } from 'fastify';
import { formatMoment } from '../cli/output';
import { formatDuration } from '../lib/durations';
import { exportAccessLog, readAccessLog } from '../services/access-log';
import { breachFiles } from '../services/breach-file';
import { CSV_COLUMNS } from '../services/breach-log';
import { registerTable } from '../services/registers';
import type { DeskActions } from './actions';
import { formTitle } from './forms';
import { translate } from './i18n';
import { managing } from './roles';
import type { Desk } from './server';

export function overviewRoutes(app: FastifyInstance, desk: Desk, { dutyRows }: DeskActions): void {
  const { db, config, now, log, page, forbidden, commands } = desk;

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
    const policies = await desk.policyIds();
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
      // Exported as the CLI exports it: the export itself is in the audit trail, with the file's hash.
      const { content } = await exportAccessLog(db, {}, user.name);
      await log(request, { action: 'export', what: 'access log csv' });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="toegangslog.csv"')
        .send(content);
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
}

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

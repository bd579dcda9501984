/**
 * Recurring duties (SPEC process 8): `duties` lists each one with its interval, its next run (from its schedule)
 * and when it was last done; `duty done` confirms the open run, which records it (`duties` table, `duty.done`).
 */
import type { Client } from '@temporalio/client';
import { findLastDutiesDone } from '../../db/duties';
import { formatDuration } from '../../lib/durations';
import { invalidInput, PrivacyloketError } from '../../lib/errors';
import type { Policy } from '../../policies/schema';
import type { Config } from '../../services/config';
import { dutyDoneUpdate, dutyScheduleId, type DutyStatus } from '../../workflows/duty-messages';
import { defineCommand } from '../command';
import { formatMoment, output, table } from '../output';
import { loadConfig, withClient, withDb, withReadingClient } from '../services';

export const duties = defineCommand({
  name: 'duties',
  summary:
    'List the recurring duties of the policies: interval, next run, open run, and when each was last done.',
  details: [
    'npm start (and every worker start) creates a Temporal Schedule per duty from the policy: duty-<policy>-<duty>. Each run mails the officer; privacyloket duty done confirms it.',
  ],
  flags: {
    policy: {
      type: 'string',
      value: 'id',
      description: "Only this policy's duties.",
      example: 'werk-op-maat',
    },
  },
  json: 'Print {"duties": [{"policy", "duty", "label", "every", "source", "scheduleId", "nextRunAt", "openRun", "lastDone": {"by", "at", "note"}}]}.',
  examples: ['privacyloket duties', 'privacyloket duties --policy werk-op-maat --json'],
  async run({ values, json }) {
    // An unknown policy is refused before the database or Temporal is asked anything.
    const policies = await policiesOf(await loadConfig(), values.policy);
    return withReadingClient((reaching) =>
      withDb(async (db) => {
        const done = await findLastDutiesDone(db);
        const client = await reaching;
        const { describeDutySchedule } = await import('../../worker/schedules');
        const rows = await Promise.all(
          policies.flatMap((policy) =>
            Object.entries(policy.recurring).map(async ([duty, { label, every, source }]) => {
              const schedule = client && (await describeDutySchedule(client, policy.id, duty));
              const last = done.get(`${policy.id}/${duty}`);
              return {
                policy: policy.id,
                duty,
                label,
                every,
                source,
                scheduleId: dutyScheduleId(policy.id, duty),
                nextRunAt: schedule?.nextRunAt?.toISOString() ?? null,
                openRun: schedule?.openRun ?? null,
                lastDone: last ? { by: last.done_by, at: last.done_at, note: last.note } : null,
              };
            }),
          ),
        );
        output(json, { duties: rows }, () => {
          const moment = (iso: string | null) => (iso ? formatMoment(new Date(iso)) : '—');
          const lines = table([
            ['DUTY', 'EVERY', 'NEXT RUN', 'OPEN RUN', 'LAST DONE', 'WHAT'],
            ...rows.map((row) => [
              `${row.policy}/${row.duty}`,
              formatDuration(row.every, 'en'),
              client ? (row.nextRunAt ? moment(row.nextRunAt) : 'no schedule yet') : 'unknown',
              row.openRun ? 'awaiting duty done' : '—',
              row.lastDone ? `${moment(row.lastDone.at)} by ${row.lastDone.by}` : 'never',
              row.label,
            ]),
          ]);
          const away = client
            ? ''
            : '\nTemporal does not answer: next runs unknown (is `npm start` running?).';
          return lines + away;
        });
        return 0;
      }),
    );
  },
});

export const dutyDone = defineCommand({
  name: 'duty done',
  summary: "Confirm that a recurring duty's open run was carried out: recorded with who, when and your note.",
  positionals: [
    {
      name: 'duty',
      description: 'The policy and its duty, as privacyloket duties lists them.',
      example: 'werk-op-maat/password-change',
    },
  ],
  flags: {
    note: {
      type: 'string',
      value: 'text',
      description: 'What was done, for the record (no personal data needed).',
      example: 'Alle wachtwoorden gewijzigd in het teamoverleg.',
    },
  },
  officer: true,
  json: 'Print the run as now recorded: {"policy", "duty", "scheduledAt", "dueAt", "done": {"by", "at"}, "history"}.',
  examples: [
    'privacyloket duty done werk-op-maat/password-change --by "Anna de Boer" --note "Alle wachtwoorden gewijzigd in het teamoverleg."',
  ],
  async run({ args, values, by, json }) {
    const [{ actorName }, { describeDutySchedule }, { userInfo }] = await Promise.all([
      import('../../services/cases'),
      import('../../worker/schedules'),
      import('node:os'),
    ]);
    const actor = actorName(by ?? userInfo().username);
    const config = await loadConfig();
    const { policy, duty } = await parseDuty(config, args.duty);
    return withClient(async (client) => {
      const schedule = await describeDutySchedule(client, policy, duty);
      if (!schedule) {
        throw new PrivacyloketError(
          'not-found',
          `${policy}/${duty} has no schedule yet: start Privacyloket once (npm start), which creates it.`,
          '<duty>',
        );
      }
      if (!schedule.openRun) {
        const next = schedule.nextRunAt ? `; its next run is on ${schedule.nextRunAt.toISOString()}` : '';
        throw new PrivacyloketError(
          'not-found',
          `${policy}/${duty} has no open run to confirm${next}.`,
          '<duty>',
        );
      }
      const status = await confirm(client, schedule.openRun, { by: actor, note: values.note });
      output(
        json,
        status,
        () =>
          `${policy}/${duty}: done, recorded for ${status.done!.by} at ${formatMoment(new Date(status.done!.at))}.`,
      );
      return 0;
    });
  },
});

/** `werk-op-maat/password-change`: a policy that exists and one of its duties. */
async function parseDuty(config: Config, value: string): Promise<{ policy: string; duty: string }> {
  const [policy, duty, ...rest] = value.split('/');
  if (!policy || !duty || rest.length > 0) {
    throw invalidInput(
      '<duty>',
      `must be <policy>/<duty> such as werk-op-maat/password-change, got '${value}'`,
    );
  }
  const [found] = await policiesOf(config, policy);
  const known = Object.keys(found!.recurring);
  if (!known.includes(duty)) {
    throw invalidInput(
      '<duty>',
      `'${duty}' is not a recurring duty of ${policy}: its duties are ${known.join(', ')}`,
    );
  }
  return { policy, duty };
}

async function policiesOf(config: Config, id: string | undefined): Promise<Policy[]> {
  const { loadPolicies, loadPolicy } = await import('../../policies/load');
  return id === undefined ? loadPolicies(config.policiesDir) : [await loadPolicy(id, config.policiesDir)];
}

/**
 * The update, its refusal as one sentence. A run that has only just started registers its handler after its
 * first activity: an update sent that very moment is sent again for a few seconds.
 */
async function confirm(
  client: Client,
  runId: string,
  input: { by: string; note?: string },
): Promise<DutyStatus> {
  const { WorkflowUpdateFailedError } = await import('@temporalio/client');
  const handle = client.workflow.getHandle(runId);
  for (let attempt = 1; ; attempt++) {
    try {
      return await handle.executeUpdate(dutyDoneUpdate, { args: [input] });
    } catch (error) {
      if (!(error instanceof WorkflowUpdateFailedError)) throw error;
      const early = /No registered handler/.test(error.cause?.message ?? '');
      if (!early || attempt === 20) {
        // The validator's sentence begins with its field (`note`, `by`), which the CLI names as the flag.
        throw new PrivacyloketError('invalid-input', `${error.cause?.message ?? error.message}.`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

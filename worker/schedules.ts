/**
 * Recurring duties as Temporal Schedules (SPEC process 8): for every policy and every duty in its `recurring`, a
 * schedule `duty-<policy>-<duty>` that starts the `duty` workflow at the policy's interval. Every worker start
 * (`npm start`, and each `npm run worker` of a scale-out) brings them in line with the policies: a missing one is
 * created, an existing one takes the policy's interval, one whose duty left its policy is deleted. Workers
 * starting together only repeat each other's work.
 */
import {
  MONTHS,
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  type Client,
  type ScheduleDescription,
  type ScheduleOptions,
  type ScheduleSpec,
} from '@temporalio/client';
import { amsterdamDate, dateParts, endOfAmsterdamDay } from '../lib/calendar';
import { durationParts, type Duration } from '../lib/durations';
import type { Policy } from '../policies/schema';
import { dutyScheduleId, type DutyRun } from '../workflows/duty-messages';

const DAY_MS = 86_400_000;
/** The hour, Amsterdam time, at which a duty's run starts: its mail arrives at the start of a working day. */
const RUN_HOUR = 9;
/** The last year a Temporal calendar accepts (2000–2100); a start after 2100 brings the schedules up to date again. */
const LAST_CALENDAR_YEAR = 2100;

export interface SyncOptions {
  policies: readonly Policy[];
  taskQueue: string;
  /** The anchor of a new schedule's calendar: its runs fall on this day of the month. */
  now?: Date;
  /** Tests only: every duty runs this often instead of at the policy's interval (the dev server then shows it). */
  testIntervalMs?: number;
}

export interface SyncResult {
  created: string[];
  updated: string[];
  deleted: string[];
}

export async function syncDutySchedules(client: Client, options: SyncOptions): Promise<SyncResult> {
  const result: SyncResult = { created: [], updated: [], deleted: [] };
  const wanted = options.policies.flatMap((policy) =>
    Object.entries(policy.recurring).map(([duty, { every }]) => ({ policy: policy.id, duty, every })),
  );
  for (const run of wanted) {
    const schedule = (anchor: Date) => dutySchedule(run, anchor, options);
    try {
      await client.schedule.create(schedule(options.now ?? new Date()));
      result.created.push(dutyScheduleId(run.policy, run.duty));
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
      // Anchored where it was first created, so that a restart does not move the day its runs fall on.
      const handle = client.schedule.getHandle(error.scheduleId);
      await handle.update((previous) => {
        const { spec, action, policies } = schedule(previous.info.createdAt);
        return { ...previous, spec, action, policies };
      });
      result.updated.push(error.scheduleId);
    }
  }
  const ids = new Set(wanted.map((run) => dutyScheduleId(run.policy, run.duty)));
  for await (const { scheduleId } of client.schedule.list()) {
    if (!scheduleId.startsWith('duty-') || ids.has(scheduleId)) continue;
    const handle = client.schedule.getHandle(scheduleId);
    const description = await describeOrNothing(() => handle.describe());
    if (!isOurs(description, options.taskQueue)) continue;
    await describeOrNothing(() => handle.delete());
    result.deleted.push(scheduleId);
  }
  return result;
}

/** A duty's schedule, its runs overlapping never (SKIP: a run open means the duty is open) and caught up once. */
function dutySchedule(run: DutyRun, anchor: Date, options: SyncOptions): ScheduleOptions {
  const scheduleId = dutyScheduleId(run.policy, run.duty);
  const test = options.testIntervalMs;
  const spec = test ? { intervals: [{ every: test }] } : dutySpec(run.every, anchor);
  return {
    scheduleId,
    spec,
    action: {
      type: 'startWorkflow',
      workflowType: 'duty',
      workflowId: scheduleId,
      taskQueue: options.taskQueue,
      args: [run],
    },
    policies: {
      overlap: 'SKIP',
      // A run missed while the server was down starts when it is back, if the next run has not come meanwhile: at
      // most one run is in the window, so an outage never brings a burst.
      catchupWindow: Math.max(10_000, test ?? shortestMs(run.every)),
      pauseOnFailure: false,
    },
  };
}

/**
 * When a duty runs: at 09:00 Amsterdam time, every N months or years counted from the anchor's month, on the
 * anchor's day of the month (at most the 28th, which every month has); never on the anchor's own day. Calendar
 * months and years, not a number of days: "every 6 months" stays on the same date. Hours, days and weeks are
 * exact intervals.
 */
export function dutySpec(every: Duration, anchor: Date): ScheduleSpec {
  const { unit, amount } = durationParts(every);
  if (unit !== 'months' && unit !== 'years') {
    const ms = shortestMs(every);
    return { intervals: [{ every: ms, offset: anchor.getTime() % ms }] };
  }
  const [year, month, day] = dateParts(amsterdamDate(anchor));
  const step = unit === 'years' ? 12 * amount : amount;
  // The pattern of months repeats after `cycle` years; each year of the cycle is a calendar entry of its own.
  const cycle = lcm(step, 12) / 12;
  const calendars = Array.from({ length: cycle }, (_, offset) => {
    const months = MONTHS.filter((_, index) => (12 * offset + index - (month - 1)) % step === 0);
    return { offset, months };
  })
    .filter(({ months }) => months.length > 0)
    .map(({ offset, months }) => ({
      year: { start: year + offset, end: LAST_CALENDAR_YEAR, step: cycle },
      month: months.map((name) => ({ start: name, end: name, step: 1 })),
      dayOfMonth: Math.min(day, 28),
      hour: RUN_HOUR,
      comment: `every ${amount} ${unit}`,
    }));
  return {
    calendars,
    timezone: 'Europe/Amsterdam',
    startAt: new Date(endOfAmsterdamDay(amsterdamDate(anchor)).getTime() + 1),
  };
}

/** The least time one interval can take: a month of 28 days, a year of 365. */
function shortestMs(every: Duration): number {
  const { unit, amount } = durationParts(every);
  const days = { hours: 1 / 24, days: 1, weeks: 7, months: 28, years: 365 }[unit];
  return amount * days * DAY_MS;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const lcm = (a: number, b: number) => (a * b) / gcd(a, b);

/** "recurring duties: 7 schedules (7 created)" on a first start; "… (7 up to date)" on the next. */
export function describeSync({ created, updated, deleted }: SyncResult): string {
  const parts = [
    created.length > 0 ? `${created.length} created` : '',
    updated.length > 0 ? `${updated.length} up to date` : '',
    deleted.length > 0 ? `${deleted.length} removed (duty no longer in its policy)` : '',
  ].filter(Boolean);
  const count = created.length + updated.length;
  return `recurring duties: ${count} schedule${count === 1 ? '' : 's'}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

/** A schedule this installation made: a duty's, for this task queue (another installation may share the namespace). */
function isOurs(description: ScheduleDescription | undefined, taskQueue: string): boolean {
  return description?.action.workflowType === 'duty' && description.action.taskQueue === taskQueue;
}

/** Listing lags behind: a schedule another worker just deleted is listed a while longer. */
async function describeOrNothing<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) return undefined;
    throw error;
  }
}

/** A duty's schedule as the CLI shows it: when it runs next, and its run still open (awaiting the officer). */
export async function describeDutySchedule(client: Client, policy: string, duty: string) {
  const handle = client.schedule.getHandle(dutyScheduleId(policy, duty));
  const description = await describeOrNothing(() => handle.describe());
  if (!description) return undefined;
  return {
    scheduleId: handle.scheduleId,
    nextRunAt: description.info.nextActionTimes[0],
    openRun: description.info.runningActions[0]?.workflow.workflowId,
    paused: description.state.paused,
  };
}

/**
 * One run of a recurring duty (SPEC process 8: Werk op Maat's password change every 6 months, the yearly review
 * of the register, Buurderij art. 5, and of the policy against the law, AVG art. 24(1)), started by the duty's
 * schedule (`worker/schedules.ts`). The officer is mailed what to do and by when: the next run. Reminders follow
 * before it; when the next run comes with this one unconfirmed, management is told, and again at every run after
 * (the schedule skips runs while this one is open). The officer's confirmation is the evidence: a row in
 * `duties` and the audit event `duty.done`.
 */
import {
  ActivityFailure,
  allHandlersFinished,
  condition,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { computeDeadline } from '../lib/deadlines';
import { database, mail } from './case/activities';
import { watchDeadline } from './case/deadline-watch';
import {
  dutyDoneUpdate,
  dutyReminders,
  dutyStatusQuery,
  validateDutyDone,
  type DutyDoneInput,
  type DutyRun,
  type DutyStatus,
} from './duty-messages';

export async function duty(run: DutyRun): Promise<DutyStatus> {
  const { workflowId } = workflowInfo();
  const scheduledAt = scheduledTime();
  const { holidays } = await database.dutyCalendar(run);
  const deadline = computeDeadline(scheduledAt, run.every, holidays);
  const ids = { policy: run.policy, duty: run.duty };
  const status: DutyStatus = {
    ...ids,
    scheduledAt: scheduledAt.toISOString(),
    dueAt: deadline.dueAt.toISOString(),
    history: [],
  };
  const note = (event: string) => status.history.push({ at: new Date().toISOString(), event });
  let recorded = false;
  setHandler(dutyStatusQuery, () => status);
  setHandler(
    dutyDoneUpdate,
    async ({ by, note: text }) => {
      const at = new Date().toISOString();
      status.done = { by, at }; // from here the validator refuses a second confirmation
      try {
        await database.recordDutyDone({
          ...ids,
          runId: workflowId,
          scheduledAt: status.scheduledAt,
          dueAt: status.dueAt,
          doneAt: at,
          doneBy: by,
          note: text,
        });
      } catch (error) {
        status.done = undefined;
        throw error;
      }
      recorded = true;
      note(`done, confirmed by ${by}`);
      return status;
    },
    { validator: (input: DutyDoneInput) => validateDutyDone(status.done, input) },
  );

  const send = async (template: 'duty' | 'duty-reminder' | 'duty-escalation', at: string) => {
    const to = template === 'duty-escalation' ? 'management' : 'officer';
    await mail.mailDuty({
      ...ids,
      to,
      template,
      key: `${workflowId}/${template}/${at}`,
      dueAt: status.dueAt,
      at,
    });
    return to;
  };
  try {
    note(`mailed to the ${await send('duty', status.scheduledAt)}`);
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    note('the mail to the officer could not be sent'); // the reminders try again
  }
  await watchDeadline({
    reference: workflowId,
    deadline: () => deadline,
    reminders: dutyReminders(run.every),
    escalateEvery: run.every,
    holidays,
    closed: () => recorded,
    nextStep: () => ({ step: 'open' }),
    startedAt: new Date(),
    onAlarm: note,
    onSchedule: (next) => {
      status.nextAlarm = next && { kind: next.kind, at: next.at.toISOString() };
    },
    send: (kind, at) => send(`duty-${kind}`, at),
  });
  await condition(allHandlersFinished);
  return status;
}

/** The moment the schedule meant this run for (a run caught up after an outage starts later); else its start. */
function scheduledTime(): Date {
  const { typedSearchAttributes, runStartTime } = workflowInfo();
  const scheduled = typedSearchAttributes
    .getAll()
    .find((pair) => pair.key.name === 'TemporalScheduledStartTime')?.value;
  return scheduled instanceof Date ? scheduled : runStartTime;
}

/**
 * Tasks for data owners: each gets a mail naming the case, the task and its date (nothing about the subject),
 * and the case waits until every task is confirmed with who, when and how. Until then the owners are reminded
 * before the date, and the officer is told once it has passed and again while it stays so.
 */
import type { CaseFile } from '../../activities/cases';
import type { Deadline } from '../../lib/deadlines';
import { mail } from './activities';
import { watchDeadline } from './deadline-watch';
import type { CaseState, ClockSettings, Task } from './kit';
import type { caseRun } from './run';

export type NewTask = Pick<Task, 'partyId' | 'action'>;

interface TaskContext {
  reference: string;
  settings: ClockSettings;
  holidays: CaseFile['holidays'];
  run: ReturnType<typeof caseRun>;
  state: CaseState;
}

export async function carryOut(
  { reference, settings, holidays, run, state }: TaskContext,
  tasks: NewTask[],
  due: Deadline,
): Promise<void> {
  state.stage = 'carrying-out';
  await run.flush();
  const dueAt = due.dueAt.toISOString();
  const batch = tasks.map(({ partyId, action }) => {
    const task = { number: state.tasks.length + 1, partyId, action, dueAt, done: false };
    state.tasks.push(task);
    return task;
  });
  for (const task of batch) {
    await mail.assignTask({ reference, key: `${reference}/task/${task.number}`, ...task });
    run.note(`task ${task.number} given to its data owner: ${task.action}`);
  }
  const done = () => batch.every((task) => task.done);
  await Promise.all([run.until(done), watchTasks({ reference, batch, due, settings, holidays, done })]);
}

/** Reminders to the data owners of a batch of tasks before it is due, escalation to the officer after. */
function watchTasks(watch: {
  reference: string;
  batch: Task[];
  due: Deadline;
  settings: ClockSettings;
  holidays: CaseFile['holidays'];
  done: () => boolean;
}) {
  const { reference, batch, due, settings } = watch;
  return watchDeadline({
    reference,
    deadline: () => due,
    reminders: settings.reminders,
    escalateEvery: settings.escalateEvery,
    holidays: watch.holidays,
    closed: watch.done,
    nextStep: () => ({ step: 'confirm-tasks', command: `privacyloket case ${reference}` }),
    startedAt: new Date(),
    onAlarm: () => undefined,
    onSchedule: () => undefined,
    send: async (kind, at) => {
      const open = batch.filter((task) => !task.done);
      const mailed = { reference, dueAt: due.dueAt.toISOString(), at, next: { step: 'confirm-tasks' } };
      const key = `${reference}/task-${kind}/${at}`;
      if (kind === 'escalation') {
        const tasks = open.map((t) => t.number);
        await mail.mailStaff({ ...mailed, to: 'officer', template: 'task-overdue', key, tasks });
      }
      for (const task of kind === 'reminder' ? open : []) {
        const to = { partyId: task.partyId };
        const template = 'task-reminder';
        await mail.mailStaff({ ...mailed, to, template, key: `${key}/${task.number}`, tasks: [task.number] });
      }
      return kind === 'reminder' ? 'data owners' : 'officer';
    },
  });
}

/**
 * A closed request's own case file is the evidence that the request was handled (AVG art. 5(2), 17(3)(e)): kept for
 * the period of its process's policy settings (`requestFiles`), counted from the close, then destroyed whole by a
 * retention schedule of its own (`case-file:<process>`, lib/case-file.ts), which a legal hold postpones. A process
 * whose settings have `requestFiles` keeps its files with one line: `return keepCaseFile(kase, await kase.main(…))`.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild, WorkflowIdReusePolicy } from '@temporalio/workflow';
import { amsterdamDate } from '../../lib/calendar';
import { database } from './activities';
import type { Case, CaseResult } from './kit';

export async function keepCaseFile(kase: Case, closed: CaseResult): Promise<CaseResult> {
  // Registered once per case: a retried activity, or a replay, finds the same schedule.
  const { schedule, dueAt } = await database.keepCaseFile({
    reference: kase.reference,
    closedAt: closed.closedAt,
  });
  try {
    // Workflow id = the schedule's reference; it outlives this case's workflow, which ends now.
    await startChild('retention', {
      workflowId: schedule,
      args: [{ reference: schedule }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
  } catch (error) {
    // The worker's reconciliation started it first: its row was committed a moment before.
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  await database.caseFileScheduleStarted(schedule);
  kase.run.note(`case file kept until ${amsterdamDate(new Date(dueAt))}: ${schedule}`);
  return closed;
}

/**
 * A health check that exercises the whole platform without touching a case: the client's encryption, the
 * server, the worker, a deadline computed inside the workflow sandbox, a durable timer, and an activity that
 * appends to the audit trail. `privacyloket status` runs it; the tests use it to prove the harness.
 */
import { defineQuery, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { computeDeadline } from '../lib/deadlines';
import type { Duration } from '../lib/durations';

export interface PlatformCheckInput {
  /** Handed back unchanged: proves a value survives the round trip (encrypted on the way). */
  echo: string;
  /** When set, the workflow first waits for the deadline of `period` counted from `receivedAt`. */
  wait?: { receivedAt: string; period: Duration };
}

export interface PlatformCheckResult {
  echo: string;
  dueAt: string | null;
  wokeAt: string;
  auditEventId: number;
}

export type PlatformCheckStatus = 'waiting' | 'recording' | 'done';
export const platformCheckStatus = defineQuery<PlatformCheckStatus>('platformCheckStatus');

const { appendAuditEvent } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 5 },
});

export async function platformCheck(input: PlatformCheckInput): Promise<PlatformCheckResult> {
  let status: PlatformCheckStatus = 'waiting';
  setHandler(platformCheckStatus, () => status);

  const dueAt = input.wait ? computeDeadline(new Date(input.wait.receivedAt), input.wait.period).dueAt : null;
  // Inside a workflow, Date is Temporal's deterministic clock: advanced by the server, skipped in tests.
  const remaining = dueAt ? dueAt.getTime() - new Date().getTime() : 0;
  if (remaining > 0) await sleep(remaining);

  status = 'recording';
  const event = await appendAuditEvent({
    type: 'platform.checked',
    actor: 'system',
    data: { workflowId: workflowInfo().workflowId, dueAt: dueAt?.toISOString() ?? null },
  });
  status = 'done';
  return {
    echo: input.echo,
    dueAt: dueAt?.toISOString() ?? null,
    wokeAt: new Date().toISOString(),
    auditEventId: event.id,
  };
}

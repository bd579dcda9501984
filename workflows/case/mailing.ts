/**
 * The case kit's mailing: one letter to each of a case's many people (a breach's affected people, AVG art. 34(1),
 * (2); a transfer's, Buurderij art. 25 lid 2), as a child workflow of the case. The people are sent to in batches, a
 * few batches at a time (a sliding window), each batch an activity that heartbeats; the history stays small by
 * starting afresh (`continueAsNew`) long before Temporal's limits (51,200 events, 2,000 pending activities). The
 * workflow holds person ids and numbers only. A worker that dies mid-batch leaves the batch to be run again by
 * another: its letters are stored and mailed under their keys, so nobody gets a second letter.
 */
import { continueAsNew, patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities, MailingBatch, MailingCounts } from '../../activities';
import type { LetterKind } from '../../policies/schema';
import { database } from './activities';

export interface MailingInput {
  reference: string;
  /** The letter each person gets; its process's prefix names the case's record of the outcome. */
  letter: LetterKind;
  /** Where a run continued from: every person up to this id has had their batch. */
  afterId?: number;
  /** People per batch. */
  batchSize?: number;
  /** Batches at once: enough to keep Chromium's pages and the mail server busy. */
  window?: number;
  /** Batches per run before the history starts afresh (about 6 events each). */
  batchesPerRun?: number;
}

/** The child's workflow id: one mailing per case (no personal data: the case's reference). */
export const mailingId = (reference: string) => `${reference}/letters`;

/**
 * A batch prints, stores and mails some 50 letters: minutes at most, a heartbeat with every letter. A worker that
 * dies is noticed by the missing heartbeat and the batch goes to another; a mail server away is tried again, and
 * after a day its letters are undeliverable (the activity decides that, see activities/letters.ts `givesUp`).
 */
const sending = proxyActivities<Activities>({
  startToCloseTimeout: '15 minutes',
  heartbeatTimeout: '20 seconds',
  scheduleToCloseTimeout: '2 days',
  retry: {
    initialInterval: '2 seconds',
    maximumInterval: '10 minutes',
    nonRetryableErrorTypes: ['invalid-input', 'invalid-config', 'not-found', 'tool-missing', 'audit-broken'],
  },
});

/** Batches planned at a time: ids only, a few kilobytes. */
const PLAN_AHEAD = 20;

export async function caseMailing({
  reference,
  letter,
  afterId = 0,
  ...tuning
}: MailingInput): Promise<MailingCounts> {
  const { batchSize = 50, window = 10, batchesPerRun = 500 } = tuning;
  // A breach's mailing started before the kit had one called its activities by the breach's names.
  const [plan, send, finish] = patched('case-mailing')
    ? [database.planMailing, sending.sendMailingBatch, sending.finishMailing]
    : [database.planBreachMailing, sending.sendBreachLetters, sending.finishBreachMailing];
  const planned: MailingBatch[] = [];
  const running = new Set<Promise<unknown>>();
  let cursor = afterId;
  let started = 0;
  let more = true;
  while (more && started < batchesPerRun && !workflowInfo().continueAsNewSuggested) {
    if (planned.length === 0) {
      const batches = Math.min(PLAN_AHEAD, batchesPerRun - started);
      planned.push(...(await plan({ reference, afterId: cursor, size: batchSize, batches })));
    }
    const batch = planned.shift();
    if (!batch) {
      more = false;
      break;
    }
    while (running.size >= window) await Promise.race(running);
    const batchDone: Promise<unknown> = send({ reference, ...batch }).finally(() =>
      running.delete(batchDone),
    );
    running.add(batchDone);
    cursor = batch.to;
    started++;
  }
  await Promise.all(running);
  // Every batch up to `cursor` is done: the next run (of this same workflow type) goes on from there.
  if (more) return continueAsNew<typeof caseMailing>({ reference, letter, afterId: cursor, ...tuning });

  const counts = await finish({ reference });
  const { caseId } = await database.loadCase(reference);
  const process = letter.slice(0, letter.indexOf('-')); // breach-subject-notice: breach.letters-sent
  await database.recordProgress({
    key: `${reference}/${letter}/letters-sent`,
    caseId,
    actor: 'system',
    event: { type: `${process}.letters-sent`, data: { ...counts } },
    evidence: { ...counts, at: new Date().toISOString() },
  });
  return counts;
}

/**
 * The activity profiles every process uses, by the kind of work. Errors our own code marks permanent (bad input,
 * an unknown case, a missing program) are never retried; everything else is retried with backoff, for a
 * bounded time: a case whose work still fails then fails visibly (the officer is told) instead of retrying
 * for ever.
 */
import { proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { Activities } from '../../activities';

const PERMANENT = ['invalid-input', 'invalid-config', 'not-found', 'tool-missing', 'audit-broken'];

/** Reading and recording a case: quick, and worth retrying while the database is briefly away. */
const DATABASE: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '1 second', maximumInterval: '5 minutes', nonRetryableErrorTypes: PERMANENT },
};

/** Printing a letter with Chromium (and encrypting it with qpdf). */
const RENDERING: ActivityOptions = {
  startToCloseTimeout: '2 minutes',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes', nonRetryableErrorTypes: PERMANENT },
};

/**
 * Mail keeps trying while the mail server is away: the outbox key makes each attempt safe. A refusal (5xx) is
 * handled by the activity itself (the letter is marked undeliverable), as is a server away for a day.
 */
const MAIL: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '2 days',
  retry: { initialInterval: '10 seconds', maximumInterval: '10 minutes', nonRetryableErrorTypes: PERMANENT },
};

export const database = proxyActivities<Activities>(DATABASE);
export const rendering = proxyActivities<Activities>(RENDERING);
export const mail = proxyActivities<Activities>(MAIL);

/**
 * The record of one case's run, shared by every process: its history, its audit events and case changes written
 * in order, its letters produced, delivered and followed until each has gone out. Update handlers only queue
 * work (they cannot wait on activities); the main line writes it with `flush`, or waits with `until` while
 * writing whatever the officer's updates queue meanwhile.
 */
import { condition, setHandler } from '@temporalio/workflow';
import type { CaseProgress, LetterRequest } from '../../activities';
import type { LetterKind } from '../../policies/schema';
import { database, mail, rendering } from './activities';
import {
  letterPostedUpdate,
  resendLetterUpdate,
  validateLetterPosted,
  validateResend,
  waitingLetter,
  waitsForOfficer,
  type CaseLetter,
  type CaseStatus,
  type HistoryEntry,
  type LetterPosted,
  type LetterResend,
} from './messages';

type Change = Pick<CaseProgress, 'dueAt' | 'closed' | 'letter' | 'task' | 'destruction'>;
type Delivery = { letter: CaseLetter; via?: 'mail' | 'post'; key: string };

/** `carried`: where the previous run of a case that continued as new had come to. */
export function caseRun(
  reference: string,
  caseId: number,
  carried?: { history: HistoryEntry[]; letters: CaseLetter[]; recorded: number },
) {
  const history: HistoryEntry[] = carried?.history ?? [];
  const letters: CaseLetter[] = carried?.letters ?? [];
  const progress: CaseProgress[] = [];
  const outgoing: (Omit<LetterRequest, 'reference' | 'key'> | Delivery)[] = [];
  let recorded = carried?.recorded ?? 0;

  const note = (event: string, by = 'system') => history.push({ at: new Date().toISOString(), event, by });

  /** An audit event (with the case change it makes); `evidence` is kept in full in the case's records. */
  function record(
    type: string,
    by: string,
    data: Record<string, unknown> = {},
    change: Change = {},
    evidence?: Record<string, unknown>,
  ) {
    progress.push({
      key: `${reference}/progress/${++recorded}`,
      caseId,
      actor: by,
      event: { type, data },
      ...change,
      ...(evidence ? { evidence } : {}),
    });
  }

  async function deliver({ letter, via, key }: Delivery) {
    const { status } = await mail.deliverLetter({ letterId: letter.letterId, key, via });
    // Histories recorded before letters had a status answered without one: those letters went out.
    letter.status = status ?? 'sent';
    note(`letter ${letter.kind}: ${letter.status}`);
  }

  /**
   * Renders a letter of `kind` (stored once under its key) and delivers it: to the party `partyId` names (a
   * recipient), or else to the subject or their representative.
   */
  async function sendLetter(
    kind: LetterKind,
    details?: Record<string, unknown>,
    appendDocumentId?: number,
    partyId?: number,
  ) {
    const key = `${reference}/${kind}/${letters.filter((l) => l.kind === kind).length + 1}`;
    const to = partyId === undefined ? {} : { partyId };
    const stored = await rendering.produceLetter({ reference, kind, key, details, appendDocumentId, ...to });
    const letter: CaseLetter = { kind, key, letterId: stored.letterId, status: 'pending' };
    letters.push(letter);
    await deliver({ letter, key });
  }

  async function flush() {
    while (progress.length > 0) await database.recordProgress(progress[0]!).then(() => progress.shift());
    while (outgoing.length > 0) {
      const next = outgoing.shift()!;
      if ('letter' in next) await deliver(next);
      else await sendLetter(next.kind, next.details, next.appendDocumentId, next.partyId);
    }
  }

  const pending = () => progress.length > 0 || outgoing.length > 0;

  /**
   * Writes what the officer's updates queue until `done()` holds. With `timeoutAt`, gives up at that moment and
   * returns false (a timer in the history); without it, waits as long as it takes.
   */
  async function until(done: () => boolean, timeoutAt?: () => Date | undefined): Promise<boolean> {
    for (;;) {
      await flush();
      if (done()) return true;
      const at = timeoutAt?.();
      if (at === undefined) await condition(() => pending() || done());
      else {
        const wait = at.getTime() - new Date().getTime();
        if (wait <= 0 || !(await condition(() => pending() || done(), wait))) return false;
      }
    }
  }

  /** Awaits `work` (a child workflow: minutes) while writing what the officer's updates queue meanwhile. */
  async function during<T>(work: Promise<T>): Promise<T> {
    let done = false;
    const [result] = await Promise.all([work.finally(() => (done = true)), until(() => done)]);
    return result;
  }

  /** The officer's letter updates: a letter posted by hand, or sent again (by mail or by post). */
  function acceptLetterUpdates(status: () => CaseStatus) {
    setHandler(
      letterPostedUpdate,
      (input) => {
        const letter = waitingLetter(letters, input.kind, 'queued-for-post');
        letter.status = 'posted';
        note(`letter ${letter.kind}: posted`, input.by);
        record(
          'letter.posted',
          input.by,
          { letterId: letter.letterId, kind: letter.kind },
          {
            letter: { id: letter.letterId, status: 'posted' },
          },
        );
        return status();
      },
      { validator: (input: LetterPosted) => validateLetterPosted(letters, input) },
    );
    setHandler(
      resendLetterUpdate,
      (input) => {
        const letter = waitingLetter(letters, input.kind, 'undeliverable');
        letter.status = 'pending';
        const attempt = history.filter((entry) => entry.event.startsWith(`resend ${letter.key}`)).length + 1;
        note(`resend ${letter.key} by ${input.via}`, input.by);
        record('letter.resend-requested', input.by, { letterId: letter.letterId, via: input.via });
        outgoing.push({ letter, via: input.via, key: `${letter.key}/resend/${attempt}` });
        return status();
      },
      { validator: (input: LetterResend) => validateResend(letters, input) },
    );
  }

  return {
    history,
    letters,
    /** How many progress events were recorded: a run that continues as new carries the count on. */
    recorded: () => recorded,
    note,
    record,
    sendLetter,
    /** A letter asked for by an update; the main line sends it at its next `flush`. */
    queueLetter: (kind: LetterKind, details?: Record<string, unknown>) => outgoing.push({ kind, details }),
    flush,
    until,
    during,
    acceptLetterUpdates,
    /** Every letter has gone out (mailed, or posted by the officer). */
    lettersSettled: () => !letters.some(waitsForOfficer) && !pending(),
  };
}

/** The shapes the case kit (`kit.ts`) and its parts share. */
import type { Deadline } from '../../lib/deadlines';
import type { Duration } from '../../lib/durations';
import type { CaseLetter, HistoryEntry, NextStep } from './messages';
import type { Decided, ExtensionRequest, IdentityVerification } from './updates';

export interface CaseInput {
  reference: string;
  /** A case that runs for years continues as new now and then (`kase.continueAsNew`): what it had come to. */
  carried?: Carried;
}

/** What a case carries into its next run: the kit's state, its record's place, and the process's own state. */
export interface Carried {
  state: CaseState;
  history: HistoryEntry[];
  letters: CaseLetter[];
  /** How many progress events were recorded: their keys go on from here, so none is written twice. */
  recorded: number;
  partyBatches: number;
  own: Record<string, unknown>;
}

export interface CaseResult {
  reference: string;
  outcome: string;
  closedAt: string;
}

/** The settings every process with a clock has (policies/schema.ts `timedShape`), and the rights processes' own. */
export interface ClockSettings {
  period: Duration;
  reminders: Duration[];
  escalateEvery: Duration;
  fourEyes: boolean;
  /** Art. 12(3): the policy's extension, at most (and by default) 2 further months. */
  extension?: Duration;
  /** Art. 12(6): how long a requester has to answer a request for information about their identity. */
  identityWait?: Duration;
}

export interface CaseOptions {
  /**
   * The reminders and escalation of a process whose policy sets none (a transfer: its deadline, the last day for
   * its notices, comes from its start's own clock).
   */
  alarms?: { reminders: Duration[]; escalateEvery: Duration };
  /** The stage once the decision holds (approved, when the policy wants four eyes). */
  decided: string;
  /** The stage a verified identity leads to: `deciding`, unless the process hears others first. */
  afterIdentity?: (input: IdentityVerification & { verified: true }) => string;
  /** The process's words for its own stages' next steps; the kit knows the shared ones. */
  next?: (stage: string) => NextStep | undefined;
  /**
   * Whether what the case's deadline asks for is done while the case stays open for steps with deadlines of
   * their own (a care file's three months, art. 7:455 BW): the case's reminders and escalations then stop.
   */
  deadlineMet?: (state: CaseState) => boolean;
  /**
   * False when the due date is when the case's own next step begins rather than an answer owed (data kept until
   * then go to their data owner, whose task has a watch of its own): the officer is reminded before it, and
   * management is not told the case is overdue.
   */
  escalates?: boolean;
  /** The process's own check of an extension, beside the kit's (an objection to direct marketing has none). */
  checkExtension?: () => void;
  /** What the status shows of the process's own state beside the kit's (a breach's clocks and notifications). */
  details?: () => Record<string, unknown>;
  /** Called after every officer update is applied: a process whose stage follows from its own state sets it here. */
  afterUpdate?: () => void;
}

export interface Task {
  number: number;
  partyId: number;
  /** What to do, without personal data: the task mail and the officer's list show it. */
  action: string;
  dueAt: string;
  done: boolean;
  /** When, by whom and how the data owner carried it out, as confirmed (the confirmation letter says so). */
  doneAt?: string;
  doneBy?: string;
  how?: string;
}

/** What the kit keeps of every case; a process adds its own beside it. */
export interface CaseState {
  deadline: Deadline;
  stage: string;
  identity: IdentityVerification | null;
  /** When the letter asking for more information about the requester's identity went out. */
  identityRequestedAt?: string;
  extension: (ExtensionRequest & { previousDueAt: string }) | null;
  decision: Decided | null;
  /** The final letter is on its way: nothing is decided or extended any more. */
  answered: boolean;
  tasks: Task[];
}

/** One step an officer's update records (`acceptRecorded`): the history's note and the evidence in full. */
export interface RecordedStep {
  type: string;
  note: string;
  /** Kept in full in the case's records; may hold personal data. */
  evidence: Record<string, unknown>;
  /** What the audit event carries: references, dates and outcomes only. */
  data?: Record<string, unknown>;
  /** The case's deadline moved with this step. */
  dueAt?: string;
}

/**
 * The legal processes of SPEC "The processes", one Temporal workflow each, and the registry the CLI, the start
 * service and the letter pipeline read instead of naming processes: per process its workflow, its reference
 * prefix, its name in letters and mails, its start schema (the fields `start` takes beyond those every case
 * has), its letters, its decision and its default period. A new process is a workflow file, its templates, its
 * start schema and an entry here.
 */
import type { UpdateDefinition } from '@temporalio/common';
import type { Policy } from '../policies/schema';
import type { Duration } from './durations';

export const PROCESSES = [
  'access', // inzageverzoek
  'rectification', // correctie, aanvulling, afscherming
  'erasure', // verwijdering, vernietiging
  'objection', // verzet
  'breach', // datalek
  'applicant', // sollicitatiegegevens
  'retention', // bewaartermijnen
  'intake', // informatie bij aanvang
  'transfer', // overdracht van de verwerking
] as const;
export type Process = (typeof PROCESSES)[number];

/**
 * A flag of a process's `start` (the same name as a key of its `--input` file), declared as the CLI declares its
 * flags (`cli/command.ts`): the help and the parsing come from it.
 */
export interface StartField {
  readonly name: string;
  /** `string` takes a value; `list` one each time it is given (a JSON array in `--input`); `boolean` none. */
  readonly type: 'string' | 'list' | 'boolean';
  /** What the value is, in the usage line: `--policy <id>`. */
  readonly value?: string;
  readonly description: string;
  readonly example?: string;
  readonly values?: readonly string[];
  readonly required?: true | { readonly unless: string } | { readonly when: string };
}

export interface ProcessEntry {
  /** The workflow type that runs the process's cases (workflow id = case reference). */
  workflow: string;
  /** The process as letters and staff mails name it. */
  names: { nl: string; en: string };
  /** The law's period for the whole answer (art. 12(3) for the rights); a policy may shorten it. */
  period?: Duration;
  /** Every letter kind the process sends (the policy's delivery may name each). */
  letters: readonly string[];
  /**
   * What `start` takes beyond the fields every case has, and its check into the request's details (against the
   * case's policy: the data categories an erasure request names must be the policy's).
   */
  start?: {
    fields: readonly StartField[];
    check(input: Record<string, unknown>, policy: Policy, now: Date): Record<string, unknown>;
    /** What `<process> start --help` says happens, when it is not a request's acknowledgement and deadline. */
    details?: string;
    /** A case about no one person (a breach, a dossier's retention): no requester's name, address or channel. */
    withoutSubject?: true;
    /**
     * The process's own moments instead of `--received` and the policy's period, both from the checked request:
     * when the case came in, and when it is due (a breach's 72 hours from awareness; an applicant's destruction
     * four weeks after the procedure ended; a retention period from its own event).
     */
    clock?: {
      received(request: Record<string, unknown>, now: Date): Date;
      dueAt(request: Record<string, unknown>, policy: Policy): Date;
    };
  };
  /**
   * The case's file is kept as the evidence that the request was handled (art. 5(2), 17(3)(e)) after the data it
   * was about are gone: every view of it is logged (`case.viewed`).
   */
  viewsLogged?: boolean;
  /** The officer's decision: its update, and an example of its JSON (`<process> decide --input`). */
  decide?: ProcessUpdate;
  /** The process's own further updates, by verb (`rectification lift-restriction`). */
  verbs?: Record<string, ProcessUpdate>;
}

/** An officer's update a process defines, sent from `privacyloket <process> <verb> --input file.json`. */
export interface ProcessUpdate {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each process's own input type
  update: UpdateDefinition<any, [any]>;
  summary: string;
  /** The JSON the officer writes, as an example (`by` is added from `--by`). */
  example: Record<string, unknown>;
  /** The file's keys as the officer types them (`legal-claims`), and the update's input made from it. */
  input?: { keys: readonly string[]; read(file: Record<string, unknown>): object };
  /**
   * Flags instead of a JSON file (`breach notified --ap-reference … --at …`; `--input` then takes the same keys),
   * and the update's input made from their values.
   */
  flags?: { fields: readonly StartField[]; read(values: Record<string, unknown>): object };
}

/**
 * The processes that run as workflows today, each loaded when first asked for (a command that needs none of
 * them does not wait for their messages).
 */
const REGISTRY: Partial<Record<Process, () => Promise<ProcessEntry>>> = {
  access: async () => (await import('../workflows/access-request-messages')).ACCESS,
  rectification: async () => (await import('../workflows/rectification-messages')).RECTIFICATION,
  erasure: async () => (await import('../workflows/erasure-messages')).ERASURE,
  objection: async () => (await import('../workflows/objection-messages')).OBJECTION,
  breach: async () => (await import('../workflows/breach-messages')).BREACH,
  applicant: async () => (await import('../workflows/applicant-messages')).APPLICANT,
  intake: async () => (await import('../workflows/intake-messages')).INTAKE,
  retention: async () => (await import('../workflows/retention-messages')).RETENTION,
  transfer: async () => (await import('../workflows/transfer-messages')).TRANSFER,
};

export const registeredProcesses = (): Process[] => Object.keys(REGISTRY) as Process[];

/** The registered process named `name`, or undefined. */
export async function processEntry(name: string): Promise<ProcessEntry | undefined> {
  return (REGISTRY as Record<string, (() => Promise<ProcessEntry>) | undefined>)[name]?.();
}

/** Case references as Dutch officers say them: INZ-2026-0001 is this year's first inzageverzoek. */
export const REFERENCE_PREFIXES: Record<Process, string> = {
  access: 'INZ', // inzage
  rectification: 'COR', // correctie, aanvulling, afscherming
  erasure: 'VER', // verwijdering
  objection: 'BZW', // bezwaar (verzet)
  breach: 'LEK', // datalek
  applicant: 'SOL', // sollicitatiegegevens
  retention: 'BEW', // bewaartermijn
  intake: 'INF', // informatie bij aanvang
  transfer: 'OVD', // overdracht
};

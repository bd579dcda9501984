/**
 * The legal processes of SPEC "The processes", one Temporal workflow each, and the registry the CLI, the start
 * service and the letter pipeline read instead of naming processes: per process its workflow, its reference
 * prefix, its name in letters and mails, its start schema (the fields `start` takes beyond those every case
 * has), its letters, its decision and its default period. A new process is a workflow file, its templates, its
 * start schema and an entry here.
 */
import type { UpdateDefinition } from '@temporalio/common';
import { ACCESS } from '../workflows/access-request-messages';
import { OBJECTION } from '../workflows/objection-messages';
import type { CaseStatus } from '../workflows/case/messages';
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

/** A flag of a process's `start` (the same name as a key of its `--input` file). */
export interface StartField {
  name: string;
  description: string;
  example: string;
  /** A flag without a value; in `--input`, true or false. */
  boolean?: boolean;
  /** Given more than once on the command line; a JSON array in `--input`. */
  multiple?: boolean;
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
  /** What `start` takes beyond the fields every case has, and its check into the request's details. */
  start?: {
    fields: readonly StartField[];
    check(input: Record<string, unknown>): Record<string, unknown>;
  };
  /** The officer's decision: its update, and an example of its JSON (`<process> decide --input`). */
  decide?: {
    update: UpdateDefinition<CaseStatus, [object]>;
    example: object;
    /** The keys of its `--input` file (as the officer types them), and the update's input made from it. */
    input?: { keys: readonly string[]; read(file: Record<string, unknown>): object };
  };
}

/** The processes that run as workflows today; the others are in the policy, and follow. */
export const REGISTRY: Partial<Record<Process, ProcessEntry>> = {
  access: ACCESS,
  objection: OBJECTION,
};

/** The registered process named `name`, or undefined. */
export const processEntry = (name: string): ProcessEntry | undefined =>
  (REGISTRY as Record<string, ProcessEntry | undefined>)[name];

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

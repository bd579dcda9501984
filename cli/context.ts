/**
 * A command run for someone other than a terminal: the desk runs the same command declarations for a logged-in
 * user, with the desk's open database and Temporal client, and takes the command's answer and warnings as data
 * instead of printed lines. Outside such a run (the `privacyloket` binary) there is no context.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Client } from '@temporalio/client';
import type { Db } from '../db';
import type { Config } from '../services/config';

export interface CommandContext {
  db: Db;
  config: Config;
  client: Client | undefined;
  /** The desk user's username: a case they register is theirs (`cases.assignee`). */
  user: string;
  /** What the command would print: its `--json` object. */
  answer(value: object): void;
  /** A warning the command would print on stderr, as one sentence. */
  warn(sentence: string): void;
}

const storage = new AsyncLocalStorage<CommandContext>();

export const commandContext = (): CommandContext | undefined => storage.getStore();

export const runInContext = <T>(context: CommandContext, run: () => Promise<T>): Promise<T> =>
  storage.run(context, run);

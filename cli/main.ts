/**
 * `privacyloket`: thin on purpose. Each command parses and validates its flags, calls the client or a query,
 * and prints. Exit codes: 0 success, 1 failure (a broken audit chain, a server that does not answer), 2 bad
 * input, an unknown policy or case, or bad configuration — always with one sentence naming what is wrong.
 */
import { BUSY_TIMEOUT_MS } from '../db';
import { PrivacyloketError } from '../lib/errors';
import { access } from './commands/access';
import { audit } from './commands/audit';
import { caseCommand } from './commands/case';
import { cases } from './commands/cases';
import {
  approve,
  decide,
  extend,
  posted,
  resend,
  thirdPartyViews,
  verifyIdentity,
} from './commands/decisions';
import { letter } from './commands/letter';
import { deadline } from './commands/deadline';
import { policy } from './commands/policy';
import { processCommand } from './commands/process';
import { status } from './commands/status';

export interface Command {
  usage: string;
  summary: string;
  /** Returns the exit code. */
  run(args: string[]): number | Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  access,
  objection: processCommand('objection'),
  cases,
  case: caseCommand,
  letter,
  'verify-identity': verifyIdentity,
  'third-party-views': thirdPartyViews,
  decide,
  approve,
  extend,
  posted,
  resend,
  deadline,
  policy,
  audit,
  status,
};

function help(): string {
  const lines = Object.values(COMMANDS).map((command) => `  ${command.usage.padEnd(72)} ${command.summary}`);
  return ['Usage: privacyloket <command> [flags] [--json]', '', 'Commands:', ...lines].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    console.log(help());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  try {
    if (!command)
      throw new PrivacyloketError('invalid-input', `Unknown command '${name}'; run privacyloket help.`);
    if (args.includes('--help') || args.includes('-h')) {
      console.log(`Usage: privacyloket ${command.usage}\n\n${command.summary}`);
      return 0;
    }
    return await command.run(args);
  } catch (caught) {
    const error = known(caught);
    if (!error) throw caught;
    console.error(`privacyloket: ${error.message}${/[.!?]$/.test(error.message) ? '' : '.'}`);
    return ['invalid-input', 'invalid-config', 'not-found'].includes(error.code) ? 2 : 1;
  }
}

/** Our own errors, and the database's "busy" after its wait, as one sentence; anything else is a bug to report. */
function known(error: unknown): PrivacyloketError | undefined {
  if (error instanceof PrivacyloketError) return error;
  const { code } = error as { code?: string };
  if (code === 'SQLITE_BUSY') {
    return new PrivacyloketError(
      'unavailable',
      `The database stayed busy for ${BUSY_TIMEOUT_MS / 1000} seconds (another process was writing): try again.`,
    );
  }
  return undefined;
}

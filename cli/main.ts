/**
 * `privacyloket`: thin on purpose. Each command declares its arguments and flags (`command.ts` parses, checks
 * and explains them from that declaration), calls the client or a query, and prints. Exit codes: 0 success,
 * 1 failure (a broken audit chain, a server that does not answer), 2 bad input, an unknown policy or case, or
 * bad configuration — always with one sentence naming what is wrong.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exitCode, PrivacyloketError } from '../lib/errors';
import { registeredProcesses, type Process } from '../lib/processes';
import { runCommand, type Command } from './command';
import { commandHelp, overview } from './help';
import { localiseDates } from './output';
import { didYouMean } from './suggest';

/**
 * Every command by name, one word or two for a family (`access start`, `policy check`), loaded only when it is
 * run or its help is asked for: a command does not wait for the libraries of the others.
 */
/** The verbs every registered process has (`privacyloket erasure decide`): `commands/process.ts`. */
const PROCESS_VERBS = ['start', 'verify-identity', 'decide', 'approve', 'extend', 'advise', 'confirm-task'];

/** A process about no one person (a breach) has no identity to verify, no extension, no tasks. */
const SHARED_VERBS: Partial<Record<Process, string[]>> = {
  breach: ['start', 'decide', 'advise'],
  applicant: ['start', 'confirm-task'],
  retention: ['start', 'confirm-task'],
  intake: ['start'],
  // A transfer's start imports its people with the case (`transfer start` below).
  transfer: ['advise'],
};

const processCommand = (process: Process, verb: string) => async () =>
  (await (await import('./commands/process')).processCommand(process, verb))!;

export const COMMANDS: Record<string, () => Promise<Command>> = {
  ...Object.fromEntries(
    registeredProcesses().flatMap((process) =>
      (SHARED_VERBS[process] ?? PROCESS_VERBS).map((verb) => [
        `${process} ${verb}`,
        processCommand(process, verb),
      ]),
    ),
  ),
  'breach recommend': async () => (await import('./commands/breach-recommend')).breachRecommend,
  'breach people': async () => (await import('./commands/breach-people')).breachPeople,
  'breach preview-letter': async () => (await import('./commands/breach-preview-letter')).breachPreviewLetter,
  'breach post-letters': async () => (await import('./commands/breach-post-letters')).breachPostLetters,
  'breach notification': async () => (await import('./commands/breach-notification')).breachNotification,
  'breach announcement': async () => (await import('./commands/breach-announcement')).breachAnnouncement,
  'breach log': async () => (await import('./commands/breach-log')).breachLog,
  'applicant consent': async () => (await import('./commands/applicant')).applicantConsent,
  'transfer start': async () => (await import('./commands/transfer')).transferStart(),
  'transfer objection': async () => (await import('./commands/transfer')).transferObjection,
  'transfer people': async () => (await import('./commands/transfer')).transferPeople,
  'transfer post-letters': async () => (await import('./commands/transfer')).transferPostLetters,
  'access draft-decision': async () => (await import('./commands/access-draft-decision')).draftDecision,
  'register add-deviation': async () => (await import('./commands/register')).addDeviation,
  'register destroy-deviation': async () => (await import('./commands/register')).destroyDeviation,
  'register processing': async () => (await import('./commands/register')).processingRegister,
  'register deviations': async () => (await import('./commands/register')).deviationsRegister,
  'register destructions': async () => (await import('./commands/register')).destructionsRegister,
  'access third-party-views': async () => (await import('./commands/decisions')).thirdPartyViews,
  duties: async () => (await import('./commands/duties')).duties,
  'duty done': async () => (await import('./commands/duties')).dutyDone,
  cases: async () => (await import('./commands/cases')).cases,
  case: async () => (await import('./commands/case')).caseCommand,
  letter: async () => (await import('./commands/letter')).letter,
  'verify-identity': async () => (await import('./commands/decisions')).verifyIdentity,
  'third-party-views': async () => (await import('./commands/decisions')).thirdPartyViews,
  decide: async () => (await import('./commands/decisions')).decide,
  approve: async () => (await import('./commands/decisions')).approve,
  extend: async () => (await import('./commands/decisions')).extend,
  posted: async () => (await import('./commands/decisions')).posted,
  resend: async () => (await import('./commands/decisions')).resend,
  deadline: async () => (await import('./commands/deadline')).deadline,
  'policy list': async () => (await import('./commands/policy')).policyList,
  'policy check': async () => (await import('./commands/policy')).policyCheck,
  'audit verify': async () => (await import('./commands/audit')).auditVerify,
  status: async () => (await import('./commands/status')).status,
  'user add': async () => (await import('./commands/user')).userAdd,
  'user disable': async () => (await import('./commands/user')).userDisable,
  'user list': async () => (await import('./commands/user')).userList,
  'access-log': async () => (await import('./commands/access-log')).accessLog,
};

export function version(): string {
  const file = join(import.meta.dirname, '..', 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

export async function main(argv: string[]): Promise<number> {
  try {
    const [first] = argv;
    if (first === undefined) {
      console.log(overview(await loadAll(Object.keys(COMMANDS)), version()));
      return 2;
    }
    if (first === '--version' || first === '-V') {
      console.log(version());
      return 0;
    }
    if (first === 'help' || first === '--help' || first === '-h') {
      console.log(await help(argv.slice(1)));
      return 0;
    }
    const own = await processOwnCommand(argv);
    const { name, rest } = own ? { name: own.name, rest: argv.slice(2) } : findCommand(argv);
    const command = own ?? (await COMMANDS[name]!());
    if (rest.includes('--help') || rest.includes('-h')) {
      console.log(commandHelp(command));
      return 0;
    }
    return await runCommand(command, rest);
  } catch (caught) {
    const error = await known(caught);
    if (!error) throw caught;
    const sentence = localiseDates(error.message);
    console.error(`privacyloket: ${sentence}${/[.!?]$/.test(sentence) ? '' : '.'}`);
    return exitCode(error);
  }
}

/** `privacyloket help [command]`: every command, a family's commands, or one command in full. */
async function help(words: string[]): Promise<string> {
  if (words.length === 0) return overview(await loadAll(Object.keys(COMMANDS)), version());
  const family = familyOf(words[0]!);
  if (words.length === 1 && !COMMANDS[words[0]!] && family.length > 0)
    return overview(await loadAll(family), version());
  const own = await processOwnCommand(words);
  if (own) return commandHelp(own);
  const { name } = findCommand(words);
  return commandHelp(await COMMANDS[name]!());
}

/** Every command, each process's own verbs included: what the help lists and the desk offers as forms. */
export const allCommands = () => loadAll(Object.keys(COMMANDS));

/** The commands named, each process's own verbs (`rectification lift-restriction`) after its shared ones. */
async function loadAll(names: string[]): Promise<Command[]> {
  const commands = await Promise.all(names.map((name) => COMMANDS[name]!()));
  const { ownVerbs, processCommand } = await import('./commands/process');
  const processes = [...new Set(names.map((name) => name.split(' ')[0]!))].filter((word) =>
    registeredProcesses().includes(word as Process),
  ) as Process[];
  for (const process of processes) {
    for (const verb of await ownVerbs(process)) {
      const command = await processCommand(process, verb);
      const last = commands.findLastIndex((c) => c.name.startsWith(`${process} `));
      if (command) commands.splice(last + 1, 0, command);
    }
  }
  return commands;
}

const familyOf = (word: string) => Object.keys(COMMANDS).filter((name) => name.startsWith(`${word} `));

/** A process's own verb (`rectification lift-restriction`), which only its registry entry knows. */
async function processOwnCommand([first, second]: string[]): Promise<Command | undefined> {
  if (!second || COMMANDS[`${first} ${second}`] || !registeredProcesses().includes(first as Process))
    return undefined;
  return (await import('./commands/process')).processCommand(first as Process, second);
}

/** The command `argv` begins with (two words before one), or a sentence with the nearest commands. */
function findCommand(argv: string[]): { name: string; rest: string[] } {
  const [first, second] = argv as [string, string | undefined];
  if (second !== undefined && COMMANDS[`${first} ${second}`])
    return { name: `${first} ${second}`, rest: argv.slice(2) };
  if (COMMANDS[first]) return { name: first, rest: argv.slice(1) };
  const family = familyOf(first);
  if (family.length > 0) {
    const verbs = family.map((name) => name.split(' ')[1]!);
    throw new PrivacyloketError(
      'invalid-input',
      second === undefined || second.startsWith('-')
        ? `'${first}' needs one of: ${family.join(', ')}; run privacyloket help ${first}.`
        : `Unknown command '${first} ${second}'${didYouMean(second, verbs, (verb) => [`${first} ${verb}`])}; run privacyloket help ${first}.`,
    );
  }
  const words = [...new Set(Object.keys(COMMANDS).map((name) => name.split(' ')[0]!))];
  // A family is offered by its first command: `access start` for `acess`, not every verb of it.
  const expand = (word: string) => (COMMANDS[word] ? [word] : familyOf(word).slice(0, 1));
  throw new PrivacyloketError(
    'invalid-input',
    `Unknown command '${first}'${didYouMean(first, words, expand)}; run privacyloket help.`,
  );
}

/** Our own errors, and the database's "busy" after its wait, as one sentence; anything else is a bug to report. */
async function known(error: unknown): Promise<PrivacyloketError | undefined> {
  if (error instanceof PrivacyloketError) return error;
  const { code } = error as { code?: string };
  if (code === 'SQLITE_BUSY') {
    const { BUSY_TIMEOUT_MS } = await import('../db');
    return new PrivacyloketError(
      'unavailable',
      `The database stayed busy for ${BUSY_TIMEOUT_MS / 1000} seconds (another process was writing): try again.`,
    );
  }
  return undefined;
}

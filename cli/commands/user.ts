/**
 * `privacyloket user add|disable|list`: who may log in to the desk (services/users.ts). The password is typed
 * twice without echo in a terminal, or read as one line from standard input with --password-stdin; it never goes
 * on the command line, where other users of the machine could read it.
 */
import { userInfo } from 'node:os';
import { PrivacyloketError, invalidInput } from '../../lib/errors';
import type { DeskUser, Role } from '../../services/users';
import { defineCommand } from '../command';
import { output, table } from '../output';
import { withDb } from '../services';

const ROLE_NAMES: Record<Role, string> = {
  verantwoordelijke: 'Verantwoordelijke',
  beheerder: 'Beheerder',
  gebruiker: 'Gebruiker',
};

const username = {
  name: 'username',
  description: 'What the user types at the login: 2 to 40 lower-case letters, digits, ".", "_" or "-".',
  example: 'anna',
} as const;

async function actor(by: string | undefined): Promise<string> {
  const { actorName } = await import('../../services/cases');
  return actorName(by ?? userInfo().username);
}

export const userAdd = defineCommand({
  name: 'user add',
  summary:
    'Add a user of the desk, with a password of at least 12 characters (kept only as a scrypt hash). The first user is a Verantwoordelijke, who grants everyone else access (Buurderij art. 8 and 14).',
  details: [
    'In a terminal the password is asked twice without showing it; with --password-stdin it is read as the first line of standard input, for scripts. Roles (Buurderij art. 14): Verantwoordelijke (the Raad van Bestuur: supervision), Beheerder (the daily care of the processing), Gebruiker (the cases of their own task).',
  ],
  positionals: [username],
  flags: {
    name: {
      type: 'string',
      value: 'name',
      required: true,
      description:
        "The user's name as the audit trail and the letters show it; the four-eyes check compares it, so no two users share one.",
      example: 'Anna de Boer',
    },
    role: {
      type: 'string',
      value: 'role',
      values: ['verantwoordelijke', 'beheerder', 'gebruiker'],
      description:
        'What the user may see and do. Required for every user after the first, who is a Verantwoordelijke.',
      example: 'beheerder',
    },
    locale: {
      type: 'string',
      value: 'locale',
      values: ['nl', 'en'],
      description: 'The language of the desk for this user (default nl).',
      example: 'en',
    },
    'password-stdin': {
      type: 'boolean',
      description: 'Read the password as the first line of standard input instead of asking for it.',
    },
  },
  officer: true,
  json: 'Print the user: {"id", "username", "name", "role", "locale", "disabled"}.',
  examples: [
    'privacyloket user add anna --name "Anna de Boer"',
    'privacyloket user add bram --name "Bram Smit" --role gebruiker --locale en',
    'printf "%s\\n" "$PASSWORD" | privacyloket user add carla --name "Carla Visser" --role beheerder --password-stdin',
  ],
  async run({ args, values, by, json }) {
    const password = values['password-stdin'] ? await readLine() : await askTwice();
    const [creator, { addUser }] = await Promise.all([actor(by), import('../../services/users')]);
    const user = await withDb((db) =>
      addUser(db, {
        username: args.username,
        name: values.name,
        role: values.role as Role | undefined,
        locale: values.locale as 'nl' | 'en' | undefined,
        password,
        by: creator,
      }),
    );
    output(
      json,
      user,
      () =>
        `Created ${ROLE_NAMES[user.role]} ${user.username} (${user.name}). Log in at the desk (npm start prints its address).`,
    );
    return 0;
  },
});

export const userDisable = defineCommand({
  name: 'user disable',
  summary:
    'Stop a user from logging in to the desk; their sessions end at once. What they did stays in the audit trail and the access log under their name.',
  details: [
    'The last Verantwoordelijke who can log in cannot be disabled: add another one first, since only a Verantwoordelijke grants access.',
  ],
  positionals: [username],
  flags: {},
  officer: true,
  json: 'Print the user: {"id", "username", "name", "role", "locale", "disabled"}.',
  examples: ['privacyloket user disable bram'],
  async run({ args, by, json }) {
    const [disabler, { disableUser }] = await Promise.all([actor(by), import('../../services/users')]);
    const user = await withDb((db) => disableUser(db, args.username, disabler));
    output(
      json,
      user,
      () => `Disabled ${user.username} (${user.name}): they can no longer log in to the desk.`,
    );
    return 0;
  },
});

export const userList = defineCommand({
  name: 'user list',
  summary: 'List the users of the desk: username, name, role, language and whether they can log in.',
  flags: {},
  json: 'Print {"users": [user, …]}, each {"id", "username", "name", "role", "locale", "disabled"}.',
  examples: ['privacyloket user list', 'privacyloket user list --json'],
  async run({ json }) {
    const { listUsers } = await import('../../services/users');
    const users = await withDb((db) => listUsers(db));
    output(json, { users }, () => usersTable(users));
    return 0;
  },
});

function usersTable(users: DeskUser[]): string {
  if (users.length === 0)
    return 'No users yet: privacyloket user add creates the first, a Verantwoordelijke.';
  return table([
    ['username', 'name', 'role', 'locale', 'state'],
    ...users.map((user) => [
      user.username,
      user.name,
      ROLE_NAMES[user.role],
      user.locale,
      user.disabled ? 'disabled' : 'enabled',
    ]),
  ]);
}

/** The first line of standard input, without its line end. */
async function readLine(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0]!;
}

/** The password typed twice in a terminal, not shown; the questions go to stderr, so that --json stays clean. */
async function askTwice(): Promise<string> {
  if (!process.stdin.isTTY) {
    throw new PrivacyloketError(
      'invalid-input',
      'A password is needed: run this in a terminal to type it, or give it as the first line of standard input with --password-stdin.',
      '--password-stdin',
    );
  }
  const first = await askHidden('Password (at least 12 characters): ');
  const again = await askHidden('The same password again: ');
  if (first !== again) throw invalidInput('The password', 'and its repetition differ: nothing was created');
  return first;
}

async function askHidden(question: string): Promise<string> {
  const [{ createInterface }, { Writable }] = await Promise.all([
    import('node:readline/promises'),
    import('node:stream'),
  ]);
  let muted = false;
  // readline echoes what is typed to its output: the question is written, the answer is swallowed.
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const reader = createInterface({ input: process.stdin, output, terminal: true });
  try {
    const answer = reader.question(question);
    muted = true;
    return await answer;
  } finally {
    reader.close();
    process.stderr.write('\n');
  }
}

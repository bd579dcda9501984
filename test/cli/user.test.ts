/**
 * `privacyloket user …` and `privacyloket access-log` as a person or a script runs them: separate processes on a
 * database that `npm start` would have set up, the password on standard input, exit codes and files as written.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../db';
import { logAccess } from '../../services/access-log';
import { loadConfig, projectRoot } from '../../services/config';
import { findUser, verifyPassword } from '../../services/users';
import { tempDir, testEnv } from '../helpers/env';
import { collect, runCli, type Ran } from '../helpers/processes';

const PASSWORD = 'correct horse battery';

/** A data folder whose database is set up, as after a first `npm start`. */
async function setUp() {
  const dataDir = tempDir();
  const env = testEnv({ PRIVACYLOKET_DATA_DIR: dataDir });
  const db = await openDb(loadConfig(env).database);
  await db.destroy();
  return { dataDir, env };
}

/** `privacyloket …` with `input` on its standard input, as a script pipes it. */
function runWithInput(args: string[], env: NodeJS.ProcessEnv, input: string): Promise<Ran> {
  const child = spawn(process.execPath, [join(projectRoot, 'bin', 'privacyloket.js'), ...args], { env });
  const ran = collect(child);
  child.stdin.end(input);
  return ran;
}

describe('privacyloket user', () => {
  it('adds the first user as a Verantwoordelijke from a password on stdin, then lists the users', async () => {
    const { env } = await setUp();
    const added = await runWithInput(
      ['user', 'add', 'anna', '--name', 'Anna de Boer', '--password-stdin', '--json', '--by', 'installer'],
      env,
      `${PASSWORD}\nnot read\n`,
    );
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const anna = JSON.parse(added.stdout) as Record<string, unknown>;
    expect(anna).toEqual({
      id: anna.id,
      username: 'anna',
      name: 'Anna de Boer',
      role: 'verantwoordelijke',
      locale: 'nl',
      disabled: false,
    });

    const bram = await runWithInput(
      [
        'user',
        'add',
        'bram',
        '--name',
        'Bram Smit',
        '--role',
        'gebruiker',
        '--locale',
        'en',
        '--password-stdin',
      ],
      env,
      `${PASSWORD}2\n`,
    );
    expect(bram.code).toBe(0);
    expect(bram.stdout.trim()).toBe(
      'Created Gebruiker bram (Bram Smit). Log in at the desk (npm start prints its address).',
    );

    const listed = await runCli(['user', 'list', '--json'], env);
    expect(listed.code).toBe(0);
    const { users } = JSON.parse(listed.stdout) as { users: Record<string, unknown>[] };
    expect(users.map((user) => [user.username, user.role, user.locale, user.disabled])).toEqual([
      ['anna', 'verantwoordelijke', 'nl', false],
      ['bram', 'gebruiker', 'en', false],
    ]);
    expect(listed.stdout).not.toContain('scrypt');

    // The password is the first line of stdin only, and is what the hash was made from.
    const db = await openDb(loadConfig(env).database);
    try {
      const row = (await db('users').where({ username: 'anna' }).first()) as { password_hash: string };
      expect(await verifyPassword(PASSWORD, row.password_hash)).toBe(true);
      expect(await findUser(db, 'bram')).toMatchObject({ name: 'Bram Smit' });
    } finally {
      await db.destroy();
    }

    const disabled = await runCli(['user', 'disable', 'bram'], env);
    expect([disabled.code, disabled.stdout.trim()]).toEqual([
      0,
      'Disabled bram (Bram Smit): they can no longer log in to the desk.',
    ]);
    const table = await runCli(['user', 'list'], env);
    expect(table.stdout.split('\n')[2]).toMatch(/^bram +Bram Smit +Gebruiker +en +disabled$/);
  });

  it('refuses a bad or missing role, and a missing password, with exit code 2 and one sentence, creating no one', async () => {
    const { env } = await setUp();
    const badRole = await runWithInput(
      ['user', 'add', 'anna', '--name', 'Anna de Boer', '--role', 'admin', '--password-stdin'],
      env,
      `${PASSWORD}\n`,
    );
    expect(badRole.code).toBe(2);
    expect(badRole.stderr.trim()).toBe(
      "privacyloket: --role must be one of verantwoordelijke, beheerder, gebruiker, got 'admin'.",
    );
    // The first user may be none but a Verantwoordelijke; a later one must be given a role.
    const notFirst = await runWithInput(
      ['user', 'add', 'anna', '--name', 'Anna de Boer', '--role', 'beheerder', '--password-stdin'],
      env,
      `${PASSWORD}\n`,
    );
    expect(notFirst.code).toBe(2);
    expect(notFirst.stderr).toMatch(
      /^privacyloket: --role is beheerder, but the first user must be a Verantwoordelijke/,
    );
    const noPassword = await runCli(['user', 'add', 'anna', '--name', 'Anna de Boer'], env);
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toMatch(/^privacyloket: A password is needed: .*--password-stdin\.\n$/);
    const short = await runWithInput(
      ['user', 'add', 'anna', '--name', 'Anna', '--password-stdin'],
      env,
      'kort\n',
    );
    expect([short.code, short.stderr.trim()]).toEqual([
      2,
      'privacyloket: password must be at least 12 characters, got 4.',
    ]);
    const list = await runCli(['user', 'list'], env);
    expect(list.stdout.trim()).toBe(
      'No users yet: privacyloket user add creates the first, a Verantwoordelijke.',
    );
  });
});

describe('privacyloket access-log', () => {
  it('writes the log as CSV to a file of mode 0600, filtered by case, and shows it as a table', async () => {
    const { dataDir, env } = await setUp();
    const db = await openDb(loadConfig(env).database);
    try {
      const at = (hour: number) => new Date(`2026-03-02T${hour}:00:00Z`);
      const base = { user: undefined, username: 'anna', what: 'case' } as const;
      await logAccess(db, { ...base, at: at(10), action: 'view', reference: 'INZ-2026-0001' });
      await logAccess(db, { ...base, at: at(11), action: 'view', reference: 'INZ-2026-0002' });
      await logAccess(db, {
        ...base,
        at: at(12),
        action: 'action',
        reference: 'INZ-2026-0001',
        what: 'access decide',
      });
    } finally {
      await db.destroy();
    }
    const out = join(dataDir, 'toegangslog.csv');
    const written = await runCli(
      ['access-log', '--case', 'inz-2026-0001', '--format', 'csv', '--out', out, '--json'],
      env,
    );
    expect(written.code).toBe(0);
    const result = JSON.parse(written.stdout) as { sha256: string };
    expect(result).toMatchObject({ format: 'csv', file: out, entries: 2 });
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(result.sha256).toBe(createHash('sha256').update(readFileSync(out)).digest('hex'));
    const trail = await openDb(loadConfig(env).database);
    try {
      const event = (await trail('audit_events').where({ type: 'desk.access-log-exported' }).first()) as {
        data: string;
      };
      expect(JSON.parse(event.data)).toMatchObject({
        entries: 2,
        sha256: result.sha256,
        reference: 'INZ-2026-0001',
      });
    } finally {
      await trail.destroy();
    }
    expect(readFileSync(out, 'utf8').split('\r\n')).toEqual([
      'at,username,role,action,reference,what,ip,outcome',
      '2026-03-02T12:00:00.000Z,anna,,action,INZ-2026-0001,access decide,,ok',
      '2026-03-02T10:00:00.000Z,anna,,view,INZ-2026-0001,case,,ok',
      '',
    ]);

    const shown = await runCli(['access-log', '--from', '2026-03-02', '--to', '2026-03-02'], env);
    expect(shown.code).toBe(0);
    expect(shown.stdout.split('\n').slice(1, 4)).toEqual([
      expect.stringMatching(/^02-03-2026 13:00 +anna +action +INZ-2026-0001 +access decide +ok$/),
      expect.stringMatching(/^02-03-2026 12:00 +anna +view +INZ-2026-0002 +case +ok$/),
      expect.stringMatching(/^02-03-2026 11:00 +anna +view +INZ-2026-0001 +case +ok$/),
    ]);
    const textOut = await runCli(['access-log', '--out', out], env);
    expect([textOut.code, textOut.stderr.trim()]).toEqual([
      2,
      'privacyloket: --out is only for --format csv.',
    ]);
  });
});

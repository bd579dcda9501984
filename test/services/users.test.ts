/**
 * Desk users on a real database: scrypt hashes, the first user as Verantwoordelijke, refusals naming the field,
 * login throttling per username and per address, sessions that end idle or at their maximum age, and disabling.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db';
import { PrivacyloketError } from '../../lib/errors';
import {
  addUser,
  checkLogin,
  createSession,
  disableUser,
  findUser,
  listUsers,
  readSession,
  endSession,
  SESSION,
  THROTTLE,
  verifyPassword,
} from '../../services/users';
import { testDb } from '../helpers/db';

const PASSWORD = 'correct horse battery';
const MINUTE = 60_000;
const at = (base: Date, minutes: number) => new Date(base.getTime() + minutes * MINUTE);

/** The error `run` throws, for asserting on its code and sentence. */
async function refusal(run: Promise<unknown>): Promise<PrivacyloketError> {
  const error = await run.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PrivacyloketError);
  return error as PrivacyloketError;
}

async function withAnna(): Promise<Db> {
  const db = await testDb();
  await addUser(db, { username: 'Anna', name: 'Anna de Boer', password: PASSWORD, by: 'installer' });
  return db;
}

describe('desk users', () => {
  it('stores the password as scrypt$N$r$p$salt$hash, which the password matches and another does not', async () => {
    const db = await withAnna();
    const { password_hash: stored } = (await db('users').where({ username: 'anna' }).first()) as {
      password_hash: string;
    };
    const [scheme, N, r, p, salt, hash] = stored.split('$');
    expect([scheme, N, r, p]).toEqual(['scrypt', '32768', '8', '1']);
    expect(Buffer.from(salt!, 'base64')).toHaveLength(16);
    expect(Buffer.from(hash!, 'base64')).toHaveLength(32);
    expect(stored).not.toContain(PASSWORD);
    expect(await verifyPassword(PASSWORD, stored)).toBe(true);
    expect(await verifyPassword(`${PASSWORD}!`, stored)).toBe(false);
  });

  it('makes the first user a Verantwoordelijke, refuses another role for them, and needs a role for the next', async () => {
    const db = await testDb();
    const first = { username: 'anna', name: 'Anna de Boer', password: PASSWORD, by: 'installer' };
    const wrong = await refusal(addUser(db, { ...first, role: 'gebruiker' }));
    expect(wrong.code).toBe('invalid-input');
    expect(wrong.field).toBe('role');
    expect(wrong.message).toMatch(
      /^role is gebruiker, but the first user must be a Verantwoordelijke: .*art\. 8.*art\. 14/,
    );
    expect(await listUsers(db)).toEqual([]);

    const anna = await addUser(db, first);
    expect(anna).toEqual({
      id: anna.id,
      username: 'anna',
      name: 'Anna de Boer',
      role: 'verantwoordelijke',
      locale: 'nl',
      disabled: false,
    });
    const second = { username: 'bram', name: 'Bram Smit', password: PASSWORD, by: 'Anna de Boer' };
    const missing = await refusal(addUser(db, second));
    expect([missing.field, missing.message]).toEqual([
      'role',
      'role is required: one of verantwoordelijke, beheerder, gebruiker',
    ]);
    const bram = await addUser(db, { ...second, role: 'gebruiker', locale: 'en' });
    expect(bram).toMatchObject({ username: 'bram', role: 'gebruiker', locale: 'en' });
    expect((await listUsers(db)).map((user) => user.username)).toEqual(['anna', 'bram']);
    expect(await findUser(db, ' BRAM ')).toEqual(bram);
    const trail = await db('audit_events').orderBy('id').select('type', 'actor');
    expect(trail).toEqual([
      { type: 'desk.user-added', actor: 'installer' },
      { type: 'desk.user-added', actor: 'Anna de Boer' },
    ]);
  });

  it('refuses bad input naming every field, and a taken username or name, writing nothing', async () => {
    const db = await withAnna();
    const bad = await refusal(
      addUser(db, { username: 'a b', name: ' ', role: 'gebruiker', password: 'short', by: 'Anna de Boer' }),
    );
    expect(bad.field).toBe('username');
    expect(bad.message).toBe(
      "username must be 2 to 40 lower-case letters, digits, '.', '_' or '-', got 'a b'; name must not be empty; password must be at least 12 characters, got 5",
    );
    const user = {
      username: 'anna',
      name: 'Anna Jansen',
      role: 'beheerder',
      password: PASSWORD,
      by: 'x',
    } as const;
    expect((await refusal(addUser(db, user))).message).toBe("username 'anna' is taken by another user");
    const sameName = await refusal(addUser(db, { ...user, username: 'anna2', name: 'anna de boer' }));
    expect(sameName.field).toBe('name');
    expect(await db('users').count({ n: '*' })).toEqual([{ n: 1 }]);
  });

  it(`throttles a username after ${THROTTLE.failures} failures, even with the right password, until the window has passed`, async () => {
    const db = await withAnna();
    const start = new Date('2026-03-02T09:00:00Z');
    const login = (password: string, now: Date, ip = '192.0.2.1') =>
      checkLogin(db, { username: 'anna', password, ip, now });
    expect((await login(PASSWORD, start)).username).toBe('anna');
    for (let i = 1; i <= THROTTLE.failures; i++) {
      const wrong = await refusal(login('wrong password!', at(start, i)));
      expect([wrong.code, wrong.message]).toEqual(['unauthenticated', 'Wrong username or password.']);
    }
    // The last failure was at 10:05 Amsterdam time; the window of 15 minutes from the first (10:01) ends 10:16.
    const throttled = await refusal(login(PASSWORD, at(start, 6), '198.51.100.7'));
    expect([throttled.code, throttled.message]).toEqual([
      'throttled',
      'Too many failed logins; try again after 10:16.',
    ]);
    expect(await refusal(login(PASSWORD, at(start, 15.9)))).toMatchObject({ code: 'throttled' });
    // 10:16: the first failure has left the window, but the throttled attempts since count as failures too.
    expect(await refusal(login(PASSWORD, at(start, 16)))).toMatchObject({ code: 'throttled' });
    const later = at(start, 16 + THROTTLE.windowMinutes);
    expect((await login(PASSWORD, later)).username).toBe('anna');
    const attempts = await db('login_attempts').orderBy('id').select('ok');
    expect(attempts.map((row: { ok: number | boolean }) => Boolean(row.ok))).toEqual([
      true,
      ...Array<boolean>(THROTTLE.failures + 3).fill(false),
      true,
    ]);
  });

  it('throttles an address after as many failures across usernames, and says the same for an unknown or disabled user', async () => {
    const db = await withAnna();
    await addUser(db, {
      username: 'bram',
      name: 'Bram Smit',
      role: 'beheerder',
      password: PASSWORD,
      by: 'x',
    });
    await disableUser(db, 'bram', 'Anna de Boer');
    const now = new Date('2026-03-02T09:00:00Z');
    const login = (username: string, password = PASSWORD, ip = '203.0.113.9') =>
      checkLogin(db, { username, password, ip, now });
    for (const username of ['nobody', 'bram']) {
      expect(await refusal(login(username))).toMatchObject({
        code: 'unauthenticated',
        message: 'Wrong username or password.',
      });
    }
    const ids = Array.from({ length: THROTTLE.perIp - 2 }, (_, i) => `guess${i}`);
    for (const username of ids)
      await db('login_attempts').insert({ username, ip: '203.0.113.9', at: now.toISOString(), ok: false });
    expect(await refusal(login('anna'))).toMatchObject({ code: 'throttled' });
    expect((await login('anna', PASSWORD, '203.0.113.10')).username).toBe('anna');
  });

  it('ends a session unused for the idle time, slides it with use, and never past its maximum age', async () => {
    const db = await withAnna();
    const anna = (await findUser(db, 'anna'))!;
    const start = new Date('2026-03-02T08:00:00Z');
    const session = await createSession(db, anna, start);
    expect(session.token).toMatch(/^[\w-]{43}$/);
    expect(session.expiresAt).toEqual(at(start, SESSION.idleMinutes));
    const stored = (await db('sessions').first()) as { token_hash: string };
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await db('sessions').select())).not.toContain(session.token);

    // Used every 29 minutes it lives on, up to 12 hours after the login.
    let now = start;
    for (let minutes = 29; minutes < SESSION.maxHours * 60; minutes += 29) {
      now = at(start, minutes);
      const read = await readSession(db, session.token, now);
      expect(read?.user.username).toBe('anna');
      expect(read?.csrf).toBe(session.csrf);
      expect(read!.expiresAt.getTime()).toBe(
        Math.min(at(now, SESSION.idleMinutes).getTime(), at(start, SESSION.maxHours * 60).getTime()),
      );
    }
    expect(await readSession(db, session.token, at(start, SESSION.maxHours * 60))).toBeUndefined();
    expect(await db('sessions').count({ n: '*' })).toEqual([{ n: 0 }]);

    // Each use gives it the idle time again from then; at the moment it runs out it is gone.
    const idle = await createSession(db, anna, start);
    expect(await readSession(db, idle.token, at(start, 29))).toBeDefined();
    expect(await readSession(db, idle.token, at(start, 58))).toBeDefined();
    expect(await readSession(db, idle.token, at(start, 58 + SESSION.idleMinutes))).toBeUndefined();

    const ended = await createSession(db, anna, start);
    await endSession(db, ended.token);
    expect(await readSession(db, ended.token, start)).toBeUndefined();
    expect(await readSession(db, 'not a token', start)).toBeUndefined();
  });

  it('ends every session of a disabled user and keeps the last Verantwoordelijke who can log in', async () => {
    const db = await withAnna();
    const now = new Date();
    const last = await refusal(disableUser(db, 'anna', 'Anna de Boer'));
    expect(last.message).toMatch(/^username 'anna' is the last Verantwoordelijke who can log in/);
    const carla = await addUser(db, {
      username: 'carla',
      name: 'Carla Visser',
      role: 'verantwoordelijke',
      password: PASSWORD,
      by: 'Anna de Boer',
    });
    const sessions = [await createSession(db, carla, now), await createSession(db, carla, now)];
    const disabled = await disableUser(db, 'carla', 'Anna de Boer');
    expect(disabled).toMatchObject({ username: 'carla', disabled: true });
    for (const { token } of sessions) expect(await readSession(db, token, now)).toBeUndefined();
    expect(await db('sessions').where({ user_id: carla.id }).count({ n: '*' })).toEqual([{ n: 0 }]);
    expect(
      await refusal(checkLogin(db, { username: 'carla', password: PASSWORD, ip: '::1', now })),
    ).toMatchObject({
      code: 'unauthenticated',
    });
    // Carla no longer counts: Anna is the last one again.
    expect((await refusal(disableUser(db, 'anna', 'x'))).field).toBe('username');
    expect((await refusal(disableUser(db, 'nobody', 'x'))).code).toBe('not-found');
    expect((await listUsers(db)).map((user) => [user.username, user.disabled])).toEqual([
      ['anna', false],
      ['carla', true],
    ]);
  });
});

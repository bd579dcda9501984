/**
 * Who may log in to the desk, and their sessions. The roles are De Buurderij's (art. 14(1): the Verantwoordelijke,
 * the Beheerder and the Gebruiker have access, each as far as their task needs); the desk maps them to what each
 * may see and do. Passwords are kept only as scrypt hashes (memory-hard, so that a stolen table is slow to guess
 * from), sessions only as the SHA-256 of the cookie's token, and every login attempt is recorded so that guessing
 * is throttled per username and per address.
 */
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { Knex } from 'knex';
import { timestamp, type Db } from '../db';
import { appendAuditEvent } from '../db/audit';
import { amsterdamClock } from '../lib/calendar';
import { invalidInput, PrivacyloketError } from '../lib/errors';
import { ACTOR, characterCount, normaliseText, textProblem } from '../lib/text';

export const ROLES = ['verantwoordelijke', 'beheerder', 'gebruiker'] as const;
export type Role = (typeof ROLES)[number];
export const LOCALES = ['nl', 'en'] as const;

export interface DeskUser {
  id: number;
  username: string;
  name: string;
  role: Role;
  locale: 'nl' | 'en';
  disabled: boolean;
}

/** A session ends after this long unused, and at the latest this long after the login. */
export const SESSION = { idleMinutes: 30, maxHours: 12 };

/** Logins refused for a while once a username, or an address, has this many failures within the window. */
export const THROTTLE = { failures: 5, perIp: 20, windowMinutes: 15 };

export const PASSWORD_MIN = 12;
const PASSWORD_MAX = 1000;
const USERNAME = /^[a-z0-9._-]{2,40}$/;

interface UserRow {
  id: number;
  username: string;
  name: string;
  role: Role;
  password_hash: string;
  locale: 'nl' | 'en';
  created_at: string;
  created_by: string;
  disabled_at: string | null;
  disabled_by: string | null;
}

interface SessionRow {
  id: number;
  token_hash: string;
  user_id: number;
  csrf: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

const MINUTE_MS = 60_000;

function toUser(row: UserRow): DeskUser {
  const { id, username, name, role, locale } = row;
  return { id, username, name, role, locale, disabled: row.disabled_at !== null };
}

/** What is typed at the login or on the command line, as stored: usernames are lower-case. */
const usernameOf = (typed: string) => typed.trim().toLowerCase();

// Passwords ----------------------------------------------------------------------------------------------------

/** scrypt's cost: 2^15 × 8 × 128 bytes = 32 MiB of memory per hash (OWASP's minimum for scrypt). */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, keylen: 32 };

function derive(password: string, salt: Buffer, N: number, r: number, p: number, keylen: number) {
  return new Promise<Buffer>((resolve, reject) =>
    // Node refuses to use more than maxmem; scrypt needs 128·N·r bytes and a little more.
    scrypt(password.normalize('NFC'), salt, keylen, { N, r, p, maxmem: 2 * 128 * N * r }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** `scrypt$N$r$p$salt$hash` (base64): the parameters are kept with the hash, so that they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const { N, r, p, keylen } = SCRYPT;
  const salt = randomBytes(16);
  const hash = await derive(password, salt, N, r, p, keylen);
  return ['scrypt', N, r, p, salt.toString('base64'), hash.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), +N!, +r!, +p!, expected.length);
  return timingSafeEqual(actual, expected);
}

/** Checked against for a username no one has, so that an unknown name takes as long as a wrong password. */
const NO_ONE = ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, Buffer.alloc(16), Buffer.alloc(SCRYPT.keylen)]
  .map((part) => (Buffer.isBuffer(part) ? part.toString('base64') : part))
  .join('$');

// Users --------------------------------------------------------------------------------------------------------

/** The first user's role, and why: access to the desk starts with the one who grants it. */
const FIRST_ROLE: Role = 'verantwoordelijke';
const WHY_FIRST =
  "the first user must be a Verantwoordelijke: under De Buurderij's regulation the Raad van Bestuur is the Verantwoordelijke (art. 8), who appoints the Beheerders and authorises the Gebruikers that have access (art. 14), so access starts with them";

/**
 * A new desk user. The first one is a Verantwoordelijke (the role defaults to it); every later one needs a role.
 * Every problem with the input is refused in one sentence naming its field; nothing is written then.
 */
export async function addUser(
  db: Db,
  input: { username: string; name: string; role?: Role; password: string; locale?: 'nl' | 'en'; by: string },
): Promise<DeskUser> {
  const username = usernameOf(String(input.username ?? ''));
  const problems: [field: string, problem: string][] = [];
  if (!USERNAME.test(username)) {
    problems.push([
      'username',
      `must be 2 to 40 lower-case letters, digits, '.', '_' or '-', got '${input.username}'`,
    ]);
  }
  const nameProblem = textProblem(input.name, ACTOR);
  if (nameProblem) problems.push(['name', nameProblem]);
  if (input.role !== undefined && !ROLES.includes(input.role))
    problems.push(['role', `must be one of ${ROLES.join(', ')}, got '${String(input.role)}'`]);
  if (input.locale !== undefined && !LOCALES.includes(input.locale))
    problems.push(['locale', `must be nl or en, got '${String(input.locale)}'`]);
  const passwordProblem = checkPassword(input.password);
  if (passwordProblem) problems.push(['password', passwordProblem]);
  if (problems.length > 0) throw refusal(problems);

  const name = normaliseText(input.name);
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (trx) => {
      const role = await roleFor(trx, input.role);
      if (await trx<UserRow>('users').where({ username }).first('id'))
        throw invalidInput('username', `'${username}' is taken by another user`);
      if (await trx<UserRow>('users').whereRaw('lower(name) = ?', [name.toLowerCase()]).first('id'))
        throw invalidInput(
          'name',
          `'${name}' is another user's already: the audit trail must tell them apart`,
        );
      const row = {
        username,
        name,
        role,
        password_hash: passwordHash,
        locale: input.locale ?? 'nl',
        created_at: timestamp(new Date()),
        created_by: input.by,
      };
      const [inserted] = await trx<UserRow>('users').insert(row).returning('id');
      const id = inserted!.id;
      await appendAuditEvent(trx, { type: 'desk.user-added', actor: input.by, data: { username, role } });
      return toUser({ ...row, id, disabled_at: null, disabled_by: null });
    });
  } catch (error) {
    // Another process added the same username or name meanwhile: the unique index is the last word.
    if (/UNIQUE|unique/.test((error as Error).message) && !(error instanceof PrivacyloketError))
      throw invalidInput('username', `'${username}' or the name '${name}' was taken meanwhile`);
    throw error;
  }
}

function checkPassword(password: unknown): string | undefined {
  if (typeof password !== 'string' || password === '') return 'must not be empty';
  const count = characterCount(password.normalize('NFC'));
  if (count < PASSWORD_MIN) return `must be at least ${PASSWORD_MIN} characters, got ${count}`;
  if (count > PASSWORD_MAX) return `must be at most ${PASSWORD_MAX} characters, got ${count}`;
  return undefined;
}

/** Every problem in one sentence: "username must …; password must …". */
function refusal(problems: [string, string][]): PrivacyloketError {
  const sentence = problems.map(([field, problem]) => `${field} ${problem}`).join('; ');
  return new PrivacyloketError('invalid-input', sentence, problems[0]![0]);
}

async function roleFor(trx: Knex.Transaction, role: Role | undefined): Promise<Role> {
  const first = !(await trx('users').first('id'));
  if (first) {
    if (role !== undefined && role !== FIRST_ROLE) throw invalidInput('role', `is ${role}, but ${WHY_FIRST}`);
    return FIRST_ROLE;
  }
  if (role === undefined) throw invalidInput('role', `is required: one of ${ROLES.join(', ')}`);
  return role;
}

/**
 * The user can no longer log in, and every session of theirs ends now. The last Verantwoordelijke who can log in
 * stays: without one no one could grant access any more.
 */
export async function disableUser(db: Db, username: string, by: string): Promise<DeskUser> {
  const name = usernameOf(username);
  return db.transaction(async (trx) => {
    const row = await trx<UserRow>('users').where({ username: name }).first();
    if (!row) throw new PrivacyloketError('not-found', `No desk user is called '${name}'.`, 'username');
    if (row.disabled_at !== null) return toUser(row);
    if (row.role === 'verantwoordelijke') {
      const others = await trx<UserRow>('users')
        .where({ role: 'verantwoordelijke' })
        .whereNull('disabled_at')
        .whereNot({ id: row.id })
        .first('id');
      if (!others) {
        throw invalidInput(
          'username',
          `'${name}' is the last Verantwoordelijke who can log in: add another Verantwoordelijke first, since only a Verantwoordelijke grants access (Buurderij art. 8 and 14)`,
        );
      }
    }
    const at = timestamp(new Date());
    await trx('users').where({ id: row.id }).update({ disabled_at: at, disabled_by: by });
    await trx('sessions').where({ user_id: row.id }).delete();
    await appendAuditEvent(trx, { type: 'desk.user-disabled', actor: by, data: { username: name } });
    return toUser({ ...row, disabled_at: at, disabled_by: by });
  });
}

/** Every user, enabled ones first, each group by username. */
export async function listUsers(db: Db): Promise<DeskUser[]> {
  const rows = await db<UserRow>('users').orderByRaw('disabled_at is not null').orderBy('username');
  return rows.map(toUser);
}

export async function findUser(db: Db, username: string): Promise<DeskUser | undefined> {
  const row = await db<UserRow>('users')
    .where({ username: usernameOf(username) })
    .first();
  return row && toUser(row);
}

// Logins -------------------------------------------------------------------------------------------------------

const WRONG = 'Wrong username or password.';

/**
 * The user whose password this is, or a refusal. Throttling is checked first, so that a throttled guess learns
 * nothing about the password; an unknown or disabled user gets the same sentence as a wrong password, after the
 * same scrypt work. Every attempt is recorded, the throttled ones too.
 */
export async function checkLogin(
  db: Db,
  input: { username: string; password: string; ip: string; now: Date },
): Promise<DeskUser> {
  // What is typed may be anything: it is kept short, as the column is.
  const username = usernameOf(String(input.username ?? '')).slice(0, 100);
  const { ip, now } = input;
  const record = (ok: boolean) =>
    db('login_attempts').insert({ username, ip: ip.slice(0, 64), at: timestamp(now), ok });
  const until = await throttledUntil(db, username, ip, now);
  if (until) {
    await record(false);
    throw new PrivacyloketError(
      'throttled',
      `Too many failed logins; try again after ${amsterdamClock(until)}.`,
    );
  }
  const row = await db<UserRow>('users').where({ username }).first();
  const password = typeof input.password === 'string' ? input.password : '';
  const matches = await verifyPassword(password, row?.password_hash ?? NO_ONE);
  const ok = matches && row !== undefined && row.disabled_at === null;
  await record(ok);
  if (!ok) throw new PrivacyloketError('unauthenticated', WRONG);
  return toUser(row);
}

/**
 * When logins for this username or address open again, if they are closed now: once so many failures have left
 * the window that fewer than the limit remain. A success in between erases nothing.
 */
async function throttledUntil(db: Db, username: string, ip: string, now: Date): Promise<Date | undefined> {
  const since = timestamp(new Date(now.getTime() - THROTTLE.windowMinutes * MINUTE_MS));
  const failures = (column: 'username' | 'ip', value: string) =>
    db('login_attempts')
      .where(column, value)
      .where('ok', false)
      .where('at', '>', since)
      .where('at', '<=', timestamp(now))
      .orderBy('at', 'desc')
      .pluck('at') as Promise<string[]>;
  const [byName, byIp] = await Promise.all([failures('username', username), failures('ip', ip)]);
  // With the newest first, the limit-th failure is the one whose leaving the window opens logins again.
  const opens = [byName[THROTTLE.failures - 1], byIp[THROTTLE.perIp - 1]]
    .filter((at): at is string => at !== undefined)
    // Rounded up to the minute the sentence names, so that trying at that minute works.
    .map((at) => Math.ceil((Date.parse(at) + THROTTLE.windowMinutes * MINUTE_MS) / MINUTE_MS) * MINUTE_MS)
    .map((ms) => new Date(ms));
  return opens.sort((a, b) => b.getTime() - a.getTime())[0];
}

// Sessions -----------------------------------------------------------------------------------------------------

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/** The later of a session's two ends never comes: it ends idle, or at its maximum age, whichever is first. */
function expiryAt(createdAt: Date, now: Date): Date {
  const idle = now.getTime() + SESSION.idleMinutes * MINUTE_MS;
  const max = createdAt.getTime() + SESSION.maxHours * 60 * MINUTE_MS;
  return new Date(Math.min(idle, max));
}

/** A new session: the token goes into the cookie and is never stored; the database keeps its SHA-256. */
export async function createSession(
  db: Db,
  user: DeskUser,
  now: Date,
): Promise<{ token: string; csrf: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(32).toString('base64url');
  const expiresAt = expiryAt(now, now);
  await db('sessions').insert({
    token_hash: sha256(token),
    user_id: user.id,
    csrf,
    created_at: timestamp(now),
    last_seen_at: timestamp(now),
    expires_at: timestamp(expiresAt),
  });
  return { token, csrf, expiresAt };
}

/**
 * The session of this token, its idle time renewed from `now` (never past its maximum age); undefined for an
 * unknown, expired or ended session, or a disabled user's. An expired session is deleted as it is found.
 */
export async function readSession(
  db: Db,
  token: string,
  now: Date,
): Promise<{ user: DeskUser; csrf: string; expiresAt: Date } | undefined> {
  if (typeof token !== 'string' || token === '') return undefined;
  const session = await db<SessionRow>('sessions')
    .where({ token_hash: sha256(token) })
    .first();
  if (!session) return undefined;
  const row = await db<UserRow>('users').where({ id: session.user_id }).first();
  if (Date.parse(session.expires_at) <= now.getTime() || !row || row.disabled_at !== null) {
    await db('sessions').where({ id: session.id }).delete();
    return undefined;
  }
  const expiresAt = expiryAt(new Date(session.created_at), now);
  await db('sessions')
    .where({ id: session.id })
    .update({ last_seen_at: timestamp(now), expires_at: timestamp(expiresAt) });
  return { user: toUser(row), csrf: session.csrf, expiresAt };
}

/** Logging out: the session is gone, whatever state it was in. */
export async function endSession(db: Db, token: string): Promise<void> {
  if (typeof token !== 'string' || token === '') return;
  await db('sessions')
    .where({ token_hash: sha256(token) })
    .delete();
}

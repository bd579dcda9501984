/**
 * The access log on a real database: entries as the desk writes them, read back newest first within a filter,
 * and as CSV parsed back field by field.
 */
import { describe, expect, it } from 'vitest';
import { accessLogCsv, logAccess, readAccessLog } from '../../services/access-log';
import { parseCsv } from '../../services/case-people';
import { addUser } from '../../services/users';
import { testDb } from '../helpers/db';

async function setUp() {
  const db = await testDb();
  const anna = await addUser(db, {
    username: 'anna',
    name: 'Anna de Boer',
    password: 'correct horse battery',
    by: 'installer',
  });
  const day = (hour: number) => new Date(`2026-03-02T${String(hour).padStart(2, '0')}:00:00Z`);
  await logAccess(db, { at: day(8), user: anna, action: 'login', what: 'login', ip: '192.0.2.1' });
  await logAccess(db, { at: day(9), user: anna, action: 'view', reference: 'INZ-2026-0001', what: 'case' });
  await logAccess(db, {
    at: day(10),
    user: anna,
    action: 'action',
    reference: 'INZ-2026-0001',
    what: 'access decide',
    outcome: 'refused',
  });
  await logAccess(db, {
    at: day(11),
    user: undefined,
    username: 'Bram',
    action: 'login-failed',
    what: 'login',
  });
  await logAccess(db, {
    at: day(12),
    user: anna,
    action: 'denied',
    reference: 'VER-2026-0002',
    what: 'case',
    outcome: 'denied',
  });
  return { db, anna, day };
}

describe('access log', () => {
  it('writes who, when, which case, what and the outcome, and reads them newest first', async () => {
    const { db, anna } = await setUp();
    const rows = await readAccessLog(db, {});
    expect(rows.map((row) => [row.action, row.reference, row.outcome])).toEqual([
      ['denied', 'VER-2026-0002', 'denied'],
      ['login-failed', null, 'ok'],
      ['action', 'INZ-2026-0001', 'refused'],
      ['view', 'INZ-2026-0001', 'ok'],
      ['login', null, 'ok'],
    ]);
    expect(rows.at(-1)).toEqual({
      id: rows.at(-1)!.id,
      at: new Date('2026-03-02T08:00:00Z'),
      userId: anna.id,
      username: 'anna',
      role: 'verantwoordelijke',
      action: 'login',
      reference: null,
      what: 'login',
      ip: '192.0.2.1',
      outcome: 'ok',
    });
    expect(rows[1]).toMatchObject({ userId: null, username: 'bram', role: null });
  });

  it('filters by period (both ends included), case, user and a limit', async () => {
    const { db, day } = await setUp();
    const actions = async (filter: Parameters<typeof readAccessLog>[1]) =>
      (await readAccessLog(db, filter)).map((row) => row.action);
    expect(await actions({ from: day(9), to: day(11) })).toEqual(['login-failed', 'action', 'view']);
    expect(await actions({ reference: 'inz-2026-0001' })).toEqual(['action', 'view']);
    expect(await actions({ username: 'Bram' })).toEqual(['login-failed']);
    expect(await actions({ username: 'anna', limit: 2 })).toEqual(['denied', 'action']);
    expect(await actions({ from: day(13) })).toEqual([]);
  });

  it('writes CSV with the header, ISO moments, RFC 4180 quoting and formulas defused', async () => {
    const { db, day } = await setUp();
    await logAccess(db, {
      at: day(13),
      user: undefined,
      username: '=HYPERLINK("x")',
      action: 'login-failed',
      what: 'login, "second" try\nagain',
      ip: '::1',
      outcome: 'refused',
    });
    const csv = accessLogCsv(await readAccessLog(db, {}));
    expect(csv.split('\r\n')[0]).toBe('at,username,role,action,reference,what,ip,outcome');
    expect(csv.endsWith('\r\n')).toBe(true);
    const { records, problems } = parseCsv(csv);
    expect(problems).toEqual([]);
    const [header, first, ...rest] = records.map((record) => record.fields);
    expect(header).toHaveLength(8);
    expect(first).toEqual([
      '2026-03-02T13:00:00.000Z',
      `'=hyperlink("x")`,
      '',
      'login-failed',
      '',
      'login, "second" try\nagain',
      '::1',
      'refused',
    ]);
    expect(rest.at(-1)).toEqual([
      '2026-03-02T08:00:00.000Z',
      'anna',
      'verantwoordelijke',
      'login',
      '',
      'login',
      '192.0.2.1',
      'ok',
    ]);
    expect(rest).toHaveLength(5);
  });
});

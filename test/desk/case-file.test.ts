/**
 * The desk on a case whose own file was destroyed (an erasure request five years after it closed): its page still
 * opens and says when and under what the file went, the case stays listed as closed, and no name is shown.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { caseFileActivities } from '../../activities/case-file';
import { findCase, insertCase, type CaseRow } from '../../db/cases';
import { insertDestruction } from '../../db/destructions';
import { buildDesk } from '../../desk/server';
import { policiesDir } from '../../policies/load';
import { addUser } from '../../services/users';
import { testDb } from '../helpers/db';
import { testConfig } from '../helpers/env';

const PASSWORD = 'correct horse battery staple';
const apps: FastifyInstance[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

const cookiesOf = (response: LightMyRequestResponse) =>
  [response.headers['set-cookie'] ?? []]
    .flat()
    .map((c) => c.split(';')[0]!)
    .filter((c) => !c.endsWith('='));
const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1];

describe('the desk on a destroyed case file', () => {
  it('shows the case as closed, its file destroyed on a date under its basis, and no one', async () => {
    const db = await testDb();
    await addUser(db, { username: 'marc', name: 'Marc Bralts', password: PASSWORD, by: 'test' });
    const { id, reference } = await insertCase(db, {
      process: 'erasure',
      policyId: 'gdpr-default',
      locale: 'nl',
      receivedAt: new Date('2026-11-20T09:00:00Z'),
      registeredAt: new Date('2026-11-20T09:00:00Z'),
      dueAt: new Date('2026-12-21T22:59:59.999Z'),
      subject: { name: 'Jan de Vries', email: 'jan@example.nl' },
      request: { what: 'Mijn dossier.', categories: ['staff'] },
      actor: 'fg',
    });
    await db<CaseRow>('cases')
      .where({ id })
      .update({ status: 'closed', closed_at: '2026-12-01T10:00:00.000Z' });
    const activities = caseFileActivities(db, policiesDir, { discard: () => Promise.resolve(0) });
    const { schedule } = await activities.keepCaseFile({ reference, closedAt: '2026-12-01T10:00:00.000Z' });

    const app = await buildDesk({
      db,
      config: testConfig(),
      client: undefined,
      codecKey: randomBytes(32),
      uiOrigin: 'http://127.0.0.1:8233',
    });
    apps.push(app);
    const form = await app.inject({ url: '/login' });
    const login = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { cookie: cookiesOf(form).join('; ') },
      payload: { username: 'marc', password: PASSWORD, _csrf: hidden(form.body, '_csrf')!, next: '/cases' },
    });
    const cookie = cookiesOf(login).join('; ');

    const kept = await app.inject({ url: `/cases/${reference}`, headers: { cookie } });
    expect(kept.statusCode).toBe(200);
    expect(kept.body).toContain(`bewaard tot 01-12-2031 (${schedule})`);
    expect(kept.body).toContain('Jan de Vries');

    // As the schedule's workflow does it: the file destroyed, then the register's entry.
    await activities.destroyCaseFile({ reference, schedule, at: '2031-11-30T23:00:00.000Z' });
    await insertDestruction(db, (await findCase(db, schedule)).id, {
      reference: schedule,
      process: 'retention',
      category: 'case-file:erasure',
      what: `verzoekdossier (erasure) ${reference}`,
      basis: 'maximum 5 jaar: art. 3:310 BW',
      dueAt: '2031-11-30T23:00:00.000Z',
      destroyedAt: '2031-11-30T23:00:00.000Z',
      destroyedBy: 'Privacyloket',
      how: 'gewist',
    });
    const page = await app.inject({ url: `/cases/${reference}`, headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Gesloten');
    expect(page.body).toContain(
      `vernietigd op 01-12-2031 op grond van maximum 5 jaar: art. 3:310 BW (${schedule})`,
    );
    expect(page.body).not.toMatch(/Jan de Vries|jan@example\.nl/);
    const list = await app.inject({ url: '/cases?status=closed', headers: { cookie } });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(reference);
    expect(list.body).not.toContain('Jan de Vries');
  });
});

/**
 * A case's reference (zaaknummer) takes the year of its registration, the start's `now`: not the year the request
 * came in, nor that of the event a retention period runs from.
 */
import { describe, expect, it } from 'vitest';
import { openDb } from '../../db';
import { findCase } from '../../db/cases';
import type { CaseServices } from '../../services/cases';
import { parseCaseRequest, registerCase } from '../../services/start';
import { tempDir, testConfig } from '../helpers/env';

describe('registering a case', () => {
  it('numbers it in the Amsterdam year it is registered', async () => {
    const config = testConfig({ PRIVACYLOKET_DATA_DIR: tempDir() });
    const db = await openDb(config.database);
    // No Temporal: the case is registered, and its workflow left to the worker's reconciliation.
    const services: CaseServices = { db, client: undefined as never, config, actor: 'Marc Bralts' };
    const register = async (process: 'access' | 'retention', input: Record<string, unknown>, now: string) =>
      registerCase(
        services,
        await parseCaseRequest(process, input, { now: new Date(now), policiesDir: config.policiesDir }),
      );

    // Received on New Year's Eve, registered on Monday 4 January.
    const access = await register(
      'access',
      { policy: 'gdpr-default', received: '2026-12-31', name: 'Jan de Vries', email: 'jan@example.nl' },
      '2027-01-04T09:00:00+01:00',
    );
    expect(access).toMatchObject({ reference: 'INZ-2027-0001', started: false });
    expect((await findCase(db, access.reference)).received_at).toBe('2026-12-30T23:00:00.000Z');

    // A retention schedule registered now for an employee who left in 2025.
    const schedule = await register(
      'retention',
      {
        policy: 'gdpr-default',
        category: 'staff',
        from: '2025-03-01',
        dossier: 'P-0042',
        'data-owner': 'hr@example.nl',
      },
      '2026-12-01T09:00:00+01:00',
    );
    expect(schedule.reference).toBe('BEW-2026-0001');
    // Its period still runs from the event: two years after leaving.
    expect((await findCase(db, schedule.reference)).due_at).toBe('2027-03-01T22:59:59.999Z');
    await db.destroy();
  });
});

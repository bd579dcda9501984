/**
 * The registers read back as a reader sees them: the register of processing activities (art. 30(1)) from the
 * policy, the register of deviations (Buurderij art. 20) as `register add-deviation` writes it, and the destruction
 * register, each as CSV (parsed as RFC 4180) and PDF (text read back), written 0600 and recorded in the audit trail.
 */
import { readFileSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCommand } from '../../cli/command';
import { addDeviation as addDeviationCommand, exportCommand } from '../../cli/commands/register';
import { openDb, type Db } from '../../db';
import type { AuditEventRow } from '../../db/audit';
import { insertDestruction } from '../../db/destructions';
import { findCase } from '../../db/cases';
import type { DeviationRow } from '../../db/deviations';
import { findLatestRecord } from '../../db/records';
import { PrivacyloketError } from '../../lib/errors';
import { addDeviation, scheduleMissingDeviations } from '../../services/registers';
import type { CaseServices } from '../../services/cases';
import { registerAccessCase } from '../helpers/cases';
import { tempDir, testConfig, testEnv } from '../helpers/env';
import { readPdf } from '../helpers/pdf';
import { policyOf, WITH_AUTOMATED_DECISIONS } from '../helpers/policies';

afterEach(() => void vi.unstubAllEnvs());

/** A data folder of its own, as `privacyloket` would use it, with the environment pointing at it. */
async function setUp(policiesDir?: string) {
  const dataDir = tempDir();
  const env = {
    PRIVACYLOKET_DATA_DIR: dataDir,
    ...(policiesDir ? { PRIVACYLOKET_POLICIES_DIR: policiesDir } : {}),
  };
  for (const [key, value] of Object.entries(testEnv(env))) vi.stubEnv(key, value);
  const config = testConfig(env);
  const db = await openDb(config.database);
  // No Temporal: a schedule is registered, and started by the worker's reconciliation once one runs.
  const services: CaseServices = { db, client: undefined as never, config, actor: 'Marc Bralts' };
  return { dataDir, db, services };
}

const quietly = async (run: () => Promise<number>) => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    return { code: await run(), printed: log.mock.calls.map((call) => String(call[0])).join('\n') };
  } finally {
    log.mockRestore();
  }
};

/** RFC 4180 with semicolons, read back character by character; the byte-order mark first. */
function parseCsv(text: string): string[][] {
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const rows: string[][] = [];
  let [row, field, quoted] = [[] as string[], '', false];
  for (let i = 1; i < text.length; i++) {
    const char = text[i]!;
    if (quoted && char === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (char === '"') quoted = !quoted;
    else if (!quoted && char === ';') {
      row.push(field);
      field = '';
    } else if (!quoted && char === '\r' && text[i + 1] === '\n') {
      rows.push([...row, field]);
      [row, field] = [[], ''];
      i++;
    } else field += char;
  }
  return rows;
}

/** Runs `register <name>` and answers the file it wrote. */
async function exported(dataDir: string, name: 'processing' | 'deviations' | 'destructions', argv: string[]) {
  const format = argv[argv.indexOf('--format') + 1]!;
  const out = join(dataDir, `${name}.${format}`);
  const { code, printed } = await quietly(() =>
    runCommand(exportCommand(name), [...argv, '--out', out, '--json', '--by', 'Marc Bralts']),
  );
  expect(code).toBe(0);
  expect(statSync(out).mode & 0o777).toBe(0o600);
  return {
    out,
    result: JSON.parse(printed) as { entries: number; sha256: string },
    content: readFileSync(out),
  };
}

const lastExport = async (db: Db) =>
  JSON.parse(
    (await db<AuditEventRow>('audit_events')
      .where({ type: 'register.exported' })
      .orderBy('id', 'desc')
      .first())!.data,
  ) as Record<string, unknown>;

describe('the register of processing activities (art. 30(1))', () => {
  it('as CSV: one row per activity, with the controller, the FG and every element of art. 30(1)', async () => {
    const { dataDir, db } = await setUp();
    const { content, result } = await exported(dataDir, 'processing', [
      '--policy',
      'de-buurderij',
      '--format',
      'csv',
    ]);
    const [header, ...rows] = parseCsv(content.toString('utf8'));
    expect(rows).toHaveLength(5);
    const care = Object.fromEntries(header!.map((column, i) => [column, rows[0]![i]]));
    expect(care).toMatchObject({
      controller: 'De Buurderij',
      controller_contact: 'info@debuurderij.nl',
      fg: 'Marc Bralts',
      fg_contact: 'marc@debuurderij.nl',
      activity: 'client-care',
      third_country_transfers: '',
    });
    expect(care.legal_basis).toBe(
      'artikel 6 lid 1 onder b AVG (uitvoering van een overeenkomst) | artikel 6 lid 1 onder c AVG (wettelijke verplichting) | artikel 9 lid 2 onder h AVG (gezondheidszorg en maatschappelijke dienstverlening)',
    );
    expect(care.data_categories).toContain('(bijzonder persoonsgegeven)');
    expect(care.retention).toContain(
      'Zelf gegenereerde gegevens over zorg en ondersteuning van cliënten (gezondheidsgegevens): 15 jaar na de laatste wijziging van het dossier',
    );
    const applicants = rows.find((row) => row[4] === 'applicants')!;
    expect(applicants[header!.indexOf('retention')]).toBe(
      'sollicitatiegegevens: 4 weken na het einde van de sollicitatieprocedure; met uw toestemming ten hoogste 1 jaar',
    );
    expect(await lastExport(db)).toMatchObject({
      register: 'processing',
      format: 'csv',
      entries: 5,
      sha256: result.sha256,
    });
    await db.destroy();
  });

  it('as PDF, in English: every activity with its legal basis, retention and measures', async () => {
    const { dataDir, db } = await setUp();
    const { content } = await exported(dataDir, 'processing', [
      '--policy',
      'werk-op-maat',
      '--format',
      'pdf',
      '--locale',
      'en',
    ]);
    const { text, info } = await readPdf(content);
    expect(info.Title).toBe('Record of processing activities (GDPR Article 30(1))');
    for (const expected of [
      'Controller Stichting Werk op Maat',
      "Participant's personal file (day activities and programmes)",
      'Article 9(2)(h) GDPR (health or social care)',
      'citizen service number (BSN)',
      // The retention categories' English labels (labelEn), not the Dutch of the regulation.
      "Participant's personal file: 3 years after the end of the agreement",
      "E-mail from third parties with participants' data: until receipt",
      'KeePass',
      'Transfers outside the EEA none',
    ])
      expect(text).toContain(expected);
    expect(text).not.toContain('Persoonlijk dossier van de deelnemer');
    await db.destroy();
  });

  it('gives automated decision-making (art. 22) per activity, and says none where there is none', async () => {
    const { dataDir, db } = await setUp(policyOf('de-buurderij', 'met-triage', WITH_AUTOMATED_DECISIONS));
    const csv = await exported(dataDir, 'processing', ['--policy', 'met-triage', '--format', 'csv']);
    const [header, ...rows] = parseCsv(csv.content.toString('utf8'));
    const column = header!.indexOf('automated_decisions');
    expect(rows.map((row) => [row[4], row[column]])).toEqual([
      [
        'client-care',
        'de onderliggende logica: een puntentelling op de antwoorden van de aanmeldvragenlijst (urgentie en zorgzwaarte); het belang: de score bepaalt uw plaats op de wachtlijst; de verwachte gevolgen: bij een lagere score wacht u langer op zorg',
      ],
      ['video-recordings', 'geen'],
      ['staff', 'geen'],
      ['applicants', 'geen'],
      ['deviation-register', 'geen'],
    ]);
    const pdf = await exported(dataDir, 'processing', ['--policy', 'met-triage', '--format', 'pdf']);
    const { text } = await readPdf(pdf.content);
    for (const expected of [
      'Geautomatiseerde besluitvorming (AVG artikel 22)',
      'Onderliggende logica: een puntentelling op de antwoorden van de aanmeldvragenlijst',
      'Belang: de score bepaalt uw plaats op de wachtlijst',
      'Verwachte gevolgen voor de betrokkene: bij een lagere score wacht u langer op zorg',
    ])
      expect(text).toContain(expected);
    // Four activities without it, each saying so.
    expect(text.match(/Geautomatiseerde besluitvorming \(AVG artikel 22\)\s+geen/g)).toHaveLength(4);
    await db.destroy();
  });

  it('needs --policy: it is kept per organisation', async () => {
    const { dataDir, db } = await setUp();
    const run = runCommand(exportCommand('processing'), ['--format', 'csv', '--out', join(dataDir, 'x.csv')]);
    await expect(run).rejects.toThrow('--policy is required.');
    await db.destroy();
  });
});

describe('the register of deviations (Buurderij art. 20)', () => {
  const DEVIATION = {
    policy: 'de-buurderij',
    kind: 'provision',
    description: 'Zorgplan van een cliënt aan de school gegeven; "dringend", op verzoek\nvan de ouders.',
    reason: 'Nodig voor de begeleiding op school.',
    by: 'Raad van Bestuur',
  };

  it('records what deviated, why and who decided under a label of its year, and exports them', async () => {
    const { dataDir, db, services } = await setUp();
    const first = await addDeviation(services, DEVIATION, new Date('2026-03-02T09:00:00Z'));
    const second = await addDeviation(
      services,
      { ...DEVIATION, kind: 'other-persons' },
      new Date('2026-03-03T09:00:00Z'),
    );
    expect([first.label, second.label]).toEqual(['AFW-2026-0001', 'AFW-2026-0002']);
    // Each entry is scheduled for destruction 3 years on (art. 20(1)), known to its schedule by its label only;
    // no Temporal runs here, so the worker's reconciliation starts the registered schedule.
    expect(first.retention).toEqual({ reference: 'BEW-2026-0001', started: false });
    const schedule = await findCase(db, 'BEW-2026-0001');
    expect(schedule).toMatchObject({
      process: 'retention',
      policy_id: 'de-buurderij',
      due_at: '2029-03-02T22:59:59.999Z',
    });
    const request = await findLatestRecord<Record<string, unknown>>(db, schedule.id, 'retention.request');
    expect(request).toMatchObject({ category: 'deviation-register', dossier: 'AFW-2026-0001' });
    const audit = await db<AuditEventRow>('audit_events').where({ type: 'deviation.recorded' }).first();
    // The audit trail knows the entry by its label; what it says stays in the register.
    expect(JSON.parse(audit!.data)).toEqual({
      label: 'AFW-2026-0001',
      policy: 'de-buurderij',
      kind: 'provision',
    });
    expect(audit!.actor).toBe('Marc Bralts');

    const { content } = await exported(dataDir, 'deviations', [
      '--policy',
      'de-buurderij',
      '--format',
      'csv',
    ]);
    const [header, ...rows] = parseCsv(content.toString('utf8'));
    expect(header).toEqual([
      'label',
      'kind',
      'description',
      'reason',
      'decided_by',
      'recorded_at',
      'kept_until',
      'retention_case',
    ]);
    // Art. 20(1): kept at most 3 years from recording.
    expect(rows[0]).toEqual([
      'AFW-2026-0001',
      'provision',
      DEVIATION.description,
      DEVIATION.reason,
      'Raad van Bestuur',
      '2026-03-02 10:00',
      '2029-03-02',
      'BEW-2026-0001',
    ]);
    expect(rows).toHaveLength(2);

    const pdf = await readPdf(
      (await exported(dataDir, 'deviations', ['--policy', 'de-buurderij', '--format', 'pdf'])).content,
    );
    expect(pdf.text).toContain('verstrekking aan anderen dan het reglement noemt (artikel 20 lid 2 onder c)');
    expect(pdf.text).toContain('Bewaard tot 2 maart 2029 (bewaartermijn BEW-2026-0001)');
    await db.destroy();
  });

  it('refuses bad input naming the flag, and a policy without the deviation-register period, writing nothing', async () => {
    const { db, services } = await setUp();
    const refused = (input: Partial<typeof DEVIATION>) =>
      addDeviation(services, { ...DEVIATION, ...input }).then(
        () => 'accepted',
        (error: PrivacyloketError) => error.message,
      );
    expect(await refused({ description: '  ' })).toMatch(/^--description /);
    expect(await refused({ kind: 'misc' })).toBe(
      '--kind must be one of other-persons, third-party-request, provision, other, got "misc"',
    );
    expect(await refused({ policy: 'gdpr-default' })).toMatch(
      /^--policy is gdpr-default, whose policy has no 'deviation-register' retention category/,
    );
    expect(await db<DeviationRow>('deviations').count({ n: '*' }).first()).toEqual({ n: 0 });
    await db.destroy();
  });

  it("keeps an entry whose schedule failed to register, and the worker's start registers it, once", async () => {
    const { db, services } = await setUp();
    // The schedule's case cannot be written (its request record has nowhere to go): the entry stands alone.
    await db.schema.renameTable('case_records', 'case_records_elsewhere');
    await expect(addDeviation(services, DEVIATION, new Date('2026-03-02T09:00:00Z'))).rejects.toThrow(
      /^Recorded AFW-2026-0001 in the register of deviations, but its retention schedule could not be registered \(.*case_records.*\); the next worker start \(npm start or npm run worker\) registers it\.$/,
    );
    await db.schema.renameTable('case_records_elsewhere', 'case_records');
    const entry = () => db<DeviationRow>('deviations').where({ label: 'AFW-2026-0001' }).first();
    expect(await entry()).toMatchObject({ retention_reference: null });
    expect(await db('cases').count({ n: '*' }).first()).toEqual({ n: 0 });

    // The worker's start: the schedule is registered from the entry's recording (3 years, art. 20(1)).
    const at = new Date('2026-12-01T09:00:00Z');
    expect(await scheduleMissingDeviations(services, at)).toEqual({
      scheduled: ['AFW-2026-0001'],
      problems: [],
    });
    expect(await entry()).toMatchObject({ retention_reference: 'BEW-2026-0001' });
    const schedule = await findCase(db, 'BEW-2026-0001');
    expect(schedule).toMatchObject({ process: 'retention', due_at: '2029-03-02T22:59:59.999Z' });
    const request = await findLatestRecord<Record<string, unknown>>(db, schedule.id, 'retention.request');
    expect(request).toMatchObject({ category: 'deviation-register', dossier: 'AFW-2026-0001' });

    // The next start finds nothing to do.
    expect(await scheduleMissingDeviations(services, at)).toEqual({ scheduled: [], problems: [] });
    expect(await db('cases').count({ n: '*' }).first()).toEqual({ n: 1 });
    await db.destroy();
  });

  it('is the command register add-deviation: every missing flag named, and nothing recorded while Temporal does not answer', async () => {
    const { db } = await setUp();
    // A port that answers nothing: the entry would have no schedule, so none is recorded.
    const silent = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    vi.stubEnv('TEMPORAL_ADDRESS', `127.0.0.1:${(silent.address() as AddressInfo).port}`);
    vi.stubEnv('PRIVACYLOKET_TEMPORAL_WAIT', '1');
    try {
      const flags = Object.entries(DEVIATION).flatMap(([key, value]) => [`--${key}`, value]);
      await expect(runCommand(addDeviationCommand, flags)).rejects.toThrow(/Temporal does not answer/);
      expect(await db<DeviationRow>('deviations').count({ n: '*' }).first()).toEqual({ n: 0 });
      const missing = runCommand(addDeviationCommand, ['--policy', 'de-buurderij', '--kind', 'other']);
      await expect(missing).rejects.toThrow('--description, --reason and --by are required.');
    } finally {
      silent.close();
    }
    await db.destroy();
  });
});

describe('the destruction register', () => {
  it("lists every confirmed destruction, and with --policy only that organisation's", async () => {
    const { dataDir, db } = await setUp();
    const ours = await registerAccessCase(db, {
      policyId: 'de-buurderij',
      receivedAt: new Date('2026-01-05T10:00:00Z'),
    });
    const theirs = await registerAccessCase(db, {
      policyId: 'werk-op-maat',
      receivedAt: new Date('2026-01-06T10:00:00Z'),
    });
    const entry = {
      process: 'retention',
      category: 'staff',
      what: 'Personeelsgegevens',
      basis: '2 jaar na het einde van het dienstverband (Bijlage, Gegevens van personeel)',
      dueAt: '2026-02-01T22:59:59.999Z',
      destroyedAt: '2026-01-30T14:00:00.000Z',
      destroyedBy: 'J. Jansen',
      how: 'Papieren dossier versnipperd; digitale map verwijderd, ook uit de back-up.',
    };
    await insertDestruction(db, ours.id, { ...entry, reference: ours.reference });
    await insertDestruction(db, theirs.id, { ...entry, reference: theirs.reference });

    const all = await exported(dataDir, 'destructions', ['--format', 'csv']);
    expect(all.result.entries).toBe(2);
    const only = await exported(dataDir, 'destructions', ['--policy', 'de-buurderij', '--format', 'csv']);
    const [header, ...rows] = parseCsv(only.content.toString('utf8'));
    expect(rows).toHaveLength(1);
    expect(Object.fromEntries(header!.map((c, i) => [c, rows[0]![i]]))).toMatchObject({
      reference: ours.reference,
      destroyed_at: '2026-01-30 15:00',
      destroyed_by: 'J. Jansen',
      how: entry.how,
    });
    const { text } = await readPdf((await exported(dataDir, 'destructions', ['--format', 'pdf'])).content);
    expect(text).toContain(`${ours.reference}: Personeelsgegevens`);
    expect(text).toContain('Vernietigd op 2026-01-30 15:00 Door J. Jansen');
    await db.destroy();
  });
});

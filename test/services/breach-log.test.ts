/**
 * The breach's documents read back as a reader sees them: the log (art. 33(5)) as PDF and CSV, the AP
 * notification document (art. 33(3), follow-ups 33(4), delay 33(1)) and the public announcement (art. 34(3)(c)),
 * each from a case registered with the records the breach workflow writes.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openActivityDeps, type ActivityDeps } from '../../activities';
import { breachAnnouncement } from '../../cli/commands/breach-announcement';
import { breachLog } from '../../cli/commands/breach-log';
import { breachNotification } from '../../cli/commands/breach-notification';
import { runCommand } from '../../cli/command';
import { openDb, type Db } from '../../db';
import type { AuditEventRow } from '../../db/audit';
import type { DocumentRow } from '../../db/letters';
import { sha256 } from '../../db/letters';
import { PrivacyloketError } from '../../lib/errors';
import { apNotificationDocument, publicAnnouncementDocument } from '../../services/breach-documents';
import { breachFile, breachFiles } from '../../services/breach-file';
import { breachLogCsv, breachLogPdf, CSV_COLUMNS } from '../../services/breach-log';
import {
  ASSESSMENT,
  completeRecords,
  RECOMMENDATION,
  registerBreach,
  START,
} from '../helpers/breach-records';
import { testDb } from '../helpers/db';
import { tempDir, testConfig, testEnv } from '../helpers/env';
import { readPdf } from '../helpers/pdf';

// One Chromium for the file, as a worker has; each test brings its own database.
let shared: (ActivityDeps & { close(): Promise<void> }) | undefined;
beforeAll(() => {
  shared = openActivityDeps(testConfig(), undefined as unknown as Db);
});
afterAll(async () => shared?.close());
const depsFor = (db: Db): ActivityDeps => ({ ...shared!, db });

/** A complete breach (closed, notified late, a follow-up, letters sent) and one only just logged. */
async function twoBreaches(db: Db) {
  const complete = await registerBreach(db, {
    records: completeRecords(),
    closedAt: '2026-04-10T10:00:00.000Z',
  });
  const open = await registerBreach(db, {
    start: {
      noticedAt: '2026-05-04T07:00:00.000Z',
      summary: 'Map met zorgplannen laten liggen in de trein',
      occurredAt: '2026-05-03T20:00:00.000Z',
      ongoing: false,
    },
  });
  return { complete: complete.reference, open: open.reference };
}

/** RFC 4180 read back character by character: quoted fields, doubled quotes, CRLF between records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted && char === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (!quoted && char === ';') {
      row.push(field);
      field = '';
    } else if (!quoted && char === '\r' && text[i + 1] === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
      i++;
    } else {
      field += char;
    }
  }
  return rows;
}

describe('the breach log', () => {
  it('shows every breach with every field of art. 33(5), and what an open one still lacks (PDF)', async () => {
    const db = await testDb();
    const { complete, open } = await twoBreaches(db);
    const files = await breachFiles(db);
    expect(files.map((file) => file.reference)).toEqual([complete, open]);
    const log = await breachLogPdf(depsFor(db), files);
    const { text, info } = await readPdf(log.pdf);
    expect(info.Title).toBe('Register van datalekken (AVG artikel 33 lid 5)');
    expect(log.sha256).toBe(sha256(log.pdf));
    const [first, second] = text.split(`${open} (open)`) as [string, string];
    for (const expected of [
      `${complete} (afgesloten)`,
      'Aantal datalekken 2, waarvan 1 nog open',
      // When it happened (a period), was discovered, the organisation became aware (with reasons, and the
      // earlier moment it revised), and the processor told it; Amsterdam time, summer time from 29 March.
      'Plaatsgevonden van 26 maart 2026, 23:00 tot 27 maart 2026, 07:00',
      'Ontdekt 27 maart 2026, 09:00',
      'Op de hoogte (art. 33 lid 1) 27 maart 2026, 15:00, vastgelegd door Marc Bralts',
      'Redenen Forensisch onderzoek bevestigde exfiltratie',
      'Eerder vastgelegd moment 27 maart 2026, 14:00',
      'ICT-leverancier bevestigde de versleuteling',
      'ICT Noord B.V.; informeerde ons op 27 maart 2026, 13:30 (art. 33 lid 2)',
      // 72 hours from awareness, across the change to summer time: 73 hours on the clock.
      'Einde van de 72 uur 30 maart 2026, 16:00',
      // Facts and cause, categories and numbers.
      'Dossierserver versleuteld; losgeldbrief op het scherm',
      ASSESSMENT.description,
      'diefstal, kopiëren',
      ASSESSMENT.cause,
      'vertrouwelijkheid (onbevoegde toegang of verstrekking); beschikbaarheid (verlies of vernietiging)',
      'naam, adres, zorgplan',
      'gezondheid, burgerservicenummer (BSN)',
      'Aantal records (ongeveer) 12.500',
      'minimaal 1.100, maximaal 1.150',
      'cliënten in zorg, kinderen',
      // Effects and the risk assessment with each revision, and what the revision changed.
      'Beoordeling versie 1, vastgelegd op',
      '900–1.200 betrokkenen',
      'Beoordeling versie 2, vastgelegd op',
      'gewijzigd: betrokkenen en aantallen, genomen en geplande maatregelen',
      'Ernst zeer hoog',
      RECOMMENDATION.reasons[0]!,
      // Remedial and preventive measures.
      'Genomen (herstel) Server teruggezet; alle wachtwoorden vervangen',
      'Gepland (voorkomen) Phishingtraining voor alle teams',
      'Bij afsluiting Jaarlijkse phishingtest ingevoerd',
      'Politie (aangifte), Inspectie Gezondheidszorg en Jeugd',
      // The decision with reasons.
      'Melden aan de AP ja Betrokkenen informeren ja Redenen Hoog risico voor cliënten in zorg',
      'volgens het advies van Privacyloket',
      'door Raad van Bestuur',
      // The notification, its follow-up, the delay.
      'Melding 31 maart 2026, 11:00, meldingsnummer M-2026-000123',
      'Vervolgmelding nr. 2 3 april 2026, 12:00, meldingsnummer M-2026-000123-2',
      'Gewijzigd: Aantal betrokkenen vastgesteld op 1.150',
      'Reden voor de vertraging Het forensisch onderzoek liep door tot maandag',
      // The letter's text, and when and how it went.
      'Ingelezen betrokkenen 1.150 (1.000 per e-mail, 150 per post)',
      'Criminelen hebben uw dossier gekopieerd.',
      'Iemand kan zich voor u uitgeven met uw BSN.',
      'Wij hebben de server schoongemaakt en aangifte gedaan.',
      'Wees alert op vreemde post en telefoontjes.',
      'Verstuurd 4 april 2026, 18:00: 1.147 brieven, 997 per e-mail en 150 per post; 3 onbestelbaar',
      // The FG's involvement, and who recorded what.
      'Functionaris Gegevensbeheer Marc Bralts, marc@debuurderij.nl',
      'Raad van Bestuur: besluit',
      'Afgesloten op 10 april 2026, 12:00 door Marc Bralts.',
    ]) {
      expect(first, expected).toContain(expected);
    }
    expect(first).not.toContain('nog niet afgehandeld');
    for (const expected of [
      'Dit datalek is nog niet afgehandeld. Nog niet vastgelegd:',
      'de redenen waarom de organisatie op dat moment op de hoogte was (breach aware)',
      'de risicobeoordeling (breach assess)',
      'het besluit over melden aan de AP en informeren van betrokkenen (breach decide)',
      'het afsluiten van het lek',
      'Plaatsgevonden op 3 mei 2026, 22:00',
      'Ontdekt 4 mei 2026, 09:00',
      'Op de hoogte (art. 33 lid 1) 4 mei 2026, 09:00, vastgelegd door Anna de Boer',
      'Nog geen risicobeoordeling.',
      'Nog geen besluit.',
      'Nog open.',
    ]) {
      expect(second, expected).toContain(expected);
    }
  });

  it('is written in English on request', async () => {
    const db = await testDb();
    await twoBreaches(db);
    const { text } = await readPdf(
      (await breachLogPdf(depsFor(db), await breachFiles(db), { locale: 'en' })).pdf,
    );
    expect(text).toContain('Register of personal data breaches (GDPR article 33(5))');
    expect(text).toContain('Aware (art. 33(1)) 27 March 2026, 15:00');
    expect(text).toContain('Follow-up no. 2 3 April 2026, 12:00, AP reference M-2026-000123-2');
    expect(text).toContain('Still to be recorded: the reasons why the organisation was aware at that moment');
  });

  it('exports one CSV row per breach, columns in their documented order, for Excel in Dutch', async () => {
    const db = await testDb();
    const { complete, open } = await twoBreaches(db);
    const csv = breachLogCsv(await breachFiles(db));
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 byte-order mark
    const rows = parseCsv(csv.toString('utf8').slice(1));
    expect(rows[0]).toEqual(CSV_COLUMNS.map(([name]) => name));
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
    const [full, logged] = rows
      .slice(1)
      .map((row) => Object.fromEntries(rows[0]!.map((name, i) => [name, row[i]!])) as Record<string, string>);
    expect(full).toMatchObject({
      reference: complete,
      status: 'closed',
      summary: START.summary, // holds a semicolon: quoted, and read back whole
      occurred_from: '2026-03-26 23:00',
      occurred_to: '2026-03-27 07:00',
      noticed_at: '2026-03-27 09:00',
      aware_at: '2026-03-27 15:00',
      aware_reasons: 'Forensisch onderzoek bevestigde exfiltratie',
      processor: 'ICT Noord B.V.',
      processor_informed_at: '2026-03-27 13:30',
      deadline_72h: '2026-03-30 16:00',
      data_special: 'health, bsn',
      records: '12500',
      people_min: '1100',
      people_max: '1150',
      severity: 'very-high',
      decision_notify_ap: 'yes',
      decision_tell_people: 'yes',
      ap_notified_at: '2026-03-31 11:00',
      ap_reference: 'M-2026-000123',
      late: 'yes',
      late_reasons: 'Het forensisch onderzoek liep door tot maandag',
      letters_by_mail: '997',
      letters_by_post: '150',
      letters_undeliverable: '3',
      closed_at: '2026-04-10 12:00',
      missing: '',
    });
    expect(full!.assessments!.split('\n')).toHaveLength(2); // each revision, one line each, in one quoted field
    expect(full!.follow_ups).toBe(
      '2: 2026-04-03 12:00 M-2026-000123-2: Aantal betrokkenen vastgesteld op 1.150',
    );
    expect(full!.letter_text).toContain('Criminelen hebben uw dossier gekopieerd.\n\nIemand kan');
    expect(full!.fg).toBe('Marc Bralts <marc@debuurderij.nl>');
    expect(logged).toMatchObject({
      reference: open,
      status: 'open',
      ap_reference: '',
      decision_notify_ap: '',
    });
    expect(logged!.missing).toBe('aware-reasons, assessment, decision, closure');
  });

  it('holds the breaches that happened or were discovered in the period', async () => {
    const db = await testDb();
    const { complete, open } = await twoBreaches(db);
    // Happened over New Year, discovered in May.
    const old = await registerBreach(db, {
      start: {
        ...START,
        noticedAt: '2026-05-20T08:00:00.000Z',
        occurredFrom: '2025-12-30T10:00:00.000Z',
        occurredTo: '2026-01-02T10:00:00.000Z',
      },
    });
    const between = async (from: string, to: string) =>
      (await breachFiles(db, { from: new Date(from), to: new Date(to) })).map((file) => file.reference);
    expect(await between('2026-01-01T00:00:00+01:00', '2026-01-31T23:59:59+01:00')).toEqual([old.reference]);
    expect(await between('2026-03-01T00:00:00+01:00', '2026-03-31T23:59:59+02:00')).toEqual([complete]);
    expect(await between('2026-05-01T00:00:00+02:00', '2026-05-31T23:59:59+02:00')).toEqual([
      open,
      old.reference,
    ]);
    expect(await between('2026-06-01T00:00:00+02:00', '2026-06-30T23:59:59+02:00')).toEqual([]);
  });
});

describe('the AP notification document', () => {
  it('follows every section of the AP form and is stored with its SHA-256 in the audit trail', async () => {
    const db = await testDb();
    const { complete } = await twoBreaches(db);
    const document = await apNotificationDocument(depsFor(db), complete, { by: 'Marc Bralts' });
    const { text, info } = await readPdf(document.pdf);
    expect(info.Title).toBe(`Melding van een datalek aan de Autoriteit Persoonsgegevens (${complete})`);
    for (const expected of [
      '1. Over de melding',
      'Wet Algemene verordening gegevensbescherming (AVG), artikel 33',
      'Soort melding Nieuwe melding (eerste melding)',
      'Meldingsnummer van deze melding M-2026-000123 (gemeld op 31 maart 2026, 11:00)',
      '2. Organisatie, melder en contactpersoon',
      'Naam van de organisatie De Buurderij',
      'Melder: naam Marc Bralts',
      'Melder: functie Functionaris Gegevensbeheer',
      'Melder: telefoonnummer 0592-860444 (locatie Balloo)',
      'Contactpersoon voor vragen Marc Bralts, Functionaris Gegevensbeheer, marc@debuurderij.nl',
      'Verwerker of andere organisatie betrokken Ja: ICT Noord B.V.; die informeerde ons op 27 maart 2026, 13:30',
      '3. Tijdlijn',
      'In de periode van 26 maart 2026, 23:00 tot 27 maart 2026, 07:00',
      'Is het datalek nog gaande Nee',
      'Wanneer ontdekt 27 maart 2026, 09:00',
      'Wanneer wij op de hoogte raakten 27 maart 2026, 15:00',
      'Waarom op dat moment Forensisch onderzoek bevestigde exfiltratie',
      '4. Wat er is gebeurd',
      'Wat is er met de gegevens gebeurd diefstal, kopiëren',
      `Oorzaak ${ASSESSMENT.cause}`,
      '5. Persoonsgegevens',
      'Bijzondere en gevoelige gegevens gezondheid, burgerservicenummer (BSN)',
      'Aantal records (ongeveer) 12.500',
      '6. Betrokkenen',
      // The first notification describes the assessment in force when it was made: version 1.
      'Aantal betrokkenen minimaal 900, maximaal 1.200',
      'Kwetsbare groepen cliënten in zorg, kinderen',
      '7. Maatregelen vóór het datalek',
      'Versleuteld of anderszins onbegrijpelijk gemaakt niet versleuteld',
      'Bruikbare, recente back-up Ja',
      '8. Gevolgen',
      'Vertrouwelijkheid geschonden Ja Integriteit geschonden Nee Beschikbaarheid geschonden Ja',
      'lichamelijk: nee; materieel: ja; immaterieel: ja',
      'Ernst zeer hoog',
      '9. Vervolgacties',
      'op 4 april 2026, 18:00 zijn 1.147 persoonlijke brieven verstuurd (997 per e-mail, 150 per post); 3 onbestelbaar',
      'Genomen maatregelen Server losgekoppeld en teruggezet uit de back-up',
      'Geplande maatregelen Phishingtraining voor alle teams',
      'Grensoverschrijdend (betrokkenen in andere EU-landen) Nee',
      'Andere toezichthouders of instanties ingelicht Politie (aangifte), Inspectie Gezondheidszorg en Jeugd',
      '10. Reden voor de vertraging',
      'eindigde op 30 maart 2026, 16:00',
      'Het forensisch onderzoek liep door tot maandag',
    ]) {
      expect(text, expected).toContain(expected);
    }
    const stored = await db<DocumentRow>('documents').where({ id: document.documentId }).first();
    expect(Buffer.from(stored!.content).equals(document.pdf)).toBe(true);
    expect(stored!.kind).toBe('breach-ap-notification');
    const event = await db<AuditEventRow>('audit_events').where({ type: 'document.produced' }).first();
    expect(event!.actor).toBe('Marc Bralts');
    expect(JSON.parse(event!.data)).toMatchObject({
      sha256: document.sha256,
      number: 1,
      kind: 'breach-ap-notification',
    });
    expect(document.sha256).toBe(sha256(document.pdf));
  });

  it('numbers a follow-up, carries the first AP reference and says what changed', async () => {
    const db = await testDb();
    const { complete } = await twoBreaches(db);
    const { text } = await readPdf(
      (await apNotificationDocument(depsFor(db), complete, { followUp: 2 })).pdf,
    );
    expect(text).toContain('vervolgmelding nr. 2');
    expect(text).toContain('Soort melding Vervolgmelding nr. 2 (AVG artikel 33 lid 4: informatie in fasen)');
    expect(text).toContain(
      'Meldingsnummer van de eerste melding M-2026-000123 (gemeld op 31 maart 2026, 11:00)',
    );
    expect(text).toContain('Aantal betrokkenen vastgesteld op 1.150');
    expect(text).toContain(
      'Sinds melding nr. 1 is de risicobeoordeling gewijzigd op deze punten: betrokkenen en aantallen; genomen en geplande maatregelen.',
    );
    expect(text).toContain('Aantal betrokkenen minimaal 1.100, maximaal 1.150'); // version 2
    expect(text).not.toContain('Reden voor de vertraging'); // only the first notification can be late
  });

  it('refuses a follow-up whose predecessor is not recorded, and a notification without an assessment', async () => {
    const db = await testDb();
    const { complete, open } = await twoBreaches(db);
    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => 'produced',
        (error: Error) => error.message,
      );
    expect(await refusal(apNotificationDocument(depsFor(db), complete, { followUp: 4 }))).toMatch(
      /^--follow-up is 4, but notification 3 of LEK-2026-0001 is not recorded/,
    );
    expect(await refusal(apNotificationDocument(depsFor(db), complete, { followUp: 1 }))).toMatch(
      /^--follow-up must be a whole number of 2 or more/,
    );
    expect(await refusal(apNotificationDocument(depsFor(db), open))).toBe(
      `${open} has no risk assessment yet; the notification describes it: privacyloket breach assess ${open} --input assessment.json.`,
    );
    // Nothing stored for a refused document.
    expect(await db('documents').count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('shows the reasons for the delay only when the first notification is past the 72 hours', async () => {
    const db = await testDb();
    const records = completeRecords().slice(0, 3); // aware 27 March 15:00: 72 hours end 30 March 16:00
    const inTime = await registerBreach(db, {
      records: [
        ...records,
        {
          type: 'breach.notified',
          data: { number: 1, apReference: 'M-1', at: '2026-03-30T13:59:00.000Z', by: 'M' },
        },
      ],
    });
    const late = await registerBreach(db, {
      records: [
        ...records,
        {
          type: 'breach.notified',
          data: {
            number: 1,
            apReference: 'M-2',
            at: '2026-03-30T14:01:00.000Z',
            lateReasons: 'Pasen',
            by: 'M',
          },
        },
      ],
    });
    const textOf = async (reference: string) =>
      (await readPdf((await apNotificationDocument(depsFor(db), reference)).pdf)).text;
    expect(await textOf(inTime.reference)).not.toContain('Reden voor de vertraging');
    const lateText = await textOf(late.reference);
    expect(lateText).toContain('10. Reden voor de vertraging');
    expect(lateText).toContain('eindigde op 30 maart 2026, 16:00. Deze melding wordt later gedaan');
    expect(lateText).toContain('Pasen');
    expect((await breachFile(db, late.reference)).late).toBe(true);
    expect((await breachFile(db, inTime.reference)).late).toBe(false);
  });

  it('asks for the reasons for the delay while a late notification is still to be made', async () => {
    const db = await testDb();
    const { reference } = await registerBreach(db, { records: completeRecords().slice(0, 3) });
    const now = new Date('2026-04-01T10:00:00Z');
    const asked = (await readPdf((await apNotificationDocument(depsFor(db), reference, { now })).pdf)).text;
    expect(asked).toContain('Redenen voor de vertraging: nog niet vastgelegd.');
    const given = await apNotificationDocument(depsFor(db), reference, {
      now,
      lateReasons: 'Storing bij de leverancier',
    });
    expect((await readPdf(given.pdf)).text).toContain('Storing bij de leverancier');
  });
});

describe('the public announcement (art. 34(3)(c))', () => {
  const exception = {
    type: 'breach.exception' as const,
    data: {
      ground: 'disproportionate' as const,
      reasons: 'Geen adressen van oud-cliënten',
      by: 'Marc Bralts',
    },
  };

  it('tells the public what art. 34(2) requires, in the approved words, with the FG as contact', async () => {
    const db = await testDb();
    const records = completeRecords();
    const letter = records.find((record) => record.type === 'breach.letter-approved')!;
    const { reference } = await registerBreach(db, { records: [...records.slice(0, 4), letter, exception] });
    const document = await publicAnnouncementDocument(depsFor(db), reference, { by: 'Marc Bralts' });
    const { text } = await readPdf(document.pdf);
    for (const expected of [
      'Mededeling over een datalek: informatie voor wie het betreft',
      'Op 27 maart 2026, 09:00 heeft De Buurderij een datalek ontdekt',
      'tussen 900 en 1.200 personen',
      'artikel 34 lid 3 onder c',
      'Wat er is gebeurd Criminelen hebben uw dossier gekopieerd.',
      'Wat de gevolgen voor u kunnen zijn Iemand kan zich voor u uitgeven met uw BSN.',
      'Wat wij hebben gedaan Wij hebben de server schoongemaakt en aangifte gedaan.',
      'Wat u zelf kunt doen Wees alert op vreemde post en telefoontjes.',
      'Wij hebben het datalek op 31 maart 2026, 11:00 gemeld bij de Autoriteit Persoonsgegevens.',
      'Functionaris Gegevensbeheer, Marc Bralts, via marc@debuurderij.nl',
      'klacht indienen bij de Autoriteit Persoonsgegevens',
    ]) {
      expect(text, expected).toContain(expected);
    }
    const event = await db<AuditEventRow>('audit_events').where({ type: 'document.produced' }).first();
    expect(JSON.parse(event!.data)).toMatchObject({
      kind: 'breach-public-announcement',
      sha256: document.sha256,
    });
  });

  it('is refused without the exception of art. 34(3)(c)', async () => {
    const db = await testDb();
    const { complete } = await twoBreaches(db);
    await expect(publicAnnouncementDocument(depsFor(db), complete)).rejects.toThrow(
      /only under art\. 34\(3\)\(c\).*no such exception recorded/,
    );
  });
});

describe('breach commands', () => {
  afterEach(() => void vi.unstubAllEnvs());

  /** The command run in this process against a data folder of its own, as `privacyloket` would run it. */
  async function setUp() {
    const dataDir = tempDir();
    const env = testEnv({ PRIVACYLOKET_DATA_DIR: dataDir });
    for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
    const db = await openDb(testConfig({ PRIVACYLOKET_DATA_DIR: dataDir }).database);
    const breaches = await twoBreaches(db);
    await db.destroy();
    return { dataDir, ...breaches };
  }
  const quietly = async (run: () => Promise<number>) => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      return { code: await run(), printed: log.mock.calls.map((call) => String(call[0])).join('\n') };
    } finally {
      log.mockRestore();
    }
  };

  it('writes the log as CSV (mode 0600) and records the export in the audit trail', async () => {
    const { dataDir, complete } = await setUp();
    const out = join(dataDir, 'datalekken.csv');
    const argv = ['--format', 'csv', '--out', out, '--from', '2026-03-27', '--to', '2026-03-27', '--json'];
    const { code, printed } = await quietly(() => runCommand(breachLog, [...argv, '--by', 'Marc Bralts']));
    expect(code).toBe(0);
    expect(JSON.parse(printed)).toMatchObject({ format: 'csv', breaches: [complete] });
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const db = await openDb(testConfig({ PRIVACYLOKET_DATA_DIR: dataDir }).database);
    const event = await db<AuditEventRow>('audit_events').where({ type: 'breach-log.exported' }).first();
    await db.destroy();
    expect(event!.actor).toBe('Marc Bralts');
    expect(JSON.parse(event!.data)).toMatchObject({ references: [complete], format: 'csv' });
  });

  it('writes the AP notification document and names the flag it refuses', async () => {
    const { dataDir, complete } = await setUp();
    const out = join(dataDir, 'vervolgmelding.pdf');
    const { code } = await quietly(() =>
      runCommand(breachNotification, [complete, '--follow-up', '2', '--out', out]),
    );
    expect(code).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const refused = (argv: string[]) =>
      quietly(() => runCommand(breachNotification, argv)).then(
        () => undefined,
        (error: PrivacyloketError) => error.message,
      );
    expect(await refused([complete, '--follow-up', 'twee', '--out', out])).toBe(
      "--follow-up must be a whole number such as 2, got 'twee'",
    );
    expect(await refused(['LEK-2026-0099', '--out', out])).toBe("No breach has reference 'LEK-2026-0099'.");
    expect(await refused([complete, '--out', join(dataDir, 'nowhere', 'x.pdf')])).toMatch(
      /^--out names a folder that does not exist/,
    );
  });

  it('writes the public announcement only for a breach with the exception of art. 34(3)(c)', async () => {
    const { dataDir, complete } = await setUp();
    const out = join(dataDir, 'mededeling.pdf');
    await expect(quietly(() => runCommand(breachAnnouncement, [complete, '--out', out]))).rejects.toThrow(
      /only under art\. 34\(3\)\(c\)/,
    );
  });
});

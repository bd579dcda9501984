/**
 * Breach cases registered straight into a test database, with the case records the breach workflow writes
 * (`lib/breach/types.ts`): a file to read back without running the workflow.
 */
import type { Db } from '../../db';
import type { CaseRow } from '../../db/cases';
import { insertCase } from '../../db/cases';
import { insertCaseRecord } from '../../db/records';
import type { Assessment, BreachRecords, BreachStart, Recommendation } from '../../lib/breach/types';

export const ASSESSMENT: Assessment = {
  nature: ['confidentiality', 'availability'],
  events: ['stolen', 'copied'],
  cause: 'Ransomware via een phishingmail aan een medewerker van locatie Balloo',
  description: 'Een aanvaller versleutelde de dossierserver en kopieerde cliëntdossiers naar buiten.',
  data: { general: ['naam', 'adres', 'zorgplan'], special: ['health', 'bsn'], records: 12500 },
  people: {
    groups: ['cliënten', 'medewerkers'],
    min: 900,
    max: 1200,
    vulnerable: ['clients-in-care', 'children'],
  },
  measuresBefore: { encryption: 'none', backup: true, other: 'Tweestapsverificatie op de webmail' },
  trustedRecipientDeleted: false,
  malicious: true,
  consequences: {
    physical: false,
    material: true,
    immaterial: true,
    description: 'Identiteitsfraude met het BSN; schaamte en stigmatisering door gezondheidsgegevens.',
    severity: 'very-high',
  },
  measuresAfter: {
    taken: 'Server losgekoppeld en teruggezet uit de back-up',
    planned: 'Phishingtraining voor alle teams',
  },
  ongoing: false,
  crossBorder: false,
  otherAuthorities: ['Politie (aangifte)', 'Inspectie Gezondheidszorg en Jeugd'],
};

export const RECOMMENDATION: Recommendation = {
  notifyAuthority: true,
  notifySubjects: true,
  reasons: ['Gezondheidsgegevens en BSN van kwetsbare cliënten zijn gekopieerd (EDPB 01/2021, geval 5).'],
};

export const START: BreachStart = {
  noticedAt: '2026-03-27T08:00:00.000Z',
  summary: 'Dossierserver versleuteld; losgeldbrief op het scherm',
  awareAt: '2026-03-27T13:00:00.000Z',
  awareReasons: 'ICT-leverancier bevestigde de versleuteling',
  processor: 'ICT Noord B.V.',
  processorInformedAt: '2026-03-27T12:30:00.000Z',
  occurredFrom: '2026-03-26T22:00:00.000Z',
  occurredTo: '2026-03-27T06:00:00.000Z',
  ongoing: false,
};

type RecordOf = {
  [K in keyof BreachRecords]: { type: K; data: BreachRecords[K]; actor?: string };
}[keyof BreachRecords];

/** Registers a breach case and writes its records in order; `closed` closes the case row as the workflow does. */
export async function registerBreach(
  db: Db,
  {
    policyId = 'de-buurderij',
    locale = 'nl',
    start = START,
    records = [],
    closedAt,
  }: {
    policyId?: string;
    locale?: 'nl' | 'en';
    start?: BreachStart;
    records?: RecordOf[];
    closedAt?: string;
  },
) {
  const noticed = new Date(start.noticedAt);
  const { id, reference } = await insertCase(db, {
    process: 'breach',
    policyId,
    locale,
    receivedAt: noticed,
    registeredAt: noticed,
    dueAt: new Date(noticed.getTime() + 72 * 3_600_000),
    request: start as unknown as Record<string, unknown>,
    actor: 'Anna de Boer',
  });
  for (const record of records) {
    await insertCaseRecord(db, {
      caseId: id,
      type: record.type,
      data: record.data,
      actor: record.actor ?? ('by' in record.data ? record.data.by : 'system'),
    });
  }
  if (closedAt) await db<CaseRow>('cases').where({ id }).update({ status: 'closed', closed_at: closedAt });
  return { id, reference };
}

/** Every record a breach gets, from awareness to closure: notified late, with a follow-up, letters sent. */
export function completeRecords(): RecordOf[] {
  const revised: Assessment = {
    ...ASSESSMENT,
    people: { ...ASSESSMENT.people, min: 1100, max: 1150 },
    measuresAfter: { ...ASSESSMENT.measuresAfter, taken: 'Server teruggezet; alle wachtwoorden vervangen' },
  };
  return [
    {
      type: 'breach.aware',
      data: {
        at: '2026-03-27T14:00:00.000Z',
        reasons: 'Forensisch onderzoek bevestigde exfiltratie',
        by: 'Marc Bralts',
      },
    },
    {
      type: 'breach.assessed',
      data: { version: 1, assessment: ASSESSMENT, recommendation: RECOMMENDATION, by: 'Marc Bralts' },
    },
    {
      type: 'breach.decided',
      data: {
        notifyAuthority: true,
        notifySubjects: true,
        reasons: 'Hoog risico voor cliënten in zorg',
        recommendation: RECOMMENDATION,
        against: false,
        by: 'Raad van Bestuur',
      },
    },
    {
      type: 'breach.notified',
      data: {
        number: 1,
        apReference: 'M-2026-000123',
        at: '2026-03-31T09:00:00.000Z',
        lateReasons: 'Het forensisch onderzoek liep door tot maandag',
        by: 'Marc Bralts',
      },
    },
    {
      type: 'breach.assessed',
      data: { version: 2, assessment: revised, recommendation: RECOMMENDATION, by: 'Marc Bralts' },
    },
    {
      type: 'breach.notified',
      data: {
        number: 2,
        apReference: 'M-2026-000123-2',
        at: '2026-04-03T10:00:00.000Z',
        changes: 'Aantal betrokkenen vastgesteld op 1.150',
        by: 'Marc Bralts',
      },
    },
    { type: 'breach.people-imported', data: { count: 1150, byMail: 1000, byPost: 150, by: 'Marc Bralts' } },
    {
      type: 'breach.letter-approved',
      data: {
        letter: {
          nature: 'Criminelen hebben uw dossier gekopieerd.',
          consequences: 'Iemand kan zich voor u uitgeven met uw BSN.',
          measures: 'Wij hebben de server schoongemaakt en aangifte gedaan.',
          advice: 'Wees alert op vreemde post en telefoontjes.',
        },
        by: 'Marc Bralts',
      },
    },
    {
      type: 'breach.letters-sent',
      data: { sent: 997, undeliverable: 3, post: 150, at: '2026-04-04T16:00:00.000Z' },
    },
    { type: 'breach.closed', data: { measures: 'Jaarlijkse phishingtest ingevoerd', by: 'Marc Bralts' } },
  ];
}

/**
 * The recommendation on breaches of a small care organisation, each drawn from a worked case of EDPB Guidelines
 * 01/2021 (v2.0), with the outcome the EDPB gives there; and the refusals of an assessment file, each naming the
 * field as the officer typed it.
 */
import { describe, expect, it } from 'vitest';
import { EXAMPLE_ASSESSMENT, parseAssessment } from '../../lib/breach/assessment';
import { MANY_PEOPLE, recommend } from '../../lib/breach/recommend';
import type { Assessment } from '../../lib/breach/types';
import { PrivacyloketError } from '../../lib/errors';

type Changes = Partial<Omit<Assessment, 'data' | 'people' | 'measuresBefore' | 'consequences'>> & {
  data?: Partial<Assessment['data']>;
  people?: Partial<Assessment['people']>;
  measuresBefore?: Partial<Assessment['measuresBefore']>;
  consequences?: Partial<Assessment['consequences']>;
};

/** A breach with nothing that weighs: each case says what happened to it. */
const BASE: Assessment = {
  nature: ['confidentiality'],
  events: ['other'],
  cause: 'Zie beschrijving.',
  description: 'Zie de oorzaak.',
  data: { general: ['naam', 'e-mailadres'], special: [], records: 10 },
  people: { groups: ['cliënten'], min: 10, max: 10, vulnerable: [] },
  measuresBefore: { encryption: 'none', backup: false },
  trustedRecipientDeleted: false,
  malicious: false,
  consequences: {
    physical: false,
    material: false,
    immaterial: false,
    description: 'Geen.',
    severity: 'low',
  },
  measuresAfter: { taken: 'Onderzocht.' },
};

/** The assessment as the officer's file holds it: through parseAssessment, so every case is a valid file. */
function assessment(changes: Changes, base: Assessment = BASE): Assessment {
  return parseAssessment({
    ...base,
    ...changes,
    data: { ...base.data, ...changes.data },
    people: { ...base.people, ...changes.people },
    measuresBefore: { ...base.measuresBefore, ...changes.measuresBefore },
    consequences: { ...base.consequences, ...changes.consequences },
  });
}

interface Case {
  name: string;
  assessment: Assessment;
  notifyAuthority: boolean;
  notifySubjects: boolean;
  /** The reasons that decide: each begins with the factor and holds the text given. */
  decisive: Array<[factor: string, holds: string]>;
  /** Factors that must not be given as reasons here (a mitigated risk does not count). */
  absent?: string[];
  /** Without the decisive factor the outcome changes: the factor really decides. */
  without?: { changes: Changes; notifyAuthority: boolean; notifySubjects: boolean };
}

const ransomware = assessment({
  nature: ['availability'],
  events: ['unavailable'],
  cause: 'Ransomware via een phishingmail op de planningsserver.',
  malicious: true,
  data: { general: ['naam', 'adres', 'roosters'], records: 2400 },
  people: { groups: ['cliënten', 'medewerkers'], min: 300, max: 340 },
});

const cases: Case[] = [
  {
    name: 'ransomware with a backup and no exfiltration (case 1)',
    assessment: assessment({ measuresBefore: { backup: true } }, ransomware),
    notifyAuthority: false,
    notifySubjects: false,
    decisive: [
      ['Backup:', 'EDPB 01/2021 case 1'],
      ['Conclusion:', 'art. 33(5)'],
    ],
    absent: ['Availability:', 'AP:'],
    without: { changes: { measuresBefore: { backup: false } }, notifyAuthority: true, notifySubjects: false },
  },
  {
    name: 'ransomware without a backup, restored from paper in five days (case 2)',
    assessment: assessment({ consequences: { material: true, severity: 'medium' } }, ransomware),
    notifyAuthority: true,
    notifySubjects: false,
    decisive: [
      ['Availability:', 'EDPB 01/2021 case 2'],
      ['People:', 'no factor of a high risk'],
    ],
    // Malice weighs on what an attacker can read, not on data only locked away.
    absent: ['Malicious intent:'],
  },
  {
    name: 'ransomware with a backup, but care delayed for two days (case 3)',
    assessment: assessment(
      {
        measuresBefore: { backup: true },
        data: { special: ['health'] },
        people: { vulnerable: ['clients-in-care'] },
        consequences: { physical: true, severity: 'medium' },
      },
      ransomware,
    ),
    notifyAuthority: true,
    notifySubjects: true,
    decisive: [
      ['Availability:', 'EDPB 01/2021 case 3'],
      ['Physical harm:', 'case 3'],
    ],
    absent: ['Sensitive data:', 'Vulnerable people:'],
    without: {
      changes: { consequences: { physical: false } },
      notifyAuthority: false,
      notifySubjects: false,
    },
  },
  {
    name: 'ransomware with exfiltration and no backup (case 4)',
    assessment: assessment(
      {
        nature: ['confidentiality', 'availability'],
        events: ['copied', 'unavailable'],
        data: { general: ['naam', 'adres', 'IBAN'], special: ['bsn', 'financial'] },
        consequences: { material: true, severity: 'high' },
      },
      ransomware,
    ),
    notifyAuthority: true,
    notifySubjects: true,
    decisive: [
      ['Identity fraud:', 'BSN and financial data'],
      ['Malicious intent:', 'took them on purpose'],
      ['Availability:', 'case 2'],
    ],
  },
  {
    name: 'exfiltration of job applications from the website (case 5)',
    assessment: assessment({
      events: ['copied'],
      cause: 'SQL-injectie in het sollicitatieformulier op de website.',
      data: { general: ['naam', 'adres', 'cv', 'motivatiebrief'], records: 213 },
      people: { groups: ['sollicitanten'], min: 213, max: 213 },
      malicious: true,
      consequences: { immaterial: true, severity: 'medium' },
    }),
    notifyAuthority: true,
    notifySubjects: true,
    decisive: [['Malicious intent:', 'EDPB 01/2021 case 5']],
    without: { changes: { malicious: false }, notifyAuthority: true, notifySubjects: false },
  },
  {
    name: "hacked client file system: health data of vulnerable clients exfiltrated (cf. case 3's hospital)",
    assessment: assessment({
      events: ['copied', 'published'],
      data: { general: ['naam', 'adres'], special: ['health'], records: 52_000 },
      people: { groups: ['cliënten'], min: 4000, max: 4200, vulnerable: ['clients-in-care', 'elderly'] },
      malicious: true,
      consequences: { immaterial: true, severity: 'very-high' },
    }),
    notifyAuthority: true,
    notifySubjects: true,
    decisive: [
      ['Sensitive data:', 'health data were disclosed'],
      ['Vulnerable people:', 'clients in care and elderly'],
      ['Severity:', 'as very high'],
    ],
  },
  {
    name: 'lost laptop, encrypted to the state of the art with the key safe, files on the server (case 10)',
    assessment: assessment({
      nature: ['confidentiality', 'availability'],
      events: ['lost'],
      data: { special: ['health', 'bsn'] },
      people: { vulnerable: ['clients-in-care'] },
      measuresBefore: { encryption: 'state-of-the-art', backup: true },
    }),
    notifyAuthority: false,
    notifySubjects: false,
    decisive: [
      ['Encryption:', 'art. 34(3)(a)'],
      ['Encryption:', 'EDPB 01/2021 case 10'],
      ['Backup:', 'case 1'],
    ],
    absent: ['Sensitive data:', 'Identity fraud:', 'Vulnerable people:'],
    without: {
      changes: { measuresBefore: { encryption: 'compromised' } },
      notifyAuthority: true,
      notifySubjects: true,
    },
  },
  {
    name: 'stolen unencrypted laptop with client files (case 11)',
    assessment: assessment({
      nature: ['confidentiality'],
      events: ['stolen'],
      cause: 'Laptop gestolen uit de auto van een wijkverpleegkundige.',
      data: { general: ['naam', 'adres', 'geboortedatum'], records: 140 },
      people: { min: 140, max: 140 },
      malicious: true,
      consequences: { severity: 'medium' },
    }),
    notifyAuthority: true,
    notifySubjects: true,
    decisive: [
      ['Confidentiality:', 'not encrypted'],
      ['Malicious intent:', 'case 11'],
    ],
    without: {
      changes: { measuresBefore: { encryption: 'state-of-the-art' } },
      notifyAuthority: false,
      notifySubjects: false,
    },
  },
  {
    name: 'discharge letter mailed to the wrong GP, who confirmed deleting it (case 9)',
    assessment: assessment({
      events: ['sent-to-wrong-recipient'],
      data: { special: ['health'], records: 1 },
      people: { min: 1, max: 1, vulnerable: ['clients-in-care'] },
      trustedRecipientDeleted: true,
    }),
    notifyAuthority: false,
    notifySubjects: false,
    decisive: [['Trusted recipient:', 'EDPB 01/2021 case 9']],
    absent: ['Sensitive data:', 'Vulnerable people:'],
    without: { changes: { trustedRecipientDeleted: false }, notifyAuthority: true, notifySubjects: true },
  },
  {
    name: 'a whole psychiatric file to the wrong GP, who deleted it: the officer rates it high, so case 9 does not carry',
    assessment: assessment({
      events: ['sent-to-wrong-recipient'],
      data: { special: ['health'], records: 1 },
      people: { min: 1, max: 1 },
      trustedRecipientDeleted: true,
      consequences: { immaterial: true, severity: 'high' },
    }),
    notifyAuthority: true,
    notifySubjects: true,
    decisive: [
      ['Confidentiality:', 'no measure makes misuse unlikely'],
      ['Severity:', 'as high'],
    ],
    absent: ['Trusted recipient:'],
  },
  {
    name: 'newsletter to the clients of a day-care centre with every address in CC',
    assessment: assessment({
      events: ['sent-to-wrong-recipient'],
      cause: 'Nieuwsbrief verstuurd met alle adressen in CC in plaats van BCC.',
      // Being on this list shows that one receives mental-health day care.
      data: { general: ['naam', 'e-mailadres'], special: ['health'], records: 412 },
      people: { groups: ['cliënten dagbesteding GGZ'], min: 412, max: 412, vulnerable: ['clients-in-care'] },
      consequences: { immaterial: true, severity: 'medium' },
    }),
    notifyAuthority: true,
    notifySubjects: true,
    decisive: [
      ['Sensitive data:', 'health'],
      ['Vulnerable people:', 'clients in care'],
    ],
  },
  {
    name: "volunteers' newsletter with every address in CC: notify the AP, no letters",
    assessment: assessment({
      events: ['sent-to-wrong-recipient'],
      data: { general: ['e-mailadres'], records: 230 },
      people: { groups: ['vrijwilligers'], min: 230, max: 230 },
    }),
    notifyAuthority: true,
    notifySubjects: false,
    decisive: [
      ['Confidentiality:', 'no measure makes misuse unlikely'],
      ['AP:', '72 hours'],
      ['People:', 'no factor of a high risk'],
    ],
  },
  {
    name: 'credential stuffing on the client portal (case 7)',
    assessment: assessment({
      events: ['read'],
      cause: 'Inloggen met elders gelekte wachtwoorden op het cliëntportaal.',
      data: { general: ['naam', 'zorgplan'], special: ['credentials'], records: 57 },
      people: { min: 57, max: 57 },
      malicious: true,
      consequences: { severity: 'medium' },
    }),
    notifyAuthority: true,
    notifySubjects: true,
    decisive: [
      ['Identity fraud:', 'credentials'],
      ['Identity fraud:', 'EDPB 01/2021 case 7'],
      ['Malicious intent:', 'on purpose'],
    ],
  },
  {
    name: 'hashed passwords of the client portal copied, hashed to the state of the art (case 6)',
    assessment: assessment({
      events: ['copied'],
      data: { general: ['gebruikersnaam'], special: ['credentials'], records: 800 },
      measuresBefore: { encryption: 'state-of-the-art' },
      malicious: true,
    }),
    notifyAuthority: false,
    notifySubjects: false,
    decisive: [['Encryption:', 'case 6']],
    absent: ['Identity fraud:', 'Malicious intent:'],
  },
  {
    name: "a client's paper care file lost on a home visit (cf. case 12)",
    assessment: assessment({
      nature: ['confidentiality', 'availability'],
      events: ['lost'],
      data: { general: ['naam', 'adres'], special: ['health', 'bsn'], records: 1 },
      people: { min: 1, max: 1, vulnerable: ['clients-in-care'] },
      measuresBefore: { backup: true },
      consequences: { immaterial: true, severity: 'medium' },
    }),
    notifyAuthority: true,
    notifySubjects: true,
    decisive: [
      ['Sensitive data:', 'EDPB 01/2021 case 12'],
      ['Identity fraud:', 'BSN'],
      ['Backup:', 'case 1'],
    ],
  },
  {
    name: 'website down for six hours, restored from a backup',
    assessment: assessment({
      nature: ['availability'],
      events: ['unavailable'],
      measuresBefore: { backup: true },
    }),
    notifyAuthority: false,
    notifySubjects: false,
    decisive: [['Backup:', 'case 1']],
    without: { changes: { consequences: { severity: 'high' } }, notifyAuthority: true, notifySubjects: true },
  },
  {
    name: `ransomware without a backup touching ${MANY_PEOPLE} people at medium severity`,
    assessment: assessment(
      { people: { min: 900, max: MANY_PEOPLE }, consequences: { severity: 'medium' } },
      ransomware,
    ),
    notifyAuthority: true,
    notifySubjects: true,
    decisive: [['Number of people:', `up to ${MANY_PEOPLE} people`]],
    without: {
      changes: { people: { min: 900, max: MANY_PEOPLE - 1 } },
      notifyAuthority: true,
      notifySubjects: false,
    },
  },
];

describe('recommend: cases drawn from EDPB Guidelines 01/2021', () => {
  it.each(cases)('$name', (c) => {
    const { notifyAuthority, notifySubjects, reasons } = recommend(c.assessment);
    expect({ notifyAuthority, notifySubjects }).toEqual({
      notifyAuthority: c.notifyAuthority,
      notifySubjects: c.notifySubjects,
    });
    for (const [factor, holds] of c.decisive) {
      const reason = reasons.find((r) => r.startsWith(factor) && r.includes(holds));
      expect(reason, `a reason "${factor} … ${holds} …" in:\n${reasons.join('\n')}`).toBeDefined();
    }
    for (const factor of c.absent ?? []) {
      expect(reasons.filter((r) => r.startsWith(factor))).toEqual([]);
    }
    if (c.without) {
      const changed = assessment(c.without.changes, c.assessment);
      expect(recommend(changed)).toMatchObject({
        notifyAuthority: c.without.notifyAuthority,
        notifySubjects: c.without.notifySubjects,
      });
    }
  });

  it('gives every reason once, as a sentence, and concludes on both questions', () => {
    for (const c of cases) {
      const { reasons, notifyAuthority } = recommend(c.assessment);
      expect(new Set(reasons).size).toBe(reasons.length);
      for (const reason of reasons) expect(reason).toMatch(/^[A-Z][\w ]+: .+\.$/);
      const last = reasons.slice(notifyAuthority ? -2 : -1).map((r) => r.split(':')[0]);
      expect(last).toEqual(notifyAuthority ? ['AP', 'People'] : ['Conclusion']);
    }
  });

  it('is deterministic and leaves the assessment as it was', () => {
    const copy = structuredClone(EXAMPLE_ASSESSMENT);
    expect(recommend(EXAMPLE_ASSESSMENT)).toEqual(recommend(copy));
    expect(EXAMPLE_ASSESSMENT).toEqual(copy);
  });
});

/** The refusal of a file with `changes` applied to the example (a key set to undefined is left out). */
function refusal(changes: Record<string, unknown>): PrivacyloketError {
  try {
    parseAssessment(JSON.parse(JSON.stringify({ ...EXAMPLE_ASSESSMENT, ...changes })));
  } catch (error) {
    expect(error).toBeInstanceOf(PrivacyloketError);
    expect((error as PrivacyloketError).code).toBe('invalid-input');
    return error as PrivacyloketError;
  }
  throw new Error('parseAssessment accepted it');
}

describe('parseAssessment', () => {
  it('takes the example as it is, its text normalised', () => {
    expect(parseAssessment(structuredClone(EXAMPLE_ASSESSMENT))).toEqual(EXAMPLE_ASSESSMENT);
    const padded = parseAssessment({ ...EXAMPLE_ASSESSMENT, cause: '  Menselijke fout.\r\n' });
    expect(padded.cause).toBe('Menselijke fout.');
  });

  it.each([
    [
      'a mistyped key, with the fields there are',
      { severty: 'high' },
      'severty',
      'severty is not a field; the fields are nature, events, cause, description, data, people,',
    ],
    [
      'a mistyped key inside an object',
      { people: { ...EXAMPLE_ASSESSMENT.people, minimum: 3 } },
      'people.minimum',
      'people.minimum is not a field; the fields are groups, min, max, vulnerable',
    ],
    [
      'a minimum above the maximum',
      { people: { ...EXAMPLE_ASSESSMENT.people, min: 40, max: 12 } },
      'people.min',
      'people.min must not exceed people.max (12), got 40',
    ],
    [
      'a negative number of records',
      { data: { ...EXAMPLE_ASSESSMENT.data, records: -1 } },
      'data.records',
      'data.records must be a whole number of 0 or more, got -1',
    ],
    [
      'a number as text',
      { data: { ...EXAMPLE_ASSESSMENT.data, records: '38' } },
      'data.records',
      'data.records must be a whole number of 0 or more, got "38"',
    ],
    [
      'an encryption it does not know, with the values allowed',
      { measuresBefore: { ...EXAMPLE_ASSESSMENT.measuresBefore, encryption: 'aes' } },
      'measuresBefore.encryption',
      'measuresBefore.encryption must be one of none, state-of-the-art, compromised, got "aes"',
    ],
    [
      'a mistyped nature',
      { nature: ['confidentialty'] },
      'nature',
      'nature holds "confidentialty"; allowed are confidentiality, integrity, availability',
    ],
    [
      'a special category in Dutch',
      { data: { ...EXAMPLE_ASSESSMENT.data, special: ['health', 'gezondheid'] } },
      'data.special',
      'data.special holds "gezondheid"; allowed are health, bsn,',
    ],
    ['no nature at all', { nature: [] }, 'nature', 'nature must list at least one item'],
    ['a yes for a true', { malicious: 'yes' }, 'malicious', 'malicious must be true or false'],
    [
      'a missing severity',
      { consequences: { ...EXAMPLE_ASSESSMENT.consequences, severity: undefined } },
      'consequences.severity',
      'consequences.severity is required',
    ],
    [
      'a missing object, reported once',
      { measuresAfter: undefined },
      'measuresAfter',
      'measuresAfter is required.',
    ],
    [
      'a blank group',
      { people: { ...EXAMPLE_ASSESSMENT.people, groups: ['cliënten', ' '] } },
      'people.groups[1]',
      'people.groups[1] must not be empty',
    ],
    [
      'a hidden character in a text',
      { description: 'Mail naar\u202e de verkeerde ontvanger.' },
      'description',
      'description must not hold invisible or control characters (found U+202E)',
    ],
    [
      'a trusted recipient without a confidentiality breach',
      { nature: ['availability'], trustedRecipientDeleted: true },
      'trustedRecipientDeleted',
      'trustedRecipientDeleted is true, so data reached someone: nature must hold confidentiality',
    ],
    [
      'no data named',
      { data: { general: [], special: [], records: 3 } },
      'data.general',
      'data.general and data.special must not both be empty',
    ],
  ])('refuses %s, naming the field', (_, changes, field, message) => {
    const error = refusal(changes);
    expect(error.field).toBe(field);
    expect(`${error.message}.`).toContain(message);
  });

  it('names every problem in one sentence', () => {
    const error = refusal({
      people: { ...EXAMPLE_ASSESSMENT.people, min: 40, max: 12 },
      measuresBefore: { encryption: 'aes', backup: 'ja' },
    });
    // Each field as it is read, then what the fields mean together.
    expect(error.field).toBe('measuresBefore.encryption');
    expect(error.message).toBe(
      'measuresBefore.encryption must be one of none, state-of-the-art, compromised, got "aes"; measuresBefore.backup must be true or false; people.min must not exceed people.max (12), got 40',
    );
  });

  it('refuses what is not one object', () => {
    for (const input of [null, [], 'assessment', 3]) {
      expect(() => parseAssessment(input)).toThrow('The assessment must be one JSON object');
    }
  });
});

/**
 * The recommendation on breaches of a small care organisation, each drawn from a worked case of EDPB Guidelines
 * 01/2021 (v2.0), with the outcome the EDPB gives there and its reasons in English and in Dutch; and the refusals
 * of an assessment file, each naming the field as the officer typed it.
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

const LOCALES = ['en', 'nl'] as const;

/** How each factor's reason begins, in each language. */
const FACTOR = {
  encryption: { en: 'Encryption:', nl: 'Versleuteling:' },
  trusted: { en: 'Trusted recipient:', nl: 'Vertrouwde ontvanger:' },
  backup: { en: 'Backup:', nl: 'Back-up:' },
  confidentiality: { en: 'Confidentiality:', nl: 'Vertrouwelijkheid:' },
  availability: { en: 'Availability:', nl: 'Beschikbaarheid:' },
  integrity: { en: 'Integrity:', nl: 'Integriteit:' },
  severity: { en: 'Severity:', nl: 'Ernst:' },
  sensitive: { en: 'Sensitive data:', nl: 'Gevoelige gegevens:' },
  fraud: { en: 'Identity fraud:', nl: 'Identiteitsfraude:' },
  malicious: { en: 'Malicious intent:', nl: 'Kwade opzet:' },
  vulnerable: { en: 'Vulnerable people:', nl: 'Kwetsbare personen:' },
  physical: { en: 'Physical harm:', nl: 'Lichamelijke schade:' },
  number: { en: 'Number of people:', nl: 'Aantal betrokkenen:' },
  conclusion: { en: 'Conclusion:', nl: 'Conclusie:' },
  authority: { en: 'AP:', nl: 'AP:' },
  people: { en: 'People:', nl: 'Betrokkenen:' },
} as const;
type Factor = keyof typeof FACTOR;
const factorOf = (reason: string, locale: 'en' | 'nl') =>
  (Object.keys(FACTOR) as Factor[]).find((factor) => reason.startsWith(`${FACTOR[factor][locale]} `));

interface Case {
  name: string;
  assessment: Assessment;
  notifyAuthority: boolean;
  notifySubjects: boolean;
  /** The reasons that decide: each begins with the factor and holds the text given, in English and in Dutch. */
  decisive: Array<[factor: Factor, en: string, nl: string]>;
  /** Factors that must not be given as reasons here (a mitigated risk does not count). */
  absent?: Factor[];
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
      ['backup', 'EDPB 01/2021 case 1 (', 'EDPB-richtsnoeren 01/2021, casus 1 ('],
      ['conclusion', 'art. 33(5)', 'artikel 33 lid 5 AVG'],
    ],
    absent: ['availability', 'authority'],
    without: { changes: { measuresBefore: { backup: false } }, notifyAuthority: true, notifySubjects: false },
  },
  {
    name: 'ransomware without a backup, restored from paper in five days (case 2)',
    assessment: assessment({ consequences: { material: true, severity: 'medium' } }, ransomware),
    notifyAuthority: true,
    notifySubjects: false,
    decisive: [
      ['availability', 'EDPB 01/2021 case 2', 'EDPB-richtsnoeren 01/2021, casus 2'],
      ['people', 'no factor of a high risk', 'geen factor van een hoog risico'],
    ],
    // Malice weighs on what an attacker can read, not on data only locked away.
    absent: ['malicious'],
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
      ['availability', 'EDPB 01/2021 case 3', 'EDPB-richtsnoeren 01/2021, casus 3'],
      ['physical', 'case 3', 'casus 3'],
    ],
    absent: ['sensitive', 'vulnerable'],
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
      ['fraud', 'BSN and financial data', 'burgerservicenummers (BSN) en financiële gegevens'],
      ['malicious', 'took them on purpose', 'opzettelijk heeft weggenomen'],
      ['availability', 'case 2', 'casus 2'],
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
    decisive: [['malicious', 'EDPB 01/2021 case 5', 'EDPB-richtsnoeren 01/2021, casus 5']],
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
      ['sensitive', 'health data were disclosed', 'gezondheidsgegevens zijn onbevoegd verstrekt'],
      ['vulnerable', 'clients in care and elderly', 'cliënten in zorg en ouderen'],
      ['severity', 'as very high', 'als zeer hoog'],
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
      ['encryption', 'art. 34(3)(a)', 'artikel 34 lid 3, onder a, AVG'],
      ['encryption', 'EDPB 01/2021 case 10', 'EDPB-richtsnoeren 01/2021, casus 10'],
      ['backup', 'case 1 (', 'casus 1 ('],
    ],
    absent: ['sensitive', 'fraud', 'vulnerable'],
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
      ['confidentiality', 'not encrypted', 'niet versleuteld'],
      ['malicious', 'case 11', 'casus 11'],
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
    decisive: [['trusted', 'EDPB 01/2021 case 9', 'EDPB-richtsnoeren 01/2021, casus 9']],
    absent: ['sensitive', 'vulnerable'],
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
      [
        'confidentiality',
        'no measure makes misuse unlikely',
        'geen maatregel maakt misbruik onwaarschijnlijk',
      ],
      ['severity', 'as high', 'als hoog'],
    ],
    absent: ['trusted'],
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
      ['sensitive', 'health', 'gezondheidsgegevens'],
      ['vulnerable', 'clients in care', 'cliënten in zorg'],
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
      [
        'confidentiality',
        'no measure makes misuse unlikely',
        'geen maatregel maakt misbruik onwaarschijnlijk',
      ],
      ['authority', '72 hours', '72 uur'],
      ['people', 'no factor of a high risk', 'geen factor van een hoog risico'],
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
      ['fraud', 'credentials', 'inloggegevens'],
      ['fraud', 'EDPB 01/2021 case 7', 'EDPB-richtsnoeren 01/2021, casus 7'],
      ['malicious', 'on purpose', 'opzettelijk'],
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
    decisive: [['encryption', 'case 6', 'casus 6']],
    absent: ['fraud', 'malicious'],
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
      ['sensitive', 'EDPB 01/2021 case 12', 'EDPB-richtsnoeren 01/2021, casus 12'],
      ['fraud', 'BSN', 'burgerservicenummers (BSN)'],
      ['backup', 'case 1 (', 'casus 1 ('],
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
    decisive: [['backup', 'case 1 (', 'casus 1 (']],
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
    // A thousand as Dutch writes it.
    decisive: [['number', `up to ${MANY_PEOPLE} people`, 'ten hoogste 1.000 betrokkenen']],
    without: {
      changes: { people: { min: 900, max: MANY_PEOPLE - 1 } },
      notifyAuthority: true,
      notifySubjects: false,
    },
  },
  {
    name: 'care plans overwritten by a faulty import, with no backup to restore them',
    assessment: assessment({
      nature: ['integrity'],
      events: ['changed'],
      data: { general: ['naam', 'zorgplan'], records: 60 },
      people: { min: 60, max: 60 },
      consequences: { severity: 'medium' },
    }),
    notifyAuthority: true,
    notifySubjects: false,
    decisive: [
      ['integrity', 'not restored from a backup', 'niet uit een back-up hersteld'],
      ['people', 'no factor of a high risk', 'geen factor van een hoog risico'],
    ],
    without: { changes: { measuresBefore: { backup: true } }, notifyAuthority: false, notifySubjects: false },
  },
  {
    name: 'medication lists altered and restored from a backup, but a client was given the wrong dose',
    assessment: assessment({
      nature: ['integrity'],
      events: ['changed'],
      data: { general: ['naam', 'medicatielijst'], special: ['health'], records: 25 },
      people: { min: 25, max: 25, vulnerable: ['clients-in-care'] },
      measuresBefore: { backup: true },
      consequences: { physical: true, severity: 'high' },
    }),
    notifyAuthority: true,
    notifySubjects: true,
    decisive: [
      [
        'integrity',
        '(physical harm, severity rated high)',
        '(lichamelijke schade, ernst ingeschat als hoog)',
      ],
      ['physical', 'care depends on the data', 'de zorg van de gegevens afhangt'],
    ],
    // Nothing was disclosed: the data's sensitivity and the people's vulnerability weigh on who can read them.
    absent: ['sensitive', 'vulnerable'],
    without: {
      changes: { consequences: { physical: false, severity: 'medium' } },
      notifyAuthority: false,
      notifySubjects: false,
    },
  },
];

describe('recommend: cases drawn from EDPB Guidelines 01/2021', () => {
  it.each(cases)('$name', (c) => {
    for (const locale of LOCALES) {
      const { notifyAuthority, notifySubjects, reasons } = recommend(c.assessment, locale);
      expect({ notifyAuthority, notifySubjects }).toEqual({
        notifyAuthority: c.notifyAuthority,
        notifySubjects: c.notifySubjects,
      });
      for (const [factor, en, nl] of c.decisive) {
        const [begins, holds] = [FACTOR[factor][locale], locale === 'en' ? en : nl];
        const reason = reasons.find((r) => r.startsWith(begins) && r.includes(holds));
        expect(reason, `a reason "${begins} … ${holds} …" in:\n${reasons.join('\n')}`).toBeDefined();
      }
      for (const factor of c.absent ?? []) {
        expect(reasons.filter((r) => r.startsWith(FACTOR[factor][locale]))).toEqual([]);
      }
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
      for (const locale of LOCALES) {
        const { reasons, notifyAuthority } = recommend(c.assessment, locale);
        expect(new Set(reasons).size).toBe(reasons.length);
        for (const reason of reasons) expect(reason).toMatch(/^\p{Lu}[\p{L} -]+: .+\.$/u);
        const last = reasons.slice(notifyAuthority ? -2 : -1).map((r) => factorOf(r, locale));
        expect(last).toEqual(notifyAuthority ? ['authority', 'people'] : ['conclusion']);
      }
    }
  });

  it('gives each rule in Dutch and in English, citing the same articles, recitals and cases', () => {
    /** The numbers a reason cites (articles, paragraphs, recitals, guidelines, cases, hours, people). */
    const cited = (reason: string) => (reason.replace(/(\d)\.(\d{3})\b/g, '$1$2').match(/\d+/g) ?? []).sort();
    const seen = new Set<Factor | undefined>();
    const assessments = cases.flatMap((c) => [
      c.assessment,
      ...(c.without ? [assessment(c.without.changes, c.assessment)] : []),
    ]);
    for (const a of assessments) {
      const [en, nl] = LOCALES.map((locale) => recommend(a, locale));
      expect({ ...nl, reasons: [] }).toEqual({ ...en!, reasons: [] });
      expect(nl!.reasons).toHaveLength(en!.reasons.length);
      for (const [index, english] of en!.reasons.entries()) {
        const dutch = nl!.reasons[index]!;
        expect(factorOf(dutch, 'nl'), dutch).toBe(factorOf(english, 'en'));
        expect(cited(dutch), dutch).toEqual(cited(english));
        // Each language cites as its own texts do: "artikel 33 lid 1 AVG", "overweging 75", "casus 12".
        expect(dutch).not.toMatch(/\bart\.|\brecitals?\b|\bcase\b|EDPB \d|\b(the|and|with|data|people)\b/);
        expect(english).not.toMatch(/\bartikel\b|\boverweging|\bcasus\b|richtsnoeren|\ben\b/);
        seen.add(factorOf(english, 'en'));
      }
    }
    expect([...seen].sort()).toEqual(Object.keys(FACTOR).sort());
  });

  it('is deterministic, in Dutch by default, and leaves the assessment as it was', () => {
    const copy = structuredClone(EXAMPLE_ASSESSMENT);
    expect(recommend(EXAMPLE_ASSESSMENT)).toEqual(recommend(copy, 'nl'));
    expect(recommend(EXAMPLE_ASSESSMENT, 'en')).toEqual(recommend(copy, 'en'));
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

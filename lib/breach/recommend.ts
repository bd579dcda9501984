/**
 * Privacyloket's recommendation from one risk assessment; the officer decides (`breach decide`). The AP is
 * notified unless the breach is unlikely to result in a risk (art. 33(1)); the people are told when it is likely
 * to result in a high risk (art. 34(1)). The risk is weighed as EDPB Guidelines 9/2022 ("Factors to consider when
 * assessing risk") and the worked cases of EDPB Guidelines 01/2021 weigh it.
 *
 * No score: three tables of rules, each one condition and the sentence that gives it as a reason, in Dutch and
 * in English side by side (the case's language: the reasons go into its records, its log and its AP document).
 *  1. MITIGATIONS take a kind of breach (confidentiality, integrity, availability) out of the risk.
 *  2. RISKS say why each kind that remains is a risk: any such kind means notifying the AP.
 *  3. HIGH_RISKS are the factors that each alone make the risk high: any of them means telling the people.
 * Pure and deterministic: the breach workflow records the recommendation with the assessment it came from.
 */
import type {
  Assessment,
  BreachNature,
  Recommendation,
  Severity,
  SpecialCategory,
  VulnerableGroup,
} from './types';

type Open = ReadonlySet<BreachNature>;
/** The reasons' language: the case's, since they go into its records and its Dutch or English documents. */
type Locale = 'nl' | 'en';
/** A reason in both languages, side by side, so that neither can lack a rule the other has. */
type Reason = (a: Assessment) => Record<Locale, string>;

interface Mitigation {
  /** The kinds of breach it takes out of the risk. */
  clears: readonly BreachNature[];
  when(a: Assessment): boolean;
  reason: Reason;
}

interface Rule {
  /** `open`: the kinds of breach no mitigation took out of the risk. */
  when(a: Assessment, open: Open): boolean;
  reason: Reason;
}

/** Art. 9 and 10 data, and whereabouts: recital 75 names them where a breach is likely to do damage. */
const SENSITIVE: readonly SpecialCategory[] = [
  'health',
  'criminal',
  'ethnicity',
  'religion',
  'political',
  'union',
  'genetic',
  'biometric',
  'sexual',
  'location',
];
/** Data that open the way to identity theft or fraud (recital 85). */
const FRAUD: readonly SpecialCategory[] = ['bsn', 'identity-document', 'financial', 'credentials'];
/**
 * The law gives no number for "a large number of data subjects" (recital 75); for a small care organisation a
 * breach touching a thousand people is a large one.
 */
export const MANY_PEOPLE = 1000;

/**
 * The Dutch words for what a reason names, as a sentence uses them ("gezondheidsgegevens en locatiegegevens zijn
 * …"); templates/nl/breach/labels.json holds the documents' labels, which read as headings, not in a sentence.
 */
const DUTCH: Record<SpecialCategory | VulnerableGroup | Severity, string> = {
  health: 'gezondheidsgegevens',
  bsn: 'burgerservicenummers (BSN)',
  criminal: 'strafrechtelijke gegevens',
  ethnicity: 'gegevens over ras of etnische afkomst',
  religion: 'gegevens over godsdienst of levensovertuiging',
  political: 'gegevens over politieke opvattingen',
  union: 'gegevens over lidmaatschap van een vakbond',
  genetic: 'genetische gegevens',
  biometric: 'biometrische gegevens',
  sexual: 'gegevens over seksueel gedrag of seksuele gerichtheid',
  financial: 'financiële gegevens',
  'identity-document': 'kopieën van identiteitsbewijzen',
  credentials: 'inloggegevens',
  location: 'locatiegegevens',
  children: 'kinderen', // named only as a vulnerable group: `vulnerable` counts children's data as children
  'clients-in-care': 'cliënten in zorg',
  patients: 'patiënten',
  elderly: 'ouderen',
  other: 'andere kwetsbare personen',
  low: 'laag',
  medium: 'gemiddeld',
  high: 'hoog',
  'very-high': 'zeer hoog',
};

const minor = (a: Assessment) => a.consequences.severity === 'low' || a.consequences.severity === 'medium';
const harmless = (a: Assessment) => minor(a) && !a.consequences.physical && !a.consequences.material;
const among = (a: Assessment, kinds: readonly SpecialCategory[]) =>
  a.data.special.filter((s) => kinds.includes(s));
/** The vulnerable groups, children's data counting as children (recital 75 names them first). */
const vulnerable = (a: Assessment): VulnerableGroup[] => [
  ...new Set([...a.people.vulnerable, ...(a.data.special.includes('children') ? ['children' as const] : [])]),
];
/** "health", "health and BSN", "health, BSN and location", as a sentence lists them; in Dutch with "en". */
function words(items: readonly (keyof typeof DUTCH)[], locale: Locale): string {
  const named = items.map((item) =>
    locale === 'nl' ? DUTCH[item] : item === 'bsn' ? 'BSN' : item.replace(/-/g, ' '),
  );
  const and = locale === 'nl' ? 'en' : 'and';
  return named.length <= 1 ? named.join('') : `${named.slice(0, -1).join(', ')} ${and} ${named.at(-1)}`;
}
/** A number of people as each language writes it: "1.000" in Dutch. */
const count = (n: number, locale: Locale) => (locale === 'nl' ? n.toLocaleString('nl-NL') : String(n));
/** What stood in the way of a backup making the loss harmless. */
function harm(a: Assessment, locale: Locale): string {
  const [physical, material, rated] =
    locale === 'nl'
      ? ['lichamelijke schade', 'materiële schade', 'ernst ingeschat als']
      : ['physical harm', 'material harm', 'severity rated'];
  return [
    a.consequences.physical && physical,
    a.consequences.material && material,
    !minor(a) && `${rated} ${words([a.consequences.severity], locale)}`,
  ]
    .filter(Boolean)
    .join(', ');
}

/*
 * Each reason in English and in the Dutch of the AVG, the AP and the EDPB's Dutch texts, with the same citations:
 * "art. 33(1)" is "artikel 33 lid 1 AVG", "recital 75" "overweging 75", "EDPB 01/2021 case 12" "EDPB-richtsnoeren
 * 01/2021, casus 12", each case with its title.
 */
const MITIGATIONS: readonly Mitigation[] = [
  {
    clears: ['confidentiality'],
    when: (a) => a.measuresBefore.encryption === 'state-of-the-art',
    reason: () => ({
      en: 'Encryption: the data were encrypted to the state of the art with the key safe, so they are unintelligible to whoever holds them and their confidentiality is not at risk (art. 34(3)(a)); like EDPB 01/2021 case 10 (stolen material storing encrypted personal data) and case 6 (exfiltration of hashed password from a website).',
      nl: 'Versleuteling: de gegevens waren versleuteld volgens de stand van de techniek, met een sleutel die niet is gelekt, zodat zij onbegrijpelijk zijn voor wie ze in handen heeft en hun vertrouwelijkheid geen risico loopt (artikel 34 lid 3, onder a, AVG); vergelijkbaar met EDPB-richtsnoeren 01/2021, casus 10 (diefstal van materiaal waarop versleutelde persoonsgegevens zijn opgeslagen) en casus 6 (exfiltratie van een gehasht wachtwoord van een website).',
    }),
  },
  {
    clears: ['confidentiality'],
    when: (a) => a.trustedRecipientDeleted && !a.malicious && minor(a),
    reason: () => ({
      en: "Trusted recipient: the data reached only a known, trusted recipient who confirmed deleting them, so misuse is unlikely (EDPB 9/2022, factor 'severity of consequences'); like EDPB 01/2021 case 9 (accidental transmission of data to a trusted third party).",
      nl: "Vertrouwde ontvanger: de gegevens zijn alleen bij een bekende, vertrouwde ontvanger terechtgekomen, die heeft bevestigd ze te hebben verwijderd, zodat misbruik niet waarschijnlijk is (EDPB-richtsnoeren 9/2022, factor 'ernst van de gevolgen'); vergelijkbaar met EDPB-richtsnoeren 01/2021, casus 9 (onopzettelijke verzending van gegevens aan een vertrouwde derde).",
    }),
  },
  {
    clears: ['availability', 'integrity'],
    when: (a) => a.measuresBefore.backup && harmless(a),
    reason: () => ({
      en: 'Backup: a usable backup restored the data with no physical or material harm and minor consequences, so their loss or alteration is unlikely to result in a risk; like EDPB 01/2021 case 1 (ransomware with proper backup and without exfiltration).',
      nl: 'Back-up: een bruikbare back-up heeft de gegevens hersteld, zonder lichamelijke of materiële schade en met geringe gevolgen, zodat het niet waarschijnlijk is dat het verlies of de wijziging ervan een risico inhoudt; vergelijkbaar met EDPB-richtsnoeren 01/2021, casus 1 (ransomware met een goede back-up en zonder exfiltratie).',
    }),
  },
];

const RISKS: readonly Rule[] = [
  {
    when: (a, open) => open.has('confidentiality'),
    reason: (a) => {
      const compromised = a.measuresBefore.encryption === 'compromised';
      return {
        en: `Confidentiality: personal data were disclosed to, or could be read by, someone not entitled to them (${compromised ? 'the encryption key was compromised' : 'not encrypted'}), and no measure makes misuse unlikely: a risk to the people (art. 33(1); recital 85).`,
        nl: `Vertrouwelijkheid: persoonsgegevens zijn verstrekt aan, of konden worden ingezien door, iemand die daartoe niet bevoegd is (${compromised ? 'de sleutel van de versleuteling is gecompromitteerd' : 'niet versleuteld'}), en geen maatregel maakt misbruik onwaarschijnlijk: een risico voor de betrokkenen (artikel 33 lid 1 AVG; overweging 85).`,
      };
    },
  },
  {
    when: (a, open) => open.has('availability') && !a.measuresBefore.backup,
    reason: () => ({
      en: 'Availability: without a usable backup the data are lost or must be gathered again, a risk to the people (art. 33(1)); like EDPB 01/2021 case 2 (ransomware without proper backup).',
      nl: 'Beschikbaarheid: zonder bruikbare back-up zijn de gegevens verloren of moeten zij opnieuw worden verzameld, een risico voor de betrokkenen (artikel 33 lid 1 AVG); vergelijkbaar met EDPB-richtsnoeren 01/2021, casus 2 (ransomware zonder goede back-up).',
    }),
  },
  {
    when: (a, open) => open.has('availability') && a.measuresBefore.backup,
    reason: (a) => ({
      en: `Availability: a backup restored the data, but the outage had consequences (${harm(a, 'en')}), so it is not unlikely to result in a risk; like EDPB 01/2021 case 3 (ransomware with backup and without exfiltration in a hospital).`,
      nl: `Beschikbaarheid: een back-up heeft de gegevens hersteld, maar de onderbreking had gevolgen (${harm(a, 'nl')}), zodat een risico niet onwaarschijnlijk is; vergelijkbaar met EDPB-richtsnoeren 01/2021, casus 3 (ransomware met back-up en zonder exfiltratie in een ziekenhuis).`,
    }),
  },
  {
    when: (a, open) => open.has('integrity') && !a.measuresBefore.backup,
    reason: () => ({
      en: 'Integrity: changed data were not restored from a backup, so people may be treated or judged on wrong data: a risk (art. 33(1)).',
      nl: 'Integriteit: gewijzigde gegevens zijn niet uit een back-up hersteld, zodat betrokkenen op grond van onjuiste gegevens kunnen worden behandeld of beoordeeld: een risico (artikel 33 lid 1 AVG).',
    }),
  },
  {
    when: (a, open) => open.has('integrity') && a.measuresBefore.backup,
    reason: (a) => ({
      en: `Integrity: a backup restored the data, but the wrong data had consequences (${harm(a, 'en')}): a risk (art. 33(1)).`,
      nl: `Integriteit: een back-up heeft de gegevens hersteld, maar de onjuiste gegevens hadden gevolgen (${harm(a, 'nl')}): een risico (artikel 33 lid 1 AVG).`,
    }),
  },
];

/** Checked only when a risk remains: a factor of a kind of breach that was mitigated does not count. */
const HIGH_RISKS: readonly Rule[] = [
  {
    when: (a) => !minor(a),
    reason: (a) => ({
      en: `Severity: you rate the consequences for the people as ${words([a.consequences.severity], 'en')}: a high risk to their rights and freedoms (art. 34(1); EDPB 9/2022, factor 'severity of consequences').`,
      nl: `Ernst: u schat de ernst van de gevolgen voor de betrokkenen in als ${words([a.consequences.severity], 'nl')}: een hoog risico voor hun rechten en vrijheden (artikel 34 lid 1 AVG; EDPB-richtsnoeren 9/2022, factor 'ernst van de gevolgen').`,
    }),
  },
  {
    when: (a, open) => open.has('confidentiality') && among(a, SENSITIVE).length > 0,
    reason: (a) => ({
      en: `Sensitive data: ${words(among(a, SENSITIVE), 'en')} data were disclosed, for which damage must be taken as likely (recital 75; EDPB 9/2022, factor 'nature, sensitivity and volume of personal data'); like EDPB 01/2021 case 12 (stolen paper files with sensitive data).`,
      nl: `Gevoelige gegevens: ${words(among(a, SENSITIVE), 'nl')} zijn onbevoegd verstrekt, waarbij schade als waarschijnlijk moet worden aangenomen (overweging 75; EDPB-richtsnoeren 9/2022, factor 'aard, gevoeligheid en omvang van de persoonsgegevens'); vergelijkbaar met EDPB-richtsnoeren 01/2021, casus 12 (gestolen papieren dossiers met gevoelige gegevens).`,
    }),
  },
  {
    when: (a, open) => open.has('confidentiality') && among(a, FRAUD).length > 0,
    reason: (a) => ({
      en: `Identity fraud: ${words(among(a, FRAUD), 'en')} data were disclosed and can be used for identity theft or fraud (recitals 75 and 85); like EDPB 01/2021 case 7 (credential stuffing attack on a banking website) and case 14 (highly confidential personal data sent by mail by mistake).`,
      nl: `Identiteitsfraude: ${words(among(a, FRAUD), 'nl')} zijn onbevoegd verstrekt en kunnen worden gebruikt voor identiteitsdiefstal of -fraude (overwegingen 75 en 85); vergelijkbaar met EDPB-richtsnoeren 01/2021, casus 7 (credential-stuffingaanval op een bankwebsite) en casus 14 (per vergissing per e-mail verzonden zeer vertrouwelijke persoonsgegevens).`,
    }),
  },
  {
    when: (a, open) => open.has('confidentiality') && a.malicious,
    reason: () => ({
      en: "Malicious intent: the data are in the hands of someone who took them on purpose, which raises the risk of misuse (EDPB 9/2022, factor 'severity of consequences'); like EDPB 01/2021 case 5 (exfiltration of job application data from a website) and case 11 (stolen material storing non-encrypted personal data).",
      nl: "Kwade opzet: de gegevens zijn in handen van iemand die ze opzettelijk heeft weggenomen, wat het risico op misbruik vergroot (EDPB-richtsnoeren 9/2022, factor 'ernst van de gevolgen'); vergelijkbaar met EDPB-richtsnoeren 01/2021, casus 5 (exfiltratie van sollicitatiegegevens van een website) en casus 11 (diefstal van materiaal waarop niet-versleutelde persoonsgegevens zijn opgeslagen).",
    }),
  },
  {
    when: (a, open) => open.has('confidentiality') && vulnerable(a).length > 0,
    reason: (a) => ({
      en: `Vulnerable people: data of ${words(vulnerable(a), 'en')} were disclosed, people less able to protect themselves (recital 75; EDPB 9/2022, factor 'special characteristics of the individual').`,
      nl: `Kwetsbare personen: gegevens van ${words(vulnerable(a), 'nl')} zijn onbevoegd verstrekt, personen die zich minder goed kunnen beschermen (overweging 75; EDPB-richtsnoeren 9/2022, factor 'bijzondere kenmerken van de persoon').`,
    }),
  },
  {
    when: (a) => a.consequences.physical,
    reason: () => ({
      en: 'Physical harm: the breach can endanger health or safety, for instance because care depends on the data; like EDPB 01/2021 case 3 (ransomware with backup and without exfiltration in a hospital).',
      nl: 'Lichamelijke schade: de inbreuk kan de gezondheid of de veiligheid in gevaar brengen, bijvoorbeeld omdat de zorg van de gegevens afhangt; vergelijkbaar met EDPB-richtsnoeren 01/2021, casus 3 (ransomware met back-up en zonder exfiltratie in een ziekenhuis).',
    }),
  },
  {
    when: (a) => a.consequences.severity === 'medium' && a.people.max >= MANY_PEOPLE,
    reason: (a) => ({
      en: `Number of people: up to ${count(a.people.max, 'en')} people are affected, and at medium severity a breach of this size is a high risk (recital 75, 'a large number of data subjects'; EDPB 9/2022, factor 'number of affected individuals').`,
      nl: `Aantal betrokkenen: het gaat om ten hoogste ${count(a.people.max, 'nl')} betrokkenen, en bij een gemiddelde ernst is een inbreuk van deze omvang een hoog risico (overweging 75, 'een groot aantal betrokkenen'; EDPB-richtsnoeren 9/2022, factor 'aantal getroffen personen').`,
    }),
  },
];

/** The answers to the two questions (art. 33 and 34), the last reasons given. */
const CONCLUSIONS = {
  none: {
    en: 'Conclusion: the breach is unlikely to result in a risk to the people, so no notification to the AP (art. 33(1)) and no letters to them (art. 34(1)); the breach log keeps it with these reasons (art. 33(5)).',
    nl: 'Conclusie: het is niet waarschijnlijk dat de inbreuk in verband met persoonsgegevens een risico inhoudt voor de betrokkenen, dus op grond van artikel 33 lid 1 AVG geen melding aan de Autoriteit Persoonsgegevens (AP) en op grond van artikel 34 lid 1 AVG geen brieven aan de betrokkenen; het datalek wordt met deze redenen vastgelegd in het register van datalekken (artikel 33 lid 5 AVG).',
  },
  authority: {
    en: 'AP: notify the Autoriteit Persoonsgegevens within 72 hours of becoming aware of the breach (art. 33(1)); what is not yet known may follow in phases (art. 33(4)).',
    nl: 'AP: meld het datalek aan de Autoriteit Persoonsgegevens (AP) binnen 72 uur nadat de organisatie er kennis van heeft genomen (artikel 33 lid 1 AVG); wat nog niet bekend is, mag later in stappen worden verstrekt (artikel 33 lid 4 AVG).',
  },
  subjects: {
    en: 'People: tell them without undue delay, in clear and plain language (art. 34(1) and (2)), unless an exception of art. 34(3) applies.',
    nl: 'Betrokkenen: informeer hen onverwijld, in duidelijke en eenvoudige taal (artikel 34 lid 1 en 2 AVG), tenzij een uitzondering van artikel 34 lid 3 AVG van toepassing is.',
  },
  noSubjects: {
    en: 'People: no factor of a high risk applies (sensitive or identity-fraud data disclosed, malicious intent, vulnerable people, physical harm, high severity, many people at medium severity), so no letters (art. 34(1)); assess again when new facts come in.',
    nl: 'Betrokkenen: geen factor van een hoog risico is aanwezig (gevoelige of voor identiteitsfraude bruikbare gegevens verstrekt, kwade opzet, kwetsbare personen, lichamelijke schade, hoge ernst, veel betrokkenen bij gemiddelde ernst), dus geen brieven (artikel 34 lid 1 AVG); beoordeel opnieuw wanneer nieuwe feiten bekend worden.',
  },
} satisfies Record<string, Record<Locale, string>>;

/** Dutch unless the case is English: the reasons go into the case's records and from there into its documents. */
export function recommend(a: Assessment, locale: Locale = 'nl'): Recommendation {
  const mitigations = MITIGATIONS.filter((m) => m.clears.some((n) => a.nature.includes(n)) && m.when(a));
  const open: Open = new Set(a.nature.filter((n) => !mitigations.some((m) => m.clears.includes(n))));
  const risks = RISKS.filter((rule) => rule.when(a, open));
  const high = open.size === 0 ? [] : HIGH_RISKS.filter((rule) => rule.when(a, open));
  const notifyAuthority = open.size > 0;
  const notifySubjects = high.length > 0;
  const conclusions = !notifyAuthority
    ? [CONCLUSIONS.none]
    : [CONCLUSIONS.authority, notifySubjects ? CONCLUSIONS.subjects : CONCLUSIONS.noSubjects];
  return {
    notifyAuthority,
    notifySubjects,
    reasons: [...[...mitigations, ...risks, ...high].map((rule) => rule.reason(a)), ...conclusions].map(
      (reason) => reason[locale],
    ),
  };
}

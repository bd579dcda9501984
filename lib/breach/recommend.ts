/**
 * Privacyloket's recommendation from one risk assessment; the officer decides (`breach decide`). The AP is
 * notified unless the breach is unlikely to result in a risk (art. 33(1)); the people are told when it is likely
 * to result in a high risk (art. 34(1)). The risk is weighed as EDPB Guidelines 9/2022 ("Factors to consider when
 * assessing risk") and the worked cases of EDPB Guidelines 01/2021 weigh it.
 *
 * No score: three tables of rules, each one condition and the sentence that gives it as a reason.
 *  1. MITIGATIONS take a kind of breach (confidentiality, integrity, availability) out of the risk.
 *  2. RISKS say why each kind that remains is a risk: any such kind means notifying the AP.
 *  3. HIGH_RISKS are the factors that each alone make the risk high: any of them means telling the people.
 * Pure and deterministic: the breach workflow records the recommendation with the assessment it came from.
 */
import type { Assessment, BreachNature, Recommendation, SpecialCategory } from './types';

type Open = ReadonlySet<BreachNature>;

interface Mitigation {
  /** The kinds of breach it takes out of the risk. */
  clears: readonly BreachNature[];
  when(a: Assessment): boolean;
  reason(a: Assessment): string;
}

interface Rule {
  /** `open`: the kinds of breach no mitigation took out of the risk. */
  when(a: Assessment, open: Open): boolean;
  reason(a: Assessment): string;
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

const minor = (a: Assessment) => a.consequences.severity === 'low' || a.consequences.severity === 'medium';
const harmless = (a: Assessment) => minor(a) && !a.consequences.physical && !a.consequences.material;
const among = (a: Assessment, kinds: readonly SpecialCategory[]) =>
  a.data.special.filter((s) => kinds.includes(s));
/** The vulnerable groups, children's data counting as children (recital 75 names them first). */
const vulnerable = (a: Assessment) => [
  ...new Set([...a.people.vulnerable, ...(a.data.special.includes('children') ? ['children'] : [])]),
];
/** "health", "health and BSN", "health, BSN and location", as a sentence lists them. */
function words(items: readonly string[]): string {
  const named = items.map((item) => (item === 'bsn' ? 'BSN' : item.replace(/-/g, ' ')));
  return named.length <= 1 ? named.join('') : `${named.slice(0, -1).join(', ')} and ${named.at(-1)}`;
}
/** What stood in the way of a backup making the loss harmless. */
const harm = (a: Assessment) =>
  [
    a.consequences.physical && 'physical harm',
    a.consequences.material && 'material harm',
    !minor(a) && `severity rated ${words([a.consequences.severity])}`,
  ]
    .filter(Boolean)
    .join(', ');

const MITIGATIONS: readonly Mitigation[] = [
  {
    clears: ['confidentiality'],
    when: (a) => a.measuresBefore.encryption === 'state-of-the-art',
    reason: () =>
      'Encryption: the data were encrypted to the state of the art with the key safe, so they are unintelligible to whoever holds them and their confidentiality is not at risk (art. 34(3)(a)); like EDPB 01/2021 case 10 (stolen material storing encrypted personal data) and case 6 (exfiltration of hashed password from a website).',
  },
  {
    clears: ['confidentiality'],
    when: (a) => a.trustedRecipientDeleted && !a.malicious && minor(a),
    reason: () =>
      "Trusted recipient: the data reached only a known, trusted recipient who confirmed deleting them, so misuse is unlikely (EDPB 9/2022, factor 'severity of consequences'); like EDPB 01/2021 case 9 (accidental transmission of data to a trusted third party).",
  },
  {
    clears: ['availability', 'integrity'],
    when: (a) => a.measuresBefore.backup && harmless(a),
    reason: () =>
      'Backup: a usable backup restored the data with no physical or material harm and minor consequences, so their loss or alteration is unlikely to result in a risk; like EDPB 01/2021 case 1 (ransomware with proper backup and without exfiltration).',
  },
];

const RISKS: readonly Rule[] = [
  {
    when: (a, open) => open.has('confidentiality'),
    reason: (a) =>
      `Confidentiality: personal data were disclosed to, or could be read by, someone not entitled to them (${a.measuresBefore.encryption === 'compromised' ? 'the encryption key was compromised' : 'not encrypted'}), and no measure makes misuse unlikely: a risk to the people (art. 33(1); recital 85).`,
  },
  {
    when: (a, open) => open.has('availability') && !a.measuresBefore.backup,
    reason: () =>
      'Availability: without a usable backup the data are lost or must be gathered again, a risk to the people (art. 33(1)); like EDPB 01/2021 case 2 (ransomware without proper backup).',
  },
  {
    when: (a, open) => open.has('availability') && a.measuresBefore.backup,
    reason: (a) =>
      `Availability: a backup restored the data, but the outage had consequences (${harm(a)}), so it is not unlikely to result in a risk; like EDPB 01/2021 case 3 (ransomware with backup and without exfiltration in a hospital).`,
  },
  {
    when: (a, open) => open.has('integrity') && !a.measuresBefore.backup,
    reason: () =>
      'Integrity: changed data were not restored from a backup, so people may be treated or judged on wrong data: a risk (art. 33(1)).',
  },
  {
    when: (a, open) => open.has('integrity') && a.measuresBefore.backup,
    reason: (a) =>
      `Integrity: a backup restored the data, but the wrong data had consequences (${harm(a)}): a risk (art. 33(1)).`,
  },
];

/** Checked only when a risk remains: a factor of a kind of breach that was mitigated does not count. */
const HIGH_RISKS: readonly Rule[] = [
  {
    when: (a) => !minor(a),
    reason: (a) =>
      `Severity: you rate the consequences for the people as ${words([a.consequences.severity])}: a high risk to their rights and freedoms (art. 34(1); EDPB 9/2022, factor 'severity of consequences').`,
  },
  {
    when: (a, open) => open.has('confidentiality') && among(a, SENSITIVE).length > 0,
    reason: (a) =>
      `Sensitive data: ${words(among(a, SENSITIVE))} data were disclosed, for which damage must be taken as likely (recital 75; EDPB 9/2022, factor 'nature, sensitivity and volume of personal data'); like EDPB 01/2021 case 12 (stolen paper files with sensitive data).`,
  },
  {
    when: (a, open) => open.has('confidentiality') && among(a, FRAUD).length > 0,
    reason: (a) =>
      `Identity fraud: ${words(among(a, FRAUD))} data were disclosed and can be used for identity theft or fraud (recitals 75 and 85); like EDPB 01/2021 case 7 (credential stuffing attack on a banking website) and case 14 (highly confidential personal data sent by mail by mistake).`,
  },
  {
    when: (a, open) => open.has('confidentiality') && a.malicious,
    reason: () =>
      "Malicious intent: the data are in the hands of someone who took them on purpose, which raises the risk of misuse (EDPB 9/2022, factor 'severity of consequences'); like EDPB 01/2021 case 5 (exfiltration of job application data from a website) and case 11 (stolen material storing non-encrypted personal data).",
  },
  {
    when: (a, open) => open.has('confidentiality') && vulnerable(a).length > 0,
    reason: (a) =>
      `Vulnerable people: data of ${words(vulnerable(a))} were disclosed, people less able to protect themselves (recital 75; EDPB 9/2022, factor 'special characteristics of the individual').`,
  },
  {
    when: (a) => a.consequences.physical,
    reason: () =>
      'Physical harm: the breach can endanger health or safety, for instance because care depends on the data; like EDPB 01/2021 case 3 (ransomware with backup and without exfiltration in a hospital).',
  },
  {
    when: (a) => a.consequences.severity === 'medium' && a.people.max >= MANY_PEOPLE,
    reason: (a) =>
      `Number of people: up to ${a.people.max} people are affected, and at medium severity a breach of this size is a high risk (recital 75, 'a large number of data subjects'; EDPB 9/2022, factor 'number of affected individuals').`,
  },
];

export function recommend(a: Assessment): Recommendation {
  const mitigations = MITIGATIONS.filter((m) => m.clears.some((n) => a.nature.includes(n)) && m.when(a));
  const open: Open = new Set(a.nature.filter((n) => !mitigations.some((m) => m.clears.includes(n))));
  const risks = RISKS.filter((rule) => rule.when(a, open));
  const high = open.size === 0 ? [] : HIGH_RISKS.filter((rule) => rule.when(a, open));
  const notifyAuthority = open.size > 0;
  const notifySubjects = high.length > 0;
  return {
    notifyAuthority,
    notifySubjects,
    reasons: [
      ...[...mitigations, ...risks, ...high].map((rule) => rule.reason(a)),
      ...conclusions(notifyAuthority, notifySubjects),
    ],
  };
}

function conclusions(notifyAuthority: boolean, notifySubjects: boolean): string[] {
  if (!notifyAuthority)
    return [
      'Conclusion: the breach is unlikely to result in a risk to the people, so no notification to the AP (art. 33(1)) and no letters to them (art. 34(1)); the breach log keeps it with these reasons (art. 33(5)).',
    ];
  return [
    'AP: notify the Autoriteit Persoonsgegevens within 72 hours of becoming aware of the breach (art. 33(1)); what is not yet known may follow in phases (art. 33(4)).',
    notifySubjects
      ? 'People: tell them without undue delay, in clear and plain language (art. 34(1) and (2)), unless an exception of art. 34(3) applies.'
      : 'People: no factor of a high risk applies (sensitive or identity-fraud data disclosed, malicious intent, vulnerable people, physical harm, high severity, many people at medium severity), so no letters (art. 34(1)); assess again when new facts come in.',
  ];
}

/**
 * The officer's risk assessment as written in `assessment.json` (`breach assess`, `breach recommend`), checked
 * field by field. Pure and without imports from Node, so that the breach workflow's update validator can call
 * it as the CLI does. Every problem is reported at once, each naming the field as the officer typed it
 * (`people.min`, `measuresBefore.encryption`) and, for a choice, the values allowed; an unknown key is refused,
 * because a mistyped key silently ignored would change the recommendation without anyone noticing.
 */
import { invalidInput } from '../errors';
import { normaliseText, textProblem, type TextRule } from '../text';
import {
  BREACH_EVENTS,
  BREACH_NATURES,
  ENCRYPTION,
  SEVERITIES,
  SPECIAL_CATEGORIES,
  VULNERABLE_GROUPS,
  type Assessment,
} from './types';

/** A paragraph of the AP form (what happened, the cause, the harm, the measures). */
const PARAGRAPH: TextRule = { max: 2000, multiline: true };
/** One item of a list: a data category, a group of people, an authority. */
const ITEM: TextRule = { max: 300 };

interface Problem {
  field: string;
  problem: string;
}

type Fields = Record<string, unknown>;

/** The keys of `assessment.json`, as the officer writes them. */
export const ASSESSMENT_KEYS = [
  'nature',
  'events',
  'cause',
  'description',
  'data',
  'people',
  'measuresBefore',
  'trustedRecipientDeleted',
  'malicious',
  'consequences',
  'measuresAfter',
  'ongoing',
  'crossBorder',
  'otherAuthorities',
] as const satisfies readonly (keyof Assessment)[];

export function parseAssessment(input: unknown): Assessment {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw invalidInput('The assessment', 'must be one JSON object, such as the example in the help');
  const problems: Problem[] = [];
  const fail = (field: string, problem: string): undefined => {
    problems.push({ field, problem });
    return undefined;
  };

  /** Objects missing or of another kind: their fields are not reported missing one by one as well. */
  const broken = new Set<string>();
  /** An object with only the keys named; a key missing is reported by the reader of its value. */
  const object = (field: string, value: unknown, keys: readonly string[]): Fields => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      broken.add(field);
      fail(field, value === undefined ? 'is required' : 'must be an object');
      return {};
    }
    for (const key of Object.keys(value).filter((key) => !keys.includes(key))) {
      fail(field === '' ? key : `${field}.${key}`, `is not a field; the fields are ${keys.join(', ')}`);
    }
    return value as Fields;
  };
  /** A missing value is refused once as missing, not as of the wrong kind; an optional one is left out. */
  const given = (field: string, value: unknown, required: boolean) =>
    value !== undefined || (required && !broken.has(field.split('.')[0]!) && fail(field, 'is required'));
  const text = (field: string, value: unknown, rule: TextRule, required = true) => {
    if (!given(field, value, required)) return undefined;
    const problem = textProblem(value, rule);
    return problem ? fail(field, problem) : normaliseText(value as string);
  };
  const flag = (field: string, value: unknown, required = true) => {
    if (!given(field, value, required)) return undefined;
    return typeof value === 'boolean' ? value : fail(field, 'must be true or false');
  };
  const count = (field: string, value: unknown) => {
    if (!given(field, value, true)) return undefined;
    return Number.isSafeInteger(value) && (value as number) >= 0
      ? (value as number)
      : fail(field, `must be a whole number of 0 or more, got ${JSON.stringify(value)}`);
  };
  const choice = <T extends string>(field: string, value: unknown, allowed: readonly T[]) => {
    if (!given(field, value, true)) return undefined;
    return allowed.includes(value as T)
      ? (value as T)
      : fail(field, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  };
  const list = (field: string, value: unknown, atLeastOne: boolean, required = true) => {
    if (!given(field, value, required)) return undefined;
    if (!Array.isArray(value)) return fail(field, 'must be a list, such as ["…"]');
    if (atLeastOne && value.length === 0) return fail(field, 'must list at least one item');
    if (value.length > 50) return fail(field, 'must list at most 50 items');
    return value as unknown[];
  };
  const choices = <T extends string>(
    field: string,
    value: unknown,
    allowed: readonly T[],
    atLeastOne: boolean,
  ) => {
    const items = list(field, value, atLeastOne);
    const wrong = items?.filter((item) => !allowed.includes(item as T)) ?? [];
    if (wrong.length > 0)
      return fail(
        field,
        `holds ${wrong.map((item) => JSON.stringify(item)).join(', ')}; allowed are ${allowed.join(', ')}`,
      );
    return items && [...new Set(items as T[])];
  };
  const lines = (field: string, value: unknown, atLeastOne: boolean, required = true) =>
    list(field, value, atLeastOne, required)?.map((item, index) => text(`${field}[${index}]`, item, ITEM));

  const root = object('', input, ASSESSMENT_KEYS);
  const data = object('data', root.data, ['general', 'special', 'records']);
  const people = object('people', root.people, ['groups', 'min', 'max', 'vulnerable']);
  const before = object('measuresBefore', root.measuresBefore, ['encryption', 'backup', 'other']);
  const consequences = object('consequences', root.consequences, [
    'physical',
    'material',
    'immaterial',
    'description',
    'severity',
  ]);
  const after = object('measuresAfter', root.measuresAfter, ['taken', 'planned']);

  const assessment = {
    nature: choices('nature', root.nature, BREACH_NATURES, true),
    events: choices('events', root.events, BREACH_EVENTS, true),
    cause: text('cause', root.cause, PARAGRAPH),
    description: text('description', root.description, PARAGRAPH),
    data: {
      general: lines('data.general', data.general, false),
      special: choices('data.special', data.special, SPECIAL_CATEGORIES, false),
      records: count('data.records', data.records),
    },
    people: {
      groups: lines('people.groups', people.groups, true),
      min: count('people.min', people.min),
      max: count('people.max', people.max),
      vulnerable: choices('people.vulnerable', people.vulnerable, VULNERABLE_GROUPS, false),
    },
    measuresBefore: {
      encryption: choice('measuresBefore.encryption', before.encryption, ENCRYPTION),
      backup: flag('measuresBefore.backup', before.backup),
      ...optional('other', text('measuresBefore.other', before.other, PARAGRAPH, false)),
    },
    trustedRecipientDeleted: flag('trustedRecipientDeleted', root.trustedRecipientDeleted),
    malicious: flag('malicious', root.malicious),
    consequences: {
      physical: flag('consequences.physical', consequences.physical),
      material: flag('consequences.material', consequences.material),
      immaterial: flag('consequences.immaterial', consequences.immaterial),
      description: text('consequences.description', consequences.description, PARAGRAPH),
      severity: choice('consequences.severity', consequences.severity, SEVERITIES),
    },
    measuresAfter: {
      taken: text('measuresAfter.taken', after.taken, PARAGRAPH),
      ...optional('planned', text('measuresAfter.planned', after.planned, PARAGRAPH, false)),
    },
    ...optional('ongoing', flag('ongoing', root.ongoing, false)),
    ...optional('crossBorder', flag('crossBorder', root.crossBorder, false)),
    ...optional('otherAuthorities', lines('otherAuthorities', root.otherAuthorities, false, false)),
  };

  // What the fields mean together.
  const { min, max } = assessment.people;
  if (min !== undefined && max !== undefined && min > max)
    fail('people.min', `must not exceed people.max (${max}), got ${min}`);
  if (max === 0) fail('people.max', 'must be at least 1: a breach of personal data concerns someone');
  if (assessment.data.general?.length === 0 && assessment.data.special?.length === 0)
    fail('data.general', 'and data.special must not both be empty: name at least one category of data');
  if (assessment.trustedRecipientDeleted === true && !assessment.nature?.includes('confidentiality'))
    fail('trustedRecipientDeleted', 'is true, so data reached someone: nature must hold confidentiality');

  const [first, ...rest] = problems;
  if (first)
    throw invalidInput(
      first.field,
      [first.problem, ...rest.map((p) => `${p.field} ${p.problem}`)].join('; '),
    );
  // Every reader above returned a value, or a problem was recorded and thrown.
  return assessment as Assessment;
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/**
 * A complete assessment as an officer of a small Dutch care organisation would write it, for help texts and as
 * the shape of `assessment.json`: a mail with a client overview sent to the wrong address.
 */
export const EXAMPLE_ASSESSMENT: Assessment = {
  nature: ['confidentiality'],
  events: ['sent-to-wrong-recipient'],
  cause: 'Menselijke fout: bij het adresseren koos de planner een verkeerd adres uit de adresaanvulling.',
  description:
    'Op 3 maart 2026 om 16.12 uur stuurde de planner van team Noord het weekoverzicht van de wijkverpleging (Excel) naar een particulier met dezelfde achternaam als de bedoelde huisarts in plaats van naar de huisartsenpraktijk. De ontvanger heeft niet gereageerd.',
  data: {
    general: ['naam', 'adres', 'geboortedatum', 'telefoonnummer'],
    special: ['health', 'bsn'],
    records: 38,
  },
  people: {
    groups: ['cliënten wijkverpleging'],
    min: 38,
    max: 38,
    vulnerable: ['clients-in-care', 'elderly'],
  },
  measuresBefore: {
    encryption: 'none',
    backup: true,
    other: 'Het overzicht stond in het zorgdossier; alleen de mailbijlage was onbeveiligd.',
  },
  trustedRecipientDeleted: false,
  malicious: false,
  consequences: {
    physical: false,
    material: true,
    immaterial: true,
    description:
      'De ontvanger kan zien welke ouderen zorg krijgen, met welke indicatie en op welk adres; met het BSN is identiteitsfraude mogelijk.',
    severity: 'high',
  },
  measuresAfter: {
    taken:
      'De ontvanger is twee keer gebeld en per brief gevraagd de mail te verwijderen; het terughalen van de mail is mislukt.',
    planned: 'Adresaanvulling in de mail uitgezet; overzichten alleen nog via het beveiligde zorgportaal.',
  },
  ongoing: false,
  crossBorder: false,
  otherAuthorities: [],
};

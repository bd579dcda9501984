/**
 * A data breach's file (SPEC process 5; AVG art. 33 and 34): what the officer records about it, step by step, and
 * what the breach log (art. 33(5)) and the AP notification document are made from. Each step is a case record
 * (`db/records.ts`) of the type named here, written by the breach workflow; the file is read back from them.
 * Instants are ISO 8601 strings (UTC); people's data (the summary, the affected people) stays in the database.
 */

/** What happened to the data (EDPB 9/2022 §2.2: the three kinds of breach, several at once). */
export const BREACH_NATURES = ['confidentiality', 'integrity', 'availability'] as const;
export type BreachNature = (typeof BREACH_NATURES)[number];

/** The AP form's "what happened": reading, copying, changing, deleting or destroying, theft, loss, … */
export const BREACH_EVENTS = [
  'read',
  'copied',
  'changed',
  'deleted',
  'stolen',
  'lost',
  'published',
  'sent-to-wrong-recipient',
  'unavailable',
  'other',
] as const;
export type BreachEvent = (typeof BREACH_EVENTS)[number];

/** Special categories (art. 9, 10) and data the AP form names apart: they weigh on the risk. */
export const SPECIAL_CATEGORIES = [
  'health',
  'bsn',
  'criminal',
  'ethnicity',
  'religion',
  'political',
  'union',
  'genetic',
  'biometric',
  'sexual',
  'financial', // not art. 9, but the AP form and EDPB 01/2021 treat bank and payment data as sensitive
  'identity-document',
  'credentials',
  'location',
  'children',
] as const;
export type SpecialCategory = (typeof SPECIAL_CATEGORIES)[number];

/** Groups the AP form calls vulnerable: clients in care, children, … */
export const VULNERABLE_GROUPS = ['clients-in-care', 'children', 'patients', 'elderly', 'other'] as const;
export type VulnerableGroup = (typeof VULNERABLE_GROUPS)[number];

export const ENCRYPTION = ['none', 'state-of-the-art', 'compromised'] as const;
export type Encryption = (typeof ENCRYPTION)[number];

export const SEVERITIES = ['low', 'medium', 'high', 'very-high'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One version of the officer's risk assessment (`breach assess <ref> --input assessment.json`). */
export interface Assessment {
  nature: BreachNature[];
  events: BreachEvent[];
  /** What caused it: "e-mail sent to the wrong address", "ransomware through a phishing mail". */
  cause: string;
  /** What happened, in the officer's words (the AP form's description). */
  description: string;
  data: {
    /** General categories: "name", "address", "e-mail", "care plan", … */
    general: string[];
    special: SpecialCategory[];
    /** Approximate number of records. */
    records: number;
  };
  people: {
    /** Clients, staff, applicants, … */
    groups: string[];
    min: number;
    max: number;
    vulnerable: VulnerableGroup[];
  };
  measuresBefore: {
    encryption: Encryption;
    /** For availability: a usable, recent backup restored the data. */
    backup: boolean;
    /** Other measures in place before the breach. */
    other?: string;
  };
  /** The data reached a known, trusted recipient who confirmed deleting it (EDPB 01/2021 cases 14–17). */
  trustedRecipientDeleted: boolean;
  malicious: boolean;
  consequences: {
    physical: boolean;
    material: boolean;
    immaterial: boolean;
    /** The likely harm, in the officer's words. */
    description: string;
    severity: Severity;
  };
  /** Remedial measures taken and planned (art. 33(3)(d)). */
  measuresAfter: { taken: string; planned?: string };
  /** Still going on at the time of this assessment. */
  ongoing?: boolean;
  crossBorder?: boolean;
  /** Other authorities told (police, IGJ, …). */
  otherAuthorities?: string[];
}

/** Privacyloket's recommendation from one assessment; the officer decides. */
export interface Recommendation {
  notifyAuthority: boolean;
  notifySubjects: boolean;
  /** Why, in plain sentences, citing EDPB 9/2022 and the 01/2021 case it resembles. */
  reasons: string[];
}

/** The start of the case (`breach start`): the request record of the case. */
export interface BreachStart {
  /** When it was first noticed (Werk op Maat's clock starts here). */
  noticedAt: string;
  summary: string;
  /** When the organisation became aware (art. 33(1)); absent: the moment it was noticed. */
  awareAt?: string;
  awareReasons?: string;
  /** Art. 33(2): when a processor told the organisation. */
  processorInformedAt?: string;
  processor?: string;
  /** When it happened: a moment, or a period. */
  occurredAt?: string;
  occurredFrom?: string;
  occurredTo?: string;
  ongoing: boolean;
}

/** The record types the breach workflow writes, each with its data (the evidence kept in full). */
export interface BreachRecords {
  /** The officer records when the organisation became aware, with reasons (EDPB 9/2022 §2.2). */
  'breach.aware': { at: string; reasons: string; by: string };
  'breach.assessed': { version: number; assessment: Assessment; recommendation: Recommendation; by: string };
  /** The decision to notify or not; `against` when it departs from the recommendation (reasons required then). */
  'breach.decided': {
    notifyAuthority: boolean;
    notifySubjects: boolean;
    reasons: string;
    recommendation: Recommendation;
    against: boolean;
    by: string;
  };
  /**
   * An AP notification submitted (number 1) or a follow-up (art. 33(4), number 2, 3, …; it carries the first
   * reference and says what changed). `lateReasons` when recorded after the 72 hours (art. 33(1)).
   */
  'breach.notified': {
    number: number;
    apReference: string;
    at: string;
    lateReasons?: string;
    changes?: string;
    by: string;
  };
  'breach.people-imported': { count: number; byMail: number; byPost: number; by: string };
  /** The text of the letter to the people (art. 34(2)), approved once before any goes out. */
  'breach.letter-approved': { letter: SubjectLetter; by: string };
  /** Art. 34(3): no letters, and why; (c) a public announcement instead. */
  'breach.exception': {
    ground: 'encrypted' | 'risk-removed' | 'disproportionate';
    reasons: string;
    by: string;
  };
  /** `sent`: by mail; `post`: in the print file for the post; `undeliverable`: refused by the mail server. */
  'breach.letters-sent': { sent: number; undeliverable: number; post: number; at: string };
  /** The officer posted the print file's letters. */
  'breach.letters-posted': { at: string; count: number; by: string };
  /** The case closes with the log entry complete. */
  'breach.closed': { measures?: string; by: string };
}

/** What the personal letter says beyond what the case knows (art. 34(2); Werk op Maat's three elements). */
export interface SubjectLetter {
  /** What happened, in clear language. */
  nature: string;
  /** The likely consequences for the person. */
  consequences: string;
  /** What the organisation did and does about it. */
  measures: string;
  /** What the person can do to protect themselves. */
  advice: string;
}

/**
 * Current law, as data: what a policy may not weaken (SPEC "Facts with sources"). When the law changes, as the
 * WGBO and the Jeugdwet did on 1 January 2020 (15 → 20 years), this file changes and `privacyloket policy check`
 * shows which organisations' rules fell behind.
 */
import type { Duration } from '../lib/durations';
import type { RetentionBasis, RetentionEvent } from './schema';

export interface LegalPeriod {
  period: Duration;
  source: string;
}

/** Art. 12(3): information on the action taken on a request without undue delay, at most one month after receipt. */
export const RESPONSE_PERIOD: LegalPeriod = {
  period: { months: 1 },
  source: 'AVG art. 12 lid 3 (uiterlijk binnen een maand na ontvangst van het verzoek)',
};

/** Art. 12(3): extendable once, with reasons given within the first month, by at most two further months. */
export const EXTENSION: LegalPeriod = {
  period: { months: 2 },
  source: 'AVG art. 12 lid 3 (verlenging met ten hoogste twee maanden)',
};

/**
 * A WGBO or Jeugdwet file is destroyed within three months of the request (art. 7:455 lid 1 BW, Jeugdwet art.
 * 7.3.9), its 20-year retention notwithstanding; everything else within the response period (art. 17(1)
 * "onverwijld", art. 12(3)).
 */
export const CARE_FILE_DESTRUCTION: LegalPeriod = {
  period: { months: 3 },
  source: 'art. 7:455 lid 1 BW; Jeugdwet art. 7.3.9 (vernietiging binnen drie maanden na het verzoek)',
};

/** Art. 33(1): notify the AP within 72 hours after becoming aware of the breach. */
export const BREACH_NOTIFICATION: LegalPeriod = {
  period: { hours: 72 },
  source: 'AVG art. 33 lid 1 (binnen 72 uur na kennisname)',
};

/** Art. 15(3): the first copy is free; further copies may cost a reasonable fee based on administrative costs. */
export const FIRST_COPY_FREE_SOURCE = 'AVG art. 15 lid 3 (eerste kopie kosteloos)';

/** AP guidance on applicants' data (NVP Sollicitatiecode): maxima, not minima. */
export const APPLICANT_RETENTION = {
  withoutConsent: {
    period: { weeks: 4 },
    source: 'AP, sollicitatiegegevens (uiterlijk 4 weken na het einde van de procedure)',
  },
  withConsent: {
    period: { years: 1 },
    source: 'AP, sollicitatiegegevens (met toestemming ten hoogste 1 jaar)',
  },
} satisfies Record<string, LegalPeriod>;

export interface LegalRetention extends LegalPeriod {
  /** The event the law counts from, and policy events that can come earlier (so end the period sooner). */
  from?: { event: RetentionEvent; earlier: RetentionEvent[] };
  /**
   * Whether the duty overrides an erasure request (art. 17(3)(b)). Not for WGBO and Jeugdwet files: the
   * subject can have them destroyed (art. 7:455 BW, Jeugdwet art. 7.3.9) unless keeping them is of considerable
   * importance to someone else, which the officer decides case by case.
   */
  blocksErasure: boolean;
}

/** Minimum retention periods a legal duty imposes, by the `basis` a retention rule names. */
export const RETENTION_MINIMUM: Record<Exclude<RetentionBasis, 'none'>, LegalRetention> = {
  wgbo: {
    period: { years: 20 },
    source: 'WGBO art. 7:454 lid 3 BW (20 jaar sinds 1 januari 2020)',
    blocksErasure: false,
  },
  jeugdwet: {
    period: { years: 20 },
    source: 'Jeugdwet art. 7.3.8 (20 jaar sinds 1 januari 2020)',
    blocksErasure: false,
  },
  fiscal: {
    period: { years: 7 },
    source: 'AWR art. 52 lid 4 (fiscale bewaarplicht 7 jaar)',
    blocksErasure: true,
  },
  identification: {
    period: { years: 5 },
    source:
      'Wet op de loonbelasting 1964 (kopie identiteitsbewijs 5 jaar na het einde van het kalenderjaar van uitdiensttreding)',
    from: { event: 'end-of-year-of-leaving', earlier: ['end-of-employment', 'recording', 'receipt'] },
    blocksErasure: true,
  },
};

/** Art. 30: the register of processing activities, kept up to date; a yearly review is how a small organisation does. */
export const REGISTER_REVIEW = { duty: 'register-review', source: 'AVG art. 30' } as const;

/**
 * Current law, as data: what a policy may not weaken. Sources as SPEC "Facts with sources" gives them. When the
 * law changes (as the WGBO did on 1 January 2020), this file changes and `privacyloket policy check` shows
 * which organisations' rules fell behind.
 */
import type { Duration } from '../lib/durations';

export interface LegalPeriod {
  period: Duration;
  source: string;
}

/** Art. 12(3): information on action taken on a request within one month of receipt. */
export const RESPONSE_PERIOD: LegalPeriod = { period: { months: 1 }, source: 'AVG art. 12 lid 3' };

/** Art. 12(3): extendable once by at most two further months. */
export const EXTENSION: LegalPeriod = { period: { months: 2 }, source: 'AVG art. 12 lid 3' };

/** Art. 33(1): notify the AP within 72 hours of becoming aware of a breach. */
export const BREACH_NOTIFICATION: LegalPeriod = { period: { hours: 72 }, source: 'AVG art. 33 lid 1' };

/** Art. 15(3): the first copy of the data is free. */
export const FIRST_COPY_FREE_SOURCE = 'AVG art. 15 lid 3';

/** Applicants' data: at most 4 weeks after the procedure, at most a year with consent. */
export const APPLICANT_RETENTION = {
  withoutConsent: {
    period: { weeks: 4 },
    source: 'AP, sollicitatiegegevens: uiterlijk 4 weken na de procedure',
  },
  withConsent: {
    period: { years: 1 },
    source: 'AP, sollicitatiegegevens: met toestemming ten hoogste 1 jaar',
  },
} satisfies Record<string, LegalPeriod>;

/** Minimum retention periods that a legal duty imposes, by the `basis` a retention rule names. */
export const RETENTION_MINIMUM: Record<'wgbo' | 'jeugdwet' | 'fiscal' | 'identification', LegalPeriod> = {
  wgbo: { period: { years: 20 }, source: 'WGBO, art. 7:454 lid 3 BW: 20 jaar sinds 1 januari 2020' },
  jeugdwet: { period: { years: 20 }, source: 'Jeugdwet art. 7.3.8: 20 jaar sinds 1 januari 2020' },
  fiscal: { period: { years: 7 }, source: 'Algemene wet inzake rijksbelastingen art. 52 lid 4: 7 jaar' },
  identification: {
    period: { years: 5 },
    source:
      'Wet op de loonbelasting 1964: kopie identiteitsbewijs 5 jaar na het einde van het kalenderjaar van uitdiensttreding',
  },
};

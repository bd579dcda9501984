/**
 * The applicant's letters in both languages, rendered from the context every letter gets: the consent request
 * says what is asked, until when, how to answer, that refusing costs nothing and that it can be withdrawn at any
 * time (art. 7(3)); the confirmation says when consent was given and withdrawn and when the data went.
 */
import { describe, expect, it } from 'vitest';
import { createTemplates, type Locale } from '../../templates';

const templates = createTemplates();

const context = (locale: Locale, term: 'law' | 'policy') => ({
  locale,
  date: '2093-11-23',
  reference: 'SOL-2093-0001',
  organisation: {
    name: 'De Buurderij',
    fg: { name: 'Marc Bralts', title: 'functionaris gegevensbescherming', email: 'marc@debuurderij.nl' },
  },
  regulation: { title: 'Privacyreglement De Buurderij' },
  addressee: { name: 'Fatima El Amrani', email: 'fatima@example.nl' },
  request: { receivedDate: '2093-11-20', dueDate: '2093-12-18', period: { weeks: 4 }, term },
  consentRequest: { untilDate: '2094-11-22' },
  consent: { givenDate: '2093-11-24' },
  withdrawal: { receivedDate: '2094-03-02' },
  destroyedDate: '2094-03-03',
});

const text = (locale: Locale, kind: string, term: 'law' | 'policy' = 'policy') => {
  const { title, body } = templates.letter('applicant', kind, locale, context(locale, term));
  return { title, text: body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ') };
};

describe('applicant letters', () => {
  it.each([
    [
      'nl',
      'Verzoek om toestemming: uw sollicitatiegegevens langer bewaren',
      [
        'is op 20 november 2093 afgerond',
        'uiterlijk 4 weken na het einde van de procedure, de termijn volgens ons privacyreglement (Privacyreglement De Buurderij)',
        'uiterlijk op 18 december 2093',
        'nooit langer dan tot 22 november 2094',
        'AVG artikel 6 lid 1 onder a en artikel 7',
        'Ik geef De Buurderij toestemming mijn sollicitatiegegevens',
        'ons kenmerk SOL-2093-0001 aan marc@debuurderij.nl',
        'geen enkel gevolg voor uw sollicitatie',
        'op elk moment intrekken, even eenvoudig als u haar gaf',
        'AVG artikel 7 lid 3',
        'Autoriteit Persoonsgegevens',
      ],
    ],
    [
      'en',
      'Request for consent: keeping your application data longer',
      [
        'ended on 20 November 2093',
        'at the latest 4 weeks after the procedure ends, the period set by our privacy regulation (Privacyreglement De Buurderij)',
        'by 18 December 2093 at the latest',
        'never beyond 22 November 2094',
        'GDPR Article 6(1)(a) and Article 7',
        'I consent to De Buurderij keeping my application data',
        'our reference SOL-2093-0001 to marc@debuurderij.nl',
        'no consequences whatsoever for your application',
        'withdraw your consent at any time, as easily as you gave it',
        'GDPR Article 7(3)',
        'Autoriteit Persoonsgegevens',
      ],
    ],
  ] as const)('asks consent in %s', (locale, title, expected) => {
    const letter = text(locale, 'applicant-consent-request');
    expect(letter.title).toBe(title);
    for (const phrase of expected) expect(letter.text).toContain(phrase);
  });

  it("does not call the AP's four weeks the organisation's own period", () => {
    expect(text('nl', 'applicant-consent-request', 'law').text).not.toContain('privacyreglement');
    expect(text('en', 'applicant-consent-request', 'law').text).not.toContain('privacy regulation');
  });

  it.each([
    [
      'nl',
      'Bevestiging: toestemming ingetrokken, uw sollicitatiegegevens zijn vernietigd',
      [
        'Op 24 november 2093 gaf u ons toestemming',
        'Op 2 maart 2094 heeft u die toestemming ingetrokken',
        'op 3 maart 2094 hebben vernietigd (AVG artikel 7 lid 3 en artikel 17 lid 1 onder b)',
        'AVG artikel 5 lid 2',
      ],
    ],
    [
      'en',
      'Confirmation: consent withdrawn, your application data have been destroyed',
      [
        'On 24 November 2093 you consented',
        'On 2 March 2094 you withdrew that consent',
        'destroyed your application data on 3 March 2094 (GDPR Article 7(3) and Article 17(1)(b))',
        'GDPR Article 5(2)',
      ],
    ],
  ] as const)('confirms the destruction after a withdrawal in %s', (locale, title, expected) => {
    const letter = text(locale, 'applicant-withdrawal-confirmation');
    expect(letter.title).toBe(title);
    for (const phrase of expected) expect(letter.text).toContain(phrase);
  });
});

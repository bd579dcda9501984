/**
 * The access response's art. 15(1)(c) and (h) in both languages, rendered from the context every letter gets: the
 * actual recipients; or, where they cannot be identified, the reason and the register's categories (CJEU
 * C-154/21); automated decision-making as the decision gives it, else the statement that there is none.
 */
import { describe, expect, it } from 'vitest';
import { createTemplates, type Locale } from '../../templates';
import type { Art15Elements } from '../../workflows/access-request-messages';

const templates = createTemplates();

const text = (locale: Locale, elements: Art15Elements) => {
  const { body } = templates.letter('access', 'response', locale, {
    locale,
    date: '2093-11-23',
    reference: 'INZ-2093-0001',
    organisation: {
      name: 'De Buurderij',
      fg: { name: 'Marc Bralts', title: 'functionaris gegevensbescherming', email: 'marc@debuurderij.nl' },
    },
    regulation: { title: 'Privacyreglement De Buurderij' },
    addressee: { name: 'Jan de Vries', email: 'jan@example.nl' },
    request: { receivedDate: '2093-11-20', dueDate: '2093-12-20', period: { months: 1 }, term: 'law' },
    copies: { feeForFurtherCopies: false },
    decision: { outcome: 'full', elements },
  });
  return body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
};

const elements = {
  purposes: ['zorgverlening'],
  categories: ['zorgdossier'],
  recipients: ['Huisartsenpraktijk De Linde (verwijsbrief, maart 2093)'],
  retention: '20 jaar na de laatste wijziging',
  source: 'van uzelf',
};
const reason = {
  nl: 'de verstrekkingen aan zorgverzekeraars vóór 2092 zijn niet per cliënt vastgelegd',
  en: 'disclosures to health insurers before 2092 were not recorded per client',
};
const categories = ['het zorgkantoor, de gemeente of de zorgverzekeraar', 'zorgaanbieders'];

describe('the access response', () => {
  it.each([
    [
      'nl',
      'c. Ontvangers: Huisartsenpraktijk De Linde (verwijsbrief, maart 2093).',
      `c. Ontvangers: wij kunnen niet vaststellen aan welke ontvangers uw gegevens precies zijn verstrekt, omdat: ${reason.nl}. Daarom noemen wij de categorieën van ontvangers: ${categories.join('; ')}.`,
      'h. Geautomatiseerde besluiten: wij nemen over u geen besluiten die uitsluitend op geautomatiseerde verwerking berusten, en maken geen profielen.',
    ],
    [
      'en',
      'c. Recipients: Huisartsenpraktijk De Linde (verwijsbrief, maart 2093).',
      `c. Recipients: we cannot establish the specific recipients to whom your data were disclosed, because: ${reason.en}. We therefore name the categories of recipients: ${categories.join('; ')}.`,
      'h. Automated decisions: we take no decisions about you based solely on automated processing, and do no profiling.',
    ],
  ] as const)(
    'in %s names the actual recipients, or says why it cannot',
    (locale, actual, unidentifiable, none) => {
      const named = text(locale, elements);
      expect(named).toContain(actual);
      expect(named).toContain(none);
      const standing = text(locale, {
        ...elements,
        recipients: categories,
        recipientsUnidentifiable: reason[locale],
      });
      expect(standing).toContain(unidentifiable);
      expect(standing).not.toContain('REPLACE');
    },
  );

  it('gives automated decision-making as the decision words it (art. 15(1)(h))', () => {
    const automated =
      'Cliëntdossier: besluiten die uitsluitend op geautomatiseerde verwerking berusten (AVG artikel 22), de onderliggende logica: een puntentelling';
    const letter = text('nl', { ...elements, automatedDecisions: automated });
    expect(letter).toContain(`h. Geautomatiseerde besluiten: ${automated}.`);
    expect(letter).not.toContain('maken geen profielen');
  });
});

/** The objection's law on its own: the request checker, the decision validator per legal basis, and the letters. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTemplates, LOCALES, type Locale } from '../../templates';
import {
  checkObjectionDecision,
  checkObjectionRequest,
  decisionFromInput,
  OBJECTION,
  OBJECTION_DECISION_INPUT_KEYS,
  OBJECTION_START_FIELDS,
  objectionNextStep,
  validateObjectionExtension,
  type ObjectionDecision,
  type ObjectionRequest,
} from '../../workflows/objection-messages';

const request: ObjectionRequest = {
  processing: 'het gebruik van uw foto op onze website',
  grounds: 'ik woon op een geheim adres',
  directMarketing: false,
  restrict: true,
};
const marketing: ObjectionRequest = {
  processing: 'onze nieuwsbrief',
  directMarketing: true,
  restrict: false,
};
const owner = { name: 'Beheerder website', email: 'web@example.nl' };
const stop: ObjectionDecision = {
  by: 'Raad van Bestuur',
  basis: 'legitimate-interests',
  directMarketing: false,
  outcome: 'stop',
  erased: ['de foto op de website'],
  kept: [],
  dataOwners: [owner],
  recipients: [{ name: 'Drukkerij De Pers', address: 'Postbus 1\n9400 AA Assen' }],
};
const decide =
  (decision: Partial<ObjectionDecision>, objection = request) =>
  () =>
    checkObjectionDecision({ ...stop, ...decision }, objection);
const without = (...keys: (keyof ObjectionDecision)[]) =>
  Object.fromEntries(keys.map((key) => [key, undefined])) as Partial<ObjectionDecision>;
const notStopping = without('erased', 'kept', 'dataOwners', 'recipients');

describe('the objection request', () => {
  it('takes the processing, the grounds, direct marketing and restriction, normalised', () => {
    expect(
      checkObjectionRequest({
        processing: '  de foto  ',
        grounds: 'geheim adres',
        restrict: true,
        name: 'x',
      }),
    ).toEqual({ processing: 'de foto', grounds: 'geheim adres', directMarketing: false, restrict: true });
    // Art. 21(2): an objection to direct marketing needs no grounds.
    expect(checkObjectionRequest({ processing: 'nieuwsbrief', 'direct-marketing': true })).toEqual({
      processing: 'nieuwsbrief',
      directMarketing: true,
      restrict: false,
    });
  });

  it('names every problem at once, each by its flag', () => {
    expect(() => checkObjectionRequest({ processing: ' ', restrict: 'ja' })).toThrow(
      /^--processing must not be empty; --grounds must not be empty; --restrict must be true or false$/,
    );
    expect(() =>
      checkObjectionRequest({ processing: 'x'.repeat(301), 'direct-marketing': 'yes', grounds: 'a\u202Eb' }),
    ).toThrow(
      /--processing must be at most 300 characters, got 301; --grounds must not hold invisible or control characters \(found U\+202E\); --direct-marketing must be true or false/,
    );
    expect(() =>
      checkObjectionRequest({ processing: 'nieuwsbrief', 'direct-marketing': true, restrict: true }),
    ).toThrow(
      /--restrict cannot go with --direct-marketing: direct marketing stops at once \(art. 21\(3\)\)/,
    );
  });

  it('describes each of its flags with an example that passes its own check', () => {
    const example = Object.fromEntries(
      OBJECTION_START_FIELDS.map((field) => [field.name, field.type === 'boolean' ? true : field.example]),
    );
    expect(() => checkObjectionRequest({ ...example, 'direct-marketing': false })).not.toThrow();
    for (const field of OBJECTION_START_FIELDS) expect(field.description).not.toBe('');
  });
});

describe('the decision on an objection, by the legal basis in the register', () => {
  it('stops processing based on public task or legitimate interests, or continues it only on compelling grounds or legal claims (art. 21(1))', () => {
    expect(decide({})).not.toThrow();
    expect(decide({ basis: 'public-task' })).not.toThrow();
    const carryOn = { ...notStopping, outcome: 'continue' as const };
    expect(decide(carryOn)).toThrow(
      /^--weighing must record the compelling legitimate grounds that override the interests, rights and freedoms of the subject, or --legal-claims/,
    );
    expect(decide({ ...carryOn, weighing: 'Veiligheid van andere bewoners weegt zwaarder.' })).not.toThrow();
    expect(decide({ ...carryOn, legalClaims: 'de procedure over de huurachterstand' })).not.toThrow();
    expect(decide({ ...carryOn, weighing: 'x', dataOwners: [owner] })).toThrow(
      /--data-owners must not be given: the processing does not stop/,
    );
    expect(decide({ weighing: 'x' })).toThrow(/--weighing must not be given: the processing stops/);
    expect(decide({ ...notStopping, outcome: 'not-applicable', reasons: 'x' })).toThrow(
      /--outcome must be stop or continue: processing based on legitimate-interests \(art. 6\(1\)\(f\)\) can be objected to/,
    );
  });

  it('stops direct marketing whatever the basis, without weighing (art. 21(2), (3))', () => {
    const dm = marketing;
    expect(decide({ directMarketing: true }, dm)).not.toThrow();
    expect(decide({ directMarketing: true, basis: 'contract' }, dm)).not.toThrow();
    expect(
      decide(
        { ...notStopping, directMarketing: true, outcome: 'continue', weighing: 'belangrijke klant' },
        dm,
      ),
    ).toThrow(
      /^--outcome must be stop: an objection to direct marketing stops it, without weighing \(art. 21\(3\)\)$/,
    );
    expect(decide({ directMarketing: true, dataOwners: [] }, dm)).toThrow(
      /--data-owners must name at least one data owner/,
    );
    // The subject said direct marketing, the register says otherwise: the letter says why.
    expect(decide({}, dm)).toThrow(/--reasons must say why the processing is not direct marketing/);
    expect(decide({ reasons: 'De foto staat in het jaarverslag, niet in reclame.' }, dm)).not.toThrow();
  });

  it('treats an objection to processing based on consent as its withdrawal: stop, erase what has no other ground (art. 7(3))', () => {
    expect(decide({ ...notStopping, basis: 'consent', outcome: 'continue', weighing: 'x' })).toThrow(
      /^--outcome must be stop: an objection to processing based on consent \(art. 6\(1\)\(a\)\) withdraws the consent \(art. 7\(3\)\)$/,
    );
    expect(decide({ basis: 'consent', erased: [], kept: [] })).toThrow(
      /--erased or --kept must say what becomes of the data/,
    );
    expect(decide({ basis: 'consent', erased: undefined })).toThrow(
      /--erased must be a list, or \[\] for none/,
    );
    expect(
      decide({
        basis: 'consent',
        erased: ['foto'],
        kept: [{ data: 'zorgdossier', ground: 'bewaarplicht WGBO, artikel 7:454 BW' }],
      }),
    ).not.toThrow();
    expect(decide({ basis: 'consent', kept: [{ data: 'zorgdossier' } as never] })).toThrow(
      /--kept\[0\].ground must not be empty/,
    );
  });

  it.each(['contract', 'legal-obligation', 'vital-interests'] as const)(
    'answers an objection to processing based on %s that it cannot be objected to, with reasons',
    (basis) => {
      const answer = { ...notStopping, basis, outcome: 'not-applicable' as const };
      expect(decide({ basis })).toThrow(/^--outcome must be not-applicable: processing based on/);
      expect(decide(answer)).toThrow(/^--reasons must not be empty$/);
      expect(decide({ ...answer, reasons: 'Nodig voor de zorgovereenkomst.' })).not.toThrow();
      expect(decide({ ...answer, reasons: 'x', weighing: 'y', erased: ['z'] })).toThrow(
        /--erased must not be given: the processing does not stop; --weighing must not be given: no weighing applies/,
      );
    },
  );

  it('checks the parties who stop the processing and who are told (art. 19)', () => {
    expect(decide({ dataOwners: [{ name: 'Web', email: 'geen adres' }] })).toThrow(
      /--data-owners\[0\].email must be an e-mail address/,
    );
    expect(decide({ recipients: [{ name: 'Drukkerij' }] })).toThrow(
      /--recipients\[0\].address must not be empty/,
    );
    expect(decide({ recipients: [{ name: 'Drukkerij', email: 'info@drukkerij.nl' }] })).not.toThrow();
    expect(decide({ recipients: [] })).not.toThrow();
    expect(decide({ dataOwners: [{ ...owner, phone: '06' } as never] })).toThrow(
      /--data-owners\[0\].phone is not a field; the fields are name, email/,
    );
  });

  it('names every problem at once, each as the officer types it', () => {
    expect(
      decide({
        by: '',
        basis: 'toestemming' as never,
        directMarketing: 'nee' as never,
        outcome: 'stoppen' as never,
        dataOwner: owner,
      } as never),
    ).toThrow(
      /^--data-owner is not a field; the fields are --by, --basis, --direct-marketing, .*; --by must not be empty; --basis must be the legal basis the register gives: consent \(6\(1\)\(a\)\), contract \(6\(1\)\(b\)\), .*legitimate-interests \(6\(1\)\(f\)\); --direct-marketing must be true or false.*; --outcome must be one of stop, continue, not-applicable$/,
    );
  });

  it('reads a decision file keyed as the officer types the fields, and its example passes', () => {
    const { example } = OBJECTION.decide;
    for (const key of Object.keys(example)) expect(OBJECTION_DECISION_INPUT_KEYS).toContain(key);
    expect(decisionFromInput({ 'legal-claims': 'x', 'data-owners': [] })).toEqual({
      legalClaims: 'x',
      dataOwners: [],
    });
    expect(() => checkObjectionDecision({ by: 'fg', ...decisionFromInput(example) }, request)).not.toThrow();
  });

  it('does not extend the period for an objection to direct marketing (art. 21(3))', () => {
    expect(() => validateObjectionExtension(marketing)).toThrow(/not extended; it stops at once/);
    expect(() => validateObjectionExtension(request)).not.toThrow();
  });

  it('words its own next steps, and finds the shared ones, in both languages', () => {
    for (const locale of LOCALES) {
      const read = (folder: string) =>
        JSON.parse(
          readFileSync(
            join(import.meta.dirname, '../../templates', locale, folder, 'next-steps.json'),
            'utf8',
          ),
        ) as Record<string, string>;
      const words = { ...read('case'), ...read('objection') };
      for (const stage of ['deciding', 'notifying']) {
        const step = objectionNextStep(stage, 'BZW-2026-0001')!;
        expect(step.step, `${locale} ${stage}`).toMatch(/^objection-/);
        expect(words[step.step], `${locale} ${stage}`).toBeTruthy();
      }
      expect(objectionNextStep('verifying-identity', 'BZW-2026-0001')).toBeUndefined();
      for (const step of ['verify-identity', 'approve', 'confirm-tasks', 'delivering', 'closed'])
        expect(words[step], `${locale} ${step}`).toBeTruthy();
    }
  });
});

// -----------------------------------------------------------------------------------------------------------------

const templates = createTemplates();
const context = (locale: Locale, details: Record<string, unknown>) => ({
  locale,
  date: '2026-11-20',
  reference: 'BEZ-2026-0007',
  organisation: {
    name: 'De Buurderij',
    fg: {
      name: 'Marc Bralts',
      title: locale === 'nl' ? 'Functionaris Gegevensbeheer' : 'Data officer',
      email: 'fg@example.nl',
    },
  },
  regulation: {
    title: locale === 'nl' ? 'Privacyreglement De Buurderij' : 'Privacy regulation of De Buurderij',
  },
  letterhead: { logo: 'data:image/svg+xml;base64,', colour: '#3d7a3a' },
  addressee: { name: 'Sanne de Vries', email: 'sanne@example.nl' },
  request: {
    receivedDate: '2026-11-02',
    dueDate: '2026-11-30',
    period: { weeks: 4 },
    term: 'policy',
  },
  ...details,
});
/** The letter's text as a reader sees it: without markup, whitespace collapsed. */
function letter(kind: string, locale: Locale, details: Record<string, unknown>): string {
  const { body } = templates.letter('objection', kind, locale, context(locale, details));
  return body
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, ' ');
}
const both = <T extends string | RegExp>(nl: T, en: T) => ({ nl, en });
const decision = (changes: Partial<ObjectionDecision> & { recipientsTold?: boolean }) => ({
  basis: 'legitimate-interests',
  directMarketing: false,
  outcome: 'stop',
  erased: ['de foto op de website'],
  kept: [],
  recipientsTold: true,
  ...changes,
});
const COMPLAINT = both(
  /Autoriteit Persoonsgegevens, Postbus 93374.*binnen zes weken.*artikel 35 Uitvoeringswet AVG/,
  /Dutch Data Protection Authority.*within six weeks.*Article 35 of the Dutch GDPR Implementation Act/,
);

describe.each(LOCALES)('the objection letters in %s', (locale) => {
  const pick = <T>(text: { nl: T; en: T }) => text[locale];

  it('acknowledges with the deadline, the identity check, the extension and the restriction meanwhile', () => {
    const text = letter('acknowledgement', locale, { objection: request });
    expect(text).toContain(request.processing);
    expect(text).toContain(request.grounds);
    expect(text).toMatch(pick(both('uiterlijk op 30 november 2026', 'no later than 30 November 2026')));
    expect(text).toMatch(
      pick(
        both(
          'de termijn volgens ons privacyreglement, 4 weken',
          'the period set in our privacy regulation, 4 weeks',
        ),
      ),
    );
    expect(text).toMatch(
      pick(both(/twee maanden verlengen \(AVG artikel 12 lid 3\)/, /two months \(GDPR Article 12\(3\)\)/)),
    );
    expect(text).toMatch(pick(both('AVG artikel 12 lid 6', 'GDPR Article 12(6)')));
    expect(text).toMatch(pick(both('AVG artikel 18 lid 1 onder d', 'GDPR Article 18(1)(d)')));
    expect(text).toMatch(pick(both('AVG artikel 18 lid 3', 'GDPR Article 18(3)')));
    expect(text).toMatch(pick(both('artikel 7 lid 3', 'Article 7(3)')));

    const dm = letter('acknowledgement', locale, { objection: marketing });
    expect(dm).toMatch(pick(both('AVG artikel 21 lid 2 en 3', 'GDPR Article 21(2) and (3)')));
    expect(dm).not.toMatch(/12 lid 3|12\(3\)|18 lid 1|18\(1\)/);
  });

  it('says when the acknowledgement comes after the deadline, and by when the decision follows', () => {
    const late = context(locale, { objection: request });
    late.request = { ...late.request, answerBy: '2026-12-04' } as typeof late.request;
    const { body } = templates.letter('objection', 'acknowledgement', locale, late);
    expect(body).toMatch(pick(both(/Die termijn is\s+verstreken/, /That period has passed/)));
    expect(body).toContain(pick(both('4 december 2026', '4 December 2026')));
  });

  it('stops processing on legitimate interests when no compelling grounds override, and says what becomes of the data', () => {
    const text = letter('decision', locale, {
      objection: request,
      decision: decision({ kept: [{ data: 'uw naam in de bewonerslijst', ground: 'de huurovereenkomst' }] }),
    });
    expect(text).toMatch(pick(both('AVG artikel 6 lid 1 onder f', 'GDPR Article 6(1)(f)')));
    expect(text).toMatch(
      pick(
        both(
          'Uw bezwaar is gegrond: wij stoppen met deze verwerking',
          'Your objection is upheld: we stop this processing',
        ),
      ),
    );
    expect(text).toMatch(
      pick(both('geen dwingende gerechtvaardigde gronden', 'no compelling legitimate grounds')),
    );
    expect(text).toMatch(pick(both('AVG artikel 17 lid 1 onder c', 'GDPR Article 17(1)(c)')));
    expect(text).toContain('de foto op de website');
    expect(text).toContain('uw naam in de bewonerslijst: de huurovereenkomst');
    expect(text).toMatch(pick(both('(AVG artikel 19)', '(GDPR Article 19)')));
    expect(text).toMatch(
      pick(
        both('blijft gelden totdat de verwerking is beëindigd', 'continues until the processing has stopped'),
      ),
    );
    expect(text).toMatch(pick(COMPLAINT));
  });

  it('rejects an objection on compelling grounds or legal claims with the weighing, and tells before lifting the restriction (art. 18(3))', () => {
    const text = letter('decision', locale, {
      objection: request,
      decision: decision({
        basis: 'public-task',
        outcome: 'continue',
        erased: undefined,
        kept: undefined,
        recipientsTold: false,
        weighing: 'De veiligheid van de andere bewoners weegt zwaarder.',
        legalClaims: 'de procedure bij de kantonrechter',
      }),
    });
    expect(text).toMatch(pick(both('AVG artikel 6 lid 1 onder e', 'GDPR Article 6(1)(e)')));
    expect(text).toMatch(pick(both('Wij wijzen uw bezwaar af', 'We reject your objection')));
    expect(text).toContain('De veiligheid van de andere bewoners weegt zwaarder.');
    expect(text).toContain('de procedure bij de kantonrechter');
    expect(text).toMatch(pick(both('AVG artikel 18 lid 3', 'GDPR Article 18(3)')));
    expect(text).not.toMatch(pick(both('Wat er met uw gegevens gebeurt', 'What happens to your data')));
    expect(text).toMatch(pick(COMPLAINT));
  });

  it('stops direct marketing at once, and counts it as withdrawal when it rested on consent', () => {
    const text = letter('decision', locale, {
      objection: marketing,
      decision: decision({
        basis: 'consent',
        directMarketing: true,
        erased: ['uw e-mailadres in de verzendlijst'],
        kept: [
          { data: 'uw e-mailadres op de blokkeerlijst', ground: 'zodat u geen nieuwsbrief meer krijgt' },
        ],
      }),
    });
    expect(text).toMatch(
      pick(
        both(
          'Wij stoppen met het gebruik van uw gegevens voor direct marketing',
          'We stop using your data for direct marketing',
        ),
      ),
    );
    expect(text).toMatch(pick(both('AVG artikel 21 lid 2 en 3', 'GDPR Article 21(2) and (3)')));
    expect(text).toMatch(
      pick(
        both(
          'intrekking van uw toestemming (AVG artikel 7 lid 3)',
          'withdrawal of your consent (GDPR Article 7(3))',
        ),
      ),
    );
    expect(text).toMatch(pick(both('17 lid 1 onder b en c', '17(1)(b) and (c)')));
    expect(text).not.toMatch(pick(both('beperking', 'restrict')));
    expect(text).toMatch(pick(COMPLAINT));
  });

  it('treats an objection to consent-based processing as withdrawal (art. 7(3)), erasing under art. 17(1)(b)', () => {
    const text = letter('decision', locale, {
      objection: { ...request, restrict: false },
      decision: decision({ basis: 'consent', recipientsTold: false }),
    });
    expect(text).toMatch(pick(both('AVG artikel 6 lid 1 onder a', 'GDPR Article 6(1)(a)')));
    expect(text).toMatch(
      pick(both("behandelen uw bezwaar als zo'n intrekking", 'treat your objection as such a withdrawal')),
    );
    expect(text).toMatch(
      pick(
        both(
          'rechtmatigheid van de verwerking vóór de intrekking',
          'lawfulness of the processing before the withdrawal',
        ),
      ),
    );
    expect(text).toMatch(pick(both('17 lid 1 onder b)', '17(1)(b))')));
    expect(text).not.toMatch(pick(both('(AVG artikel 19)', '(GDPR Article 19)')));
  });

  it.each([
    ['contract', both('6 lid 1 onder b', '6(1)(b)'), true, true],
    ['legal-obligation', both('6 lid 1 onder c', '6(1)(c)'), false, false],
    ['vital-interests', both('6 lid 1 onder d', '6(1)(d)'), true, false],
  ] as const)(
    'answers that processing based on %s cannot be objected to, and names the rights that do apply',
    (basis, article, erasable, portable) => {
      const text = letter('decision', locale, {
        objection: request,
        decision: decision({
          basis,
          outcome: 'not-applicable',
          reasons: 'Nodig voor de zorg aan u.',
          erased: undefined,
          kept: undefined,
          recipientsTold: false,
        }),
      });
      expect(text).toContain(pick(article));
      expect(text).toMatch(
        pick(both('Tegen deze verwerking kunt u geen bezwaar maken', 'You cannot object to this processing')),
      );
      expect(text).toContain('Nodig voor de zorg aan u.');
      for (const right of [15, 16, 18])
        expect(text).toContain(pick(both(`AVG artikel ${right})`, `GDPR Article ${right})`)));
      expect(text.includes(pick(both('AVG artikel 17 lid 3 onder b', 'GDPR Article 17(3)(b)')))).toBe(
        !erasable,
      );
      expect(text.includes(pick(both('AVG artikel 20', 'GDPR Article 20')))).toBe(portable);
      expect(text).toMatch(
        pick(both('Die beperking eindigt met dit besluit', 'That restriction ends with this decision')),
      );
      expect(text).toMatch(pick(COMPLAINT));
    },
  );

  it('confirms the stop with what was erased and kept, and that recipients were told', () => {
    const text = letter('confirmation', locale, {
      objection: request,
      decision: decision({ kept: [{ data: 'zorgdossier', ground: 'bewaarplicht WGBO' }] }),
      confirmation: { stoppedDate: '2026-11-25' },
    });
    expect(text).toContain(pick(both('Sinds 25 november 2026', 'Since 25 November 2026')));
    expect(text).toContain('de foto op de website');
    expect(text).toContain('zorgdossier: bewaarplicht WGBO');
    expect(text).toMatch(pick(both('(AVG artikel 19)', '(GDPR Article 19)')));
    expect(text).toMatch(pick(both('Autoriteit Persoonsgegevens', 'Dutch Data Protection Authority')));
  });

  it('tells a recipient what stopped and was erased (art. 19), with what a processor must do', () => {
    const text = letter('recipient-notice', locale, {
      subject: { name: 'Sanne de Vries' },
      decision: decision({ basis: 'consent' }),
      confirmation: { stoppedDate: '2026-11-25' },
      addressee: { name: 'Drukkerij De Pers', postalAddress: 'Postbus 1\n9400 AA Assen' },
    });
    expect(text).toMatch(pick(both('Geachte heer, mevrouw', 'Dear Sir or Madam')));
    expect(text).toContain(
      pick(both('persoonsgegevens verstrekt van Sanne de Vries', 'personal data of Sanne de Vries')),
    );
    expect(text).toMatch(
      pick(
        both(
          'toestemming daarvoor ingetrokken (AVG artikel 7 lid 3)',
          'withdrawn the consent for it (GDPR Article 7(3))',
        ),
      ),
    );
    expect(text).toMatch(pick(both('(AVG artikel 19)', '(GDPR Article 19)')));
    expect(text).toMatch(pick(both('AVG artikel 28 lid 3 onder a', 'GDPR Article 28(3)(a)')));
    expect(text).toContain('de foto op de website');
    expect(text).toContain('Postbus 1');
    // Nothing the subject wrote about their situation travels to a recipient.
    expect(text).not.toContain('geheim adres');
  });

  it('names the objection in the letters every case shares (extension, identity)', () => {
    const extension = templates.letter('objection', 'extension', locale, {
      ...context(locale, {}),
      extension: { reasons: 'Drie locaties.', by: { months: 1 }, previousDueDate: '2026-11-30' },
    });
    expect(extension.title).toBe(
      pick(
        both(
          'Verlenging van de termijn voor uw bezwaar tegen de verwerking van uw persoonsgegevens',
          'Extension of the period for your objection to the processing of your personal data',
        ),
      ),
    );
    expect(extension.body).toContain(
      pick(
        both('uw bezwaar tegen de verwerking van uw persoonsgegevens', 'your objection to the processing'),
      ),
    );
    expect(templates.title('objection', 'identity-request', locale)).toMatch(/^(Uw bezwaar|Your objection)/);
  });

  it('escapes what people typed', () => {
    const text = templates.letter(
      'objection',
      'acknowledgement',
      locale,
      context(locale, {
        objection: { ...request, processing: '<img src=x onerror=alert(1)>' },
      }),
    ).body;
    expect(text).not.toContain('<img src=x');
    expect(text).toContain('&lt;img src&#x3D;x');
  });
});

/** The erasure request's law on its own: the start fields, the decision per data category, and its letters. */
import { describe, expect, it } from 'vitest';
import { organisationIn } from '../../activities/letters';
import { loadPolicy } from '../../policies/load';
import { createTemplates, type Locale } from '../../templates';
import {
  careFilesTerm,
  checkErasureRequest,
  deletionPlan,
  erasureCategories,
  erasureLetterDetails,
  erasureNextStep,
  erasureOutcome,
  validateErasureDecision,
  type CategoryDecision,
  type ErasureDecision,
  type ErasureState,
} from '../../workflows/erasure-messages';

const buurderij = await loadPolicy('de-buurderij');
const gdpr = await loadPolicy('gdpr-default');
const werkOpMaat = await loadPolicy('werk-op-maat');
const now = new Date('2026-11-20T10:00:00Z');
const owner = { name: 'Zorgadministratie', email: 'administratie@debuurderij.nl' };

const state = (changes: Partial<ErasureState> = {}): ErasureState => ({
  stage: 'deciding',
  request: { what: 'mijn dossier', categories: ['care-data'] },
  categories: erasureCategories(buurderij.retention),
  ...changes,
});
const decide = (categories: Record<string, CategoryDecision>, extra: Partial<ErasureDecision> = {}) =>
  validateErasureDecision(state(), { by: 'bestuurder', categories, recipients: [], ...extra }, now);
const erase: CategoryDecision = { action: 'erase', dataOwner: owner };
const keep = (
  ground: CategoryDecision['ground'],
  more: Partial<CategoryDecision> = {},
): CategoryDecision => ({
  action: 'keep',
  ground,
  reasons: 'Zie het dossier.',
  keepUntil: '2033-12-31',
  ...more,
});

describe('erasure start fields', () => {
  it('takes what is asked and the categories, from flags or from an --input file', () => {
    expect(
      checkErasureRequest({ what: ' mijn dossier ', categories: 'care-data, staff' }, buurderij),
    ).toEqual({
      what: 'mijn dossier',
      categories: ['care-data', 'staff'],
    });
    expect(
      checkErasureRequest({ what: 'alles', categories: ['care-data', 'staff,video-memory-aid'] }, buurderij)
        .categories,
    ).toEqual(['care-data', 'staff', 'video-memory-aid']);
    expect(checkErasureRequest({ what: 'alles' }).categories).toEqual([]);
  });

  it('names every wrong flag in one refusal', () => {
    expect(() =>
      checkErasureRequest({ what: '', categories: 'care-data,Zorg,fotos,care-data' }, buurderij),
    ).toThrow(
      new RegExp(
        "^--what must not be empty; --categories: 'Zorg' is not a category id \\(kebab-case, such as care-data\\); " +
          "'fotos' is not a data category of the policy \\(care-data, .*\\); a category is named twice$",
      ),
    );
    expect(() => checkErasureRequest({ what: 'x', categories: [1] })).toThrow(
      /^--categories must be category ids/,
    );
  });
});

describe('the erasure decision', () => {
  it('is taken after identity is verified, once', () => {
    const input = { by: 'fg', categories: { 'care-data': erase }, recipients: [] };
    expect(() => validateErasureDecision(state({ stage: 'verifying-identity' }), input, now)).toThrow(
      /identity has not been verified yet \(art\. 12\(6\)\)/,
    );
    expect(() => validateErasureDecision(state({ stage: 'awaiting-approval' }), input, now)).toThrow(
      /awaiting approval/,
    );
    expect(() => validateErasureDecision(state({ stage: 'carrying-out' }), input, now)).toThrow(
      /already been decided/,
    );
    expect(() => validateErasureDecision(state(), input, now)).not.toThrow();
  });

  it('destroys a care file on request: its 20-year retention does not block it (art. 7:455 BW)', () => {
    expect(() => decide({ 'care-data': erase, 'medical-record': erase })).not.toThrow();
    // A policy that marks a care file as blocking cannot make its own retention block the request.
    const misread = state();
    misread.categories['care-data']!.blocksErasure = true;
    expect(() =>
      validateErasureDecision(misread, { by: 'fg', categories: { 'care-data': erase }, recipients: [] }, now),
    ).not.toThrow();
  });

  it('keeps a care file only on the grounds of art. 7:455 lid 2 BW, never on its retention alone', () => {
    expect(() => decide({ 'care-data': keep('substantial-importance-other') })).not.toThrow();
    expect(() => decide({ 'care-data': keep('statute') })).toThrow(
      /^categories\.care-data\.statute must name the statute/,
    );
    expect(() =>
      decide({ 'care-data': keep('statute', { statute: 'art. 7:454 lid 3 BW, twintig jaar bewaren' }) }),
    ).toThrow(/cites the care file's own retention period .* name another statute/);
    expect(() => decide({ 'care-data': keep('statute', { statute: 'Jeugdwet art. 7.3.8' }) })).toThrow(
      /own retention period/,
    );
    expect(() =>
      decide({ 'care-data': keep('statute', { statute: 'Wetboek van Strafvordering art. 94 (beslag)' }) }),
    ).not.toThrow();
    for (const ground of ['legal-claims', 'no-erasure-ground'] as const)
      expect(() => decide({ 'care-data': keep(ground) })).toThrow(
        /^categories\.care-data\.ground must be substantial-importance-other or statute: a care file is destroyed on request/,
      );
  });

  it('lets a blocking duty stand (art. 17(3)(b)) unless the officer says why it does not apply', () => {
    const request = { what: 'x', categories: ['financial-administration'] };
    const fiscal = (choice: CategoryDecision) =>
      validateErasureDecision(
        state({ request }),
        { by: 'fg', categories: { 'financial-administration': choice }, recipients: [] },
        now,
      );
    expect(() => fiscal(erase)).toThrow(
      /^categories\.financial-administration\.dutyDoesNotApply must say why the duty to keep .* \(fiscal\) does not apply: the policy says it blocks erasure \(art\. 17\(3\)\(b\)\)$/,
    );
    expect(() =>
      fiscal({ ...erase, dutyDoesNotApply: 'De zeven jaar zijn op 31 december 2025 verstreken.' }),
    ).not.toThrow();
    expect(() => fiscal(keep('statute'))).not.toThrow(); // the policy's duty: AWR art. 52
    expect(() => fiscal(keep('substantial-importance-other'))).toThrow(/for a care file only/);
    expect(() => decide({ 'care-data': { ...erase, dutyDoesNotApply: 'x' } })).toThrow(
      /dutyDoesNotApply must not be given: the policy names no duty that blocks its erasure/,
    );
  });

  it('needs the statute, the reasons and a future keep-until date for whatever it keeps', () => {
    const request = { what: 'x', categories: ['staff'] };
    const staff = (choice: CategoryDecision) =>
      validateErasureDecision(state({ request }), { by: 'fg', categories: { staff: choice } }, now);
    expect(() => staff(keep('statute'))).toThrow(/^categories\.staff\.statute must name the statute/);
    expect(() => staff(keep('legal-claims'))).not.toThrow();
    expect(() => staff(keep('no-erasure-ground'))).not.toThrow();
    expect(() => staff(keep('legal-claims', { statute: 'x' }))).toThrow(
      /statute must not be given unless the ground is statute/,
    );
    expect(() => staff({ action: 'keep' })).toThrow(
      /^categories\.staff\.ground must say why the data are kept: .*; categories\.staff\.reasons must not be empty; categories\.staff\.keepUntil must be the date/,
    );
    expect(() => staff(keep('legal-claims', { keepUntil: '2026-11-20' }))).toThrow(
      /keepUntil is 2026-11-20, which is not after today \(2026-11-20\)/,
    );
    expect(() => staff(keep('legal-claims', { keepUntil: '2027-02-30' }))).toThrow(
      /keepUntil must be the date/,
    );
    expect(() => staff(keep('legal-claims', { dataOwner: owner }))).toThrow(
      /^categories\.staff\.dataOwner must not be given when the action is keep$/,
    );
  });

  it('erases partly: what is erased, what is kept and why, and who erases', () => {
    const partly: CategoryDecision = {
      action: 'partly',
      erased: 'de video-opnamen',
      kept: 'de verslagen over uw broer',
      ground: 'substantial-importance-other',
      reasons: 'Uw broer heeft ze nodig voor zijn behandeling.',
      keepUntil: '2030-01-01',
      dataOwner: owner,
    };
    expect(() => decide({ 'care-data': partly })).not.toThrow();
    const { erased: _erased, dataOwner: _owner, ...incomplete } = partly;
    expect(() => decide({ 'care-data': incomplete })).toThrow(
      /^categories\.care-data\.dataOwner must name who erases the data .*; categories\.care-data\.erased must not be empty$/,
    );
    expect(() =>
      decide({ 'care-data': { ...partly, dataOwner: { name: 'x', email: 'geen adres' } } }),
    ).toThrow(/categories\.care-data\.dataOwner\.email must be an e-mail address/);
  });

  it('covers every category the request names, and only the policy’s', () => {
    expect(() => decide({ staff: keep('legal-claims') })).toThrow(
      /categories must decide on every category the request names: missing care-data/,
    );
    expect(() => decide({ 'care-data': erase, fotos: erase })).toThrow(
      /categories\.fotos is not a data category of the policy; they are care-data, /,
    );
    expect(() => decide({ 'care-data': { action: 'wissen' as never } })).toThrow(
      /categories\.care-data\.action must be erase, keep or partly/,
    );
    expect(() => decide({}, { noData: true, recipients: undefined })).not.toThrow();
    expect(() => decide({ 'care-data': erase }, { noData: true })).toThrow(
      /categories must be empty when noData/,
    );
    expect(() => decide({})).toThrow(/at least one data category, or noData must be true/);
  });

  it('tells the recipients of erased data (art. 19), and only when something is erased', () => {
    expect(() => decide({ 'care-data': erase }, { recipients: undefined })).toThrow(
      /^recipients must list who received the erased data, to be told \(art\. 19\), or be \[\] when nobody did$/,
    );
    expect(() =>
      decide(
        { 'care-data': erase },
        { recipients: [{ name: 'Huisartsenpraktijk', postalAddress: 'Dorpsstraat 1' }] },
      ),
    ).not.toThrow();
    expect(() =>
      decide(
        { 'care-data': erase, staff: keep('legal-claims') },
        { recipients: [{ name: '', categories: ['staff'] }] },
      ),
    ).toThrow(
      /^recipients\[0\]\.name must not be empty; recipients\[0\]\.email or recipients\[0\]\.postalAddress must be given.*; recipients\[0\]\.categories must name erased categories \(care-data\), got staff$/,
    );
    expect(() =>
      decide(
        { 'care-data': keep('substantial-importance-other') },
        { recipients: [{ name: 'Zorgkantoor', email: 'z@example.nl' }] },
      ),
    ).toThrow(/^recipients must not be given: nothing is erased, so there is nobody to tell \(art\. 19\)$/);
  });

  it('lists every problem of a decision at once, each by the field the officer typed', () => {
    expect(() =>
      validateErasureDecision(
        state({ request: { what: 'x', categories: ['care-data', 'financial-administration'] } }),
        {
          by: '',
          categories: { 'care-data': keep('legal-claims'), 'financial-administration': { action: 'erase' } },
        },
        now,
      ),
    ).toThrow(
      /^by must not be empty; categories\.care-data\.ground must be substantial-importance-other or statute.*; categories\.financial-administration\.dataOwner must name who erases.*; categories\.financial-administration\.dutyDoesNotApply must say why.*; recipients must list who received the erased data/,
    );
  });
});

describe('what follows from a decision', () => {
  const categories = erasureCategories(buurderij.retention);
  const decision: ErasureDecision = {
    by: 'bestuurder',
    categories: {
      'care-data': erase,
      'video-memory-aid': { ...erase, dataOwner: { ...owner, email: 'Administratie@debuurderij.nl' } },
      staff: { ...erase, dataOwner: { name: 'P&O', email: 'po@debuurderij.nl' } },
      'financial-administration': keep('statute'),
    },
    recipients: [{ name: 'Zorgkantoor', email: 'info@zorgkantoor.example' }],
  };

  it('is granted, partly or refused by what happens to each category', () => {
    expect(erasureOutcome(decision)).toBe('partly');
    expect(erasureOutcome({ by: 'x', categories: { a: erase } })).toBe('granted');
    expect(erasureOutcome({ by: 'x', categories: { a: keep('statute') } })).toBe('refused');
    expect(erasureOutcome({ by: 'x', categories: {}, noData: true })).toBe('no-data');
  });

  it('gives each data owner one task per deadline, naming the categories and nothing about the subject', () => {
    const plan = deletionPlan(decision, categories);
    expect(plan.owners).toEqual([owner, { name: 'P&O', email: 'po@debuurderij.nl' }]);
    expect(plan.tasks).toEqual([
      {
        owner: 0,
        categories: ['care-data'],
        careFile: true,
        action: `wissen: ${categories['care-data']!.label}`,
      },
      {
        owner: 0,
        categories: ['video-memory-aid'],
        careFile: false,
        action: 'wissen: Audio- en videobeelden als geheugensteun',
      },
      { owner: 1, categories: ['staff'], careFile: false, action: 'wissen: Personeelsgegevens' },
    ]);
    const partly = { ...decision, categories: { staff: { ...erase, action: 'partly' as const } } };
    expect(deletionPlan(partly, categories).tasks[0]!.action).toBe(
      'wissen: Personeelsgegevens (gedeeltelijk: zie het besluit)',
    );
  });

  it("names the categories in the letter's language: the policy's English label in an English letter", () => {
    const dates = { dueDate: '2026-12-18', careFiles: careFilesTerm({ months: 3 }, '2027-02-22') };
    const labels = (locale: 'nl' | 'en') =>
      erasureLetterDetails(decision, categories, dates, locale).erased.map((item) => item.label);
    expect(labels('nl')).toContain('Personeelsgegevens');
    expect(labels('en')).toContain(buurderij.retention.staff!.labelEn);
    expect(labels('en')).not.toContain('Personeelsgegevens');
  });

  it("gives a care file its own date, the law's three months", () => {
    const details = erasureLetterDetails(decision, categories, {
      dueDate: '2026-12-18',
      careFiles: careFilesTerm({ months: 3 }, '2027-02-22'),
    });
    expect(details.erased.map((item) => [item.id, item.dueDate, item.careFile])).toEqual([
      ['care-data', '2027-02-22', true],
      ['video-memory-aid', '2026-12-18', false],
      ['staff', '2026-12-18', false],
    ]);
    expect(details.careFiles).toEqual({ dueDate: '2027-02-22', period: { months: 3 }, term: 'law' });
    expect(details.kept).toMatchObject([
      { id: 'financial-administration', ground: 'statute', blocksErasure: true },
    ]);
    expect(careFilesTerm({ weeks: 8 }, '2027-01-15').term).toBe('policy');
  });

  it('names the next step by stage', () => {
    expect(erasureNextStep('deciding', 'VER-2026-0001')).toEqual({
      step: 'erasure-decide',
      command: 'privacyloket erasure decide VER-2026-0001 --input decision.json',
    });
    expect(erasureNextStep('carrying-out', 'VER-2026-0001')?.step).toBe('erasure-erasing');
    // The kit words the stages every process shares.
    expect(erasureNextStep('verifying-identity', 'VER-2026-0001')).toBeUndefined();
  });
});

describe('the erasure letters', () => {
  const templates = createTemplates();
  /** A letter's text as a reader sees it: tags gone, whitespace collapsed. */
  const letter = (kind: string, locale: Locale, details: Record<string, unknown>, policy = buurderij) => {
    const settings = policy.processes.erasure;
    const { body, title } = templates.letter('erasure', kind, locale, {
      locale,
      date: '2026-11-20',
      reference: 'VER-2026-0007',
      ...organisationIn(policy, locale),
      letterhead: { logo: 'data:image/svg+xml;base64,', colour: '#3d7a3a' },
      addressee: { name: 'J. de Vries', postalAddress: 'Dorpsstraat 1\n9999 AA Ergens' },
      request: {
        receivedDate: '2026-11-20',
        dueDate: '2026-12-18',
        period: settings.period,
        term: policy === gdpr ? 'law' : 'policy',
        extension: settings.extension,
      },
      ...details,
    });
    // Inline markup joins its neighbours; every other tag separates words.
    const text = body
      .replace(/<\/?(strong|em)>/g, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ');
    return { title, text };
  };
  const careFiles = careFilesTerm({ months: 3 }, '2027-02-22');
  const categories = erasureCategories(buurderij.retention);
  const detailsOf = (decision: Omit<ErasureDecision, 'by'>, erasedOn?: Record<string, string>) => ({
    decision: erasureLetterDetails({ by: 'bestuurder', ...decision }, categories, {
      dueDate: '2026-12-18',
      careFiles,
      erasedOn,
    }),
  });

  it.each<[Locale, RegExp[]]>([
    [
      'nl',
      [
        /uw verzoek ontvangen om persoonsgegevens .* te wissen \(artikel 17 van de Algemene verordening/,
        /U vroeg ons het volgende te wissen: mijn dossier &lt;script&gt;/,
        /soorten gegevens: Zelf gegenereerde gegevens/,
        /uiterlijk op 18 december 2026: de termijn volgens ons privacyreglement, 4 weken na ontvangst \(Privacyreglement De Buurderij\)/,
        /met ten hoogste 2 maanden verlengen \(AVG artikel 12 lid 3\)/,
        /uiterlijk op 22 februari 2027: de wettelijke termijn van 3 maanden na ontvangst van uw verzoek \(artikel 7:455 lid 1 Burgerlijk Wetboek; artikel 7\.3\.9 Jeugdwet\)/,
        /uw identiteit aan te tonen \(AVG artikel 12 lid 6\)/,
      ],
    ],
    [
      'en',
      [
        /your request to erase personal data .* \(Article 17 of the General Data Protection Regulation/,
        /You asked us to erase the following: mijn dossier &lt;script&gt;/,
        /no later than 18 December 2026: the period set in our privacy regulation, 4 weeks from receipt/,
        /by at most 2 months \(GDPR Article 12\(3\)\)/,
        /no later than 22 February 2027: the statutory period of 3 months from receipt of your request \(Article 7:455\(1\) of the Dutch Civil Code/,
        /prove your identity \(GDPR Article 12\(6\)\)/,
      ],
    ],
  ])(
    'acknowledge in %s what was asked, by when, the care-file rule and the identity check',
    (locale, expected) => {
      const { text, title } = letter('acknowledgement', locale, {
        erasure: { what: 'mijn dossier <script>', categories: [{ label: categories['care-data']!.label }] },
        careFiles,
      });
      for (const pattern of expected) expect(text).toMatch(pattern);
      expect(title).toMatch(locale === 'nl' ? /^Ontvangstbevestiging/ : /^Acknowledgement/);
      expect(
        letter('acknowledgement', locale, { erasure: { what: 'x', categories: [] } }, gdpr).text,
      ).toMatch(
        locale === 'nl'
          ? /de wettelijke termijn van 1 maand na ontvangst \(AVG artikel 12 lid 3\)/
          : /the statutory period of 1 month/,
      );
    },
  );

  const granted = detailsOf({
    categories: { 'care-data': erase, 'video-memory-aid': erase },
    recipients: [{ name: 'Huisartsenpraktijk Noord', email: 'noord@example.nl' }],
    recipientsNotTold: 'Een oud-stagiair is niet meer te bereiken.',
  });
  it.each<[Locale, RegExp[]]>([
    [
      'nl',
      [
        /Wij willigen uw verzoek in/,
        /Zelf gegenereerde gegevens .*; uiterlijk op 22 februari 2027\. Voor dit dossier geldt een bewaartermijn van twintig jaar \(artikel 7:454 lid 3 Burgerlijk Wetboek\), maar die staat niet in de weg aan vernietiging op uw verzoek \(artikel 7:455 Burgerlijk Wetboek\)/,
        /Audio- en videobeelden als geheugensteun; uiterlijk op 18 december 2026\./,
        /een medisch dossier of dossier van jeugdhulp binnen de wettelijke termijn van 3 maanden/,
        /eerder verstrekt aan: Huisartsenpraktijk Noord\. Wij laten hun weten dat wij de gegevens hebben gewist \(AVG artikel 19\)/,
        /onevenredige inspanning kost \(AVG artikel 19\): Een oud-stagiair/,
        /Autoriteit Persoonsgegevens, Postbus 93374, 2509 AJ Den Haag/,
        /binnen zes weken na ontvangst van dit besluit de rechtbank .* \(verzoekschrift, artikel 35 Uitvoeringswet AVG/,
      ],
    ],
    [
      'en',
      [
        /We grant your request/,
        /no later than 22 February 2027\. This file is kept for twenty years \(Article 7:454\(3\) of the Dutch Civil Code\), but that does not prevent its destruction at your request \(Article 7:455 of the Dutch Civil Code\)/,
        /We previously disclosed these data to: Huisartsenpraktijk Noord\. We will tell them .* \(GDPR Article 19\)/,
        /within six weeks of receiving this decision, petition the district court .* \(Article 35 of the Dutch GDPR Implementation Act/,
      ],
    ],
  ])(
    'grant in %s: what is erased by when, the care file despite its retention, recipients, both ways to object',
    (locale, expected) => {
      const { text, title } = letter('decision', locale, granted);
      for (const pattern of expected) expect(text).toMatch(pattern);
      expect(text).not.toMatch(/bewaren, waarom|keep, why/);
      expect(title).toMatch(locale === 'nl' ? /^Besluit op uw verzoek/ : /^Decision on your request/);
    },
  );

  const refusedOrPartly = detailsOf({
    categories: {
      'financial-administration': keep('statute', { reasons: 'Facturen 2024 vallen onder de bewaarplicht.' }),
      'medical-record': keep('statute', { statute: 'Wetboek van Strafvordering art. 94 (inbeslagneming)' }),
      'care-data': {
        action: 'partly',
        erased: 'de video-opnamen',
        kept: 'de verslagen over uw broer',
        ground: 'substantial-importance-other',
        reasons: 'Uw broer heeft ze nodig.',
        keepUntil: '2030-01-01',
        dataOwner: owner,
      },
      staff: keep('legal-claims'),
      'other-client-data': keep('no-erasure-ground', { reasons: 'U bent nog in zorg.' }),
    },
    recipients: [],
  });
  it.each<[Locale, RegExp[]]>([
    [
      'nl',
      [
        /Wij willigen uw verzoek gedeeltelijk in/,
        /Zelf gegenereerde gegevens .*: de video-opnamen; uiterlijk op 22 februari 2027/,
        /Wij hebben de gegevens die wij wissen aan niemand verstrekt/,
        /Financiële administratie \(fiscale gegevens\) Grond: Wij zijn wettelijk verplicht deze gegevens te bewaren: de fiscale bewaarplicht van zeven jaar \(artikel 52 Algemene wet inzake rijksbelastingen\)\. Het recht op wissing geldt dan niet \(AVG artikel 17 lid 3 onder b\)\. Onze redenen: Facturen 2024 vallen onder de bewaarplicht\. Wij bewaren deze gegevens tot 31 december 2033; daarna vernietigen wij ze\./,
        /Een wettelijk voorschrift verzet zich tegen vernietiging: Wetboek van Strafvordering art\. 94 \(inbeslagneming\) \(artikel 7:455 lid 2 Burgerlijk Wetboek\)/,
        /: de verslagen over uw broer Grond: Het bewaren van deze gegevens is van aanmerkelijk belang voor een ander dan u; .*\(artikel 7:455 lid 2 Burgerlijk Wetboek\)\. Onze redenen: Uw broer heeft ze nodig\. Wij bewaren deze gegevens tot 1 januari 2030/,
        /rechtsvordering; het recht op wissing geldt dan niet \(AVG artikel 17 lid 3 onder e\)/,
        /gronden van artikel 17 lid 1 AVG .* Geen van die gronden is hier van toepassing\. Onze redenen: U bent nog in zorg\./,
        /artikel 35 Uitvoeringswet AVG/,
      ],
    ],
    [
      'en',
      [
        /We grant your request in part/,
        /Ground: The law requires us to keep these data: the seven-year retention duty for tax records \(Article 52 of the Dutch General Tax Act, Algemene wet inzake rijksbelastingen\)\. The right to erasure does not apply then \(GDPR Article 17\(3\)\(b\)\)\. Our reasons: Facturen 2024/,
        /A statutory provision prevents its destruction: Wetboek van Strafvordering art\. 94 \(inbeslagneming\) \(Article 7:455\(2\) of the Dutch Civil Code\)/,
        /substantial importance to someone other than you/,
        /establishment, exercise or defence of legal claims; .* \(GDPR Article 17\(3\)\(e\)\)/,
        /grounds of GDPR Article 17\(1\) applies/,
        /We keep these data until 1 January 2030; after that we destroy them\./,
        /Article 35 of the Dutch GDPR Implementation Act/,
      ],
    ],
  ])(
    'refuse or grant in part in %s: each kept category with its actual ground, reasons and date',
    (locale, expected) => {
      const { text } = letter('decision', locale, refusedOrPartly);
      for (const pattern of expected) expect(text).toMatch(pattern);
    },
  );

  it.each<Locale>(['nl', 'en'])('cite the Jeugdwet for a youth care file (%s)', (locale) => {
    const youth = erasureCategories(werkOpMaat.retention);
    const details = erasureLetterDetails(
      { by: 'x', categories: { 'youth-file': keep('substantial-importance-other') } },
      youth,
      { dueDate: '2026-12-18', careFiles },
    );
    const { text } = letter('decision', locale, { decision: details });
    expect(text).toMatch(
      locale === 'nl'
        ? /\(artikel 7\.3\.9 Jeugdwet\)/
        : /\(Article 7\.3\.9 of the Dutch Youth Act, Jeugdwet\)/,
    );
    expect(text).toMatch(locale === 'nl' ? /Wij wijzen uw verzoek af/ : /We refuse your request/);
  });

  it.each<Locale>(['nl', 'en'])('answer that nothing is held (%s)', (locale) => {
    const { text } = letter('decision', locale, detailsOf({ categories: {}, noData: true }));
    expect(text).toMatch(
      locale === 'nl' ? /verwerkt geen persoonsgegevens over u/ : /processes no personal data about you/,
    );
    expect(text).toMatch(/35/);
  });

  it.each<[Locale, RegExp[]]>([
    [
      'nl',
      [
        /Met deze brief bevestigen wij wat wij hebben gewist en wat wij bewaren/,
        /Zelf gegenereerde gegevens .*: de video-opnamen; gewist op 3 december 2026\./,
        /Financiële administratie \(fiscale gegevens\)\. Wij zijn wettelijk verplicht .* \(AVG artikel 17 lid 3 onder b\)\. Wij bewaren deze gegevens tot 31 december 2033/,
        /bewijs dat wij het zorgvuldig hebben behandeld \(AVG artikel 5 lid 2\) .* \(AVG artikel 17 lid 3 onder e\)/,
        /elke inzage wordt vastgelegd\. Wij vernietigen het 5 jaar nadat uw verzoek is afgehandeld, of later als er dan nog een procedure over loopt/,
        /klacht indienen bij de Autoriteit Persoonsgegevens/,
      ],
    ],
    [
      'en',
      [
        /This letter confirms what we have erased and what we keep/,
        /: de video-opnamen; erased on 3 December 2026\./,
        /\(GDPR Article 17\(3\)\(b\)\)\. We keep these data until 31 December 2033/,
        /evidence that we handled it properly \(GDPR Article 5\(2\)\)/,
        /every access is recorded\. We destroy it 5 years after your request was dealt with/,
        /lodge a complaint with the Dutch Data Protection Authority/,
      ],
    ],
  ])(
    'confirm in %s what was erased when, what is kept on which ground until when, and the request file',
    (locale, expected) => {
      const details = detailsOf(
        {
          categories: {
            'care-data': {
              action: 'partly',
              erased: 'de video-opnamen',
              kept: 'de rest',
              ground: 'substantial-importance-other',
              reasons: 'r',
              keepUntil: '2030-01-01',
              dataOwner: owner,
            },
            'financial-administration': keep('statute'),
          },
          recipients: [],
        },
        { 'care-data': '2026-12-03' },
      );
      const { text } = letter('confirmation', locale, {
        ...details,
        requestFiles: buurderij.processes.erasure.requestFiles,
      });
      for (const pattern of expected) expect(text).toMatch(pattern);
    },
  );

  it.each<[Locale, string]>([
    ['nl', 'uw verzoek om verwijdering van uw persoonsgegevens'],
    ['en', 'your request for erasure of your personal data'],
  ])('name the request in the letters every process shares (%s)', (locale, name) => {
    const shared = {
      extension: {
        extension: { reasons: 'Veel verzoeken.', by: { months: 2 }, previousDueDate: '2026-12-18' },
      },
      'identity-request': {
        identity: { missing: 'een kopie van uw identiteitsbewijs', answerBefore: '2026-12-18' },
      },
      'identity-not-established': {},
    };
    for (const [kind, details] of Object.entries(shared)) {
      const { title, text } = letter(kind, locale, details);
      expect(`${title} ${text}`.toLowerCase(), kind).toContain(name);
    }
  });

  it.each<[Locale, RegExp[]]>([
    [
      'nl',
      [
        /persoonsgegevens verstrekt van J\. de Vries\. Op verzoek van deze persoon hebben wij gegevens gewist \(artikel 17 .*\)\. De wet verplicht ons u dat te laten weten \(AVG artikel 19\)/,
        /Audio- en videobeelden als geheugensteun \(gewist op 3 december 2026\)/,
        /als verwerker, AVG artikel 28/,
      ],
    ],
    [
      'en',
      [
        /personal data of J\. de Vries to you\. At this person's request we have erased data/,
        /\(GDPR Article 19\)/,
        /\(erased on 3 December 2026\)/,
      ],
    ],
  ])('tell a recipient in %s what was erased, and nothing of what is kept or why', (locale, expected) => {
    const { text } = letter('recipient-notice', locale, {
      addressee: { name: 'Huisartsenpraktijk Noord', email: 'noord@example.nl' },
      dataSubject: { name: 'J. de Vries' },
      erased: [{ label: categories['video-memory-aid']!.label, erasedOn: '2026-12-03' }],
    });
    for (const pattern of expected) expect(text).toMatch(pattern);
    expect(text).not.toMatch(/17 lid 3|17\(3\)|redenen|reasons/);
  });
});

/** The rectification process's law on its own: the request checker, the officer's validators, and every letter. */
import { describe, expect, it } from 'vitest';
import { createTemplates, describeNextStep, type Locale } from '../../templates';
import {
  acknowledgementLetter,
  checkRectificationRequest,
  confirmationLetter,
  decisionLetter,
  recipientNoticeLetter,
  recipientNotices,
  rectificationNextStep,
  restrictionLiftLetter,
  validateRectificationDecision,
  validateRestrictionLift,
  type ChangeDecision,
  type RectificationDecision,
  type RectificationRequest,
  type RectificationState,
} from '../../workflows/rectification-messages';

const request: RectificationRequest = checkRectificationRequest({
  wrong: 'geboortedatum 12-03-1980',
  'should-be': '12-03-1981',
  add: ['Sinds mei 2026 woon ik zelfstandig.'],
  restrict: ['rapportage van 3 maart 2026'],
  'restrict-ground': ['accuracy-contested'],
});

const owner = { name: 'Team Dossiers', email: 'dossiers@example.nl' };
const huisarts = { name: 'Huisartsenpraktijk De Linde', email: 'praktijk@delinde.example' };
const gemeente = { name: 'Gemeente Burgum', postalAddress: 'Postbus 1\n9250 AA Burgum' };

const granted: ChangeDecision[] = [
  { change: 1, outcome: 'corrected', dataOwner: owner, recipients: [huisarts, gemeente] },
  { change: 2, outcome: 'completed', dataOwner: owner, recipients: [] },
  { change: 3, outcome: 'restricted', dataOwner: owner, recipients: [huisarts] },
];
const decision = (changes: ChangeDecision[] = granted): RectificationDecision => ({
  by: 'Raad van Bestuur',
  changes,
});

const state = (changes: Partial<RectificationState> = {}): RectificationState => ({
  stage: 'deciding',
  request,
  decision: null,
  restricted: [],
  lifts: [],
  ...changes,
});

/** The one message a refused input throws. */
function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('rectification start', () => {
  it('takes changes from flags or from lists in an --input file, in the order correct, complete, restrict', () => {
    expect(request.changes).toEqual([
      { type: 'correct', what: 'geboortedatum 12-03-1980', shouldBe: '12-03-1981' },
      { type: 'complete', addition: 'Sinds mei 2026 woon ik zelfstandig.' },
      { type: 'restrict', what: 'rapportage van 3 maart 2026', restrictionGround: 'accuracy-contested' },
    ]);
    expect(request.recipientsAsked).toBe(false);
    const two = checkRectificationRequest({
      wrong: ['naam  Jansen ', 'adres'],
      'should-be': ['Janssen', 'Dorpsstraat 1'],
      'ask-recipients': true,
    });
    expect(two.changes.map((c) => c.type === 'correct' && c.shouldBe)).toEqual(['Janssen', 'Dorpsstraat 1']);
    expect(two.changes[0]).toMatchObject({ what: 'naam  Jansen' }); // trimmed, as stored
    expect(two.recipientsAsked).toBe(true);
  });

  it('names every problem at once, each by its flag as typed', () => {
    const message = refusal(() =>
      checkRectificationRequest({
        wrong: ['naam', 'adres'],
        'should-be': ['Janssen'],
        restrict: ['rapportage'],
        'restrict-ground': ['wrong-data'],
        add: ['ok', 'x\u200by'],
        'ask-recipients': 'yes',
      }),
    );
    expect(message).toContain('--should-be must be given once for each --wrong (2 --wrong, 1 --should-be)');
    expect(message).toContain(
      "--restrict-ground must be one of accuracy-contested, unlawful, legal-claims, objection-pending (art. 18(1)(a)–(d)), got 'wrong-data'",
    );
    expect(message).toContain('--add #2 must not hold invisible or control characters (found U+200B)');
    expect(message).toContain('--ask-recipients must be true or false');
    expect(message.split('; ')).toHaveLength(4);
  });

  it('refuses a request without any change, a correction to the same value and input of the wrong type', () => {
    expect(refusal(() => checkRectificationRequest({}))).toBe(
      '--wrong with --should-be, --add, or --restrict with --restrict-ground: give at least one change',
    );
    expect(refusal(() => checkRectificationRequest({ wrong: 'Jansen', 'should-be': ' Jansen' }))).toBe(
      '--should-be is the same as what is wrong',
    );
    expect(refusal(() => checkRectificationRequest({ add: 5 }))).toMatch(
      /^--add must be a text or a list of texts/,
    );
    expect(refusal(() => checkRectificationRequest({ 'restrict-ground': 'unlawful' }))).toContain(
      '--restrict-ground must be given once for each --restrict (0 --restrict, 1 --restrict-ground)',
    );
    expect(refusal(() => checkRectificationRequest({ add: ['x'.repeat(1001)] }))).toBe(
      '--add must be at most 1000 characters, got 1001',
    );
  });
});

describe('rectification decision', () => {
  it('accepts every outcome the law allows, each change decided once', () => {
    expect(() => validateRectificationDecision(state(), decision())).not.toThrow();
    const otherwise = decision([
      {
        change: 1,
        outcome: 'statement-added',
        reasons: 'De geboortedatum komt uit de BRP.',
        statement: 'Ik ben in 1981 geboren.',
        dataOwner: owner,
      },
      { change: 2, outcome: 'refused', reasons: 'Niet relevant voor de zorg.', ground: 'complete' },
      { change: 3, outcome: 'refused', reasons: 'Al gecontroleerd.', ground: 'no-restriction-ground' },
    ]);
    expect(() => validateRectificationDecision(state(), otherwise)).not.toThrow();
  });

  it('decides only after identity is verified, once, and not while awaiting approval', () => {
    expect(
      refusal(() => validateRectificationDecision(state({ stage: 'verifying-identity' }), decision())),
    ).toBe("decision: the requester's identity has not been verified yet (art. 12(6))");
    expect(
      refusal(() => validateRectificationDecision(state({ stage: 'awaiting-approval' }), decision())),
    ).toBe('decision: a decision is awaiting approval');
    expect(refusal(() => validateRectificationDecision(state({ stage: 'carrying-out' }), decision()))).toBe(
      'decision: the request has already been decided',
    );
  });

  it('allows per kind of request only its outcomes: an opinion gets a statement, not a restriction', () => {
    const wrongOutcomes = decision([
      { change: 1, outcome: 'completed', dataOwner: owner },
      { change: 2, outcome: 'statement-added', reasons: 'x', statement: 'y', dataOwner: owner },
      { change: 3, outcome: 'corrected', dataOwner: owner },
    ]);
    const message = refusal(() => validateRectificationDecision(state(), wrongOutcomes));
    expect(message).toBe(
      [
        'change 1.outcome must be one of corrected, statement-added, refused for a request to correct, got "completed"',
        'change 2.outcome must be one of completed, refused for a request to complete, got "statement-added"',
        'change 3.outcome must be one of restricted, refused for a request to restrict, got "corrected"',
      ].join('; '),
    );
  });

  it('refuses only with reasons and a ground that fits the request, and then carries nothing out', () => {
    const message = refusal(() =>
      validateRectificationDecision(
        state(),
        decision([
          { change: 1, outcome: 'refused' },
          { change: 2, outcome: 'refused', reasons: 'x', ground: 'accurate' },
          { change: 3, outcome: 'refused', reasons: 'x', ground: 'art-23' as never, dataOwner: owner },
        ]),
      ),
    );
    expect(message).toContain('change 1.reasons must not be empty');
    expect(message).toContain(
      'change 1.ground must name the ground of refusing a request to correct: one of accurate, professional-opinion, not-held, protection, manifestly-unfounded',
    );
    expect(message).toContain(
      'change 2.ground must name the ground of refusing a request to complete: one of complete, protection, manifestly-unfounded',
    );
    expect(message).toContain('change 3.ground must name the ground of refusing a request to restrict');
    expect(message).toContain('change 3.dataOwner must not be given: the change is refused');
  });

  it("adds the subject's own statement only with reasons why the data are an opinion, and the statement itself", () => {
    const message = refusal(() =>
      validateRectificationDecision(
        state(),
        decision([{ change: 1, outcome: 'statement-added', dataOwner: owner }, granted[1]!, granted[2]!]),
      ),
    );
    expect(message).toBe('change 1.reasons must not be empty; change 1.statement must not be empty');
    expect(
      refusal(() =>
        validateRectificationDecision(
          state(),
          decision([{ ...granted[0]!, statement: 'x', ground: 'accurate' }, granted[1]!, granted[2]!]),
        ),
      ),
    ).toBe(
      'change 1.ground must not be given when the outcome is corrected; change 1.statement must not be given when the outcome is corrected',
    );
  });

  it('needs a data owner with an e-mail address for the task, and recipients with somewhere to send the notice', () => {
    const message = refusal(() =>
      validateRectificationDecision(
        state(),
        decision([
          {
            change: 1,
            outcome: 'corrected',
            recipients: [{ name: 'Huisarts' }, { name: 'X', email: 'nope' }],
          },
          { change: 2, outcome: 'completed', dataOwner: { name: 'Team' } as never },
          { change: 3, outcome: 'restricted', dataOwner: owner, recipients: 'huisarts' as never },
        ]),
      ),
    );
    expect(message).toBe(
      [
        'change 1.dataOwner must be an object with a name and an e-mail or postal address',
        'change 1.recipients[0].email or change 1.recipients[0].postalAddress must be given: the notice needs somewhere to go',
        'change 1.recipients[1].email must be an e-mail address',
        'change 2.dataOwner.email must be given: the task mail goes there',
        'change 3.recipients must be a list (empty when nobody received the data)',
      ].join('; '),
    );
  });

  it('decides every requested change exactly once, and knows only its own fields', () => {
    const message = refusal(() =>
      validateRectificationDecision(state(), {
        by: 'Raad van Bestuur',
        changes: [
          granted[0]!,
          granted[0]!,
          { ...granted[1]!, change: 7 },
          { ...granted[2]!, owner: 'x' } as never,
        ],
        reasonz: 'typo',
      } as never),
    );
    expect(message).toBe(
      [
        'decision.reasonz is not a field; the fields are by, changes, recipientsAsked',
        'change 1 is decided twice',
        'changes[2].change must be the number of a requested change, 1 to 3',
        'change 3.owner is not a field; the fields are change, outcome, reasons, ground, statement, dataOwner, recipients, notTold',
        'changes must decide every requested change; missing: 2',
      ].join('; '),
    );
    expect(refusal(() => validateRectificationDecision(state(), { ...decision(), by: 'a\nb' }))).toBe(
      'by must be one line',
    );
  });
});

describe('lifting a restriction (art. 18(3))', () => {
  const restricted = state({ stage: 'restricted', decision: decision(), restricted: [3] });
  const lift = { by: 'fg', change: 3, liftOn: '2026-12-10', reasons: 'De juistheid is gecontroleerd.' };

  it('announces the end of a restriction in force, on a later day, with reasons', () => {
    expect(() => validateRestrictionLift(restricted, lift, '2026-12-01')).not.toThrow();
    expect(refusal(() => validateRestrictionLift(restricted, lift, '2026-12-10'))).toBe(
      'lift-on must be after today (2026-12-10): the subject is told before the restriction is lifted (art. 18(3))',
    );
    expect(
      refusal(() =>
        validateRestrictionLift(restricted, { ...lift, liftOn: '2026-02-30', reasons: '' }, '2026-01-01'),
      ),
    ).toBe('reasons must not be empty; lift-on must be a date such as 2026-12-07, got "2026-02-30"');
    expect(refusal(() => validateRestrictionLift(restricted, { ...lift, change: 1 }, '2026-12-01'))).toBe(
      'change must be a restriction in force; in force: 3',
    );
    expect(refusal(() => validateRestrictionLift(state(), lift, '2026-12-01'))).toBe(
      'change must be a restriction in force; none is in force',
    );
    expect(refusal(() => validateRestrictionLift({ ...restricted, lifts: [lift] }, lift, '2026-12-01'))).toBe(
      'change 3: its lifting has already been announced',
    );
  });

  it('tells the officer what comes next while a restriction holds', () => {
    expect(rectificationNextStep(restricted, 'COR-2026-0001')).toEqual({
      step: 'rectification-restricted',
      command: 'privacyloket rectification lift-restriction COR-2026-0001 --input lift.json',
    });
    const next = rectificationNextStep({ ...restricted, lifts: [lift] }, 'COR-2026-0001')!;
    expect(next).toEqual({ step: 'rectification-lifting', date: '2026-12-10T12:00:00Z' });
    expect(describeNextStep(next, 'nl').text).toBe(
      'de beperking wordt op 10 december 2026 opgeheven; de betrokkene is vooraf ingelicht',
    );
    // A second restriction still without an announced end: the officer's turn again.
    const two = { ...restricted, restricted: [2, 3], lifts: [lift] };
    expect(rectificationNextStep(two, 'R')?.step).toBe('rectification-restricted');
    expect(rectificationNextStep(state(), 'COR-2026-0001')?.command).toBe(
      'privacyloket rectification decide COR-2026-0001 --input <decision.json>',
    );
    for (const stage of ['informing', 'telling-recipients', 'confirming'] as const) {
      const own = rectificationNextStep(state({ stage }), 'R')!;
      expect(describeNextStep(own, 'en').text).not.toBe('look at the case');
    }
    // The stages every case has are the kit's to word.
    expect(rectificationNextStep(state({ stage: 'carrying-out' }), 'R')).toBeUndefined();
  });
});

describe('recipients (art. 19)', () => {
  it('tells each recipient once, of the granted changes it received the data of', () => {
    const notices = recipientNotices(decision());
    expect(notices).toEqual([
      { recipient: huisarts, changes: [1, 3] },
      { recipient: gemeente, changes: [1] },
    ]);
    const refusedOne = decision([
      { change: 1, outcome: 'refused', reasons: 'x', ground: 'accurate' },
      granted[1]!,
      granted[2]!,
    ]);
    expect(recipientNotices(refusedOne)).toEqual([{ recipient: huisarts, changes: [3] }]);
  });

  it("gives a recipient only what it needs: never the subject's reasons or statement", () => {
    const withStatement = decision([
      {
        change: 1,
        outcome: 'statement-added',
        reasons: 'Het is een oordeel.',
        statement: 'Mijn eigen verhaal.',
        dataOwner: owner,
        recipients: [huisarts],
      },
      granted[1]!,
      granted[2]!,
    ]);
    const details = recipientNoticeLetter(request, withStatement, recipientNotices(withStatement)[0]!);
    expect(details.changes.map((change) => change.number)).toEqual([1, 3]);
    expect(JSON.stringify(details)).not.toMatch(/oordeel|eigen verhaal/);
  });

  it('names the recipients in the confirmation only when the subject asked, in the request or later', () => {
    const on = { decidedOn: '2026-11-25', doneOn: { 1: '2026-11-27', 2: '2026-11-28', 3: '2026-11-28' } };
    expect(confirmationLetter(request, decision(), on).recipients).toEqual({ count: 2 });
    expect(confirmationLetter(request, { ...decision(), recipientsAsked: true }, on).recipients).toEqual({
      count: 2,
      names: ['Huisartsenpraktijk De Linde', 'Gemeente Burgum'],
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------

const templates = createTemplates();

/** The context every letter gets (activities/letters.ts), for a case received 20 November 2026. */
function context(locale: Locale, term: 'law' | 'policy', details: Record<string, unknown>) {
  return {
    locale,
    date: '2026-11-21',
    reference: 'COR-2026-0001',
    organisation: {
      name: 'De Buurderij',
      email: 'info@debuurderij.nl',
      phones: [],
      fg: { name: 'Marc Bralts', title: 'Functionaris Gegevensbeheer', email: 'marc@debuurderij.nl' },
    },
    regulation: { title: 'Privacyreglement De Buurderij' },
    letterhead: { logo: 'data:image/svg+xml;base64,', colour: '#3d7a3a' },
    addressee: { name: 'Jan Jansen', email: 'jan@example.nl' },
    request: {
      receivedDate: '2026-11-20',
      dueDate: term === 'law' ? '2026-12-21' : '2026-12-18',
      period: term === 'law' ? { months: 1 } : { weeks: 4 },
      term,
    },
    copies: { firstCopyFree: true, feeForFurtherCopies: false },
    ...details,
  };
}

/** The letter's text as a reader sees it: tags gone, whitespace collapsed. */
function letter(
  kind: string,
  locale: Locale,
  details: Record<string, unknown>,
  term: 'law' | 'policy' = 'policy',
) {
  const { title, body } = templates.letter('rectification', kind, locale, context(locale, term, details));
  const text = body
    .replace(/<\/?strong>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
  return { title, text };
}

const mixed = decision([
  {
    change: 1,
    outcome: 'statement-added',
    reasons: 'de observatie is een oordeel van de begeleider.',
    statement: 'Ik was die dag ziek.',
    dataOwner: owner,
  },
  { change: 2, outcome: 'refused', reasons: 'dit staat al in het dossier.', ground: 'complete' },
  { change: 3, outcome: 'restricted', dataOwner: owner, recipients: [huisarts] },
]);

describe('rectification letters', () => {
  it.each([
    [
      'nl',
      'policy',
      '18 december 2026',
      'de termijn volgens ons privacyreglement, 4 weken na ontvangst (Privacyreglement De Buurderij)',
    ],
    [
      'nl',
      'law',
      '21 december 2026',
      'de wettelijke termijn van 1 maand na ontvangst (AVG artikel 12 lid 3)',
    ],
    ['en', 'policy', '18 December 2026', 'the period set in our privacy regulation, 4 weeks from receipt'],
    ['en', 'law', '21 December 2026', 'the statutory period of 1 month from receipt (GDPR Article 12(3))'],
  ] as const)(
    'the %s acknowledgement (%s term) states what was asked and one deadline for the whole answer',
    (locale, term, due, termText) => {
      const { title, text } = letter('acknowledgement', locale, acknowledgementLetter(request), term);
      expect(text).toContain(due);
      expect(text).toContain(termText);
      if (locale === 'nl') {
        expect(title).toBe(
          'Ontvangstbevestiging van uw verzoek om verbetering, aanvulling of beperking van de verwerking',
        );
        expect(text).toContain(
          'Verbeteren: ‘geboortedatum 12-03-1980’ is onjuist en moet zijn: ‘12-03-1981’.',
        );
        expect(text).toContain('Aanvullen met: ‘Sinds mei 2026 woon ik zelfstandig.’');
        expect(text).toContain(
          'De verwerking beperken van: ‘rapportage van 3 maart 2026’ (AVG artikel 18 lid 1 onder a)',
        );
        expect(text).toContain(
          'voeren wij de wijzigingen uit, lichten wij degenen in aan wie wij de gegevens hebben verstrekt (AVG artikel 19)',
        );
        expect(text).toContain('één keer met ten hoogste twee maanden verlengen (AVG artikel 12 lid 3)');
        expect(text).toContain('uw identiteit aan te tonen (AVG artikel 12 lid 6)');
        expect(text).toContain('Wilt u weten aan wie wij deze gegevens hebben verstrekt?');
      } else {
        expect(text).toContain(
          'Rectify: “geboortedatum 12-03-1980” is inaccurate and should be: “12-03-1981”.',
        );
        expect(text).toContain(
          'Restrict the processing of: “rapportage van 3 maart 2026” (GDPR Article 18(1)(a))',
        );
        expect(text).toContain('extend this period once by at most two months (GDPR Article 12(3))');
        expect(text).toContain('prove your identity (GDPR Article 12(6))');
      }
    },
  );

  it('promises a late request by the date the officer set, and names recipients when asked', () => {
    const late = templates.letter('rectification', 'acknowledgement', 'nl', {
      ...context('nl', 'policy', acknowledgementLetter({ ...request, recipientsAsked: true })),
      request: { ...context('nl', 'policy', {}).request, answerBy: '2027-01-08' },
    });
    expect(late.body).toContain('Die termijn is\nverstreken');
    expect(late.body).toContain('8 januari 2027');
    expect(late.body).toContain('Wij noemen ze u in onze\nbevestiging');
  });

  it.each(['nl', 'en'] as const)(
    'the %s decision grants, gives a statement and refuses, each with its article and both ways to object',
    (locale) => {
      const { title, text } = letter('decision', locale, decisionLetter(request, mixed));
      if (locale === 'nl') {
        expect(title).toBe('Besluit op uw verzoek om verbetering, aanvulling of beperking van de verwerking');
        expect(text).toContain(
          'Wij verbeteren deze gegevens niet, omdat: de observatie is een oordeel van de begeleider.',
        );
        expect(text).toContain(
          'voegen wij uw eigen verklaring over deze gegevens aan uw dossier toe (AVG artikel 16: aanvulling door middel van een aanvullende verklaring). Uw verklaring luidt: ‘Ik was die dag ziek.’',
        );
        expect(text).toContain('Wij wijzen dit af, omdat: dit staat al in het dossier.');
        expect(text).toContain(
          'De gegevens zijn, gelet op de doeleinden waarvoor wij ze verwerken, niet onvolledig (AVG artikel 16).',
        );
        expect(text).toContain(
          'omdat u de juistheid van de gegevens betwist; de beperking geldt zolang wij de juistheid controleren (AVG artikel 18 lid 1 onder a)',
        );
        expect(text).toContain(
          '(AVG artikel 18 lid 2). Voordat wij een beperking opheffen, laten wij u dat weten (AVG artikel 18 lid 3)',
        );
        expect(text).toContain(
          'Uiterlijk op 18 december 2026 bevestigen wij u schriftelijk wat wij hebben gedaan.',
        );
        expect(text).toContain('klacht indienen bij de Autoriteit Persoonsgegevens');
        expect(text).toContain('binnen zes weken na ontvangst van dit besluit de rechtbank');
        expect(text).toContain('artikel 35 Uitvoeringswet AVG');
      } else {
        expect(text).toContain(
          'We do not rectify these data, because: de observatie is een oordeel van de begeleider.',
        );
        expect(text).toContain(
          'add your own statement about these data to your file (GDPR Article 16: completion by means of a supplementary statement)',
        );
        expect(text).toContain(
          'Taking into account the purposes for which we process them, the data are not incomplete (GDPR Article 16).',
        );
        expect(text).toContain('(GDPR Article 18(1)(a))');
        expect(text).toContain('Before we lift a restriction, we will tell you (GDPR Article 18(3))');
        expect(text).toContain('lodge a complaint with the Dutch Data Protection Authority');
        expect(text).toContain('within six weeks of receiving this decision, petition the district court');
      }
      expect(text).not.toContain('dossiers@example.nl'); // the data owner is internal
    },
  );

  it.each([
    [
      'accurate',
      'correct',
      'Het recht op rectificatie geldt alleen voor onjuiste persoonsgegevens (AVG artikel 16).',
      'The right to rectification covers inaccurate personal data only (GDPR Article 16).',
    ],
    [
      'professional-opinion',
      'correct',
      'U kunt ons wel vragen uw eigen verklaring over deze gegevens aan uw dossier toe te voegen',
      'You may, however, ask us to add your own statement about these data to your file',
    ],
    [
      'not-held',
      'restrict',
      'Wij verwerken de gegevens waarop dit onderdeel van uw verzoek betrekking heeft niet',
      'We do not process the data this part of your request concerns',
    ],
    [
      'no-restriction-ground',
      'restrict',
      'doet zich voor (AVG artikel 18 lid 1)',
      'applies (GDPR Article 18(1))',
    ],
    [
      'protection',
      'complete',
      'artikel 41 lid 1 onder i Uitvoeringswet AVG',
      'Article 41(1)(i) of the Dutch GDPR Implementation Act, UAVG',
    ],
    [
      'manifestly-unfounded',
      'correct',
      'kennelijk ongegrond of buitensporig (AVG artikel 12 lid 5)',
      'manifestly unfounded or excessive (GDPR Article 12(5))',
    ],
  ] as const)('a refusal on the ground %s cites its own article', (ground, type, nl, en) => {
    const number = { correct: 1, complete: 2, restrict: 3 }[type];
    const changes = granted.map((change) =>
      change.change === number
        ? { change: number, outcome: 'refused' as const, reasons: 'zie toelichting.', ground }
        : change,
    );
    expect(() => validateRectificationDecision(state(), decision(changes))).not.toThrow();
    expect(letter('decision', 'nl', decisionLetter(request, decision(changes))).text).toContain(nl);
    expect(letter('decision', 'en', decisionLetter(request, decision(changes))).text).toContain(en);
  });

  it.each(['nl', 'en'] as const)(
    'the %s recipient notice says what changed and nothing the recipient does not need',
    (locale) => {
      const notice = recipientNotices(mixed)[0]!;
      const { title, text } = letter('recipient-notice', locale, {
        ...recipientNoticeLetter(request, decision(), recipientNotices(decision())[0]!),
        addressee: { name: huisarts.name, email: huisarts.email },
        dataSubject: { name: 'Jan Jansen' },
      });
      expect(notice.changes).toEqual([3]);
      if (locale === 'nl') {
        expect(title).toBe('Kennisgeving van een wijziging van persoonsgegevens (AVG artikel 19)');
        expect(text).toContain('Geachte Huisartsenpraktijk De Linde');
        expect(text).toContain('persoonsgegevens verstrekt van Jan Jansen');
        expect(text).toContain('(artikel 19 van de Algemene verordening gegevensbescherming, AVG)');
        expect(text).toContain('‘geboortedatum 12-03-1980’ was onjuist en is verbeterd in: ‘12-03-1981’');
        expect(text).toContain(
          'De verwerking van ‘rapportage van 3 maart 2026’ is beperkt (beperking van de verwerking, AVG artikel 18)',
        );
      } else {
        expect(text).toContain('personal data of Jan Jansen');
        expect(text).toContain('(Article 19 of the General Data Protection Regulation, GDPR)');
        expect(text).toContain(
          '“geboortedatum 12-03-1980” was inaccurate and has been rectified to: “12-03-1981”',
        );
      }
      expect(text).not.toContain('Sinds mei 2026'); // the completion went to nobody
      expect(text).not.toContain('Autoriteit Persoonsgegevens, Postbus'); // not a decision on their request
      // Asked to keep a restriction only by a recipient that received restricted data.
      const gemeenteNotice = recipientNotices(decision())[1]!;
      const corrected = letter('recipient-notice', locale, {
        ...recipientNoticeLetter(request, decision(), gemeenteNotice),
        dataSubject: { name: 'Jan Jansen' },
      }).text;
      const restriction =
        locale === 'nl' ? 'zolang de beperking geldt' : 'for as long as the restriction holds';
      expect(text).toContain(restriction);
      expect(corrected).not.toContain(restriction);
    },
  );

  it.each(['nl', 'en'] as const)(
    'the %s confirmation says what was done, when, and who was told',
    (locale) => {
      const on = { decidedOn: '2026-11-25', doneOn: { 1: '2026-11-27', 3: '2026-11-30' } };
      const asked = letter(
        'confirmation',
        locale,
        confirmationLetter(request, { ...mixed, recipientsAsked: true }, on),
      );
      const notAsked = letter(
        'confirmation',
        locale,
        confirmationLetter(
          request,
          decision([granted[0]!, granted[1]!, { ...granted[2]!, notTold: 'het adres is onbekend.' }]),
          on,
        ),
      );
      const nobody = letter(
        'confirmation',
        locale,
        confirmationLetter(request, decision(granted.map((change) => ({ ...change, recipients: [] }))), on),
      );
      if (locale === 'nl') {
        expect(asked.text).toContain(
          'Uw eigen verklaring over ‘geboortedatum 12-03-1980’ is aan uw dossier toegevoegd, op 27 november 2026.',
        );
        expect(asked.text).toContain(
          'De verwerking van ‘rapportage van 3 maart 2026’ is beperkt (AVG artikel 18 lid 1 onder a), op 30 november 2026.',
        );
        expect(asked.text).not.toContain('Sinds mei 2026'); // refused: not done
        expect(asked.text).toContain(
          'Wat wij niet hebben gedaan zoals u vroeg, en waarom, staat in ons besluit van 25 november 2026.',
        );
        expect(asked.text).toContain('Zoals u vroeg, noemen wij u de ontvangers');
        expect(asked.text).toContain('Huisartsenpraktijk De Linde');
        expect(asked.text).toContain(
          'Voordat wij de beperking opheffen, laten wij u dat weten (AVG artikel 18 lid 3).',
        );
        expect(notAsked.text).toContain(
          'Wij hebben de 2 ontvangers aan wie wij deze gegevens hebben verstrekt ingelicht',
        );
        expect(notAsked.text).not.toContain('Huisartsenpraktijk De Linde');
        expect(notAsked.text).toContain(
          'Bij onderdeel 3 hebben wij niet iedere ontvanger ingelicht, omdat dat onmogelijk bleek of onevenredig veel inspanning zou vergen (AVG artikel 19): het adres is onbekend.',
        );
        expect(nobody.text).toContain('aan niemand verstrekt; er was dus niemand in te lichten');
        expect(asked.text).toContain('binnen zes weken na ontvangst van dit besluit de rechtbank');
      } else {
        expect(asked.text).toContain(
          'Your own statement about “geboortedatum 12-03-1980” has been added to your file, on 27 November 2026.',
        );
        expect(asked.text).toContain('As you asked, we name the recipients');
        expect(asked.text).toContain('Huisartsenpraktijk De Linde');
        expect(notAsked.text).toContain(
          'We have informed the 2 recipients to whom we disclosed these data of the changes. Would you like to know who they are?',
        );
        expect(notAsked.text).toContain(
          'For part 3 we have not informed every recipient, because this proved impossible or would involve disproportionate effort (GDPR Article 19): het adres is onbekend.',
        );
        expect(nobody.text).toContain('there was therefore nobody to inform');
        expect(asked.text).toContain('Before we lift the restriction, we will tell you (GDPR Article 18(3))');
      }
    },
  );

  it.each(['nl', 'en'] as const)(
    'the %s letter before a restriction is lifted gives the date and the reasons (art. 18(3))',
    (locale) => {
      const lift = {
        by: 'fg',
        change: 3,
        liftOn: '2026-12-10',
        reasons: 'de rapportage is gecontroleerd en juist.',
      };
      const { title, text } = letter('restriction-lift', locale, restrictionLiftLetter(request, lift));
      if (locale === 'nl') {
        expect(title).toBe('Opheffing van de beperking van de verwerking van uw gegevens');
        expect(text).toContain(
          'beperkt van ‘rapportage van 3 maart 2026’ (beperking van de verwerking, AVG artikel 18 lid 1 onder a), omdat u de juistheid van de gegevens betwistte',
        );
        expect(text).toContain(
          'vooraf weten dat wij die beperking opheffen, zoals artikel 18 lid 3 van de AVG voorschrijft',
        );
        expect(text).toContain(
          'Wij heffen de beperking op per 10 december 2026, omdat: de rapportage is gecontroleerd en juist.',
        );
      } else {
        expect(text).toContain(
          'restricted the processing of “rapportage van 3 maart 2026” (restriction of processing, GDPR Article 18(1)(a)), because you contested the accuracy',
        );
        expect(text).toContain('as GDPR Article 18(3) requires');
        expect(text).toContain(
          'We lift the restriction as of 10 December 2026, because: de rapportage is gecontroleerd en juist.',
        );
      }
      expect(text).toContain(
        locale === 'nl' ? 'artikel 35 Uitvoeringswet AVG' : 'Dutch GDPR Implementation Act, UAVG',
      );
    },
  );

  it('escapes what people typed', () => {
    const evil = checkRectificationRequest({ add: '<img src=x onerror=alert(1)>' });
    const { body } = templates.letter(
      'rectification',
      'acknowledgement',
      'nl',
      context('nl', 'law', acknowledgementLetter(evil)),
    );
    expect(body).not.toContain('<img src=x');
    expect(body).toContain('&lt;img src&#x3D;x onerror');
  });
});

/**
 * `access draft-decision`: the register's art. 15(1) elements as the decision file of `access decide`, its
 * recipient categories refused by the decision's own validator until the officer names the actual recipients
 * (CJEU C-154/21).
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCommand } from '../../cli/command';
import { draftDecision } from '../../cli/commands/access-draft-decision';
import { openDb } from '../../db';
import {
  checkDecision,
  letCategoriesStand,
  type AccessDecision,
} from '../../workflows/access-request-messages';
import { registerAccessCase } from '../helpers/cases';
import { tempDir, testConfig, testEnv } from '../helpers/env';
import { policyOf, WITH_AUTOMATED_DECISIONS } from '../helpers/policies';

afterEach(() => void vi.unstubAllEnvs());

async function setUp(policyId: string, locale: 'nl' | 'en' = 'nl', policiesDir?: string) {
  const dataDir = tempDir();
  const env = {
    PRIVACYLOKET_DATA_DIR: dataDir,
    ...(policiesDir ? { PRIVACYLOKET_POLICIES_DIR: policiesDir } : {}),
  };
  for (const [key, value] of Object.entries(testEnv(env))) vi.stubEnv(key, value);
  const db = await openDb(testConfig(env).database);
  const { reference } = await registerAccessCase(db, {
    policyId,
    ...(policiesDir ? { policiesDir } : {}),
    locale,
    receivedAt: new Date('2026-11-20T10:00:00+01:00'),
  });
  await db.destroy();
  return { dataDir, reference };
}

const quietly = async (run: () => Promise<number>) => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    return { code: await run(), printed: log.mock.calls.map((call) => String(call[0])).join('\n') };
  } finally {
    log.mockRestore();
  }
};

type Draft = Record<string, string | string[]>;

/** The decision `access decide --input` makes of the file (its flags' fields), as the workflow validates it. */
const decisionOf = (draft: Draft): AccessDecision => ({
  by: 'fg',
  outcome: 'full',
  elements: {
    purposes: draft.purpose as string[],
    categories: draft.category as string[],
    recipients: draft.recipient as string[],
    retention: draft.retention as string,
    source: draft.source as string,
  },
  copyDocumentId: 1,
});

describe('access draft-decision', () => {
  it('fills art. 15(1)(a, b, d, g) from the register and marks its recipient categories to replace', async () => {
    const { dataDir, reference } = await setUp('de-buurderij');
    const out = join(dataDir, 'decision.json');
    const argv = [reference, '--activity', 'client-care', '--activity', 'video-recordings', '--out', out];
    const { code, printed } = await quietly(() => runCommand(draftDecision, argv));
    expect(code).toBe(0);
    expect(printed).toContain('replace the 4 recipient categories marked REPLACE:');
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const draft = JSON.parse(readFileSync(out, 'utf8')) as Draft;
    expect(draft.purpose).toContain('geheugensteun bij het schrijven van een verslag');
    expect(draft.category).toContain(
      'beeld- en geluidsopnamen van de cliënt in de zorgsituatie (bijzonder persoonsgegeven)',
    );
    expect(draft.retention).toContain(
      'Audio- en videobeelden als geheugensteun: tot het schriftelijk verslag',
    );
    expect(draft.source).toContain('de cliënt zelf');
    expect(draft.recipient).toHaveLength(4);
    for (const recipient of draft.recipient as string[]) expect(recipient).toMatch(/^REPLACE: \S/);
    expect(draft['automated-decisions']).toBeUndefined(); // the register has none: the letter says so

    // The categories are not the recipients: the decision is refused until they are replaced.
    expect(() => checkDecision(decisionOf(draft))).toThrow(
      "elements.recipients[0] is a category of recipients from the register: name the actual recipients of this person's data instead",
    );
    // Every category is named in the one refusal, so the officer sees them all at once.
    expect(() => checkDecision(decisionOf(draft))).toThrow(/elements\.recipients\[3\] is a category/);
    const actual = { ...draft, recipient: ['Zorgkantoor Friesland (declaratie van de zorg, maart 2026)'] };
    expect(() => checkDecision(decisionOf(actual))).not.toThrow();
    expect(() => checkDecision(decisionOf({ ...actual, recipient: [] }))).not.toThrow();
  });

  it("takes the register's first activity by default, and refuses one it does not have", async () => {
    const { reference } = await setUp('werk-op-maat', 'en');
    const { printed } = await quietly(() => runCommand(draftDecision, [reference]));
    const draft = JSON.parse(printed) as Draft;
    expect(draft.purpose).toContain('providing and supervising day activities and programmes towards work');
    expect(draft.source).toContain('the referrer or commissioning body');
    await expect(runCommand(draftDecision, [reference, '--activity', 'client-care'])).rejects.toThrow(
      "--activity must be one of participant-file, got 'client-care'",
    );
  });

  it("pre-fills art. 15(1)(h) from the register's automated decision-making, in the requester's language", async () => {
    const policiesDir = policyOf('de-buurderij', 'met-triage', WITH_AUTOMATED_DECISIONS);
    for (const [locale, expected] of [
      [
        'nl',
        'Cliëntdossier: zorg en ondersteuning (bewoning, dagbesteding): besluiten die uitsluitend op geautomatiseerde verwerking berusten (AVG artikel 22), de onderliggende logica: een puntentelling op de antwoorden van de aanmeldvragenlijst (urgentie en zorgzwaarte); het belang: de score bepaalt uw plaats op de wachtlijst; de verwachte gevolgen: bij een lagere score wacht u langer op zorg',
      ],
      [
        'en',
        'Client file: care and support (housing, day care): decisions based solely on automated processing (GDPR Article 22), the logic involved: a score computed from the answers to the intake questionnaire (urgency and care needs); the significance: the score sets your place on the waiting list; the envisaged consequences: with a lower score you wait longer for care',
      ],
    ] as const) {
      const { reference } = await setUp('met-triage', locale, policiesDir);
      const argv = [reference, '--activity', 'client-care', '--activity', 'video-recordings'];
      const draft = JSON.parse((await quietly(() => runCommand(draftDecision, argv))).printed) as Draft;
      // Only the client file has it: the video recordings add nothing to (h).
      expect(draft['automated-decisions']).toBe(expected);
      const decision = decisionOf({ ...draft, recipient: [] });
      const withH = { ...decision, elements: { ...decision.elements!, automatedDecisions: expected } };
      expect(() => checkDecision(withH)).not.toThrow();
    }
  });

  it('lets the categories stand only with the reason the actual recipients cannot be identified (CJEU C-154/21)', async () => {
    const { reference } = await setUp('de-buurderij');
    const { printed } = await quietly(() => runCommand(draftDecision, [reference]));
    const draft = JSON.parse(printed) as Draft;
    const reason = 'de verstrekkingen aan zorgverzekeraars vóór 2024 zijn niet per cliënt vastgelegd';
    const standing = decisionOf({ ...draft, recipient: letCategoriesStand(draft.recipient as string[]) });
    const unidentifiable = {
      ...standing,
      elements: { ...standing.elements!, recipientsUnidentifiable: reason },
    };
    expect(() => checkDecision(unidentifiable)).not.toThrow();
    expect(unidentifiable.elements.recipients).toEqual(
      (draft.recipient as string[]).map((marked) => marked.replace(/^REPLACE: /, '')),
    );
    // The reason does not let the draft's marker into the letter: it comes off first, or the decision is refused.
    const marked = decisionOf(draft);
    expect(() =>
      checkDecision({ ...marked, elements: { ...marked.elements!, recipientsUnidentifiable: reason } }),
    ).toThrow(
      /elements\.recipients\[0\] is a category .* give elements\.recipientsUnidentifiable with the reason/,
    );
    // A reason without categories says nothing about recipients; a blank reason is no reason.
    expect(() =>
      checkDecision({ ...unidentifiable, elements: { ...unidentifiable.elements, recipients: [] } }),
    ).toThrow(
      'elements.recipients must list the categories of recipients when elements.recipientsUnidentifiable says the actual ones cannot be identified',
    );
    expect(() =>
      checkDecision({
        ...unidentifiable,
        elements: { ...unidentifiable.elements, recipientsUnidentifiable: ' ' },
      }),
    ).toThrow(/^elements\.recipientsUnidentifiable must not be empty/);
  });
});

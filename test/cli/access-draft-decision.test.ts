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
import { checkDecision, type AccessDecision } from '../../workflows/access-request-messages';
import { registerAccessCase } from '../helpers/cases';
import { tempDir, testConfig, testEnv } from '../helpers/env';

afterEach(() => void vi.unstubAllEnvs());

async function setUp(policyId: string, locale: 'nl' | 'en' = 'nl') {
  const dataDir = tempDir();
  for (const [key, value] of Object.entries(testEnv({ PRIVACYLOKET_DATA_DIR: dataDir })))
    vi.stubEnv(key, value);
  const db = await openDb(testConfig({ PRIVACYLOKET_DATA_DIR: dataDir }).database);
  const { reference } = await registerAccessCase(db, {
    policyId,
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
    for (const recipient of draft.recipient as string[])
      expect(recipient).toMatch(/^REPLACE: .*noem de werkelijke ontvangers\)$/);

    // The categories are not the recipients: the decision is refused until they are replaced.
    expect(() => checkDecision(decisionOf(draft))).toThrow(
      "elements.recipients[0] is a category of recipients from the register: name the actual recipients of this person's data instead",
    );
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
});

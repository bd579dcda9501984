/**
 * `privacyloket breach recommend`: the command object run in this process the way the dispatcher runs it
 * (`runCommand`), with real files. It opens no database and no Temporal connection, so none is started here.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { commandHelp } from '../../cli/help';
import { runCommand } from '../../cli/command';
import { breachRecommend } from '../../cli/commands/breach-recommend';
import { EXAMPLE_ASSESSMENT } from '../../lib/breach/assessment';
import { recommend } from '../../lib/breach/recommend';
import { PrivacyloketError } from '../../lib/errors';
import { tempDir } from '../helpers/env';

let log: MockInstance<typeof console.log>;
beforeEach(() => {
  log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => log.mockRestore());

const printed = () => log.mock.calls.map((call) => String(call[0])).join('\n');

function file(content: unknown, name = 'assessment.json'): string {
  const path = join(tempDir(), name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

/** The example with nothing sensitive lost: only availability, restored from a backup. */
const restored = {
  ...EXAMPLE_ASSESSMENT,
  nature: ['availability'],
  events: ['unavailable'],
  data: { ...EXAMPLE_ASSESSMENT.data, special: [] },
  consequences: { ...EXAMPLE_ASSESSMENT.consequences, material: false, severity: 'low' },
};

describe('privacyloket breach recommend', () => {
  it.each([
    ['in Dutch by default', [], 'nl'],
    ['in English with --locale en', ['--locale', 'en'], 'en'],
    ['in Dutch with --locale nl', ['--locale', 'nl'], 'nl'],
  ] as const)(
    'prints exactly notifyAuthority, notifySubjects and the reasons with --json, %s',
    async (_, flags, locale) => {
      const argv = ['--input', file(EXAMPLE_ASSESSMENT), ...flags, '--json'];
      expect(await runCommand(breachRecommend, argv)).toBe(0);
      const json = JSON.parse(printed()) as Record<string, unknown>;
      expect(Object.keys(json)).toEqual(['notifyAuthority', 'notifySubjects', 'reasons']);
      expect(json).toEqual(recommend(EXAMPLE_ASSESSMENT, locale));
      expect(json).toMatchObject({ notifyAuthority: true, notifySubjects: true });
    },
  );

  it('prints two lines, yes or no, then the reasons, in Dutch unless --locale en', async () => {
    expect(await runCommand(breachRecommend, ['--input', file(restored)])).toBe(0);
    const [authority, subjects, blank, ...reasons] = printed().split('\n');
    expect(authority).toMatch(/^Notify the AP \(art\. 33\): +no$/);
    expect(subjects).toMatch(/^Tell the people \(art\. 34\): +no$/);
    expect(blank).toBe('');
    expect(reasons[0]).toMatch(/^- Back-up: .*EDPB-richtsnoeren 01\/2021, casus 1 \(/);
    expect(reasons.at(-1)).toMatch(/^- Conclusie: .*\(artikel 33 lid 5 AVG\)\.$/);

    log.mockClear();
    expect(await runCommand(breachRecommend, ['--input', file(restored), '--locale', 'en'])).toBe(0);
    const english = printed().split('\n').slice(3);
    expect(english[0]).toMatch(/^- Backup: .*EDPB 01\/2021 case 1 \(/);
    expect(english.at(-1)).toMatch(/^- Conclusion: .*\(art\. 33\(5\)\)\.$/);
  });

  it('refuses a language it does not have', async () => {
    await expect(runCommand(breachRecommend, ['--input', file(restored), '--locale', 'de'])).rejects.toThrow(
      "--locale must be one of nl, en, got 'de'",
    );
    expect(log).not.toHaveBeenCalled();
  });

  it('refuses a bad assessment naming the file and the field as typed, and prints nothing', async () => {
    const path = file({ ...EXAMPLE_ASSESSMENT, people: { ...EXAMPLE_ASSESSMENT.people, min: 40, max: 12 } });
    const refused = runCommand(breachRecommend, ['--input', path]);
    await expect(refused).rejects.toThrow(
      'In assessment.json, people.min must not exceed people.max (12), got 40',
    );
    await expect(refused).rejects.toMatchObject({ code: 'invalid-input', field: 'people.min' });
    await expect(refused).rejects.toBeInstanceOf(PrivacyloketError);
    expect(log).not.toHaveBeenCalled();
  });

  it('refuses a file that is not JSON, and a missing --input', async () => {
    await expect(runCommand(breachRecommend, ['--input', file('{"nature": [', 'a.json')])).rejects.toThrow(
      /^--input must be a readable JSON file: /,
    );
    await expect(runCommand(breachRecommend, [])).rejects.toThrow('--input is required.');
  });

  it('shows a complete assessment.json in its help', () => {
    const help = commandHelp(breachRecommend);
    expect(help).toMatch(/^Usage: privacyloket breach recommend --input <file.json>/);
    const shape = /For example:\n((?: {32}.*\n?)+)/.exec(help)![1]!;
    expect(JSON.parse(shape)).toEqual(EXAMPLE_ASSESSMENT);
  });
});

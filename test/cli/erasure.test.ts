/**
 * `privacyloket erasure` refuses bad input with exit code 2 and one sentence naming every wrong flag, and leaves
 * no case behind. No Temporal server runs here: input is checked before anything is opened.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, testEnv } from '../helpers/env';
import { runCli } from '../helpers/processes';

const start = [
  'erasure',
  'start',
  '--policy',
  'de-buurderij',
  '--received',
  '2026-11-20T10:00:00+01:00',
  '--name',
  'Jan de Vries',
  '--email',
  'jan@example.nl',
];

describe('privacyloket erasure', () => {
  it('refuses a start without what to erase and with a category the policy lacks, naming both', async () => {
    const dataDir = tempDir();
    const ran = await runCli(
      [...start, '--categories', 'care-data', '--categories', 'fotos'],
      testEnv({ PRIVACYLOKET_DATA_DIR: dataDir }),
    );
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(
      /^privacyloket: --what must not be empty; --categories: 'fotos' is not a data category of the policy \(care-data, .*\)\.\n$/,
    );
    expect(readdirSync(dataDir)).toEqual([]); // nothing opened, nothing written
  });

  it('takes the same names from --input, and refuses one it does not know', async () => {
    const dataDir = tempDir();
    const input = join(dataDir, 'request.json');
    writeFileSync(input, JSON.stringify({ what: 'alles', categorie: ['care-data'] }));
    const ran = await runCli([...start, '--input', input], testEnv({ PRIVACYLOKET_DATA_DIR: dataDir }));
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/categorie/);
  });

  it('wants the decision as a file, and names an unknown verb', async () => {
    const env = testEnv({ PRIVACYLOKET_DATA_DIR: tempDir() });
    const decide = await runCli(['erasure', 'decide', 'VER-2026-0001'], env);
    expect(decide.code).toBe(2);
    expect(decide.stderr).toBe('privacyloket: --input is required.\n');
    const unknown = await runCli(['erasure', 'wis'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      "privacyloket: Unknown command 'erasure wis'; run privacyloket help erasure.\n",
    );
  });
});

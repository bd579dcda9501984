/**
 * `privacyloket objection …` refuses bad input with exit code 2 and one sentence naming every field at fault, and
 * leaves no case behind. No Temporal server runs here: input is checked before anything is opened.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, testEnv } from '../helpers/env';
import { runCli } from '../helpers/processes';

const start = [
  'objection',
  'start',
  '--policy',
  'de-buurderij',
  '--received',
  '2026-11-20T10:00:00+01:00',
  '--name',
  'Sanne de Vries',
  '--email',
  'sanne@example.nl',
];

describe('privacyloket objection', () => {
  it('refuses a start with every problem of its own fields named at once, and opens nothing', async () => {
    const dataDir = tempDir();
    const ran = await runCli(
      [...start, '--grounds', ' ', '--direct-marketing', '--restrict'],
      testEnv({ PRIVACYLOKET_DATA_DIR: dataDir }),
    );
    expect(ran.code).toBe(2);
    expect(ran.stderr.trim()).toBe(
      'privacyloket: --processing must not be empty; --grounds must not be empty; --restrict cannot go with --direct-marketing: direct marketing stops at once (art. 21(3)).',
    );
    expect(existsSync(join(dataDir, 'privacyloket.sqlite3'))).toBe(false);
  });

  it('reads --input with the flags as keys, and refuses a key that is not one', async () => {
    const dir = tempDir();
    const file = join(dir, 'bezwaar.json');
    writeFileSync(file, JSON.stringify({ processing: 'de nieuwsbrief', directMarketing: true }));
    const ran = await runCli([...start, '--input', file], testEnv({ PRIVACYLOKET_DATA_DIR: dir }));
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(
      /--input holds 'directMarketing', which is not a field \(did you mean direct-marketing\?\); the fields are .*direct-marketing/,
    );
  });

  it('refuses a decision file with a key that is not a field, before asking Temporal', async () => {
    const dir = tempDir();
    const file = join(dir, 'besluit.json');
    writeFileSync(file, JSON.stringify({ basis: 'consent', legalClaims: 'x' }));
    const ran = await runCli(
      ['objection', 'decide', 'BZW-2026-0001', '--input', file],
      testEnv({ PRIVACYLOKET_DATA_DIR: dir }),
    );
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(
      /'legalClaims', which is not a field \(did you mean legal-claims\?\); the fields are basis, direct-marketing, outcome, .*legal-claims/,
    );
  });

  it('prints its fields with examples, and an example decision', async () => {
    const ran = await runCli(['objection', 'start', '--help'], testEnv());
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/--grounds <grounds> +The subject's particular situation \(art\. 21\(1\)\)/);
    const decide = await runCli(['help', 'objection', 'decide'], testEnv());
    expect(decide.stdout).toContain('"data-owners": [');
  });
});

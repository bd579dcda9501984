/**
 * `privacyloket rectification …` refuses bad input with exit code 2 and one sentence naming every field typed
 * wrong, before anything is opened: no Temporal server runs here, and no case is left behind.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, testEnv } from '../helpers/env';
import { runCli } from '../helpers/processes';

const start = [
  'rectification',
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

describe('privacyloket rectification', () => {
  it('names every wrong change flag at once, with exit code 2, and registers nothing', async () => {
    const dataDir = tempDir();
    const ran = await runCli(
      [
        ...start,
        '--wrong',
        'a',
        '--wrong',
        'b',
        '--should-be',
        'c',
        '--restrict',
        'x',
        '--restrict-ground',
        'nope',
      ],
      testEnv({ PRIVACYLOKET_DATA_DIR: dataDir }),
    );
    expect(ran.code).toBe(2);
    expect(ran.stderr).toBe(
      "privacyloket: --should-be must be given once for each --wrong (2 --wrong, 1 --should-be); --restrict-ground must be one of accuracy-contested, unlawful, legal-claims, objection-pending (art. 18(1)(a)–(d)), got 'nope'.\n",
    );
    expect(existsSync(join(dataDir, 'privacyloket.sqlite3'))).toBe(false);
    const none = await runCli(start, testEnv({ PRIVACYLOKET_DATA_DIR: dataDir }));
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('give at least one change');
  });

  it('takes lists from an --input file under the flags’ names, and refuses a key that is not one', async () => {
    const dir = tempDir();
    const file = join(dir, 'request.json');
    writeFileSync(file, JSON.stringify({ wrong: ['a'], 'should-be': ['a'], restrictGround: 'unlawful' }));
    const ran = await runCli([...start, '--input', file], testEnv({ PRIVACYLOKET_DATA_DIR: dir }));
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(
      /^privacyloket: --input holds 'restrictGround', which is not a field \(did you mean restrict-ground\?\); the fields are /,
    );
    writeFileSync(file, JSON.stringify({ wrong: ['a'], 'should-be': ['a'] }));
    const same = await runCli([...start, '--input', file], testEnv({ PRIVACYLOKET_DATA_DIR: dir }));
    expect(same.stderr).toBe("privacyloket: 'should-be' in request.json is the same as what is wrong.\n");
  });

  it('asks for the decision file and a restriction by its number, and explains each verb', async () => {
    const env = testEnv({ PRIVACYLOKET_DATA_DIR: tempDir() });
    const decide = await runCli(['rectification', 'decide', 'COR-2026-0001'], env);
    expect(decide).toMatchObject({
      code: 2,
      stderr: 'privacyloket: --input is required.\n',
    });
    const lift = await runCli(['rectification', 'lift-restriction', 'COR-2026-0001'], env);
    expect(lift).toMatchObject({ code: 2, stderr: 'privacyloket: --input is required.\n' });
    const unknown = await runCli(['rectification', 'erase'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      "privacyloket: Unknown command 'rectification erase'; run privacyloket help rectification.\n",
    );
    const help = await runCli(['rectification', 'start', '--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Example: --wrong "geboortedatum 12-03-1980"');
    expect(help.stdout).toMatch(/--restrict-ground <restrict-ground>…\s+Why, per art. 18\(1\)/);
  });
});

/**
 * `privacyloket access start` refuses bad input with exit code 2 and one sentence naming the field, and leaves
 * no case behind. No Temporal server runs here: input is checked before anything is opened.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../db';
import { loadConfig } from '../../services/config';
import { tempDir, testEnv } from '../helpers/env';
import { runCli } from '../helpers/processes';

const good = {
  '--policy': 'gdpr-default',
  '--received': '2026-11-20T10:00:00+01:00',
  '--name': 'Jan de Vries',
  '--email': 'jan@example.nl',
};

function argsWith(changes: Record<string, string | undefined>): string[] {
  return Object.entries({ ...good, ...changes }).flatMap(([flag, value]) =>
    value === undefined ? [] : [flag, value],
  );
}

describe('privacyloket access start', () => {
  it.each([
    [
      'an unknown policy',
      { '--policy': 'nope' },
      /^Unknown policy 'nope': choose one of de-buurderij, gdpr-default, werk-op-maat\.$/,
    ],
    [
      'an impossible date',
      { '--received': '2026-02-30T10:00:00+01:00' },
      /^--received is '2026-02-30T10:00:00\+01:00', a date and time that does not exist\.$/,
    ],
    [
      'a date without offset',
      { '--received': '2026-11-20T10:00:00' },
      /^--received must be an ISO 8601 date-time with offset/,
    ],
    [
      'a future receipt',
      { '--received': '2099-01-01T10:00:00+01:00' },
      /^--received is '2099-01-01T10:00:00\+01:00', which is in the future\.$/,
    ],
    ['an empty name', { '--name': ' ' }, /^--name must not be empty\.$/],
    [
      'an absurdly long name',
      { '--name': 'x'.repeat(201) },
      /^--name must be at most 200 characters, got 201\.$/,
    ],
    ['a name over two lines', { '--name': 'Jan\nBcc: x@example.nl' }, /^--name must be one line\.$/],
    ['a malformed address', { '--email': 'jan@' }, /^--email must be one plain e-mail address/],
    [
      'two addresses',
      { '--email': 'jan@example.nl, piet@example.nl' },
      /^--email must be one plain e-mail address/,
    ],
    [
      'a header injection',
      { '--email': 'jan@example.nl\r\nBcc: x@example.nl' },
      /^--email must be one plain e-mail address/,
    ],
    [
      'neither an e-mail nor a postal address',
      { '--email': undefined },
      /^--email or --address must be given: the letters need somewhere to go\.$/,
    ],
    [
      'a name with a zero-width space',
      { '--name': 'Jan\u200bde Vries' },
      /^--name must not hold invisible or control characters \(found U\+200B\)\.$/,
    ],
    [
      'a name with a right-to-left override',
      { '--name': 'Jan \u202eseirV ed' },
      /^--name must not hold invisible or control characters \(found U\+202E\)\.$/,
    ],
    [
      'a name of 201 characters',
      { '--name': 'é'.repeat(201) },
      /^--name must be at most 200 characters, got 201\.$/,
    ],
    [
      'a telephone number that is not one',
      { '--phone': 'bel me maar' },
      /^--phone must be a telephone number such as 06-12345678/,
    ],
    ['an unknown channel', { '--via': 'pigeon' }, /^--via must be one of e-mail, letter, in-person, phone/],
    [
      'a promised date for a request that is not late',
      { '--received': new Date().toISOString(), '--answer-by': '2099-01-01' },
      /^--answer-by is only for a request registered after its deadline has passed\.$/,
    ],
    [
      'an acting officer over two lines',
      { '--by': 'fg\n2026-11-30 case.closed' },
      /^--by must be one line\.$/,
    ],
    ['an unknown locale', { '--locale': 'de' }, /^--locale must be nl or en, got "de"\.$/],
  ])('refuses %s with exit code 2, one sentence, and no case', async (_, changes, message) => {
    const dataDir = tempDir();
    const { code, stderr, stdout } = await runCli(
      ['access', 'start', ...argsWith(changes)],
      testEnv({ PRIVACYLOKET_DATA_DIR: dataDir }),
    );
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.split('\n')).toHaveLength(2); // one line, then the final newline
    expect(stderr.replace(/^privacyloket: /, '').trim()).toMatch(message);
    const config = loadConfig(testEnv({ PRIVACYLOKET_DATA_DIR: dataDir }), dataDir);
    if (existsSync(join(dataDir, 'privacyloket.sqlite3'))) {
      const db = await openDb(config.database);
      expect(await db('cases').count({ n: '*' })).toEqual([{ n: 0 }]);
      await db.destroy();
    }
  });

  it('reads --input file.json, and names its bad field like a flag', async () => {
    const dir = tempDir();
    const input = join(dir, 'request.json');
    writeFileSync(
      input,
      JSON.stringify({
        policy: 'gdpr-default',
        received: '2026-11-20T10:00:00+01:00',
        name: 'Jan',
        email: 'nope',
      }),
    );
    const { code, stderr } = await runCli(
      ['access', 'start', '--input', input],
      testEnv({ PRIVACYLOKET_DATA_DIR: dir }),
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/^privacyloket: --email must be one plain e-mail address/);
    writeFileSync(input, JSON.stringify({ policy: 'gdpr-default', nmae: 'Jan' }));
    const misspelt = await runCli(
      ['access', 'start', '--input', input],
      testEnv({ PRIVACYLOKET_DATA_DIR: dir }),
    );
    expect(misspelt).toMatchObject({ code: 2, stdout: '' });
    expect(misspelt.stderr).toMatch(
      /^privacyloket: --input holds 'nmae', which is not a field; the fields are policy, received, name,/,
    );
    writeFileSync(input, '{ not json');
    const broken = await runCli(
      ['access', 'start', '--input', input],
      testEnv({ PRIVACYLOKET_DATA_DIR: dir }),
    );
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^privacyloket: --input must be a readable JSON file/);
  });

  it('refuses officer decisions that are malformed before contacting anything', async () => {
    const env = testEnv({ PRIVACYLOKET_DATA_DIR: tempDir() });
    const extend = await runCli(['extend', 'INZ-2026-0001', '--period', '3 moons', '--reasons', 'x'], env);
    expect(extend).toMatchObject({
      code: 2,
      stderr: "privacyloket: --period must be a period such as '2 months', '6 weeks' or '30 days'.\n",
    });
    const decide = await runCli(['decide', 'INZ-2026-0001', '--outcome', 'maybe'], env);
    expect(decide).toMatchObject({
      code: 2,
      stderr: 'privacyloket: --outcome must be one of full, partial, refused, no-data.\n',
    });
    const within = await runCli(['cases', '--due-within', 'a week'], env);
    expect(within).toMatchObject({
      code: 2,
      stderr: "privacyloket: --due-within must be a number of days such as 7d, got 'a week'.\n",
    });
    const verify = await runCli(['verify-identity', 'INZ-2026-0001'], env);
    expect(verify).toMatchObject({
      code: 2,
      stderr: 'privacyloket: --method or --missing must be given, one of the two.\n',
    });
    const huge = await runCli(['extend', 'INZ-2026-0001', '--period', '3000000 days', '--reasons', 'x'], env);
    expect(huge).toMatchObject({ code: 2, stdout: '' });
    expect(huge.stderr).toMatch(
      /^privacyloket: --period (must be a period such as|is '3000000 days'; art\. 12\(3\) allows)/,
    );
    const long = await runCli(['extend', 'INZ-2026-0001', '--period', '9 weeks', '--reasons', 'x'], env);
    expect(long.stderr).toBe(
      "privacyloket: --period is '9 weeks'; art. 12(3) allows an extension of at most 2 months.\n",
    );
    const forged = await runCli(['approve', 'INZ-2026-0001', '--by', 'anna\nbert'], env);
    expect(forged).toMatchObject({ code: 2, stderr: 'privacyloket: --by must be one line.\n' });
    const reject = await runCli(['approve', 'INZ-2026-0001', '--reject'], env);
    expect(reject).toMatchObject({
      code: 2,
      stderr: 'privacyloket: --reasons is required with --reject: say why the decision goes back.\n',
    });
  });

  it('writes a letter only to a file name in a folder that exists, and leaves no partial file', async () => {
    const dir = tempDir();
    const env = testEnv({ PRIVACYLOKET_DATA_DIR: tempDir() });
    const write = (out: string) => runCli(['letter', 'INZ-2026-0001', 'acknowledgement', '--out', out], env);
    expect(await write(dir)).toMatchObject({
      code: 2,
      stderr: `privacyloket: --out is the folder ${dir}: give a file name, such as ${join(dir, 'brief.pdf')}.\n`,
    });
    expect(await write(join(dir, 'nope', 'brief.pdf'))).toMatchObject({
      code: 2,
      stderr: `privacyloket: --out names a folder that does not exist: ${join(dir, 'nope')}.\n`,
    });
    expect(await write('/dev/null')).toMatchObject({
      code: 2,
      stderr: 'privacyloket: --out is /dev/null, which is not a regular file.\n',
    });
    expect(readdirSync(dir)).toEqual([]);
  });
});

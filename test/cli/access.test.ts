/**
 * `privacyloket access start` and the officer's decisions: bad input is refused with exit code 2 and one sentence
 * naming the flag (or `--input` key) as typed, and leaves no case behind; no Temporal server runs for that, as
 * input is checked before anything is opened. Then the decisions against a worker on the dev server.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, migrateDb, openDb, type Db } from '../../db';
import { amsterdamDate } from '../../lib/calendar';
import { loadCodecKey } from '../../services/codec';
import { loadConfig, type Config } from '../../services/config';
import { tempDir, testConfig, testEnv } from '../helpers/env';
import { runCli } from '../helpers/processes';
import { devServerEnv, testWorker } from '../helpers/temporal';

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
      'a time without offset',
      { '--received': '2026-11-20T10:00:00' },
      /^--received is '2026-11-20T10:00:00', a time without its UTC offset: add \+01:00 \(winter time\) or \+02:00 \(summer time\), or give only the date\.$/,
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
      /^--email or --address is required\.$/,
    ],
    [
      'neither a name nor an address',
      { '--name': undefined, '--email': undefined },
      /^--name and either --email or --address are required\.$/,
    ],
    [
      'a misspelt flag',
      { '--nmae': 'Jan' },
      /^Unknown flag --nmae \(did you mean --name\?\); privacyloket help access start lists the flags\.$/,
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
    [
      'an unknown channel',
      { '--via': 'pigeon' },
      /^--via must be one of e-mail, letter, in-person, phone, got 'pigeon'\.$/,
    ],
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
    ['an unknown locale', { '--locale': 'de' }, /^--locale must be one of nl, en, got 'de'\.$/],
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

  it('lists every missing flag in one sentence', async () => {
    const { code, stderr } = await runCli(
      ['access', 'start', '--policy', 'gdpr-default'],
      testEnv({ PRIVACYLOKET_DATA_DIR: tempDir() }),
    );
    expect(code).toBe(2);
    expect(stderr).toBe('privacyloket: --received, --name and either --email or --address are required.\n');
  });

  it('reads --input file.json, and names a bad value by its key there', async () => {
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
    expect(stderr).toMatch(/^privacyloket: 'email' in request\.json must be one plain e-mail address/);
    // A flag typed on the command line wins over the file, and is named as typed.
    const typed = await runCli(
      ['access', 'start', '--input', input, '--email', 'ook-fout'],
      testEnv({ PRIVACYLOKET_DATA_DIR: dir }),
    );
    expect(typed.stderr).toMatch(/^privacyloket: --email must be one plain e-mail address/);
    writeFileSync(
      input,
      JSON.stringify({ policy: 'gdpr-default', received: 20261120, 'reply-by-post': 'ja' }),
    );
    const types = await runCli(
      ['access', 'start', '--input', input],
      testEnv({ PRIVACYLOKET_DATA_DIR: dir }),
    );
    expect(types.stderr).toBe("privacyloket: 'received' in request.json must be a text.\n");
    writeFileSync(input, JSON.stringify({ policy: 'gdpr-default', nmae: 'Jan' }));
    const misspelt = await runCli(
      ['access', 'start', '--input', input],
      testEnv({ PRIVACYLOKET_DATA_DIR: dir }),
    );
    expect(misspelt).toMatchObject({ code: 2, stdout: '' });
    expect(misspelt.stderr).toMatch(
      /^privacyloket: --input holds 'nmae', which is not a field \(did you mean name\?\); the fields are policy, received, name,/,
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
      stderr:
        "privacyloket: --period must be a period such as '2 maanden', '4 weeks' or '72 uur', got '3 moons'.\n",
    });
    const decide = await runCli(['decide', 'INZ-2026-0001', '--outcome', 'maybe'], env);
    expect(decide).toMatchObject({
      code: 2,
      stderr: "privacyloket: --outcome must be one of full, partial, refused, no-data, got 'maybe'.\n",
    });
    const partial = await runCli(
      ['decide', 'inz-2026-0001', '--outcome', 'partial', '--purpose', 'zorg'],
      env,
    );
    expect(partial).toMatchObject({
      code: 2,
      stderr:
        'privacyloket: --reasons, --ground, --copy, --category, --retention and --source are required when --outcome is partial.\n',
    });
    const misplaced = await runCli(
      ['decide', 'INZ-2026-0001', '--outcome', 'no-data', '--copy', 'x.pdf', '--ground', 'protection'],
      env,
    );
    expect(misplaced).toMatchObject({
      code: 2,
      stderr:
        'privacyloket: --ground is only for --outcome partial or refused, not no-data; --copy is only for --outcome full or partial, not no-data.\n',
    });
    const within = await runCli(['cases', '--due-within', 'a week'], env);
    expect(within).toMatchObject({
      code: 2,
      stderr:
        "privacyloket: --due-within must be a period such as '2 maanden', '4 weeks' or '72 uur', got 'a week'.\n",
    });
    const verify = await runCli(['verify-identity', 'INZ-2026-0001'], env);
    expect(verify).toMatchObject({ code: 2, stderr: 'privacyloket: --method or --missing is required.\n' });
    const both = await runCli(['verify-identity', 'INZ-2026-0001', '--method', 'ID', '--missing', 'ID'], env);
    expect(both).toMatchObject({
      code: 2,
      stderr: 'privacyloket: --method and --missing cannot be given together.\n',
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
      stderr: 'privacyloket: --reasons is required when --reject is given.\n',
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

describe('officer decisions against a worker on the dev server', () => {
  let env: TestWorkflowEnvironment;
  let config: Config;
  let db: Db;

  beforeAll(async () => {
    config = testConfig();
    db = createDb(config.database);
    await migrateDb(db);
    env = await devServerEnv(config);
  });
  afterAll(async () => {
    await env?.teardown();
    await db?.destroy();
  });

  it('answers each decision with the case as case --json shows it, and names refused fields as typed', async () => {
    const worker = await testWorker(env, config, db, 'cli-decisions');
    const cliEnv = testEnv({
      PRIVACYLOKET_DATA_DIR: config.dataDir,
      PRIVACYLOKET_CODEC_KEY: loadCodecKey(config.codec).toString('base64'),
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: 'cli-decisions',
    });
    const cli = (...args: string[]) => runCli(args, cliEnv);
    await worker.runUntil(async () => {
      const today = amsterdamDate(new Date());
      const started = await cli(
        'access',
        'start',
        '--policy',
        'gdpr-default',
        '--received',
        today,
        '--name',
        'Jan de Vries',
        '--email',
        'jan@example.nl',
        '--json',
      );
      expect(started).toMatchObject({ code: 0, stderr: '' });
      const { reference } = JSON.parse(started.stdout) as { reference: string };

      // A reference in small letters is the same case; the answer is the case itself.
      const verified = await cli(
        'verify-identity',
        reference.toLowerCase(),
        '--method',
        'paspoort',
        '--json',
      );
      expect(verified).toMatchObject({ code: 0, stderr: '' });
      const answered = JSON.parse(verified.stdout) as Record<string, unknown>;
      expect(answered).toMatchObject({ reference, status: 'open', workflow: { stage: 'deciding' } });
      const shown = JSON.parse((await cli('case', reference, '--json')).stdout) as Record<string, unknown>;
      expect(Object.keys(answered)).toEqual(Object.keys(shown));
      expect(shown).toMatchObject({ reference, workflow: { stage: 'deciding', next: { step: 'decide' } } });

      // The workflow's validator names extend-by; the officer typed --period.
      expect(
        await cli('extend', reference, '--period', '72 uur', '--reasons', 'Het dossier is groot.'),
      ).toEqual({
        code: 2,
        stdout: '',
        stderr: `privacyloket: ${reference}: --period must be a period of days, weeks or months, at most 2 months (art. 12(3)).\n`,
      });

      // The decision's check names elements.purposes[0]: the officer wrote 'purpose' in a file, or --purpose.
      const file = join(tempDir(), 'besluit.json');
      const decision = { outcome: 'full', copy: 'gegevens.pdf', purpose: [' '], category: ['zorgdossier'] };
      writeFileSync(file, JSON.stringify({ ...decision, retention: '20 jaar', source: 'van uzelf' }));
      expect(await cli('decide', reference, '--input', file)).toMatchObject({
        code: 2,
        stderr: `privacyloket: ${reference}: 'purpose' #1 in besluit.json must not be empty.\n`,
      });
      expect(
        await cli('decide', reference, '--input', file, '--purpose', 'zorg', '--purpose', ''),
      ).toMatchObject({
        code: 2,
        stderr: `privacyloket: ${reference}: --purpose #2 must not be empty.\n`,
      });

      // A draft's recipient categories (CJEU C-154/21): refused all at once, each by its key, with the way out;
      // with the reason the actual recipients cannot be identified they stand, and only the copy is then missing.
      const drafted = { ...decision, purpose: ['zorg'], retention: '20 jaar', source: 'van uzelf' };
      writeFileSync(
        file,
        JSON.stringify({ ...drafted, recipient: ['REPLACE: zorgverzekeraar', 'REPLACE: huisarts'] }),
      );
      const categories = await cli('decide', reference, '--input', file);
      expect(categories).toMatchObject({ code: 2, stdout: '' });
      for (const key of ["'recipient' #1 in besluit.json", "'recipient' #2 in besluit.json"])
        expect(categories.stderr).toContain(
          `${key} is a category of recipients from the register: name the actual recipients of this person's data instead, remove it when there were none, or give --recipients-unidentifiable with the reason they cannot be identified to let the categories stand`,
        );
      const standing = await cli(
        'decide',
        reference,
        '--input',
        file,
        '--recipients-unidentifiable',
        'De verstrekkingen vóór 2024 zijn niet per cliënt vastgelegd.',
      );
      expect(standing).toMatchObject({
        code: 2,
        stderr: "privacyloket: 'copy' in besluit.json cannot be read (ENOENT).\n",
      });

      const extended = await cli(
        'extend',
        reference,
        '--period',
        '2 weken',
        '--reasons',
        'Het dossier is groot.',
      );
      expect(extended).toMatchObject({ code: 0, stderr: '' });
      expect(extended.stdout).toMatch(
        new RegExp(
          `^${reference}: deciding, due \\d\\d-\\d\\d-\\d{4} 23:59 \\(extended\\), \\d+ days left\\nNext: decide on the request: privacyloket access decide ${reference} --outcome <outcome>\\n$`,
        ),
      );
      // The workflow records its events a moment after it answers; the timeline then shows each decision in full.
      let text = '';
      for (let i = 0; i < 50 && !text.includes('reasons: Het dossier is groot.'); i++) {
        text = (await cli('case', reference)).stdout;
      }
      expect(text).toContain('Stage     deciding');
      expect(text).toMatch(/  identity verified \(\w+\)\n +method: paspoort\n/);
      expect(text).toMatch(
        /  extended: due \d\d-\d\d-\d{4} 23:59 \(\w+\)\n +extend by: 2 weeks\n +reasons: Het dossier is groot\.\n/,
      );

      // The same person asks again while the first request is open: registered, and the officer warned.
      const again = await cli(
        'access',
        'start',
        '--policy',
        'gdpr-default',
        '--received',
        today,
        '--name',
        'JAN DE VRIES',
        '--email',
        'Jan@Example.nl',
      );
      expect(again.code).toBe(0);
      expect(again.stderr).toBe(
        `privacyloket: warning: this person already has an open access request, ${reference}; ${again.stdout.trim()} is registered beside it (if it is the same request, answer it in the first).\n`,
      );
    });
  }, 180_000);

  it('answers a change to a kept case (consent, a hold) with its new due date and stage at once', async () => {
    // A data folder of its own: each test's temporary folders go when it ends.
    const own = testConfig();
    const ownDb = createDb(own.database);
    await migrateDb(ownDb);
    const worker = await testWorker(env, own, ownDb, 'cli-keeping');
    const cliEnv = testEnv({
      PRIVACYLOKET_DATA_DIR: own.dataDir,
      PRIVACYLOKET_CODEC_KEY: loadCodecKey(own.codec).toString('base64'),
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: 'cli-keeping',
    });
    const cli = async (...args: string[]) => {
      const ran = await runCli([...args, '--json'], cliEnv);
      expect(ran).toMatchObject({ code: 0, stderr: '' });
      return JSON.parse(ran.stdout) as {
        reference: string;
        dueAt: string;
        workflow: { stage: string; dueAt: string; dueDate: string };
      };
    };
    const text = join(tempDir(), 'toestemming.txt');
    writeFileSync(text, 'Mogen wij uw sollicitatiegegevens nog een jaar bewaren?');
    await worker.runUntil(async () => {
      const today = amsterdamDate(new Date());
      const applicant = (name: string) =>
        cli(
          'applicant',
          'start',
          '--policy',
          'de-buurderij',
          '--procedure-ended',
          today,
          '--name',
          name,
          '--email',
          'sollicitant@example.nl',
          '--data-owner',
          'hr@debuurderij.example',
        );
      const { reference } = await applicant('Kees Visser');
      const fourWeeks = (await cli('case', reference)).workflow.dueDate;
      // The change continues the case as new; its answer already has the date consent gives (a year), and so does
      // the case once the new run stands.
      const consented = await cli(
        'applicant',
        'consent',
        reference,
        '--given',
        today,
        '--how',
        'e-mail',
        '--text-file',
        text,
      );
      expect(consented.workflow.stage).toBe('keeping');
      expect(consented.dueAt).toBe(consented.workflow.dueAt);
      expect(consented.workflow.dueDate > fourWeeks).toBe(true);
      expect(Number(consented.workflow.dueDate.slice(0, 4))).toBe(Number(today.slice(0, 4)) + 1);
      // Asked at once, the case's new run answers once it has loaded its case (not 'unavailable').
      expect((await cli('case', reference)).workflow).toMatchObject({
        stage: 'keeping',
        dueDate: consented.workflow.dueDate,
      });

      const held = await cli(
        'applicant',
        'hold',
        (await applicant('Fatima El Amrani')).reference,
        '--reason',
        'De sollicitant betwist de afwijzing.',
      );
      expect(held.workflow.stage).toBe('on-hold');
      expect((await cli('case', held.reference)).workflow.stage).toBe('on-hold');
    });
    await ownDb.destroy();
  }, 180_000);
});

/**
 * The CLI as a user runs it: a separate process, real files, and the exit codes and sentences a person or a
 * script relies on.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../db';
import { checkCodecKey } from '../../services/codec';
import { appendAuditEvent } from '../../db/audit';
import { insertCase } from '../../db/cases';
import { insertCaseRecord } from '../../db/records';
import { addDays, amsterdamDate, endOfAmsterdamDay } from '../../lib/calendar';
import { freePort } from '../../scripts/tools.js';
import { CASE_FIELDS } from '../../services/start';

const ACCESS_REQUEST_FIELDS = CASE_FIELDS.map((field) => field.name);
import { loadConfig, projectRoot } from '../../services/config';
import { tempDir, testEnv } from '../helpers/env';
import { runCli } from '../helpers/processes';

const env = () => testEnv({ PRIVACYLOKET_DATA_DIR: tempDir() });

describe('privacyloket CLI', () => {
  it('prints help, and refuses an unknown command with exit code 2', async () => {
    const help = await runCli(['help'], env());
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('deadline <process>');
    expect(help.stdout).toMatch(/\n  access start +Register a new access request/);
    const unknown = await runCli(['frobnicate'], env());
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe("privacyloket: Unknown command 'frobnicate'; run privacyloket help.\n");
  });

  it('prints its version', async () => {
    const { version } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(await runCli(['--version'], env())).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('explains a command: every flag with an example, --json, --by, and the JSON shape of --input', async () => {
    const help = await runCli(['help', 'access', 'start'], env());
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(
      /^Usage: privacyloket access start --policy <id> --received <date> --name <name> /,
    );
    // The flags are the very fields the request is parsed from: the help cannot leave one out.
    for (const field of [...ACCESS_REQUEST_FIELDS, 'json', 'by', 'input']) {
      expect(help.stdout, field).toMatch(new RegExp(`\\n  --${field}\\b`));
    }
    const examples = help.stdout.match(/^ +Example: .*$/gm) ?? [];
    expect(examples).toHaveLength(ACCESS_REQUEST_FIELDS.length + 3);
    expect(help.stdout).toContain('Example: --received 2026-11-20');
    const shape = /The file holds any of:\n((?: {32}.*\n)+)/.exec(help.stdout)![1]!;
    const keys = Object.keys(JSON.parse(shape) as object);
    expect(keys).toEqual([...ACCESS_REQUEST_FIELDS]);
    // The same text whichever way it is asked for.
    expect((await runCli(['access', 'start', '--help'], env())).stdout).toBe(help.stdout);
    const decide = await runCli(['decide', '--help'], env());
    expect(decide.stdout).toContain('Required when --outcome is full or partial.');
    expect(decide.stdout).toContain('"ground": ["rights-of-others"]');
  });

  it.each([
    [['cass'], "Unknown command 'cass' (did you mean cases or case?); run privacyloket help."],
    [['acess', 'start'], "Unknown command 'acess' (did you mean access start?); run privacyloket help."],
    [
      ['policy', 'chek', 'x'],
      "Unknown command 'policy chek' (did you mean policy check?); run privacyloket help policy.",
    ],
    [['policy'], "'policy' needs one of: policy list, policy check; run privacyloket help policy."],
    [
      ['deadline', 'access', '--recieved', '2026-01-31'],
      'Unknown flag --recieved (did you mean --received?); privacyloket help deadline lists the flags.',
    ],
    [
      ['decide', 'INZ-2026-0001', '--outcome', 'ful'],
      "--outcome must be one of full, partial, refused, no-data, got 'ful' (did you mean full?).",
    ],
    [
      ['deadline', 'acces', '--received', '2026-01-31'],
      "<process> must be one of access, rectification, erasure, objection, breach, applicant, got 'acces' (did you mean access?).",
    ],
  ])('suggests what %j was meant to be', async (args, sentence) => {
    expect(await runCli(args, env())).toMatchObject({
      code: 2,
      stdout: '',
      stderr: `privacyloket: ${sentence}\n`,
    });
  });

  it('refuses unknown flags and extra arguments with one sentence', async () => {
    const flag = await runCli(['audit', 'verify', '--frobnicate'], env());
    expect(flag.code).toBe(2);
    expect(flag.stderr).toBe(
      'privacyloket: Unknown flag --frobnicate; privacyloket help audit verify lists the flags.\n',
    );
    const extra = await runCli(['status', 'now'], env());
    expect(extra.code).toBe(2);
    expect(extra.stderr).toBe(
      "privacyloket: Unexpected argument 'now'; privacyloket help status shows what it takes.\n",
    );
  });

  it('names the bad configuration value and exits with code 2', async () => {
    const { code, stderr } = await runCli(['audit', 'verify'], testEnv({ DATABASE_URL: 'mysql://x' }));
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^privacyloket: Configuration is invalid: DATABASE_URL must be postgres:\/\/.*\n$/,
    );
  });

  it('says in one sentence that no Temporal server answers, after waiting as long as configured, with exit code 1', async () => {
    // A port of this test's own that answers nothing, so no other test's server can appear there meanwhile.
    const silent = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const { code, stderr } = await runCli(
        ['status'],
        testEnv({
          PRIVACYLOKET_DATA_DIR: tempDir(),
          TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
          PRIVACYLOKET_TEMPORAL_WAIT: '2',
        }),
      );
      expect(code).toBe(1);
      expect(stderr).toMatch(
        new RegExp(
          `^privacyloket: Temporal does not answer at 127\\.0\\.0\\.1:${port} within 2 seconds .*TEMPORAL_ADDRESS right\\?\\n$`,
        ),
      );
    } finally {
      silent.close();
    }
  });

  it('never sets up or migrates a database itself: that is for npm start and the worker', async () => {
    const dataDir = tempDir();
    const { code, stderr } = await runCli(['cases'], testEnv({ PRIVACYLOKET_DATA_DIR: dataDir }));
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^privacyloket: The database .*privacyloket\.sqlite3 is not set up for this version of Privacyloket: start it once with `npm start`/,
    );
    expect(existsSync(join(dataDir, 'privacyloket.sqlite3'))).toBe(false);
  });

  it("refuses a codec key that is not the database's own, naming where it came from", async () => {
    const dataDir = tempDir();
    const cliEnv = testEnv({ PRIVACYLOKET_DATA_DIR: dataDir });
    const db = await openDb(loadConfig(cliEnv).database);
    try {
      await checkCodecKey(db, loadConfig(cliEnv).codec); // the first key: var/codec.key
    } finally {
      await db.destroy();
    }
    const other = testEnv({
      PRIVACYLOKET_DATA_DIR: dataDir,
      PRIVACYLOKET_CODEC_KEY: Buffer.alloc(32, 1).toString('base64'),
    });
    const { code, stderr } = await runCli(
      ['verify-identity', 'INZ-2026-0001', '--method', 'paspoort'],
      other,
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^privacyloket: PRIVACYLOKET_CODEC_KEY holds codec key [0-9a-f]{16}, but the cases in this database are encrypted with key [0-9a-f]{16}: put back the key/,
    );
  });

  describe('deadline', () => {
    const deadline = async (...args: string[]) => {
      const ran = await runCli(['deadline', ...args, '--json'], env());
      expect(ran.stderr).toBe('');
      expect(ran.code).toBe(0);
      return JSON.parse(ran.stdout) as Record<string, unknown>;
    };

    it('prints the due date for each shipped policy', async () => {
      expect(await deadline('access', '--received', '2026-01-31T10:00:00+01:00')).toMatchObject({
        policy: 'gdpr-default',
        period: { months: 1 },
        nominalDueDate: '2026-02-28',
        dueDate: '2026-03-02',
        dueAt: '2026-03-02T22:59:59.999Z',
      });
      expect(
        await deadline('access', '--received', '2026-04-13T09:00:00+02:00', '--policy', 'werk-op-maat'),
      ).toMatchObject({
        dueDate: '2026-04-28',
        shiftedPast: [{ date: '2026-04-27', reason: 'Koningsdag' }],
      });
      expect(
        await deadline('access', '--received', '2026-04-16T09:00:00+02:00', '--policy', 'de-buurderij'),
      ).toMatchObject({
        dueDate: '2026-05-15',
        dueAt: '2026-05-15T21:59:59.999Z',
      });
    });

    it('runs a breach deadline 72 hours from discovery, across the DST change', async () => {
      expect(await deadline('breach', '--received', '2026-03-27T10:00:00+01:00')).toMatchObject({
        dueAt: '2026-03-30T09:00:00.000Z',
        dueDate: '2026-03-30',
      });
    });

    it('reads well for a person, with dates as the Dutch write them', async () => {
      const { code, stdout } = await runCli(
        ['deadline', 'access', '--received', '2026-01-31T10:00:00+01:00'],
        env(),
      );
      expect(code).toBe(0);
      expect(stdout).toContain('Received  31-01-2026 10:00 (Amsterdam)');
      expect(stdout).toContain('Deadline  02-03-2026, end of day (2026-03-02T22:59:59.999Z)');
      expect(stdout).toContain('moved past 28-02-2026 (zaterdag), 01-03-2026 (zondag)');
    });

    it('takes a plain date as that day in Amsterdam', async () => {
      // Midnight in Amsterdam, in winter and in summer time: the day counts, not the hour.
      expect(await deadline('access', '--received', '2026-01-31')).toMatchObject({
        receivedAt: '2026-01-30T23:00:00.000Z',
        receivedDate: '2026-01-31',
        dueDate: '2026-03-02',
      });
      expect(await deadline('access', '--received', '2026-07-01')).toMatchObject({
        receivedAt: '2026-06-30T22:00:00.000Z',
        receivedDate: '2026-07-01',
      });
    });

    it("counts a --period given in Dutch or English words instead of the policy's", async () => {
      expect(await deadline('access', '--received', '2026-01-31', '--period', '2 maanden')).toMatchObject({
        period: { months: 2 },
        nominalDueDate: '2026-03-31',
      });
      expect(await deadline('access', '--received', '2026-01-31', '--period', '4 weeks')).toMatchObject({
        period: { weeks: 4 },
        nominalDueDate: '2026-02-28',
        dueDate: '2026-03-02',
      });
      expect(
        await deadline('breach', '--received', '2026-03-27T10:00:00+01:00', '--period', '48 uur'),
      ).toMatchObject({
        period: { hours: 48 },
        dueAt: '2026-03-29T09:00:00.000Z',
      });
    });

    it.each([
      [['access'], '--received is required'],
      [
        ['access', '--received', '2026-02-30T10:00:00+01:00'],
        "--received is '2026-02-30T10:00:00+01:00', a date and time that does not exist",
      ],
      [
        ['access', '--received', '2026-02-03T10:00'],
        "--received is '2026-02-03T10:00', a time without its UTC offset: add +01:00 (winter time) or +02:00 (summer time), or give only the date",
      ],
      [
        ['access', '--received', 'gisteren'],
        '--received must be a date such as 2026-03-01 (that day in Amsterdam)',
      ],
      [['access', '--received', '2026-02-30'], "--received is '2026-02-30', a date that does not exist"],
      [
        ['access', '--received', '2026-01-31', '--period', '3 manen'],
        "--period must be a period such as '2 maanden', '4 weeks' or '72 uur', got '3 manen'",
      ],
      [['access', '--received', '2026-02-03T10:00:00+25:00'], 'whose UTC offset is impossible'],
      [
        ['access', '--received', '2026-02-03T10:00:00Z', '--policy', '../etc'],
        "Unknown policy '../etc': choose one of de-buurderij, gdpr-default, werk-op-maat.",
      ],
      [
        ['inzage', '--received', '2026-02-03T10:00:00Z'],
        "<process> must be one of access, rectification, erasure, objection, breach, applicant, got 'inzage'",
      ],
      [[], '<process> and --received are required.'],
      [['access', '--received', '1990-01-01T10:00:00Z'], 'Privacyloket counts periods from 1996 up to 2199'],
      [['access', '--received', '9999-12-31T23:00:00Z'], 'Privacyloket counts periods from 1996 up to 2199'],
    ])('refuses %j with exit code 2 and one sentence', async (args, sentence) => {
      const { code, stdout, stderr } = await runCli(['deadline', ...args], env());
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain(sentence);
      expect(stderr.trim().split('\n')).toHaveLength(1);
    });
  });

  describe('cases and case, from the database when Temporal does not answer', () => {
    /** Two open cases, due in 5 and in 20 days; the first with its identity verified on record. */
    async function twoCases() {
      const dataDir = tempDir();
      const cliEnv = testEnv({ PRIVACYLOKET_DATA_DIR: dataDir, TEMPORAL_PORT: String(await freePort()) });
      const db = await openDb(loadConfig(cliEnv).database);
      try {
        const today = amsterdamDate(new Date());
        const register = (name: string, days: number) =>
          insertCase(db, {
            process: 'access',
            policyId: 'gdpr-default',
            locale: 'nl',
            receivedAt: new Date(),
            registeredAt: new Date(),
            dueAt: endOfAmsterdamDay(addDays(today, days)),
            channel: 'e-mail',
            subject: { name, email: 'jan@example.nl' },
            actor: 'fg',
          });
        const later = await register('Piet Jansen', 20);
        const soon = await register('Jan de Vries', 5);
        const input = { by: 'fg', verified: true, method: 'paspoort aan de balie', thirdPartyData: false };
        const record = await insertCaseRecord(db, {
          caseId: soon.id,
          type: 'access.identity-verified',
          data: { input },
          actor: 'fg',
        });
        await appendAuditEvent(db, {
          type: 'access.identity-verified',
          actor: 'fg',
          caseId: soon.id,
          data: { thirdPartyData: false, ...record },
        });
        const due = (days: number) => addDays(today, days).split('-').reverse().join('-');
        return { cliEnv, soon: soon.reference, later: later.reference, due };
      } finally {
        await db.destroy();
      }
    }

    it('lists name, process, stage, due date and days left, soonest first, without colour when not a terminal', async () => {
      const { cliEnv, soon, later, due } = await twoCases();
      const { code, stdout } = await runCli(['cases'], cliEnv);
      expect(code).toBe(0);
      expect(stdout.split('\n').slice(0, 3)).toEqual([
        expect.stringMatching(/^REFERENCE +NAME +PROCESS +STAGE +DUE +LEFT$/),
        expect.stringMatching(
          new RegExp(`^${soon} +Jan de Vries +access +open +${due(5)} 23:59 +5 days left$`),
        ),
        expect.stringMatching(
          new RegExp(`^${later} +Piet Jansen +access +open +${due(20)} 23:59 +20 days left$`),
        ),
      ]);
      expect(stdout).toContain("STAGE is the database's status: Temporal does not answer.");
      expect(stdout).not.toContain('\u001b[');
    });

    it('keeps the cases due within --due-within days (or a period), counted on the calendar', async () => {
      const { cliEnv, soon, later } = await twoCases();
      const listed = async (within: string) => {
        const ran = await runCli(['cases', '--due-within', within, '--json'], cliEnv);
        expect(ran.stderr).toBe('');
        return (JSON.parse(ran.stdout) as { cases: { reference: string }[] }).cases.map((c) => c.reference);
      };
      expect(await listed('7')).toEqual([soon]);
      expect(await listed('5')).toEqual([soon]);
      expect(await listed('4')).toEqual([]);
      expect(await listed('7d')).toEqual([soon]);
      expect(await listed('3 weken')).toEqual([soon, later]);
      expect(await runCli(['cases', '--due-within', '4'], cliEnv)).toMatchObject({
        code: 0,
        stdout: 'No cases due within 4 days.\n',
      });
      expect((await runCli(['cases', '--overdue'], cliEnv)).stdout).toBe('No overdue cases.\n');
    });

    it('shows a case by its reference in any case: days left, and a timeline with each decision in full', async () => {
      const { cliEnv, soon, due } = await twoCases();
      const { code, stdout, stderr } = await runCli(['case', soon.toLowerCase()], cliEnv);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout).toMatch(new RegExp(`^${soon}  access, policy gdpr-default, open\n`));
      expect(stdout).toContain(`Due       ${due(5)} 23:59, 5 days left`);
      expect(stdout).toContain('Workflow  Temporal does not answer');
      expect(stdout).toMatch(
        /\n  \d\d-\d\d-\d{4} \d\d:\d\d  identity verified \(fg\)\n +method: paspoort aan de balie\n/,
      );
    });

    it('prints one JSON shape for a case, from case and from cases', async () => {
      const { cliEnv, soon } = await twoCases();
      const one = JSON.parse((await runCli(['case', soon, '--json'], cliEnv)).stdout) as Record<
        string,
        unknown
      >;
      const { cases } = JSON.parse((await runCli(['cases', '--json'], cliEnv)).stdout) as {
        cases: Record<string, unknown>[];
      };
      expect(cases.find((c) => c.reference === soon)).toEqual(one);
      expect(one).toMatchObject({
        reference: soon,
        status: 'open',
        subject: { name: 'Jan de Vries' },
        workflow: { unavailable: 'Temporal does not answer' },
        timeline: [
          { type: 'case.registered' },
          { type: 'access.identity-verified', record: { input: { method: 'paspoort aan de balie' } } },
        ],
      });
      expect(await runCli(['case', 'INZ-2026-9999'], cliEnv)).toMatchObject({
        code: 2,
        stderr: "privacyloket: No case has reference 'INZ-2026-9999'.\n",
      });
    });
  });

  it('uses the policies of PRIVACYLOKET_POLICIES_DIR in every command', async () => {
    const dir = tempDir();
    cpSync(join(projectRoot, 'policies', 'de-buurderij'), join(dir, 'eigen-beleid'), { recursive: true });
    const file = join(dir, 'eigen-beleid', 'policy.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"id": "de-buurderij"', '"id": "eigen-beleid"'));
    const policyEnv = testEnv({ PRIVACYLOKET_DATA_DIR: tempDir(), PRIVACYLOKET_POLICIES_DIR: dir });
    expect(JSON.parse((await runCli(['policy', 'list', '--json'], policyEnv)).stdout)).toEqual({
      policies: [{ id: 'eigen-beleid', organisation: 'De Buurderij' }],
    });
    expect((await runCli(['policy', 'check', 'eigen-beleid'], policyEnv)).code).toBe(1);
    // Its only policy counts without --policy; De Buurderij's period is 4 weeks.
    const deadline = await runCli(['deadline', 'access', '--received', '2026-04-16', '--json'], policyEnv);
    expect(JSON.parse(deadline.stdout)).toMatchObject({ policy: 'eigen-beleid', period: { weeks: 4 } });
    const start = await runCli(
      [
        'access',
        'start',
        '--policy',
        'gdpr-default',
        '--received',
        '2026-11-20',
        '--name',
        'Jan',
        '--email',
        'j@example.nl',
      ],
      policyEnv,
    );
    expect(start).toMatchObject({
      code: 2,
      stderr: "privacyloket: Unknown policy 'gdpr-default': choose one of eigen-beleid.\n",
    });
  });

  describe('policy', () => {
    it("flags De Buurderij's 15 years for care data against the 20 the law requires, with exit code 1", async () => {
      const { code, stdout } = await runCli(['policy', 'check', 'de-buurderij', '--json'], env());
      expect(code).toBe(1);
      const { findings } = JSON.parse(stdout) as {
        findings: { severity: string; rule: string; source: string }[];
      };
      const weaker = findings.filter((f) => f.severity === 'weaker-than-law');
      expect(weaker.map((f) => f.rule)).toEqual(['retention.care-data', 'retention.medical-record']);
      expect(weaker[0]!.source).toContain('20 jaar sinds 1 januari 2020');
    });

    it("passes the law's own policy, and lists all three", async () => {
      expect((await runCli(['policy', 'check', 'gdpr-default'], env())).code).toBe(0);
      const list = await runCli(['policy', 'list', '--json'], env());
      expect(JSON.parse(list.stdout)).toEqual({
        policies: [
          { id: 'de-buurderij', organisation: 'De Buurderij' },
          { id: 'gdpr-default', organisation: 'Voorbeeldorganisatie' },
          { id: 'werk-op-maat', organisation: 'Stichting Werk op Maat' },
        ],
      });
    });
  });

  describe('audit verify', () => {
    it('reports an intact trail, then names the first tampered event with exit code 1', async () => {
      const dataDir = tempDir();
      const cliEnv = testEnv({ PRIVACYLOKET_DATA_DIR: dataDir });
      const db = await openDb(loadConfig(cliEnv).database);
      try {
        for (const type of ['case.registered', 'letter.sent', 'case.closed']) {
          await appendAuditEvent(db, { type, actor: 'fg@example.nl', data: { reference: 'INZ-2026-0001' } });
        }
        const intact = await runCli(['audit', 'verify', '--json'], cliEnv);
        expect(intact.code).toBe(0);
        expect(JSON.parse(intact.stdout)).toMatchObject({ ok: true, count: 3 });

        await db.raw('DROP TRIGGER audit_events_no_update');
        await db('audit_events').where({ id: 2 }).update({ type: 'letter.withdrawn' });
        const broken = await runCli(['audit', 'verify'], cliEnv);
        expect(broken.code).toBe(1);
        expect(broken.stdout).toMatch(
          /^Audit trail BROKEN at event 2 \(.+, letter\.withdrawn\): its contents do not match its hash\. 1 events before it verify\.\n$/,
        );
      } finally {
        await db.destroy();
      }
    });
  });
});

/**
 * The CLI as a user runs it: a separate process, real files, and the exit codes and sentences a person or a
 * script relies on.
 */
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../db';
import { checkCodecKey } from '../../services/codec';
import { appendAuditEvent } from '../../db/audit';
import { loadConfig } from '../../services/config';
import { tempDir, testEnv } from '../helpers/env';
import { runCli } from '../helpers/processes';

const env = () => testEnv({ PRIVACYLOKET_DATA_DIR: tempDir() });

describe('privacyloket CLI', () => {
  it('prints help, and refuses an unknown command with exit code 2', async () => {
    const help = await runCli(['help'], env());
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('deadline <process> --received');
    const unknown = await runCli(['frobnicate'], env());
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe("privacyloket: Unknown command 'frobnicate'; run privacyloket help.\n");
  });

  it('refuses unknown flags and extra arguments with one sentence', async () => {
    const flag = await runCli(['audit', 'verify', '--frobnicate'], env());
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/^privacyloket: Unknown option '--frobnicate'\.\n$/);
    const extra = await runCli(['status', 'now'], env());
    expect(extra.code).toBe(2);
    expect(extra.stderr).toBe("privacyloket: Unexpected argument 'now'.\n");
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

    it('reads well for a person', async () => {
      const { code, stdout } = await runCli(
        ['deadline', 'access', '--received', '2026-01-31T10:00:00+01:00'],
        env(),
      );
      expect(code).toBe(0);
      expect(stdout).toContain('Deadline  Monday 2 March 2026, end of day (2026-03-02T22:59:59.999Z)');
      expect(stdout).toContain('moved past Saturday 28 February 2026, Sunday 1 March 2026');
    });

    it.each([
      [['access'], '--received is required'],
      [
        ['access', '--received', '2026-02-30T10:00:00+01:00'],
        "--received is '2026-02-30T10:00:00+01:00', a date and time that does not exist",
      ],
      [['access', '--received', '2026-02-03T10:00'], '--received must be an ISO 8601 date-time with offset'],
      [['access', '--received', '2026-02-03T10:00:00+25:00'], 'whose UTC offset is impossible'],
      [
        ['access', '--received', '2026-02-03T10:00:00Z', '--policy', '../etc'],
        "Unknown policy '../etc': choose one of de-buurderij, gdpr-default, werk-op-maat.",
      ],
      [
        ['inzage', '--received', '2026-02-03T10:00:00Z'],
        "<process> must be one of access, rectification, erasure, objection, breach, applicant, got 'inzage'",
      ],
      [[], 'Missing <process>.'],
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

/**
 * The CLI as a user runs it: a separate process, real files, and the exit codes and sentences a person or a
 * script relies on.
 */
import { describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/tools.js';
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

  it('says in one sentence that no Temporal server answers, with exit code 1', async () => {
    const port = await freePort();
    const { code, stderr } = await runCli(
      ['status'],
      testEnv({ PRIVACYLOKET_DATA_DIR: tempDir(), TEMPORAL_ADDRESS: `127.0.0.1:${port}` }),
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(
      new RegExp(
        `^privacyloket: Temporal does not answer at 127\\.0\\.0\\.1:${port} .*TEMPORAL_ADDRESS right\\?\\n$`,
      ),
    );
  });
});

/**
 * The installer on a machine that lacks a tool it cannot install: one sentence saying what to do, exit code 1,
 * no stack trace. (Installing for real is what every fresh `npm test` does.)
 */
import { spawn } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../services/config';
import { tempDir } from '../helpers/env';
import { collect } from '../helpers/processes';

/** A PATH holding only node and npm, and an empty tool cache. */
function bareEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const bin = tempDir();
  symlinkSync(process.execPath, join(bin, 'node'));
  return { PATH: bin, HOME: process.env.HOME, XDG_CACHE_HOME: tempDir(), ...extra };
}

const ensure = (mode: string, env: NodeJS.ProcessEnv) =>
  collect(
    spawn(process.execPath, [join(projectRoot, 'scripts', 'ensure.js'), mode], { env, cwd: projectRoot }),
  );

describe('scripts/ensure.js', () => {
  it('says how to get Chromium when there is none and apt-get is out of reach', async () => {
    const { code, stderr } = await ensure('start', bareEnv());
    expect(code).toBe(1);
    expect(stderr).toBe(
      'privacyloket: Chromium is missing: install it with `sudo apt-get install chromium` (Debian, Ubuntu), or set CHROMIUM_PATH to a Chromium or Chrome program.\n',
    );
  });

  it('says how to get the Temporal CLI when it cannot be built', async () => {
    const { code, stderr } = await ensure(
      'start',
      bareEnv({ CHROMIUM_PATH: process.execPath, QPDF_PATH: process.execPath }),
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^privacyloket: The Temporal CLI is missing: put `temporal` on PATH .* install Go .*TEMPORAL_ADDRESS to a running Temporal server\.\n$/,
    );
  });

  it('needs no Temporal CLI when TEMPORAL_ADDRESS names a server', async () => {
    const { code, stderr } = await ensure(
      'start',
      bareEnv({
        CHROMIUM_PATH: process.execPath,
        QPDF_PATH: process.execPath,
        TEMPORAL_ADDRESS: 'temporal.example:7233',
      }),
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('says how to get Java for the test server', async () => {
    const env = bareEnv({
      CHROMIUM_PATH: process.execPath,
      QPDF_PATH: process.execPath,
      TEMPORAL_CLI: process.execPath,
    });
    const { code, stderr } = await ensure('test', env);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^privacyloket: Java 17 or newer is missing .*apt-get install openjdk-17-jdk-headless maven`\.\n$/,
    );
  });

  it('says how to get qpdf, which encrypts letters', async () => {
    const { code, stderr } = await ensure('start', bareEnv({ CHROMIUM_PATH: process.execPath }));
    expect(code).toBe(1);
    expect(stderr).toBe(
      'privacyloket: qpdf is missing: install it with `sudo apt-get install qpdf` (Debian, Ubuntu), or set QPDF_PATH to the qpdf program.\n',
    );
  });

  it('names a CHROMIUM_PATH that is not a program', async () => {
    const { code, stderr } = await ensure('start', bareEnv({ CHROMIUM_PATH: '/nonexistent/chromium' }));
    expect(code).toBe(1);
    expect(stderr).toContain('CHROMIUM_PATH is /nonexistent/chromium, which is not an executable program');
  });
});

/** Temporary data directories and configurations for tests: real files, removed afterwards. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { loadConfig, type Config } from '../../services/config';

const dirs: string[] = [];
// A Chromium still exiting may write its profile as the folder goes (ENOTEMPTY): removal retries, as the printer's own.
afterEach(() => {
  for (const dir of dirs.splice(0))
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

/** A fresh directory, removed after the current test. */
export function tempDir(prefix = 'privacyloket-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/**
 * The environment a test process or CLI run gets: only PATH and HOME of ours, plus `extra`; an empty
 * configuration file, so that a developer's own `privacyloket.config.json` never reaches a test.
 */
export function testEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const PRIVACYLOKET_CONFIG = join(import.meta.dirname, 'no-config.json');
  return { PATH: process.env.PATH, HOME: process.env.HOME, PRIVACYLOKET_CONFIG, ...extra };
}

/** The configuration the product would load with `extra` set, its data in a fresh temporary directory. */
export function testConfig(extra: Record<string, string> = {}): Config {
  const dataDir = tempDir();
  return loadConfig(testEnv({ PRIVACYLOKET_DATA_DIR: dataDir, ...extra }), dataDir);
}

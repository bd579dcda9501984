// Where the external programs Privacyloket needs are found, and where our own builds of them are cached.
// Plain JavaScript without dependencies: `scripts/ensure.js` uses it before `npm install` has run, and the
// TypeScript runtime uses the very same rules, so "found" means the same thing everywhere.
import { accessSync, constants, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export const TEMPORAL_CLI_VERSION = '1.5.1';
export const TEST_SERVER_VERSION = '1.38.0';

/**
 * Built or downloaded tools live per user, keyed by version, so every clone (CI's fresh one included) reuses them.
 * @param {{ cacheHome?: string | undefined }} [where]
 */
export function toolCacheDir(where = {}) {
  return join(where.cacheHome || join(homedir(), '.cache'), 'privacyloket');
}

/** @param {string} path */
export function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * @param {string} name
 * @param {string | undefined} pathVariable the PATH to search
 */
export function onPath(name, pathVariable) {
  for (const dir of (pathVariable ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** @param {string} cacheDir */
export function cachedTemporalCli(cacheDir) {
  return join(cacheDir, `temporal-${TEMPORAL_CLI_VERSION}`, 'temporal');
}

/** @param {string} cacheDir */
export function cachedTestServer(cacheDir) {
  return join(cacheDir, `temporal-test-server-${TEST_SERVER_VERSION}`, 'temporal-test-server');
}

/**
 * The Temporal CLI: the configured path, else `temporal` on PATH, else our cached build.
 * @param {{ configured?: string | undefined, path?: string | undefined, cacheDir: string }} where
 * @returns {string | undefined}
 */
export function findTemporalCli({ configured, path, cacheDir }) {
  if (configured) return configured;
  const cached = cachedTemporalCli(cacheDir);
  return onPath('temporal', path) ?? (isExecutable(cached) ? cached : undefined);
}

const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

/**
 * Chromium: the configured path, else the first Chromium or Chrome on PATH.
 * @param {{ configured?: string | undefined, path?: string | undefined }} where
 * @returns {string | undefined}
 */
export function findChromium({ configured, path }) {
  if (configured) return configured;
  for (const name of CHROMIUM_NAMES) {
    const found = onPath(name, path);
    if (found) return found;
  }
  return undefined;
}

/**
 * qpdf: the configured path, else qpdf on PATH.
 * @param {{ configured?: string | undefined, path?: string | undefined }} where
 * @returns {string | undefined}
 */
export function findQpdf({ configured, path }) {
  return configured || onPath('qpdf', path);
}

/**
 * The time-skipping test server launcher built by `scripts/ensure.js test`.
 * @param {string} cacheDir
 * @returns {string | undefined}
 */
export function findTestServer(cacheDir) {
  const launcher = cachedTestServer(cacheDir);
  return existsSync(launcher) ? launcher : undefined;
}

/**
 * A TCP port on loopback that nothing listens on right now.
 * @returns {Promise<number>}
 */
export async function freePort() {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Resolves once something accepts TCP connections on host:port; rejects after `timeoutMs`.
 * @param {number} port
 * @param {{ host?: string, timeoutMs?: number }} [options]
 */
export async function waitForPort(port, { host = '127.0.0.1', timeoutMs = 30_000 } = {}) {
  const { connect } = await import('node:net');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise((resolve) => {
      const socket = connect(port, host);
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`Nothing listens on ${host}:${port} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

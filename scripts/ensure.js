#!/usr/bin/env node
// Installs whatever is missing before `npm start` (`node scripts/ensure.js start`) or `npm test`
// (`node scripts/ensure.js test`): npm packages, the compiled command line, Chromium, the Temporal CLI and, for
// tests, Temporal's time-skipping test server. Runs before the npm packages exist, so it uses Node's own modules only, and it
// is the one place besides the config module that reads the environment. Every step is skipped when its
// result is already there; a tool that cannot be installed ends the run with one sentence saying what to do.
import { createHash } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli, compiledCli } from './cli-build.js';
import {
  TEMPORAL_CLI_VERSION,
  TEST_SERVER_VERSION,
  cachedTemporalCli,
  cachedTestServer,
  findChromium,
  findQpdf,
  findTemporalCli,
  freePort,
  isExecutable,
  onPath,
  toolCacheDir,
  waitForPort,
} from './tools.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;
const cacheDir = toolCacheDir({ cacheHome: env.XDG_CACHE_HOME });

class Missing extends Error {}

/**
 * Runs a command with its output shown; throws `Missing` with `advice` when it fails.
 * @param {string} command
 * @param {string[]} args
 * @param {{ advice: string, cwd?: string, env?: NodeJS.ProcessEnv }} options
 */
function run(command, args, { advice, cwd = root, env: extraEnv = {} }) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', env: { ...env, ...extraEnv } });
  if (result.status !== 0) throw new Missing(advice);
}

/** @param {string} message */
function step(message) {
  console.log(`privacyloket: ${message}`);
}

function ensureNode() {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    throw new Missing(
      `Node.js ${process.versions.node} is too old: install Node.js 20.19 or newer (https://nodejs.org).`,
    );
  }
}

function ensureNpmPackages() {
  const lock = readFileSync(join(root, 'package-lock.json'));
  const wanted = createHash('sha256').update(lock).digest('hex');
  const stamp = join(root, 'node_modules', '.privacyloket-lock');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return;
  // `npm ci`: exactly the committed lockfile, as CI installs it; a lockfile out of step with package.json fails here.
  step('installing npm packages (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund'], {
    advice:
      'npm ci failed (see above): check that the npm registry can be reached; if package.json changed, run npm install and commit package-lock.json.',
  });
  writeFileSync(stamp, wanted);
}

/** The CLI as JavaScript (dist/cli/), so that a command starts in a fraction of a second: see cli-build.js. */
async function ensureCompiledCli() {
  if (compiledCli(root)) return;
  step('compiling the command line into dist/cli/…');
  await buildCli(root);
}

function ensureChromium() {
  const configured = env.CHROMIUM_PATH;
  if (configured && !isExecutable(configured)) {
    throw new Missing(
      `CHROMIUM_PATH is ${configured}, which is not an executable program: point it at Chromium or Chrome.`,
    );
  }
  if (findChromium({ configured, path: env.PATH })) return;
  aptInstall(
    'chromium',
    'Chromium is missing: install it with `sudo apt-get install chromium` (Debian, Ubuntu), or set CHROMIUM_PATH to a Chromium or Chrome program.',
  );
}

/** qpdf encrypts the letters a policy sends as encrypted attachments (AES-256). */
function ensureQpdf() {
  const configured = env.QPDF_PATH;
  if (configured && !isExecutable(configured)) {
    throw new Missing(`QPDF_PATH is ${configured}, which is not an executable program: point it at qpdf.`);
  }
  if (findQpdf({ configured, path: env.PATH })) return;
  aptInstall(
    'qpdf',
    'qpdf is missing: install it with `sudo apt-get install qpdf` (Debian, Ubuntu), or set QPDF_PATH to the qpdf program.',
  );
}

/**
 * @param {string} pkg
 * @param {string} advice
 */
function aptInstall(pkg, advice) {
  if (process.getuid?.() !== 0 || !onPath('apt-get', env.PATH)) throw new Missing(advice);
  step(`installing ${pkg} from Debian (apt-get install ${pkg})…`);
  const aptEnv = { DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { advice, env: aptEnv });
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', pkg], { advice, env: aptEnv });
}

/** A Temporal server named by TEMPORAL_ADDRESS or the config file needs no local Temporal CLI. */
function usesOwnTemporalServer() {
  if (env.TEMPORAL_ADDRESS) return true;
  const file = env.PRIVACYLOKET_CONFIG ?? join(process.cwd(), 'privacyloket.config.json');
  try {
    return Boolean(JSON.parse(readFileSync(file, 'utf8'))?.temporal?.address);
  } catch {
    return false; // a missing or broken file is reported by the config module, with its field names
  }
}

/**
 * Builds into a scratch directory and renames it into place, so an interrupted build never counts as cached
 * and two clones building at once do not trip over each other.
 * @param {string} finalDir
 * @param {(scratch: string) => void | Promise<void>} build
 */
async function buildInto(finalDir, build) {
  const scratch = `${finalDir}.partial-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  try {
    await build(scratch);
    if (!existsSync(finalDir)) renameSync(scratch, finalDir);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function ensureTemporalCli() {
  const configured = env.TEMPORAL_CLI;
  if (configured && !isExecutable(configured)) {
    throw new Missing(
      `TEMPORAL_CLI is ${configured}, which is not an executable program: point it at the Temporal CLI.`,
    );
  }
  if (findTemporalCli({ configured, path: env.PATH, cacheDir })) return;
  const advice =
    'The Temporal CLI is missing: put `temporal` on PATH (https://docs.temporal.io/cli), set TEMPORAL_CLI to it, ' +
    'install Go (https://go.dev/dl/) so that Privacyloket can build it, or set TEMPORAL_ADDRESS to a running Temporal server.';
  if (!onPath('go', env.PATH)) throw new Missing(advice);
  const target = dirname(cachedTemporalCli(cacheDir));
  step(`building the Temporal CLI ${TEMPORAL_CLI_VERSION} into ${target} (once per machine, a few minutes)…`);
  await buildInto(target, (scratch) =>
    run('go', ['install', `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`], {
      advice: `go install of the Temporal CLI failed (see above). ${advice}`,
      env: { GOBIN: scratch, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' },
    }),
  );
}

/** The java program and a key naming its exact version (a class-data archive is only valid for one JVM). */
function findJava() {
  const java =
    env.JAVA_HOME && isExecutable(join(env.JAVA_HOME, 'bin', 'java'))
      ? join(env.JAVA_HOME, 'bin', 'java')
      : onPath('java', env.PATH);
  const advice =
    "Java 17 or newer is missing (it runs Temporal's time-skipping test server): install it with `sudo apt-get install openjdk-17-jdk-headless maven`.";
  if (!java) throw new Missing(advice);
  const version = spawnSync(java, ['-version'], { encoding: 'utf8' }).stderr ?? '';
  const major = Number(/version "(\d+)/.exec(version)?.[1] ?? 0);
  if (major < 17) throw new Missing(advice);
  return { java, key: createHash('sha256').update(java).update(version).digest('hex').slice(0, 12) };
}

const TEST_SERVER_POM = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>privacyloket</groupId>
  <artifactId>temporal-test-server-download</artifactId>
  <version>1</version>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>${TEST_SERVER_VERSION}</version>
    </dependency>
  </dependencies>
</project>
`;

/**
 * The SDK gives the test server 5 seconds to open its port. A cold JVM on 2 busy cores comes close to that, so
 * the launcher uses a class-data-sharing archive recorded from one run of the server, C1 only and the serial
 * collector: start-up drops to a few hundred milliseconds (bench/test-server-startup.ts measures it).
 */
async function ensureTestServer() {
  const { java, key } = findJava();
  const launcher = cachedTestServer(cacheDir);
  const home = dirname(launcher);
  if (!existsSync(join(home, 'lib'))) {
    if (!onPath('mvn', env.PATH)) {
      throw new Missing(
        "Maven is missing (it downloads Temporal's test server): install it with `sudo apt-get install maven`.",
      );
    }
    step(
      `downloading Temporal's time-skipping test server ${TEST_SERVER_VERSION} from Maven Central into ${home}…`,
    );
    await buildInto(home, (scratch) => {
      writeFileSync(join(scratch, 'pom.xml'), TEST_SERVER_POM);
      run(
        'mvn',
        ['-q', '-B', 'dependency:copy-dependencies', '-DoutputDirectory=lib', '-DincludeScope=runtime'],
        {
          cwd: scratch,
          advice: `Maven could not download io.temporal:temporal-test-server:${TEST_SERVER_VERSION} (see above): check that Maven Central can be reached.`,
        },
      );
    });
  }
  const classPath = join(home, 'lib', '*');
  const archive = join(home, `classes-${key}.jsa`);
  if (!existsSync(archive)) {
    step('recording a class-data archive for the test server (once per JVM)…');
    await recordArchive(java, classPath, archive);
  }
  const script = [
    '#!/bin/sh',
    `# Temporal's time-skipping test server ${TEST_SERVER_VERSION}, written by scripts/ensure.js. Usage: $0 <port>`,
    `exec '${java}' -XX:SharedArchiveFile='${archive}' -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off \\`,
    `  -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '${classPath}' io.temporal.testserver.TestServer "$@" \\`,
    `  2>'${join(home, 'last-run.log')}' # SLF4J's start-up warnings would fill every test run`,
    '',
  ].join('\n');
  if (!existsSync(launcher) || readFileSync(launcher, 'utf8') !== script)
    writeFileSync(launcher, script, { mode: 0o755 });
}

/**
 * @param {string} java
 * @param {string} classPath
 * @param {string} archive
 */
async function recordArchive(java, classPath, archive) {
  const port = await freePort();
  const partial = `${archive}.partial-${process.pid}`;
  const server = spawn(
    java,
    [
      `-XX:ArchiveClassesAtExit=${partial}`,
      '-cp',
      classPath,
      'io.temporal.testserver.TestServer',
      String(port),
    ],
    {
      stdio: 'ignore',
    },
  );
  const exited = new Promise((done) => server.once('exit', done));
  try {
    await waitForPort(port, { timeoutMs: 60_000 });
    await new Promise((done) => setTimeout(done, 1000));
  } finally {
    server.kill('SIGTERM');
    await exited;
  }
  if (existsSync(partial)) renameSync(partial, archive);
  else step('could not record the class-data archive; the test server will start without it.');
}

const mode = process.argv[2];
if (mode !== 'start' && mode !== 'test') {
  console.error('usage: node scripts/ensure.js start|test');
  process.exit(2);
}
try {
  ensureNode();
  ensureNpmPackages();
  await ensureCompiledCli();
  ensureChromium();
  ensureQpdf();
  if (mode === 'test' || !usesOwnTemporalServer()) await ensureTemporalCli();
  if (mode === 'test') await ensureTestServer();
} catch (error) {
  if (!(error instanceof Missing)) throw error;
  console.error(`privacyloket: ${error.message}`);
  process.exit(1);
}

/**
 * The one place that reads configuration: environment variables and an optional `privacyloket.config.json`
 * (or the file PRIVACYLOKET_CONFIG names). Environment variables win over the file. Every bad value is named in
 * one error, by the variable or file key it came from. With no configuration at all you get the embedded setup:
 * everything under `var/` in the project directory.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { DatabaseConfig } from '../db';
import { PrivacyloketError } from '../lib/errors';
import { findChromium, findQpdf, findTemporalCli, toolCacheDir } from '../scripts/tools.js';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface Config {
  dataDir: string;
  /** Files being written (a letter for the outbox, a PDF for qpdf), per process; cleared at the next start. */
  tmpDir: string;
  /** Chromium's profiles, per worker process; a profile left by a killed worker is removed at the next start. */
  chromiumDir: string;
  database: DatabaseConfig;
  temporal: {
    /** The server to use; undefined means the embedded dev server that `npm start` runs. */
    address: string | undefined;
    namespace: string;
    taskQueue: string;
    tls: { certPath?: string; keyPath?: string; caPath?: string; serverName?: string } | undefined;
    apiKey: string | undefined;
    /** How long a command waits for the server to answer before it gives up. */
    waitMs: number;
    devServer: { port: number; uiPort: number; dbFile: string; cli: string | undefined };
  };
  codec: { key: Buffer | undefined; keyFile: string };
  mail: { smtpUrl: string | undefined; envelopeFrom: string | undefined; outboxDir: string };
  chromiumPath: string | undefined;
  qpdfPath: string | undefined;
  policiesDir: string;
  /** The officer's desk: where it listens (loopback by default: put a TLS proxy in front to serve a network). */
  desk: { host: string; port: number };
}

const text = z.string().trim().min(1, 'must not be empty');
const portMessage = 'must be a port number, 1–65535';
const port = z.coerce
  .number({ error: portMessage })
  .int(portMessage)
  .min(1, portMessage)
  .max(65535, portMessage);
const hostPort = text.regex(/^[\w.-]+:\d{1,5}$/, 'must be host:port, such as temporal.example.org:7233');
const file = text.refine((path) => existsSync(path), 'names a file that does not exist');
const seconds = z.coerce
  .number({ error: 'must be a number of seconds, 1–600' })
  .int('must be a number of seconds, 1–600')
  .min(1, 'must be a number of seconds, 1–600')
  .max(600, 'must be a number of seconds, 1–600');
const flag = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])], { error: 'must be true or false' })
  .transform((value) => value === true || value === 'true' || value === '1');
const email = z.email('must be an e-mail address');
const databaseUrl = text.regex(
  /^(postgres(ql)?:\/\/.+|sqlite:.+)$/,
  'must be postgres://user:password@host:5432/database or sqlite:path/to/file.sqlite3',
);
const smtpUrl = text.regex(/^smtps?:\/\/.+/, 'must be smtp://host:port or smtps://user:password@host:465');
const codecKey = text.refine(
  (value) => Buffer.from(value, 'base64').length === 32 && /^[A-Za-z0-9+/]+=*$/.test(value),
  'must be 32 bytes in base64 (generate one with: openssl rand -base64 32)',
);

/** Every setting: its key in the config file, its environment variable, its schema. */
const SETTINGS = {
  dataDir: { env: 'PRIVACYLOKET_DATA_DIR', schema: text },
  databaseUrl: { env: 'DATABASE_URL', schema: databaseUrl, secret: true },
  // Temporal's own names, as its CLI and SDKs read them (Temporal's environment configuration).
  'temporal.address': { env: 'TEMPORAL_ADDRESS', schema: hostPort },
  'temporal.namespace': { env: 'TEMPORAL_NAMESPACE', schema: text },
  'temporal.taskQueue': { env: 'TEMPORAL_TASK_QUEUE', schema: text },
  'temporal.tls.enabled': { env: 'TEMPORAL_TLS', schema: flag },
  'temporal.tls.clientCertPath': { env: 'TEMPORAL_TLS_CLIENT_CERT_PATH', schema: file },
  'temporal.tls.clientKeyPath': { env: 'TEMPORAL_TLS_CLIENT_KEY_PATH', schema: file },
  'temporal.tls.serverCaCertPath': { env: 'TEMPORAL_TLS_SERVER_CA_CERT_PATH', schema: file },
  'temporal.tls.serverName': { env: 'TEMPORAL_TLS_SERVER_NAME', schema: text },
  'temporal.apiKey': { env: 'TEMPORAL_API_KEY', schema: text, secret: true },
  'temporal.port': { env: 'TEMPORAL_PORT', schema: port },
  'temporal.uiPort': { env: 'TEMPORAL_UI_PORT', schema: port },
  'temporal.cli': { env: 'TEMPORAL_CLI', schema: file },
  'temporal.waitSeconds': { env: 'PRIVACYLOKET_TEMPORAL_WAIT', schema: seconds },
  codecKey: { env: 'PRIVACYLOKET_CODEC_KEY', schema: codecKey, secret: true },
  smtpUrl: { env: 'SMTP_URL', schema: smtpUrl, secret: true },
  mailFrom: { env: 'MAIL_FROM', schema: email },
  chromiumPath: { env: 'CHROMIUM_PATH', schema: file },
  qpdfPath: { env: 'QPDF_PATH', schema: file },
  policiesDir: { env: 'PRIVACYLOKET_POLICIES_DIR', schema: file },
  'desk.host': { env: 'PRIVACYLOKET_DESK_HOST', schema: text },
  'desk.port': { env: 'PRIVACYLOKET_DESK_PORT', schema: port },
} satisfies Record<string, { env: string; schema: z.ZodType; secret?: boolean }>;

/** Names an earlier version read: refused with the name that replaced them, rather than silently ignored. */
const RENAMED: Record<string, string> = {
  TEMPORAL_TLS_CERT: 'TEMPORAL_TLS_CLIENT_CERT_PATH',
  TEMPORAL_TLS_KEY: 'TEMPORAL_TLS_CLIENT_KEY_PATH',
  TEMPORAL_TLS_CA: 'TEMPORAL_TLS_SERVER_CA_CERT_PATH',
};

/** Paths in the config file are relative to the file; the default file is the project's own, wherever you run from. */
const PATH_KEYS = new Set<string>([
  'dataDir',
  'temporal.tls.clientCertPath',
  'temporal.tls.clientKeyPath',
  'temporal.tls.serverCaCertPath',
  'temporal.cli',
  'chromiumPath',
  'qpdfPath',
  'policiesDir',
]);

export const defaultConfigFile = join(projectRoot, 'privacyloket.config.json');

type Key = keyof typeof SETTINGS;
type Values = { [K in Key]?: z.output<(typeof SETTINGS)[K]['schema']> };

/**
 * `env` and `cwd` are the process's own by default; relative paths in environment variables are relative to
 * `cwd`, those in the config file to the file's folder.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const fileName = env.PRIVACYLOKET_CONFIG ? resolve(cwd, env.PRIVACYLOKET_CONFIG) : defaultConfigFile;
  const fileValues = readConfigFile(fileName, Boolean(env.PRIVACYLOKET_CONFIG));
  const problems: string[] = [];
  const values: Values = {};
  for (const [key, setting] of Object.entries(SETTINGS) as [Key, (typeof SETTINGS)[Key]][]) {
    const fromEnv = env[setting.env] || undefined; // VAR= counts as unset, as in most tools
    const raw = fromEnv ?? fileValues.get(key);
    if (raw === undefined) continue;
    const result = setting.schema.safeParse(
      absolute(key, raw, fromEnv !== undefined ? cwd : dirname(fileName)),
    );
    if (result.success) {
      (values as Record<string, unknown>)[key] = result.data;
      continue;
    }
    const source = fromEnv !== undefined ? setting.env : `${fileName}: ${key}`;
    const shown = 'secret' in setting ? '' : ` (got ${JSON.stringify(raw)})`;
    problems.push(`${source} ${result.error.issues[0]?.message ?? 'is invalid'}${shown}`);
  }
  for (const key of fileValues.keys()) {
    if (!(key in SETTINGS)) problems.push(`${fileName}: ${key} is not a setting Privacyloket knows`);
  }
  for (const [old, now] of Object.entries(RENAMED)) {
    if (env[old]) problems.push(`${old} is now called ${now} (Temporal's own name)`);
  }
  const has = (key: Key) => values[key] !== undefined;
  if (has('temporal.tls.clientCertPath') !== has('temporal.tls.clientKeyPath')) {
    problems.push('TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH must be set together');
  }
  if (problems.length > 0) {
    throw new PrivacyloketError('invalid-config', `Configuration is invalid: ${problems.join('; ')}.`);
  }
  return buildConfig(values, env);
}

/** A relative path (or sqlite: URL) made absolute against `base`; anything else as it is. */
function absolute(key: Key, raw: unknown, base: string): unknown {
  if (typeof raw !== 'string' || raw.trim() === '') return raw;
  if (PATH_KEYS.has(key)) return resolve(base, raw.trim());
  if (key === 'databaseUrl' && raw.startsWith('sqlite:'))
    return `sqlite:${resolve(base, raw.slice(7).trim())}`;
  return raw;
}

function buildConfig(values: Values, env: NodeJS.ProcessEnv): Config {
  const dataDir = values.dataDir ?? join(projectRoot, 'var');
  const url = values.databaseUrl;
  const tlsFiles = (['clientCertPath', 'clientKeyPath', 'serverCaCertPath', 'serverName'] as const).some(
    (key) => values[`temporal.tls.${key}`] !== undefined,
  );
  const tlsEnabled = values['temporal.tls.enabled'] ?? tlsFiles;
  return {
    dataDir,
    tmpDir: join(dataDir, 'tmp'),
    chromiumDir: join(dataDir, 'chromium'),
    database:
      url === undefined
        ? { client: 'sqlite3', filename: join(dataDir, 'privacyloket.sqlite3') }
        : url.startsWith('sqlite:')
          ? { client: 'sqlite3', filename: url.slice('sqlite:'.length) }
          : { client: 'pg', connectionString: url },
    temporal: {
      address: values['temporal.address'],
      namespace: values['temporal.namespace'] ?? 'default',
      taskQueue: values['temporal.taskQueue'] ?? 'privacyloket',
      tls: tlsEnabled
        ? {
            certPath: values['temporal.tls.clientCertPath'],
            keyPath: values['temporal.tls.clientKeyPath'],
            caPath: values['temporal.tls.serverCaCertPath'],
            serverName: values['temporal.tls.serverName'],
          }
        : undefined,
      apiKey: values['temporal.apiKey'],
      waitMs: (values['temporal.waitSeconds'] ?? 60) * 1000,
      devServer: {
        port: values['temporal.port'] ?? 7233,
        uiPort: values['temporal.uiPort'] ?? 8233,
        dbFile: join(dataDir, 'temporal.sqlite3'),
        cli: findTemporalCli({
          configured: values['temporal.cli'],
          path: env.PATH,
          cacheDir: toolCacheDir({ cacheHome: env.XDG_CACHE_HOME }),
        }),
      },
    },
    desk: { host: values['desk.host'] ?? '127.0.0.1', port: values['desk.port'] ?? 8340 },
    codec: {
      key: values.codecKey === undefined ? undefined : Buffer.from(values.codecKey, 'base64'),
      keyFile: join(dataDir, 'codec.key'),
    },
    mail: {
      smtpUrl: values.smtpUrl,
      envelopeFrom: values.mailFrom,
      outboxDir: join(dataDir, 'outbox'),
    },
    chromiumPath: findChromium({ configured: values.chromiumPath, path: env.PATH }),
    qpdfPath: findQpdf({ configured: values.qpdfPath, path: env.PATH }),
    policiesDir: values.policiesDir ?? join(projectRoot, 'policies'),
  };
}

/** host:port of the Temporal server this configuration talks to. */
export function temporalAddress(config: Config): string {
  return config.temporal.address ?? `127.0.0.1:${config.temporal.devServer.port}`;
}

/** The file's settings flattened to dotted keys (`temporal.address`), or none when there is no file. */
function readConfigFile(fileName: string, required: boolean): Map<string, unknown> {
  if (!existsSync(fileName)) {
    if (required) {
      throw new PrivacyloketError(
        'invalid-config',
        `PRIVACYLOKET_CONFIG names ${fileName}, which does not exist.`,
      );
    }
    return new Map();
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(fileName, 'utf8'));
  } catch (error) {
    throw new PrivacyloketError(
      'invalid-config',
      `${fileName} is not valid JSON: ${(error as Error).message}.`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new PrivacyloketError('invalid-config', `${fileName} must hold one JSON object of settings.`);
  }
  const flat = new Map<string, unknown>();
  const walk = (object: object, prefix: string) => {
    for (const [key, value] of Object.entries(object)) {
      const dotted = prefix + key;
      if (typeof value === 'object' && value !== null && !Array.isArray(value) && !(dotted in SETTINGS)) {
        walk(value as object, `${dotted}.`);
      } else flat.set(dotted, value);
    }
  };
  walk(parsed, '');
  return flat;
}

import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfigFile, loadConfig, projectRoot } from '../../services/config';
import { tempDir, testEnv } from '../helpers/env';

const invalid = (env: Record<string, string>, cwd = tempDir()) => {
  try {
    loadConfig(testEnv(env), cwd);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
};

describe('configuration', () => {
  it('gives the embedded setup under var/ when nothing is configured', () => {
    const config = loadConfig(testEnv(), tempDir());
    expect(config.dataDir).toBe(join(projectRoot, 'var'));
    expect(config.database).toEqual({
      client: 'sqlite3',
      filename: join(projectRoot, 'var', 'privacyloket.sqlite3'),
    });
    expect(config.temporal).toMatchObject({
      address: undefined,
      namespace: 'default',
      taskQueue: 'privacyloket',
      tls: undefined,
      devServer: { port: 7233, uiPort: 8233, dbFile: join(projectRoot, 'var', 'temporal.sqlite3') },
    });
    expect(config.mail).toEqual({
      smtpUrl: undefined,
      envelopeFrom: undefined,
      outboxDir: join(projectRoot, 'var', 'outbox'),
    });
    expect(config.codec).toEqual({ key: undefined, keyFile: join(projectRoot, 'var', 'codec.key') });
  });

  it('reads the config file and lets environment variables win', () => {
    const folder = tempDir();
    const file = join(folder, 'privacyloket.config.json');
    writeFileSync(
      file,
      JSON.stringify({ dataDir: 'data', temporal: { address: 'file.example:7233', namespace: 'zorg' } }),
    );
    // Paths in the file are relative to the file, wherever the command runs from.
    const config = loadConfig(
      testEnv({ PRIVACYLOKET_CONFIG: file, TEMPORAL_ADDRESS: 'env.example:7233' }),
      tempDir(),
    );
    expect(config.dataDir).toBe(join(folder, 'data'));
    expect(config.temporal.address).toBe('env.example:7233');
    expect(config.temporal.namespace).toBe('zorg');
  });

  it("finds the project's own config file whatever the current folder", () => {
    expect(defaultConfigFile).toBe(join(projectRoot, 'privacyloket.config.json'));
    const env = { PATH: process.env.PATH, HOME: process.env.HOME }; // no PRIVACYLOKET_CONFIG
    expect(() => loadConfig(env, tempDir())).not.toThrow();
  });

  it('switches to PostgreSQL through DATABASE_URL alone', () => {
    const url = 'postgres://loket:geheim@db.example:5432/privacyloket';
    expect(loadConfig(testEnv({ DATABASE_URL: url }), tempDir()).database).toEqual({
      client: 'pg',
      connectionString: url,
    });
  });

  it('names every bad value, by the variable or file key it came from', () => {
    const cwd = tempDir();
    writeFileSync(
      join(cwd, 'privacyloket.config.json'),
      JSON.stringify({ mailFrom: 'nobody', temporal: { port: 99999 } }),
    );
    const message = invalid(
      {
        PRIVACYLOKET_CONFIG: join(cwd, 'privacyloket.config.json'),
        TEMPORAL_ADDRESS: 'no port here',
        SMTP_URL: 'http://mail',
        TEMPORAL_UI_PORT: 'abc',
      },
      cwd,
    );
    expect(message).toMatch(/^Configuration is invalid: /);
    expect(message).toContain(`TEMPORAL_ADDRESS must be host:port`);
    expect(message).toContain('SMTP_URL must be smtp://host:port');
    expect(message).toContain('TEMPORAL_UI_PORT must be a port number, 1–65535 (got "abc")');
    expect(message).toContain(
      `${join(cwd, 'privacyloket.config.json')}: mailFrom must be an e-mail address (got "nobody")`,
    );
    expect(message).toContain('temporal.port must be a port number, 1–65535 (got 99999)');
  });

  it('never repeats a secret in its error', () => {
    const message = invalid({
      PRIVACYLOKET_CODEC_KEY: 'c2VjcmV0LXRvby1zaG9ydA==',
      SMTP_URL: 'ftp://user:hunter2@x',
    });
    expect(message).toContain('PRIVACYLOKET_CODEC_KEY must be 32 bytes in base64');
    expect(message).not.toContain('c2VjcmV0');
    expect(message).not.toContain('hunter2');
  });

  it('refuses unknown keys, broken JSON and a missing PRIVACYLOKET_CONFIG file', () => {
    const cwd = tempDir();
    const file = join(cwd, 'privacyloket.config.json');
    writeFileSync(file, JSON.stringify({ temporal: { adress: 'x:1' } }));
    const withFile = { PRIVACYLOKET_CONFIG: file };
    expect(invalid(withFile, cwd)).toContain(`${file}: temporal.adress is not a setting Privacyloket knows`);
    writeFileSync(file, '{ "dataDir": ');
    expect(invalid(withFile, cwd)).toMatch(/is not valid JSON/);
    expect(invalid({ PRIVACYLOKET_CONFIG: join(cwd, 'nope.json') })).toContain(
      'nope.json, which does not exist',
    );
  });

  it("reads TLS settings by Temporal's own names, checks their files, and names the old ones", () => {
    const cwd = tempDir();
    const [cert, key] = ['client.pem', 'client.key'].map((name) => join(cwd, name)) as [string, string];
    writeFileSync(cert, 'certificate');
    writeFileSync(key, 'key');
    chmodSync(key, 0o600);
    expect(invalid({ TEMPORAL_TLS_CLIENT_CERT_PATH: cert })).toContain(
      'TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH must be set together',
    );
    expect(invalid({ TEMPORAL_TLS_SERVER_CA_CERT_PATH: join(cwd, 'missing.pem') })).toContain(
      'TEMPORAL_TLS_SERVER_CA_CERT_PATH names a file that does not exist',
    );
    expect(invalid({ TEMPORAL_TLS_CERT: cert })).toContain(
      'TEMPORAL_TLS_CERT is now called TEMPORAL_TLS_CLIENT_CERT_PATH',
    );
    const config = loadConfig(
      testEnv({
        TEMPORAL_ADDRESS: 'zorg.tmprl.cloud:7233',
        TEMPORAL_TLS_CLIENT_CERT_PATH: cert,
        TEMPORAL_TLS_CLIENT_KEY_PATH: key,
        TEMPORAL_TLS_SERVER_NAME: 'zorg.tmprl.cloud',
      }),
      cwd,
    );
    expect(config.temporal.tls).toEqual({
      certPath: cert,
      keyPath: key,
      caPath: undefined,
      serverName: 'zorg.tmprl.cloud',
    });
    expect(loadConfig(testEnv({ TEMPORAL_TLS: 'true' }), cwd).temporal.tls).toEqual({});
    expect(loadConfig(testEnv({ TEMPORAL_TLS: 'false' }), cwd).temporal.tls).toBeUndefined();
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig(testEnv({ TEMPORAL_ADDRESS: '' }), tempDir()).temporal.address).toBeUndefined();
  });
});

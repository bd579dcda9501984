import { randomBytes } from 'node:crypto';
import { chmodSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { createCodec, loadCodecKey } from '../../services/codec';
import { tempDir } from '../helpers/env';

const payload = defaultPayloadConverter.toPayload({ name: 'Jolanda Verbeek-Tamminga' });

describe('payload codec', () => {
  it('seals payloads so the name is gone, and opens them again', async () => {
    const codec = createCodec(randomBytes(32));
    const [sealed] = await codec.encode([payload]);
    expect(Buffer.from(sealed!.data!).toString('latin1')).not.toContain('Verbeek');
    expect(Buffer.from(sealed!.metadata!.encoding!).toString()).toBe('binary/encrypted');
    const [opened] = await codec.decode([sealed!]);
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual({ name: 'Jolanda Verbeek-Tamminga' });
  });

  it('uses a fresh nonce each time', async () => {
    const codec = createCodec(randomBytes(32));
    const [a, b] = await codec.encode([payload, payload]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
  });

  it('refuses a payload sealed with another key, naming the fix', async () => {
    const [sealed] = await createCodec(randomBytes(32)).encode([payload]);
    await expect(createCodec(randomBytes(32)).decode([sealed!])).rejects.toThrow(
      /same PRIVACYLOKET_CODEC_KEY/,
    );
  });

  it('detects tampering', async () => {
    const key = randomBytes(32);
    const [sealed] = await createCodec(key).encode([payload]);
    const data = Buffer.from(sealed!.data!);
    data[20] = data[20]! ^ 1;
    await expect(createCodec(key).decode([{ ...sealed!, data }])).rejects.toThrow(/authenticate/);
  });

  it('generates the key file once, with mode 0600, and refuses one others can read', () => {
    const keyFile = join(tempDir(), 'var', 'codec.key');
    const key = loadCodecKey({ key: undefined, keyFile });
    expect(key).toHaveLength(32);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(loadCodecKey({ key: undefined, keyFile }).equals(key)).toBe(true);
    chmodSync(keyFile, 0o644);
    expect(() => loadCodecKey({ key: undefined, keyFile })).toThrow(/chmod 600/);
  });

  it('prefers the configured key and checks a stored key is 32 bytes', () => {
    const configured = randomBytes(32);
    expect(loadCodecKey({ key: configured, keyFile: '/nonexistent/codec.key' })).toBe(configured);
    const keyFile = join(tempDir(), 'codec.key');
    writeFileSync(keyFile, 'dG9vIHNob3J0\n', { mode: 0o600 });
    expect(() => loadCodecKey({ key: undefined, keyFile })).toThrow(/32-byte/);
  });
});

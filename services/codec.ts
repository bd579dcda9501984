/**
 * Personal data never reaches Temporal in the clear (SPEC "Non-negotiables"): every payload between our
 * processes and the Temporal server is sealed with AES-256-GCM. Client and worker use the same data converter.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import type { Db } from '../db';
import { METADATA_ENCODING_KEY } from '@temporalio/common';
import proto from '@temporalio/proto';
import { PrivacyloketError } from '../lib/errors';
import type { Config } from './config';

const ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const { Payload: PayloadProto } = proto.temporal.api.common.v1;

export const failureConverterPath = join(import.meta.dirname, 'failure-converter.cjs');

/** Identifies a key without revealing it, so a mismatch between processes gives a clear error. */
export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

export function createCodec(key: Buffer): PayloadCodec {
  const id = keyId(key);
  const idBytes = Buffer.from(id);
  return {
    // eslint-disable-next-line @typescript-eslint/require-await -- the interface is asynchronous; the work is not
    async encode(payloads: Payload[]): Promise<Payload[]> {
      return payloads.map((payload) => {
        const iv = randomBytes(IV_BYTES);
        const cipher = createCipheriv('aes-256-gcm', key, iv);
        const plain = PayloadProto.encode(payload).finish();
        const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
        return {
          metadata: { [METADATA_ENCODING_KEY]: Buffer.from(ENCODING), [KEY_ID]: idBytes },
          data: sealed,
        };
      });
    },
    // eslint-disable-next-line @typescript-eslint/require-await -- as above
    async decode(payloads: Payload[]): Promise<Payload[]> {
      return payloads.map((payload) => {
        if (Buffer.from(payload.metadata?.[METADATA_ENCODING_KEY] ?? []).toString() !== ENCODING)
          return payload;
        const sealedWith = Buffer.from(payload.metadata?.[KEY_ID] ?? []).toString();
        if (sealedWith !== id) {
          throw new PrivacyloketError(
            'invalid-config',
            `A payload was encrypted with codec key ${sealedWith}, but this process has key ${id}: give every worker and client the same PRIVACYLOKET_CODEC_KEY.`,
          );
        }
        const data = Buffer.from(payload.data ?? []);
        const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
        decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
        const plain = Buffer.concat([
          decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
          decipher.final(),
        ]);
        return PayloadProto.decode(plain);
      });
    },
  };
}

/**
 * The configured key, else the key file under `var/`, created (mode 0600) on first use. A key file others can
 * read is refused rather than silently used.
 */
export function loadCodecKey({ key, keyFile }: Config['codec']): Buffer {
  if (key) return key;
  try {
    mkdirSync(dirname(keyFile), { recursive: true, mode: 0o700 });
    writeFileSync(keyFile, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const mode = statSync(keyFile).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new PrivacyloketError(
      'invalid-config',
      `${keyFile} can be read by others (mode ${mode.toString(8)}): run chmod 600 ${keyFile}.`,
    );
  }
  const stored = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64');
  if (stored.length !== 32) {
    throw new PrivacyloketError('invalid-config', `${keyFile} does not hold a 32-byte base64 key.`);
  }
  return stored;
}

/** Where the key comes from, as the person who set it up calls it. */
export function codecKeySource({ key, keyFile }: Config['codec']): string {
  return key ? 'PRIVACYLOKET_CODEC_KEY' : keyFile;
}

/**
 * The key belongs to the database: the first process to use the database records the key's id, and every
 * later worker or command refuses to run with another key instead of encrypting new cases with it (which the
 * running cases, sealed with the first key, could then not be read beside).
 */
export async function checkCodecKey(db: Db, codec: Config['codec']): Promise<Buffer> {
  const key = loadCodecKey(codec);
  const id = keyId(key);
  await db('settings').insert({ name: 'codec-key-id', value: id }).onConflict('name').ignore();
  const { value } = (await db<{ name: string; value: string }>('settings')
    .where({ name: 'codec-key-id' })
    .first('value'))!;
  if (value !== id) {
    throw new PrivacyloketError(
      'invalid-config',
      `${codecKeySource(codec)} holds codec key ${id}, but the cases in this database are encrypted with key ${value}: put back the key that belongs to this database (the file, or PRIVACYLOKET_CODEC_KEY); Privacyloket does not run with another one.`,
    );
  }
  return key;
}

/** The data converter of every client and worker: encrypted payloads and encrypted failure messages. */
export function dataConverter(key: Buffer): DataConverter {
  return { payloadCodecs: [createCodec(key)], failureConverterPath };
}

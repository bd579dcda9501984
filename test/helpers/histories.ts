/** Where the recorded workflow histories live, and the codec key they were recorded with (test-only). */
import { join } from 'node:path';
import proto from '@temporalio/proto';

const { History } = proto.temporal.api.history.v1;

export const HISTORIES_DIR = join(import.meta.dirname, '..', 'workflows', 'histories');
/** Not a secret: it only decrypts the test histories in that directory. */
export const HISTORY_CODEC_KEY = Buffer.alloc(32, 7).toString('base64');

/** A history as JSON (bytes as base64, 64-bit numbers as strings), and back. */
export function historyJson(history: proto.temporal.api.history.v1.IHistory): string {
  return JSON.stringify(History.toObject(History.fromObject(history), { longs: String, bytes: String }));
}

export function historyFromJson(json: string): proto.temporal.api.history.v1.History {
  return History.fromObject(JSON.parse(json) as Record<string, unknown>);
}

/**
 * The codec endpoint for Temporal's Web UI (`temporal server start-dev --ui-codec-endpoint`): the UI sends the
 * encrypted payloads it shows, and a logged-in Beheerder gets them decrypted, nobody else. The UI runs on its own
 * origin, so the endpoint answers its CORS preflight, and only that origin's; the browser sends the desk's session
 * cookie once the UI's data encoder setting "Include cross-origin credentials" is on (localhost is one site).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Payload } from '@temporalio/common';
import type { AccessEntry } from '../services/access-log';
import { createCodec } from '../services/codec';

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

const toPayload = ({ metadata = {}, data = '' }: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(data, 'base64'),
});
const toJson = ({ metadata, data }: Payload): JsonPayload => ({
  metadata: Object.fromEntries(
    Object.entries(metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')]),
  ),
  data: Buffer.from(data ?? []).toString('base64'),
});

export function deskCodec(
  app: FastifyInstance,
  {
    key,
    uiOrigin,
    log,
  }: {
    key: Buffer;
    uiOrigin: string | undefined;
    log: (request: FastifyRequest, entry: Omit<AccessEntry, 'at' | 'user' | 'ip'>) => Promise<void>;
  },
): void {
  const codec = createCodec(key);
  const cors = (request: FastifyRequest, reply: FastifyReply) => {
    if (!uiOrigin || request.headers.origin !== uiOrigin) return;
    reply
      .header('access-control-allow-origin', uiOrigin)
      .header('access-control-allow-credentials', 'true')
      .header('access-control-allow-methods', 'POST, OPTIONS')
      .header('access-control-allow-headers', 'content-type, x-namespace')
      .header('vary', 'origin');
  };
  app.options('/codec/decode', (request, reply) => {
    cors(request, reply);
    return reply.code(204).send();
  });
  app.post('/codec/decode', async (request, reply) => {
    cors(request, reply);
    const origin = request.headers.origin;
    // A browser says where the request comes from: only the desk itself and the Web UI may ask.
    if (origin !== undefined && origin !== uiOrigin && origin !== `http://${request.headers.host}`)
      return reply.code(403).send({ message: 'origin not allowed' });
    const user = request.session?.user;
    if (!user) return reply.code(401).send({ message: 'log in to the desk as a Beheerder first' });
    if (user.role !== 'beheerder') {
      await log(request, { action: 'denied', what: 'codec decode', outcome: 'denied' });
      return reply.code(403).send({ message: 'only a Beheerder may decode payloads' });
    }
    const { payloads } = (request.body ?? {}) as { payloads?: JsonPayload[] };
    if (!Array.isArray(payloads)) return reply.code(400).send({ message: 'payloads must be a list' });
    await log(request, {
      action: 'view',
      what: `codec decode (${payloads.length} payloads, namespace ${String(request.headers['x-namespace'] ?? '')})`,
    });
    return { payloads: (await codec.decode(payloads.map(toPayload))).map(toJson) };
  });
}

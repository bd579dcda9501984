/**
 * One way to reach Temporal, shared by the worker, the CLI and the tests: the configured address (or the
 * embedded dev server), namespace, TLS or API key, and the encrypting data converter.
 */
import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import type { NativeConnectionOptions } from '@temporalio/worker';
import { PrivacyloketError } from '../lib/errors';
import { dataConverter, loadCodecKey } from './codec';
import type { Config } from './config';

/** host:port of the server this configuration talks to. */
export function temporalAddress(config: Config): string {
  return config.temporal.address ?? `127.0.0.1:${config.temporal.devServer.port}`;
}

/** Connection options for both the client's Connection and the worker's NativeConnection. */
export function connectionOptions(
  config: Config,
): Pick<NativeConnectionOptions, 'address' | 'apiKey' | 'tls'> {
  const { tls, apiKey } = config.temporal;
  const read = (path: string | undefined) => (path === undefined ? undefined : readFileSync(path));
  return {
    address: temporalAddress(config),
    apiKey,
    tls:
      tls === undefined
        ? apiKey !== undefined // Temporal Cloud's API keys always travel over TLS
        : {
            serverNameOverride: tls.serverName,
            serverRootCACertificate: read(tls.caPath),
            clientCertPair:
              tls.certPath && tls.keyPath ? { crt: read(tls.certPath)!, key: read(tls.keyPath)! } : undefined,
          },
  };
}

/**
 * A client that waits up to `patienceMs` (PRIVACYLOKET_TEMPORAL_WAIT) for the server: under load (many commands at once on two cores) the
 * server can take seconds to answer, and a command should succeed rather than give up early.
 */
export async function connectClient(config: Config, patienceMs = config.temporal.waitMs): Promise<Client> {
  let connection: Connection;
  try {
    connection = await Connection.connect({ ...connectionOptions(config), connectTimeout: patienceMs });
  } catch (error) {
    throw new PrivacyloketError(
      'unavailable',
      `Temporal does not answer at ${temporalAddress(config)} within ${patienceMs / 1000} seconds (${(error as Error).message}): is \`npm start\` running, or is TEMPORAL_ADDRESS right?`,
    );
  }
  return new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: dataConverter(loadCodecKey(config.codec)),
  });
}

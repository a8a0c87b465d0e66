// Which way the CLI reaches the cases: through the HTTP API (`--api URL --token T`, or
// ARENDE_API_URL / ARENDE_API_TOKEN), or straight to Temporal (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
// ARENDE_TASK_QUEUE …, see config/environment.ts). Both give a CaseGateway, the one code path the
// API and the CLI share.
import { existsSync } from 'node:fs';
import os from 'node:os';
import type { Command } from 'commander';
import { Client, Connection, ServiceError, isGrpcServiceError } from '@temporalio/client';
import { ReadModelEnvironment, RoutingEnvironment, TemporalEnvironment, readEnvironment, readModelStore, routingOptions } from '../../config/environment';
import { openReadModel, type ReadModel, type ReadModelStore } from '../../readmodel/open';
import { loadParties } from '../../config/load-parties';
import type { CaseGateway } from '../api/gateway';
import { TemporalCaseGateway } from '../api/temporal-gateway';
import { connectionOptions, temporalTarget, type TemporalTarget } from '../../config/temporal-connection';
import { HttpCaseGateway } from './http-gateway';
import { ServerUnreachable, UsageError } from './errors';
import { debugLog } from './debug-log';

export interface ConnectionOptions {
  api?: string;
  token?: string;
}

export interface OpenGateway {
  gateway: CaseGateway;
  /** Where it goes: the Temporal address (host:port), or the API's URL. */
  address: string;
  mode: 'api' | 'temporal';
  /** Who the CLI reports events as when it talks to Temporal directly (the API uses its token's name). */
  actor: string;
  close(): Promise<void>;
}

const CONNECT_TIMEOUT_SECONDS = 10;

function temporalUnreachable(address: string, why: string): string {
  return (
    `Temporal på ${address} svarar inte (${why}). Starta systemet med \`npm start\`, ange rätt adress med TEMPORAL_ADDRESS ` +
    `(npm start skriver ut den), eller gå via HTTP-API:t med --api URL --token T.`
  );
}

/** gRPC UNAVAILABLE: the server went away after the connection was made. */
function isUnavailable(err: unknown): boolean {
  const cause = err instanceof ServiceError ? err.cause : err;
  return isGrpcServiceError(cause) && cause.code === 14;
}

/** Adds `--api` and `--token` to a command that reads or changes cases. */
export function addConnectionOptions(command: Command): Command {
  return command
    .option('--api <URL>', 'gå via HTTP-API:t på URL (annars direkt till Temporal); standard: $ARENDE_API_URL')
    .option('--token <API-nyckel>', 'API-nyckel för --api; standard: $ARENDE_API_TOKEN');
}

function apiUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--api: "${value}" är ingen webbadress, t.ex. http://127.0.0.1:8080`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--api: "${value}" ska börja med http:// eller https://`);
  return value;
}

export async function openGateway(options: ConnectionOptions, env: NodeJS.ProcessEnv = process.env): Promise<OpenGateway> {
  const api = options.api ?? (env.ARENDE_API_URL?.trim() || undefined);
  const token = options.token ?? (env.ARENDE_API_TOKEN?.trim() || undefined);
  if (api !== undefined) {
    if (!token) throw new UsageError('--token: saknas; --api kräver en API-nyckel (--token eller $ARENDE_API_TOKEN)');
    debugLog().debug({ api: apiUrl(api).replace(/\/\/[^/@]*@/, '//') }, 'reaching the cases through the HTTP API');
    return { gateway: new HttpCaseGateway(apiUrl(api), token), address: api, mode: 'api', actor: 'api', close: async () => undefined };
  }
  if (options.token !== undefined) throw new UsageError('--token: gäller bara tillsammans med --api (eller $ARENDE_API_URL)');
  let target;
  let routing;
  let store: ReadModelStore;
  try {
    const read = readEnvironment(TemporalEnvironment.extend(RoutingEnvironment.shape).extend(ReadModelEnvironment.shape), env);
    target = temporalTarget(read);
    routing = routingOptions(read);
    store = readModelStore(read);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const registry = loadParties();
  debugLog().debug({ address: target.address, namespace: target.namespace, taskQueue: target.taskQueue, tls: target.tls }, 'reaching the cases through Temporal');
  let connection: Connection;
  try {
    connection = await Connection.connect({ ...connectionOptions(target), connectTimeout: `${CONNECT_TIMEOUT_SECONDS} seconds` });
  } catch (err) {
    throw new ServerUnreachable(temporalUnreachable(target.address, `ingen anslutning inom ${CONNECT_TIMEOUT_SECONDS} sekunder`), { cause: err });
  }
  const client = new Client({ connection, namespace: target.namespace });
  // The read model (the lists) is opened only by a command that reads it.
  let readModel: Promise<ReadModel> | undefined;
  const openLists = () => (readModel ??= openCliReadModel(store));
  return {
    address: target.address,
    gateway: new TemporalCaseGateway(client, registry, target.taskQueue, openLists, Date.now, routing),
    mode: 'temporal',
    actor: env.ARENDE_ACTOR?.trim() || `cli:${safeUserName()}`,
    close: async () => {
      await connection.close();
      await readModel?.then((db) => db.destroy(), () => undefined);
    },
  };
}

/** The embedded store must already exist: a fresh, empty one would list no cases at all. */
async function openCliReadModel(store: ReadModelStore): Promise<ReadModel> {
  if (store.kind === 'embedded' && store.file !== ':memory:' && !existsSync(store.file)) {
    throw new UsageError(
      `läsmodellen (listorna) finns inte i ${store.file}: starta systemet med \`npm start\` (den skapas där), ange filen med ARENDE_READ_MODEL_FILE ` +
        'eller PostgreSQL med ARENDE_READ_MODEL_URL, eller gå via HTTP-API:t med --api URL --token T.',
    );
  }
  return openReadModel(store);
}

export interface TemporalConnection {
  connection: Connection;
  client: Client;
  target: TemporalTarget;
}

/**
 * Runs `work` with a client straight to Temporal from the environment (TEMPORAL_ADDRESS …), never
 * through the API: operator commands such as `arende reindex`. Always closes the connection.
 */
export async function withTemporal<T>(work: (temporal: TemporalConnection) => Promise<T>, env: NodeJS.ProcessEnv = process.env): Promise<T> {
  let target: TemporalTarget;
  try {
    target = temporalTarget(readEnvironment(TemporalEnvironment, env));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  // Without --api to suggest: only the start and the address.
  const unreachable = (why: string) => `Temporal på ${target.address} svarar inte (${why}). Starta systemet med \`npm start\` eller ange rätt adress med TEMPORAL_ADDRESS (npm start skriver ut den).`;
  let connection: Connection;
  try {
    connection = await Connection.connect({ ...connectionOptions(target), connectTimeout: `${CONNECT_TIMEOUT_SECONDS} seconds` });
  } catch (err) {
    throw new ServerUnreachable(unreachable(`ingen anslutning inom ${CONNECT_TIMEOUT_SECONDS} sekunder`), { cause: err });
  }
  try {
    return await work({ connection, client: new Client({ connection, namespace: target.namespace }), target });
  } catch (err) {
    if (isUnavailable(err)) throw new ServerUnreachable(unreachable('anslutningen bröts'), { cause: err });
    throw err;
  } finally {
    await connection.close();
  }
}

function safeUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'okänd';
  }
}

/** Opens the gateway, runs `work`, and always closes the connection (an open one keeps the process alive). */
export async function withGateway<T>(options: ConnectionOptions, work: (open: OpenGateway) => Promise<T>): Promise<T> {
  const open = await openGateway(options);
  try {
    return await work(open);
  } catch (err) {
    if (open.mode === 'temporal' && isUnavailable(err)) throw new ServerUnreachable(temporalUnreachable(open.address, 'anslutningen bröts'), { cause: err });
    throw err;
  } finally {
    await open.close();
  }
}

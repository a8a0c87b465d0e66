// The cluster profile's generated configuration (`npm run start:cluster`, ./supervisor.ts): the
// Temporal server's static config and dynamic config, and HAProxy's config for the one address in
// front of the HTTP servers. Pure: the supervisor writes what these return into data/cluster/ at
// every start (the ports may differ from the last start; the data stays).
import { stringify } from 'yaml';

/** Every port the cluster binds, all on 127.0.0.1. */
export interface ClusterPorts {
  /** The one address of the dashboard and the API (HAProxy): ARENDE_HTTP_PORT. */
  public: number;
  /** Temporal's frontend (gRPC), what workers, the CLI and the HTTP servers dial: ARENDE_TEMPORAL_PORT. */
  frontend: number;
  frontendHttp: number;
  /**
   * The ports of Temporal's services: gRPC and membership (ringpop) each. The membership ports
   * must be below 32768: the server records them in cluster_membership.rpc_port, a smallint.
   */
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  internalWorker: number;
  internalWorkerMembership: number;
  temporalMetrics: number;
  postgres: number;
  smtp: number;
  /** One per HTTP server, and each its metrics port. */
  http: number[];
  httpMetrics: number[];
  /** One metrics port per worker. */
  workerMetrics: number[];
  /** HAProxy's own statistics page (which server is up). */
  haproxyStats: number;
}

export interface DatabaseLogin {
  port: number;
  user: string;
  password: string;
}

/** Temporal's history shards: fixed when the cluster is first created (Temporal cannot change it later). */
export const HISTORY_SHARDS = 8;

export const TEMPORAL_DATABASE = 'temporal';
export const VISIBILITY_DATABASE = 'temporal_visibility';
export const READ_MODEL_DATABASE = 'arende_readmodel';

const MEMBERSHIP_LIMIT = 32767;

/** The membership ports as Temporal records them (smallint); a larger one makes the server exit at once. */
export function checkMembershipPorts(ports: ClusterPorts): void {
  for (const [name, port] of Object.entries(ports)) {
    if (name.endsWith('Membership') && (port as number) > MEMBERSHIP_LIMIT) {
      throw new Error(`${name} ${port as number}: Temporal's membership ports must be at most ${MEMBERSHIP_LIMIT}`);
    }
  }
}

/** The server's static config (the module's config/development-postgres12.yaml, made ours). */
export function temporalServerConfig(ports: ClusterPorts, db: DatabaseLogin, dynamicConfigFile: string): string {
  checkMembershipPorts(ports);
  const sql = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `127.0.0.1:${db.port}`,
      connectProtocol: 'tcp',
      user: db.user,
      password: db.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const service = (grpcPort: number, membershipPort: number, extra: Record<string, unknown> = {}) => ({
    rpc: { grpcPort, membershipPort, bindOnIP: '127.0.0.1', ...extra },
  });
  return stringify({
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: HISTORY_SHARDS,
      datastores: { 'postgres-default': sql(TEMPORAL_DATABASE, 20), 'postgres-visibility': sql(VISIBILITY_DATABASE, 10) },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' },
      metrics: { prometheus: { framework: 'tally', timerType: 'histogram', listenAddress: `127.0.0.1:${ports.temporalMetrics}` } },
    },
    services: {
      frontend: service(ports.frontend, ports.frontendMembership, { httpPort: ports.frontendHttp }),
      history: service(ports.history, ports.historyMembership),
      matching: service(ports.matching, ports.matchingMembership),
      worker: service(ports.internalWorker, ports.internalWorkerMembership),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: { active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: `127.0.0.1:${ports.frontend}` } },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    dynamicConfigClient: { filepath: dynamicConfigFile, pollInterval: '10s' },
  });
}

/** Dynamic config: what differs from the server's defaults, and why. */
export function temporalDynamicConfig(): string {
  const value = (v: unknown) => [{ value: v, constraints: {} }];
  return stringify({
    // Workflow ids are `track-RS/62/2026-<party>`: well within, but the default is 1000 anyway.
    'limit.maxIDLength': value(255),
    // The namespace setup registers search attributes and the HTTP servers query them at once:
    // without this a fresh cluster refuses the new attributes for up to a minute.
    'system.forceSearchAttributesCacheRefreshOnRead': value(true),
  });
}

/** HAProxy in front of the HTTP servers: round robin, each checked on /readyz every second. */
export function haproxyConfig(ports: ClusterPorts): string {
  const servers = ports.http.map((port, i) => `  server http-${i + 1} 127.0.0.1:${port} check inter 1s fall 2 rise 2`);
  return [
    '# Generated by `npm run start:cluster` (scripts/cluster/config.ts) at every start.',
    'global',
    '  maxconn 2000',
    '',
    'defaults',
    '  mode http',
    '  option httplog',
    '  option forwardfor',
    '  timeout connect 2s',
    '  timeout client 120s',
    '  timeout server 120s',
    // A request whose connection failed is sent to the other server (nothing reached the first);
    // one that reached a server that then died is not resent here: the client sends it again, and
    // the API records a repeated change once (its update id).
    '  retries 3',
    '  option redispatch',
    '  retry-on conn-failure',
    '',
    'frontend arende',
    `  bind 127.0.0.1:${ports.public}`,
    '  default_backend http-servers',
    '',
    'backend http-servers',
    '  balance roundrobin',
    '  option httpchk GET /readyz',
    '  http-check expect status 200',
    ...servers,
    '',
    'frontend stats',
    `  bind 127.0.0.1:${ports.haproxyStats}`,
    '  stats enable',
    '  stats uri /',
    '  stats refresh 5s',
    '',
  ].join('\n');
}

// The cluster profile's generated configuration (scripts/cluster/config.ts).
import { parse } from 'yaml';
import { checkMembershipPorts, haproxyConfig, temporalDynamicConfig, temporalServerConfig, type ClusterPorts } from '../../../scripts/cluster/config';

const ports: ClusterPorts = {
  public: 8080, frontend: 7233, frontendHttp: 21001, frontendMembership: 21002, history: 21003, historyMembership: 21004,
  matching: 21005, matchingMembership: 21006, internalWorker: 21007, internalWorkerMembership: 21008, temporalMetrics: 21009,
  postgres: 21010, smtp: 2525, http: [21011, 21012], httpMetrics: [21013, 21014], workerMetrics: [21015, 21016, 21017], haproxyStats: 21018,
};
const db = { port: 21010, user: 'arende', password: 'a-password-of-some-length' };

describe('the Temporal server config', () => {
  const config = parse(temporalServerConfig(ports, db, '/data/dyn.yaml'));

  test('persistence and visibility on the PostgreSQL, with the login', () => {
    const stores = config.persistence.datastores;
    expect(config.persistence.defaultStore).toBe('postgres-default');
    expect(config.persistence.visibilityStore).toBe('postgres-visibility');
    expect(stores['postgres-default'].sql).toMatchObject({ pluginName: 'postgres12', databaseName: 'temporal', connectAddr: '127.0.0.1:21010', user: 'arende', password: db.password });
    expect(stores['postgres-visibility'].sql).toMatchObject({ pluginName: 'postgres12', databaseName: 'temporal_visibility', connectAddr: '127.0.0.1:21010' });
  });

  test('every service on loopback with its ports; the cluster address is the frontend', () => {
    expect(config.services.frontend.rpc).toEqual({ grpcPort: 7233, membershipPort: 21002, bindOnIP: '127.0.0.1', httpPort: 21001 });
    for (const [name, grpc, membership] of [['history', 21003, 21004], ['matching', 21005, 21006], ['worker', 21007, 21008]] as const) {
      expect(config.services[name].rpc).toEqual({ grpcPort: grpc, membershipPort: membership, bindOnIP: '127.0.0.1' });
    }
    expect(config.clusterMetadata.clusterInformation.active.rpcAddress).toBe('127.0.0.1:7233');
    expect(config.global.metrics.prometheus.listenAddress).toBe('127.0.0.1:21009');
    expect(config.dynamicConfigClient.filepath).toBe('/data/dyn.yaml');
  });

  test('a membership port above 32767 is refused before the server would exit on it', () => {
    expect(() => checkMembershipPorts({ ...ports, historyMembership: 40525 })).toThrow('historyMembership 40525: Temporal\'s membership ports must be at most 32767');
    expect(() => temporalServerConfig({ ...ports, matchingMembership: 32768 }, db, 'x')).toThrow(/matchingMembership/);
    // Other ports may be anything.
    expect(() => checkMembershipPorts({ ...ports, history: 40525 })).not.toThrow();
  });
});

test('the dynamic config refreshes search attributes on read', () => {
  const dynamic = parse(temporalDynamicConfig());
  expect(dynamic['system.forceSearchAttributesCacheRefreshOnRead']).toEqual([{ value: true, constraints: {} }]);
});

test('HAProxy: one public address on loopback, every HTTP server checked on /readyz', () => {
  const cfg = haproxyConfig(ports);
  expect(cfg).toContain('bind 127.0.0.1:8080');
  expect(cfg).toContain('option httpchk GET /readyz');
  expect(cfg).toMatch(/server http-1 127\.0\.0\.1:21011 check/);
  expect(cfg).toMatch(/server http-2 127\.0\.0\.1:21012 check/);
  expect(cfg.match(/^\s*server /gm)).toHaveLength(2);
  expect(cfg).toContain('retry-on conn-failure');
  expect(cfg).not.toMatch(/bind (0\.0\.0\.0|\*|:)/);
});

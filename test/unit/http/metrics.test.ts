// The HTTP server's metrics (client/http/metrics.ts) and the metrics address (config/environment.ts):
// labels from route patterns only, status classes, the listener's address rule, and /metrics served
// in Prometheus' text format by its own listener with the request histogram filled from a fastify app.
import Fastify from 'fastify';
import { MetricsEnvironment, readEnvironment, splitListenAddress } from '../../../config/environment';
import { createHttpMetrics, listenMetrics, routeLabel, statusClass } from '../../../client/http/metrics';
import { stoppingReadiness } from '../../../client/http/probes';
import { parsePrometheus, valueOf } from '../../helpers/prometheus';
import type { ReadModel } from '../../../readmodel/open';

describe('labels', () => {
  it('names a route by its pattern, an unknown one as unmatched', () => {
    expect(routeLabel('/api/v1/cases/:dnr', false)).toBe('/api/v1/cases/:dnr');
    expect(routeLabel(undefined, true)).toBe('unmatched');
    expect(routeLabel('/*', true)).toBe('unmatched');
  });
  it('groups statuses by class', () => {
    expect([200, 204, 303, 404, 503].map(statusClass)).toEqual(['2xx', '2xx', '3xx', '4xx', '5xx']);
  });
});

describe('ARENDE_METRICS_ADDRESS', () => {
  const read = (value: string | undefined) => readEnvironment(MetricsEnvironment, value === undefined ? {} : { ARENDE_METRICS_ADDRESS: value });
  it('is host:port, or unset (or empty) for no endpoint', () => {
    expect(read(undefined).ARENDE_METRICS_ADDRESS).toBeUndefined();
    expect(read('  ').ARENDE_METRICS_ADDRESS).toBeUndefined();
    expect(read('0.0.0.0:9464').ARENDE_METRICS_ADDRESS).toBe('0.0.0.0:9464');
    expect(read('[::]:9464').ARENDE_METRICS_ADDRESS).toBe('[::]:9464');
  });
  it('names the variable and the rule when it is not', () => {
    expect(() => read('9464')).toThrow(/ARENDE_METRICS_ADDRESS="9464": must be host:port/);
    expect(() => read('127.0.0.1:0')).toThrow(/ARENDE_METRICS_ADDRESS="127.0.0.1:0": must be host:port with a port between 1 and 65535/);
    expect(() => read('127.0.0.1:70000')).toThrow(/between 1 and 65535/);
  });
  it('splits for listen(), IPv6 without brackets', () => {
    expect(splitListenAddress('127.0.0.1:9464')).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(splitListenAddress('[::1]:9464')).toEqual({ host: '::1', port: 9464 });
  });
});

describe('stoppingReadiness', () => {
  it('is not ready, whatever Temporal and the workers say', () => {
    const body = stoppingReadiness({ ready: true, temporal: 'ok', worker: 'polling', pollers: 1, message: 'redo' });
    expect(body).toMatchObject({ ready: false, temporal: 'ok', worker: 'polling' });
    expect(body.message).toMatch(/^stänger/);
  });
});

test('/metrics on its own listener: the request histogram by route pattern, and Node\'s process metrics', async () => {
  const metrics = createHttpMetrics(undefined);
  const app = Fastify();
  metrics.instrument(app);
  app.get('/api/v1/cases/:dnr', async () => ({ ok: true }));
  const server = await listenMetrics(metrics.registry, '127.0.0.1', 0);
  try {
    await app.inject({ method: 'GET', url: '/api/v1/cases/RS%2F1%2F2026' });
    await app.inject({ method: 'GET', url: '/api/v1/cases/RS%2F2%2F2026' });
    await app.inject({ method: 'GET', url: '/nowhere/token-abc' });
    const { port } = server.address() as { port: number };
    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const samples = parsePrometheus(await response.text());
    expect(valueOf(samples, 'arende_http_request_duration_seconds_count', { route: '/api/v1/cases/:dnr', method: 'GET', status_class: '2xx' })).toBe(2);
    expect(valueOf(samples, 'arende_http_request_duration_seconds_count', { route: 'unmatched', status_class: '4xx' })).toBe(1);
    expect(samples.some((s) => Object.values(s.labels).some((v) => /RS|token/.test(v)))).toBe(false);
    expect(valueOf(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(404);
  } finally {
    await app.close();
    await new Promise((done) => server.close(done));
  }
});

test('a read model that does not answer: its series absent or NaN in that scrape, never 0, and the scrape error counted', async () => {
  const down = {
    selectFrom: () => {
      throw new Error('connection refused');
    },
  } as unknown as ReadModel;
  const metrics = createHttpMetrics(down);
  const samples = parsePrometheus(await metrics.registry.metrics());
  expect(valueOf(samples, 'arende_cases')).toBeUndefined();
  expect(valueOf(samples, 'arende_deliveries')).toBeUndefined();
  for (const name of ['arende_tracks_overdue', 'arende_deliveries_retrying', 'arende_readmodel_projection_lag_seconds', 'arende_readmodel_last_projection_timestamp_seconds']) {
    expect([name, valueOf(samples, name)]).toEqual([name, Number.NaN]);
  }
  // Counted from the next scrape on (prom-client collects all metrics at once).
  const next = parsePrometheus(await metrics.registry.metrics());
  expect(valueOf(next, 'arende_readmodel_scrape_errors_total')).toBeGreaterThanOrEqual(6);
});

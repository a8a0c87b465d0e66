// The HTTP server's Prometheus metrics (docs/operations.md "Metrics and health"), served on their own
// listener (ARENDE_METRICS_ADDRESS), never through the public address: request latency by route
// pattern, the read model's figures computed at scrape time (readmodel/gauges.ts), and Node's
// process metrics (prom-client's defaults).
import { createServer, type Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { casesByStage, deliveriesByStatus, deliveriesRetrying, overdueTracks, projectionLag } from '../../readmodel/gauges';
import type { ReadModel } from '../../readmodel/open';

/** The label of a request's route: its pattern (`/api/v1/cases/:dnr`), never the URL (unbounded, and it may carry a report-link token). */
export function routeLabel(pattern: string | undefined, is404: boolean): string {
  return pattern && !is404 ? pattern : 'unmatched';
}

/** 2xx, 3xx, 4xx, 5xx. */
export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}

export interface HttpMetrics {
  registry: Registry;
  /** Counts and times every request the app answers. */
  instrument(app: FastifyInstance): void;
}

export function createHttpMetrics(readModel: ReadModel | undefined): HttpMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'arende_http_request_duration_seconds',
    help: 'Time from a request\'s arrival to its answer, by route pattern, method and status class',
    labelNames: ['route', 'method', 'status_class'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  // prom-client collects every metric at once, so a scrape's failures show from the next scrape on.
  const scrapeErrors = new Counter({
    name: 'arende_readmodel_scrape_errors_total',
    help: 'Read-model figures that could not be read in a scrape (the store did not answer); they show as absent or NaN',
    registers: [registry],
  });
  if (readModel) registerReadModelGauges(registry, readModel, () => scrapeErrors.inc());
  return {
    registry,
    instrument(app) {
      app.addHook('onResponse', async (request, reply) => {
        duration.observe(
          { route: routeLabel(request.routeOptions?.url, request.is404), method: request.method, status_class: statusClass(reply.statusCode) },
          reply.elapsedTime / 1000,
        );
      });
    },
  };
}

/** Gauges whose value is read from the store when Prometheus scrapes (one query each). */
function registerReadModelGauges(registry: Registry, db: ReadModel, failed: () => void): void {
  // A failed read counts, and shows in this scrape as no series (labelled gauges) or NaN (the others):
  // never as a stale or zero figure.
  const guarded = (labelled: boolean, read: (gauge: Gauge) => Promise<void>) =>
    async function (this: Gauge) {
      this.reset();
      await read(this).catch(() => {
        failed();
        this.reset();
        if (!labelled) this.set(Number.NaN);
      });
    };
  new Gauge({
    name: 'arende_cases',
    help: 'Cases in the read model, by stage',
    labelNames: ['stage'] as const,
    registers: [registry],
    collect: guarded(true, async (g) => {
      for (const [stage, n] of Object.entries(await casesByStage(db))) g.set({ stage }, n);
    }),
  });
  new Gauge({
    name: 'arende_tracks_overdue',
    help: 'Decision tracks past their senast without a decision',
    registers: [registry],
    collect: guarded(false, async (g) => g.set(await overdueTracks(db))),
  });
  new Gauge({
    name: 'arende_deliveries',
    help: 'Messages whose outcome the workflows recorded, by outcome (sent, failed, undeliverable)',
    labelNames: ['outcome'] as const,
    registers: [registry],
    collect: guarded(true, async (g) => {
      for (const [outcome, n] of Object.entries(await deliveriesByStatus(db))) g.set({ outcome }, n);
    }),
  });
  new Gauge({
    name: 'arende_deliveries_retrying',
    help: 'Messages whose latest attempt failed and that Temporal is retrying',
    registers: [registry],
    collect: guarded(false, async (g) => g.set(await deliveriesRetrying(db))),
  });
  // Both figures from one read of the lag.
  let lag: Promise<Awaited<ReturnType<typeof projectionLag>>> | undefined;
  const readLag = () => (lag ??= projectionLag(db).finally(() => setImmediate(() => (lag = undefined))));
  new Gauge({
    name: 'arende_readmodel_projection_lag_seconds',
    help: 'Of the projections applied in the last 5 minutes, the longest time from the workflow\'s change to the store\'s commit',
    registers: [registry],
    collect: guarded(false, async (g) => g.set((await readLag()).maxLagSeconds)),
  });
  new Gauge({
    name: 'arende_readmodel_last_projection_timestamp_seconds',
    help: 'When the store last applied a workflow\'s projection (Unix time; 0 before the first)',
    registers: [registry],
    collect: guarded(false, async (g) => {
      g.set(((await readLag()).lastAppliedAtMs ?? 0) / 1000);
    }),
  });
}

/** The metrics listener: GET /metrics in Prometheus' text format, 404 for anything else. */
export async function listenMetrics(registry: Registry, host: string, port: number): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || (request.url ?? '').split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: GET /metrics\n');
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (err: unknown) => response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`metrics failed: ${err instanceof Error ? err.message : String(err)}\n`),
    );
  });
  await new Promise<void>((done, fail) => server.once('error', fail).listen(port, host, () => done()));
  return server;
}

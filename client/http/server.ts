// The HTTP server: the API under /api/v1, the web pages (client/web: overview at /, status at
// /status, mail, case pages; registered when the API is), and /healthz (liveness) and /readyz
// (readiness) for supervisors and load balancers (./probes.ts).
import { readdirSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { z } from 'zod';
import { HttpEnvironment, MetricsEnvironment, OidcEnvironment, ReadModelEnvironment, oidcSettings, type OidcSettings, RoutingEnvironment, TemporalEnvironment, readEnvironment, readModelStore, routingOptions, splitListenAddress } from '../../config/environment';
import { setTimeout as sleep } from 'node:timers/promises';
import { openReadModel, type ReadModel } from '../../readmodel/open';
import { connectionOptions, describeTarget, temporalTarget, type TemporalTarget } from '../../config/temporal-connection';
import { installAccessCheck } from './access-hook';
import { BODY_LIMIT_BYTES, MAX_PARAM_LENGTH, clientErrorHandler, frameworkErrors, installMethodNotAllowed } from './framework-errors';
import { CaseNotFound } from '../api/gateway';
import { apiPlugin, type ApiDependencies } from '../api/plugin';
import { AccessControl, parseApiTokens } from '../api/access';
import { TemporalCaseGateway } from '../api/temporal-gateway';
import { loadParties } from '../../config/load-parties';
import type { PartyRegistry } from '../../domain/parties';
import { html, type SafeHtml } from '../web/html';
import { webPlugin } from '../web/plugin';
import { sessionSecret } from '../web/session';
import { httpLoggingOptions, installRequestLogging } from './logging';
import { processLogger, type Logger } from '../../lib/logger';
import { registerProbes } from './probes';
import { createHttpMetrics, listenMetrics, type HttpMetrics } from './metrics';
import { WorkerPresence } from '../temporal/worker-presence';
import { stopDuringStartup, waitForTemporal } from '../../lib/wait-for-temporal';

export interface ServerDependencies {
  connection: Connection;
  /** Fastify's logger (client/http/logging.ts); without it nothing is logged (tests). */
  logger?: Logger;
  /** The read model (readmodel/): every list reads it. */
  readModel?: ReadModel;
  target: TemporalTarget;
  temporalUiUrl?: string;
  /** The embedded default's caught mail, when it runs. */
  mailDir?: string;
  /** The HTTP API under /api/v1; with it, the web pages too. */
  api?: ApiDependencies;
  /** Whether a worker polls the task queue (/readyz); share the gateway's, which hears of calls no worker answered. */
  workers?: WorkerPresence;
  /** Request latency is recorded into it (client/http/metrics.ts); it is served on its own listener. */
  metrics?: HttpMetrics;
  /** True once the server is stopping: /readyz answers 503. */
  stopping?: () => boolean;
  /** The web pages' settings (client/web). */
  web?: {
    /** The huvudmän (matrix columns) and names; default: config/parties. */
    registry?: PartyRegistry;
    /** ARENDE_SESSION_SECRET; default derived from the API's link secret (client/web/session.ts). */
    sessionSecret?: string;
    /** ARENDE_PUBLIC_URL. */
    publicUrl?: string;
    /** Seconds between the overview's self-refreshes (default 15). */
    refreshSeconds?: number;
    /** Personal sign-in (ARENDE_OIDC_*, config/environment.ts oidcSettings). */
    oidc?: OidcSettings;
  };
}

interface Health {
  temporal: 'ok' | string;
  workerPollers: number;
  caughtMail?: number;
}

async function health(deps: ServerDependencies): Promise<Health> {
  const result: Health = { temporal: 'ok', workerPollers: 0 };
  try {
    // Bounded: the liveness probe answers even when Temporal does not.
    const queue = await deps.connection.withDeadline(Date.now() + 2_000, async () => {
      await deps.connection.workflowService.getSystemInfo({});
      return deps.connection.workflowService.describeTaskQueue({
      namespace: deps.target.namespace,
      taskQueue: { name: deps.target.taskQueue },
      taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
      });
    });
    result.workerPollers = queue.pollers?.length ?? 0;
  } catch (err) {
    result.temporal = err instanceof Error ? err.message : String(err);
  }
  if (deps.mailDir) {
    try {
      result.caughtMail = readdirSync(deps.mailDir).filter((f) => f.endsWith('.eml')).length;
    } catch {
      result.caughtMail = 0;
    }
  }
  return result;
}

function statusBody(deps: ServerDependencies, h: Health): SafeHtml {
  const row = (label: string, value: SafeHtml | string) => html`<tr><th scope="row">${label}</th><td>${value}</td></tr>`;
  const ui = deps.temporalUiUrl
    ? html`<a href="${`${deps.temporalUiUrl}/namespaces/${deps.target.namespace}/workflows`}">${deps.temporalUiUrl}</a>`
    : 'inte konfigurerad';
  return html`<h1>Status</h1>
<p>Systemet körs.</p>
<table>
${row('Temporal', html`${deps.target.address} (namnrymd ${deps.target.namespace}): ${h.temporal === 'ok' ? 'ansluten' : `fel: ${h.temporal}`}`)}
${row('Worker', h.workerPollers > 0 ? `${h.workerPollers} pollare på kön ${deps.target.taskQueue}` : 'ingen worker ansluten')}
${row('Temporal Web UI', ui)}
${h.caughtMail === undefined ? '' : row('Fångad e-post', html`<a href="/mail">${h.caughtMail} meddelanden</a>`)}
</table>`;
}

export async function buildServer(deps: ServerDependencies): Promise<FastifyInstance> {
  // Logs never include request headers, bodies or report-link tokens (client/http/logging.ts).
  // Fastify's and Node's own refusals (413, 414, 415, 431, bad URLs) answer in the API's problem
  // format (framework-errors.ts); report-link tokens in URLs are ~130 characters (MAX_PARAM_LENGTH).
  const app = Fastify({
    ...httpLoggingOptions(deps.logger),
    bodyLimit: BODY_LIMIT_BYTES,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    clientErrorHandler,
    frameworkErrors,
  }) as unknown as FastifyInstance;
  installRequestLogging(app);
  deps.metrics?.instrument(app);
  // Stopping: every answer closes its connection, so no idle keep-alive connection holds the close
  // (fastify's close waits for them, up to the keep-alive timeout).
  const stopping = deps.stopping;
  if (stopping) {
    app.addHook('onSend', async (_request, reply, payload) => {
      if (stopping()) reply.header('connection', 'close');
      return payload;
    });
  }
  installMethodNotAllowed(app);
  let registryLoaded: PartyRegistry | undefined;
  const partyRegistry = () => (registryLoaded ??= deps.web?.registry ?? loadParties());
  // Every route, from here on, is checked against the permission table (access-hook.ts).
  installAccessCheck(app, {
    huvudmanOf: async (dnr) => {
      if (!deps.api) throw new CaseNotFound(dnr);
      return (await deps.api.cases.status(dnr)).huvudman;
    },
    // A refusal names the party from the registry; without a readable registry it says the id.
    partyName: (id) => {
      try {
        return partyRegistry().get(id)?.name;
      } catch {
        return undefined;
      }
    },
  });
  const api = deps.api;
  const workers = deps.workers ?? new WorkerPresence(deps.connection, deps.target.namespace, deps.target.taskQueue);
  const probes = { liveness: async () => ({ status: 'ok' as const, ...(await health(deps)) }), presence: () => workers.check(), stopping: deps.stopping };
  // With the API the probes join its scope, so its OpenAPI document describes them.
  if (api) {
    await app.register(async (scope) => {
      await apiPlugin(scope, api);
      registerProbes(scope, probes, true);
    });
  } else registerProbes(app, probes, false);
  if (api) {
    const registry = partyRegistry();
    await app.register(async (scope) =>
      webPlugin(scope, {
        cases: api.cases,
        access: api.access,
        readModel: deps.readModel,
        registry,
        parties: registry.huvudman().map((p) => ({ id: p.id, name: p.name })),
        namespace: deps.target.namespace,
        temporalUiUrl: deps.temporalUiUrl,
        mailDir: deps.mailDir,
        publicUrl: deps.web?.publicUrl,
        sessionSecret: sessionSecret({ sessionSecret: deps.web?.sessionSecret, linkSecret: api.linkSecret }),
        linkSecret: api.linkSecret,
        previousLinkSecrets: api.previousLinkSecrets,
        refreshSeconds: deps.web?.refreshSeconds,
        oidc: deps.web?.oidc,
        status: async () => statusBody(deps, await health(deps)),
      }),
    );
  } else {
    // Without the API there is no one to sign in: no mail pages (they hold report links), a plain status.
    app.get('/', { config: { action: 'public' } }, async (_req, reply) => reply.redirect('/healthz', 303));
  }
  return app;
}

if (require.main === module) {
  const ServerEnvironment = TemporalEnvironment.extend(HttpEnvironment.shape).extend(RoutingEnvironment.shape).extend(MetricsEnvironment.shape).extend({ ARENDE_MAIL_DIR: z.string().optional(), ARENDE_LINK_SECRET: z.string().min(32).optional(),
    // Link secrets before the current one, comma-separated: their links in mail already sent keep working (docs/operations.md, rotating secrets).
    ARENDE_LINK_SECRET_PREVIOUS: z.string().optional().transform((v, ctx) => {
      const secrets = (v ?? '').split(/[\s,]+/).filter(Boolean);
      if (secrets.some((s) => s.length < 32)) ctx.addIssue({ code: 'custom', message: 'each secret must be at least 32 characters' });
      return secrets;
    }),
    ARENDE_SESSION_SECRET: z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 32`)').optional(),
    ARENDE_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  });
  const log = processLogger('http');
  // A bad variable (or TLS file) stops the server before it opens or listens on anything.
  const configured = <T>(read: () => T): T => {
    try {
      return read();
    } catch (err) {
      log.fatal(`HTTP server could not start: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    }
  };
  const env = configured(() => readEnvironment(ServerEnvironment));
  const target = configured(() => temporalTarget(env));
  const store = configured(() => readModelStore(readEnvironment(ReadModelEnvironment)));
  const oidc = configured(() => oidcSettings(readEnvironment(OidcEnvironment)));
  if (oidc) log.info(`Personal sign-in: ${oidc.issuer} (client ${oidc.clientId}, roles from the \`${oidc.roleClaim}\` claim)`);
  log.info(`Temporal: ${describeTarget(target)}`);
  // A stop before the server listens (waiting for Temporal) ends it at once: it serves nothing yet.
  const startup = stopDuringStartup(() => {
    log.info('HTTP server stopped during start-up');
    process.exit(0);
  });
  (async () => {
    const readModel = await openReadModel(store);
    const connection = await waitForTemporal(() => Connection.connect({ ...connectionOptions(target), connectTimeout: 5_000 }), { address: target.address, signal: startup.signal, say: (line) => log.warn(line) });
    const client = new Client({ connection, namespace: target.namespace });
    const workers = new WorkerPresence(connection, target.namespace, target.taskQueue);
    const api: ApiDependencies = {
      cases: new TemporalCaseGateway(client, loadParties(), target.taskQueue, readModel, Date.now, routingOptions(env), workers),
      access: new AccessControl(parseApiTokens(env.ARENDE_API_TOKENS)),
      linkSecret: env.ARENDE_LINK_SECRET,
      previousLinkSecrets: env.ARENDE_LINK_SECRET_PREVIOUS,
    };
    let stopping = false;
    const metrics = createHttpMetrics(readModel);
    const app = await buildServer({
      logger: log,
      metrics,
      stopping: () => stopping,
      connection,
      readModel,
      target,
      temporalUiUrl: env.ARENDE_TEMPORAL_UI_URL,
      mailDir: env.ARENDE_MAIL_DIR,
      api,
      workers,
      web: { sessionSecret: env.ARENDE_SESSION_SECRET, publicUrl: env.ARENDE_PUBLIC_URL, oidc },
    });
    // Its own listener: metrics never go out through the public address (or a load balancer).
    const metricsAddress = env.ARENDE_METRICS_ADDRESS;
    const metricsServer = metricsAddress
      ? await listenMetrics(metrics.registry, splitListenAddress(metricsAddress).host, splitListenAddress(metricsAddress).port).catch((err: unknown) => {
        throw new Error(`ARENDE_METRICS_ADDRESS=${metricsAddress}: ${err instanceof Error ? err.message : String(err)}`);
      })
      : undefined;
    await app.listen({ host: env.ARENDE_HTTP_HOST, port: env.ARENDE_HTTP_PORT });
    log.info(`HTTP server listening on http://${env.ARENDE_HTTP_HOST}:${env.ARENDE_HTTP_PORT}${metricsAddress ? `; metrics on http://${metricsAddress}/metrics` : ''}`);
    // SIGTERM/SIGINT: /readyz answers 503 at once; after ARENDE_HTTP_DRAIN_SECONDS the server stops
    // listening, answers the requests in flight (fastify's close: new ones on open connections get
    // 503), then exits 0.
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      log.info(`stopping: /readyz answers 503${env.ARENDE_HTTP_DRAIN_SECONDS > 0 ? `; still serving for ${env.ARENDE_HTTP_DRAIN_SECONDS} s` : ''}`);
      await sleep(env.ARENDE_HTTP_DRAIN_SECONDS * 1000);
      log.info('closing: no new connections; answering the requests in flight');
      await app.close();
      log.info('HTTP server stopped: the requests in flight are answered');
      // A scraper's keep-alive connection would hold the metrics listener's close: cut them.
      await new Promise<void>((done) => {
        if (!metricsServer) return done();
        metricsServer.close(() => done());
        metricsServer.closeAllConnections();
      });
      await connection.close();
      await readModel.destroy();
      process.exit(0);
    };
    startup.release();
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.on(signal, () => {
        stop().catch((err: unknown) => {
          log.fatal({ err }, `HTTP server did not stop cleanly: ${err instanceof Error ? err.message : String(err)}`);
          process.exit(1);
        });
      });
    }
  })().catch((err) => {
    log.fatal(`HTTP server could not start: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  });
}

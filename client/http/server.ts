// The HTTP server for the API and the dashboard. Until those arrive it serves a status page that
// says what is running, and /healthz for supervisors and load balancers.
import { readdirSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { z } from 'zod';
import { HttpEnvironment, TemporalEnvironment, readEnvironment } from '../../config/environment';
import { connectionOptions, temporalTarget, type TemporalTarget } from '../temporal/connection';
import { escapeHtml } from './html';
import { mailPages } from './mail-pages';
import { apiPlugin, type ApiDependencies } from '../api/plugin';
import { AccessControl, parseApiTokens } from '../api/access';
import { TemporalCaseGateway } from '../api/temporal-gateway';
import { loadParties } from '../../config/load-parties';

export interface ServerDependencies {
  connection: Connection;
  target: TemporalTarget;
  temporalUiUrl?: string;
  /** The embedded default's caught mail, when it runs. */
  mailDir?: string;
  /** The HTTP API under /api/v1. */
  api?: ApiDependencies;
}

interface Health {
  temporal: 'ok' | string;
  workerPollers: number;
  caughtMail?: number;
}

async function health(deps: ServerDependencies): Promise<Health> {
  const result: Health = { temporal: 'ok', workerPollers: 0 };
  try {
    await deps.connection.workflowService.getSystemInfo({});
    const queue = await deps.connection.workflowService.describeTaskQueue({
      namespace: deps.target.namespace,
      taskQueue: { name: deps.target.taskQueue },
      taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
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

function statusPage(deps: ServerDependencies, h: Health): string {
  const row = (label: string, value: string) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${value}</td></tr>`;
  const ui = deps.temporalUiUrl
    ? `<a href="${escapeHtml(`${deps.temporalUiUrl}/namespaces/${deps.target.namespace}/workflows`)}">${escapeHtml(deps.temporalUiUrl)}</a>`
    : 'inte konfigurerad';
  return `<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Ärendeflöde – status</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1a1a1a}th{text-align:left;padding-right:1rem}td,th{padding:.25rem 0}</style>
</head><body>
<h1>Ärendeflöde</h1>
<p>Systemet körs. Översikt och formulär kommer här.</p>
<table>
${row('Temporal', `${escapeHtml(deps.target.address)} (namnrymd ${escapeHtml(deps.target.namespace)}): ${h.temporal === 'ok' ? 'ansluten' : `fel: ${escapeHtml(h.temporal)}`}`)}
${row('Worker', h.workerPollers > 0 ? `${h.workerPollers} pollare på kön ${escapeHtml(deps.target.taskQueue)}` : 'ingen worker ansluten')}
${row('Temporal Web UI', ui)}
${h.caughtMail === undefined ? '' : row('Fångad e-post', `<a href="/mail">${h.caughtMail} meddelanden</a>`)}
</table>
</body></html>`;
}

export async function buildServer(deps: ServerDependencies): Promise<FastifyInstance> {
  // Logs never include request headers, so API tokens are never logged.
  // Report-link tokens in URLs are ~130 characters; Fastify's default cap on a parameter is 100.
  const app = Fastify({ logger: false, routerOptions: { maxParamLength: 1000 } });
  if (deps.api) await app.register(async (scope) => apiPlugin(scope, deps.api!));
  app.get('/healthz', async (_req, reply) => {
    const h = await health(deps);
    return reply.code(h.temporal === 'ok' ? 200 : 503).send(h);
  });
  if (deps.mailDir) app.register(mailPages, { mailDir: deps.mailDir });
  app.get('/', async (_req, reply) => {
    const h = await health(deps);
    return reply.type('text/html; charset=utf-8').send(statusPage(deps, h));
  });
  return app;
}

if (require.main === module) {
  const ServerEnvironment = TemporalEnvironment.extend(HttpEnvironment.shape).extend({ ARENDE_MAIL_DIR: z.string().optional(), ARENDE_LINK_SECRET: z.string().min(32).optional() });
  const env = readEnvironment(ServerEnvironment);
  const target = temporalTarget(env);
  (async () => {
    const connection = await Connection.connect(connectionOptions(target));
    const client = new Client({ connection, namespace: target.namespace });
    const api: ApiDependencies = {
      cases: new TemporalCaseGateway(client, loadParties(), target.taskQueue),
      access: new AccessControl(parseApiTokens(env.ARENDE_API_TOKENS)),
      linkSecret: env.ARENDE_LINK_SECRET,
    };
    const app = await buildServer({ connection, target, temporalUiUrl: env.ARENDE_TEMPORAL_UI_URL, mailDir: env.ARENDE_MAIL_DIR, api });
    await app.listen({ host: env.ARENDE_HTTP_HOST, port: env.ARENDE_HTTP_PORT });
    console.log(`HTTP server listening on http://${env.ARENDE_HTTP_HOST}:${env.ARENDE_HTTP_PORT}`);
    const stop = () => app.close().then(() => connection.close()).then(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  })().catch((err) => {
    console.error(`HTTP server could not start: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  });
}

// The HTTP server's logging (Fastify's own pino logger, lib/logger.ts): a request id on every
// request (an incoming X-Request-Id when it is well-formed, else a new UUID), sent back in the
// X-Request-Id response header and bound to every line the request logs (`reqId`); one "request
// completed" line per request (method, path, status, time); every 500 logged with its error before
// the reply goes out (logServerError, called by the API's and the pages' error handlers).
//
// What is never logged: headers (Authorization carries API tokens, Cookie the session), bodies
// (the sign-in form carries a token), query strings, and the report-link token in /rapportera/:token
// (a link's holder may report for its party): a routed request is logged as its route with its
// parameters filled in except the secret ones, an unrouted one as its path with long segments hidden.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type { Logger } from '../../lib/logger';

export const REQUEST_ID_HEADER = 'x-request-id';

/** What an incoming request id may look like: short, printable, no spaces (anything else is replaced). */
const WELL_FORMED_ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}$/;

/** Route parameters that hold a secret: logged as their name. */
const SECRET_PARAMS = new Set(['token']);

/** An unrouted path's segment this long may be a token (report tokens are over 100 characters). */
const LONG_SEGMENT = 32;

export function requestIdFor(raw: IncomingMessage): string {
  const given = raw.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && WELL_FORMED_ID.test(given) ? given : randomUUID();
}

function unroutedPath(url: string): string {
  const path = url.split(/[?#]/, 1)[0] ?? '';
  const shown = path
    .split('/')
    .map((segment) => (segment.length >= LONG_SEGMENT ? ':hidden' : segment))
    .join('/');
  return shown.length > 200 ? `${shown.slice(0, 200)}…` : shown;
}

/** Each request's path as logged, taken before validation turns its parameters into values. */
const paths = new WeakMap<FastifyRequest, string>();

/** The path as logged: the route with its parameters, secret ones by name; never the query string. */
export function loggedPath(request: FastifyRequest): string {
  let path = paths.get(request);
  if (path === undefined) paths.set(request, (path = pathOf(request)));
  return path;
}

function pathOf(request: FastifyRequest): string {
  const pattern = request.routeOptions?.url;
  if (!pattern || request.is404) return unroutedPath(request.url);
  const params = (request.params ?? {}) as Record<string, unknown>;
  return pattern.replace(/:(\w+)|\*/g, (whole, name: string | undefined) => {
    const key = name ?? '*';
    if (SECRET_PARAMS.has(key)) return whole;
    const value = params[key];
    return typeof value === 'string' ? unroutedPath(value) : whole;
  });
}

/** The fields of a request in a log line: no headers, no body, no query string. */
export function requestFields(request: FastifyRequest): Record<string, unknown> {
  return { method: request.method, url: loggedPath(request), ...(request.routeOptions?.url && !request.is404 ? { route: request.routeOptions.url } : {}), remoteAddress: request.ip };
}

/** Routes a supervisor, a load balancer or every page asks for all the time: their successes at debug level. */
const FREQUENT_ROUTES = /^\/(healthz|readyz|assets\/)/;

/** Fastify's request lines, with the request as requestFields shows it. */
class RequestLogs extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    if (this.isLogDisabled(request)) return;
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    const fields = { req: request, res: reply, responseTime: Math.round(reply.elapsedTime * 10) / 10 };
    if (error) reply.log.error({ ...fields, err: error }, 'request errored');
    else if (reply.statusCode < 400 && FREQUENT_ROUTES.test(request.routeOptions?.url ?? '')) reply.log.debug(fields, 'request completed');
    else reply.log.info(fields, 'request completed');
  }

  override routeNotFound(request: FastifyRequest): void {
    if (this.isLogDisabled(request)) return;
    request.log.info({ req: request }, 'route not found');
  }
}

/** Fastify's options for logging and request ids; without a logger, ids only (tests that need no logs). */
export function httpLoggingOptions(logger: Logger | undefined): Pick<FastifyServerOptions, 'genReqId' | 'logController' | 'loggerInstance' | 'logger'> {
  if (!logger) return { logger: false, genReqId: requestIdFor };
  return {
    loggerInstance: logger.child({}, { serializers: { req: requestFields, res: (reply: FastifyReply) => ({ statusCode: reply.statusCode }) } }),
    genReqId: requestIdFor,
    logController: new RequestLogs(),
  };
}

/**
 * Every response carries its request id, so an operator finds its lines from what a client reports;
 * the path to log is taken here, first thing.
 */
export function installRequestLogging(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    loggedPath(request);
  });
}

/** Logs a request that failed with a 500, with its error and request id; called before the reply. */
export function logServerError(request: FastifyRequest, error: unknown): void {
  request.log.error({ err: error, req: request }, 'request failed: internal server error (500)');
}

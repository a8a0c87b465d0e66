// The answers that Fastify and Node's HTTP server give on their own, before any route runs — a body
// too large (413), a media type no parser takes (415), a path segment too long (414), headers too
// large (431, from Node's parser, before Fastify sees the request), a method the address does not
// have (405), malformed JSON (400) — in the API's problem format (client/api/problem.ts) with a
// Swedish message naming what was wrong, instead of Fastify's English defaults. The OpenAPI document
// lists them (client/api/plugin.ts), so a client can rely on every status it may see.
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiError } from '../api/problem';

/** The largest request body the server reads (Fastify's default, stated here so the messages can say it). */
export const BODY_LIMIT_BYTES = 1024 * 1024;
/** The longest path segment (`:param`): report-link tokens are ~130 characters; Fastify's default of 100 is too short. */
export const MAX_PARAM_LENGTH = 1000;
/** Node's cap on the request line and headers together (its default, --max-http-header-size). */
export const MAX_HEADER_BYTES = 16 * 1024;

export interface FrameworkProblem {
  status: number;
  body: ApiError;
}

const problem = (status: number, error: string, details: ApiError['details'] = []): FrameworkProblem => ({ status, body: { error, details } });

/** Fastify's own error, in Swedish; undefined for any other error. */
export function frameworkProblem(error: FastifyError | Error, request?: FastifyRequest): FrameworkProblem | undefined {
  const code = (error as FastifyError).code;
  const contentType = request?.headers['content-type'];
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE': {
      // A route may allow more than the server's default (POST /api/v1/documents/parse: a PDF).
      const limit = request?.routeOptions.bodyLimit ?? BODY_LIMIT_BYTES;
      return problem(413, `begärans innehåll är för stort: högst ${limit} byte (${Math.round((limit / 1024 / 1024) * 10) / 10} MiB)`, [{ path: 'body', message: `innehållet får vara högst ${limit} byte` }]);
    }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem(415, `innehållstypen ${contentType ? `"${String(contentType).slice(0, 100)}"` : '(ingen)'} stöds inte: skicka application/json`, [
        { path: 'headers.content-type', message: 'Content-Type ska vara application/json' },
      ]);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problem(400, 'innehållets längd stämmer inte med Content-Length', [{ path: 'headers.content-length', message: 'Content-Length ska vara innehållets längd i byte' }]);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem(400, 'innehållet är tomt fast Content-Type är application/json', [{ path: 'body', message: 'skicka ett JSON-objekt' }]);
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return problem(400, 'innehållet är inte giltig JSON', [{ path: 'body', message: 'skicka ett JSON-objekt' }]);
    case 'FST_ERR_ROUTE_MISSING_CONTENT_TYPE':
      return problem(400, `metoden ${request?.method ?? ''} kräver en Content-Type`, [{ path: 'headers.content-type', message: 'Content-Type saknas' }]);
    case 'FST_ERR_BAD_URL':
      return problem(400, 'adressen innehåller en ogiltig procentkodning', [{ path: 'url', message: 'varje % ska följas av två hexadecimala siffror som bildar giltig UTF-8' }]);
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return problem(414, `en del av adressen är för lång: högst ${MAX_PARAM_LENGTH} tecken mellan två /`, [{ path: 'url', message: `högst ${MAX_PARAM_LENGTH} tecken per del` }]);
  }
  // Fastify's JSON parser (secure-json-parse) throws a SyntaxError with status 400.
  if (error instanceof SyntaxError && (error as FastifyError).statusCode === 400) {
    return problem(400, `innehållet är inte giltig JSON: ${error.message}`, [{ path: 'body', message: 'skicka ett JSON-objekt' }]);
  }
  return undefined;
}

/**
 * Node's own refusals (the request could not be parsed: no route, no request object): written to the
 * socket as Fastify's default handler does, in the problem format.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const answer =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? problem(431, `begärans adress och huvuden (headers) är för stora: högst ${MAX_HEADER_BYTES} byte tillsammans`, [{ path: 'headers', message: `högst ${MAX_HEADER_BYTES} byte` }])
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? problem(408, 'begäran kom inte fram i tid')
        : problem(400, 'begäran är inte giltig HTTP');
  if (socket.writable) {
    const body = JSON.stringify(answer.body);
    socket.write(
      `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

/** Fastify's `frameworkErrors`: a URL its router refuses (bad percent-encoding, a segment too long). */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const answer = frameworkProblem(error, request) ?? problem(400, 'adressen kan inte tolkas');
  void reply.code(answer.status).type('application/json; charset=utf-8').send(answer.body);
}

/** The addresses in the OpenAPI document: the API and the probes (client/http/probes.ts). */
const PROBES = new Set(['/healthz', '/readyz']);
const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/') || PROBES.has(path);

/** A route's URL (`/api/v1/cases/:dnr`) as a pattern of request paths. */
function routePattern(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment === '*' ? '.*' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}/?$`);
}

/**
 * 405 with `Allow` for an API address that exists under other methods (Fastify answers 404 for any
 * method a path lacks). A root onRequest hook: it runs before the body is read, so even a method
 * whose body Fastify would refuse (QUERY without Content-Type) gets the 405.
 */
export function installMethodNotAllowed(app: FastifyInstance): void {
  const routes: { pattern: RegExp; methods: string[] }[] = [];
  app.addHook('onRoute', (route) => {
    if (!isApiPath(route.url)) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    routes.push({ pattern: routePattern(route.url), methods });
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!request.is404) return;
    const path = request.url.split('?')[0] ?? '';
    if (!isApiPath(path)) return;
    const allowed = new Set(routes.filter((r) => r.pattern.test(path)).flatMap((r) => r.methods));
    if (allowed.size === 0) return;
    if (allowed.has('GET')) allowed.add('HEAD');
    const list = [...allowed].sort().join(', ');
    return reply
      .code(405)
      .header('allow', list)
      .type('application/json; charset=utf-8')
      .send({ error: `metoden ${request.method} finns inte för ${path}; adressen tar ${list}`, details: [{ path: 'method', message: `tillåtna metoder: ${list}` }] } satisfies ApiError);
  });
}

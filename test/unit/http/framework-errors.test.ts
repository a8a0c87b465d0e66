// The HTTP server's own refusals (client/http/framework-errors.ts), over real HTTP on a loopback port:
// a method an API address does not have (405 with Allow), a body too large (413) or not JSON (415),
// a path segment too long (414), headers too large (431, Node's parser), malformed JSON and
// percent-encoding (400) — each in the API's problem format with a Swedish message naming what was
// wrong, and each listed in the OpenAPI document. No Temporal: every request here is refused before
// a route's handler runs (the gateway throws if it is ever asked).
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../../client/http/server';
import { AccessControl, parseApiTokens } from '../../../client/api/access';
import type { CaseGateway } from '../../../client/api/gateway';

const TOKEN = 'framework-errors-admin-token-0001';
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  const untouched = new Proxy({}, { get: (_t, name) => () => Promise.reject(new Error(`the gateway was asked (${String(name)})`)) }) as CaseGateway;
  app = await buildServer({
    connection: {} as never,
    target: { address: '127.0.0.1:1', namespace: 'test', taskQueue: 'test', tls: false },
    api: { cases: untouched, access: new AccessControl(parseApiTokens(`administrator=${TOKEN}`)) },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(() => app?.close());

async function call(method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${base}${path}`, { method, body: init.body, headers: { authorization: `Bearer ${TOKEN}`, ...init.headers } });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: JSON.parse(text) as { error: string; details: { path: string; message: string }[] } };
}

const problem = expect.objectContaining({ error: expect.any(String), details: expect.any(Array) });

test('a method an API address does not have: 405 with Allow, before the body is read', async () => {
  const query = await call('QUERY', '/api/v1/cases/RS-62-2026');
  expect(query.status).toBe(405);
  expect(query.headers.get('allow')).toBe('GET, HEAD');
  expect(query.json.error).toBe('metoden QUERY finns inte för /api/v1/cases/RS-62-2026; adressen tar GET, HEAD');
  const del = await call('DELETE', '/api/v1/cases?limit=1');
  expect(del.status).toBe(405);
  expect(del.headers.get('allow')).toBe('GET, HEAD, POST');
  expect((await call('PUT', '/api/v1/cases/RS-62-2026/tracks/krokom/close')).headers.get('allow')).toBe('POST');
  // The probes are in the OpenAPI document too.
  for (const path of ['/healthz', '/readyz']) {
    const post = await call('POST', path);
    expect({ path, status: post.status, allow: post.headers.get('allow') }).toEqual({ path, status: 405, allow: 'GET, HEAD' });
  }
  // An address the API does not have at all is still 404, in the same format.
  const missing = await call('DELETE', '/api/v1/nothing');
  expect(missing.status).toBe(404);
  expect(missing.json).toEqual(problem);
});

test('a body that is not JSON: 415 naming Content-Type; malformed JSON: 400', async () => {
  const xml = await call('POST', '/api/v1/cases', { body: '<case/>', headers: { 'content-type': 'application/xml' } });
  expect(xml.status).toBe(415);
  expect(xml.json.error).toBe('innehållstypen "application/xml" stöds inte: skicka application/json');
  expect(xml.json.details).toEqual([{ path: 'headers.content-type', message: 'Content-Type ska vara application/json' }]);
  const broken = await call('POST', '/api/v1/cases', { body: '{"dnr":', headers: { 'content-type': 'application/json' } });
  expect(broken.status).toBe(400);
  expect(broken.json.error).toMatch(/^innehållet är inte giltig JSON/);
});

test('a body over 1 MiB: 413', async () => {
  const big = await call('POST', '/api/v1/cases', { body: JSON.stringify({ title: 'x'.repeat(1024 * 1024) }), headers: { 'content-type': 'application/json' } });
  expect(big.status).toBe(413);
  expect(big.json.error).toBe('begärans innehåll är för stort: högst 1048576 byte (1 MiB)');
});

test('a path segment over 1000 characters: 414; a bad percent-encoding: 400', async () => {
  const long = await call('GET', `/api/v1/rapport/${'a'.repeat(1001)}`);
  expect(long.status).toBe(414);
  expect(long.json.error).toBe('en del av adressen är för lång: högst 1000 tecken mellan två /');
  const bad = await call('GET', '/api/v1/cases/%E0%A4%A');
  expect(bad.status).toBe(400);
  expect(bad.json.error).toBe('adressen innehåller en ogiltig procentkodning');
});

test('headers over 16 KiB: 431 from Node, in the problem format', async () => {
  const big = await call('GET', '/api/v1/cases', { headers: { 'x-filler': 'x'.repeat(20_000) } });
  expect(big.status).toBe(431);
  expect(big.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(big.json.error).toBe('begärans adress och huvuden (headers) är för stora: högst 16384 byte tillsammans');
});

test('the OpenAPI document lists these answers: 414 and 431 everywhere, 413 and 415 where a body is taken', async () => {
  const doc = (await (await fetch(`${base}/api/openapi.json`)).json()) as { info: { description: string }; paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const codes = Object.keys(operation.responses);
      expect({ path, method, has: ['414', '431'].every((c) => codes.includes(c)) }).toEqual({ path, method, has: true });
      if (method === 'post') expect({ path, has: ['413', '415'].every((c) => codes.includes(c)) }).toEqual({ path, has: true });
    }
  }
  expect(doc.info.description).toContain('405 (med `Allow`)');
});

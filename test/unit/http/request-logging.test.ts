// client/http/logging.ts's pure parts: which request ids are kept, and how a path is logged.
import type { IncomingMessage } from 'node:http';
import type { FastifyRequest } from 'fastify';
import { loggedPath, requestIdFor } from '../../../client/http/logging';

const raw = (id?: string | string[]) => ({ headers: id === undefined ? {} : { 'x-request-id': id } }) as unknown as IncomingMessage;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test('a well-formed X-Request-Id is kept; a missing, long, spaced, repeated or odd one is replaced by a UUID', () => {
  for (const id of ['abc', 'lb-7f3a.2026-05-14', 'trace:00f067aa0ba902b7', 'a'.repeat(64)]) expect(requestIdFor(raw(id))).toBe(id);
  for (const id of [undefined, '', 'a'.repeat(65), 'two words', '-leading-dash', 'ä', '<x>', 'a\nb', ['a', 'b']]) expect(requestIdFor(raw(id))).toMatch(UUID);
});

const request = (url: string, route?: string, params: Record<string, string> = {}) => ({ url, params, is404: route === undefined, routeOptions: { url: route } }) as unknown as FastifyRequest;

test('a routed path is its route with the parameters filled in, a token by name; never the query string', () => {
  expect(loggedPath(request('/arende/RS-62-2026?omforsok=1', '/arende/:dnr', { dnr: 'RS-62-2026' }))).toBe('/arende/RS-62-2026');
  expect(loggedPath(request('/rapportera/eyJ2Ijo.c2ln/kvitto?rattelse=1', '/rapportera/:token/kvitto', { token: 'eyJ2Ijo.c2ln' }))).toBe('/rapportera/:token/kvitto');
  expect(loggedPath(request('/api/docs/static/index.html', '/api/docs/*', { '*': 'static/index.html' }))).toBe('/api/docs/static/index.html');
});

test('an unrouted path loses its query string and any segment long enough to be a token', () => {
  const token = `${'x'.repeat(90)}.${'y'.repeat(43)}`;
  expect(loggedPath(request(`/rapportera/${token}/okand?next=${token}`))).toBe('/rapportera/:hidden/okand');
  expect(loggedPath(request('/finns-inte?q=hemligt'))).toBe('/finns-inte');
  expect(loggedPath(request(`/${'a/'.repeat(200)}`)).length).toBeLessThanOrEqual(201);
});

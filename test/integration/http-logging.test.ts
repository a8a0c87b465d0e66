// The HTTP server's logs (client/http/logging.ts), in this process over real HTTP, with a case gateway
// that throws: a 500 is logged with its request id before the reply, which keeps the API's error
// body; every response carries its X-Request-Id (an incoming well-formed one is kept); no token,
// cookie, query string or report-link token reaches a log line.
import { PassThrough } from 'node:stream';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '@temporalio/client';
import { buildServer } from '../../client/http/server';
import { AccessControl, parseApiTokens } from '../../client/api/access';
import type { CaseGateway } from '../../client/api/gateway';
import { createLogger } from '../../lib/logger';
import { createReportToken } from '../../lib/report-links';
import { TEST_NAMESPACE } from '../helpers/temporal';
import { webClient } from '../helpers/web-session';

const ADMIN = 'administrator-token-for-logging-tests';
const LINK_SECRET = 'link-secret-for-the-logging-tests-0123456789';

/** Every method fails as an unexpected error would (a bug, a lost connection): the API must answer 500. */
const exploding = new Proxy({} as CaseGateway, {
  get: (_target, name) => () => Promise.reject(new Error(`gateway exploded in ${String(name)}`)),
});

let app: FastifyInstance;
let base: string;
let output = '';
/** The signed-in browser's cookies (session, CSRF secret): never logged. */
let sessionCookie = '';
const lines = () =>
  output
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown> & { reqId?: string; msg: string; level: number });

beforeAll(async () => {
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
  app = await buildServer({
    logger: createLogger({ name: 'http', level: 'debug', format: 'json', destination: stream }),
    connection: {} as Connection,
    target: { address: '', namespace: TEST_NAMESPACE, taskQueue: 'logging-test', tls: false },
    api: { cases: exploding, access: new AccessControl(parseApiTokens(`administrator=${ADMIN}`)), linkSecret: LINK_SECRET },
    web: { sessionSecret: 'session-secret-for-the-logging-tests-0123' },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app?.close();
});

test('a 500 is logged at error level with its request id, its error and its route, and answered with the API error body', async () => {
  const response = await fetch(`${base}/api/v1/cases/RS-62-2026`, { headers: { authorization: `Bearer ${ADMIN}` } });
  expect(response.status).toBe(500);
  expect(await response.json()).toEqual({ error: 'internt fel; försök igen eller kontakta förvaltningen', details: [] });
  const id = response.headers.get('x-request-id');
  expect(id).toMatch(/^[0-9a-f-]{36}$/);

  const failure = lines().find((l) => l.reqId === id && l.level === 50);
  expect(failure).toMatchObject({
    msg: 'request failed: internal server error (500)',
    name: 'http',
    err: { message: 'gateway exploded in status', type: 'Error' },
    req: { method: 'GET', url: '/api/v1/cases/RS-62-2026', route: '/api/v1/cases/:dnr' },
  });
  expect((failure!.err as { stack: string }).stack).toContain('gateway exploded');
  // The access line a collector counts 500s by: the same id.
  expect(lines().find((l) => l.reqId === id && l.msg === 'request completed')).toMatchObject({ res: { statusCode: 500 } });
  console.log(`500 logged: ${JSON.stringify(failure).slice(0, 300)}…`);
});

test('a well-formed incoming X-Request-Id is kept and sent back; a malformed one is replaced', async () => {
  const kept = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'lb-7f3a.2026-05-14' } });
  expect(kept.headers.get('x-request-id')).toBe('lb-7f3a.2026-05-14');
  expect(lines().some((l) => l.reqId === 'lb-7f3a.2026-05-14' && l.msg === 'request completed')).toBe(true);

  for (const bad of ['has spaces in it', 'x'.repeat(65), '<script>', '']) {
    const replaced = await fetch(`${base}/healthz`, { headers: { 'x-request-id': bad } });
    expect({ bad, id: replaced.headers.get('x-request-id') }).toEqual({ bad, id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  }
});

test('an error page (web) 500 is logged too, with its request id', async () => {
  const browser = await webClient(base, ADMIN);
  const page = await fetch(`${base}/arende/RS-62-2026`, { headers: { cookie: browser.cookie } });
  const id = page.headers.get('x-request-id');
  expect(page.status).toBe(500);
  expect(await page.text()).toContain('Något gick fel');
  expect(lines().find((l) => l.reqId === id && l.level === 50)).toMatchObject({ err: { message: expect.stringContaining('gateway exploded') }, req: { url: '/arende/RS-62-2026', route: '/arende/:dnr' } });
  sessionCookie = browser.cookie;
});

test('tokens, cookies, query strings and report-link tokens never reach the log', async () => {
  const reportToken = createReportToken({ dnr: 'RS/62/2026' as never, party: 'krokom' as never, expiresAt: '2099-12-31' as never }, LINK_SECRET);
  const querySecret = 'query-secret-value-0123456789';
  await fetch(`${base}/rapportera/${reportToken}`);
  await fetch(`${base}/rapportera/${reportToken}/ingen-sadan-sida?x=${querySecret}`);
  await fetch(`${base}/api/v1/cases?q=${querySecret}`, { headers: { authorization: `Bearer ${ADMIN}`, cookie: `arende_session=${querySecret}` } });
  await fetch(`${base}/logga-in`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${ADMIN}` });
  expect(sessionCookie).toContain('arende_session=');
  const cookieValues = sessionCookie.split('; ').map((pair) => decodeURIComponent(pair.slice(pair.indexOf('=') + 1)));
  const routed = lines().find((l) => l.msg === 'request completed' && (l.req as { route?: string })?.route === '/rapportera/:token');
  expect(routed?.req).toMatchObject({ url: '/rapportera/:token' });
  for (const secret of [ADMIN, reportToken, reportToken.split('.')[1]!, querySecret, LINK_SECRET, ...cookieValues]) {
    expect({ secret, found: output.includes(secret) }).toEqual({ secret, found: false });
  }
  console.log(`log lines checked: ${lines().length}`);
});

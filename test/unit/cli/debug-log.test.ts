// `arende --debug` / ARENDE_DEBUG=1 (client/cli/debug-log.ts): debug lines on stderr beside the
// command's own Swedish output, never its token; nothing extra without it; a bad ARENDE_DEBUG is bad input.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { run } from '../../../client/cli/main';

const TOKEN = 'administrator-token-for-the-debug-test';
let server: Server;
let base: string;

beforeAll(async () => {
  // An API that knows no case: 404 with the API's error body and a request id.
  server = createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'application/json', 'x-request-id': 'req-404-abc' });
    res.end(JSON.stringify({ error: 'ärendet RS/1/2026 finns inte', details: [] }));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((ok) => server.close(ok));
});

async function arende(args: string[], env: Record<string, string | undefined> = {}) {
  let out = '';
  let err = '';
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    const code = await run(args, { out: (t) => (out += t), err: (t) => (err += t) });
    return { code, out, err };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

test('--debug: JSON debug lines on stderr (command, connection, the request with status and request id, the failure), then the usual message', async () => {
  const { code, out, err } = await arende(['case', 'show', 'RS/1/2026', '--api', base, '--token', TOKEN, '--debug']);
  expect(code).toBe(1);
  expect(out).toBe('');
  const lines = err.trim().split('\n');
  expect(lines.at(-1)).toBe('arende: API 404: ärendet RS/1/2026 finns inte');
  const debug = lines.slice(0, -1).map((l) => JSON.parse(l));
  expect(debug.map((l) => l.msg)).toEqual(['command starts', 'reaching the cases through the HTTP API', 'API request', 'command failed']);
  expect(debug[0]).toMatchObject({ level: 20, name: 'cli', command: 'arende case show' });
  expect(debug[2]).toMatchObject({ method: 'GET', path: '/api/v1/cases/RS-1-2026', status: 404, requestId: 'req-404-abc', ms: expect.any(Number) });
  expect(debug[3].err).toMatchObject({ type: 'ApiRequestError', message: 'ärendet RS/1/2026 finns inte', stack: expect.any(String) });
  expect(err).not.toContain(TOKEN);
});

test('ARENDE_DEBUG=1 is --debug; without either, stderr has the message alone', async () => {
  const viaEnv = await arende(['case', 'show', 'RS/1/2026', '--api', base, '--token', TOKEN], { ARENDE_DEBUG: '1' });
  expect(viaEnv.err).toContain('"msg":"API request"');
  const quiet = await arende(['case', 'show', 'RS/1/2026', '--api', base, '--token', TOKEN]);
  expect(quiet).toEqual({ code: 1, out: '', err: 'arende: API 404: ärendet RS/1/2026 finns inte\n' });
});

test('a bad ARENDE_DEBUG is bad input (exit 2) naming the variable', async () => {
  const { code, err } = await arende(['case', 'show', 'RS/1/2026', '--api', base, '--token', TOKEN], { ARENDE_DEBUG: 'kanske' });
  expect(code).toBe(2);
  expect(err).toContain('ARENDE_DEBUG="kanske": must be 1/true or 0/false');
});

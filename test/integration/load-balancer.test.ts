// The load balancer of docker-compose.yml, run here: HAProxy with the committed deploy/haproxy/haproxy.cfg
// (its two server addresses and its port swapped for local ones, nothing else) in front of two small
// HTTP servers standing in for api-1 and api-2. Requests reach both; with one server gone they all
// reach the other, none fails. Skipped, saying so, where HAProxy is not installed.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startProcess, stopAll } from '../helpers/processes';
import { closedPort } from '../helpers/smtp';

const ROOT = resolve(__dirname, '../..');
const CONFIG = readFileSync(join(ROOT, 'deploy/haproxy/haproxy.cfg'), 'utf8');
const HAPROXY = ['/usr/sbin/haproxy', '/usr/local/sbin/haproxy'].find((bin) => spawnSync(bin, ['-v']).status === 0);
const run = promisify(execFile);

const dir = mkdtempSync(join(tmpdir(), 'arende-lb-'));
const servers: Server[] = [];

/** An HTTP server answering every request with its name; /healthz 200 as the real one does. */
async function apiServer(name: string): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(req.url === '/healthz' ? 'ok' : name);
  });
  servers.push(server);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, port: (server.address() as { port: number }).port };
}

/** The committed file with local addresses; each swap must find its line exactly once. */
function localConfig(text: string, swaps: [string, string][]): string {
  let out = text;
  for (const [from, to] of swaps) {
    expect({ from, count: out.split(from).length - 1 }).toEqual({ from, count: 1 });
    out = out.replace(from, to);
  }
  return out;
}

afterAll(async () => {
  await stopAll();
  await Promise.all(servers.map((s) => new Promise((ok) => s.close(ok))));
  rmSync(dir, { recursive: true, force: true });
});

test('HAProxy accepts the committed config and rejects a broken copy', async () => {
  if (!HAPROXY) return console.log('skipped: HAProxy is not installed (apt-get install haproxy)');
  const file = join(dir, 'check.cfg');
  writeFileSync(file, CONFIG);
  // The compose names do not resolve here: HAProxy warns and still starts (init-addr … none).
  await run(HAPROXY, ['-c', '-f', file]);
  writeFileSync(file, CONFIG.replace('balance roundrobin', 'balance round-robin'));
  await expect(run(HAPROXY, ['-c', '-f', file])).rejects.toMatchObject({ code: 1 });
});

test('one address for both HTTP servers; with one gone every request reaches the other', async () => {
  if (!HAPROXY) return console.log('skipped: HAProxy is not installed (apt-get install haproxy)');
  const [one, two] = [await apiServer('api-1'), await apiServer('api-2')];
  const port = await closedPort();
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(
    file,
    localConfig(CONFIG, [
      ['server api-1 api-1:8080', `server api-1 127.0.0.1:${one.port}`],
      ['server api-2 api-2:8080', `server api-2 127.0.0.1:${two.port}`],
      ['bind :8080', `bind 127.0.0.1:${port}`],
    ]),
  );
  const lb = startProcess('haproxy', HAPROXY, ['-db', '-f', file]);
  const base = `http://127.0.0.1:${port}`;
  // Its own liveness, answered without the servers.
  for (let i = 0; ; i++) {
    const up = await fetch(`${base}/lb-healthz`).then((r) => r.status, () => 0);
    if (up === 200) break;
    if (i > 100) throw new Error(`HAProxy does not answer:\n${lb.output()}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
  const answers = async (n: number) => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const response = await fetch(`${base}/api/v1/arenden`);
      out.push(`${response.status} ${await response.text()}`);
    }
    return out;
  };
  const both = await answers(10);
  expect(new Set(both)).toEqual(new Set(['200 api-1', '200 api-2']));

  // api-1 goes away (a killed container): its port refuses; requests are redispatched at once,
  // before its health check marks it down.
  await new Promise((ok) => one.server.close(ok));
  one.server.closeAllConnections();
  const started = Date.now();
  const after = await answers(20);
  console.log(`with api-1 gone: ${after.filter((a) => a === '200 api-2').length} of 20 requests answered by api-2 in ${Date.now() - started} ms`);
  expect(new Set(after)).toEqual(new Set(['200 api-2']));
  await lb.kill('SIGTERM');
}, 60_000);

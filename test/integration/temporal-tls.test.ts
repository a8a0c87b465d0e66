// Any Temporal over TLS (config/temporal-connection.ts), against a real server: the CLI's dev server
// serves plaintext only (`temporal server start-dev` has no TLS flags), so a TLS terminator in this
// process sits in front of it, as a load balancer or Temporal's own frontend would: it presents a
// certificate from a private CA for the name temporal.arende.test, demands a client certificate from
// the same CA (mTLS) and passes the bytes on to the dev server. Certificates are made with openssl.
// Checked: the worker's NativeConnection and the client's Connection connect with the options the
// environment gives; a client without its certificate, or without the private CA, is refused; the
// worker process and the `arende` CLI run over mTLS; a bad TLS variable stops the worker, the HTTP
// server and the CLI before they start, naming it.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer as createTlsServer, type Server as TlsServer, type TLSSocket } from 'node:tls';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { TemporalEnvironment, readEnvironment } from '../../config/environment';
import { connectionOptions, temporalTarget } from '../../config/temporal-connection';
import { TEST_NAMESPACE, createDevServerEnvironment, eventually } from '../helpers/temporal';
import { TestSmtpServer, TEST_LINK_SECRET } from '../helpers/smtp';
import { startProcess, stopAll } from '../helpers/processes';

jest.setTimeout(240_000);

const ROOT = resolve(__dirname, '../..');
const SERVER_NAME = 'temporal.arende.test';
const TASK_QUEUE = 'temporal-tls';

let dir: string;
let env: TestWorkflowEnvironment | undefined;
let proxy: TlsServer | undefined;
let smtp: TestSmtpServer | undefined;
let proxyAddress: string;
/** The client certificates' common names the TLS terminator accepted, one per connection. */
const accepted: string[] = [];
/** Handshakes it refused (no or an unknown client certificate). */
let refused = 0;
let files: { ca: string; cert: string; key: string };

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A P-256 key and a certificate for `cn` signed by the test CA, with `ext` (SAN, key usage). */
function issue(name: string, cn: string, ext: string): void {
  openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
  writeFileSync(join(dir, `${name}.ext`), ext);
  openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-out', `${name}.pem`, '-extfile', `${name}.ext`);
}

function makeCertificates(): void {
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Arendeflode test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  issue('server', SERVER_NAME, `subjectAltName=DNS:${SERVER_NAME}\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n`);
  issue('client', 'arende-worker', 'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n');
}

/** The TLS terminator in front of the dev server at `upstream` (host:port). */
async function startTlsTerminator(upstream: string): Promise<TlsServer> {
  const [host, port] = [upstream.slice(0, upstream.lastIndexOf(':')), Number(upstream.slice(upstream.lastIndexOf(':') + 1))];
  const server = createTlsServer(
    {
      key: readFileSync(join(dir, 'server.key')),
      cert: readFileSync(join(dir, 'server.pem')),
      ca: readFileSync(join(dir, 'ca.pem')),
      requestCert: true,
      rejectUnauthorized: true,
      // gRPC is HTTP/2; the dev server speaks it in plaintext behind us.
      ALPNProtocols: ['h2'],
    },
    (socket: TLSSocket) => {
      accepted.push(String(socket.getPeerCertificate().subject?.CN));
      const back = tcpConnect(port, host);
      socket.pipe(back).pipe(socket);
      const close = () => {
        socket.destroy();
        back.destroy();
      };
      socket.on('error', close).on('close', close);
      back.on('error', close).on('close', close);
    },
  );
  server.on('tlsClientError', () => (refused += 1));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return server;
}

/** The variables a deployment behind this terminator sets. */
function mtlsVariables(): Record<string, string> {
  return {
    TEMPORAL_ADDRESS: proxyAddress,
    TEMPORAL_NAMESPACE: TEST_NAMESPACE,
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: files.ca,
    TEMPORAL_TLS_SERVER_NAME: SERVER_NAME,
    TEMPORAL_TLS_CLIENT_CERT_PATH: files.cert,
    TEMPORAL_TLS_CLIENT_KEY_PATH: files.key,
  };
}

const targetFrom = (vars: Record<string, string>) => temporalTarget(readEnvironment(TemporalEnvironment, vars));

/** The project's processes get the test's environment minus any Temporal settings of the shell. */
function processEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TEMPORAL_')));
  return { ...base, ARENDE_TASK_QUEUE: TASK_QUEUE, ARENDE_READ_MODEL_FILE: join(dir, 'readmodel.sqlite'), ARENDE_LINK_SECRET: TEST_LINK_SECRET, ARENDE_LOG_FORMAT: 'json', ...extra };
}

function cli(args: string[], extra: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['bin/arende.js', ...args], { cwd: ROOT, env: processEnv(extra), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => done({ code, output }));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'arende-temporal-tls-'));
  files = { ca: join(dir, 'ca.pem'), cert: join(dir, 'client.pem'), key: join(dir, 'client.key') };
  makeCertificates();
  env = await createDevServerEnvironment();
  proxy = await startTlsTerminator(env.address);
  proxyAddress = `127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await stopAll();
  await smtp?.stop();
  await new Promise<void>((done) => (proxy ? proxy.close(() => done()) : done()));
  await env?.teardown();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

test('the worker (NativeConnection) and the client (Connection) connect over mTLS with the options from the environment', async () => {
  const options = connectionOptions(targetFrom(mtlsVariables()));
  const before = accepted.length;
  const native = await NativeConnection.connect(options);
  try {
    const described = await native.workflowService.describeNamespace({ namespace: TEST_NAMESPACE });
    expect(described.namespaceInfo?.name).toBe(TEST_NAMESPACE);
  } finally {
    await native.close();
  }
  const client = await Connection.connect({ ...options, connectTimeout: 10_000 });
  try {
    const described = await client.workflowService.describeNamespace({ namespace: TEST_NAMESPACE });
    expect(described.namespaceInfo?.name).toBe(TEST_NAMESPACE);
  } finally {
    await client.close();
  }
  expect(accepted.slice(before)).toContain('arende-worker');
  console.log(`mTLS: ${accepted.length - before} connections through the TLS terminator, client certificate CN=arende-worker`);
});

test('without the client certificate, or without the private CA, the connection is refused', async () => {
  const { TEMPORAL_TLS_CLIENT_CERT_PATH: _c, TEMPORAL_TLS_CLIENT_KEY_PATH: _k, ...serverOnly } = mtlsVariables();
  const refusedBefore = refused;
  await expect(Connection.connect({ ...connectionOptions(targetFrom(serverOnly)), connectTimeout: 3_000 }).then((c) => c.workflowService.getSystemInfo({}))).rejects.toThrow();
  expect(refused).toBeGreaterThan(refusedBefore);
  // The system's roots do not know the test CA: the client refuses the server's certificate.
  const { TEMPORAL_TLS_SERVER_CA_CERT_PATH: _ca, ...noCa } = mtlsVariables();
  await expect(NativeConnection.connect(connectionOptions(targetFrom(noCa)))).rejects.toThrow();
});

test('the worker process polls its task queue over mTLS, and the CLI reaches Temporal through it', async () => {
  smtp = await new TestSmtpServer().start(0);
  const worker = startProcess('worker', process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    cwd: ROOT,
    env: processEnv({ ...mtlsVariables(), ARENDE_SMTP_HOST: '127.0.0.1', ARENDE_SMTP_PORT: String(smtp.port) }),
  });
  await worker.waitFor(/worker ready/, 180_000);
  expect(worker.output()).toContain(`Temporal: ${proxyAddress} (namespace ${TEST_NAMESPACE}, mTLS)`);
  // Its pollers, seen from the plaintext side of the terminator.
  const pollers = await eventually(async () => {
    const queue = await env!.connection.workflowService.describeTaskQueue({ namespace: TEST_NAMESPACE, taskQueue: { name: TASK_QUEUE }, taskQueueType: 1 });
    return queue.pollers?.length ? queue.pollers.length : undefined;
  });
  expect(pollers).toBeGreaterThan(0);

  const check = await cli(['reindex', '--check', '--json'], mtlsVariables());
  expect({ code: check.code, output: check.output }).toEqual({ code: 0, output: expect.stringContaining('"differences"') });
  await worker.kill('SIGTERM');
});

test('a missing certificate file stops the worker, the HTTP server and the CLI before they start, naming the variable', async () => {
  const missing = join(dir, 'gone.pem');
  const bad = { ...mtlsVariables(), TEMPORAL_TLS_CLIENT_CERT_PATH: missing };
  const expected = `TEMPORAL_TLS_CLIENT_CERT_PATH="${missing}": file ${missing} does not exist`;
  const worker = startProcess('worker (bad TLS)', process.execPath, ['--import', 'tsx', 'worker/main.ts'], { cwd: ROOT, env: processEnv(bad) });
  const http = startProcess('http (bad TLS)', process.execPath, ['--import', 'tsx', 'client/http/server.ts'], { cwd: ROOT, env: processEnv(bad) });
  const [workerExit, httpExit, command] = await Promise.all([worker.exited, http.exited, cli(['reindex', '--check'], bad)]);
  // Their log lines are JSON: the quotes in the message come escaped.
  const said = (output: string) => output.replaceAll('\\"', '"').includes(expected);
  expect({ exit: workerExit, said: said(worker.output()) }).toEqual({ exit: 1, said: true });
  expect({ exit: httpExit, said: said(http.output()), listened: /listening/.test(http.output()) }).toEqual({ exit: 1, said: true, listened: false });
  // The CLI's exit code for bad input (client/cli/errors.ts EXIT.badInput).
  expect({ exit: command.code, said: command.output.includes(expected) }).toEqual({ exit: 2, said: true });
});

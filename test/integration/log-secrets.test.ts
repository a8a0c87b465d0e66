// No secret in any log: a whole case lifecycle with the project's own processes — the worker
// (worker/main.ts) and the HTTP server (client/http/server.ts) as child processes logging JSON at
// debug level, an SMTP server that requires a login, the `arende` CLI with --debug — and every line
// they wrote is searched for the API tokens, the link and session secrets, the SMTP password (also
// as AUTH PLAIN / LOGIN send it), the report-link tokens from the e-mail, the session and CSRF
// cookies. Also checks the lines are there to search: the SDK's, the workflows' and the activities'
// lines come through the worker's logger, the server logs each request by its route.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { simpleParser } from 'mailparser';
import { TEST_NAMESPACE, createDevServerEnvironment, eventually } from '../helpers/temporal';
import { TestSmtpServer, closedPort } from '../helpers/smtp';
import { startProcess, stopAll, type TestProcess } from '../helpers/processes';
import { webClient } from '../helpers/web-session';
import { daysFromToday } from '../helpers/dates';
import { demoCase, registrationFrom } from '../workflow/support';

jest.setTimeout(300_000);

const ROOT = resolve(__dirname, '../..');
const TASK_QUEUE = 'log-secrets';
const TOKENS = {
  administrator: 'administrator-token-never-in-a-log-01',
  manager: 'manager-token-never-in-a-log-000002',
  krokom: 'krokom-registrator-token-never-logged',
};
const LINK_SECRET = 'link-secret-never-in-a-log-0123456789abcdef';
const SESSION_SECRET = 'session-secret-never-in-a-log-0123456789ab';
const SMTP = { user: 'arende-smtp-login', pass: 'smtp-password-never-in-a-log-42' };
const DNR = 'RS/702/2026';
const SLUG = 'RS-702-2026';
const rs62 = demoCase('RS-62-2026.json');

let dir: string;
let env: TestWorkflowEnvironment | undefined;
let smtp: TestSmtpServer | undefined;
let worker: TestProcess;
let http: TestProcess;
let base: string;
/** What the CLI runs wrote (stdout and stderr). */
const cliOutput: string[] = [];

function processEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    TEMPORAL_ADDRESS: env!.address,
    TEMPORAL_NAMESPACE: TEST_NAMESPACE,
    ARENDE_TASK_QUEUE: TASK_QUEUE,
    ARENDE_READ_MODEL_FILE: join(dir, 'readmodel.sqlite'),
    ARENDE_LINK_SECRET: LINK_SECRET,
    ARENDE_LOG_LEVEL: 'debug',
    ARENDE_LOG_FORMAT: 'json',
    ...extra,
  };
}

/** `arende …` as a person runs it; resolves with its exit code, keeps what it wrote. */
function cli(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['bin/arende.js', ...args], { cwd: ROOT, env: processEnv(extraEnv), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => {
      cliOutput.push(stdout, stderr);
      done({ code, stdout, stderr });
    });
  });
}

async function api(method: string, path: string, token: string | undefined, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** The report link's token in the request e-mail to `email`, once the SMTP server has it. */
async function reportToken(email: string): Promise<string> {
  return eventually(
    async () => {
      for (const mail of smtp!.received.filter((m) => m.to.includes(email))) {
        const parsed = await simpleParser(mail.raw);
        const token = /\/rapportera\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(parsed.text ?? '')?.[1];
        if (token) return token;
      }
      return undefined;
    },
    { timeoutMs: 60_000 },
  );
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'arende-log-secrets-'));
  smtp = await new TestSmtpServer({ auth: SMTP }).start(0);
  env = await createDevServerEnvironment();
  const port = await closedPort();
  base = `http://127.0.0.1:${port}`;
  // Both registered (startProcess) before anything is awaited: stopAll() ends them whatever happens.
  worker = startProcess('worker', process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    cwd: ROOT,
    env: processEnv({ ARENDE_SMTP_HOST: '127.0.0.1', ARENDE_SMTP_PORT: String(smtp.port), ARENDE_SMTP_USER: SMTP.user, ARENDE_SMTP_PASSWORD: SMTP.pass, ARENDE_PUBLIC_URL: base }),
  });
  http = startProcess('http', process.execPath, ['--import', 'tsx', 'client/http/server.ts'], {
    cwd: ROOT,
    env: processEnv({
      ARENDE_HTTP_HOST: '127.0.0.1',
      ARENDE_HTTP_PORT: String(port),
      ARENDE_API_TOKENS: `administrator=${TOKENS.administrator},manager=${TOKENS.manager},registrator/krokom=${TOKENS.krokom}`,
      ARENDE_SESSION_SECRET: SESSION_SECRET,
      ARENDE_PUBLIC_URL: base,
    }),
  });
  await Promise.all([worker.waitFor(/worker ready/, 180_000), http.waitFor(/HTTP server listening/, 120_000)]);
}, 240_000);

afterAll(async () => {
  await stopAll();
  await smtp?.stop();
  await env?.teardown();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

test('a whole case lifecycle logged at debug level: no token, secret, password, link or cookie in any line', async () => {
  // Registration, RSR's decision and the justering by the administrator: the requests go out by e-mail.
  const registration = registrationFrom(rs62.registration, {
    dnr: DNR,
    rsrMeetingDate: daysFromToday(-14) as never,
    recommendation: { ...rs62.registration.recommendation, huvudman: ['krokom', 'ostersund'] as never, senast: daysFromToday(60) },
    expedierasTill: [{ organisation: 'Krokoms kommun', party: 'krokom' }] as never,
  });
  expect((await api('POST', '/api/v1/cases', TOKENS.administrator, registration)).status).toBe(201);
  const [rsr, justering] = rs62.events as unknown as [Record<string, unknown>, Record<string, unknown>];
  const { type: _r, ...rsrBody } = rsr;
  expect((await api('POST', `/api/v1/cases/${SLUG}/rsr-beslut`, TOKENS.administrator, { ...rsrBody, meetingDate: daysFromToday(-14) })).status).toBe(200);
  const { type: _j, ...justeringBody } = justering;
  expect((await api('POST', `/api/v1/cases/${SLUG}/justering`, TOKENS.administrator, { ...justeringBody, date: daysFromToday(-12) })).status).toBe(200);

  // Krokom's registrator reports the decision with the link from the e-mail, in the web form.
  const krokomToken = await reportToken('registrator@krokom.example');
  const browser = await webClient(base);
  const form = await browser.request('GET', `/rapportera/${krokomToken}`);
  expect(form.status).toBe(200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1] ?? browser.csrf;
  const reported = await browser.request('POST', `/rapportera/${krokomToken}`, { form: { _csrf: csrf, organ: 'Kommunstyrelsen', meetingDate: daysFromToday(-2), paragraf: '31', outcome: 'bifall' } });
  expect({ status: reported.status, location: reported.location }).toEqual({ status: 303, location: `/rapportera/${krokomToken}/kvitto` });
  expect((await browser.request('GET', `/rapportera/${krokomToken}/kvitto`)).status).toBe(200);
  // Östersund's link through the API; a tampered link is refused.
  const ostersundToken = await reportToken('registrator@ostersund.example');
  expect((await api('GET', `/api/v1/rapport/${ostersundToken}`, undefined)).status).toBe(200);
  const tampered = `${ostersundToken.slice(0, -3)}abc`;
  expect((await api('GET', `/api/v1/rapport/${tampered}`, undefined)).status).toBe(403);

  // The administrator signs in to the dashboard, reads the case page, closes Östersund's track.
  const admin = await webClient(base, TOKENS.administrator);
  expect((await admin.request('GET', `/arende/${SLUG}`)).status).toBe(200);
  expect((await admin.request('GET', `/?q=${encodeURIComponent(TOKENS.manager)}`)).status).toBe(200);
  expect((await api('POST', `/api/v1/cases/${SLUG}/tracks/ostersund/close`, TOKENS.administrator, { reason: 'Beslutat utanför systemet' })).status).toBe(200);
  expect((await api('GET', `/api/v1/cases/${SLUG}`, TOKENS.manager)).status).toBe(200);
  expect((await api('GET', '/api/v1/outstanding', TOKENS.krokom)).status).toBe(200);
  expect((await api('GET', '/api/v1/cases', 'an-unknown-token-never-in-a-log-0')).status).toBe(401);

  // The CLI with its debug lines: through the API with a token, and straight to Temporal.
  const viaApi = await cli(['case', 'show', DNR, '--api', base, '--token', TOKENS.administrator, '--debug']);
  expect(viaApi.code).toBe(0);
  expect(viaApi.stdout).toContain(DNR);
  const outstanding = await cli(['outstanding', '--api', base, '--token', TOKENS.manager], { ARENDE_DEBUG: '1' });
  expect(outstanding.code).toBe(0);
  expect((await cli(['case', 'show', DNR, '--debug'])).code).toBe(0);

  // Everything delivered, then both processes stopped: their last lines are in the output too.
  await eventually(async () => ((await api('GET', `/api/v1/cases/${SLUG}`, TOKENS.manager)).json.deliveries as { status: string }[] | undefined)?.every((d) => d.status === 'sent') || undefined, { timeoutMs: 30_000 });
  await Promise.all([worker.kill('SIGTERM'), http.kill('SIGTERM')]);

  const cookieValues = [...admin.cookie.split('; '), ...browser.cookie.split('; ')].map((pair) => decodeURIComponent(pair.slice(pair.indexOf('=') + 1)));
  const base64 = (text: string) => Buffer.from(text).toString('base64');
  const secrets: Record<string, string> = {
    ...Object.fromEntries(Object.entries(TOKENS).map(([role, token]) => [`API token (${role})`, token])),
    'unknown API token': 'an-unknown-token-never-in-a-log-0',
    'link secret': LINK_SECRET,
    'session secret': SESSION_SECRET,
    'SMTP password': SMTP.pass,
    'SMTP AUTH PLAIN': base64(`\u0000${SMTP.user}\u0000${SMTP.pass}`),
    'SMTP AUTH LOGIN password': base64(SMTP.pass),
    "Krokom's report-link token": krokomToken,
    "Krokom's report-link signature": krokomToken.split('.')[1]!,
    "Östersund's report-link token": ostersundToken,
    "Östersund's report-link signature": ostersundToken.split('.')[1]!,
    'tampered report-link token': tampered,
    ...Object.fromEntries(cookieValues.map((value, i) => [`cookie ${i + 1}`, value])),
  };
  const logs = { worker: worker.output(), http: http.output(), cli: cliOutput.join('\n') };
  // The CLI's answers on stdout name the case, not secrets; its debug lines are on stderr.
  const found = Object.entries(secrets).flatMap(([what, secret]) => Object.entries(logs).filter(([, text]) => text.includes(secret)).map(([where]) => `${what} in the ${where} log`));
  expect(found).toEqual([]);

  // The lines are there: JSON, at debug level, from every source the processes have.
  const lines = (text: string) => text.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown> & { level: number; msg: string });
  const workerLines = lines(logs.worker);
  const httpLines = lines(logs.http);
  const cliLines = lines(logs.cli);
  expect(workerLines.some((l) => l.level === 20)).toBe(true);
  expect(workerLines.some((l) => l.msg === 'Workflow started' && typeof l.workflowId === 'string')).toBe(true); // a workflow's log
  expect(workerLines.some((l) => l.msg === 'notification sent' && typeof l.activityId === 'string')).toBe(true); // an activity's log
  expect(workerLines.some((l) => l.sdkComponent === 'worker')).toBe(true); // the SDK's own lines
  const routes = httpLines.filter((l) => l.msg === 'request completed').map((l) => (l.req as { url: string }).url);
  expect(routes).toEqual(expect.arrayContaining(['/rapportera/:token', '/rapportera/:token/kvitto', '/api/v1/rapport/:token', `/api/v1/cases/${SLUG}`, '/logga-in']));
  expect(cliLines.filter((l) => l.msg === 'API request').every((l) => typeof l.requestId === 'string')).toBe(true);
  expect(cliLines.some((l) => l.msg === 'reaching the cases through Temporal')).toBe(true);

  const byLevel = (ls: { level: number }[]) => Object.entries(ls.reduce<Record<string, number>>((n, l) => ({ ...n, [l.level]: (n[l.level] ?? 0) + 1 }), {})).map(([level, n]) => `${n} × level ${level}`).join(', ');
  console.log(
    [
      `log lines searched for ${Object.keys(secrets).length} secrets (none found):`,
      `  worker ${workerLines.length} (${byLevel(workerLines)})`,
      `  http   ${httpLines.length} (${byLevel(httpLines)})`,
      `  cli    ${cliLines.length} (${byLevel(cliLines)})`,
      `  mail sent: ${smtp!.received.length} messages`,
    ].join('\n'),
  );
});

// `npm run test:api-fuzz`: schemathesis (pinned, in .tools/schemathesis-venv) against the OpenAPI
// document the HTTP server serves (/api/openapi.json), on a real stack: `npm start`'s supervisor
// (Temporal dev server, SMTP catcher, worker, HTTP server) on free ports with its data in a temporary
// folder, seeded with the demo cases through the CLI. One run per role — administrator, manager, a
// registrator (krokom), and no token at all — with a bounded example count and a fixed seed. Each
// role's checks must all pass: no 5xx, every response as the document describes it (status code
// documented, content type, body schema, headers), 405 for a method the path does not have.
// The summary per role goes to test-results/schemathesis.json (.ci/run sums `passed`/`failed`: one
// per role and check); the stack is stopped whatever happens (the stop is registered first).
//
// Variables: ARENDE_FUZZ_EXAMPLES (examples per operation, default 25), ARENDE_FUZZ_SEED (default 14),
// ARENDE_FUZZ_ROLES (comma-separated subset of the roles below).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
// Plain Node (it runs before anything is installed); its types are declared in ./schemathesis.d.ts.
import { ensureSchemathesis, pinnedVersion } from './schemathesis';

const ROOT = resolve(__dirname, '../..');
const say = (msg: string) => console.log(`[api-fuzz] ${msg}`);

// The checks every role's run must pass (schemathesis names).
const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_headers_conformance',
  'response_schema_conformance',
  'unsupported_method',
] as const;

const TOKENS = {
  administrator: 'fuzz-administrator-token-0123456789',
  manager: 'fuzz-manager-token-0123456789abcd',
  'registrator/krokom': 'fuzz-registrator-krokom-token-01',
} as const;
const ROLES = [...(Object.keys(TOKENS) as (keyof typeof TOKENS)[]), 'anonymous'] as const;
type Role = (typeof ROLES)[number];

const Settings = z.object({
  ARENDE_FUZZ_EXAMPLES: z.coerce.number().int().min(1).default(25),
  ARENDE_FUZZ_SEED: z.coerce.number().int().default(14),
  ARENDE_FUZZ_ROLES: z
    .string()
    .default(ROLES.join(','))
    .transform((value) => value.split(',').map((r) => r.trim()).filter(Boolean))
    .pipe(z.array(z.enum(ROLES)).min(1)),
});

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** The stack under `npm start`'s supervisor; stop() ends it (SIGTERM, then SIGKILL of its group). */
class Stack {
  private output = '';
  private readonly child: ChildProcess;
  readonly exited: Promise<number | null>;

  constructor(env: NodeJS.ProcessEnv) {
    // Its own process group, so a last-resort SIGKILL reaches it whatever it is doing.
    this.child = spawn(process.execPath, ['scripts/start.js'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [this.child.stdout, this.child.stderr]) stream?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((done) => {
      this.child.once('exit', (code) => done(code));
      this.child.once('error', () => done(-1));
    });
  }

  async ready(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let gone = false;
    void this.exited.then(() => (gone = true));
    while (!this.output.includes('Ärendeflöde is running.')) {
      if (gone) throw new Error(`the stack exited before it was ready:\n${this.output.slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`the stack was not ready within ${timeoutMs / 1000} s:\n${this.output.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async stop(): Promise<void> {
    const pid = this.child.pid;
    if (pid === undefined || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = new Promise<'timeout'>((done) => setTimeout(() => done('timeout'), 45_000).unref());
    if ((await Promise.race([this.exited, timer])) === 'timeout') {
      say('the stack did not stop within 45 s: killing it');
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
      await this.exited;
    }
  }
}

interface CheckFailure {
  check: string;
  operation: string;
  status?: number;
  message: string;
}

interface RoleResult {
  role: Role;
  exitCode: number | null;
  seconds: number;
  requests: number;
  operations: number;
  statuses: Record<string, number>;
  checks: Record<string, { passed: number; failed: number }>;
  failures: CheckFailure[];
  errors: string[];
  passed: number;
  failed: number;
}

/** Reads schemathesis's NDJSON event stream: every check's outcome and every response status. */
function summarise(role: Role, file: string, exitCode: number | null, seconds: number): RoleResult {
  const checks: RoleResult['checks'] = Object.fromEntries(CHECKS.map((c) => [c, { passed: 0, failed: 0 }]));
  const statuses: Record<string, number> = {};
  const failures: CheckFailure[] = [];
  const errors: string[] = [];
  const operations = new Set<string>();
  let requests = 0;
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    errors.push('schemathesis wrote no report');
  }
  for (const line of text.split('\n').filter(Boolean)) {
    const event = JSON.parse(line) as Record<string, Record<string, unknown>>;
    const [kind, body] = Object.entries(event)[0] ?? [];
    if (!kind || !body) continue;
    if (kind === 'ScenarioFinished') {
      const recorder = body.recorder as { label?: string; interactions?: Record<string, { response?: { status_code?: number } }>; checks?: Record<string, { name: string; status: string; failure_info?: { failure?: { title?: string; message?: string } }; response?: unknown }[]> } | undefined;
      if (recorder?.label) operations.add(recorder.label);
      for (const interaction of Object.values(recorder?.interactions ?? {})) {
        requests += 1;
        const status = interaction.response?.status_code;
        if (status !== undefined) statuses[status] = (statuses[status] ?? 0) + 1;
      }
      for (const list of Object.values(recorder?.checks ?? {})) {
        for (const check of list) {
          const counts = (checks[check.name] ??= { passed: 0, failed: 0 });
          if (check.status === 'success') counts.passed += 1;
          else if (check.status === 'failure') {
            counts.failed += 1;
            const failure = check.failure_info?.failure;
            failures.push({ check: check.name, operation: recorder?.label ?? '?', message: `${failure?.title ?? ''}: ${failure?.message ?? ''}`.slice(0, 500) });
          }
        }
      }
    } else if (kind === 'NonFatalError' || kind === 'FatalError') {
      const value = body.value as { type?: string; message?: string } | undefined;
      errors.push(`${String(body.label ?? '')} (${String(body.phase ?? '')}): ${value?.type ?? 'error'}: ${value?.message ?? JSON.stringify(body)}`.slice(0, 500));
    }
  }
  // One result per check: it passed for this role when it never failed. A run that did not finish
  // cleanly (schemathesis's own errors, or a failing exit without a failed check) is one failure more.
  const failedChecks = CHECKS.filter((c) => checks[c]!.failed > 0);
  const unclean = errors.length > 0 || (exitCode !== 0 && failedChecks.length === 0);
  if (exitCode !== 0 && failedChecks.length === 0 && errors.length === 0) errors.push(`schemathesis exited with ${exitCode}`);
  const failed = failedChecks.length + (unclean ? 1 : 0);
  return { role, exitCode, seconds, requests, operations: operations.size, statuses, checks, failures: dedupe(failures), errors, passed: CHECKS.length - failedChecks.length, failed };
}

/** Failures of the same check, operation and message once (schemathesis reports each example). */
function dedupe(failures: CheckFailure[]): CheckFailure[] {
  const seen = new Map<string, CheckFailure & { count?: number }>();
  for (const f of failures) {
    const key = `${f.check} ${f.operation} ${f.message}`;
    const entry = seen.get(key);
    if (entry) entry.count = (entry.count ?? 1) + 1;
    else seen.set(key, { ...f });
  }
  return [...seen.values()];
}

function runSchemathesis(st: string, role: Role, base: string, settings: z.infer<typeof Settings>, reportDir: string): RoleResult {
  const ndjson = join(reportDir, `${role.replace('/', '-')}.ndjson`);
  const args = [
    'run', `${base}/api/openapi.json`,
    '--checks', CHECKS.join(','),
    '--max-examples', String(settings.ARENDE_FUZZ_EXAMPLES),
    '--seed', String(settings.ARENDE_FUZZ_SEED),
    '--workers', '1',
    '--request-timeout', '30',
    '--phases', 'examples,coverage,fuzzing',
    '--continue-on-failure',
    '--suppress-health-check', 'all',
    '--output-truncate', 'true',
    '--report', 'ndjson', '--report-ndjson-path', ndjson,
  ];
  if (role !== 'anonymous') args.push('--header', `Authorization: Bearer ${TOKENS[role]}`);
  say(`schemathesis as ${role} (${settings.ARENDE_FUZZ_EXAMPLES} examples per operation, seed ${settings.ARENDE_FUZZ_SEED}) …`);
  const started = Date.now();
  // Its own report (failures with a curl line each) goes to a file beside the event stream.
  const output = openSync(join(reportDir, `${role.replace('/', '-')}.txt`), 'w');
  const result = spawnSync(st, args, { cwd: ROOT, stdio: ['ignore', output, output], env: { ...process.env, NO_COLOR: '1' } });
  closeSync(output);
  return summarise(role, ndjson, result.status, Math.round((Date.now() - started) / 100) / 10);
}

async function main(): Promise<number> {
  const settings = Settings.parse(process.env);
  const st = ensureSchemathesis();
  const dataDir = mkdtempSync(join(tmpdir(), 'arende-api-fuzz-'));
  const [temporalPort, uiPort, smtpPort, httpPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const base = `http://127.0.0.1:${httpPort}`;
  const stack = new Stack({
    ...process.env,
    ARENDE_DATA_DIR: dataDir,
    ARENDE_TEMPORAL_PORT: String(temporalPort),
    ARENDE_TEMPORAL_UI_PORT: String(uiPort),
    ARENDE_SMTP_PORT: String(smtpPort),
    ARENDE_HTTP_HOST: '127.0.0.1',
    ARENDE_HTTP_PORT: String(httpPort),
    ARENDE_API_TOKENS: Object.entries(TOKENS).map(([role, token]) => `${role}=${token}`).join(','),
  });
  // Registered before anything is awaited: a failure or a signal still stops the stack.
  const stop = async () => {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop().then(() => process.exit(130)));
  try {
    say(`starting the stack (HTTP server ${base}, data in ${dataDir}) …`);
    const started = Date.now();
    await stack.ready(300_000);
    say(`stack ready in ${Math.round((Date.now() - started) / 1000)} s; importing the demo cases …`);
    const imported = spawnSync(process.execPath, ['bin/arende.js', 'import', 'demo/cases', '--api', base, '--token', TOKENS.administrator], { cwd: ROOT, encoding: 'utf8' });
    if (imported.status !== 0) throw new Error(`importing the demo cases failed:\n${imported.stdout}${imported.stderr}`);
    // schemathesis's own event streams stay for a look at a failure (test-results/ is git-ignored).
    const reportDir = join(ROOT, 'test-results', 'schemathesis');
    rmSync(reportDir, { recursive: true, force: true });
    mkdirSync(reportDir, { recursive: true });
    const results = settings.ARENDE_FUZZ_ROLES.map((role) => runSchemathesis(st, role, base, settings, reportDir));
    const summary = {
      schemathesis: pinnedVersion(),
      examplesPerOperation: settings.ARENDE_FUZZ_EXAMPLES,
      seed: settings.ARENDE_FUZZ_SEED,
      checks: CHECKS,
      // One result per role and check; under jest's names too, which .ci/run's summary line sums.
      passed: results.reduce((n, r) => n + r.passed, 0),
      failed: results.reduce((n, r) => n + r.failed, 0),
      numPassedTests: results.reduce((n, r) => n + r.passed, 0),
      numFailedTests: results.reduce((n, r) => n + r.failed, 0),
      roles: results,
    };
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    writeFileSync(join(ROOT, 'test-results', 'schemathesis.json'), `${JSON.stringify(summary, null, 2)}\n`);
    for (const r of results) {
      const statuses = Object.entries(r.statuses).map(([s, n]) => `${s}×${n}`).join(' ');
      say(`${r.role}: ${r.requests} requests, ${r.operations} operations in ${r.seconds} s; statuses ${statuses}; ${r.passed} checks passed, ${r.failed} failed`);
      for (const f of r.failures) say(`  ${f.check} ${f.operation}: ${f.message}`);
      for (const e of r.errors) say(`  error: ${e}`);
    }
    say(`${summary.passed} passed, ${summary.failed} failed (test-results/schemathesis.json)`);
    return summary.failed === 0 ? 0 : 1;
  } finally {
    say('stopping the stack …');
    await stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`[api-fuzz] ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);

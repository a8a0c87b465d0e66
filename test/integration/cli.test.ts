// `arende` as a user runs it: the real process (bin/arende.js), against a real Temporal dev server
// with the real case workflows and an in-process worker (delivery is a test double: this file is
// about the CLI, not e-mail), directly and through the real HTTP API (--api/--token).
import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../client/http/server';
import { AccessControl, parseApiTokens } from '../../client/api/access';
import { TemporalCaseGateway } from '../../client/api/temporal-gateway';
import { TEST_NAMESPACE, eventually } from '../helpers/temporal';
import { todayInStockholm } from '../helpers/dates';
import { daysBetween, type IsoDate } from '../../domain/dates';
import { recordingDelivery, registry, startCaseStack, type CaseStack } from '../workflow/support';

const ROOT = path.join(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/arende.js');
const TASK_QUEUE = `cli-test-${process.pid}`;
const ADMIN_TOKEN = 'administrator-token-for-cli-tests';

let stack: CaseStack;
let app: FastifyInstance;
let apiUrl: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as a child process (asynchronously: the worker in this process must keep polling). */
function arende(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: {
          ...process.env,
          TEMPORAL_ADDRESS: stack.env.address,
          TEMPORAL_NAMESPACE: TEST_NAMESPACE,
          ARENDE_TASK_QUEUE: TASK_QUEUE,
          ARENDE_API_URL: '',
          ARENDE_API_TOKEN: '',
          ARENDE_ACTOR: 'cli-test',
        },
      },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

/** The cells of one row of a CLI table (cli-table3's │ borders). */
const cells = (line: string) => line.split('│').slice(1, -1).map((c) => c.trim());

const json = (run: Run) => {
  expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: expect.any(Number) });
  return JSON.parse(run.stdout);
};

beforeAll(async () => {
  stack = await startCaseStack(TASK_QUEUE, recordingDelivery().activities);
  const { env, client } = stack;
  app = await buildServer({
    connection: env.connection,
    target: { address: env.address, namespace: TEST_NAMESPACE, taskQueue: TASK_QUEUE, tls: false },
    api: { cases: new TemporalCaseGateway(client, registry, TASK_QUEUE), access: new AccessControl(parseApiTokens(`administrator=${ADMIN_TOKEN}`)) },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  apiUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await app?.close();
  await stack?.stop();
});

describe('arende against Temporal', () => {
  test('case start registers once; a second start exits 0, creates nothing and says the case exists', async () => {
    const first = await arende('case', 'start', 'demo/cases/RS-62-2026.json', '--json');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ dnr: 'RS/62/2026', created: true });

    const again = await arende('case', 'start', 'demo/cases/RS-62-2026.json', '--json');
    expect(again.code).toBe(0);
    const second = JSON.parse(again.stdout);
    expect(second).toMatchObject({ dnr: 'RS/62/2026', created: false });
    expect(second.message).toMatch(/finns redan/);

    const shown = await arende('case', 'show', 'RS-62-2026');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('RS/62/2026');
    expect(shown.stdout).toMatch(/Läge:\s+inför sammanträdet/);
  });

  test('import demo/cases registers the rest and replays their events; a re-run changes nothing', async () => {
    const run = await arende('import', 'demo/cases', '--json');
    const summary = json(run);
    // Not a TTY: plain progress lines on stderr, one per file.
    expect(run.stderr.trim().split('\n')).toHaveLength(5);
    // Every event of every seed case is accepted: 19 in all (RS/62/2026 was started above).
    expect(summary).toMatchObject({ files: 5, registered: 4, alreadyExisted: 1, eventsApplied: 19, eventsAlreadyRecorded: 0, refused: [] });
    expect(run.code).toBe(0);
    const rs62 = summary.cases.find((c: { dnr: string }) => c.dnr === 'RS/62/2026');
    expect(rs62).toMatchObject({ created: false, applied: 4, alreadyRecorded: 0, refused: [] });

    const rerun = await arende('import', 'demo/cases', '--json');
    const again = json(rerun);
    expect(again).toMatchObject({ files: 5, registered: 0, alreadyExisted: 5, eventsApplied: 0 });
    expect(again.eventsAlreadyRecorded).toBe(summary.eventsApplied);
    expect(again.refused).toEqual([]);
    expect(rerun.code).toBe(0);

    const table = await arende('import', 'demo/cases/RS-62-2026.json');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/Registrerade/);

    const log = json(await arende('case', 'events', 'RS/62/2026', '--json'));
    expect(log.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['registered', 'rsr-decided', 'justering-recorded', 'anslag-posted']));
    expect(log.filter((e: { type: string }) => e.type === 'rsr-decided')).toHaveLength(1);
    const readable = await arende('case', 'events', 'RS/62/2026');
    expect(readable.code).toBe(0);
    expect(readable.stdout).toMatch(/Tid \(Stockholm\)/);
  });

  test('outstanding --party krokom --json lists RS/62/2026 as overdue since senast 2026-04-30, with the days late', async () => {
    const items = await eventually(async () => {
      const run = await arende('outstanding', '--party', 'krokom', '--json');
      expect(run.code).toBe(0);
      const list = JSON.parse(run.stdout) as { dnr: string; party: string; state: string; overdue: boolean }[];
      return list.some((i) => i.dnr === 'RS/62/2026' && i.overdue) ? list : undefined;
    }, { timeoutMs: 20_000, intervalMs: 500 });
    expect(items.every((i) => i.party === 'krokom')).toBe(true);
    // Machine-friendly: ids and states, plus the name, the passed last day and the days (negative: late).
    expect(items.find((i) => i.dnr === 'RS/62/2026')).toEqual({
      dnr: 'RS/62/2026',
      party: 'krokom',
      partyName: 'Krokoms kommun',
      state: 'overdue',
      detail: 'overdue',
      nextDeadline: '2026-04-30',
      daysLeft: daysBetween(todayInStockholm(), '2026-04-30' as IsoDate),
      overdue: true,
    });
  });

  test('outstanding --party krokom reads like the ärendebalanslista: name, försenad, its last day and the days late', async () => {
    const run = await arende('outstanding', '--party', 'krokom');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(cells(lines.find((l) => l.includes('Dnr'))!)).toEqual(['Dnr', 'Part', 'Läge', 'Sista dag', 'Dagar kvar']);
    const late = daysBetween(todayInStockholm(), '2026-04-30' as IsoDate);
    expect(late).toBeLessThan(0);
    expect(cells(lines.find((l) => l.includes('RS/62/2026'))!)).toEqual(['RS/62/2026', 'Krokoms kommun', 'försenad', '2026-04-30', String(late)]);
    expect(run.stdout).not.toMatch(/\boverdue\b|│ krokom /);
    expect(run.stdout).toMatch(/utestående, varav [1-9]\d* försenade\./);
  });

  test('bad input exits 2 and names the flag; an unknown case exits 1', async () => {
    const bad = await arende('decide', 'RS/62/2026', '--party', 'krokom', '--meeting', '2026-02-30', '--paragraf', '45', '--outcome', 'bifall');
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^arende decide: --meeting: "2026-02-30" finns inte i kalendern/);

    const missing = await arende('withdraw', 'RS/62/2026', '--date', '2026-05-01');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--reason');

    const unknown = await arende('case', 'show', 'XX/1/2026');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/XX\/1\/2026 finns inte/);
  });
});

describe('arende --api against the HTTP API', () => {
  test('decide through the API is recorded on the track; a wrong token exits 1; a refusal exits 1 with the rule', async () => {
    const decided = await arende('decide', 'RS/62/2026', '--api', apiUrl, '--token', ADMIN_TOKEN, '--json',
      '--party', 'krokom', '--meeting', '2026-05-12', '--paragraf', '45', '--outcome', 'bifall', '--justerad', '2026-05-15', '--justerare', 'A. Andersson, B. Berg');
    expect(decided.stderr).toBe('');
    expect(decided.code).toBe(0);
    expect(JSON.parse(decided.stdout)).toMatchObject({ dnr: 'RS/62/2026', stage: 'justerat' });

    const status = json(await arende('case', 'show', 'RS/62/2026', '--json', '--api', apiUrl, '--token', ADMIN_TOKEN));
    const krokom = status.trackStatus.find((t: { party: string }) => t.party === 'krokom');
    expect(krokom.decisions).toEqual([expect.objectContaining({ meetingDate: '2026-05-12', paragraf: 45, outcome: 'bifall' })]);
    expect(krokom.justering).toEqual({ date: '2026-05-15', justerare: ['A. Andersson', 'B. Berg'] });

    const shown = await arende('case', 'show', 'RS/62/2026', '--api', apiUrl, '--token', ADMIN_TOKEN);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/Krokom.*justerad/);

    const denied = await arende('outstanding', '--api', apiUrl, '--token', 'not-the-right-token-at-all');
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/API 401/);

    const refused = await arende('withdraw', 'RS/62/2026', '--api', apiUrl, '--token', ADMIN_TOKEN, '--reason', 'Fel ärende', '--date', '2025-01-01');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/API 409: .*före tjänsteskrivelsen/);
  });

  test('outstanding --overdue through the API: the same table, with the names and the days late; Krokom (decided) is gone', async () => {
    const rows = await eventually(async () => {
      const r = await arende('outstanding', '--overdue', '--api', apiUrl, '--token', ADMIN_TOKEN);
      const found = r.stdout.split('\n').filter((l) => l.includes('RS/62/2026')).map(cells);
      return r.code === 0 && found.length > 0 && !found.some(([, name]) => name === 'Krokoms kommun') ? found : undefined;
    }, { timeoutMs: 20_000, intervalMs: 500 });
    const late = String(daysBetween(todayInStockholm(), '2026-04-30' as IsoDate));
    expect(rows).toContainEqual(['RS/62/2026', 'Bergs kommun', 'försenad', '2026-04-30', late]);
    expect(rows.every(([, , word, lastDay, days]) => word === 'försenad' && lastDay === '2026-04-30' && days === late)).toBe(true);
    const json = JSON.parse((await arende('outstanding', '--overdue', '--json', '--api', apiUrl, '--token', ADMIN_TOKEN)).stdout) as { party: string; partyName: string; nextDeadline: string }[];
    expect(json.find((i) => i.party === 'berg')).toMatchObject({ partyName: 'Bergs kommun', state: 'overdue', nextDeadline: '2026-04-30', daysLeft: Number(late) });
  });
});

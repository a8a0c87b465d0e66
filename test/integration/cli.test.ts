// `arende` as a user runs it: the real process (bin/arende.js), against a real Temporal dev server
// with the real case workflows and an in-process worker (delivery is a test double: this file is
// about the CLI, not e-mail), directly and through the real HTTP API (--api/--token).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../client/http/server';
import { AccessControl, parseApiTokens } from '../../client/api/access';
import { TemporalCaseGateway } from '../../client/api/temporal-gateway';
import { TEST_NAMESPACE, eventually } from '../helpers/temporal';
import { todayInStockholm } from '../helpers/dates';
import { daysBetween, type IsoDate } from '../../domain/dates';
import { demoCase, recordingDelivery, registry, startCaseStack, type CaseStack } from '../workflow/support';
import { leafCommands } from '../helpers/cli';
import { pdfFromLines } from '../helpers/pdf-from-text';
import { CaseFile } from '../../domain/case-file';
import { validate } from '../../domain/errors';
import { STACK_STOP_TIMEOUT_MS } from '../helpers/teardown';

const ROOT = path.join(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/arende.js');
const TASK_QUEUE = `cli-test-${process.pid}`;
const ADMIN_TOKEN = 'administrator-token-for-cli-tests';
/** A recipient whose mail server refuses every message: its deliveries fail, for `arende retry`. */
const BOUNCING = 'studsar@example.invalid';

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
  return arendeWith({}, ...args);
}

function arendeWith(env: NodeJS.ProcessEnv, ...args: string[]): Promise<Run> {
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
          ARENDE_READ_MODEL_FILE: stack.readModelFile,
          ...env,
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
  stack = await startCaseStack(TASK_QUEUE, recordingDelivery([BOUNCING]).activities);
  const { env, client } = stack;
  app = await buildServer({
    connection: env.connection,
    target: { address: env.address, namespace: TEST_NAMESPACE, taskQueue: TASK_QUEUE, tls: false },
    readModel: stack.readModel,
    api: { cases: new TemporalCaseGateway(client, registry, TASK_QUEUE, stack.readModel), access: new AccessControl(parseApiTokens(`administrator=${ADMIN_TOKEN}`)) },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  apiUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await app?.close();
  await stack?.stop();
}, STACK_STOP_TIMEOUT_MS);

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
    expect(table.stdout).toMatch(/\n0 registrerade, 1 fanns redan, 0 avslutade, 0 fel\./);

    const log = json(await arende('case', 'events', 'RS/62/2026', '--json'));
    expect(log.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['registered', 'rsr-decided', 'justering-recorded', 'anslag-posted']));
    expect(log.filter((e: { type: string }) => e.type === 'rsr-decided')).toHaveLength(1);
    const readable = await arende('case', 'events', 'RS/62/2026');
    expect(readable.code).toBe(0);
    expect(readable.stdout).toMatch(/Tid \(Stockholm\)/);
    // The actors in words (the --json log keeps them as recorded); ARENDE_ACTOR as it was set.
    expect(readable.stdout).toContain('Ärendeflöde (automatiskt)');
    expect(readable.stdout).toContain('cli-test');
    expect(readable.stdout).not.toMatch(/│ system │/);
    expect(log.map((e: { actor: string }) => e.actor)).toContain('system');
  });

  test('outstanding --party krokom --json lists RS/62/2026 as overdue since senast 2026-04-30, with the days late', async () => {
    const items = await eventually(async () => {
      const run = await arende('outstanding', '--party', 'krokom', '--json');
      expect(run.code).toBe(0);
      const list = (JSON.parse(run.stdout) as { items: { dnr: string; party: string; state: string; overdue: boolean }[] }).items;
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
    // The huvudmän by name, never by id.
    expect(shown.stdout).toMatch(/Huvudmän: +Region Jämtland Härjedalen, Bergs kommun/);
    expect(shown.stdout).not.toMatch(/\((krokom|region-jh)\)/);

    const denied = await arende('outstanding', '--api', apiUrl, '--token', 'not-the-right-token-at-all');
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/API 401/);

    const refused = await arende('withdraw', 'RS/62/2026', '--api', apiUrl, '--token', ADMIN_TOKEN, '--reason', 'Fel ärende', '--date', '2025-01-01');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/API 409: .*före tjänsteskrivelsen/);
  });

  test('rattelse through the API corrects Krokom\'s justering day with a reason (--json); a bad date exits 2 naming the flag', async () => {
    const corrected = await arende('rattelse', 'RS/62/2026', '--api', apiUrl, '--token', ADMIN_TOKEN, '--json',
      '--what', 'justering', '--party', 'krokom', '--date', '2026-05-14', '--reason', 'Fel dag i rapporten');
    expect(corrected.stderr).toBe('');
    expect(corrected.code).toBe(0);
    expect(JSON.parse(corrected.stdout)).toMatchObject({ dnr: 'RS/62/2026', stage: 'justerat', message: 'Krokoms kommun: rättelse av justeringen: justeringsdag 2026-05-15 → 2026-05-14; skäl: Fel dag i rapporten' });

    const bad = await arende('rattelse', 'RS/62/2026', '--what', 'anslag', '--party', 'krokom', '--posted', '2026-13-01', '--reason', 'X');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^arende rattelse: --posted: /);
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
    const json = (JSON.parse((await arende('outstanding', '--overdue', '--json', '--api', apiUrl, '--token', ADMIN_TOKEN)).stdout) as { items: { party: string; partyName: string; nextDeadline: string }[] }).items;
    expect(json.find((i) => i.party === 'berg')).toMatchObject({ partyName: 'Bergs kommun', state: 'overdue', nextDeadline: '2026-04-30', daysLeft: Number(late) });
  });
});

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => ok(port));
    });
  });
}

describe('a server that cannot be reached', () => {
  test('Temporal or the API unreachable: the message names the address tried, in Swedish, exit 1, no stack trace', async () => {
    const port = await freePort();
    const direct = await arendeWith({ TEMPORAL_ADDRESS: `127.0.0.1:${port}` }, 'outstanding', '--json');
    expect(direct.code).toBe(1);
    expect(direct.stdout).toBe('');
    expect(direct.stderr).toMatch(new RegExp(`^arende: Temporal på 127\\.0\\.0\\.1:${port} svarar inte \\(ingen anslutning inom 10 sekunder\\)\\..*TEMPORAL_ADDRESS`));
    expect(direct.stderr).not.toMatch(/\n\s+at |Error:/);

    const api = await arende('case', 'show', 'RS/62/2026', '--api', `http://127.0.0.1:${port}`, '--token', ADMIN_TOKEN);
    expect(api.code).toBe(1);
    expect(api.stderr).toMatch(new RegExp(`^arende: API:t på http://127\\.0\\.0\\.1:${port} svarar inte \\(ECONNREFUSED\\)`));
    expect(api.stderr).not.toMatch(/\n\s+at |Error:/);
  }, 30_000);
});

// Every command the CLI has, run for real with --json on one case carried from registration to
// completed: each step must exit 0 with one JSON document on stdout. The first test fails when a
// command is added without a step here, so a command without --json cannot slip in.
describe('every command, with --json, on RS/900/2026', () => {
  const DNR = 'RS/900/2026';
  const dir = mkdtempSync(path.join(tmpdir(), 'arende-cli-'));
  const cases = path.join(dir, 'cases');
  mkdirSync(cases);
  const base = demoCase('RS-62-2026.json').registration;
  const registration = {
    ...base,
    dnr: DNR,
    beredning: [],
    recommendation: { ...base.recommendation, huvudman: ['krokom', 'berg'], senast: '2026-12-20' },
    expedierasTill: [{ name: 'Studsande mottagare', organisation: 'Testkommunen', email: BOUNCING }],
  };
  const file = path.join(cases, 'RS-900-2026.json');
  // The file import reads later: what was recorded below, and an appeal the case does not hold.
  writeFileSync(file, JSON.stringify({ registration, events: [{ type: 'rsr-decided', meetingDate: '2026-01-26', paragraf: 7, beslut: ['Bifall till rekommendationen'] }] }));
  const other = { ...registration, dnr: 'RS/901/2026', title: 'Ett ärende som återkallas' };
  writeFileSync(path.join(cases, 'RS-901-2026.json'), JSON.stringify({ registration: other, events: [] }));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const ran = new Set<string>();
  /** Runs one command with --json; it must succeed with one JSON document on stdout. */
  async function step(command: string[], ...args: string[]) {
    ran.add(command.join(' '));
    const run = await arende(...command, ...args, '--json');
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    return JSON.parse(run.stdout);
  }
  const api = ['--api', () => apiUrl, '--token', ADMIN_TOKEN] as const;
  const viaApi = () => api.map((a) => (typeof a === 'function' ? a() : a));

  test('case start, beredning, rsr-beslut, justera, anslag: each answers its receipt', async () => {
    expect(await step(['case', 'start'], file)).toMatchObject({ dnr: DNR, created: true });
    const beredning = await step(['beredning'], DNR, '--organ', 'SVOM', '--meeting', '2026-01-15', '--paragraf', '4', '--outcome', 'tillstyrkt');
    expect(beredning).toMatchObject({ dnr: DNR, seq: expect.any(Number), message: expect.stringContaining('SVOM 2026-01-15 § 4') });
    // Through the API too: the same command, the same receipt.
    const rsr = await step(['rsr-beslut'], DNR, '--meeting', '2026-01-26', '--paragraf', '7', '--beslut', 'Bifall till rekommendationen', ...viaApi());
    expect(rsr).toMatchObject({ dnr: DNR, stage: 'rsr-decided' });
    expect(await step(['justera'], DNR, '--date', '2026-02-02', '--justerare', 'Alex Exempel')).toMatchObject({ stage: 'justerat' });
    expect(await step(['anslag'], DNR, '--posted', '2026-02-03')).toMatchObject({ stage: 'anslag' });

    const status = await step(['case', 'show'], DNR);
    expect(status.rsr).toMatchObject({ meetingDate: '2026-01-26', paragraf: 7 });
    const log = await step(['case', 'events'], DNR);
    expect(log.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['beredning-recorded', 'rsr-decided', 'justering-recorded', 'anslag-posted']));
  }, 60_000);

  test('without a flag to name it, a receipt reads in Swedish: no raw stage ids', async () => {
    const run = await arende('overklaga', DNR, '--inkom', '2026-02-05', '--klagande', 'B. Klagande', '--domstol', 'Förvaltningsrätten i Härnösand');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^RS\/900\/2026: Överklagande inkom 2026-02-05 från B\. Klagande \(ärendets stadium: anslaget\)\n$/);
  });

  test('retry: lists the failed delivery with its key and next attempt, then retries it as the case page does', async () => {
    const failed = await eventually(async () => {
      const list = (await step(['retry'], DNR)) as { key: string; status: string; attempts: number; nextAttempt: number; recipient: { email?: string } }[];
      return list.find((d) => d.recipient.email === BOUNCING);
    }, { timeoutMs: 20_000, intervalMs: 500 });
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, nextAttempt: 2 });
    const table = await arende('retry', DNR);
    expect(table.stdout).toContain(failed.key);
    expect(table.stdout).toMatch(/protokollsutdrag.*Studsande mottagare.*misslyckades/);

    const retried = await step(['retry'], DNR, '--nyckel', failed.key, '--forsok', '2', ...viaApi());
    expect(retried).toMatchObject({ dnr: DNR, key: failed.key, attempts: 2, status: 'failed' });
    // The same attempt again (a repeated command) is the same retry, not a third attempt.
    await arende('retry', DNR, '--nyckel', failed.key, '--forsok', '2');
    const after = (await step(['retry'], DNR)) as { key: string; attempts: number }[];
    expect(after.find((d) => d.key === failed.key)).toMatchObject({ attempts: 2 });
    const unknown = await arende('retry', DNR, '--nyckel', 'ingen-sadan-nyckel');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/ingen leverans med nyckeln ingen-sadan-nyckel/);
  }, 60_000);

  test('overklaga, decide, close: the appeal is recorded; closing the last open track completes the case', async () => {
    expect(await step(['overklaga'], DNR, '--inkom', '2026-02-10', '--klagande', 'A. Klagande', ...viaApi())).toMatchObject({ dnr: DNR, message: expect.stringContaining('2026-02-10') });
    expect(await step(['decide'], DNR, '--party', 'krokom', '--meeting', '2026-03-10', '--paragraf', '12', '--outcome', 'bifall')).toMatchObject({ stage: 'decided' });
    expect(await step(['rattelse'], DNR, '--what', 'decision', '--party', 'krokom', '--paragraf', '13', '--reason', 'Fel paragraf i rapporten')).toMatchObject({
      stage: 'decided',
      message: expect.stringContaining('paragraf § 12 → § 13; skäl: Fel paragraf i rapporten'),
    });
    const closed = await step(['close'], DNR, '--party', 'krokom', '--reason', 'Krokom har meddelat att beslutet står');
    expect(closed).toMatchObject({ dnr: DNR, party: 'krokom', stage: 'closed' });
    const readable = await arende('close', DNR, '--party', 'berg', '--reason', 'Berg avstår från att besluta', ...viaApi());
    expect(readable.stderr).toBe('');
    expect(readable.stdout).toMatch(/^RS\/900\/2026: .*\(spårets läge: stängd\)\n$/);
    // A closed track takes no second close (what the refusal says is the API's, see client/api).
    expect((await arende('close', DNR, '--party', 'berg', '--reason', 'En gång till')).code).toBe(1);

    const status = await eventually(async () => {
      const s = await step(['case', 'show'], DNR);
      return s.stage === 'completed' ? s : undefined;
    }, { timeoutMs: 20_000, intervalMs: 500 });
    expect(status.appeals).toEqual(expect.arrayContaining([expect.objectContaining({ filedOn: '2026-02-10', appellant: 'A. Klagande' })]));
    expect((await step(['outstanding'], '--party', 'berg')).items).toEqual(expect.not.arrayContaining([expect.objectContaining({ dnr: DNR })]));
    expect(await step(['calendar'], '--posted', '2026-02-03')).toMatchObject({ lastAppealDay: '2026-02-24' });
  }, 90_000);

  test('export: the archive record on stdout, or in a file with a receipt', async () => {
    const record = await step(['export'], DNR);
    expect(record).toMatchObject({ dnr: DNR, status: { stage: 'completed' } });
    expect(record.histories.map((h: { workflowId: string }) => h.workflowId)).toHaveLength(3);
    const target = path.join(dir, 'akt.json');
    const receipt = await step(['export'], DNR, '--fil', target, ...viaApi());
    expect(receipt).toMatchObject({ dnr: DNR, file: target, histories: 3 });
    const written = JSON.parse(readFileSync(target, 'utf8'));
    expect(written.events.map((e: { type: string }) => e.type)).toEqual(record.events.map((e: { type: string }) => e.type));
    const readable = await arende('export', DNR, '--fil', target);
    expect(readable.stdout).toMatch(/^RS\/900\/2026: akten är skriven till .*akt\.json \(\d+ byte, 3 Temporal-historiker\)\n$/);
  }, 60_000);

  test('import goes on past a completed case: it says so for that case, registers the next, and ends with the summary', async () => {
    const summary = await step(['import'], cases);
    expect(summary).toMatchObject({ files: 2, registered: 1, alreadyExisted: 0, completed: 1, failed: 0, eventsAlreadyRecorded: 1, refused: [] });
    expect(summary.cases.find((c: { dnr: string }) => c.dnr === DNR)).toMatchObject({ created: false, closed: 'completed' });

    // A completed case takes no more events: one it does not hold is not sent, and that is no failure.
    const withAppeal = JSON.parse(readFileSync(file, 'utf8'));
    withAppeal.events.push({ type: 'appeal-filed', filedOn: '2026-02-20', appellant: 'C. Klagande' });
    writeFileSync(file, JSON.stringify(withAppeal));
    expect(await step(['withdraw'], 'RS/901/2026', '--reason', 'Registrerat av misstag', '--date', '2026-02-01')).toMatchObject({ stage: 'withdrawn' });
    const run = await eventually(async () => {
      const r = await arende('import', cases);
      return r.stdout.includes('återkallat') ? r : undefined;
    }, { timeoutMs: 20_000, intervalMs: 1_000 });
    expect(run.code).toBe(0);
    const rows = run.stdout.split('\n').filter((l) => l.includes('│')).map(cells);
    expect(rows).toContainEqual([path.relative(ROOT, file), DNR, 'fanns redan och är avslutat, 0 händelser, 1 redan registrerade, 1 skickades inte (ärendet är avslutat)']);
    expect(rows).toContainEqual([expect.stringContaining('RS-901-2026.json'), 'RS/901/2026', 'fanns redan och är återkallat, 0 händelser']);
    expect(run.stdout).toMatch(/\n0 registrerade, 0 fanns redan, 2 avslutade, 0 fel\. Händelser: 0 registrerade, 1 fanns redan, 1 skickades inte \(ärendet avslutat\)\.\n$/);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^\[1\/2\] .*RS-900-2026\.json: RS\/900\/2026 fanns redan och är avslutat/), expect.stringMatching(/^\[2\/2\] .*RS-901-2026\.json: RS\/901\/2026 fanns redan och är återkallat/)]);

    // A file that fails is one line with its reason; the next file is still imported.
    writeFileSync(path.join(cases, 'RS-899-2026.json'), JSON.stringify({ registration: { ...registration, dnr: 'RS/899/2026', recommendation: { ...registration.recommendation, huvudman: ['okand-part'] } }, events: [] }));
    const mixed = await arende('import', cases);
    expect(mixed.code).toBe(1);
    expect(mixed.stdout).toMatch(/\n0 registrerade, 0 fanns redan, 2 avslutade, 1 fel\./);
    expect(mixed.stdout).toMatch(/RS\/899\/2026 *│ fel: /);
  }, 120_000);

  test('reindex and reindex --check: a read model rebuilt from every workflow, then equal to them', async () => {
    const readModel = { ARENDE_READ_MODEL_FILE: path.join(dir, 'readmodel.sqlite') };
    ran.add('reindex');
    const rebuilt = await arendeWith(readModel, 'reindex', '--json');
    expect({ code: rebuilt.code, stderr: rebuilt.stderr }).toEqual({ code: 0, stderr: expect.stringMatching(/arbetsflöden lästa\n$/) });
    const summary = JSON.parse(rebuilt.stdout);
    expect(summary).toMatchObject({ removed: 0, failures: [] });
    expect(summary.cases).toBeGreaterThanOrEqual(7);
    const check = await arendeWith(readModel, 'reindex', '--check', '--json');
    expect(JSON.parse(check.stdout)).toMatchObject({ cases: summary.cases, tracks: summary.tracks, differences: [], failures: [] });
    expect(check.code).toBe(0);
  }, 60_000);

  test('parse: seed 002 as text and as a PDF reads in Swedish with the Dnr, the lines and what is missing; a bad file exits 2', async () => {
    const seed = path.join(ROOT, 'test/fixtures/documents/seed-002-rsr-kallelse-2026-01-26.txt');
    const pdf = path.join(dir, 'kallelse-2026-01-26.pdf');
    writeFileSync(pdf, await pdfFromLines(readFileSync(seed, 'utf8').split('\n'), { header: 'Kallelse/föredragningslista Regionens samverkansråd 2026-01-26', footer: 'Sida {page} av {pages}' }));
    for (const file of [seed, pdf]) {
      const run = await arende('parse', file);
      expect({ file, code: run.code, stderr: run.stderr }).toEqual({ file, code: 0, stderr: '' });
      expect(run.stdout).toContain(': kallelse/föredragningslista\n  Organ: Regionens samverkansråd');
      expect(run.stdout).toMatch(/\n {2}3\. RS\/62\/2026 Etablering av arbetsgrupp för samarbete inom totalförsörjningsfrågor — rekommendation till huvudmännen \(rad \d+–\d+\)\n/);
      expect(run.stdout).toMatch(/\n {2}6\. HSN\/2088\/2025 Länshandlingsplan .* — rekommendation till huvudmännen/);
      expect(run.stdout).toMatch(/ {4}Diarienummer: RS\/62\/2026 \(rad \d+\)\n/);
      expect(run.stdout).toContain('    Saknas: Handläggare › Namn, Tjänsteskrivelse › Datum, Tjänsteskrivelse › Författare, Rekommendation › Senast\n');
      expect(run.stdout).toContain('Kaffepaus — paus');
    }
    const bad = path.join(dir, 'trasig.pdf');
    writeFileSync(bad, readFileSync(pdf).subarray(0, 1500));
    for (const [file, message] of [
      [bad, /^arende parse: <fil>: .*trasig\.pdf: PDF-filen är ofullständig/],
      [path.join(dir, 'finns-inte.pdf'), /^arende parse: <fil>: .*finns-inte\.pdf finns inte\n$/],
    ] as const) {
      const run = await arende('parse', file);
      expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
      expect(run.stderr).toMatch(message);
    }
  });

  test('parse --json: the proposed case files, which validate once the missing fields are filled in, and import as a JSON array', async () => {
    const proposed = await step(['parse'], path.join(ROOT, 'test/fixtures/documents/seed-002-rsr-kallelse-2026-01-26.txt'));
    expect(proposed.map((f: { registration: { dnr: string } }) => f.registration.dnr)).toEqual(['RS/62/2026', 'HSN/2088/2025']);
    expect(validate(CaseFile, proposed[0]).ok).toBe(false);
    const filled = proposed.map((f: { registration: Record<string, any> }) => ({ // eslint-disable-line @typescript-eslint/no-explicit-any
      ...f,
      registration: {
        ...f.registration,
        handlaggare: { name: 'Kim Exempelsson' },
        tjansteskrivelse: { ...f.registration.tjansteskrivelse, date: '2026-01-12', author: 'Kim Exempelsson' },
        recommendation: { ...f.registration.recommendation, senast: '2026-04-30' },
      },
    }));
    for (const f of filled) expect(validate(CaseFile, f)).toMatchObject({ ok: true });
    const file = path.join(dir, 'kallelse-2026-01-26.json');
    writeFileSync(file, JSON.stringify(filled));
    // Both are demo cases, imported above: each its own row, neither created twice.
    const run = await arende('import', file);
    expect(run.code).toBe(0);
    const rows = run.stdout.split('\n').filter((l) => l.includes('│')).map(cells);
    expect(rows).toContainEqual([`${path.relative(ROOT, file)} [1]`, 'RS/62/2026', expect.stringMatching(/^fanns redan/)]);
    expect(rows).toContainEqual([`${path.relative(ROOT, file)} [2]`, 'HSN/2088/2025', expect.stringMatching(/^fanns redan/)]);
  }, 60_000);

  test('parse --katalog: one file per case, never overwritten; imported unfilled it names the missing fields, filled it registers', async () => {
    const kallelse = path.join(ROOT, 'test/fixtures/documents/own-rsr-kallelse-2027-02-01.txt');
    const target = path.join(dir, 'nya');
    const wrote = await arende('parse', kallelse, '--katalog', target);
    expect(wrote.code).toBe(0);
    const written = path.join(target, 'RS-77-2027.json');
    expect(wrote.stdout).toContain(`Skrev ${written}; saknas: Handläggare › Namn, Tjänsteskrivelse › Datum, Tjänsteskrivelse › Författare\n`);
    const again = await arende('parse', kallelse, '--katalog', target);
    expect({ code: again.code, stderr: again.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(/^arende parse: --katalog: .*RS-77-2027\.json finns redan: ingen fil skrevs över/) });

    const unfilled = await arende('import', target);
    expect(unfilled.code).toBe(1);
    expect(unfilled.stdout).toMatch(/RS\/77\/2027 *│ fel: .*Handläggare/);
    const caseFile = JSON.parse(readFileSync(written, 'utf8'));
    caseFile.registration.handlaggare = { name: 'Kim Exempelsson' };
    caseFile.registration.tjansteskrivelse = { ...caseFile.registration.tjansteskrivelse, date: '2027-01-10', author: 'Kim Exempelsson' };
    writeFileSync(written, JSON.stringify(caseFile));
    const summary = await step(['import'], target);
    expect(summary).toMatchObject({ files: 1, registered: 1, failed: 0 });
    expect(await step(['case', 'show'], 'RS/77/2027')).toMatchObject({ dnr: 'RS/77/2027', rsrMeetingDate: '2027-02-01' });
  }, 60_000);

  test('every command of the CLI was run above with --json', () => {
    expect([...ran].sort()).toEqual(leafCommands().map((p) => p.join(' ')).sort());
  });
});

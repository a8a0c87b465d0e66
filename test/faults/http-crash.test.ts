// Issue 14, fault d: the HTTP server (client/http/server.ts, a child process) killed with SIGKILL
// under load, then a new one started on the same port. Real processes throughout
// (test/faults/support.ts): a Temporal dev server on a SQLite file, the project's worker, the HTTP
// server, a real SMTP server here.
//
// The load: eight writers register cases, RSR's decisions and every huvudman's decision (nine per
// justerat case), two readers read statuses and the lists meanwhile. The server is killed once a
// third of the writes have been answered; writers whose request got a connection error (no answer)
// send the same request again until one answers, as a client should, and readers read on.
//
// Asserted: every write ends answered 2xx (the retries included); every write answered 2xx is in
// its case's log; no event is doubled (each kind counted per case and party: a request the old
// server had passed on to Temporal before it died and that was sent again is one event, by its
// update id: client/cases.ts requestUpdateId). The counts are printed.
import { FaultStack, until } from './support';
import { demoCase } from '../workflow/support';

const rs62 = demoCase('RS-62-2026.json');
const [rsrDecided, justering, , regionDecided] = rs62.events as Record<string, unknown>[];
const PARTIES = ['region-jh', 'berg', 'bracke', 'harjedalen', 'krokom', 'ragunda', 'stromsund', 'are', 'ostersund'];
const JUSTERADE = ['RS/801/2026', 'RS/802/2026', 'RS/803/2026', 'RS/804/2026', 'RS/805/2026'];
const NEW_CASES = Array.from({ length: 8 }, (_, i) => `RS/81${i}/2026`);
const WRITERS = 8;
const READERS = 2;

const stack = new FaultStack({ taskQueue: 'http-crash' });
const enc = (dnr: string) => encodeURIComponent(dnr);

interface Write {
  dnr: string;
  path: string;
  body: Record<string, unknown>;
  /** The log entry type it records, and for a huvudman's event its party. */
  type: string;
  party?: string;
  attempts: number;
  /** Connection errors (no answer) before it was answered. */
  unanswered: number;
  status?: number;
  answeredAt?: number;
}

function write(dnr: string, path: string, body: Record<string, unknown>, type: string, party?: string): Write {
  return { dnr, path, body, type, ...(party ? { party } : {}), attempts: 0, unanswered: 0 };
}

function decisionOf(party: string, i: number): Record<string, unknown> {
  const { expedierasTill: _ignored, ...decision } = regionDecided!;
  void _ignored;
  return party === 'region-jh' ? decision : { ...decision, party, organ: 'Kommunstyrelsen', paragraf: 40 + i, dnr: `KS 2026/${100 + i}` };
}

async function send(w: Write): Promise<{ status: number; json: unknown }> {
  return stack.api('POST', w.path === '' ? '/api/v1/cases' : `/api/v1/cases/${enc(w.dnr)}/${w.path}`, w.body, 60_000);
}

beforeAll(async () => {
  await stack.start();
}, 180_000);

afterAll(async () => {
  await stack.stop();
}, 60_000);

test('kill -9 of the HTTP server under load: no answered request lost, no event doubled, a retried request recorded once', async () => {
  // Before the load: the cases whose tracks the load decides, justerat (nine tracks each).
  for (const dnr of JUSTERADE) {
    for (const w of [write(dnr, '', { ...rs62.registration, dnr }, 'registered'), write(dnr, 'rsr-beslut', rsrDecided!, 'rsr-decided'), write(dnr, 'justering', justering!, 'justering-recorded')]) {
      const { status, json } = await send(w);
      if (status >= 300) throw new Error(`${w.path} ${dnr}: ${status} ${JSON.stringify(json)}`);
    }
  }
  // Every track started (a decision for a track still starting would wait for it, not fail).
  await until('every track started', async () => {
    for (const dnr of JUSTERADE) {
      const { json } = await stack.api('GET', `/api/v1/cases/${enc(dnr)}`);
      if (((json as { tracks?: unknown[] }).tracks ?? []).length !== PARTIES.length) return undefined;
    }
    return true;
  });

  // The load: new cases (registration, RSR's decision), and every huvudman's decision, interleaved.
  const writes: Write[] = [];
  for (const dnr of NEW_CASES) writes.push(write(dnr, '', { ...rs62.registration, dnr }, 'registered'));
  PARTIES.forEach((party, i) => {
    for (const dnr of JUSTERADE) writes.push(write(dnr, 'beslut', decisionOf(party, i), 'huvudman-decided', party));
  });
  for (const dnr of NEW_CASES) writes.push(write(dnr, 'rsr-beslut', rsrDecided!, 'rsr-decided'));
  const killAt = Math.floor(writes.length / 3);

  let answered = 0;
  let killedAt: number | undefined;
  let restartedAt: number | undefined;
  let firstAnswerAfterRestart: number | undefined;
  const reads = { answered: 0, errors: 0, failed: 0 };
  const statuses = new Map<number, number>();
  let running = true;

  const killAndRestart = () => {
    killedAt = Date.now();
    process.kill(stack.http!.child.pid!, 'SIGKILL');
    void stack.http!.exited.then(() => {
      restartedAt = Date.now();
      stack.startHttp('http-2');
    });
  };

  const queue = [...writes];
  const writer = async () => {
    for (let w = queue.shift(); w; w = queue.shift()) {
      for (;;) {
        w.attempts += 1;
        try {
          const { status } = await send(w);
          w.status = status;
          w.answeredAt = Date.now();
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (killedAt !== undefined && firstAnswerAfterRestart === undefined) firstAnswerAfterRestart = Date.now();
          // 503 "försök igen om en stund" (nothing recorded) is an answer that asks for a retry.
          if (status === 503) {
            await new Promise((r) => setTimeout(r, 500));
            continue;
          }
          break;
        } catch {
          // No answer (connection reset, refused while the new server starts): send it again.
          w.unanswered += 1;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
      answered += 1;
      if (answered === killAt && killedAt === undefined) killAndRestart();
    }
  };
  const reader = async (n: number) => {
    for (let i = 0; running; i++) {
      const dnr = JUSTERADE[(i + n) % JUSTERADE.length]!;
      const path = i % 3 === 0 ? '/api/v1/cases?limit=100' : i % 3 === 1 ? '/api/v1/outstanding?limit=100' : `/api/v1/cases/${enc(dnr)}`;
      try {
        const { status } = await stack.api('GET', path, undefined, 30_000);
        if (status === 200) reads.answered += 1;
        else reads.failed += 1;
      } catch {
        reads.errors += 1;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  };
  const started = Date.now();
  const readers = Array.from({ length: READERS }, (_, n) => reader(n));
  await Promise.all(Array.from({ length: WRITERS }, () => writer()));
  running = false;
  await Promise.all(readers);
  const done = Date.now();

  // What the cases recorded, once the workflows have projected it.
  const kinds = ['registered', 'rsr-decided', 'justering-recorded', 'huvudman-decided'];
  const counts = async () => {
    const result: Record<string, Record<string, number>> = {};
    for (const dnr of [...JUSTERADE, ...NEW_CASES]) {
      const { status, json } = await stack.api('GET', `/api/v1/cases/${enc(dnr)}/events`);
      if (status !== 200) throw new Error(`events ${dnr}: ${status}`);
      const log = json as { type: string; party?: string }[];
      result[dnr] = {};
      for (const e of log.filter((e) => kinds.includes(e.type))) {
        const key = e.type === 'huvudman-decided' ? `${e.type}:${e.party}` : e.type;
        result[dnr][key] = (result[dnr][key] ?? 0) + 1;
      }
    }
    return result;
  };
  const expected: Record<string, Record<string, number>> = {};
  for (const dnr of JUSTERADE) expected[dnr] = { registered: 1, 'rsr-decided': 1, 'justering-recorded': 1, ...Object.fromEntries(PARTIES.map((p) => [`huvudman-decided:${p}`, 1])) };
  for (const dnr of NEW_CASES) expected[dnr] = { registered: 1, 'rsr-decided': 1 };
  const recorded = await counts();

  const retried = writes.filter((w) => w.unanswered > 0);
  console.log(
    [
      `HTTP server kill -9 under load (${WRITERS} writers, ${READERS} readers; ${JUSTERADE.length + NEW_CASES.length} cases, ${JUSTERADE.length * PARTIES.length} decision tracks):`,
      `  ${writes.length} writes in ${((done - started) / 1000).toFixed(1)} s, answers ${[...statuses].map(([s, n]) => `${n} × ${s}`).join(', ')}; killed after ${killAt} were answered`,
      `  ${retried.length} writes got no answer (${retried.reduce((n, w) => n + w.unanswered, 0)} connection errors) and were sent again; the new server answered ${
        firstAnswerAfterRestart && restartedAt ? `${((firstAnswerAfterRestart - restartedAt) / 1000).toFixed(1)} s after its start` : '—'
      }`,
      `  reads: ${reads.answered} answered 200, ${reads.failed} other answers, ${reads.errors} connection errors`,
      `  events recorded: ${Object.values(recorded).reduce((n, c) => n + Object.values(c).reduce((a, b) => a + b, 0), 0)} (expected ${Object.values(expected).reduce((n, c) => n + Object.values(c).reduce((a, b) => a + b, 0), 0)})`,
    ].join('\n'),
  );

  // The server was killed mid-load and replaced.
  expect(killedAt).toBeDefined();
  expect(stack.http!.name).toBe('http-2');
  expect(retried.length).toBeGreaterThan(0);
  // Every write answered 2xx in the end, and each is in its case's log exactly once.
  expect(writes.filter((w) => !(w.status! >= 200 && w.status! < 300)).map((w) => `${w.path} ${w.dnr} ${w.status}`)).toEqual([]);
  expect(recorded).toEqual(expected);
  // Reads never got a server error (a connection error while no server listened is not an answer).
  expect(reads.failed).toBe(0);
  expect(reads.answered).toBeGreaterThan(0);
}, 240_000);

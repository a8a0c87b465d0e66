// Fault c (issue 14): the SMTP server is down for a while, with real processes (test/faults/support.ts):
// a Temporal dev server on a SQLite file, the project's worker and HTTP server as child processes on
// one read-model file, the `arende` CLI as a child process, and a real SMTP server in this process
// that stops listening before the case is justerat and starts again on the same port later.
//
// While it is down, every message of the case (the protokollsutdrag of the expediering, each
// huvudman's begäran) shows as being retried in the API (`retrying`: attempt, when it failed, the
// error in words, the next attempt), on the case page and in `arende case show`; nothing is lost or
// shown as "0 utskick" alone. Once it is up, every message arrives exactly once (one copy per
// Message-ID, the one the case records) and the retrying state is gone everywhere. A decision
// recorded while it is down is answered within 5 s (a requirement: the request must not hang) and
// its confirmation is retried like the rest. Other times are printed (docs/delivery.md, docs/reliability.md).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FullCaseStatus } from '../../client/cases';
import type { CaseFile } from '../../domain/case-file';
import { startProcess } from '../helpers/processes';
import { webClient } from '../helpers/web-session';
import { FAULT_TOKENS, FaultStack, until } from './support';

const ROOT = resolve(__dirname, '../..');
const SLUG = 'RS-62-2026';
/** Failed attempts of every message before SMTP comes up (the issue saw attempt 4; 1 s, 2 s, 4 s apart). */
const ATTEMPTS_WHILE_DOWN = 4;

const stack = new FaultStack({ taskQueue: 'smtp-down' });
const smtp = stack.smtp;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const { status, json } = await stack.api(method, path, body);
  return { status, json: json as Record<string, unknown> };
}

const caseStatus = async () => (await api('GET', `/api/v1/cases/${SLUG}`)).json as unknown as FullCaseStatus;
const allDeliveries = (s: FullCaseStatus) => [...s.deliveries, ...s.trackStatus.flatMap((t) => t.deliveries)];

/** `arende case show` through the API, as an administrator runs it. */
async function cliShow(): Promise<string> {
  const cli = startProcess('arende case show', process.execPath, [join(ROOT, 'bin/arende.js'), 'case', 'show', SLUG, '--api', stack.base, '--token', FAULT_TOKENS.administrator], {
    cwd: ROOT,
    env: { ...process.env, ARENDE_API_URL: '', ARENDE_API_TOKEN: '' },
  });
  const how = await cli.exited;
  expect({ exit: how, output: how === 0 ? '' : cli.output() }).toEqual({ exit: 0, output: '' });
  return cli.output();
}

beforeAll(async () => {
  await stack.start();
  // SMTP goes down: the port stays the worker's, nothing listens on it until smtp.start() again.
  await smtp.stop();
}, 300_000);

afterAll(() => stack.stop(), 60_000);

test('SMTP down: every message shows as retrying (attempt, error in words) in the API, the case page and the CLI; once up, each arrives once', async () => {
  const demo = JSON.parse(readFileSync(join(ROOT, 'demo/cases/RS-62-2026.json'), 'utf8')) as CaseFile;
  const [rsrDecided, justering] = demo.events as unknown as [Record<string, unknown>, Record<string, unknown>];
  expect((await api('POST', '/api/v1/cases', demo.registration)).status).toBe(201);
  expect((await api('POST', `/api/v1/cases/${SLUG}/rsr-beslut`, rsrDecided)).status).toBe(200);
  const { type: _type, ...justeringBody } = justering;
  const downSince = Date.now();
  expect((await api('POST', `/api/v1/cases/${SLUG}/justering`, justeringBody)).status).toBe(200);

  // --- SMTP down: the messages are retried, and the case says so, per recipient.
  const down = await until(
    `every message retrying, at attempt ${ATTEMPTS_WHILE_DOWN} or later`,
    async () => {
      const s = await caseStatus();
      const tracks = s.trackStatus.length;
      // Every recipient of the expediering and every huvudman's request, each at its second attempt.
      const messages = new Set(s.retrying.map((r) => r.key));
      return tracks > 0 && s.retrying.filter((r) => r.kind === 'begaran').length === tracks && s.retrying.every((r) => r.attempt >= ATTEMPTS_WHILE_DOWN) && messages.size === s.retrying.length ? s : undefined;
    },
    120_000,
    500,
  );
  const observedAt = Date.now();
  expect(smtp.received).toHaveLength(0);
  expect(allDeliveries(down)).toEqual([]);
  const kinds = new Set(down.retrying.map((r) => r.kind));
  expect(kinds.has('protokollsutdrag')).toBe(true);
  expect(kinds.has('begaran')).toBe(true);
  for (const r of down.retrying) {
    expect(r).toMatchObject({ errorCode: 'ECONNREFUSED', error: 'anslutningen nekades (ECONNREFUSED)' });
    expect(r.detail).toContain('ECONNREFUSED');
    expect(Date.parse(r.failedAt)).toBeGreaterThanOrEqual(downSince - 1_000);
    expect(Date.parse(r.nextAttemptAt!)).toBeGreaterThan(Date.parse(r.failedAt));
    expect(Date.parse(r.givesUpAt!)).toBeGreaterThan(Date.parse(r.nextAttemptAt!));
  }
  // A huvudman's request is its track's message; the protokollsutdrag the case's own.
  expect(down.retrying.filter((r) => r.kind === 'begaran').map((r) => r.track).sort()).toEqual(down.trackStatus.map((t) => t.party).sort());
  expect(down.retrying.filter((r) => r.kind === 'protokollsutdrag').every((r) => r.track === undefined)).toBe(true);

  const admin = await webClient(stack.base, FAULT_TOKENS.administrator);
  const page = await admin.request('GET', `/arende/${SLUG}`);
  expect(page.status).toBe(200);
  expect(page.text).toContain('<h3 id="forsoker-igen">Försöker igen</h3>');
  expect(page.text).toContain(`${down.retrying.length} försöker igen`);
  expect(page.text).toContain('anslutningen nekades (ECONNREFUSED)');
  // One row per recipient being retried.
  expect(page.text.match(/<tr data-key="/g)).toHaveLength(down.retrying.length);

  const shownWhileDown = await cliShow();
  expect(shownWhileDown).toContain(`Försöker igen (${down.retrying.length}`);
  expect(shownWhileDown).toContain('anslutningen nekades (ECONNREFUSED)');
  expect(shownWhileDown).toContain(down.retrying[0]!.recipient.label.slice(0, 20));

  // Recording goes on while SMTP is down: a huvudman's decision is answered once it is recorded, and
  // its confirmation is retried after the reply (workflows/mail-after-reply.ts); before, the request
  // hung for as long as the confirmation was retried. Answering within 5 s is the requirement.
  // Krokom's återremiss: its confirmation is the only message it causes (no protocol to dispatch).
  const decisionBody = { party: 'krokom', organ: 'Kommunstyrelsen', meetingDate: '2026-03-25', paragraf: 12, outcome: 'aterremiss' };
  const decidedAt = Date.now();
  const decided = await api('POST', `/api/v1/cases/${SLUG}/beslut`, decisionBody);
  const decisionAnsweredMs = Date.now() - decidedAt;
  expect({ status: decided.status, within5s: decisionAnsweredMs < 5_000 }).toEqual({ status: 200, within5s: true });
  const confirmation = await until(
    "the decision's confirmation retrying",
    async () => (await caseStatus()).retrying.find((r) => r.kind === 'beslut-registrerat' && r.track === decisionBody.party),
    60_000,
    500,
  );

  // --- SMTP up on the same port: every message goes out at its next attempt, once.
  await smtp.start();
  const upAt = Date.now();
  const expected = new Set([...down.retrying.map((r) => r.key), confirmation.key]);
  const up = await until(
    'every message delivered and none retrying',
    async () => {
      const s = await caseStatus();
      const done = allDeliveries(s);
      // Later messages (the overdue escalations: the demo case's senast has passed) go out too; wait until each received one is recorded.
      const settled = s.retrying.length === 0 && smtp.received.length === done.length;
      return settled && [...expected].every((key) => done.some((d) => d.key === key && d.status === 'sent')) ? s : undefined;
    },
    180_000,
    500,
  );
  const deliveredAt = Date.now();
  const records = allDeliveries(up);
  // Each message arrives once: one copy per Message-ID, and it is the one the case records.
  const copies = new Map<string, number>();
  for (const m of smtp.received) copies.set(m.messageId ?? '?', (copies.get(m.messageId ?? '?') ?? 0) + 1);
  expect([...copies.values()].filter((n) => n > 1)).toEqual([]);
  expect(records.map((d) => ({ key: d.key, status: d.status, copies: copies.get(d.messageId) }))).toEqual(records.map((d) => ({ key: d.key, status: 'sent', copies: 1 })));
  expect(smtp.received).toHaveLength(records.length);

  const pageAfter = await admin.request('GET', `/arende/${SLUG}`);
  expect(pageAfter.text).not.toContain('Försöker igen');
  expect(pageAfter.text).toContain(`<p>${records.length} utskick.`);
  const shownAfter = await cliShow();
  expect(shownAfter).not.toContain('Försöker igen');
  expect(shownAfter).toContain('skickat');

  console.log(
    [
      `SMTP down (fault c): ${down.retrying.length} messages (${[...kinds].join(', ')}), ${down.trackStatus.length} tracks`,
      `  while down (${seconds(observedAt - downSince)} after the justering): every message retrying, attempts ${Math.min(...down.retrying.map((r) => r.attempt))}–${Math.max(...down.retrying.map((r) => r.attempt))}, error "${down.retrying[0]!.error}"; deliveries recorded 0, messages received 0`,
      `  SMTP up ${seconds(upAt - downSince)} after the justering; all delivered and the retrying state gone ${seconds(deliveredAt - upAt)} later`,
      `  a decision recorded while down answered 200 in ${seconds(decisionAnsweredMs)}; its confirmation retried, then sent once`,
      `  received ${smtp.received.length} messages for ${records.length} deliveries, ${copies.size} distinct Message-IDs; duplicates 0`,
    ].join('\n'),
  );
}, 600_000);

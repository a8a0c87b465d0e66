// Issue 14, fault b: the Temporal dev server killed with SIGKILL while cases are in flight, then
// started again on the same SQLite file and port. Real processes throughout (test/faults/support.ts):
// the dev server, the project's worker and HTTP server as children, a real SMTP server here. The
// worker and the HTTP server stay up through the outage and must carry on by themselves.
//
// Cases at every stage, entered over the API as a registrator's office would (the demo case
// RS/62/2026 under other Dnr): registered only; RSR's decision recorded; justerat (nine decision
// tracks, each with its request e-mail); a huvudman's decision, justering and anslag recorded.
//
// Timers: the workflows' own timers are calendar timers, due at 00:00 or 08:00 Stockholm time on a
// date (reminders, senast passing, laga kraft: domain/track-rules.ts nextTrackTimer); none can come
// due within a test's seconds unless the test happens to run just before one of those hours, and
// the dev server has no clock to move. The ones past due when a track starts fire at once (the
// demo's senast, 2026-04-30, has passed: every track goes overdue and mails its registrator) and must
// not fire again after the restart. The timers that do come due while the server is down are
// Temporal's retry timers of deliveries: the SMTP server refuses every recipient with a 451 while the
// last case's requests go out, so each delivery waits for its retry (1 s, 2 s, 4 s, …:
// workflows/deliveries.ts) when the server dies; the SMTP server takes mail again during the outage,
// and after the restart each of those timers fires once: each message arrives once.
//
// Asserted: every case and track is in the state it was before (status without the deliveries, the
// event log, the read model's lists); every request answered 2xx before the kill is in the log, once;
// every message arrives exactly once (no Message-ID twice). The counts are printed.
import { FaultStack, kill9, until } from './support';
import { demoCase } from '../workflow/support';

const rs62 = demoCase('RS-62-2026.json');
const [rsrDecided, justering, anslag, regionDecided] = rs62.events as unknown as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
/** How long the dev server stays down: longer than the retry timers pending at the kill. */
const DOWN_MS = 8_000;

const stack = new FaultStack({ taskQueue: 'temporal-crash' });

interface Answered {
  dnr: string;
  path: string;
  type: string;
  party?: string;
}
const answered: Answered[] = [];

/** Posts a request and keeps it if it was answered 2xx. */
async function post(dnr: string | undefined, path: string, body: Record<string, unknown>, type: string): Promise<void> {
  const url = dnr ? `/api/v1/cases/${encodeURIComponent(dnr)}/${path}` : '/api/v1/cases';
  const { status, json } = await stack.api('POST', url, body);
  if (status < 200 || status > 299) throw new Error(`POST ${url}: ${status} ${JSON.stringify(json)}`);
  answered.push({ dnr: dnr ?? String(body.dnr), path, type, ...(typeof body.party === 'string' ? { party: body.party } : {}) });
}

const enc = (dnr: string) => encodeURIComponent(dnr);

interface Snapshot {
  statuses: Record<string, unknown>;
  logs: Record<string, { type: string; party?: string; seq: number; text: string }[]>;
  cases: unknown;
  outstanding: unknown;
}

/** What the API says about every case: status (deliveries aside: see below), event log, the lists. */
async function snapshot(dnrs: string[]): Promise<Snapshot> {
  const statuses: Snapshot['statuses'] = {};
  const logs: Snapshot['logs'] = {};
  for (const dnr of dnrs) {
    const status = await stack.api('GET', `/api/v1/cases/${enc(dnr)}`);
    if (status.status !== 200) throw new Error(`GET status ${dnr}: ${status.status} ${JSON.stringify(status.json)}`);
    // The deliveries of the last case are still retrying at the kill, sent after it: compared apart.
    const { deliveries: _deliveries, historyLength: _length, ...rest } = status.json as Record<string, unknown>;
    void _deliveries;
    void _length;
    statuses[dnr] = rest;
    const events = await stack.api('GET', `/api/v1/cases/${enc(dnr)}/events`);
    if (events.status !== 200) throw new Error(`GET events ${dnr}: ${events.status}`);
    logs[dnr] = (events.json as { type: string; party?: string; seq: number; text: string }[]).map(({ type, party, seq, text }) => ({ type, seq, text, ...(party ? { party } : {}) }));
  }
  const cases = (await stack.api('GET', '/api/v1/cases?includeClosed=true&limit=1000')).json;
  const outstanding = (await stack.api('GET', '/api/v1/outstanding?limit=1000')).json;
  return { statuses, logs, cases, outstanding };
}

/** Resolves once the SMTP server has had no RCPT for `quietMs` (the workers' sends have settled). */
async function smtpQuiet(quietMs = 2_000, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = -1;
  let since = Date.now();
  while (Date.now() < deadline) {
    if (stack.smtp.rcptAttempts !== seen) {
      seen = stack.smtp.rcptAttempts;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the SMTP server never went quiet');
}

beforeAll(async () => {
  await stack.start();
}, 180_000);

afterAll(async () => {
  await stack.stop();
}, 60_000);

test('kill -9 of the dev server with cases in flight: same state after the restart, past-due timers fire once, every answered request kept', async () => {
  const dnrs = ['RS/901/2026', 'RS/902/2026', 'RS/903/2026', 'RS/904/2026', 'RS/905/2026'];
  const [registered, rsr, justerat, decided, retrying] = dnrs as [string, string, string, string, string];
  for (const dnr of dnrs) await post(undefined, '', { ...rs62.registration, dnr }, 'registered');
  for (const dnr of [rsr, justerat, decided, retrying]) await post(dnr, 'rsr-beslut', rsrDecided, 'rsr-decided');
  for (const dnr of [justerat, decided]) await post(dnr, 'justering', justering, 'justering-recorded');
  await post(decided, 'anslag', anslag, 'anslag-posted');
  await post(decided, 'beslut', regionDecided, 'huvudman-decided');
  void registered;
  // Everything so far delivered (requests, overdue notices): then the SMTP server refuses for a while.
  await smtpQuiet();
  const deliveredBefore = stack.smtp.received.length;
  stack.smtp.nextRcptReplies.push(...Array.from({ length: 10_000 }, () => ({ code: 451, message: '4.3.0 Try again later' })));
  const attemptsBefore = new Map(stack.smtp.rcptAttemptsBy);
  await post(retrying, 'justering', justering, 'justering-recorded');
  // Each of its deliveries refused twice: every one of them now waits on a retry timer (≥ 2 s).
  const refusedTwice = () => {
    const fresh = [...stack.smtp.rcptAttemptsBy].filter(([to, n]) => n - (attemptsBefore.get(to) ?? 0) >= 2);
    return fresh.length >= 9 ? fresh.map(([to]) => to) : undefined;
  };
  const waitingRecipients = await until('nine recipients refused twice', async () => refusedTwice(), 60_000, 100);
  const before = await snapshot(dnrs);

  // kill -9 the dev server; the SMTP server takes mail again while it is down.
  const killedAt = Date.now();
  await kill9(stack.temporal);
  stack.smtp.nextRcptReplies.length = 0;
  const receivedAtKill = stack.smtp.received.length;
  const outage = await Promise.all([
    stack.api('GET', `/api/v1/cases/${enc(decided)}`, undefined, 30_000).then((r) => r.status, (err: Error) => err.message),
    new Promise((r) => setTimeout(r, DOWN_MS)),
  ]);
  const restartAt = Date.now();
  await stack.startTemporal();
  const upAt = Date.now();

  // The worker and the HTTP server reconnect by themselves; the retry timers fire.
  await until('the API answers again', async () => ((await stack.api('GET', `/api/v1/cases/${enc(decided)}`, undefined, 10_000)).status === 200 ? true : undefined), 90_000, 500);
  const expectedAfter = receivedAtKill + waitingRecipients.length;
  await until('the refused messages delivered', async () => (stack.smtp.received.length >= expectedAfter ? true : undefined), 90_000, 200);
  const deliveredAt = Date.now();
  await smtpQuiet(3_000);
  const after = await snapshot(dnrs);

  // Every message once: a timer that fired twice (a reminder, an overdue notice, a retry) would send
  // its Message-ID twice.
  const byId = new Map<string, number>();
  for (const m of stack.smtp.received) byId.set(m.messageId ?? '?', (byId.get(m.messageId ?? '?') ?? 0) + 1);
  const doubled = [...byId].filter(([, n]) => n > 1);
  const afterKill = stack.smtp.received.slice(receivedAtKill);
  const trackCount = Object.values(after.statuses).reduce<number>((n, s) => n + ((s as { tracks: unknown[] }).tracks?.length ?? 0), 0);
  const retryingStatus = await stack.api('GET', `/api/v1/cases/${enc(retrying)}`);
  const retryingDeliveries = (retryingStatus.json as { deliveries: { status: string; recipient: { email?: string } }[] }).deliveries;
  // Messages per case, recipient and kind (the subject up to the title), from the parsed mail.
  const parsed = await stack.smtp.parsed();
  const messagesOf = (dnr: string) =>
    parsed
      .filter((m) => m.subject?.endsWith(`(${dnr})`))
      .map((m) => `${JSON.stringify(m.to && !Array.isArray(m.to) ? m.to.value.map((v) => v.address) : [])} ${m.subject!.split(':')[0]!.replace(/senast \S+/, '')}`)
      .sort();

  console.log(
    [
      `dev server kill -9 (${dnrs.length} cases, ${trackCount} decision tracks, ${answered.length} requests answered 2xx before the kill):`,
      `  messages before the refusals: ${deliveredBefore}; deliveries waiting on a retry timer at the kill: ${waitingRecipients.length}; messages in all: ${stack.smtp.received.length} (${messagesOf(retrying).length} for ${retrying}, ${messagesOf(justerat).length} for its twin ${justerat})`,
      `  a read while it was down: ${String(outage[0])}; down ${((restartAt - killedAt) / 1000).toFixed(1)} s; serving again ${((upAt - restartAt) / 1000).toFixed(1)} s after its start`,
      `  ${afterKill.length} messages after the kill, the ${waitingRecipients.length} refused ones ${((deliveredAt - upAt) / 1000).toFixed(1)} s after the server was up again; Message-IDs sent twice: ${doubled.length}`,
    ].join('\n'),
  );

  // Same state: every settled case and its tracks (status, log, the read model's lists).
  const settled = dnrs.filter((d) => d !== retrying);
  const only = <T,>(record: Record<string, T>) => Object.fromEntries(settled.map((d) => [d, record[d]]));
  const items = (page: unknown) => ((page as { items: { dnr: string }[] }).items ?? []).filter((i) => i.dnr !== retrying);
  expect(only(after.statuses)).toEqual(only(before.statuses));
  expect(only(after.logs)).toEqual(only(before.logs));
  expect(items(after.cases)).toEqual(items(before.cases));
  expect(items(after.outstanding)).toEqual(items(before.outstanding));
  // The case whose requests were waiting at the kill kept what it had, and then went on to where its
  // twin (the same case, justerat before the refusals) is: the same tracks, log and messages.
  // Its twin ran at another moment: its times and Message-IDs (which name the case) differ.
  const twin = (value: unknown, dnr: string) =>
    JSON.parse(JSON.stringify(value).split(dnr).join('<dnr>'), (key, v: unknown) => (key === 'messageId' || key === 'at' || key.endsWith('At') ? undefined : v)) as unknown;
  const logEntries = (dnr: string) => after.logs[dnr]!.map(({ type, party, text }) => twin({ type, party, text }, dnr)).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
  expect(after.logs[retrying]!.slice(0, before.logs[retrying]!.length)).toEqual(before.logs[retrying]);
  expect(twin(after.statuses[retrying], retrying)).toEqual(twin(after.statuses[justerat], justerat));
  expect(logEntries(retrying)).toEqual(logEntries(justerat));
  expect(messagesOf(retrying)).toEqual(messagesOf(justerat));
  // Every request answered 2xx is in its case's log, once per request.
  for (const request of answered) {
    const log = after.logs[request.dnr]!;
    const matching = answered.filter((r) => r.dnr === request.dnr && r.type === request.type && r.party === request.party).length;
    const inLog = log.filter((e) => e.type === request.type && (request.party === undefined || e.party === request.party)).length;
    expect({ ...request, inLog }).toEqual({ ...request, inLog: matching });
  }
  // The retry timers that came due while the server was down fired once each: the refused
  // recipients got their message once (no Message-ID twice, anywhere), and it is recorded as sent.
  for (const to of waitingRecipients) expect({ to, requests: messagesOf(retrying).filter((m) => m.includes(to) && m.includes('Begäran om beslut')).length }).toEqual({ to, requests: 1 });
  expect(doubled).toEqual([]);
  expect(retryingDeliveries.filter((d) => waitingRecipients.includes(d.recipient.email ?? '')).map((d) => d.status)).toEqual(retryingDeliveries.filter((d) => waitingRecipients.includes(d.recipient.email ?? '')).map(() => 'sent'));
  // The processes that were not killed carried on.
  expect(stack.worker!.child.exitCode).toBeNull();
  expect(stack.http!.child.exitCode).toBeNull();
}, 240_000);

// The overview of 1,000 open cases × 9 huvudmän must render in under 1 s (issue #8). Measured two ways,
// both from synthetic visibility rows (what the two list queries return), so it runs in seconds:
//   1. shaping + rendering alone: buildOverview → overviewBody → page();
//   2. the whole HTTP request GET / through the web plugin (sign-in cookie, helmet, CSRF token,
//      the list calls answered from memory), with Fastify's inject.
// Visibility's own time for the list queries is not included (it depends on the Temporal store).
// `npm run bench:overview` (or `npx tsx scripts/bench/overview.ts [cases]`); results go in docs/benchmarks.md.
import Fastify from 'fastify';
import { performance } from 'node:perf_hooks';
import { AccessControl, parseApiTokens } from '../../client/api/access';
import type { CaseGateway, CaseListItem, OutstandingItem } from '../../client/api/gateway';
import { html } from '../../client/web/html';
import { page } from '../../client/web/layout';
import { overviewBody } from '../../client/web/overview';
import { buildOverview, type TrackRow } from '../../client/web/overview-data';
import { webPlugin } from '../../client/web/plugin';
import { addDays, type IsoDate } from '../../domain/dates';
import { loadParties } from '../../config/load-parties';

const STATES = ['requested', 'requested', 'requested', 'overdue', 'decided', 'justerat', 'anslag', 'laga-kraft', 'rejected'];

function synthetic(count: number, parties: { id: string }[]): { cases: CaseListItem[]; tracks: TrackRow[] } {
  const cases: CaseListItem[] = [];
  const tracks: TrackRow[] = [];
  for (let i = 0; i < count; i++) {
    const dnr = `RS/${i + 1}/2026`;
    const senast = addDays('2026-11-01' as IsoDate, i % 120);
    cases.push({ dnr, title: `Ärende ${i + 1}: samverkan om <vård> & "omsorg" i länet`, stage: i % 7 === 0 ? 'anslag' : 'justerat', pending: [], overdue: [], nextDeadline: senast, running: true, startedAt: '2026-01-01T00:00:00Z' });
    parties.forEach((p, j) => {
      const state = STATES[(i + j) % STATES.length]!;
      tracks.push({ dnr, party: p.id, state, ...(state === 'requested' || state === 'anslag' ? { nextDeadline: senast } : {}), running: !['laga-kraft', 'rejected'].includes(state), workflowId: `arende:${dnr}:${p.id}`, startedAt: 1 });
    });
  }
  return { cases, tracks };
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5).toFixed(1), p95: at(0.95).toFixed(1), max: sorted[sorted.length - 1]!.toFixed(1) };
}

async function main() {
  const count = Number(process.argv[2] ?? 1000);
  const runs = 20;
  const parties = loadParties().huvudman().map((p) => ({ id: p.id, name: p.name }));
  const data = synthetic(count, parties);
  const today = '2026-11-23' as IsoDate;

  const render: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs + 3; i++) {
    const start = performance.now();
    const model = buildOverview({ cases: data.cases, tracks: data.tracks, parties, today });
    const doc = page({ title: 'Översikt', principal: { role: 'manager', name: 'manager' }, csrfToken: 'x', body: overviewBody(model, {}, { refreshSeconds: 15 }) });
    if (i >= 3) render.push(performance.now() - start);
    bytes = Buffer.byteLength(doc);
  }

  const gateway: Partial<CaseGateway> = {
    list: async () => data.cases,
    outstanding: async () => [] as OutstandingItem[],
  };
  const token = 'manager-token-for-the-benchmark';
  const app = Fastify();
  await app.register(async (scope) =>
    webPlugin(scope, {
      cases: gateway as CaseGateway,
      access: new AccessControl(parseApiTokens(`manager=${token}`)),
      tracks: { tracksOf: async () => data.tracks },
      parties,
      namespace: 'arendeflode',
      sessionSecret: 'benchmark-session-secret-0123456789abcdef',
      status: async () => html``,
      now: () => Date.parse('2026-11-23T10:00:00Z'),
    }),
  );
  await app.ready();
  const login = await app.inject({ url: '/logga-in' });
  const csrfCookie = login.cookies.find((c) => c.name === '_csrf')!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(login.body)![1]!;
  const signedIn = await app.inject({ method: 'POST', url: '/logga-in', cookies: { _csrf: csrfCookie.value }, payload: { token, _csrf: csrf, next: '/' } });
  const session = signedIn.cookies.find((c) => c.name === 'arende_session')!;
  const request: number[] = [];
  for (let i = 0; i < runs + 3; i++) {
    const start = performance.now();
    const res = await app.inject({ url: '/', cookies: { arende_session: session.value, _csrf: csrfCookie.value } });
    if (res.statusCode !== 200) throw new Error(`GET / answered ${res.statusCode}`);
    if (i >= 3) request.push(performance.now() - start);
  }
  await app.close();

  console.log(`Overview of ${count} open cases × ${parties.length} huvudmän (${count * parties.length} cells), ${runs} runs after 3 warm-up, Node ${process.version}`);
  console.log(`  page size: ${(bytes / 1024).toFixed(0)} KiB`);
  console.log(`  shaping + rendering (ms):  median ${stats(render).median}, p95 ${stats(render).p95}, max ${stats(render).max}`);
  console.log(`  GET / via the web plugin (ms): median ${stats(request).median}, p95 ${stats(request).p95}, max ${stats(request).max}`);
  const worst = Math.max(...request);
  if (worst >= 1000) {
    console.error(`SLOWER than the 1 s budget: ${worst.toFixed(0)} ms`);
    process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

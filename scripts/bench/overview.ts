// The web lists from the read model (issue 13): the overview's first page and a deep one, a
// filtered page, the self-refresh fragment, the per-party pages and the whole ärendebalanslista
// (CSV, streamed), at N open 9-party cases (default 10,000) in an embedded read model (a SQLite
// file) loaded directly from the ninePartyCase fixtures (test/helpers/read-model.ts), through the
// web plugin over Fastify's inject (sign-in cookie, helmet, CSRF token; no Temporal: no list reads it).
// Also the event loop's longest stall while the CSV streams (the embedded store's queries are
// synchronous; the CSV reads in chunks so other requests get turns).
//   npm run bench:overview [-- cases] (= `npx tsx scripts/bench/overview.ts [cases]`); docs/benchmarks.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import Fastify from 'fastify';
import { AccessControl, parseApiTokens } from '../../client/api/access';
import type { CaseGateway } from '../../client/api/gateway';
import { html } from '../../client/web/html';
import { webPlugin } from '../../client/web/plugin';
import { loadParties } from '../../config/load-parties';
import { openReadModel } from '../../readmodel/open';
import { bulkLoad, ninePartyCase } from '../../test/helpers/read-model';

/** A mix: every 7th case has two overdue parties, every 5th three parties done (as scripts/bench/read-model-store.ts). */
function shape(n: number) {
  return { n: n + 1, overdue: n % 7 === 0 ? [1, 4] : [], final: n % 5 === 0 ? [0, 2, 3] : [], stage: 'rsr-decided' as const };
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { p50: at(0.5).toFixed(1), p95: at(0.95).toFixed(1), max: sorted[sorted.length - 1]!.toFixed(1) };
}

async function main() {
  const count = Number(process.argv[2] ?? 10_000);
  const runs = 20;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'arende-bench-overview-'));
  const db = await openReadModel({ kind: 'embedded', file: path.join(tmp, 'readmodel.sqlite') });
  try {
    const loadStart = performance.now();
    for (let start = 0; start < count; start += 1000) {
      await bulkLoad(db, Array.from({ length: Math.min(1000, count - start) }, (_, i) => ninePartyCase(shape(start + i))).flat());
    }
    const loadMs = performance.now() - loadStart;
    const parties = loadParties().huvudman().map((p) => ({ id: p.id, name: p.name }));
    const token = 'manager-token-for-the-benchmark';
    const app = Fastify();
    await app.register(async (scope) =>
      webPlugin(scope, {
        cases: {} as CaseGateway,
        access: new AccessControl(parseApiTokens(`manager=${token}`)),
        readModel: db,
        parties,
        namespace: 'arendeflode',
        sessionSecret: 'benchmark-session-secret-0123456789abcdef',
        status: async () => html``,
        now: () => Date.parse('2026-03-20T10:00:00Z'),
      }),
    );
    await app.ready();
    const login = await app.inject({ url: '/logga-in' });
    const csrfCookie = login.cookies.find((c) => c.name === '_csrf')!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(login.body)![1]!;
    const signedIn = await app.inject({ method: 'POST', url: '/logga-in', cookies: { _csrf: csrfCookie.value }, payload: { token, _csrf: csrf, next: '/' } });
    const cookies = { arende_session: signedIn.cookies.find((c) => c.name === 'arende_session')!.value, _csrf: csrfCookie.value };

    const measure = async (url: string, n = runs) => {
      const samples: number[] = [];
      let bytes = 0;
      for (let i = 0; i < n + 3; i++) {
        const start = performance.now();
        const res = await app.inject({ url, cookies });
        if (res.statusCode !== 200) throw new Error(`GET ${url} answered ${res.statusCode}`);
        if (i >= 3) samples.push(performance.now() - start);
        bytes = res.rawPayload.length;
      }
      return { url, ...stats(samples), size: `${(bytes / 1024).toFixed(0)} KiB` };
    };
    const results = [
      await measure('/'),
      await measure(`/?sida=${Math.max(1, Math.floor(count / 100))}`),
      await measure('/?overdue=true&party=krokom'),
      await measure('/?q=nummer%2042'),
      await measure('/oversikt/matris'),
      await measure('/part'),
      await measure('/part/krokom'),
    ];
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const csv = await measure('/oversikt.csv', 5);
    delay.disable();
    results.push(csv);
    await app.close();

    console.log(`Web lists from the read model (SQLite file): ${count} cases × 9 tracks, loaded in ${(loadMs / 1000).toFixed(1)} s; ${runs} runs after 3 warm-up (CSV: 5), Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    console.log('| request | p50 ms | p95 ms | max ms | response |');
    console.log('| --- | --- | --- | --- | --- |');
    for (const r of results) console.log(`| GET ${r.url} | ${r.p50} | ${r.p95} | ${r.max} | ${r.size} |`);
    console.log(`While the CSV streamed: the event loop's longest stall ${(delay.max / 1e6).toFixed(1)} ms (p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms).`);
  } finally {
    await db.destroy();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

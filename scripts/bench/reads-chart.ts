// Draws the reads benchmark (bench-results/reads.json) as docs/benchmarks/reads.svg: the p95 latency
// of each request kind and the projection lag, one bar per size (open cases), on a logarithmic axis
// (the status takes milliseconds, the CSV of everything up to seconds), the issue's target a dashed
// line over its group. The approach of scripts/bench/case-cost/chart.ts: plain SVG text, no library.
//   npx tsx scripts/bench/reads-chart.ts [bench-results/reads.json] [--out docs/benchmarks/reads.svg]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ReadsResult } from './reads-results';

const ROOT = resolve(__dirname, '../..');
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif"';
const COLOURS = ['#7fb3d5', '#1d5f8a', '#0b2f47'];
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The groups drawn, in order: request kind (or 'lag'), short label, target at 10,000 (ms). */
const GROUPS: { key: string; label: string[]; target?: number }[] = [
  { key: 'status', label: ['case status', '(not cached)'], target: 50 },
  { key: 'statusCached', label: ['case status', '(cached)'], target: 50 },
  { key: 'outstanding', label: ['outstanding', 'first page'], target: 200 },
  { key: 'outstandingOverdue', label: ['outstanding', '?overdue=true'], target: 200 },
  { key: 'cases', label: ['case list', 'first page'] },
  { key: 'casesSearch', label: ['case list', '?q='] },
  { key: 'overview', label: ['overview', 'GET /'], target: 300 },
  { key: 'party', label: ['huvudman page', '/part/:id'] },
  { key: 'csv', label: ['CSV of', 'everything'], target: 2000 },
  { key: 'lag', label: ['projection', 'lag'], target: 1000 },
];

const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s` : ms >= 10 ? `${Math.round(ms)}` : ms.toFixed(1));

export function chart(result: ReadsResult): string {
  const width = 960;
  const height = 430;
  const plot = { x: 60, y: 44, w: width - 80, h: height - 150 };
  const p95 = (key: string, s: ReadsResult['sizes'][number]) => (key === 'lag' ? s.lag.p95 : s.requests[key]?.p95 ?? NaN);
  const values = result.sizes.flatMap((s) => GROUPS.map((g) => p95(g.key, s))).filter((v) => Number.isFinite(v) && v > 0);
  const low = 10 ** Math.floor(Math.log10(Math.max(0.5, Math.min(...values))));
  const high = 10 ** Math.ceil(Math.log10(Math.max(...values, 2000) * 1.3));
  const y = (ms: number) => plot.y + plot.h - (plot.h * (Math.log10(Math.max(ms, low)) - Math.log10(low))) / (Math.log10(high) - Math.log10(low));
  const out: string[] = [];
  out.push(`<text x="${width / 2}" y="20" text-anchor="middle" font-size="14" font-weight="600">p95 latency from the read model, by request, against open cases (ms, log scale)</text>`);
  for (let v = low; v <= high; v *= 10) {
    out.push(`<line x1="${plot.x}" x2="${plot.x + plot.w}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#ddd"/>`);
    out.push(`<text x="${plot.x - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" font-size="11" fill="#555">${v >= 1000 ? `${v / 1000} s` : v}</text>`);
  }
  const groupWidth = plot.w / GROUPS.length;
  GROUPS.forEach((g, gi) => {
    const barWidth = Math.min(34, (groupWidth - 16) / result.sizes.length);
    const start = plot.x + gi * groupWidth + (groupWidth - barWidth * result.sizes.length) / 2;
    result.sizes.forEach((s, si) => {
      const v = p95(g.key, s);
      const bx = start + si * barWidth + 2;
      if (!Number.isFinite(v)) {
        out.push(`<text x="${(bx + (barWidth - 4) / 2).toFixed(1)}" y="${plot.y + plot.h - 5}" text-anchor="middle" font-size="10" fill="#a00">n/a</text>`);
        return;
      }
      const top = y(v);
      out.push(`<rect x="${bx.toFixed(1)}" y="${top.toFixed(1)}" width="${(barWidth - 4).toFixed(1)}" height="${(plot.y + plot.h - top).toFixed(1)}" fill="${COLOURS[si % COLOURS.length]}"/>`);
      out.push(`<text x="${(bx + (barWidth - 4) / 2).toFixed(1)}" y="${(top - 4).toFixed(1)}" text-anchor="middle" font-size="10">${fmtMs(v)}</text>`);
    });
    if (g.target) {
      const ty = y(g.target);
      const x1 = plot.x + gi * groupWidth + 6;
      out.push(`<line x1="${x1.toFixed(1)}" x2="${(x1 + groupWidth - 12).toFixed(1)}" y1="${ty.toFixed(1)}" y2="${ty.toFixed(1)}" stroke="#c0392b" stroke-width="1.5" stroke-dasharray="5 3"/>`);
    }
    g.label.forEach((line, li) => out.push(`<text x="${(plot.x + (gi + 0.5) * groupWidth).toFixed(1)}" y="${plot.y + plot.h + 16 + li * 14}" text-anchor="middle" font-size="11">${escape(line)}</text>`));
  });
  out.push(`<line x1="${plot.x}" x2="${plot.x + plot.w}" y1="${plot.y + plot.h}" y2="${plot.y + plot.h}" stroke="#333"/>`);
  // The legend in one row, each item as wide as its text (about 6.6 px a character at 12 px).
  const legendY = height - 66;
  let lx = plot.x;
  result.sizes.forEach((s, si) => {
    const text = `${s.openCases.toLocaleString('en')} open cases${s.loadedCases ? ` (${s.realCases.toLocaleString('en')} real + ${s.loadedCases.toLocaleString('en')} loaded directly)` : ' (real workflows)'}`;
    out.push(`<rect x="${lx}" y="${legendY}" width="12" height="12" fill="${COLOURS[si % COLOURS.length]}"/><text x="${lx + 18}" y="${legendY + 10}" font-size="12">${escape(text)}</text>`);
    lx += 18 + text.length * 6.6 + 24;
  });
  out.push(`<line x1="${lx}" x2="${lx + 24}" y1="${legendY + 6}" y2="${legendY + 6}" stroke="#c0392b" stroke-width="1.5" stroke-dasharray="5 3"/><text x="${lx + 30}" y="${legendY + 10}" font-size="12">target at 10,000</text>`);
  const idle = result.sizes.map((s) => `${s.openCases.toLocaleString('en')}: ${s.idleCpuPercent} %`).join(', ');
  out.push(`<text x="${width / 2}" y="${height - 32}" text-anchor="middle" font-size="11" fill="#555">${escape(`one request at a time over HTTP on 127.0.0.1; the HTTP server's idle CPU (target ≈ 0) at ${idle} of one core`)}</text>`);
  out.push(`<text x="${width / 2}" y="${height - 16}" text-anchor="middle" font-size="11" fill="#555">${escape(`${result.store}; ${result.date.slice(0, 10)}, ${result.machine.nproc} cores (load average ${result.machine.loadavg[0]} at the end), Node ${result.machine.node}`)}</text>`);
  const summary = result.sizes.map((s) => `${s.openCases} open cases: ${GROUPS.map((g) => `${g.label.join(' ')} p95 ${fmtMs(p95(g.key, s))} ms`).join(', ')}`).join('; ');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ${FONT} role="img" aria-labelledby="title desc">
  <title id="title">Lists from the read model: p95 latency against open cases</title>
  <desc id="desc">${escape(summary)}</desc>
  <rect width="${width}" height="${height}" fill="#fff"/>
  ${out.join('\n  ')}
</svg>
`;
}

export function writeChart(result: ReadsResult, file = join(ROOT, 'docs/benchmarks/reads.svg')): string {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, chart(result));
  return file;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--out');
  const input = resolve(args.find((a, k) => !a.startsWith('--') && args[k - 1] !== '--out') ?? join(ROOT, 'bench-results/reads.json'));
  const result = JSON.parse(readFileSync(input, 'utf8')) as ReadsResult;
  if (result.kind !== 'reads') throw new Error(`${input} is not a reads result`);
  console.log(`Written: ${writeChart(result, i >= 0 ? resolve(args[i + 1]!) : undefined)}`);
}

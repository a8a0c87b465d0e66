// Draws the case-cost benchmark's figures as an SVG for docs/benchmarks.md: CPU per case (worker and
// dev server, stacked) and V8 heap per cached workflow, the project against the bare tree; with
// `--compare FILE` (repeatable) those runs first, side by side, each group named after its file.
//   npm run bench:chart [-- bench-results/latest.json] [--compare bench-results/before.json …] [--out docs/benchmarks/case-cost.svg]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { CaseCostResult, TreeResult } from './results';

const ROOT = resolve(__dirname, '../../..');
const COLOURS = { project: '#1d5f8a', projectLight: '#7fb3d5', bare: '#b8860b', bareLight: '#e8c872' };
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif"';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

function read(file: string): CaseCostResult {
  const result = JSON.parse(readFileSync(file, 'utf8')) as CaseCostResult;
  if (result.kind !== 'case-cost') throw new Error(`${file} is not a case-cost result`);
  return result;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A bar's stacked parts, darkest at the bottom, and the label on top. */
interface Bar {
  parts: { value: number; colour: string }[];
  label: string;
}

interface Panel {
  title: string;
  groups: { label: string; bars: Bar[] }[];
}

/** Four gridlines a round step apart (1, 2 or 5 × 10^n), the top at or above `max`. */
function axis(max: number): { top: number; step: number } {
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((v) => v >= rough)!;
  return { top: step * Math.ceil((max * 1.08) / step), step }; // room for the label over the tallest bar
}

function panel(p: Panel, x: number, y: number, width: number, height: number): string {
  const { top, step } = axis(Math.max(...p.groups.flatMap((g) => g.bars.map((b) => b.parts.reduce((a, part) => a + part.value, 0)))));
  const plot = { x: x + 48, y: y + 34, w: width - 60, h: height - 80 };
  const out: string[] = [`<text x="${x + width / 2}" y="${y + 16}" text-anchor="middle" font-size="13" font-weight="600">${escape(p.title)}</text>`];
  for (let i = 0; i * step <= top + 1e-9; i++) {
    const v = i * step;
    const ty = plot.y + plot.h - (plot.h * v) / top;
    out.push(`<line x1="${plot.x}" x2="${plot.x + plot.w}" y1="${ty}" y2="${ty}" stroke="#ddd"/>`);
    out.push(`<text x="${plot.x - 6}" y="${ty + 4}" text-anchor="end" font-size="11" fill="#555">${Number(v.toPrecision(3))}</text>`);
  }
  const groupWidth = plot.w / p.groups.length;
  p.groups.forEach((group, g) => {
    const barWidth = Math.min(56, (groupWidth - 24) / group.bars.length);
    const start = plot.x + g * groupWidth + (groupWidth - barWidth * group.bars.length) / 2;
    group.bars.forEach((bar, b) => {
      let base = plot.y + plot.h;
      const bx = start + b * barWidth + 3;
      for (const part of bar.parts) {
        const h = (part.value / top) * plot.h;
        base -= h;
        out.push(`<rect x="${bx.toFixed(1)}" y="${base.toFixed(1)}" width="${(barWidth - 6).toFixed(1)}" height="${h.toFixed(1)}" fill="${part.colour}"/>`);
      }
      out.push(`<text x="${(bx + (barWidth - 6) / 2).toFixed(1)}" y="${(base - 5).toFixed(1)}" text-anchor="middle" font-size="11">${escape(bar.label)}</text>`);
    });
    out.push(`<text x="${(plot.x + (g + 0.5) * groupWidth).toFixed(1)}" y="${plot.y + plot.h + 18}" text-anchor="middle" font-size="12">${escape(group.label)}</text>`);
  });
  out.push(`<line x1="${plot.x}" x2="${plot.x + plot.w}" y1="${plot.y + plot.h}" y2="${plot.y + plot.h}" stroke="#333"/>`);
  return out.join('\n  ');
}

export function chart(results: { label: string; result: CaseCostResult }[]): string {
  const cpuBars = (r: CaseCostResult): Bar[] =>
    (['project', 'bare'] as const).map((tree) => {
      const t: TreeResult = r[tree];
      return {
        parts: [
          { value: t.workerCpuMsPerCase, colour: COLOURS[tree] },
          { value: t.serverCpuMsPerCase, colour: tree === 'project' ? COLOURS.projectLight : COLOURS.bareLight },
        ],
        label: `${Math.round(t.cpuMsPerCase)}`,
      };
    });
  const heapBars = (r: CaseCostResult): Bar[] =>
    (['project', 'bare'] as const).map((tree) => {
      const kib = r[tree].heapBytesPerCachedWorkflow / 1024;
      return { parts: [{ value: kib / 1024, colour: COLOURS[tree] }], label: kib >= 1024 ? `${(kib / 1024).toFixed(1)} MiB` : `${Math.round(kib)} KiB` };
    });
  const width = 760;
  const height = 380;
  const first = results[results.length - 1]!.result;
  const legend = [
    { colour: COLOURS.project, text: 'project: worker' },
    { colour: COLOURS.projectLight, text: 'project: dev server' },
    { colour: COLOURS.bare, text: 'bare: worker' },
    { colour: COLOURS.bareLight, text: 'bare: dev server' },
  ];
  const summary = results.map(({ label, result: r }) => `${label}: CPU per case project ${Math.round(r.projectCpuMsPerCase)} ms, bare ${Math.round(r.bareCpuMsPerCase)} ms (ratio ${r.cpuRatio}); heap per cached workflow project ${Math.round(r.heapBytesPerCachedWorkflow.project / 1024)} KiB, bare ${Math.round(r.heapBytesPerCachedWorkflow.bare / 1024)} KiB`).join('; ');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ${FONT} role="img" aria-labelledby="title desc">
  <title id="title">A 9-party case against bare Temporal: CPU per case and heap per cached workflow</title>
  <desc id="desc">${escape(summary)}. ${first.cases} cases per tree, ${first.machine.nproc} cores, Node ${first.machine.node}.</desc>
  <rect width="${width}" height="${height}" fill="#fff"/>
  ${panel({ title: 'CPU ms per case (worker + dev server)', groups: results.map(({ label, result }) => ({ label, bars: cpuBars(result) })) }, 0, 8, width / 2, height - 40)}
  ${panel({ title: 'V8 heap per cached workflow (MiB)', groups: results.map(({ label, result }) => ({ label, bars: heapBars(result) })) }, width / 2, 8, width / 2, height - 40)}
  ${legend.map((l, i) => `<rect x="${40 + i * 175}" y="${height - 26}" width="12" height="12" fill="${l.colour}"/><text x="${58 + i * 175}" y="${height - 16}" font-size="12">${l.text}</text>`).join('\n  ')}
  <text x="${width / 2}" y="${height - 38}" text-anchor="middle" font-size="11" fill="#555">in each group: project (left), bare tree (right); ${first.cases} cases per tree, ${first.machine.nproc} cores</text>
</svg>
`;
}

function main() {
  const args = process.argv.slice(2);
  const positional = args.filter((arg, i) => !arg.startsWith('--') && !args[i - 1]?.startsWith('--'));
  const latest = resolve(positional[0] ?? join(ROOT, 'bench-results/latest.json'));
  const compare = args.flatMap((arg, i) => (arg === '--compare' && args[i + 1] ? [resolve(args[i + 1]!)] : []));
  const named = (file: string) => ({ label: basename(file, '.json'), result: read(file) });
  const results = compare.length ? [...compare.map(named), named(latest)] : [{ label: read(latest).date.slice(0, 10), result: read(latest) }];
  const out = resolve(option('out') ?? join(ROOT, 'docs/benchmarks/case-cost.svg'));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, chart(results));
  console.log(`Written: ${out}`);
}

if (require.main === module) main();

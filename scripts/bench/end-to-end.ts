// What the end-to-end benchmarks share (reads.ts; first written for the removed overview-dev-server.ts): the plan of 1,000 open
// 9-party cases registered through the HTTP API as people would, timed GETs over real HTTP, the
// statistics, signing in as the dashboard does, and a process's memory from /proc.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { SingleBar } from 'cli-progress';
import { addDays, type IsoDate } from '../../domain/dates';
import { dnrSlug, type Dnr } from '../../domain/dnr';
import type { CaseRegistration } from '../../domain/case';
import { registrationFrom } from '../../test/workflow/support';

export function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

// ------------------------------------------------------------------ the cases

export type Variant = { outcome: 'bifall' | 'avslag' | 'aterremiss'; justering?: boolean; anslag?: 'recent' | 'old'; state: string };
// What the j-th deciding huvudman of a case reports, and the state its track ends in.
export const VARIANTS: Variant[] = [
  { outcome: 'bifall', state: 'decided' },
  { outcome: 'bifall', justering: true, state: 'justerat' },
  { outcome: 'bifall', justering: true, anslag: 'recent', state: 'anslag' },
  { outcome: 'bifall', justering: true, anslag: 'old', state: 'laga-kraft' },
  { outcome: 'avslag', state: 'rejected' },
  { outcome: 'aterremiss', state: 'requested' },
];

export interface Plan {
  dnr: Dnr;
  meetingDate: IsoDate;
  senast: IsoDate;
  overdue: boolean;
  caseAnslag: boolean;
  decisions: { party: string; variant: Variant }[];
}

/** Case i: `senast` passed for about one in seven; 0–5 of its nine huvudmän have decided, so every case stays open. */
export function plan(i: number, today: IsoDate, parties: readonly string[]): Plan {
  const overdue = i % 7 === 3;
  // RSR met 40–79 days ago (at least 25 days before today: an anslag after it can be past its appeal period).
  const meetingDate = addDays(today, -40 - (i % 40));
  const senast = overdue ? addDays(today, -1 - (i % 30)) : addDays(today, 14 + ((i * 7) % 150));
  const count = i % 6;
  const decisions = parties.slice(0, count).map((party, j) => ({ party, variant: VARIANTS[(i + j) % VARIANTS.length]! }));
  return { dnr: `RS/${10_000 + i}/2026` as Dnr, meetingDate, senast, overdue, caseAnslag: i % 2 === 0, decisions };
}

/** Tracks expected in 'requested' or 'overdue' (not decided, or sent back by återremiss). */
export function openTracks(plans: readonly Plan[], parties: number): number {
  return plans.reduce((sum, p) => sum + parties - p.decisions.filter((d) => d.variant.state !== 'requested').length, 0);
}

/** POSTs to the API as the administrator; a 5xx under load (a timed-out update) is retried, a refusal is a bug in the plan. */
export function poster(base: string, token: string, alive: () => void = () => undefined) {
  const latencies: Record<string, number[]> = {};
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const post = async (kind: string, path: string, body: unknown) => {
    for (let attempt = 1; ; attempt++) {
      alive();
      const start = performance.now();
      const response = await fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
      const text = await response.text();
      (latencies[kind] ??= []).push(performance.now() - start);
      if (response.ok) return;
      if (response.status < 500 || attempt === 3) throw new Error(`POST ${path} answered ${response.status}: ${text}`);
    }
  };
  return { post, latencies };
}

/** A huvudman's decision as the API takes it (POST /api/v1/cases/:dnr/beslut). */
export function decision(p: Plan, j: number, party: string, variant: Variant, today: IsoDate) {
  const meetingDate = addDays(p.meetingDate, 3);
  const justering = addDays(meetingDate, 2);
  return {
    party,
    organ: 'Kommunstyrelsen',
    meetingDate,
    paragraf: j + 10,
    outcome: variant.outcome,
    ...(variant.justering ? { justering: { justerare: ['Robin Exempel'], date: justering } } : {}),
    ...(variant.anslag ? { anslag: { posted: variant.anslag === 'old' ? addDays(justering, 1) : addDays(today, -2) } } : {}),
  };
}

/**
 * Registers the planned cases through the HTTP API, `concurrency` at a time, with a progress bar:
 * the RS/62/2026 content, the RSR decision and its justering (which starts the nine tracks), the
 * case's anslag for half, and the planned huvudman decisions.
 */
export async function registerCases(
  post: ReturnType<typeof poster>['post'],
  plans: readonly Plan[],
  base: CaseRegistration,
  today: IsoDate,
  concurrency: number,
): Promise<void> {
  const setUp = async (p: Plan) => {
    const slug = dnrSlug(p.dnr);
    await post('register', '/api/v1/cases', registrationFrom(base, {
      dnr: p.dnr,
      title: `${base.title} (${p.dnr})`,
      rsrMeetingDate: p.meetingDate,
      recommendation: { ...base.recommendation, senast: p.senast },
    }));
    await post('rsr-beslut', `/api/v1/cases/${slug}/rsr-beslut`, { meetingDate: p.meetingDate, paragraf: 2, beslut: ['Rekommendationen antas.'] });
    const justerad = addDays(p.meetingDate, 2);
    await post('justering (starts the tracks)', `/api/v1/cases/${slug}/justering`, { justerare: ['Alex Exempel'], date: justerad });
    if (p.caseAnslag) await post('anslag', `/api/v1/cases/${slug}/anslag`, { posted: addDays(justerad, 1) });
    for (const [j, { party, variant }] of p.decisions.entries()) {
      await post('beslut', `/api/v1/cases/${slug}/beslut`, decision(p, j, party, variant, today));
    }
  };
  const bar = new SingleBar({ format: '  {bar} {value}/{total} cases | {duration_formatted} | eta {eta_formatted}', hideCursor: true, etaBuffer: 50, noTTYOutput: true, notTTYSchedule: 30_000 });
  bar.start(plans.length, 0);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < plans.length) {
        await setUp(plans[next++]!);
        bar.increment();
      }
    }),
  );
  bar.stop();
}

// ------------------------------------------------------------------ HTTP

export interface Timed {
  ms: number;
  status: number;
  bytes: number;
  body: string;
}

export async function timedGet(url: string, headers: Record<string, string>): Promise<Timed> {
  const start = performance.now();
  const response = await fetch(url, { headers, redirect: 'manual' });
  const body = await response.text();
  return { ms: performance.now() - start, status: response.status, bytes: Buffer.byteLength(body), body };
}

export function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1]! };
}

export const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

/** Cookie `name=value` pairs from a response's Set-Cookie headers. */
function cookies(response: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const eq = pair!.indexOf('=');
    out[pair!.slice(0, eq)] = pair!.slice(eq + 1);
  }
  return out;
}

/** Signs in at /logga-in as the dashboard does (CSRF token and cookie, then the session cookie). */
export async function signIn(base: string, token: string): Promise<string> {
  const form = await fetch(`${base}/logga-in`);
  const csrfCookies = cookies(form);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!csrf) throw new Error('no CSRF token on /logga-in');
  const cookieHeader = Object.entries(csrfCookies).map(([k, v]) => `${k}=${v}`).join('; ');
  const signedIn = await fetch(`${base}/logga-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader },
    body: new URLSearchParams({ token, _csrf: csrf, next: '/' }).toString(),
  });
  const session = cookies(signedIn).arende_session;
  if (signedIn.status !== 303 || !session) throw new Error(`sign-in answered ${signedIn.status}`);
  return `${cookieHeader}; arende_session=${session}`;
}

// ------------------------------------------------------------------ processes and memory

export function rssOf(pid: number): number | undefined {
  try {
    const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib ? Number(kib) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

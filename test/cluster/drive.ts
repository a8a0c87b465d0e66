// Cases through their whole lifecycle over the public HTTP API, as an administrator's scripts
// would: registration, RSR's decision, its justering and anslag, then each of the nine huvudmän's
// decision with its own justering and anslag (one request each: the decision carries them). Every
// date is RS/62/2026's, long past, so every appeal period has run out and each track becomes laga
// kraft at once; the case then completes. A request that got no answer (connection refused or
// reset, a server killed mid-request) or a 502/503/504 is sent again, unchanged, as a client
// should: the API records a repeated change once (client/cases.ts requestUpdateId).
import { apiRequest } from '../helpers/api-request';
import { demoCase } from '../workflow/support';

const rs62 = demoCase('RS-62-2026.json');
const [rsrDecided, justering, anslag, regionDecided] = rs62.events as Record<string, unknown>[];
export const PARTIES = rs62.registration.recommendation.huvudman as string[];

export const dnrOf = (n: number) => `RS/${1000 + n}/2026`;

export interface DriveStats {
  writes: number;
  /** Requests sent again: no answer at all, or a 502/503/504. */
  resent: number;
  statuses: Map<number, number>;
  /** Writes answered with something other than 2xx after their retries (must stay empty). */
  refused: string[];
}

function decisionOf(party: string, i: number, dnr: string): Record<string, unknown> {
  if (party === 'region-jh') return { ...regionDecided, dnr };
  const { expedierasTill: _dropped, ...decision } = regionDecided!;
  void _dropped;
  return { ...decision, party, organ: 'Kommunstyrelsen', paragraf: 40 + i, dnr: `KS 2026/${100 + i}` };
}

/** The writes of case `n`, in order: the case's own four, then the huvudmän's nine (any order). */
export function caseWrites(n: number): { own: [string, unknown][]; decisions: [string, unknown][] } {
  const dnr = dnrOf(n);
  const path = (p: string) => `/api/v1/cases/${encodeURIComponent(dnr)}/${p}`;
  return {
    own: [
      ['/api/v1/cases', { ...rs62.registration, dnr, title: `${rs62.registration.title} (${dnr})` }],
      [path('rsr-beslut'), rsrDecided],
      [path('justering'), justering],
      [path('anslag'), anslag],
    ],
    decisions: PARTIES.map((party, i) => [path('beslut'), decisionOf(party, i, dnr)]),
  };
}

export class Driver {
  readonly stats: DriveStats = { writes: 0, resent: 0, statuses: new Map(), refused: [] };

  constructor(
    private readonly base: string,
    private readonly token: string,
  ) {}

  request(method: string, path: string, body?: unknown, timeoutMs = 120_000): Promise<{ status: number; json: unknown }> {
    return apiRequest(this.base, this.token, method, path, body, timeoutMs);
  }

  /** One write, sent again until it is answered with something other than 502/503/504. */
  async write(path: string, body: unknown): Promise<void> {
    this.stats.writes += 1;
    for (let attempt = 1; ; attempt++) {
      let status: number | undefined;
      let json: unknown;
      try {
        ({ status, json } = await this.request('POST', path, body));
      } catch {
        status = undefined;
      }
      if (status !== undefined) this.stats.statuses.set(status, (this.stats.statuses.get(status) ?? 0) + 1);
      if (status !== undefined && ![502, 503, 504].includes(status)) {
        if (status >= 300) this.stats.refused.push(`${path}: ${status} ${JSON.stringify(json).slice(0, 300)}`);
        return;
      }
      if (attempt > 200) throw new Error(`${path}: no answer after ${attempt} attempts`);
      this.stats.resent += 1;
      await new Promise((r) => setTimeout(r, Math.min(2_000, 100 * attempt)));
    }
  }

  /** Case `n`'s whole lifecycle: its own writes in order, then the nine decisions side by side. */
  async runCase(n: number): Promise<void> {
    const { own, decisions } = caseWrites(n);
    for (const [path, body] of own) await this.write(path, body);
    await Promise.all(decisions.map(([path, body]) => this.write(path, body)));
  }

  /** `cases` cases, `concurrency` at a time; `onCaseDone(k)` after the k-th finishes its writes. */
  async runCases(cases: number, concurrency: number, onCaseDone: (done: number) => void = () => undefined): Promise<void> {
    let next = 0;
    let done = 0;
    const lane = async () => {
      for (let n = next++; n < cases; n = next++) {
        await this.runCase(n);
        onCaseDone(++done);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
  }

  /** How many of the cases the read model lists as completed. */
  async completed(): Promise<number> {
    const { status, json } = await this.request('GET', '/api/v1/cases?includeClosed=true&stage=completed&limit=1000', undefined, 30_000);
    if (status !== 200) throw new Error(`list: ${status} ${JSON.stringify(json).slice(0, 300)}`);
    return (json as { total: number }).total;
  }
}

// GET /             the overview: filters and the matrix (administrators and managers)
// GET /oversikt/matris   the matrix alone, for the page's self-refresh
// GET /oversikt.csv the ärendebalanslista (also with Authorization: Bearer, for scripts)
// GET /part         the huvudmän, with how much each has outstanding
// GET /part/:id     what one huvudman still has to decide (also its own registrator)
import type { FastifyInstance } from 'fastify';
import { dnrFromSlug } from '../../domain/dnr';
import type { IsoDate } from '../../domain/dates';
import type { PartyId } from '../../domain/parties';
import { isFinalTrackState, isTrackState } from '../../domain/track-rules';
import { counted, trackStateWord } from '../../domain/words';
import type { CaseListFilter } from '../api/gateway';
import { html } from './html';
import { buildOverview, countdown, STAGE_LABELS, type OverviewModel } from './overview-data';
import { balanceCsv, matrixHtml, overviewBody, type BalanceRow, type OverviewFilter } from './overview';
import { notFoundPage, todayFor, type WebDependencies } from './context';

type Query = Record<string, string | string[] | undefined>;

/** The filter from GET parameters: unknown values are dropped, never passed to a query. */
export function parseFilter(query: Query, partyIds: readonly string[]): OverviewFilter {
  const one = (key: string) => {
    const v = query[key];
    return typeof v === 'string' ? v.trim() : undefined;
  };
  const stage = one('stage');
  const party = one('party');
  const q = one('q');
  return {
    ...(stage && stage in STAGE_LABELS ? { stage } : {}),
    ...(party && partyIds.includes(party) ? { party } : {}),
    ...(one('overdue') === 'true' ? { overdue: 'true' as const } : {}),
    ...(q ? { q: q.slice(0, 200) } : {}),
  };
}

function listFilter(filter: OverviewFilter): CaseListFilter {
  // A Dnr typed as its slug (RS-62-2026) is searched as the Dnr.
  const q = filter.q && /^[A-ZÅÄÖ][\wÅÄÖåäö]*-\d+-\d{4}$/i.test(filter.q) ? (dnrFromSlug(filter.q.toUpperCase()) ?? filter.q) : filter.q;
  return {
    ...(filter.stage ? { stage: filter.stage } : {}),
    ...(filter.party ? { party: filter.party as PartyId } : {}),
    ...(filter.overdue ? { overdue: 'true' as const } : {}),
    ...(q ? { q } : {}),
    ...(filter.stage === 'completed' || filter.stage === 'withdrawn' ? { includeClosed: 'true' as const } : {}),
  };
}

/** The case list (one visibility query), then their decision tracks (from the snapshot, in the server). */
export async function loadOverview(deps: WebDependencies, filter: OverviewFilter): Promise<OverviewModel> {
  const cases = await deps.cases.list(listFilter(filter));
  const tracks = cases.length ? await deps.tracks.tracksOf(cases.map((c) => c.dnr)) : [];
  const tracksAsOf = deps.tracks.asOf?.();
  return buildOverview({ cases, tracks, parties: deps.parties, today: todayFor(deps), ...(tracksAsOf === undefined ? {} : { tracksAsOf }) });
}

/** The ärendebalanslista: every huvudman's (or only `party`'s) open (not final) decision in the listed cases. */
export function balanceRows(model: OverviewModel, party?: string): BalanceRow[] {
  const names = new Map(model.parties.map((p) => [p.id, p.name]));
  return model.rows.flatMap((row) =>
    row.cells
      .filter((c) => c.state !== 'none' && !isFinalTrackState(c.state) && (!party || c.party === party))
      .map((c) => ({ dnr: row.dnr, title: row.title, party: names.get(c.party) ?? c.party, state: c.word, ...(c.deadline ? { lastDay: c.deadline, days: c.countdown!.days } : {}) })),
  );
}

export function registerOverviewRoutes(app: FastifyInstance, deps: WebDependencies): void {
  const partyIds = deps.parties.map((p) => p.id);
  const refreshSeconds = deps.refreshSeconds ?? 15;

  app.get<{ Querystring: Query }>('/', { config: { action: 'overview.read' } }, async (req, reply) => {
    const filter = parseFilter(req.query, partyIds);
    const model = await loadOverview(deps, filter);
    return reply.sendPage({ title: 'Översikt', active: 'oversikt', body: overviewBody(model, filter, { refreshSeconds }) });
  });

  app.get<{ Querystring: Query }>('/oversikt/matris', { config: { action: 'overview.read' } }, async (req, reply) => {
    const model = await loadOverview(deps, parseFilter(req.query, partyIds));
    return reply.type('text/html; charset=utf-8').send(matrixHtml(model).value);
  });

  app.get<{ Querystring: Query }>('/oversikt.csv', { config: { action: 'overview.read', bearer: true } }, async (req, reply) => {
    const filter = parseFilter(req.query, partyIds);
    const model = await loadOverview(deps, filter);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="arendebalanslista-${model.today}.csv"`)
      .send(balanceCsv(balanceRows(model, filter.party)));
  });

  app.get('/part', { config: { action: 'overview.read' } }, async (_req, reply) => {
    const items = await deps.cases.outstanding({});
    const counts = new Map<string, { open: number; overdue: number }>();
    for (const item of items) {
      const c = counts.get(item.party) ?? { open: 0, overdue: 0 };
      if (item.state === 'requested' || item.state === 'overdue') c.open++;
      if (item.overdue) c.overdue++;
      counts.set(item.party, c);
    }
    return reply.sendPage({
      title: 'Per part',
      active: 'part',
      body: html`<h1>Per part</h1><p>Det varje huvudman har kvar att besluta.</p>
<table><thead><tr><th scope="col">Huvudman</th><th scope="col">Att besluta</th><th scope="col">Varav försenade</th></tr></thead><tbody>
${deps.parties.map((p) => html`<tr><th scope="row"><a href="/part/${encodeURIComponent(p.id)}">${p.name}</a></th><td>${counts.get(p.id)?.open ?? 0}</td><td>${counts.get(p.id)?.overdue ?? 0}</td></tr>`)}
</tbody></table>`,
    });
  });

  app.get<{ Params: { id: string } }>('/part/:id', { config: { action: 'party.read' } }, async (req, reply) => {
    // A registrator reaches only its own party's page (the access check, `page-of-party`).
    const principal = req.principal!;
    const party = deps.parties.find((p) => p.id === req.params.id);
    if (!party) return notFoundPage(reply, `Det finns ingen huvudman med id ${req.params.id}.`);
    const [items, cases] = await Promise.all([deps.cases.outstanding({ party: party.id as PartyId }), deps.cases.list({ party: party.id as PartyId })]);
    const titles = new Map(cases.map((c) => [c.dnr, c]));
    const today = todayFor(deps);
    const row = (item: (typeof items)[number]) => {
      const state = isTrackState(item.state) ? item.state : undefined;
      const c = titles.get(item.dnr);
      // The outstanding list carries an overdue track's passed `senast` too (older tracks: the case's).
      const deadline = item.nextDeadline as IsoDate | undefined;
      const cd = deadline ? countdown(today, deadline) : undefined;
      return html`<tr><th scope="row"><a href="/arende/${item.dnr.replace(/\//g, '-')}">${item.dnr}</a></th><td>${c?.title ?? ''}</td><td class="cell s-${state ?? 'none'}"><span class="word">${trackStateWord(item.state, item.detail)}</span></td><td>${deadline ?? '–'}</td><td>${cd ? html`<span class="countdown${cd.days < 0 ? ' late' : ''}" data-deadline="${deadline}">${cd.text}</span>` : ''}</td></tr>`;
    };
    const toDecide = items.filter((i) => i.state === 'requested' || i.state === 'overdue');
    const waiting = items.filter((i) => !(i.state === 'requested' || i.state === 'overdue'));
    const head = html`<thead><tr><th scope="col">Dnr</th><th scope="col">Rubrik</th><th scope="col">Läge</th><th scope="col">Sista dag / nästa datum</th><th scope="col">Dagar</th></tr></thead>`;
    return reply.sendPage({
      title: party.name,
      active: principal.role === 'registrator' ? 'oversikt' : 'part',
      body: html`<h1>${party.name}</h1>
<p>${toDecide.length === 0 ? 'Inga beslut att fatta just nu.' : `${counted(toDecide.length, 'ärende', 'ärenden')} att besluta${toDecide.some((i) => i.overdue) ? `, varav ${counted(toDecide.filter((i) => i.overdue).length, 'försenat', 'försenade')}` : ''}.`}${principal.role === 'registrator' ? '' : html` <a href="/oversikt.csv?party=${encodeURIComponent(party.id)}" download>Ladda ner som CSV</a>`}</p>
<h2>Att besluta</h2>
${toDecide.length ? html`<div class="table-wrap"><table>${head}<tbody>${toDecide.map(row)}</tbody></table></div>` : html`<p>Inget.</p>`}
<h2>Beslutat, väntar på justering, anslag eller laga kraft</h2>
${waiting.length ? html`<div class="table-wrap"><table>${head}<tbody>${waiting.map(row)}</tbody></table></div>` : html`<p>Inget.</p>`}`,
    });
  });
}

// GET /             the overview: filters and a page of the matrix (administrators and managers)
// GET /oversikt/matris   the matrix alone (same filter and page), for the page's self-refresh
// GET /oversikt.csv the ärendebalanslista, streamed (also with Authorization: Bearer, for scripts)
// GET /part         the huvudmän, with how much each has outstanding
// GET /part/:id     what one huvudman still has to decide (also its own registrator)
// Every list reads the read model (readmodel/queries.ts), never Temporal: a page is a few queries
// whatever the number of cases (a page of cases, their tracks, the header's counts).
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { dnrFromSlug } from '../../domain/dnr';
import { isIsoDate } from '../../domain/dates';
import type { PartyId } from '../../domain/parties';
import { counted, trackStateWord } from '../../domain/words';
import type { ReadModel } from '../../readmodel/open';
import { CaseUnavailable } from '../api/gateway';
import { casesAfter, caseTracks, listCases, overviewCounts, partyCounts, partyTracks, type CaseFilter, type CaseKey, type PartyTrack } from '../../readmodel/queries';
import { html, type SafeHtml } from './html';
import { balanceRowsOf, buildOverview, countdown, pageCount, showingText, STAGE_LABELS, swedishNumber, trackCell, type OverviewModel } from './overview-data';
import { PAGE_SIZE, balanceCsvHead, balanceCsvLines, matrixHtml, overviewBody, type OverviewFilter } from './overview';
import { notFoundPage, todayFor, type WebDependencies } from './context';

type Query = Record<string, string | string[] | undefined>;

/** Cases read per chunk of the streamed CSV (with their tracks: two queries a chunk). */
export const CSV_CHUNK = 250;
/** Tracks on one page of a per-party list. */
export const PARTY_PAGE_SIZE = 100;

const one = (query: Query, key: string) => {
  const v = query[key];
  return typeof v === 'string' ? v.trim() : undefined;
};

/** The filter from GET parameters: unknown values are dropped, never passed to a query. */
export function parseFilter(query: Query, partyIds: readonly string[]): OverviewFilter {
  const stage = one(query, 'stage');
  const party = one(query, 'party');
  const q = one(query, 'q');
  const before = one(query, 'deadlineBefore');
  return {
    ...(stage && Object.hasOwn(STAGE_LABELS, stage) ? { stage } : {}),
    ...(party && partyIds.includes(party) ? { party } : {}),
    ...(one(query, 'overdue') === 'true' ? { overdue: 'true' as const } : {}),
    ...(q ? { q: q.slice(0, 200) } : {}),
    ...(before && isIsoDate(before) ? { deadlineBefore: before } : {}),
    ...(one(query, 'includeClosed') === 'true' ? { includeClosed: 'true' as const } : {}),
  };
}

/** The page asked for (`sida`, 1-based); anything else is the first. */
export function parsePage(query: Query): number {
  const text = one(query, 'sida');
  const n = text && /^\d{1,7}$/.test(text) ? Number(text) : 1;
  return n >= 1 ? n : 1;
}

/** The read model's filter for the overview's. */
export function caseFilter(filter: OverviewFilter): CaseFilter {
  // A Dnr typed as its slug (RS-62-2026) is searched as the Dnr.
  const q = filter.q && /^[A-ZÅÄÖ][\wÅÄÖåäö]*-\d+-\d{4}$/i.test(filter.q) ? (dnrFromSlug(filter.q.toUpperCase()) ?? filter.q) : filter.q;
  const closedStage = filter.stage === 'completed' || filter.stage === 'withdrawn';
  return {
    ...(filter.stage ? { stage: filter.stage as CaseFilter['stage'] } : {}),
    ...(filter.party ? { waitingFor: filter.party as PartyId } : {}),
    ...(filter.overdue ? { overdue: true } : {}),
    ...(filter.deadlineBefore ? { deadlineBefore: filter.deadlineBefore as CaseFilter['deadlineBefore'] } : {}),
    ...(q ? { text: q } : {}),
    // Open cases only, unless asked for closed ones (or a stage only closed cases have).
    ...(filter.includeClosed || closedStage ? {} : { open: true }),
  };
}

function readModelOf(deps: WebDependencies): ReadModel {
  if (!deps.readModel) throw new CaseUnavailable('Listorna kan inte visas: läsmodellen är inte öppnad i den här servern.');
  return deps.readModel;
}

/** One page of the overview: the page's cases, their tracks (one query for all of them) and the header's counts. */
export async function loadOverview(deps: WebDependencies, filter: OverviewFilter, page: number): Promise<OverviewModel> {
  const db = readModelOf(deps);
  const where = caseFilter(filter);
  const read = (p: number) => listCases(db, where, { limit: PAGE_SIZE, offset: (p - 1) * PAGE_SIZE });
  const [first, totals] = await Promise.all([read(page), overviewCounts(db)]);
  let list = first;
  // Past the end (the list shrank since the link was made): the last page.
  const last = pageCount({ size: PAGE_SIZE, total: list.total });
  if (page > last) {
    page = last;
    list = await read(page);
  }
  const tracks = await caseTracks(db, list.rows.map((c) => c.dnr));
  return buildOverview({ cases: list.rows, tracks, parties: deps.parties, today: todayFor(deps), paging: { page, size: PAGE_SIZE, total: list.total }, totals });
}

/**
 * The ärendebalanslista of every case the filter matches, in chunks: keyset pages of CSV_CHUNK
 * cases and their tracks (two queries a chunk), each chunk's text yielded before the next is
 * read, with a turn of the event loop between chunks (the embedded store's queries are
 * synchronous), so a list of 10,000 cases neither holds other requests up for its whole length
 * nor is built as one string. The first chunk is the byte-order mark and the header.
 */
export async function* balanceChunks(deps: WebDependencies, filter: OverviewFilter): AsyncGenerator<string> {
  const db = readModelOf(deps);
  const where = caseFilter(filter);
  const party = filter.party as PartyId | undefined;
  const today = todayFor(deps);
  yield balanceCsvHead();
  let after: CaseKey | undefined;
  for (;;) {
    const cases = await casesAfter(db, where, after, CSV_CHUNK);
    if (cases.length === 0) return;
    const tracks = await caseTracks(db, cases.map((c) => c.dnr), party ? { party } : {});
    const lines = balanceCsvLines(balanceRowsOf(cases, tracks, deps.parties, today));
    if (lines) yield lines;
    if (cases.length < CSV_CHUNK) return;
    const last = cases[cases.length - 1]!;
    after = { rsrMeetingDate: last.rsrMeetingDate, dnr: last.dnr };
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** One of the per-party page's two lists, paged on its own (`param`), the other list's page kept. */
function partyList(input: {
  id: string;
  tracks: PartyTrack[];
  total: number;
  page: number;
  param: 'sida' | 'vantar';
  otherPage: { param: string; page: number };
  heading: string;
  today: OverviewModel['today'];
}): SafeHtml {
  const { tracks, total, page, today } = input;
  if (total === 0) return html`<h2>${input.heading}</h2><p>Inget.</p>`;
  const row = (t: PartyTrack) => {
    const cell = trackCell(t, today);
    const cd = cell.deadline ? countdown(today, cell.deadline) : undefined;
    return html`<tr data-dnr="${t.dnr}"><th scope="row"><a href="/arende/${t.dnr.replace(/\//g, '-')}">${t.dnr}</a></th><td>${t.title}</td><td class="cell s-${t.state}"><span class="word">${trackStateWord(t.state, t.detail)}</span></td><td>${cell.deadline ?? '–'}</td><td>${cd ? html`<span class="countdown${cd.days < 0 ? ' late' : ''}" data-deadline="${cell.deadline}">${cd.text}</span>` : ''}</td></tr>`;
  };
  const paging = { page, size: PARTY_PAGE_SIZE, total };
  const pages = pageCount(paging);
  const href = (to: number) => {
    const params = new URLSearchParams();
    if (input.otherPage.page > 1) params.set(input.otherPage.param, String(input.otherPage.page));
    if (to > 1) params.set(input.param, String(to));
    const text = params.toString();
    return `/part/${encodeURIComponent(input.id)}${text ? `?${text}` : ''}`;
  };
  const pager = pages <= 1 ? html`` : html`<nav class="pager" aria-label="Sidor: ${input.heading}">${page > 1 ? html`<a href="${href(page - 1)}" rel="prev">Föregående</a>` : html`<span class="off" aria-disabled="true">Föregående</span>`} <span class="where">${showingText(paging)}</span> ${page < pages ? html`<a href="${href(page + 1)}" rel="next">Nästa</a>` : html`<span class="off" aria-disabled="true">Nästa</span>`}</nav>`;
  return html`<h2>${input.heading}</h2>
<div class="table-wrap"><table><thead><tr><th scope="col">Dnr</th><th scope="col">Rubrik</th><th scope="col">Läge</th><th scope="col">Sista dag / nästa datum</th><th scope="col">Dagar</th></tr></thead><tbody>${tracks.map(row)}</tbody></table></div>
${pager}`;
}

function sendCsv(reply: FastifyReply, deps: WebDependencies, filter: OverviewFilter) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="arendebalanslista-${todayFor(deps)}.csv"`)
    .send(Readable.from(balanceChunks(deps, filter), { objectMode: false }));
}

export function registerOverviewRoutes(app: FastifyInstance, deps: WebDependencies): void {
  const partyIds = deps.parties.map((p) => p.id);
  const refreshSeconds = deps.refreshSeconds ?? 15;

  app.get<{ Querystring: Query }>('/', { config: { action: 'overview.read' } }, async (req, reply) => {
    const filter = parseFilter(req.query, partyIds);
    const model = await loadOverview(deps, filter, parsePage(req.query));
    return reply.sendPage({ title: 'Översikt', active: 'oversikt', body: overviewBody(model, filter, { refreshSeconds }) });
  });

  app.get<{ Querystring: Query }>('/oversikt/matris', { config: { action: 'overview.read' } }, async (req, reply) => {
    const filter = parseFilter(req.query, partyIds);
    const model = await loadOverview(deps, filter, parsePage(req.query));
    return reply.type('text/html; charset=utf-8').send(matrixHtml(model, { filter }).value);
  });

  app.get<{ Querystring: Query }>('/oversikt.csv', { config: { action: 'overview.read', bearer: true } }, async (req, reply) =>
    sendCsv(reply, deps, parseFilter(req.query, partyIds)));

  app.get('/part', { config: { action: 'overview.read' } }, async (_req, reply) => {
    const counts = await partyCounts(readModelOf(deps));
    return reply.sendPage({
      title: 'Per part',
      active: 'part',
      body: html`<h1>Per part</h1><p>Det varje huvudman har kvar att besluta.</p>
<table><thead><tr><th scope="col">Huvudman</th><th scope="col">Att besluta</th><th scope="col">Varav försenade</th></tr></thead><tbody>
${deps.parties.map((p) => html`<tr><th scope="row"><a href="/part/${encodeURIComponent(p.id)}">${p.name}</a></th><td>${swedishNumber(counts.get(p.id)?.toDecide ?? 0)}</td><td>${swedishNumber(counts.get(p.id)?.overdue ?? 0)}</td></tr>`)}
</tbody></table>`,
    });
  });

  app.get<{ Params: { id: string }; Querystring: Query }>('/part/:id', { config: { action: 'party.read' } }, async (req, reply) => {
    // A registrator reaches only its own party's page (the access check, `page-of-party`).
    const principal = req.principal!;
    const party = deps.parties.find((p) => p.id === req.params.id);
    if (!party) return notFoundPage(reply, `Det finns ingen huvudman med id ${req.params.id}.`);
    const db = readModelOf(deps);
    const id = party.id as PartyId;
    const counts = (await partyCounts(db, id)).get(id) ?? { toDecide: 0, overdue: 0, afterDecision: 0 };
    // Each list on its own page (`sida`, `vantar`), past its end: its last page.
    const pageOf = (param: string, total: number) => Math.min(parsePage({ sida: one(req.query, param) }), pageCount({ size: PARTY_PAGE_SIZE, total }));
    const decidePage = pageOf('sida', counts.toDecide);
    const waitPage = pageOf('vantar', counts.afterDecision);
    const offset = (p: number) => ({ limit: PARTY_PAGE_SIZE, offset: (p - 1) * PARTY_PAGE_SIZE });
    const [toDecide, waiting] = await Promise.all([
      counts.toDecide ? partyTracks(db, id, { outstanding: 'decision', page: offset(decidePage) }) : [],
      counts.afterDecision ? partyTracks(db, id, { outstanding: 'after-decision', page: offset(waitPage) }) : [],
    ]);
    const today = todayFor(deps);
    return reply.sendPage({
      title: party.name,
      active: principal.role === 'registrator' ? 'oversikt' : 'part',
      body: html`<h1>${party.name}</h1>
<p>${counts.toDecide === 0 ? 'Inga beslut att fatta just nu.' : `${counted(counts.toDecide, 'ärende', 'ärenden')} att besluta${counts.overdue ? `, varav ${counted(counts.overdue, 'försenat', 'försenade')}` : ''}.`}${principal.role === 'registrator' ? '' : html` <a href="/oversikt.csv?party=${encodeURIComponent(party.id)}" download>Ladda ner som CSV</a>`}</p>
${partyList({ id: party.id, tracks: toDecide, total: counts.toDecide, page: decidePage, param: 'sida', otherPage: { param: 'vantar', page: waitPage }, heading: 'Att besluta', today })}
${partyList({ id: party.id, tracks: waiting, total: counts.afterDecision, page: waitPage, param: 'vantar', otherPage: { param: 'sida', page: decidePage }, heading: 'Beslutat, väntar på justering, anslag eller laga kraft', today })}`,
    });
  });
}

// The API's and the CLI's lists (GET /api/v1/cases, GET /api/v1/outstanding, `arende outstanding`)
// from the read model (issue 13, readmodel/queries.ts), not from Temporal visibility: one query for
// the page and its total, plus one for the open tracks of the page's cases (who is pending or
// overdue), however many cases there are. The store's own columns (search, workflowId) stay here.
import { dnrFromSlug } from '../../domain/dnr';
import { CASE_STAGES, type CaseStage } from '../../domain/case-rules';
import { daysBetween, stockholmDate, type IsoDate } from '../../domain/dates';
import type { PartyRegistry } from '../../domain/parties';
import type { ReadModel } from '../../readmodel/open';
import { caseTracks, listCases, outstandingTotal, outstandingTracks, type CaseFilter, type TrackFilter } from '../../readmodel/queries';
import type { CaseListFilter, CaseListPage, OutstandingFilter, OutstandingPage, PageRequest } from './gateway';

/** A Dnr typed as its URL slug (RS-62-2026) is searched as the Dnr (RS/62/2026). */
function searchText(q: string): string {
  return /^[A-ZÅÄÖ][\wÅÄÖåäö]*-\d+-\d{4}$/i.test(q) ? (dnrFromSlug(q.toUpperCase()) ?? q) : q;
}

function caseFilter(filter: CaseListFilter): CaseFilter | undefined {
  if (filter.stage !== undefined && !(CASE_STAGES as readonly string[]).includes(filter.stage)) return undefined;
  return {
    ...(filter.stage ? { stage: filter.stage as CaseStage } : {}),
    ...(filter.party ? { waitingFor: filter.party } : {}),
    ...(filter.overdue ? { overdue: filter.overdue === 'true' } : {}),
    ...(filter.deadlineBefore ? { deadlineBefore: filter.deadlineBefore } : {}),
    ...(filter.q ? { text: searchText(filter.q) } : {}),
    ...(filter.includeClosed === 'true' ? {} : { open: true }),
  };
}

/** Every match when no limit is asked for (the web overview, until it pages). */
const ALL = Number.MAX_SAFE_INTEGER;

export async function caseListPage(db: ReadModel, query: CaseListFilter & PageRequest): Promise<CaseListPage> {
  const { limit, offset = 0, ...filter } = query;
  const where = caseFilter(filter);
  // An unknown stage matches nothing (the API refuses it before it gets here).
  if (!where) return { items: [], total: 0, limit: limit ?? 0, offset };
  const { rows, total } = await listCases(db, where, { limit: limit ?? ALL, offset });
  const pending = new Map<string, string[]>();
  const overdue = new Map<string, string[]>();
  // One query for the page's tracks; the final ones wait for nothing.
  for (const track of await caseTracks(db, rows.map((r) => r.dnr))) {
    if (track.final) continue;
    pending.set(track.dnr, [...(pending.get(track.dnr) ?? []), track.party]);
    if (track.state === 'overdue') overdue.set(track.dnr, [...(overdue.get(track.dnr) ?? []), track.party]);
  }
  const items = rows.map((r) => ({
    dnr: r.dnr,
    title: r.title,
    stage: r.stage,
    rsrMeetingDate: r.rsrMeetingDate,
    open: r.open,
    pending: pending.get(r.dnr) ?? [],
    overdue: overdue.get(r.dnr) ?? [],
    ...(r.nextDeadline ? { nextDeadline: r.nextDeadline } : {}),
  }));
  return { items, total, limit: limit ?? total, offset };
}

export async function outstandingPage(db: ReadModel, registry: PartyRegistry, query: OutstandingFilter & PageRequest, now: number): Promise<OutstandingPage> {
  const { limit, offset = 0, ...filter } = query;
  const where: TrackFilter = { ...(filter.party ? { party: filter.party } : {}), ...(filter.overdue ? { overdue: filter.overdue === 'true' } : {}) };
  const [rows, total] = await Promise.all([outstandingTracks(db, where, { limit: limit ?? ALL, offset }), outstandingTotal(db, where)]);
  const today = stockholmDate(now);
  const items = rows.map((t) => ({
    dnr: t.dnr,
    party: t.party,
    partyName: registry.get(t.party)?.name ?? t.partyName,
    state: t.state,
    detail: t.detail,
    ...(t.nextDeadline ? { nextDeadline: t.nextDeadline, daysLeft: daysBetween(today, t.nextDeadline as IsoDate) } : {}),
    overdue: t.state === 'overdue',
  }));
  return { items, total, limit: limit ?? total, offset };
}

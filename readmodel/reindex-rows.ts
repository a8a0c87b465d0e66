// The pure half of `arende reindex` (issue 13): a queried workflow's rows, the comparison of two row
// sets of one workflow (what the workflow says against what the store holds) and the differences
// in Swedish. The Temporal and store sides are client/read-model-rebuild.ts and
// readmodel/workflow-rows.ts. The rows are computed by domain/projection.ts, the same code the
// workflows project with, so a row the store holds that differs is the store's fault, never a
// second opinion about the case.
import { caseProjection, caseStatusDocument, trackProjection } from '../domain/projection';
import { parseWorkflowId } from '../domain/dnr';
import { trackStateFromStatus } from '../domain/corrections';
import { validate } from '../domain/errors';
import { Projection, type CaseRow, type DeadlineKind, type DeadlineRow, type DeliveryRow, type TrackRow } from '../domain/read-model';
import type { PartySnapshot } from '../domain/rules';
import type { IsoDate } from '../domain/dates';
import type { TrackStatus } from '../domain/track-rules';
import { CASE_STAGE_WORDS, DELIVERY_STATUS_WORDS, NOTIFICATION_KIND_LABELS, TRACK_DETAIL_WORDS, TRACK_STATE_WORDS, counted } from '../domain/words';
import type { CaseSnapshot, CaseStatus } from '../workflows/messages';

// ------------------------------------------------------------------ one queried workflow's rows

/** What a case tells its tracks' rows: the party snapshots and the RSR meeting a TrackState carries. */
export interface TrackFacts {
  parties: readonly PartySnapshot[];
  rsrMeetingDate: IsoDate;
}

export function trackFactsOf(snapshot: Pick<CaseSnapshot, 'input' | 'state'>): TrackFacts {
  return { parties: snapshot.input.parties, rsrMeetingDate: snapshot.state.rsr?.meetingDate ?? snapshot.state.registration.rsrMeetingDate };
}

/**
 * A case's rows from its snapshot, with its status document from its status. Stamped with the last
 * version the workflow projected itself (0: none yet); `updatedAt` is its last log entry's time.
 */
export function caseRowsFromSnapshot(workflowId: string, snapshot: CaseSnapshot, status: CaseStatus, now: () => string): Projection {
  const stamp = { workflowId, version: snapshot.projectionVersion ?? 0, now: snapshot.log.at(-1)?.at ?? now() };
  return checked({ ...caseProjection(snapshot.state, snapshot.deliveries, stamp), caseStatus: caseStatusDocument(status) });
}

/**
 * A track's rows from its status, with its status document. `facts`: from its case; absent only
 * for a track whose case is not listed (Temporal keeps a closed case at least as long as its
 * tracks, which end first), when the party is read from the status and the meeting date stands
 * in as the request date: neither is read by the rows (domain/projection.ts).
 */
export function trackRowsFromStatus(workflowId: string, status: TrackStatus, facts: TrackFacts | undefined, now: () => string): Projection {
  const ids = parseWorkflowId(workflowId);
  if (!ids?.partyId) throw new Error(`${workflowId} är inte ett beslutsspårs arbetsflöde`);
  const party: PartySnapshot = facts?.parties.find((p) => p.id === status.party)
    ?? { id: status.party, name: status.partyName, organ: status.organ, registrator: '' };
  const track = trackStateFromStatus(status, { dnr: ids.dnr, party, rsrMeetingDate: facts?.rsrMeetingDate ?? status.requestedOn });
  const stamp = { workflowId, version: status.projectionVersion ?? 0, now: status.log.at(-1)?.at ?? now(), partyName: status.partyName, organ: status.organ };
  // The document as the track projects it: without its version, which every projection changes.
  const { projectionVersion: _version, ...document } = status;
  return checked({ ...trackProjection(track, status.deliveries, stamp), trackStatus: document });
}

function checked(projection: Projection): Projection {
  const result = validate(Projection, projection);
  if (!result.ok) throw new Error(`raderna följer inte läsmodellens schema: ${result.summary}`);
  return result.value;
}

// ------------------------------------------------------------------ comparison

/** One workflow's rows as compared: without `updatedAt` (when a row was written is no fact of the case) and the store's own columns. */
export interface WorkflowRows {
  workflowId: string;
  case?: Omit<CaseRow, 'updatedAt'>;
  track?: Omit<TrackRow, 'updatedAt'>;
  /** The CaseStatusDocument, as JSON data. */
  caseStatus?: Record<string, unknown>;
  /** The TrackStatus document, as JSON data. */
  trackStatus?: Record<string, unknown>;
  deliveries: DeliveryRow[];
  deadlines: DeadlineRow[];
}

export function rowsOfProjection(p: Projection): WorkflowRows {
  const rows: WorkflowRows = { workflowId: p.workflowId, deliveries: p.deliveries, deadlines: p.deadlines };
  if (p.case) rows.case = withoutUpdatedAt(p.case);
  if (p.track) rows.track = withoutUpdatedAt(p.track);
  if (p.caseStatus) rows.caseStatus = JSON.parse(JSON.stringify(p.caseStatus)) as Record<string, unknown>;
  if (p.trackStatus) rows.trackStatus = JSON.parse(JSON.stringify(p.trackStatus)) as Record<string, unknown>;
  return rows;
}

function withoutUpdatedAt<T extends { updatedAt: string }>(row: T): Omit<T, 'updatedAt'> {
  const { updatedAt: _at, ...rest } = row;
  return rest;
}

export type RowTable = 'case_row' | 'case_status' | 'track_row' | 'track_status' | 'delivery_row' | 'deadline_row';

/**
 * One difference between a workflow and the store. `missing`: the workflow has rows, the store
 * none; `orphan`: the store has rows of a workflow Temporal does not have; `row-missing` /
 * `row-extra`: one row only the workflow / only the store has; `field`: a field of a row both have.
 */
export interface Difference {
  workflowId: string;
  /** Whose rows: the case, and for a track its party (id and name). */
  dnr: string;
  party?: string;
  partyName?: string;
  kind: 'missing' | 'orphan' | 'row-missing' | 'row-extra' | 'field';
  table?: RowTable;
  /** The delivery or deadline row concerned. */
  row?: DeliveryRow | DeadlineRow;
  field?: string;
  inStore?: unknown;
  inWorkflow?: unknown;
}

function hasRows(rows: WorkflowRows | undefined): rows is WorkflowRows {
  return Boolean(rows && (rows.case || rows.caseStatus || rows.track || rows.trackStatus || rows.deliveries.length || rows.deadlines.length));
}

/** Whose rows these are, from either side (a case workflow's id names no party). */
function owner(workflowId: string, ...sides: (WorkflowRows | undefined)[]): Pick<Difference, 'workflowId' | 'dnr' | 'party' | 'partyName'> {
  const ids = parseWorkflowId(workflowId);
  const track = sides.find((s) => s?.track)?.track;
  const any = sides.find(hasRows);
  const dnr = track?.dnr ?? any?.case?.dnr ?? any?.deliveries[0]?.dnr ?? any?.deadlines[0]?.dnr ?? ids?.dnr ?? workflowId;
  const party = track?.party ?? ids?.partyId;
  return { workflowId, dnr, ...(party ? { party } : {}), ...(track ? { partyName: track.partyName } : {}) };
}

/** The differences between what the workflow says (`workflow`) and what the store holds (`store`) for one workflow. */
export function compareWorkflowRows(workflow: WorkflowRows | undefined, store: WorkflowRows | undefined): Difference[] {
  const workflowId = workflow?.workflowId ?? store?.workflowId;
  if (!workflowId) return [];
  const who = owner(workflowId, workflow, store);
  if (!hasRows(workflow)) return hasRows(store) ? [{ ...who, kind: 'orphan' }] : [];
  if (!hasRows(store)) return [{ ...who, kind: 'missing' }];
  const out: Difference[] = [];
  const fields = (table: RowTable, a: object | undefined, b: object | undefined, row?: DeliveryRow) => {
    if (!a && !b) return;
    if (!b) return void out.push({ ...who, kind: 'row-missing', table, ...(row ? { row } : {}) });
    if (!a) return void out.push({ ...who, kind: 'row-extra', table, ...(row ? { row } : {}) });
    const left = a as Record<string, unknown>;
    const right = b as Record<string, unknown>;
    for (const field of [...new Set([...Object.keys(left), ...Object.keys(right)])]) {
      if (!sameValue(left[field], right[field])) out.push({ ...who, kind: 'field', table, ...(row ? { row } : {}), field, inStore: right[field], inWorkflow: left[field] });
    }
  };
  fields('case_row', workflow.case, store.case);
  fields('case_status', workflow.caseStatus, store.caseStatus);
  fields('track_row', workflow.track, store.track);
  fields('track_status', workflow.trackStatus, store.trackStatus);

  const stored = new Map(store.deliveries.map((d) => [d.key, d]));
  for (const d of workflow.deliveries) {
    fields('delivery_row', d, stored.get(d.key), d);
    stored.delete(d.key);
  }
  for (const d of stored.values()) out.push({ ...who, kind: 'row-extra', table: 'delivery_row', row: d });

  // Deadlines are a multiset: a row is its whole content.
  const left = [...store.deadlines];
  for (const d of workflow.deadlines) {
    const i = left.findIndex((s) => sameValue(s, d));
    if (i >= 0) left.splice(i, 1);
    else out.push({ ...who, kind: 'row-missing', table: 'deadline_row', row: d });
  }
  for (const d of left) out.push({ ...who, kind: 'row-extra', table: 'deadline_row', row: d });
  return out;
}

/** Equal as JSON data, whatever the order of an object's keys (a status document read back from the store). */
function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
    : v)) ?? 'undefined';
}

// ------------------------------------------------------------------ in words

const FIELD_WORDS: Record<string, string> = {
  dnr: 'diarienummer',
  title: 'rubrik',
  stage: 'stadium',
  rsrMeetingDate: 'RSR-sammanträde',
  senast: 'sista dag',
  open: 'pågår',
  partiesAsked: 'tillfrågade huvudmän',
  nextDeadline: 'nästa frist',
  party: 'part',
  partyName: 'namn',
  organ: 'beslutande organ',
  state: 'läge',
  detail: 'läge i översikten',
  final: 'avslutat',
  overdueSince: 'försenat sedan',
  key: 'nyckel',
  kind: 'slag',
  recipientLabel: 'mottagare',
  status: 'status',
  attempts: 'försök',
  attemptedAt: 'senaste försök',
  // A track's status document.
  requestedOn: 'begärt',
  escalatedAt: 'eskalerat',
  reminders: 'påminnelser',
  decisions: 'beslut',
  justering: 'justering',
  anslag: 'anslag',
  appeal: 'överklagande',
  closed: 'stängt',
  nextTimer: 'nästa händelse i tiden',
  deliveries: 'utskick',
  log: 'händelselogg',
};

const DEADLINE_WORDS: Record<DeadlineKind, string> = {
  senast: 'sista dag för beslut',
  paminnelse: 'påminnelse',
  'sista-overklagandedag': 'sista dag för överklagande',
  'laga-kraft': 'laga kraft',
};

const TABLE_WORDS: Record<'case_row' | 'case_status' | 'track_row' | 'track_status', string> = {
  case_row: 'ärendets rad',
  case_status: 'ärendets status',
  track_row: 'spårets rad',
  track_status: 'spårets status',
};

function fieldWord(field: string): string {
  return FIELD_WORDS[field] ?? field;
}

/** Absent, or a value one word can say (a list or an object differs as a whole: "skiljer sig"). */
function isScalar(value: unknown): boolean {
  return value === undefined || value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** A value as a person reads it: the state's word, ja/nej, (inget) for an absent value. */
function valueWord(table: RowTable | undefined, field: string, value: unknown): string {
  if (value === undefined || value === null) return '(inget)';
  if (typeof value === 'boolean') return value ? "'ja'" : "'nej'";
  const words: Record<string, string> | undefined = field === 'stage' ? CASE_STAGE_WORDS
    : field === 'state' ? TRACK_STATE_WORDS
      : field === 'detail' ? TRACK_DETAIL_WORDS
        : table === 'delivery_row' && field === 'status' ? DELIVERY_STATUS_WORDS
          : table === 'delivery_row' && field === 'kind' ? NOTIFICATION_KIND_LABELS
            : undefined;
  const text = typeof value === 'string' && words && Object.hasOwn(words, value) ? words[value]! : String(value);
  return `'${text}'`;
}

function rowWords(table: RowTable, row: DeliveryRow | DeadlineRow | undefined): string {
  if (table === 'delivery_row' && row && 'key' in row) return `utskicket '${NOTIFICATION_KIND_LABELS[row.kind] ?? row.kind}' till ${row.recipientLabel}`;
  if (table === 'deadline_row' && row && 'date' in row) return `fristen '${DEADLINE_WORDS[row.kind] ?? row.kind}' ${row.date}`;
  return TABLE_WORDS[table as keyof typeof TABLE_WORDS] ?? table;
}

/** `RS/62/2026 Krokoms kommun: läge i läsmodellen 'begärd', i arbetsflödet 'försenad'`. */
export function differenceInWords(d: Difference): string {
  const who = `${d.dnr}${d.partyName ? ` ${d.partyName}` : d.party ? ` ${d.party}` : ''}`;
  const what = d.party ? 'beslutsspåret' : 'ärendet';
  switch (d.kind) {
    case 'missing':
      return `${who}: ${what} saknas i läsmodellen`;
    case 'orphan':
      return `${who}: ${what} finns i läsmodellen men inte i Temporal`;
    case 'row-missing':
      return `${who}: ${rowWords(d.table!, d.row)} saknas i läsmodellen`;
    case 'row-extra':
      return `${who}: ${rowWords(d.table!, d.row)} finns i läsmodellen men inte i arbetsflödet`;
    case 'field': {
      const where = d.table === 'delivery_row' || d.table === 'track_status' ? `${rowWords(d.table, d.row)}: ` : '';
      if (!isScalar(d.inStore) || !isScalar(d.inWorkflow)) return `${who}: ${where}${fieldWord(d.field!)} skiljer sig mellan läsmodellen och arbetsflödet`;
      return `${who}: ${where}${fieldWord(d.field!)} i läsmodellen ${valueWord(d.table, d.field!, d.inStore)}, i arbetsflödet ${valueWord(d.table, d.field!, d.inWorkflow)}`;
    }
  }
}

/** `1 000`: thousands grouped with a space, as Swedish text writes them. */
export function number(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** `12 s`, `1,4 s`. */
export function duration(ms: number): string {
  const s = ms / 1000;
  return `${s < 10 ? s.toFixed(1).replace('.', ',') : number(Math.round(s))} s`;
}

/** `1 000 ärenden, 9 000 beslutsspår` */
export function workflowCounts(cases: number, tracks: number): string {
  return `${number(cases)} ${cases === 1 ? 'ärende' : 'ärenden'}, ${number(tracks)} beslutsspår`;
}

/** `1 arbetsflöde`, `1 200 arbetsflöden`. */
export function workflowsCount(n: number): string {
  return `${number(n)} ${n === 1 ? 'arbetsflöde' : 'arbetsflöden'}`;
}

export function differencesCount(n: number): string {
  return counted(n, 'skillnad', 'skillnader').replace(/^\d+/, number(n));
}

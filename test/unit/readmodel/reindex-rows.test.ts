// The pure half of `arende reindex` (readmodel/reindex-rows.ts): a queried workflow's rows are the
// rows its own projection (domain/projection.ts) gives, and the comparison of a workflow's rows with
// the store's names every difference, in Swedish, per Dnr, party and field.
import { caseInput } from '../../../client/cases';
import { applyCaseEvent, caseStage, checkCaseEvent, initialCaseState, type CaseState } from '../../../domain/case-rules';
import { isoDate } from '../../../domain/dates';
import { trackWorkflowId, workflowIdForDnr } from '../../../domain/dnr';
import { parseOrThrow } from '../../../domain/errors';
import { HumanEvent } from '../../../domain/events';
import type { DeliveryRecord } from '../../../domain/notifications';
import { caseProjection, caseStatusDocument, trackProjection } from '../../../domain/projection';
import type { DeadlineRow, DeliveryRow, Projection } from '../../../domain/read-model';
import type { LogEntry, PartySnapshot } from '../../../domain/rules';
import { applyTrackEvent, initialTrackState, isFinalTrackState, type TrackState, type TrackStatus } from '../../../domain/track-rules';
import {
  caseRowsFromSnapshot,
  compareWorkflowRows,
  differenceInWords,
  differencesCount,
  duration,
  number,
  rowsOfProjection,
  trackFactsOf,
  trackRowsFromStatus,
  workflowCounts,
  type WorkflowRows,
} from '../../../readmodel/reindex-rows';
import type { CaseSnapshot, CaseStatus } from '../../../workflows/messages';
import { ninePartyCase } from '../../helpers/read-model';
import { demoCase, registry } from '../../workflow/support';

const d = isoDate;
const ev = (input: Record<string, unknown>): HumanEvent => parseOrThrow(HumanEvent, input);
const NOW = '2026-03-11T09:30:00.000Z';
const now = () => NOW;
const rs62 = demoCase('RS-62-2026.json').registration;
const DNR = rs62.dnr;
const logEntry = (at: string): LogEntry => ({ seq: 1, at, actor: 'system', type: 'test', text: 'test' });

function caseSnapshot(change: Partial<CaseSnapshot> = {}): CaseSnapshot {
  const state: CaseState = initialCaseState(rs62);
  const decided = ev({ type: 'rsr-decided', meetingDate: '2026-01-27', paragraf: 2, beslut: ['Delta'] });
  checkCaseEvent(state, decided);
  applyCaseEvent(state, decided);
  return { input: caseInput(rs62, registry), state, log: [logEntry('2026-01-27T12:00:00.000Z')], deliveries: [], ...change };
}

const snapshotOf = (id: string): PartySnapshot => {
  const party = registry.getOrThrow(id);
  return { id: party.id, name: party.name, organ: party.organs[0]!, registrator: party.registrator };
};
const krokom = snapshotOf('krokom');

function krokomTrack(): TrackState {
  return initialTrackState({ dnr: DNR, party: krokom, senast: d('2026-04-30'), reminders: [10, 3], rsrMeetingDate: d('2026-01-27'), today: d('2026-02-03') });
}

const delivery = (key: string, change: Partial<DeliveryRecord> = {}): DeliveryRecord => ({
  key,
  kind: 'begaran',
  occurrence: 'rsr-2026-01-27-§2',
  recipient: { label: 'Krokoms kommun (registrator)', email: 'registrator@krokom.se', party: krokom.id },
  status: 'sent',
  messageId: `<${key}>`,
  attemptedAt: '2026-02-03T08:00:00.000Z',
  attempts: 1,
  ...change,
});

/** The track's status as trackStatusQuery answers it (workflows/track-run.ts), from its state. */
function statusOf(track: TrackState, deliveries: DeliveryRecord[], extra: Partial<TrackStatus> = {}): TrackStatus {
  return {
    party: track.party.id,
    partyName: track.party.name,
    organ: track.party.organ,
    state: track.state,
    final: isFinalTrackState(track.state),
    requestedOn: track.requestedOn,
    senast: track.senast,
    ...(track.overdueSince ? { overdueSince: track.overdueSince } : {}),
    reminders: track.reminders,
    decisions: track.decisions,
    deliveries,
    log: [logEntry('2026-03-10T15:00:00.000Z')],
    ...extra,
  };
}

/** The case's status as caseStatusQuery answers it (workflows/case-run.ts status()), from its snapshot. */
function caseStatusOf(snapshot: CaseSnapshot): CaseStatus {
  const { state } = snapshot;
  return {
    dnr: state.dnr, title: state.title, stage: caseStage(state), rsrMeetingDate: state.registration.rsrMeetingDate, senast: state.recommendation.senast,
    huvudman: state.recommendation.huvudman, points: state.recommendation.points, registration: state.registration, beredning: state.beredning,
    ...(state.rsr ? { rsr: state.rsr } : {}), appeals: state.appeals, tracks: state.tracks,
    open: state.tracks.filter((t) => !t.final).map((t) => t.party), overdue: [], deliveries: snapshot.deliveries, historyLength: 12,
  };
}

describe('the rows of a queried workflow', () => {
  test("a case: its own projection's rows, stamped with the version it last projected and its last log entry's time", () => {
    const snapshot = caseSnapshot({ projectionVersion: 1_774_000_000_000 });
    const status = caseStatusOf(snapshot);
    const p = caseRowsFromSnapshot(workflowIdForDnr(DNR), snapshot, status, now);
    expect(p).toStrictEqual({
      ...caseProjection(snapshot.state, [], { workflowId: workflowIdForDnr(DNR), version: 1_774_000_000_000, now: '2026-01-27T12:00:00.000Z' }),
      caseStatus: caseStatusDocument(status),
    });
    // The status document leaves out what the tracks' own documents say, and the history's length.
    expect(p.caseStatus).not.toHaveProperty('historyLength');
    expect(p.caseStatus).not.toHaveProperty('open');
    expect(p.case).toMatchObject({ dnr: DNR, stage: 'rsr-decided', open: true });
  });

  test('a case that never projected: version 0, and now when it has no log', () => {
    const snapshot = caseSnapshot({ log: [] });
    const p = caseRowsFromSnapshot(workflowIdForDnr(DNR), snapshot, caseStatusOf(snapshot), now);
    expect(p).toMatchObject({ version: 0, case: { updatedAt: NOW } });
  });

  test("a track: its projection's rows from the status, and the status document without its version", () => {
    const track = krokomTrack();
    applyTrackEvent(track, ev({ type: 'huvudman-decided', party: 'krokom', organ: 'Kommunstyrelsen', meetingDate: '2026-03-10', paragraf: 41, outcome: 'bifall' }), NOW);
    const deliveries = [delivery('a'), delivery('a', { status: 'failed', attempts: 2 })];
    const status = statusOf(track, deliveries, { projectionVersion: 42 });
    const workflowId = trackWorkflowId(DNR, krokom.id);
    const p = trackRowsFromStatus(workflowId, status, trackFactsOf(caseSnapshot()), now);
    const { projectionVersion: _v, ...document } = status;
    expect(p).toStrictEqual({
      ...trackProjection(track, deliveries, { workflowId, version: 42, now: '2026-03-10T15:00:00.000Z', partyName: 'Krokoms kommun', organ: krokom.organ }),
      trackStatus: document,
    });
    expect(p.track).toMatchObject({ state: 'decided', final: false });
    expect(p.deliveries).toEqual([expect.objectContaining({ key: 'a', status: 'failed', attempts: 2, party: 'krokom' })]);
  });

  test("a track whose case is not listed: the same rows, the party read from its status", () => {
    const status = statusOf(krokomTrack(), []);
    const workflowId = trackWorkflowId(DNR, krokom.id);
    expect(trackRowsFromStatus(workflowId, status, undefined, now)).toStrictEqual(trackRowsFromStatus(workflowId, status, trackFactsOf(caseSnapshot()), now));
  });

  test("a track's status under a case's workflow id is refused", () => {
    expect(() => trackRowsFromStatus(workflowIdForDnr(DNR), statusOf(krokomTrack(), []), undefined, now)).toThrow('arende:RS-62-2026 är inte ett beslutsspårs arbetsflöde');
  });

  test("rows the read model's schema refuses are an error naming the field", () => {
    const snapshot = caseSnapshot();
    snapshot.state.title = '';
    expect(() => caseRowsFromSnapshot(workflowIdForDnr(DNR), snapshot, caseStatusOf(snapshot), now)).toThrow('raderna följer inte läsmodellens schema: case › Rubrik: får inte vara tomt');
  });
});

// ------------------------------------------------------------------ comparison

const [caseP, regionP, krokomP] = ninePartyCase({ n: 62, stage: 'anslag', overdue: [1] }) as [Projection, Projection, Projection];
const rows = (p: Projection): WorkflowRows => structuredClone(rowsOfProjection(p));
const krokomStatus = (): Projection => ({ ...krokomP, trackStatus: statusOf(krokomTrack(), [delivery('p', { kind: 'paminnelse' })]) });

describe('comparing a workflow with the store', () => {
  test('the same rows: no difference, whatever the order of the status document\'s keys or of the sets', () => {
    const workflow = rows(krokomStatus());
    const store = rows(krokomStatus());
    store.trackStatus = Object.fromEntries(Object.entries(store.trackStatus!).reverse());
    store.deadlines.reverse();
    const withDeliveries = rows(caseP);
    const stored = rows(caseP);
    stored.deliveries.reverse();
    expect(compareWorkflowRows(workflow, store)).toEqual([]);
    expect(compareWorkflowRows(withDeliveries, stored)).toEqual([]);
    expect(compareWorkflowRows(undefined, undefined)).toEqual([]);
  });

  test('updatedAt is no difference: when a row was written is no fact of the case', () => {
    const later = { ...caseP, case: { ...caseP.case!, updatedAt: '2027-01-01T00:00:00.000Z' } };
    expect(compareWorkflowRows(rows(caseP), rows(later))).toEqual([]);
  });

  test("a track's state: per Dnr, party and field, in the words the lists use", () => {
    const store = rows(krokomP);
    store.track = { ...store.track!, state: 'requested', detail: 'requested' };
    const found = compareWorkflowRows(rows(krokomP), store);
    expect(found).toEqual([
      { workflowId: krokomP.workflowId, dnr: 'RS/62/2026', party: 'krokom', partyName: 'Krokoms kommun', kind: 'field', table: 'track_row', field: 'state', inStore: 'requested', inWorkflow: 'overdue' },
      expect.objectContaining({ field: 'detail', inStore: 'requested', inWorkflow: 'overdue' }),
    ]);
    expect(found.map(differenceInWords)).toEqual([
      "RS/62/2026 Krokoms kommun: läge i läsmodellen 'begärd', i arbetsflödet 'försenad'",
      "RS/62/2026 Krokoms kommun: läge i översikten i läsmodellen 'begärd', i arbetsflödet 'försenad'",
    ]);
  });

  test("a case's fields: the stage's word, ja/nej, (inget) for an absent value", () => {
    const store = rows(caseP);
    store.case = { ...store.case!, stage: 'justerat', open: false };
    delete store.case.nextDeadline;
    expect(compareWorkflowRows(rows(caseP), store).map(differenceInWords)).toEqual([
      "RS/62/2026: stadium i läsmodellen 'justerat', i arbetsflödet 'anslaget'",
      "RS/62/2026: pågår i läsmodellen 'nej', i arbetsflödet 'ja'",
      `RS/62/2026: nästa frist i läsmodellen (inget), i arbetsflödet '${caseP.case!.nextDeadline}'`,
    ]);
  });

  test('deliveries by key: a changed status, one only the workflow has, one only the store has', () => {
    const workflow = rows(caseP);
    const store = rows(caseP);
    const [first, second] = store.deliveries as [DeliveryRow, DeliveryRow];
    first.status = 'failed';
    store.deliveries = store.deliveries.filter((r) => r !== second);
    store.deliveries.push({ ...second, key: 'RS/62/2026/paminnelse/krokom', kind: 'paminnelse', recipientLabel: 'Krokoms kommun' });
    expect(compareWorkflowRows(workflow, store).map(differenceInWords)).toEqual([
      "RS/62/2026: utskicket 'protokollsutdrag' till Region Jämtland Härjedalen: status i läsmodellen 'misslyckades', i arbetsflödet 'skickat'",
      "RS/62/2026: utskicket 'protokollsutdrag' till Krokoms kommun saknas i läsmodellen",
      "RS/62/2026: utskicket 'påminnelse' till Krokoms kommun finns i läsmodellen men inte i arbetsflödet",
    ]);
  });

  test('deadlines as a multiset: a second copy in the store is a row too many', () => {
    const workflow = rows(krokomP);
    const store = rows(krokomP);
    const senast = store.deadlines[0]!;
    store.deadlines.push({ ...senast });
    const laga: DeadlineRow = { ...senast, kind: 'laga-kraft', date: d('2026-05-20') };
    workflow.deadlines.push(laga);
    expect(compareWorkflowRows(workflow, store).map(differenceInWords)).toEqual([
      "RS/62/2026 Krokoms kommun: fristen 'laga kraft' 2026-05-20 saknas i läsmodellen",
      `RS/62/2026 Krokoms kommun: fristen 'sista dag för beslut' ${senast.date} finns i läsmodellen men inte i arbetsflödet`,
    ]);
  });

  test("a track's status document: a field that differs, or the whole document missing", () => {
    const workflow = rows(krokomStatus());
    const store = rows(krokomStatus());
    store.trackStatus = { ...store.trackStatus!, decisions: [{ organ: 'Kommunstyrelsen' }], state: 'decided' };
    expect(compareWorkflowRows(workflow, store).map(differenceInWords)).toEqual([
      "RS/62/2026 Krokoms kommun: spårets status: läge i läsmodellen 'beslutad', i arbetsflödet 'begärd'",
      'RS/62/2026 Krokoms kommun: spårets status: beslut skiljer sig mellan läsmodellen och arbetsflödet',
    ]);
    delete store.trackStatus;
    expect(compareWorkflowRows(workflow, store).map(differenceInWords)).toEqual(['RS/62/2026 Krokoms kommun: spårets status saknas i läsmodellen']);
  });

  test('a workflow without rows in the store, and rows without a workflow', () => {
    const empty: WorkflowRows = { workflowId: krokomP.workflowId, deliveries: [], deadlines: [] };
    const missing = compareWorkflowRows(rows(krokomP), empty);
    expect(missing).toEqual([{ workflowId: krokomP.workflowId, dnr: 'RS/62/2026', party: 'krokom', partyName: 'Krokoms kommun', kind: 'missing' }]);
    expect(missing.map(differenceInWords)).toEqual(['RS/62/2026 Krokoms kommun: beslutsspåret saknas i läsmodellen']);
    expect(compareWorkflowRows(undefined, rows(regionP)).map(differenceInWords)).toEqual(['RS/62/2026 Region Jämtland Härjedalen: beslutsspåret finns i läsmodellen men inte i Temporal']);
    expect(compareWorkflowRows(undefined, rows(caseP)).map(differenceInWords)).toEqual(['RS/62/2026: ärendet finns i läsmodellen men inte i Temporal']);
    // The case row alone missing (its deliveries are there): that row is named.
    const store = rows(caseP);
    delete store.case;
    expect(compareWorkflowRows(rows(caseP), store).map(differenceInWords)).toEqual(['RS/62/2026: ärendets rad saknas i läsmodellen']);
  });
});

describe('numbers and times in words', () => {
  test.each([
    [0, '0'], [999, '999'], [1000, '1 000'], [9000, '9 000'], [1234567, '1 234 567'],
  ])('%d → %s', (n, text) => expect(number(n)).toBe(text));

  test('the summary line\'s parts', () => {
    expect(workflowCounts(1000, 9000)).toBe('1 000 ärenden, 9 000 beslutsspår');
    expect(workflowCounts(1, 1)).toBe('1 ärende, 1 beslutsspår');
    expect(duration(12_345)).toBe('12 s');
    expect(duration(1_400)).toBe('1,4 s');
    expect(duration(65_000)).toBe('65 s');
    expect([0, 1, 1200].map(differencesCount)).toEqual(['0 skillnader', '1 skillnad', '1 200 skillnader']);
  });
});

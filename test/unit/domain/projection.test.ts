// The read model's projections (domain/projection.ts): what a case or track workflow writes into the
// query tables, built from its state. Every projection here is checked against the zod `Projection`
// schema, the projection activity's contract (domain/read-model.ts). Cases and tracks are folded from
// events the way the workflows do; every date is written out by hand (RS/62/2026: RSR 2026-01-26,
// senast Thursday 2026-04-30, reminders 10 and 3 working days before: 2026-04-16 and 2026-04-27).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { CASE_STAGES, applyCaseEvent, checkCaseEvent, initialCaseState, type CaseState, type CaseTrackView } from '../../../domain/case-rules';
import type { CaseRegistration } from '../../../domain/case';
import { isoDate } from '../../../domain/dates';
import { trackWorkflowId, workflowIdForDnr } from '../../../domain/dnr';
import { parseOrThrow } from '../../../domain/errors';
import { HumanEvent } from '../../../domain/events';
import type { DeliveryRecord } from '../../../domain/notifications';
import type { PartySnapshot } from '../../../domain/rules';
import { caseProjection, trackProjection } from '../../../domain/projection';
import { Projection } from '../../../domain/read-model';
import { TRACK_STATES, applyTrackEvent, checkTrackEvent, initialTrackState, type TrackState, type TrackStatus } from '../../../domain/track-rules';
import { demoCase, registry } from '../../workflow/support';

const d = isoDate;
const ev = (input: Record<string, unknown>): HumanEvent => parseOrThrow(HumanEvent, input);
const NOW = '2026-03-11T09:30:00.000Z';

/** The projection as the activity takes it: the schema accepts it unchanged. */
function valid(p: Projection): Projection {
  expect(Projection.parse(p)).toStrictEqual(p);
  return p;
}

// ------------------------------------------------------------------ cases

const rs62 = (): CaseRegistration => structuredClone(demoCase('RS-62-2026.json').registration);
// RS/258/2026: recommended by SVOM, no beredning, SVOM meets 2025-12-12; senast 2026-04-30.
const rs258 = (): CaseRegistration => structuredClone(demoCase('RS-258-2026.json').registration);

function caseWith(registration: CaseRegistration, ...events: HumanEvent[]): CaseState {
  const state = initialCaseState(registration);
  for (const event of events) {
    checkCaseEvent(state, event);
    applyCaseEvent(state, event);
  }
  return state;
}

const rsrDecided = () => ev({ type: 'rsr-decided', meetingDate: '2026-01-26', paragraf: 2, beslut: ['Delta i det aktörsgemensamma arbetet'] });
const caseJustering = () => ev({ type: 'justering-recorded', justerare: ['Alex Exempel'], date: '2026-02-02' });
// Posted Tuesday 2026-02-03: last appeal day Tuesday 2026-02-24, laga kraft 2026-02-25.
const caseAnslag = () => ev({ type: 'anslag-posted', posted: '2026-02-03' });

const finalStatus = (state: TrackStatus['state']) => ({ state, final: true }) as TrackStatus;

/** As the case's runTracks leaves them: one requested view per huvudman (nine for RS/62/2026). */
function withTracks(state: CaseState): CaseState {
  state.tracks = state.recommendation.huvudman.map((id): CaseTrackView => ({ party: id, name: registry.getOrThrow(id).name, state: 'requested', overdue: false }));
  return state;
}

/** Sets the i-th track's view as the case learns it: reported overdue, or final. */
function track(state: CaseState, i: number, change: Partial<CaseTrackView>): void {
  Object.assign(state.tracks[i]!, change);
}

const posted = () => withTracks(caseWith(rs62(), rsrDecided(), caseJustering(), caseAnslag()));
const allFinal = () => {
  const state = posted();
  for (let i = 0; i < state.tracks.length; i++) track(state, i, { state: 'laga-kraft', final: finalStatus('laga-kraft') });
  return state;
};

const caseStamp = (state: CaseState, version = 4) => ({ workflowId: workflowIdForDnr(state.dnr), version, now: NOW });

interface CaseExpectation {
  open: boolean;
  asked: number;
  nextDeadline?: string;
  deadlines: [kind: string, date: string][];
}

const stages: [string, () => CaseState, CaseExpectation][] = [
  ['registered', () => caseWith(rs258()), { open: true, asked: 0, nextDeadline: '2025-12-12', deadlines: [['senast', '2026-04-30']] }],
  [
    'beredning',
    () => {
      const registration = rs62();
      registration.beredning = [];
      return caseWith(registration, ev({ type: 'beredning-recorded', organ: 'SVOM', party: 'svom', meetingDate: '2026-01-13', outcome: 'information' }));
    },
    { open: true, asked: 0, nextDeadline: '2026-01-26', deadlines: [['senast', '2026-04-30']] },
  ],
  ['rsr-scheduled', () => caseWith(rs62()), { open: true, asked: 0, nextDeadline: '2026-01-26', deadlines: [['senast', '2026-04-30']] }],
  ['rsr-decided', () => caseWith(rs62(), rsrDecided()), { open: true, asked: 0, nextDeadline: '2026-04-30', deadlines: [['senast', '2026-04-30']] }],
  ['justerat', () => withTracks(caseWith(rs62(), rsrDecided(), caseJustering())), { open: true, asked: 9, nextDeadline: '2026-04-30', deadlines: [['senast', '2026-04-30']] }],
  [
    'anslag',
    () => {
      // Two overdue, three final (one of them had been overdue: a final track is no longer counted).
      const state = posted();
      track(state, 0, { state: 'overdue', overdue: true });
      track(state, 1, { state: 'overdue', overdue: true });
      track(state, 2, { state: 'laga-kraft', final: finalStatus('laga-kraft') });
      track(state, 3, { state: 'rejected', final: finalStatus('rejected') });
      track(state, 4, { state: 'laga-kraft', overdue: false, final: finalStatus('laga-kraft') });
      return state;
    },
    {
      open: true,
      asked: 9,
      nextDeadline: '2026-04-30',
      deadlines: [
        ['sista-overklagandedag', '2026-02-24'],
        ['laga-kraft', '2026-02-25'],
        ['senast', '2026-04-30'],
      ],
    },
  ],
  [
    'completed',
    () => {
      const state = allFinal();
      state.completed = true;
      return state;
    },
    { open: false, asked: 9, deadlines: [] },
  ],
  [
    'withdrawn',
    () => {
      // Withdrawn with its tracks open: the case marks each cancelled track withdrawn (followTrack).
      const state = posted();
      applyCaseEvent(state, ev({ type: 'withdrawn', date: '2026-02-10', reason: 'Ärendet har ersatts av RS/99/2026' }));
      for (let i = 0; i < state.tracks.length; i++) track(state, i, { state: 'withdrawn' });
      return state;
    },
    { open: false, asked: 9, deadlines: [] },
  ],
];

describe('caseProjection', () => {
  test('the fixtures cover every stage', () => {
    expect(stages.map(([stage]) => stage)).toEqual([...CASE_STAGES]);
  });

  test.each(stages)('%s: the case row and its deadlines', (stage, build, expected) => {
    const state = build();
    const p = valid(caseProjection(state, [], caseStamp(state)));
    expect(p.workflowId).toBe(workflowIdForDnr(state.dnr));
    expect(p.version).toBe(4);
    expect(p.track).toBeUndefined();
    expect(p.case).toStrictEqual({
      dnr: state.dnr,
      title: state.title,
      stage,
      rsrMeetingDate: state.registration.rsrMeetingDate,
      senast: '2026-04-30',
      open: expected.open,
      partiesAsked: expected.asked,
      ...(expected.nextDeadline ? { nextDeadline: expected.nextDeadline } : {}),
      updatedAt: NOW,
    });
    expect(p.deadlines).toStrictEqual(expected.deadlines.map(([kind, date]) => ({ dnr: state.dnr, kind, date })));
  });

  test('anslag with every track final: the next date is RSR\'s last appeal day, and the huvudmän\'s senast is no longer a deadline', () => {
    const state = allFinal();
    const p = valid(caseProjection(state, [], caseStamp(state)));
    expect(p.case).toMatchObject({ stage: 'anslag', open: true, partiesAsked: 9, nextDeadline: '2026-02-24' });
    expect(p.deadlines).toStrictEqual([
      { dnr: state.dnr, kind: 'sista-overklagandedag', date: '2026-02-24' },
      { dnr: state.dnr, kind: 'laga-kraft', date: '2026-02-25' },
    ]);
  });
});

// ------------------------------------------------------------------ tracks

const AT = NOW;
const snapshot = (id: string): PartySnapshot => {
  const party = registry.getOrThrow(id);
  return { id: party.id, name: party.name, organ: party.organs[0]!, registrator: party.registrator };
};
const DNR = demoCase('RS-62-2026.json').registration.dnr;
const krokom = snapshot('krokom');

function krokomTrack(): TrackState {
  return initialTrackState({ dnr: DNR, party: krokom, senast: d('2026-04-30'), reminders: [10, 3], rsrMeetingDate: d('2026-01-26'), today: d('2026-02-03') });
}

const decision = (outcome: string, extra: Record<string, unknown> = {}) =>
  ev({ type: 'huvudman-decided', party: 'krokom', organ: 'Kommunstyrelsen', meetingDate: '2026-03-10', paragraf: 41, outcome, ...extra });
const justering = () => ev({ type: 'justering-recorded', party: 'krokom', justerare: ['Anna Exempel', 'Per Exempel'], date: '2026-03-12' });
// Posted Friday 2026-03-13: 21 days on is långfredagen 2026-04-03, so the last appeal day is Tuesday 2026-04-07 (after annandag påsk); laga kraft 2026-04-08.
const anslag = () => ev({ type: 'anslag-posted', party: 'krokom', posted: '2026-03-13' });

function trackWith(t: TrackState, ...events: HumanEvent[]): TrackState {
  for (const event of events) {
    checkTrackEvent(t, event);
    applyTrackEvent(t, event, AT);
  }
  return t;
}

/** As the clock leaves it: both reminders sent, the deadline passed. */
function overdueTrack(): TrackState {
  const t = krokomTrack();
  for (const r of t.reminders) r.status = 'sent';
  t.state = 'overdue';
  t.overdueSince = d('2026-05-01');
  return t;
}

const anslagTrack = () => trackWith(krokomTrack(), decision('bifall'), justering(), anslag());
const ended = (t: TrackState, state: TrackState['state']) => Object.assign(t, { state });

interface TrackExpectation {
  detail?: string;
  final: boolean;
  nextDeadline?: string;
  deadlines: [kind: string, date: string][];
}

const APPEAL_PERIOD: [string, string][] = [
  ['sista-overklagandedag', '2026-04-07'],
  ['laga-kraft', '2026-04-08'],
];

const trackStates: [string, () => TrackState, TrackExpectation][] = [
  [
    'requested',
    krokomTrack,
    {
      final: false,
      nextDeadline: '2026-04-30',
      deadlines: [
        ['paminnelse', '2026-04-16'],
        ['paminnelse', '2026-04-27'],
        ['senast', '2026-04-30'],
      ],
    },
  ],
  ['overdue', overdueTrack, { final: false, nextDeadline: '2026-04-30', deadlines: [['senast', '2026-04-30']] }],
  ['decided', () => trackWith(krokomTrack(), decision('bifall')), { final: false, deadlines: [] }],
  ['justerat', () => trackWith(krokomTrack(), decision('bifall'), justering()), { final: false, deadlines: [] }],
  ['anslag', anslagTrack, { final: false, nextDeadline: '2026-04-08', deadlines: APPEAL_PERIOD }],
  ['laga-kraft', () => ended(anslagTrack(), 'laga-kraft'), { final: true, deadlines: [] }],
  // An avslag posted with its protocol: its appeal period does not keep the final track open.
  ['rejected', () => trackWith(krokomTrack(), decision('avslag', { justering: { justerare: ['Anna Exempel'], date: '2026-03-12' }, anslag: { posted: '2026-03-13' } })), { final: true, deadlines: [] }],
  ['appealed', () => trackWith(anslagTrack(), ev({ type: 'appeal-filed', party: 'krokom', filedOn: '2026-03-20' })), { final: true, deadlines: [] }],
  ['closed', () => ended(krokomTrack(), 'closed'), { final: true, deadlines: [] }],
  ['withdrawn', () => ended(krokomTrack(), 'withdrawn'), { final: true, deadlines: [] }],
];

const trackStamp = (version = 7) => ({ workflowId: trackWorkflowId(DNR, krokom.id), version, now: NOW, partyName: 'Krokoms kommun', organ: 'Kommunstyrelsen' });

describe('trackProjection', () => {
  test('the fixtures cover every track state', () => {
    expect(trackStates.map(([state]) => state)).toEqual([...TRACK_STATES]);
  });

  test.each(trackStates)('%s: the track row and its deadlines', (state, build, expected) => {
    const t = build();
    expect(t.state).toBe(state);
    const p = valid(trackProjection(t, [], trackStamp()));
    expect(p).toMatchObject({ workflowId: 'arende:RS-62-2026:krokom', version: 7 });
    expect(p.case).toBeUndefined();
    expect(p.track).toStrictEqual({
      dnr: DNR,
      party: 'krokom',
      partyName: 'Krokoms kommun',
      organ: 'Kommunstyrelsen',
      state,
      detail: expected.detail ?? state,
      final: expected.final,
      senast: '2026-04-30',
      ...(t.overdueSince ? { overdueSince: t.overdueSince } : {}),
      ...(expected.nextDeadline ? { nextDeadline: expected.nextDeadline } : {}),
      updatedAt: NOW,
    });
    expect(p.deadlines).toStrictEqual(expected.deadlines.map(([kind, date]) => ({ dnr: DNR, party: 'krokom', kind, date })));
  });

  test('an overdue track keeps its passed senast as its next deadline (as ArendeNastaFrist does), with the day it became overdue', () => {
    const p = valid(trackProjection(overdueTrack(), [], trackStamp()));
    expect(p.track).toMatchObject({ state: 'overdue', detail: 'overdue', final: false, nextDeadline: '2026-04-30', overdueSince: '2026-05-01' });
  });

  test('decided after it was overdue: no longer waiting for a date, the day it became overdue kept as a fact', () => {
    const t = trackWith(overdueTrack(), decision('bifall', { meetingDate: '2026-05-05' }));
    const p = valid(trackProjection(t, [], trackStamp()));
    expect(p.track).toMatchObject({ state: 'decided', detail: 'decided', final: false, overdueSince: '2026-05-01' });
    expect(p.track!.nextDeadline).toBeUndefined();
    expect(p.deadlines).toStrictEqual([]);
  });

  test('a final track has no next deadline and no deadlines', () => {
    for (const [state, build, expected] of trackStates.filter(([, , e]) => e.final)) {
      const p = valid(trackProjection(build(), [], trackStamp()));
      expect([state, p.track!.final, p.track!.nextDeadline, p.deadlines]).toStrictEqual([state, true, undefined, []]);
      expect(expected.nextDeadline).toBeUndefined();
    }
  });

  test('the overview\'s finer words: reminded (the sent reminder is no longer a deadline), återremiss and bordläggning (still planned reminders stand)', () => {
    const reminded = krokomTrack();
    reminded.reminders[0]!.status = 'sent';
    const p = valid(trackProjection(reminded, [], trackStamp()));
    expect(p.track).toMatchObject({ state: 'requested', detail: 'reminded', nextDeadline: '2026-04-30' });
    expect(p.deadlines.map((x) => [x.kind, x.date])).toStrictEqual([
      ['paminnelse', '2026-04-27'],
      ['senast', '2026-04-30'],
    ]);
    for (const outcome of ['aterremiss', 'bordlaggning']) {
      const back = valid(trackProjection(trackWith(krokomTrack(), decision(outcome)), [], trackStamp()));
      expect(back.track).toMatchObject({ state: 'requested', detail: outcome, final: false, nextDeadline: '2026-04-30' });
      expect(back.deadlines.map((x) => x.kind)).toStrictEqual(['paminnelse', 'paminnelse', 'senast']);
    }
  });
});

// ------------------------------------------------------------------ deliveries

const delivery = (key: string, change: Partial<DeliveryRecord> = {}): DeliveryRecord => ({
  key,
  kind: 'begaran',
  occurrence: 'rsr-2026-01-26-§2',
  recipient: { label: 'Krokoms kommun (registrator)', email: 'registrator@krokom.se', party: krokom.id },
  status: 'sent',
  messageId: `<${key}>`,
  attemptedAt: '2026-02-03T08:00:00.000Z',
  attempts: 1,
  ...change,
});

describe('deliveries', () => {
  test('one row per key with its latest status, at the place the key first appeared', () => {
    const records = [
      delivery('a', { status: 'failed', detail: '550 mailbox unavailable' }),
      delivery('b', { kind: 'paminnelse', occurrence: '2026-04-16' }),
      delivery('a', { status: 'sent', attempts: 2, attemptedAt: '2026-02-04T10:00:00.000Z' }),
      // A stale copy of the first attempt after the retry (a reordered input) does not win.
      delivery('a', { status: 'failed', attempts: 1 }),
    ];
    const p = valid(trackProjection(krokomTrack(), records, trackStamp()));
    expect(p.deliveries).toStrictEqual([
      { key: 'a', dnr: DNR, party: 'krokom', kind: 'begaran', recipientLabel: 'Krokoms kommun (registrator)', status: 'sent', attempts: 2, attemptedAt: '2026-02-04T10:00:00.000Z' },
      { key: 'b', dnr: DNR, party: 'krokom', kind: 'paminnelse', recipientLabel: 'Krokoms kommun (registrator)', status: 'sent', attempts: 1, attemptedAt: '2026-02-03T08:00:00.000Z' },
    ]);
  });

  test('a track\'s deliveries are all its party\'s (the manager\'s escalation too); a case\'s name the party they were addressed to, if any', () => {
    const escalation = delivery('f', { kind: 'forsenad', recipient: { label: 'Samordningskansliet', email: 'kansli@example.se' } });
    expect(valid(trackProjection(overdueTrack(), [escalation], trackStamp())).deliveries[0]).toMatchObject({ key: 'f', party: 'krokom', recipientLabel: 'Samordningskansliet' });

    const state = posted();
    const extract = delivery('p', { kind: 'protokollsutdrag' });
    const unresolved = delivery('u', { kind: 'protokollsutdrag', recipient: { label: 'Okänd mottagare' }, status: 'undeliverable', messageId: '' });
    const rows = valid(caseProjection(state, [extract, unresolved], caseStamp(state))).deliveries;
    expect(rows.map((r) => [r.key, r.dnr, r.party, r.status])).toStrictEqual([
      ['p', 'RS/62/2026', 'krokom', 'sent'],
      ['u', 'RS/62/2026', undefined, 'undeliverable'],
    ]);
    expect(rows[1]).not.toHaveProperty('party');
  });
});

// ------------------------------------------------------------------ determinism and weight

describe('the builders are pure', () => {
  test('the same input gives a deep-equal output, and the input is left as it was', () => {
    const state = posted();
    track(state, 0, { state: 'overdue', overdue: true });
    const records = [delivery('a'), delivery('a', { attempts: 2 })];
    const before = structuredClone({ state, records });
    expect(caseProjection(state, records, caseStamp(state))).toStrictEqual(caseProjection(state, records, caseStamp(state)));
    const t = anslagTrack();
    const trackBefore = structuredClone(t);
    expect(trackProjection(t, records, trackStamp())).toStrictEqual(trackProjection(t, records, trackStamp()));
    expect({ state, records }).toStrictEqual(before);
    expect(t).toStrictEqual(trackBefore);
  });

  test('the version and the instant are the stamp\'s, nothing else changes with them', () => {
    const t = krokomTrack();
    const a = trackProjection(t, [], trackStamp(1));
    const b = trackProjection(t, [], { ...trackStamp(2), now: '2026-03-12T10:00:00.000Z' });
    expect(b).toStrictEqual({ ...a, version: 2, track: { ...a.track!, updatedAt: '2026-03-12T10:00:00.000Z' } });
  });

  test('loading the module loads no zod (the workflows will import it)', () => {
    const root = path.join(__dirname, '../../..');
    const script = "require('./domain/projection'); console.log(JSON.stringify(Object.keys(require.cache).map((p) => require('node:path').relative(process.cwd(), p))))";
    const loaded = JSON.parse(execFileSync(path.join(root, 'node_modules/.bin/tsx'), ['-e', script], { cwd: root, encoding: 'utf8' })) as string[];
    expect(loaded).toContain(path.join('domain', 'projection.ts'));
    expect(loaded.filter((p) => p.includes(`${path.sep}zod${path.sep}`) || /domain\/(read-model|values|notifications|parties|case|events)\.ts$/.test(p))).toEqual([]);
  });
});

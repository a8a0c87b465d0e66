// Late facts and corrections (domain/corrections.ts): what an ended track or case still takes (a
// timely appeal after laga kraft, a correction), the refusals naming the rule, how a correction
// changes the facts and the state (a laga kraft withdrawn when the appeal period moves past today),
// and how the log marks the corrected entry. Dates written out by hand (2026: långfredagen 04-03,
// annandag påsk 04-06).
import { isoDate } from '../../../domain/dates';
import { parseOrThrow, validate } from '../../../domain/errors';
import { CorrectionRecorded, HumanEvent } from '../../../domain/events';
import {
  applyCaseCorrection,
  applyLateTrackEvent,
  applyTrackCorrection,
  checkCaseCorrection,
  checkLateCaseEvent,
  checkLateTrackEvent,
  markCorrected,
  trackStateFromStatus,
} from '../../../domain/corrections';
import { applyCaseEvent, checkCaseEvent, initialCaseState, type CaseState } from '../../../domain/case-rules';
import { ImpossibleFactError } from '../../../domain/facts';
import type { LogEntry, PartySnapshot } from '../../../domain/rules';
import { applyTrackEvent, checkTrackEvent, initialTrackState, type TrackState, type TrackStatus } from '../../../domain/track-rules';
import { demoCase, registry } from '../../workflow/support';
import { refusal } from '../../helpers/refusal';

const d = isoDate;
const ev = (input: Record<string, unknown>): HumanEvent => parseOrThrow(HumanEvent, input);
const AT = '2026-05-04T09:30:00.000Z';
const DNR = demoCase('RS-62-2026.json').registration.dnr;
const krokom = (): PartySnapshot => {
  const party = registry.getOrThrow('krokom');
  return { id: party.id, name: party.name, organ: party.organs[0]!, registrator: party.registrator };
};

/**
 * Krokom's track: bifall Tuesday 2026-03-10, justerad 03-12, posted Friday 03-13. + 21 days =
 * 04-03 långfredagen, then the weekend and annandag påsk: the last appeal day is Tuesday 04-07,
 * laga kraft Wednesday 04-08 — which the clock has reached.
 */
function lagaKraftTrack(): TrackState {
  const track = initialTrackState({ dnr: DNR, party: krokom(), senast: d('2026-04-30'), reminders: [3], rsrMeetingDate: d('2026-01-26'), today: d('2026-02-03') });
  for (const e of [
    ev({ type: 'huvudman-decided', party: 'krokom', organ: 'Kommunstyrelsen', meetingDate: '2026-03-10', paragraf: 41, outcome: 'bifall' }),
    ev({ type: 'justering-recorded', party: 'krokom', justerare: ['Anna Exempel'], date: '2026-03-12' }),
    ev({ type: 'anslag-posted', party: 'krokom', posted: '2026-03-13' }),
  ]) {
    checkTrackEvent(track, e);
    applyTrackEvent(track, e, AT);
  }
  expect(track.anslag!.calendar).toMatchObject({ lastAppealDay: '2026-04-07', lagaKraft: '2026-04-08' });
  track.state = 'laga-kraft';
  return track;
}

const correction = (target: string, changes: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  ev({ type: 'correction-recorded', party: 'krokom', target, changes, reason: 'Fel uppgift i rapporten', ...extra }) as Extract<HumanEvent, { type: 'correction-recorded' }>;

describe('a timely appeal after laga kraft (kommunallagen 13 kap. 5 §)', () => {
  test('filed on the last appeal day, learnt of weeks later: accepted, the track is överklagad', () => {
    const track = lagaKraftTrack();
    const appeal = ev({ type: 'appeal-filed', party: 'krokom', filedOn: '2026-04-07', court: 'Förvaltningsrätten i Härnösand' });
    expect(() => checkLateTrackEvent(track, appeal, d('2026-05-04'))).not.toThrow();
    const text = applyLateTrackEvent(track, appeal, AT, d('2026-05-04'));
    expect(track.state).toBe('appealed');
    expect(text).toBe('Krokoms kommun: beslutet överklagat (inkom 2026-04-07, Förvaltningsrätten i Härnösand); registrerat efter laga kraft, inom tiden för överklagande');
  });

  test('filed the day after the last appeal day: refused naming filedOn and the rule', () => {
    let thrown: unknown;
    try {
      checkLateTrackEvent(lagaKraftTrack(), ev({ type: 'appeal-filed', party: 'krokom', filedOn: '2026-04-08' }), d('2026-05-04'));
    } catch (err) {
      thrown = err;
    }
    // Bad input naming the field (as an impossible fact): the API answers 400 with body.filedOn.
    expect(thrown).toBeInstanceOf(ImpossibleFactError);
    expect(thrown).toMatchObject({
      issues: [{ path: 'filedOn', field: 'Överklagandet kom in', message: 'överklagandet kom in 2026-04-08, efter sista dag 2026-04-07 (kommunallagen 13 kap. 5 §)' }],
      message: 'appeal-filed: överklagandet kom in 2026-04-08, efter sista dag 2026-04-07 (kommunallagen 13 kap. 5 §)',
    });
  });

  test('only a laga kraft track takes a late appeal; other events for an ended track are refused as before', () => {
    const rejected = lagaKraftTrack();
    rejected.state = 'rejected';
    expect(refusal(() => checkLateTrackEvent(rejected, ev({ type: 'appeal-filed', party: 'krokom', filedOn: '2026-04-01' }), d('2026-05-04')))).toBe(
      'appeal-filed: beslutsspåret för Krokoms kommun är avslutat (avslag); ett överklagande tas emot efter laga kraft men inte nu',
    );
    expect(refusal(() => checkLateTrackEvent(lagaKraftTrack(), ev({ type: 'justering-recorded', party: 'krokom', justerare: ['X'], date: '2026-03-12' }), d('2026-05-04')))).toBe(
      'justering-recorded: beslutsspåret för Krokoms kommun är avslutat (laga kraft)',
    );
    expect(refusal(() => checkLateTrackEvent(lagaKraftTrack(), ev({ type: 'appeal-filed', party: 'krokom', filedOn: '2026-05-05' }), d('2026-05-04')))).toBe(
      'appeal-filed: inkom 2026-05-05 ligger i framtiden (i dag 2026-05-04); det kan inte ha hänt än',
    );
  });
});

describe('a correction of a huvudman\'s facts', () => {
  test('a later anslag date withdraws laga kraft when the new period has not ended: anslagen again, laga kraft on the new date', () => {
    const track = lagaKraftTrack();
    // Posted Friday 03-20: + 21 days = Friday 04-10, a working day; laga kraft 04-11, after today 04-09.
    const c = correction('anslag', { posted: '2026-03-20' });
    checkLateTrackEvent(track, c, d('2026-04-09'));
    const outcome = applyTrackCorrection(track, c, d('2026-04-09'));
    expect(track.state).toBe('anslag');
    expect(track.anslag).toMatchObject({ posted: '2026-03-20', calendar: { justerad: '2026-03-12', anslagSenast: '2026-03-16', lastAppealDay: '2026-04-10', lagaKraft: '2026-04-11' } });
    expect(outcome).toEqual({
      text: 'Krokoms kommun: rättelse av anslaget: uppsatt 2026-03-13 → 2026-03-20; skäl: Fel uppgift i rapporten; laga kraft gäller inte, beslutet vinner laga kraft 2026-04-11 om det inte överklagas',
      changes: ['uppsatt 2026-03-13 → 2026-03-20'],
      lagaKraftWithdrawn: '2026-04-11',
    });
  });

  test('a corrected anslag whose new period has also ended keeps laga kraft (on its new date)', () => {
    const track = lagaKraftTrack();
    // Posted Wednesday 03-18: + 21 days = Wednesday 04-08, a working day; laga kraft 04-09, before today 05-04.
    const outcome = applyTrackCorrection(track, correction('anslag', { posted: '2026-03-18' }), d('2026-05-04'));
    expect(track.state).toBe('laga-kraft');
    expect(track.anslag!.calendar).toMatchObject({ lastAppealDay: '2026-04-08', lagaKraft: '2026-04-09' });
    expect(outcome.lagaKraftWithdrawn).toBeUndefined();
  });

  test('refused with the rule: nothing changes, a date in the future, an anslag before the justering, a decision between open and final, a target not recorded', () => {
    const today = d('2026-05-04');
    expect(refusal(() => checkLateTrackEvent(lagaKraftTrack(), correction('anslag', { posted: '2026-03-13' }), today))).toBe(
      'correction-recorded: rättelsen ändrar inget: anslaget är redan registrerat så',
    );
    expect(refusal(() => checkLateTrackEvent(lagaKraftTrack(), correction('anslag', { posted: '2026-05-05' }), today))).toBe(
      'correction-recorded: uppsatt 2026-05-05 ligger i framtiden (i dag 2026-05-04); det kan inte ha hänt än',
    );
    expect(refusal(() => checkLateTrackEvent(lagaKraftTrack(), correction('anslag', { posted: '2026-03-11' }), today))).toBe(
      'correction-recorded: anslaget (2026-03-11) kan inte sättas upp före justeringen 2026-03-12',
    );
    expect(refusal(() => checkLateTrackEvent(lagaKraftTrack(), correction('decision', { outcome: 'aterremiss' }), today))).toMatch(/^correction-recorded: återremiss och bordläggning lämnar ärendet öppet/);
    expect(refusal(() => checkLateTrackEvent(lagaKraftTrack(), correction('appeal', { filedOn: '2026-04-01' }), today))).toBe(
      'correction-recorded: Krokoms kommun har inget registrerat överklagande att rätta',
    );
    expect(refusal(() => checkLateTrackEvent(lagaKraftTrack(), correction('justering', { date: '2026-03-09' }), today))).toBe(
      'correction-recorded: justeringen (2026-03-09) kan inte ske före sammanträdet 2026-03-10',
    );
  });

  test('a decision corrected to avslag ends the track as avslag; its paragraf and date are corrected in place', () => {
    const track = lagaKraftTrack();
    track.state = 'anslag';
    const outcome = applyTrackCorrection(track, correction('decision', { outcome: 'avslag', paragraf: 42 }), d('2026-04-01'));
    expect(track.state).toBe('rejected');
    expect(track.decisions[0]).toMatchObject({ outcome: 'avslag', paragraf: 42, meetingDate: '2026-03-10' });
    expect(outcome.text).toBe('Krokoms kommun: rättelse av beslutet: paragraf § 41 → § 42; utfall bifall → avslag; skäl: Fel uppgift i rapporten; läget är nu avslag');
  });

  test('an ended track is rebuilt from its final status as the case holds it', () => {
    const track = lagaKraftTrack();
    const status = { ...track, party: 'krokom', partyName: 'Krokoms kommun', organ: 'Kommunstyrelsen', final: true, deliveries: [], log: [] } as unknown as TrackStatus;
    expect(trackStateFromStatus(status, { dnr: DNR, party: krokom(), rsrMeetingDate: d('2026-01-26') })).toEqual(track);
  });
});

describe('the log keeps the corrected entry, marked', () => {
  test('the entry that recorded the fact (a decision with its anslag) is marked corrected by the correction, which names it', () => {
    const log: LogEntry[] = [
      { seq: 1, at: AT, actor: 'system', type: 'track-requested', text: 'begärd' },
      { seq: 2, at: AT, actor: 'registrator/krokom', type: 'huvudman-decided', text: 'bifall, med justering och anslag' },
      { seq: 3, at: AT, actor: 'system', type: 'laga-kraft', text: 'laga kraft' },
      { seq: 4, at: AT, actor: 'administrator', type: 'correction-recorded', text: 'rättelse' },
    ];
    expect(markCorrected(log, correction('anslag', { posted: '2026-03-20' }), 4)).toBe(2);
    expect(log[1]!.correctedBy).toEqual([4]);
    // A second correction of the same fact marks the same entry again.
    log.push({ seq: 5, at: AT, actor: 'administrator', type: 'correction-recorded', text: 'rättelse 2' });
    expect(markCorrected(log, correction('anslag', { posted: '2026-03-19' }), 5)).toBe(2);
    expect(log[1]!.correctedBy).toEqual([4, 5]);
  });
});

describe('the case\'s own (RSR\'s) facts', () => {
  /** RS/62/2026: RSR 2026-01-26, justerad 02-02, posted Tuesday 02-03: last appeal day Tuesday 02-24. */
  function rs62Posted(): CaseState {
    const state = initialCaseState(structuredClone(demoCase('RS-62-2026.json').registration));
    for (const e of [
      ev({ type: 'rsr-decided', meetingDate: '2026-01-26', paragraf: 2, beslut: ['Rekommendation.'] }),
      ev({ type: 'justering-recorded', justerare: ['Alex Exempel'], date: '2026-02-02' }),
      ev({ type: 'anslag-posted', posted: '2026-02-03' }),
    ]) {
      checkCaseEvent(state, e);
      applyCaseEvent(state, e);
    }
    state.completed = true;
    return state;
  }

  test('after completion: a timely appeal is taken, a late one refused naming filedOn', () => {
    expect(() => checkLateCaseEvent(rs62Posted(), ev({ type: 'appeal-filed', filedOn: '2026-02-24' }), d('2026-05-04'))).not.toThrow();
    expect(() => checkLateCaseEvent(rs62Posted(), ev({ type: 'appeal-filed', filedOn: '2026-02-25' }), d('2026-05-04'))).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: 'filedOn' })], message: 'appeal-filed: överklagandet kom in 2026-02-25, efter sista dag 2026-02-24 (kommunallagen 13 kap. 5 §)' }),
    );
    expect(refusal(() => checkLateCaseEvent(rs62Posted(), ev({ type: 'withdrawn', date: '2026-05-04', reason: 'X' }), d('2026-05-04')))).toBe('withdrawn: RS/62/2026 är avslutat och tar inte emot fler händelser');
  });

  test('a corrected anslag moves RSR\'s appeal period; an appeal already recorded must still fit it', () => {
    const state = rs62Posted();
    const c = ev({ type: 'correction-recorded', target: 'anslag', changes: { posted: '2026-02-04' }, reason: 'Fel dag' }) as Extract<HumanEvent, { type: 'correction-recorded' }>;
    checkCaseCorrection(state, c, d('2026-05-04'));
    expect(applyCaseCorrection(state, c).text).toBe('Rättelse av anslaget: uppsatt 2026-02-03 → 2026-02-04; skäl: Fel dag');
    expect(state.anslag!.calendar).toMatchObject({ lastAppealDay: '2026-02-25', lagaKraft: '2026-02-26' });
    state.appeals.push({ type: 'appeal-filed', filedOn: d('2026-02-25') });
    const later = ev({ type: 'correction-recorded', target: 'anslag', changes: { posted: '2026-02-02' }, reason: 'Fel dag' }) as Extract<HumanEvent, { type: 'correction-recorded' }>;
    expect(refusal(() => checkCaseCorrection(state, later, d('2026-05-04')))).toBe(
      'correction-recorded: det registrerade överklagandet (inkom 2026-02-25) skulle då ligga utanför överklagandetiden 2026-02-02–2026-02-23 (kommunallagen 13 kap. 5 §)',
    );
  });
});

describe('the correction event (its payload schema)', () => {
  test('fields that do not belong to what is corrected, or none at all: refused naming the field', () => {
    const misfit = validate(CorrectionRecorded, { type: 'correction-recorded', party: 'krokom', target: 'anslag', changes: { filedOn: '2026-04-01' }, reason: 'X' });
    expect(misfit.ok ? [] : misfit.issues.map((i) => [i.path, i.message])).toEqual([['changes.filedOn', 'hör inte till anslaget; tillåtna: Anslaget: uppsatt, Anslaget: nedtaget']]);
    const empty = validate(CorrectionRecorded, { type: 'correction-recorded', target: 'justering', changes: {}, reason: 'X' });
    expect(empty.ok ? [] : empty.issues.map((i) => [i.path, i.message])).toEqual([['changes', 'ange minst en rättad uppgift för justeringen (Justeringen: dag, Justeringen: justerare)']]);
    const noReason = validate(CorrectionRecorded, { type: 'correction-recorded', target: 'anslag', changes: { posted: '2026-04-01' } });
    expect(noReason.ok).toBe(false);
  });
});

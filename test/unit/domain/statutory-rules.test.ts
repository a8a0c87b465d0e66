// Statutory rules applied to what happened, not only computed (issue 12, points 5, 6 and 8):
// - KL 8 kap. 12 §: an anslag after its latest day is recorded and flagged with the rule (domain/rule-flags.ts);
// - a huvudman's decision is late by its meeting date, not by when it was entered;
// - impossible facts (a date in the future, a justering before the meeting, a posting before the
//   justering) are refused as ImpossibleFactError naming the field (domain/facts.ts).
// Every date is written out by hand; RS/62/2026: RSR 2026-01-26, senast Thursday 2026-04-30.
import { applyCaseEvent, checkCaseEvent, councilGenitive, councilName, initialCaseState, type CaseState } from '../../../domain/case-rules';
import { huvudmanCount } from '../../../domain/words';
import type { CaseRegistration } from '../../../domain/case';
import { isoDate } from '../../../domain/dates';
import { parseOrThrow } from '../../../domain/errors';
import { HumanEvent } from '../../../domain/events';
import { ImpossibleFactError, futureFacts } from '../../../domain/facts';
import { caseRuleFlags, decisionTiming, lateAnslagFlag, trackRuleFlags } from '../../../domain/rule-flags';
import type { PartySnapshot } from '../../../domain/rules';
import { applyTrackEvent, checkTrackEvent, initialTrackState, type TrackState } from '../../../domain/track-rules';
import { appealCalendar } from '../../../domain/calendar';
import { demoCase, registry } from '../../workflow/support';

const d = isoDate;
const ev = (input: Record<string, unknown>): HumanEvent => parseOrThrow(HumanEvent, input);
const rs62 = (): CaseRegistration => structuredClone(demoCase('RS-62-2026.json').registration);
const rs418 = (): CaseRegistration => structuredClone(demoCase('RS-418-2025.json').registration);

const rsrDecided = (meetingDate: string) => ev({ type: 'rsr-decided', meetingDate, paragraf: 2, beslut: ['Delta i det aktörsgemensamma arbetet'] });
const justering = (date: string, party?: string) => ev({ type: 'justering-recorded', justerare: ['Alex Exempel'], date, ...(party ? { party } : {}) });
const anslag = (posted: string, party?: string) => ev({ type: 'anslag-posted', posted, ...(party ? { party } : {}) });
const decided = (meetingDate: string, extra: Record<string, unknown> = {}) =>
  ev({ type: 'huvudman-decided', party: 'krokom', organ: 'Kommunstyrelsen', meetingDate, paragraf: 41, outcome: 'bifall', ...extra });

function caseWith(registration: CaseRegistration, ...events: HumanEvent[]): CaseState {
  const state = initialCaseState(registration);
  for (const event of events) {
    checkCaseEvent(state, event);
    applyCaseEvent(state, event);
  }
  return state;
}

const snapshot = (id: string): PartySnapshot => {
  const party = registry.getOrThrow(id);
  return { id: party.id, name: party.name, organ: party.organs[0]!, registrator: party.registrator };
};
function krokomTrack(): TrackState {
  return initialTrackState({ dnr: rs62().dnr, party: snapshot('krokom'), senast: d('2026-04-30'), reminders: [10, 3], rsrMeetingDate: d('2026-01-26'), today: d('2026-02-03') });
}
/** The ImpossibleFactError an event is refused with (fails when it is accepted or refused otherwise). */
function impossibleFact(check: () => void): ImpossibleFactError {
  try {
    check();
  } catch (err) {
    if (err instanceof ImpossibleFactError) return err;
    throw err;
  }
  throw new Error('expected an impossible fact, the event was accepted');
}

describe('KL 8 kap. 12 §: an anslag after its latest day is recorded, and flagged with the rule', () => {
  // The seed protocol RS/418/2025: justerad Wednesday 2025-05-14, to be posted no later than Friday 2025-05-16.
  test('the RSR\'s own anslag posted Tuesday 2025-05-20 is recorded (the appeal period runs from it) and flagged', () => {
    const state = caseWith(rs418(), rsrDecided('2025-05-05'), justering('2025-05-14'));
    const text = applyCaseEvent(state, anslag('2025-05-20'));
    expect(state.anslag).toMatchObject({ posted: '2025-05-20', calendar: { anslagSenast: '2025-05-16', lastAppealDay: '2025-06-10' } });
    expect(text).toContain('efter sista dagen 2025-05-16 för tillkännagivandet (kommunallagen (2017:725) 8 kap. 12 §)');
    expect(caseRuleFlags(state)).toEqual([
      {
        code: 'anslag-late',
        rule: 'kommunallagen (2017:725) 8 kap. 12 §',
        text: 'Anslaget sattes upp 2025-05-20, efter sista dagen 2025-05-16 för att tillkännage justeringen (kommunallagen (2017:725) 8 kap. 12 §); överklagandetiden räknas ändå från den dag anslaget sattes upp.',
      },
    ]);
  });

  test('posted on its last day (2025-05-16) or before: no flag; no justering known: no flag', () => {
    expect(caseRuleFlags(caseWith(rs418(), rsrDecided('2025-05-05'), justering('2025-05-14'), anslag('2025-05-16')))).toEqual([]);
    expect(caseRuleFlags(caseWith(rs418(), rsrDecided('2025-05-05'), justering('2025-05-14'), anslag('2025-05-15')))).toEqual([]);
    expect(lateAnslagFlag({ posted: d('2025-05-20'), calendar: appealCalendar({ posted: d('2025-05-20') }) })).toBeUndefined();
    expect(caseRuleFlags({})).toEqual([]);
  });

  test("a huvudman's anslag: Krokom justerar Friday 2026-03-13, latest posting Monday 2026-03-16 (lag 1930:173), posts 2026-03-18", () => {
    const track = krokomTrack();
    applyTrackEvent(track, decided('2026-03-10'), '2026-03-11T09:30:00.000Z');
    applyTrackEvent(track, justering('2026-03-13', 'krokom'), '2026-03-13T09:30:00.000Z');
    const text = applyTrackEvent(track, anslag('2026-03-18', 'krokom'), '2026-03-18T09:30:00.000Z');
    expect(track.anslag?.calendar.anslagSenast).toBe('2026-03-16');
    expect(text).toBe(
      'Krokoms kommun: anslag uppsatt 2026-03-18, uppsatt efter sista dagen 2026-03-16 för tillkännagivandet (kommunallagen (2017:725) 8 kap. 12 §); sista dag att överklaga 2026-04-08, laga kraft 2026-04-09',
    );
    expect(trackRuleFlags(track).map((f) => [f.code, f.rule])).toEqual([['anslag-late', 'kommunallagen (2017:725) 8 kap. 12 §']]);
  });

  test('the same when the decision brings its justering and a late anslag with it', () => {
    const track = krokomTrack();
    const text = applyTrackEvent(track, decided('2026-03-10', { justering: { justerare: ['Anna'], date: '2026-03-13' }, anslag: { posted: '2026-03-18' } }), '2026-03-18T09:30:00.000Z');
    expect(text).toContain('anslaget uppsatt efter sista dagen 2026-03-16 för tillkännagivandet (kommunallagen (2017:725) 8 kap. 12 §)');
    expect(trackRuleFlags(track).map((f) => f.code)).toEqual(['anslag-late']);
  });
});

describe("a huvudman's decision is judged by its meeting date, not by when it was entered", () => {
  test('decisionTiming: met on or before senast is in time, however late reported; met after senast is late', () => {
    expect(decisionTiming(d('2026-04-30'), d('2026-04-30'), d('2026-04-30'))).toBe('on-time');
    expect(decisionTiming(d('2026-04-28'), d('2026-04-30'), d('2026-05-12'))).toBe('reported-late');
    expect(decisionTiming(d('2026-05-04'), d('2026-04-30'), d('2026-05-12'))).toBe('late');
  });

  test('an overdue track (since 2026-05-01) gets a decision from its 2026-04-28 meeting: in time, reported late, no flag', () => {
    const track = krokomTrack();
    track.state = 'overdue';
    track.overdueSince = d('2026-05-01');
    checkTrackEvent(track, decided('2026-04-28'));
    const text = applyTrackEvent(track, decided('2026-04-28'), '2026-05-12T08:00:00.000Z');
    expect(text).toBe('Krokoms kommun: bifall, Kommunstyrelsen 2026-04-28 § 41; beslutat i tid (sista dag 2026-04-30), rapporterat efter sista dagen');
    expect(text).not.toContain('beslutat efter sista dagen');
    expect(track.state).toBe('decided');
    expect(trackRuleFlags(track)).toEqual([]);
  });

  test('a meeting after senast is late, and flagged', () => {
    const track = krokomTrack();
    track.state = 'overdue';
    track.overdueSince = d('2026-05-01');
    const text = applyTrackEvent(track, decided('2026-05-04'), '2026-05-05T08:00:00.000Z');
    expect(text).toBe('Krokoms kommun: bifall, Kommunstyrelsen 2026-05-04 § 41; beslutat efter sista dagen 2026-04-30');
    expect(trackRuleFlags(track)).toEqual([
      { code: 'decision-late', rule: 'rekommendationens sista dag för beslut', text: 'Beslutet fattades 2026-05-04, efter sista dagen 2026-04-30 för huvudmännens beslut.' },
    ]);
  });

  test('in time and reported in time: the plain line; a sending back (återremiss) is not the decision that counts', () => {
    const track = krokomTrack();
    expect(applyTrackEvent(track, decided('2026-03-10', { outcome: 'aterremiss' }), '2026-03-11T09:30:00.000Z')).toBe(
      'Krokoms kommun: återremiss, Kommunstyrelsen 2026-03-10 § 41; spåret är öppet för ett nytt beslut',
    );
    expect(trackRuleFlags(track)).toEqual([]);
  });
});

describe('an avslag is minuted too: its justering and anslag are kept', () => {
  test('avslag with justering and anslag: the track is rejected and keeps both, with the appeal calendar', () => {
    const track = krokomTrack();
    applyTrackEvent(track, decided('2026-03-10', { outcome: 'avslag', justering: { justerare: ['Anna'], date: '2026-03-12' }, anslag: { posted: '2026-03-13' } }), '2026-03-13T09:30:00.000Z');
    expect(track.state).toBe('rejected');
    expect(track.justering).toEqual({ justerare: ['Anna'], date: '2026-03-12' });
    expect(track.anslag).toMatchObject({ posted: '2026-03-13', calendar: { anslagSenast: '2026-03-16', lastAppealDay: '2026-04-07' } });
  });
});

describe('impossible facts are refused naming the field (ImpossibleFactError), judged against "today"', () => {
  const today = d('2026-02-10');

  test('futureFacts: every date that reports what happened, by path; today itself is allowed', () => {
    expect(futureFacts(decided('2026-02-11', { justering: { justerare: ['A'], date: '2026-02-12' }, anslag: { posted: '2026-02-13' } }), today).map((i) => [i.path, i.field])).toEqual([
      ['meetingDate', 'Sammanträdesdatum'],
      ['justering.date', 'Justering › Datum'],
      ['anslag.posted', 'Anslag › Anslaget uppsatt'],
    ]);
    expect(futureFacts(decided('2026-02-10'), today)).toEqual([]);
    expect(futureFacts(ev({ type: 'withdrawn', date: '2026-03-01', reason: 'Ersatt' }), today)).toEqual([]);
  });

  test("the case: RSR's meeting, justering and anslag in the future are refused; on today accepted", () => {
    const registered = caseWith(rs62());
    const meeting = impossibleFact(() => checkCaseEvent(registered, rsrDecided('2026-02-11'), today));
    expect(meeting.issues).toEqual([{ path: 'meetingDate', field: 'Sammanträdesdatum', message: 'sammanträdet (2026-02-11) kan inte ligga i framtiden; i dag är det 2026-02-10' }]);
    expect(meeting.message).toBe('rsr-decided: sammanträdet (2026-02-11) kan inte ligga i framtiden; i dag är det 2026-02-10');
    expect(() => checkCaseEvent(registered, rsrDecided('2026-01-26'), today)).not.toThrow();

    const decidedCase = caseWith(rs62(), rsrDecided('2026-01-26'));
    expect(impossibleFact(() => checkCaseEvent(decidedCase, justering('2026-02-11'), today)).issues[0]!.path).toBe('date');
    const justerat = caseWith(rs62(), rsrDecided('2026-01-26'), justering('2026-02-02'));
    expect(impossibleFact(() => checkCaseEvent(justerat, anslag('2026-02-11'), today)).issues[0]!.path).toBe('posted');
    expect(() => checkCaseEvent(justerat, anslag('2026-02-10'), today)).not.toThrow();
    expect(impossibleFact(() => checkCaseEvent(caseWith(rs62()), ev({ type: 'beredning-recorded', organ: 'SVOM', meetingDate: '2026-02-11', outcome: 'forslag' }), today)).issues[0]!.path).toBe('meetingDate');
  });

  test('the case: a justering before the meeting and a posting before the justering name their field', () => {
    const decidedCase = caseWith(rs62(), rsrDecided('2026-01-26'));
    expect(impossibleFact(() => checkCaseEvent(decidedCase, justering('2026-01-25'))).issues).toEqual([
      { path: 'date', field: 'Datum', message: 'justeringen (2026-01-25) kan inte ske före sammanträdet 2026-01-26' },
    ]);
    const justerat = caseWith(rs62(), rsrDecided('2026-01-26'), justering('2026-02-02'));
    expect(impossibleFact(() => checkCaseEvent(justerat, anslag('2026-02-01'))).issues[0]).toMatchObject({ path: 'posted', field: 'Anslaget uppsatt' });
  });

  test("the track: the huvudman's meeting, justering and anslag in the future are refused; today accepted", () => {
    const track = krokomTrack();
    expect(impossibleFact(() => checkTrackEvent(track, decided('2026-02-11'), today)).issues[0]).toMatchObject({ path: 'meetingDate', field: 'Sammanträdesdatum' });
    expect(impossibleFact(() => checkTrackEvent(track, decided('2026-02-09', { justering: { justerare: ['A'], date: '2026-02-11' } }), today)).issues[0]!.path).toBe('justering.date');
    expect(() => checkTrackEvent(track, decided('2026-02-10'), today)).not.toThrow();
    applyTrackEvent(track, decided('2026-02-09'), '2026-02-10T09:00:00.000Z');
    expect(impossibleFact(() => checkTrackEvent(track, justering('2026-02-11', 'krokom'), today)).issues[0]!.path).toBe('date');
    expect(impossibleFact(() => checkTrackEvent(track, justering('2026-02-08', 'krokom'), today)).issues[0]!.message).toBe('justeringen (2026-02-08) kan inte ske före sammanträdet 2026-02-09');
    applyTrackEvent(track, justering('2026-02-10', 'krokom'), '2026-02-10T09:00:00.000Z');
    expect(impossibleFact(() => checkTrackEvent(track, anslag('2026-02-11', 'krokom'), today)).issues[0]!.path).toBe('posted');
    expect(impossibleFact(() => checkTrackEvent(track, anslag('2026-02-09', 'krokom'), today)).issues[0]!.message).toBe('anslaget (2026-02-09) kan inte sättas upp före justeringen 2026-02-10');
  });

  test('a state refusal (already justerat) stays a plain refusal, not an impossible fact', () => {
    const justerat = caseWith(rs62(), rsrDecided('2026-01-26'), justering('2026-02-02'));
    expect(() => checkCaseEvent(justerat, justering('2026-02-03'), today)).toThrow(/redan justerat/);
    try {
      checkCaseEvent(justerat, justering('2026-02-03'), today);
    } catch (err) {
      expect(err).not.toBeInstanceOf(ImpossibleFactError);
    }
  });
});

describe('texts: the count of huvudmän and the recommending body by its name', () => {
  test('"1 huvudman", "9 huvudmän" in the timeline', () => {
    expect(huvudmanCount(1)).toBe('1 huvudman');
    expect(huvudmanCount(9)).toBe('9 huvudmän');
    const registration = rs62();
    registration.recommendation.huvudman = ['krokom'] as never;
    const state = caseWith(registration);
    expect(applyCaseEvent(state, rsrDecided('2026-01-26'))).toBe('RSR beslutade 2026-01-26 § 2; 1 huvudman ombeds besluta senast 2026-04-30');
  });

  test('a recommending body named by the registry, not its id in capitals; the genitive follows Swedish', () => {
    const registration = { ...rs62(), recommendedBy: 'regionala-ledningsgruppen' } as CaseRegistration;
    const named = initialCaseState(registration, 'Regionala ledningsgruppen');
    expect(councilName(named)).toBe('Regionala ledningsgruppen');
    expect(councilGenitive(named)).toBe('Regionala ledningsgruppens');
    expect(councilName(initialCaseState(registration))).toBe('regionala-ledningsgruppen');
    expect(councilGenitive(initialCaseState({ ...rs62(), recommendedBy: 'hsn' } as CaseRegistration, 'HSN'))).toBe('HSN:s');
  });
});

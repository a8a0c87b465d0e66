// One huvudman's decision track (domain/track-rules.ts): its reminders, the refusals of its update
// validators (each message names the rule broken), how an accepted event changes it, and its clock.
// Events go through the zod schema first, as the client sends them; every date is written out by
// hand and, where a weekend or holiday matters, checked against the Swedish calendar (2026: påsk
// 3–6 April, långfredagen to annandag påsk; första maj a Friday).
import { isoDate } from '../../../domain/dates';
import { parseOrThrow } from '../../../domain/errors';
import { HumanEvent } from '../../../domain/events';
import type { PartySnapshot } from '../../../domain/rules';
import {
  FINAL_TRACK_STATES,
  TRACK_STATES,
  applyTrackEvent,
  awaitsDecision,
  checkCloseTrack,
  checkTrackEvent,
  initialTrackState,
  isFinalTrackState,
  nextTrackTimer,
  overdueInstantDate,
  trackDetail,
  type TrackState,
} from '../../../domain/track-rules';
import { demoCase, registry } from '../../workflow/support';
import { TRACK_STATE_WORDS } from '../../../domain/words';
import { refusal } from '../../helpers/refusal';

const d = isoDate;
const ev = (input: Record<string, unknown>): HumanEvent => parseOrThrow(HumanEvent, input);
const AT = '2026-03-11T09:30:00.000Z';

const snapshot = (id: string): PartySnapshot => {
  const party = registry.getOrThrow(id);
  return { id: party.id, name: party.name, organ: party.organs[0]!, registrator: party.registrator };
};
const DNR = demoCase('RS-62-2026.json').registration.dnr;

/**
 * Krokom's track in RS/62/2026: RSR 2026-01-26, senast Thursday 2026-04-30, reminders 10 and 3
 * working days before (Thursday 2026-04-16 and Monday 2026-04-27), requested 2026-02-03.
 */
function krokomTrack(options: { reminders?: number[]; today?: string; senast?: string } = {}): TrackState {
  return initialTrackState({
    dnr: DNR,
    party: snapshot('krokom'),
    senast: d(options.senast ?? '2026-04-30'),
    reminders: options.reminders ?? [10, 3],
    rsrMeetingDate: d('2026-01-26'),
    today: d(options.today ?? '2026-02-03'),
  });
}

const decision = (outcome: string, extra: Record<string, unknown> = {}) =>
  ev({ type: 'huvudman-decided', party: 'krokom', organ: 'Kommunstyrelsen', meetingDate: '2026-03-10', paragraf: 41, outcome, ...extra });
const justering = (date: string, justerare = ['Anna Exempel', 'Per Exempel']) => ev({ type: 'justering-recorded', party: 'krokom', justerare, date });
const anslag = (posted: string, removed?: string) => ev({ type: 'anslag-posted', party: 'krokom', posted, ...(removed ? { removed } : {}) });
const appeal = (filedOn: string, extra: Record<string, unknown> = {}) => ev({ type: 'appeal-filed', party: 'krokom', filedOn, ...extra });

/** Folds events into the track the way the workflow does: each is checked, then applied. */
function trackWith(track: TrackState, ...events: HumanEvent[]): TrackState {
  for (const event of events) {
    checkTrackEvent(track, event);
    applyTrackEvent(track, event, AT);
  }
  return track;
}

// Decided Tuesday 2026-03-10, justerad Thursday 2026-03-12, posted Friday 2026-03-13.
const decidedTrack = () => trackWith(krokomTrack(), decision('bifall'));
const justeratTrack = () => trackWith(decidedTrack(), justering('2026-03-12'));
const anslagTrack = () => trackWith(justeratTrack(), anslag('2026-03-13'));
/** Overdue as the track's clock leaves it: both reminders sent, the deadline passed. */
function overdueTrack(): TrackState {
  const track = krokomTrack();
  for (const r of track.reminders) r.status = 'sent';
  track.state = 'overdue';
  track.overdueSince = d('2026-05-01');
  return track;
}

describe('initialTrackState', () => {
  test('RS/62/2026: reminders 10 and 3 working days before senast 2026-04-30, planned; nothing decided', () => {
    expect(krokomTrack()).toStrictEqual({
      dnr: 'RS/62/2026',
      party: { id: 'krokom', name: 'Krokoms kommun', organ: 'Kommunstyrelsen', registrator: 'registrator@krokom.example' },
      senast: '2026-04-30',
      rsrMeetingDate: '2026-01-26',
      requestedOn: '2026-02-03',
      state: 'requested',
      reminders: [
        { workingDays: 10, date: '2026-04-16', status: 'planned' },
        { workingDays: 3, date: '2026-04-27', status: 'planned' },
      ],
      decisions: [],
    });
  });

  test('working days skip påsk: 3 and 5 working days before Thursday 2026-04-09 are 2026-04-02 and 2026-03-31', () => {
    // Back from 9 April: 8 (1), 7 (2), 6 annandag påsk, 5 påskdagen, 4 Saturday, 3 långfredagen, 2 (3), 1 (4), 31 March (5).
    expect(krokomTrack({ senast: '2026-04-09', reminders: [3, 5] }).reminders).toStrictEqual([
      { workingDays: 5, date: '2026-03-31', status: 'planned' },
      { workingDays: 3, date: '2026-04-02', status: 'planned' },
    ]);
  });

  test('duplicates are removed and the reminders sorted by date (most working days first)', () => {
    expect(krokomTrack({ reminders: [3, 10, 3, 10] }).reminders.map((r) => [r.workingDays, r.date])).toEqual([
      [10, '2026-04-16'],
      [3, '2026-04-27'],
    ]);
  });

  test('a reminder whose day has passed when the request goes out is skipped; one due today is still planned', () => {
    expect(krokomTrack({ today: '2026-04-17' }).reminders.map((r) => r.status)).toEqual(['skipped', 'planned']);
    expect(krokomTrack({ today: '2026-04-16' }).reminders.map((r) => r.status)).toEqual(['planned', 'planned']);
    expect(krokomTrack({ today: '2026-04-28' }).reminders.map((r) => r.status)).toEqual(['skipped', 'skipped']);
  });

  test('no reminders asked for, none planned', () => {
    expect(krokomTrack({ reminders: [] }).reminders).toEqual([]);
  });
});

describe('checkTrackEvent: what no track takes', () => {
  test.each(FINAL_TRACK_STATES.map((s) => [s]))('a final track (%s) takes no event', (state) => {
    const track = decidedTrack();
    track.state = state;
    expect(refusal(() => checkTrackEvent(track, appeal('2026-03-20')))).toBe(`appeal-filed: beslutsspåret för Krokoms kommun är avslutat (${TRACK_STATE_WORDS[state]})`);
  });

  test('a rejected track (avslag) takes no new decision', () => {
    const track = trackWith(krokomTrack(), decision('avslag'));
    expect(refusal(() => checkTrackEvent(track, decision('bifall', { meetingDate: '2026-04-14' })))).toBe('huvudman-decided: beslutsspåret för Krokoms kommun är avslutat (avslag)');
  });

  test.each([
    ['rsr-decided', { type: 'rsr-decided', meetingDate: '2026-02-23', paragraf: 7, beslut: ['Nytt beslut'] }],
    ['beredning-recorded', { type: 'beredning-recorded', organ: 'SVOM', party: 'svom', meetingDate: '2026-02-20', outcome: 'forslag' }],
    ['justering-recorded', { type: 'justering-recorded', justerare: ['Alex Exempel'], date: '2026-02-02' }],
    ['anslag-posted', { type: 'anslag-posted', posted: '2026-02-03' }],
    ['appeal-filed', { type: 'appeal-filed', filedOn: '2026-02-10' }],
    ['withdrawn', { type: 'withdrawn', date: '2026-02-10', reason: 'Ersatt' }],
  ])('a case-level event (%s, no party) is refused: it goes to the case', (type, input) => {
    expect(refusal(() => checkTrackEvent(krokomTrack(), ev(input)))).toBe(
      `${type}: händelsen gäller hela ärendet RS/62/2026 och skickas till ärendet, inte till beslutsspåret för Krokoms kommun`,
    );
  });

  test("another party's event is refused", () => {
    expect(refusal(() => checkTrackEvent(krokomTrack(), decision('bifall', { party: 'berg' })))).toBe('huvudman-decided: beslutsspåret för Krokoms kommun tar inte emot händelser för berg');
    expect(refusal(() => checkTrackEvent(anslagTrack(), appeal('2026-03-20', { party: 'are' })))).toBe('appeal-filed: beslutsspåret för Krokoms kommun tar inte emot händelser för are');
  });
});

describe('checkTrackEvent: huvudman-decided', () => {
  test("the meeting cannot precede the recommendation's (2026-01-26); on that day accepted", () => {
    expect(refusal(() => checkTrackEvent(krokomTrack(), decision('bifall', { meetingDate: '2026-01-25' })))).toBe(
      'huvudman-decided: sammanträdet (2026-01-25) kan inte ligga före rekommendationsbeslutet 2026-01-26',
    );
    expect(() => checkTrackEvent(krokomTrack(), decision('bifall', { meetingDate: '2026-01-26' }))).not.toThrow();
  });

  test('a decided, justerat or posted track takes no second decision; the message cites the first', () => {
    const second = decision('avslag', { meetingDate: '2026-04-14', paragraf: 52 });
    const message = 'huvudman-decided: Krokoms kommun har redan beslutat (bifall, Kommunstyrelsen 2026-03-10 § 41); ett nytt beslut tas emot bara efter återremiss eller bordläggning';
    expect(refusal(() => checkTrackEvent(decidedTrack(), second))).toBe(message);
    expect(refusal(() => checkTrackEvent(justeratTrack(), second))).toBe(message);
    expect(refusal(() => checkTrackEvent(anslagTrack(), second))).toBe(message);
    const partly = trackWith(krokomTrack(), decision('delvis-bifall'));
    expect(refusal(() => checkTrackEvent(partly, second))).toMatch(/har redan beslutat \(delvis bifall, Kommunstyrelsen 2026-03-10 § 41\)/);
  });

  test('after återremiss or bordläggning a new decision must be at a later meeting: the same day refused, the next accepted', () => {
    const sentBack = trackWith(krokomTrack(), decision('aterremiss'));
    expect(refusal(() => checkTrackEvent(sentBack, decision('bifall')))).toBe(
      'huvudman-decided: ett nytt beslut måste fattas efter det förra sammanträdet (återremiss, Kommunstyrelsen 2026-03-10 § 41)',
    );
    expect(refusal(() => checkTrackEvent(sentBack, decision('bifall', { meetingDate: '2026-03-09' })))).toMatch(/efter det förra sammanträdet/);
    expect(() => checkTrackEvent(sentBack, decision('bifall', { meetingDate: '2026-03-11' }))).not.toThrow();
    const tabled = trackWith(krokomTrack(), decision('bordlaggning'));
    expect(refusal(() => checkTrackEvent(tabled, decision('bifall')))).toBe(
      'huvudman-decided: ett nytt beslut måste fattas efter det förra sammanträdet (bordläggning, Kommunstyrelsen 2026-03-10 § 41)',
    );
  });

  test('an overdue track takes a decision, however late it is reported', () => {
    expect(() => checkTrackEvent(overdueTrack(), decision('bifall', { meetingDate: '2026-04-28' }))).not.toThrow();
    expect(() => checkTrackEvent(overdueTrack(), decision('bifall', { meetingDate: '2026-05-19' }))).not.toThrow();
  });
});

describe('checkTrackEvent: justering-recorded (of the huvudman\'s minutes)', () => {
  test('refused without a decision to verify: none yet, or one sent back (återremiss)', () => {
    expect(refusal(() => checkTrackEvent(krokomTrack(), justering('2026-03-12')))).toBe('justering-recorded: Krokoms kommun har inget beslut att justera');
    const sentBack = trackWith(krokomTrack(), decision('aterremiss'));
    expect(refusal(() => checkTrackEvent(sentBack, justering('2026-03-12')))).toBe('justering-recorded: Krokoms kommun har inget beslut att justera');
    expect(refusal(() => checkTrackEvent(overdueTrack(), justering('2026-05-05')))).toBe('justering-recorded: Krokoms kommun har inget beslut att justera');
  });

  test('refused twice, also when it came with the decision', () => {
    expect(refusal(() => checkTrackEvent(justeratTrack(), justering('2026-03-13')))).toBe('justering-recorded: protokollet för Krokoms kommun är redan justerat 2026-03-12');
    expect(refusal(() => checkTrackEvent(anslagTrack(), justering('2026-03-13')))).toBe('justering-recorded: protokollet för Krokoms kommun är redan justerat 2026-03-12');
    const withJustering = trackWith(krokomTrack(), decision('bifall', { justering: { justerare: ['A'], date: '2026-03-11' } }));
    expect(refusal(() => checkTrackEvent(withJustering, justering('2026-03-12')))).toBe('justering-recorded: protokollet för Krokoms kommun är redan justerat 2026-03-11');
  });

  test('refused before the meeting (2026-03-10); on the meeting day accepted', () => {
    expect(refusal(() => checkTrackEvent(decidedTrack(), justering('2026-03-09')))).toBe('justering-recorded: justeringen (2026-03-09) kan inte ske före sammanträdet 2026-03-10');
    expect(() => checkTrackEvent(decidedTrack(), justering('2026-03-10'))).not.toThrow();
  });
});

describe('checkTrackEvent: anslag-posted', () => {
  test('refused before the justering it announces', () => {
    expect(refusal(() => checkTrackEvent(decidedTrack(), anslag('2026-03-13')))).toBe('anslag-posted: anslaget tillkännager justeringen: registrera justeringen för Krokoms kommun först');
    expect(refusal(() => checkTrackEvent(krokomTrack(), anslag('2026-03-13')))).toMatch(/registrera justeringen för Krokoms kommun först$/);
  });

  test('refused twice', () => {
    expect(refusal(() => checkTrackEvent(anslagTrack(), anslag('2026-03-16')))).toBe('anslag-posted: anslaget för Krokoms kommun är redan uppsatt 2026-03-13');
  });

  test('refused before the justering date (2026-03-12); on that day accepted', () => {
    expect(refusal(() => checkTrackEvent(justeratTrack(), anslag('2026-03-11')))).toBe('anslag-posted: anslaget (2026-03-11) kan inte sättas upp före justeringen 2026-03-12');
    expect(() => checkTrackEvent(justeratTrack(), anslag('2026-03-12'))).not.toThrow();
  });
});

describe('checkTrackEvent: appeal-filed (KL 13 kap. 5 §)', () => {
  test('refused before the anslag: the appeal period has not begun', () => {
    expect(refusal(() => checkTrackEvent(justeratTrack(), appeal('2026-03-20')))).toBe(
      'appeal-filed: överklagandetiden för Krokoms kommun börjar när anslaget sätts upp; registrera anslaget först',
    );
    expect(refusal(() => checkTrackEvent(decidedTrack(), appeal('2026-03-20')))).toMatch(/registrera anslaget först$/);
  });

  test('refused before the posting (2026-03-13); on the posting day accepted', () => {
    expect(refusal(() => checkTrackEvent(anslagTrack(), appeal('2026-03-12')))).toBe('appeal-filed: överklagandet (2026-03-12) kan inte komma in före anslaget 2026-03-13');
    expect(() => checkTrackEvent(anslagTrack(), appeal('2026-03-13'))).not.toThrow();
  });

  test('lag (1930:173): the nominal last day 2026-04-03 is långfredagen, so appeals are accepted up to Tuesday 2026-04-07, refused from 2026-04-08', () => {
    expect(() => checkTrackEvent(anslagTrack(), appeal('2026-04-03'))).not.toThrow();
    expect(() => checkTrackEvent(anslagTrack(), appeal('2026-04-07'))).not.toThrow();
    expect(() => checkTrackEvent(anslagTrack(), appeal('2026-04-08'))).toThrow(/kommunallagen 13 kap\. 5 §/);
    expect(refusal(() => checkTrackEvent(anslagTrack(), appeal('2026-04-08')))).toBe(
      'appeal-filed: överklagandet kom in 2026-04-08, efter sista dag 2026-04-07 (kommunallagen 13 kap. 5 §)',
    );
  });
});

describe('checkCloseTrack: an administrator closes an open track', () => {
  test('every open state may be closed', () => {
    for (const track of [krokomTrack(), overdueTrack(), decidedTrack(), justeratTrack(), anslagTrack()]) expect(() => checkCloseTrack(track)).not.toThrow();
  });

  test.each(FINAL_TRACK_STATES.map((s) => [s]))('a final track (%s) is refused', (state) => {
    const track = anslagTrack();
    track.state = state;
    expect(refusal(() => checkCloseTrack(track))).toBe(`close-track: beslutsspåret för Krokoms kommun är redan avslutat (${TRACK_STATE_WORDS[state]})`);
  });
});

describe('applyTrackEvent: huvudman-decided, every outcome', () => {
  test('bifall: decided, the record kept with when it was recorded, planned reminders no longer needed', () => {
    const track = krokomTrack({ today: '2026-04-20' }); // the 10-day reminder (2026-04-16) was skipped
    const text = applyTrackEvent(
      track,
      decision('bifall', { beslut: ['Krokoms kommun deltar i arbetet'], dnr: 'KS/88/2026', note: 'Enligt förslaget' }),
      AT,
    );
    expect(text).toBe('Krokoms kommun: bifall, Kommunstyrelsen 2026-03-10 § 41');
    expect(track.state).toBe('decided');
    expect(track.decisions).toStrictEqual([
      { organ: 'Kommunstyrelsen', meetingDate: '2026-03-10', paragraf: 41, outcome: 'bifall', beslut: ['Krokoms kommun deltar i arbetet'], dnr: 'KS/88/2026', note: 'Enligt förslaget', recordedAt: AT },
    ]);
    expect(track.reminders.map((r) => r.status)).toEqual(['skipped', 'not-needed']);
    expect(track.justering).toBeUndefined();
    expect(track.anslag).toBeUndefined();
  });

  test('a sent reminder stays sent', () => {
    const track = krokomTrack();
    track.reminders[0]!.status = 'sent';
    applyTrackEvent(track, decision('bifall'), AT);
    expect(track.reminders.map((r) => r.status)).toEqual(['sent', 'not-needed']);
  });

  test('delvis bifall with its justering: justerat', () => {
    const track = krokomTrack();
    const text = applyTrackEvent(track, decision('delvis-bifall', { justering: { justerare: ['A', 'B'], date: '2026-03-12' } }), AT);
    expect(text).toBe('Krokoms kommun: delvis bifall, Kommunstyrelsen 2026-03-10 § 41');
    expect(track.state).toBe('justerat');
    expect(track.justering).toStrictEqual({ justerare: ['A', 'B'], date: '2026-03-12' });
    expect(track.decisions[0]).not.toHaveProperty('justering');
    expect(track.reminders.map((r) => r.status)).toEqual(['not-needed', 'not-needed']);
  });

  test('bifall with justering and anslag: anslag, with the statutory calendar', () => {
    const track = krokomTrack();
    applyTrackEvent(track, decision('bifall', { justering: { justerare: ['A'], date: '2026-03-12' }, anslag: { posted: '2026-03-13' } }), AT);
    expect(track.state).toBe('anslag');
    expect(track.anslag).toStrictEqual({
      posted: '2026-03-13',
      calendar: {
        justerad: '2026-03-12',
        anslagSenast: '2026-03-16', // KL 8:12: Saturday 14 March, moved to Monday (lag 1930:173)
        posted: '2026-03-13',
        lastAppealDay: '2026-04-07', // KL 13:5: Friday 3 April is långfredagen, then påsk
        earliestRemoval: '2026-04-08',
        lagaKraft: '2026-04-08',
      },
    });
  });

  test('avslag: rejected, a final state; planned reminders no longer needed', () => {
    const track = krokomTrack();
    expect(applyTrackEvent(track, decision('avslag'), AT)).toBe('Krokoms kommun: avslag, Kommunstyrelsen 2026-03-10 § 41');
    expect(track.state).toBe('rejected');
    expect(isFinalTrackState(track.state)).toBe(true);
    expect(track.reminders.map((r) => r.status)).toEqual(['not-needed', 'not-needed']);
  });

  test.each([
    ['aterremiss', 'återremiss'],
    ['bordlaggning', 'bordläggning'],
  ])('%s: the track stays open for a new decision; reminders and the deadline stand', (outcome, word) => {
    const track = krokomTrack();
    expect(applyTrackEvent(track, decision(outcome), AT)).toBe(`Krokoms kommun: ${word}, Kommunstyrelsen 2026-03-10 § 41; spåret är öppet för ett nytt beslut`);
    expect(track.state).toBe('requested');
    expect(track.reminders.map((r) => r.status)).toEqual(['planned', 'planned']);
    expect(track.decisions.map((r) => r.outcome)).toEqual([outcome]);
    expect(nextTrackTimer(track)).toMatchObject({ what: 'reminder', date: '2026-04-16' });
  });

  test('återremiss on an overdue track: it stays overdue', () => {
    const track = overdueTrack();
    applyTrackEvent(track, decision('aterremiss', { meetingDate: '2026-05-12' }), AT);
    expect(track.state).toBe('overdue');
    expect(track.overdueSince).toBe('2026-05-01');
    const tabled = overdueTrack();
    applyTrackEvent(tabled, decision('bordlaggning', { meetingDate: '2026-05-12' }), AT);
    expect(tabled.state).toBe('overdue');
  });

  test('a late decision on an overdue track: decided, the day it became overdue kept', () => {
    const track = overdueTrack();
    applyTrackEvent(track, decision('bifall', { meetingDate: '2026-05-12' }), AT);
    expect(track.state).toBe('decided');
    expect(track.overdueSince).toBe('2026-05-01');
    expect(track.reminders.map((r) => r.status)).toEqual(['sent', 'sent']);
  });

  test('a new decision after återremiss is kept after the first', () => {
    const track = trackWith(krokomTrack(), decision('aterremiss'), decision('bifall', { meetingDate: '2026-04-14', paragraf: 60 }));
    expect(track.state).toBe('decided');
    expect(track.decisions.map((r) => [r.outcome, r.meetingDate, r.paragraf])).toEqual([
      ['aterremiss', '2026-03-10', 41],
      ['bifall', '2026-04-14', 60],
    ]);
  });
});

describe('applyTrackEvent: justering, anslag, appeal', () => {
  test('justering-recorded: justerat; the line names the justerare', () => {
    const track = decidedTrack();
    expect(applyTrackEvent(track, justering('2026-03-12'), AT)).toBe('Krokoms kommun: protokollet justerat 2026-03-12 av Anna Exempel, Per Exempel');
    expect(track.state).toBe('justerat');
    expect(track.justering).toStrictEqual({ justerare: ['Anna Exempel', 'Per Exempel'], date: '2026-03-12' });
  });

  test('anslag-posted: anslag with the statutory calendar; the line gives the last appeal day and laga kraft', () => {
    const track = justeratTrack();
    expect(applyTrackEvent(track, anslag('2026-03-13', '2026-04-08'), AT)).toBe('Krokoms kommun: anslag uppsatt 2026-03-13; sista dag att överklaga 2026-04-07, laga kraft 2026-04-08');
    expect(track.state).toBe('anslag');
    expect(track.anslag).toStrictEqual({
      posted: '2026-03-13',
      removed: '2026-04-08',
      calendar: { justerad: '2026-03-12', anslagSenast: '2026-03-16', posted: '2026-03-13', lastAppealDay: '2026-04-07', earliestRemoval: '2026-04-08', lagaKraft: '2026-04-08' },
    });
    const plain = trackWith(justeratTrack(), anslag('2026-03-13'));
    expect(plain.anslag).not.toHaveProperty('removed');
  });

  test('anslag-posted after the latest announcement day (2026-03-16): recorded, the period runs from the real posting day', () => {
    // Posted Tuesday 2026-03-17: + 21 days = Tuesday 2026-04-07, a working day.
    const track = trackWith(justeratTrack(), anslag('2026-03-17'));
    expect(track.anslag?.calendar).toMatchObject({ anslagSenast: '2026-03-16', posted: '2026-03-17', lastAppealDay: '2026-04-07', lagaKraft: '2026-04-08' });
  });

  test('appeal-filed: appealed, a final state; the line names the court when given', () => {
    const track = anslagTrack();
    const event = appeal('2026-03-20', { court: 'Förvaltningsrätten i Härnösand', appellant: 'Anna Exempel' });
    expect(applyTrackEvent(track, event, AT)).toBe('Krokoms kommun: beslutet överklagat (inkom 2026-03-20, Förvaltningsrätten i Härnösand)');
    expect(track.state).toBe('appealed');
    expect(isFinalTrackState(track.state)).toBe(true);
    expect(track.appeal).toStrictEqual({ type: 'appeal-filed', party: 'krokom', filedOn: '2026-03-20', appellant: 'Anna Exempel', court: 'Förvaltningsrätten i Härnösand' });
    expect(applyTrackEvent(anslagTrack(), appeal('2026-04-07'), AT)).toBe('Krokoms kommun: beslutet överklagat (inkom 2026-04-07)');
  });

  test('a case-level event is not the track\'s to apply', () => {
    const track = krokomTrack();
    expect(() => applyTrackEvent(track, ev({ type: 'withdrawn', date: '2026-02-10', reason: 'Ersatt' }), AT)).toThrow('withdrawn hör inte till beslutsspåret');
    expect(() => applyTrackEvent(track, ev({ type: 'rsr-decided', meetingDate: '2026-02-23', paragraf: 7, beslut: ['B'] }), AT)).toThrow('rsr-decided hör inte till beslutsspåret');
    expect(track).toStrictEqual(krokomTrack());
  });
});

describe('awaitsDecision', () => {
  test('requested and overdue wait for a decision; no other state does', () => {
    const waiting = TRACK_STATES.filter((state) => awaitsDecision({ ...krokomTrack(), state }));
    expect(waiting).toEqual(['requested', 'overdue']);
  });
});

describe('nextTrackTimer: the track\'s clock', () => {
  test('the next planned reminder, at 08:00 on its day', () => {
    const track = krokomTrack();
    const timer = nextTrackTimer(track);
    expect(timer).toStrictEqual({ what: 'reminder', date: '2026-04-16', hour: 8, reminder: track.reminders[0] });
    expect(timer?.what === 'reminder' && timer.reminder).toBe(track.reminders[0]); // the plan the clock marks sent
    track.reminders[0]!.status = 'sent';
    expect(nextTrackTimer(track)).toStrictEqual({ what: 'reminder', date: '2026-04-27', hour: 8, reminder: track.reminders[1] });
  });

  test('a skipped reminder is not due', () => {
    expect(nextTrackTimer(krokomTrack({ today: '2026-04-17' }))).toMatchObject({ what: 'reminder', date: '2026-04-27' });
  });

  test('then the deadline: overdue from 00:00 the day after senast (Friday 2026-05-01, första maj, all the same)', () => {
    const track = krokomTrack();
    for (const r of track.reminders) r.status = 'sent';
    expect(nextTrackTimer(track)).toStrictEqual({ what: 'overdue', date: '2026-05-01', hour: 0 });
    expect(nextTrackTimer(krokomTrack({ reminders: [] }))).toStrictEqual({ what: 'overdue', date: '2026-05-01', hour: 0 });
    expect(nextTrackTimer(krokomTrack({ today: '2026-04-28' }))).toStrictEqual({ what: 'overdue', date: '2026-05-01', hour: 0 });
  });

  test('an overdue track without reminders left has no timer: it waits for the decision', () => {
    expect(nextTrackTimer(overdueTrack())).toBeUndefined();
    const sentBack = overdueTrack();
    applyTrackEvent(sentBack, decision('aterremiss', { meetingDate: '2026-05-12' }), AT);
    expect(nextTrackTimer(sentBack)).toBeUndefined();
  });

  test('decided or justerat: none, the huvudman reports the next step', () => {
    expect(nextTrackTimer(decidedTrack())).toBeUndefined();
    expect(nextTrackTimer(justeratTrack())).toBeUndefined();
  });

  test('after the anslag: laga kraft at 00:00 on the day after the last appeal day (posted 2026-03-13 → 2026-04-08)', () => {
    expect(nextTrackTimer(anslagTrack())).toStrictEqual({ what: 'laga-kraft', date: '2026-04-08', hour: 0 });
    // The seed protocol's dates: posted 2025-05-15, last appeal day 2025-06-05, laga kraft 2025-06-06.
    const seed = krokomTrack();
    seed.state = 'anslag';
    seed.justering = { justerare: ['Richard Nilsson'], date: d('2025-05-14') };
    seed.anslag = { posted: d('2025-05-15'), calendar: { posted: d('2025-05-15'), lastAppealDay: d('2025-06-05'), earliestRemoval: d('2025-06-09'), lagaKraft: d('2025-06-06') } };
    expect(nextTrackTimer(seed)).toStrictEqual({ what: 'laga-kraft', date: '2025-06-06', hour: 0 });
  });

  test.each(FINAL_TRACK_STATES.map((s) => [s]))('a final track (%s) has no timer', (state) => {
    const track = anslagTrack();
    track.reminders.push({ workingDays: 1, date: d('2026-04-29'), status: 'planned' });
    track.state = state;
    expect(nextTrackTimer(track)).toBeUndefined();
  });
});

describe('overdueInstantDate: the first day after senast', () => {
  test('the next calendar day, across months, years and leap days', () => {
    expect(overdueInstantDate(d('2026-04-30'))).toBe('2026-05-01');
    expect(overdueInstantDate(d('2026-12-31'))).toBe('2027-01-01');
    expect(overdueInstantDate(d('2028-02-28'))).toBe('2028-02-29');
    expect(overdueInstantDate(d('2027-02-28'))).toBe('2027-03-01');
  });
});

describe('trackDetail of tracks as the rules leave them', () => {
  test('requested, then reminded once a reminder is sent', () => {
    const track = krokomTrack();
    expect(trackDetail(track)).toBe('requested');
    track.reminders[0]!.status = 'sent';
    expect(trackDetail(track)).toBe('reminded');
  });

  test('sent back or tabled: återremiss, bordläggning (over reminded); overdue wins over both', () => {
    const track = krokomTrack();
    track.reminders[0]!.status = 'sent';
    applyTrackEvent(track, decision('aterremiss'), AT);
    expect(trackDetail(track)).toBe('aterremiss');
    expect(trackDetail(trackWith(krokomTrack(), decision('bordlaggning')))).toBe('bordlaggning');
    const overdue = overdueTrack();
    applyTrackEvent(overdue, decision('aterremiss', { meetingDate: '2026-05-12' }), AT);
    expect(trackDetail(overdue)).toBe('overdue');
  });

  test('a new decision after återremiss shows its own state', () => {
    const track = trackWith(krokomTrack(), decision('aterremiss'), decision('bifall', { meetingDate: '2026-04-14' }));
    expect(trackDetail(track)).toBe('decided');
    expect(trackDetail(anslagTrack())).toBe('anslag');
    expect(trackDetail(trackWith(krokomTrack(), decision('avslag')))).toBe('rejected');
  });
});

// The word a manager reads in the overview for one huvudman's track.
import { overdueTrackDeadline, trackDetail, type TrackState } from '../../../domain/track-rules';
import { trackStateWord } from '../../../domain/words';
import type { IsoDate } from '../../../domain/dates';

type Part = Pick<TrackState, 'state' | 'reminders' | 'decisions'>;
const decision = (outcome: TrackState['decisions'][number]['outcome']) => ({ organ: 'Kommunstyrelsen', meetingDate: '2026-03-10', paragraf: 4, outcome, recordedAt: '2026-03-10T10:00:00Z' }) as TrackState['decisions'][number];
const reminder = (status: TrackState['reminders'][number]['status']) => ({ workingDays: 10, date: '2026-04-16', status }) as TrackState['reminders'][number];

describe('trackDetail', () => {
  test('a requested track is "requested" until a reminder has gone out, then "reminded"', () => {
    expect(trackDetail({ state: 'requested', reminders: [reminder('planned')], decisions: [] } as Part)).toBe('requested');
    expect(trackDetail({ state: 'requested', reminders: [reminder('sent'), reminder('planned')], decisions: [] } as Part)).toBe('reminded');
  });

  test('sent back (återremiss) or tabled (bordläggning), the track waits for a new decision under that word', () => {
    expect(trackDetail({ state: 'requested', reminders: [reminder('sent')], decisions: [decision('aterremiss')] } as Part)).toBe('aterremiss');
    expect(trackDetail({ state: 'requested', reminders: [], decisions: [decision('bordlaggning')] } as Part)).toBe('bordlaggning');
  });

  test('overdue and every later state are shown as they are', () => {
    expect(trackDetail({ state: 'overdue', reminders: [reminder('sent')], decisions: [decision('aterremiss')] } as Part)).toBe('overdue');
    expect(trackDetail({ state: 'decided', reminders: [], decisions: [decision('bifall')] } as Part)).toBe('decided');
    expect(trackDetail({ state: 'laga-kraft', reminders: [], decisions: [decision('bifall')] } as Part)).toBe('laga-kraft');
  });
});

describe('trackStateWord: the word the overview, the ärendebalanslista and `arende outstanding` show', () => {
  test('the detailed state when the track records it, else the state; an unknown value as it is', () => {
    expect(trackStateWord('overdue')).toBe('försenad');
    expect(trackStateWord('overdue', 'overdue')).toBe('försenad');
    expect(trackStateWord('requested', 'reminded')).toBe('påmind');
    expect(trackStateWord('requested', 'aterremiss')).toBe('återremiss');
    expect(trackStateWord('requested')).toBe('begärd');
    expect(trackStateWord('laga-kraft')).toBe('laga kraft');
    expect(trackStateWord('requested', 'something-new')).toBe('begärd');
    expect(trackStateWord('something-new')).toBe('something-new');
  });
});

describe('overdueTrackDeadline: the day an overdue track counts its days late from', () => {
  const today = '2026-11-23' as IsoDate;
  test("the track's own passed senast (tracks from the overdue-deadline-attribute patch on)", () => {
    expect(overdueTrackDeadline('2026-04-30' as IsoDate, '2026-04-30' as IsoDate, today)).toBe('2026-04-30');
    expect(overdueTrackDeadline('2026-04-30' as IsoDate, undefined, today)).toBe('2026-04-30');
  });
  test("older tracks: the case's date if it has passed (its senast while tracks are open), else none", () => {
    expect(overdueTrackDeadline(undefined, '2026-11-10' as IsoDate, today)).toBe('2026-11-10');
    expect(overdueTrackDeadline(undefined, today, today)).toBeUndefined();
    expect(overdueTrackDeadline(undefined, '2027-01-10' as IsoDate, today)).toBeUndefined();
    expect(overdueTrackDeadline(undefined, undefined, today)).toBeUndefined();
  });
});

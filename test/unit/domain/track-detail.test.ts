// The word a manager reads in the overview for one huvudman's track.
import { trackDetail, type TrackState } from '../../../domain/case-state';

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

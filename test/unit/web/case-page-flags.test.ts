// The case page shows the rules the recorded facts broke (issue 12, point 5): the RSR's own late
// anslag and a huvudman's, each naming its rule (KL 8 kap. 12 §), in a section of their own and in
// that huvudman's row. The flags come from the status (client/cases.ts derives them from the facts).
import { appealCalendar } from '../../../domain/calendar';
import { isoDate } from '../../../domain/dates';
import { caseRuleFlags, trackRuleFlags } from '../../../domain/rule-flags';
import { caseBody } from '../../../client/web/case-page';
import type { FullCaseStatus } from '../../../client/cases';
import type { TrackStatus } from '../../../domain/track-rules';
import { demoCase } from '../../workflow/support';

const d = isoDate;

function status(): FullCaseStatus {
  // RS/418/2025, the seed protocol, but posted Tuesday 2025-05-20 (latest day Friday 2025-05-16).
  const anslag = { posted: d('2025-05-20'), calendar: appealCalendar({ posted: d('2025-05-20'), justerad: d('2025-05-14') }) };
  const krokom = {
    party: 'krokom', partyName: 'Krokoms kommun', organ: 'Kommunstyrelsen', state: 'anslag', final: false,
    requestedOn: d('2025-05-14'), senast: d('2025-09-30'), reminders: [],
    decisions: [{ organ: 'Kommunstyrelsen', meetingDate: d('2025-06-10'), paragraf: 41, outcome: 'bifall', recordedAt: '2025-06-11T08:00:00.000Z' }],
    justering: { justerare: ['Anna'], date: d('2025-06-12') },
    anslag: { posted: d('2025-06-18'), calendar: appealCalendar({ posted: d('2025-06-18'), justerad: d('2025-06-12') }) },
    deliveries: [], log: [],
  } as unknown as TrackStatus;
  const region = { ...krokom, party: 'region-jh', partyName: 'Region Jämtland Härjedalen', state: 'requested', decisions: [], justering: undefined, anslag: undefined } as unknown as TrackStatus;
  const base = {
    dnr: 'RS/418/2025', title: 'Översyn samverkansstruktur', stage: 'anslag', rsrMeetingDate: d('2025-05-05'), senast: d('2025-09-30'),
    huvudman: ['krokom', 'region-jh'], points: ['Ställa sig bakom'], rsr: { meetingDate: d('2025-05-05'), paragraf: 13, beslut: ['Ställa sig bakom'] },
    justering: { justerare: ['Richard Nilsson'], date: d('2025-05-14') }, anslag, appeals: [], tracks: [], open: [], overdue: [], deliveries: [], historyLength: 10,
    registration: demoCase('RS-418-2025.json').registration, beredning: [],
  };
  return { ...base, flags: caseRuleFlags(base), trackStatus: [krokom, region].map((t) => ({ ...t, flags: trackRuleFlags(t) })) } as unknown as FullCaseStatus;
}

test("the RSR's late anslag and Krokom's are shown, naming KL 8 kap. 12 §; the region's row has none", () => {
  const page = String(caseBody({ status: status(), events: [], today: d('2025-06-20'), admin: false, slug: 'RS-418-2025' }));
  const section = /<section class="rule-flags"[^]*?<\/section>/.exec(page)?.[0] ?? '';
  expect(section).toContain('Avvikelser från regler');
  expect(section).toContain('<strong>RS/418/2025:</strong> Anslaget sattes upp 2025-05-20, efter sista dagen 2025-05-16 för att tillkännage justeringen (kommunallagen (2017:725) 8 kap. 12 §)');
  // Krokom justerade Thursday 2025-06-12: latest posting Monday 2025-06-16 (the 14th is a Saturday).
  expect(section).toContain('<strong>Krokoms kommun:</strong> Anslaget sattes upp 2025-06-18, efter sista dagen 2025-06-16');
  const krokomRow = /<tr data-party="krokom">[^]*?<\/tr>/.exec(page)?.[0] ?? '';
  expect(krokomRow).toContain('class="rule-flag" data-flag="anslag-late"');
  expect(/<tr data-party="region-jh">[^]*?<\/tr>/.exec(page)?.[0]).not.toContain('rule-flag');
});

test('a case with nothing to flag has no such section', () => {
  const clean = status();
  clean.flags = [];
  clean.trackStatus = clean.trackStatus.map((t) => ({ ...t, flags: [] }));
  expect(String(caseBody({ status: clean, events: [], today: d('2025-06-20'), admin: false, slug: 'RS-418-2025' }))).not.toContain('rule-flags');
});

// A message being retried (issue 14, 1c) on the case page and in `arende case show`: per recipient,
// the attempt, when it failed, the error in words and the next attempt; gone once delivered.
import { isoDate } from '../../../domain/dates';
import { caseBody } from '../../../client/web/case-page';
import { formatStatus } from '../../../client/cli/commands/case';
import type { FullCaseStatus } from '../../../client/cases';
import type { RetryingDelivery } from '../../../domain/delivery-attempts';
import type { TrackStatus } from '../../../domain/track-rules';
import { demoCase } from '../../workflow/support';

const d = isoDate;

const RETRYING: RetryingDelivery[] = [
  {
    key: 'RS/62/2026|gnus@gnus.example|protokollsutdrag|rsr-2026-01-26-§2', kind: 'protokollsutdrag', recipient: { label: 'Gemensam nämnd (GNUS)', email: 'gnus@gnus.example' as never },
    attempt: 4, failedAt: '2026-03-02T09:01:10.000Z', errorCode: 'ECONNREFUSED', error: 'anslutningen nekades (ECONNREFUSED)',
    detail: 'connect ECONNREFUSED 127.0.0.1:2525', nextAttemptAt: '2026-03-02T09:02:30.000Z', givesUpAt: '2026-03-03T09:00:00.000Z',
  },
  { key: 'RS/62/2026|registrator@krokom.example|begaran|1', kind: 'begaran', recipient: { label: 'Krokoms kommun (registrator)' }, track: 'krokom' as never, attempt: 2, failedAt: '2026-03-02T09:00:40.000Z', errorCode: '451', error: 'e-postservern avvisade tillfälligt (451)' },
];

function status(retrying: RetryingDelivery[]): FullCaseStatus {
  const krokom = {
    party: 'krokom', partyName: 'Krokoms kommun', organ: 'Kommunstyrelsen', state: 'requested', final: false,
    requestedOn: d('2026-02-02'), senast: d('2026-04-30'), reminders: [], decisions: [], deliveries: [], log: [], flags: [],
  } as unknown as TrackStatus & { flags: [] };
  return {
    dnr: 'RS/62/2026', title: 'Totalförsvar', stage: 'justerat', rsrMeetingDate: d('2026-01-26'), senast: d('2026-04-30'),
    huvudman: ['krokom'], points: ['Delta'], rsr: { meetingDate: d('2026-01-26'), paragraf: 2, beslut: ['Delta'] },
    justering: { justerare: ['Anna'], date: d('2026-02-02') }, appeals: [], tracks: [{ party: 'krokom', name: 'Krokoms kommun', state: 'requested', overdue: false }],
    open: ['krokom'], overdue: [], deliveries: [], registration: demoCase('RS-62-2026.json').registration, beredning: [],
    flags: [], trackStatus: [krokom], retrying,
  } as unknown as FullCaseStatus;
}

describe('the case page', () => {
  it('shows each message being retried with its attempt, error in words and next attempt (Stockholm time)', () => {
    const page = String(caseBody({ status: status(RETRYING), events: [], today: d('2026-03-02'), admin: true, slug: 'RS-62-2026' }));
    expect(page).toContain('<p>0 utskick, <strong class="status-retrying">2 försöker igen</strong>.</p>');
    expect(page).toContain('<h3 id="forsoker-igen">Försöker igen</h3>');
    expect(page).toContain('(längst till 2026-03-03 10:00; sedan registreras utskicket som misslyckat)');
    const rows = page.match(/<tr data-key="[^]*?<\/tr>/g) ?? [];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('<td>protokollsutdrag</td><td>ärendet</td><td>Gemensam nämnd (GNUS)<br><span class="hint">gnus@gnus.example</span></td><td class="status-retrying">försöker igen</td><td>4</td><td>2026-03-02 10:01</td><td>anslutningen nekades (ECONNREFUSED)</td><td>omkring 2026-03-02 10:02</td>');
    expect(rows[1]).toContain('<td>Krokoms kommun</td>');
    expect(rows[1]).toContain('<td>e-postservern avvisade tillfälligt (451)</td><td>okänt</td>');
  });

  it('has no such section when nothing is being retried', () => {
    const page = String(caseBody({ status: status([]), events: [], today: d('2026-03-02'), admin: true, slug: 'RS-62-2026' }));
    expect(page).not.toContain('Försöker igen');
    expect(page).not.toContain('försöker igen');
    expect(page).toContain('<p>0 utskick.</p>');
  });
});

describe('arende case show', () => {
  it('lists each message being retried, in words', () => {
    const text = formatStatus(status(RETRYING));
    expect(text).toContain('Försöker igen (2: inte framme än, systemet försöker igen av sig självt)');
    expect(text).toMatch(/protokollsutdrag\s*│\s*ärendet\s*│\s*Gemensam nämnd \(GNUS\)\s*│\s*4\s*│\s*2026-03-02 10:01\s*│\s*anslutningen nekades \(ECONNREFUSED\)\s/);
    expect(text).toContain('omkring 2026-03-02');
    expect(text).toContain('(inga klara än)');
  });

  it('says nothing of it when nothing is being retried, or an older server sends no such field', () => {
    expect(formatStatus(status([]))).not.toContain('Försöker igen');
    const { retrying: _none, ...older } = status([]);
    expect(formatStatus(older as FullCaseStatus)).toContain('Leveranser\n  (inga)');
  });
});

// A message's identity (its Message-ID derives from it): every kind's key names everything that
// makes one of its messages distinct; a notification built before that (no keyVersion) keeps the
// key it had, so a retried message of an older case keeps its Message-ID.
import { MESSAGE_KEY_VERSION, notificationKey } from '../../../domain/notification-key';
import { Notification, NotificationKind } from '../../../domain/notifications';
import { notificationOf } from '../../helpers/notifications';

const v2 = <N extends Notification>(n: N): N => ({ ...n, keyVersion: MESSAGE_KEY_VERSION });
const manager = { label: 'Samordningskansliet', email: 'samordningskansliet@regionjh.example' };
const trackOf = (party: string, partyName: string) => ({ ...notificationOf('forsenad').track, party, partyName });
/** An appeal of the case's own (RSR's) decision after laga kraft, told to the samordningskansli. */
const rsrAppealed = (overrides: Record<string, unknown> = {}) =>
  notificationOf('overklagat', { recipient: manager, track: undefined, decision: undefined, rsr: notificationOf('begaran').rsr, occurrence: 'overklagat-arende-8', ...overrides });

test('the overdue escalations of one case on one day, one per huvudman, have distinct keys', () => {
  const parties = ['berg', 'bracke', 'harjedalen', 'krokom', 'ragunda', 'stromsund', 'are', 'ostersund'];
  const escalations = parties.map((party) => v2(notificationOf('forsenad', { recipient: manager, track: trackOf(party, party) })));
  expect(new Set(escalations.map(notificationKey)).size).toBe(parties.length);
});

test('every kind: changing what makes its message distinct changes the key', () => {
  const other = trackOf('berg', 'Bergs kommun');
  const variants: Record<NotificationKind, [Notification, Notification][]> = {
    protokollsutdrag: [[notificationOf('protokollsutdrag'), notificationOf('protokollsutdrag', { rsr: { ...notificationOf('protokollsutdrag').rsr, paragraf: 3 } })]],
    'protokollsutdrag-huvudman': [
      [notificationOf('protokollsutdrag-huvudman'), notificationOf('protokollsutdrag-huvudman', { track: other })],
      [notificationOf('protokollsutdrag-huvudman'), notificationOf('protokollsutdrag-huvudman', { decision: { ...notificationOf('protokollsutdrag-huvudman').decision, paragraf: 46 } })],
    ],
    // Two huvudmän may share one registrator address.
    begaran: [[notificationOf('begaran'), notificationOf('begaran', { track: other })]],
    paminnelse: [
      [notificationOf('paminnelse'), notificationOf('paminnelse', { track: other })],
      [notificationOf('paminnelse'), notificationOf('paminnelse', { workingDaysLeft: 3 })],
    ],
    forsenad: [
      [notificationOf('forsenad'), notificationOf('forsenad', { track: other })],
      [notificationOf('forsenad'), notificationOf('forsenad', { overdueSince: '2026-05-04' })],
    ],
    'beslut-registrerat': [
      [notificationOf('beslut-registrerat'), notificationOf('beslut-registrerat', { track: other })],
      [notificationOf('beslut-registrerat'), notificationOf('beslut-registrerat', { decision: { ...notificationOf('beslut-registrerat').decision, meetingDate: '2026-04-10' } })],
    ],
    'laga-kraft': [[notificationOf('laga-kraft'), notificationOf('laga-kraft', { track: other })]],
    // Which huvudman's protocol (or the case's own) was corrected, and which correction.
    rattelse: [
      [notificationOf('rattelse'), notificationOf('rattelse', { track: other })],
      [notificationOf('rattelse', { recipient: manager }), notificationOf('rattelse', { recipient: manager, track: undefined, occurrence: 'rattelse-arende-5' })],
      [notificationOf('rattelse'), notificationOf('rattelse', { occurrence: 'rattelse-krokom-7' })],
    ],
    // Which huvudman's decision (or the case's own, RSR's) was appealed, and which appeal of RSR's.
    overklagat: [
      [notificationOf('overklagat', { recipient: manager }), notificationOf('overklagat', { recipient: manager, track: other })],
      [notificationOf('overklagat', { recipient: manager }), rsrAppealed()],
      [rsrAppealed(), rsrAppealed({ occurrence: 'overklagat-arende-9' })],
    ],
    aterkallelse: [
      [notificationOf('aterkallelse'), notificationOf('aterkallelse', { recipient: { ...notificationOf('aterkallelse').recipient, party: 'berg' } })],
      [notificationOf('aterkallelse'), notificationOf('aterkallelse', { recipient: { label: 'Kim Exempelsson (handläggare)', email: 'registrator@krokom.example' } })],
    ],
  };
  for (const [kind, pairs] of Object.entries(variants)) {
    for (const [a, b] of pairs) {
      expect(Notification.safeParse(b).success).toBe(true);
      expect({ kind, distinct: notificationKey(v2(a)) !== notificationKey(v2(b)) }).toEqual({ kind, distinct: true });
    }
  }
});

test('the key leaves out the day the message is sent: a retry sent on a later day keeps its key', () => {
  const n = v2(notificationOf('paminnelse', { issuedOn: '2026-04-16' }));
  expect(notificationKey({ ...n, issuedOn: '2026-05-20' } as Notification)).toBe(notificationKey(n));
});

test('a notification built before the change (no keyVersion) keeps its key exactly', () => {
  // The format the workflows recorded before `distinct-message-keys`: their retries send the same Message-ID.
  expect(notificationKey(notificationOf('forsenad'))).toBe('RS/62/2026|samordningskansliet@regionjh.example|forsenad|2026-05-01');
  expect(notificationKey(notificationOf('begaran'))).toBe('RS/62/2026|registrator@krokom.example|begaran|1');
  expect(notificationKey(notificationOf('begaran', { recipient: { label: 'Krokoms kommun', party: 'krokom' } }))).toBe('RS/62/2026|part:krokom|begaran|1');
  expect(notificationKey(v2(notificationOf('forsenad')))).not.toBe(notificationKey(notificationOf('forsenad')));
});

// A notification built from a case registered under older text rules is sent, not refused.
import { carriedText } from '../../../activities/mail/carried-text';
import { Notification } from '../../../domain/notifications';
import { notificationOf } from '../../helpers/notifications';

test('a title with a line break and control characters becomes one line; multi-line fields keep their breaks', () => {
  expect(carriedText({ title: 'Avtal\r\nBcc:\tevil\u0007', summary: 'Rad 1\r\nRad 2\u0000', points: ['1.\nDelta'] })).toEqual({
    title: 'Avtal Bcc: evil',
    summary: 'Rad 1\nRad 2',
    points: ['1. Delta'],
  });
});

test('numbers, booleans and absent values pass unchanged', () => {
  expect(carriedText({ paragraf: 31, final: true, note: undefined, list: [1, null] })).toEqual({ paragraf: 31, final: true, note: undefined, list: [1, null] });
});

test('a notification of a case registered before issue 12 with a line break in its title validates after carriedText, not before', () => {
  const n = notificationOf('begaran');
  const old = { ...n, case: { ...n.case, title: 'Avtal om\nsamverkan' } };
  expect(Notification.safeParse(old).success).toBe(false);
  const parsed = Notification.safeParse(carriedText(old));
  expect(parsed.success).toBe(true);
  expect(parsed.data?.case.title).toBe('Avtal om samverkan');
});

// Text a workflow carries into a notification was checked when it was recorded, under the rules of
// that day: a case registered before control characters were refused (issue 12) may hold a title
// with a line break. The activity must still send its messages (nothing is ever lost), so before it
// validates a payload it makes such text what today's rules accept: a line break or tab in a
// one-line field becomes a space, any other control character is dropped. Multi-line fields keep
// their line breaks.
const MULTI_LINE_FIELDS = new Set(['summary', 'reason']);
// eslint-disable-next-line no-control-regex -- control characters are what this removes
const CONTROL_EXCEPT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

function carried(text: string, multiLine: boolean): string {
  const lines = text.replace(/\r\n?/g, '\n').replace(CONTROL_EXCEPT_LINES, '');
  return multiLine ? lines : lines.replace(/\s*[\n\t]\s*/g, ' ');
}

/** `payload` with every string made acceptable to today's text rules; anything else as it was. */
export function carriedText(payload: unknown, key = ''): unknown {
  if (typeof payload === 'string') return carried(payload, MULTI_LINE_FIELDS.has(key));
  if (Array.isArray(payload)) return payload.map((item) => carriedText(item, key));
  if (payload && typeof payload === 'object') {
    return Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, carriedText(v, k)]));
  }
  return payload;
}

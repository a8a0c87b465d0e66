// The web pages' building blocks: the escaping template, the signed session cookie (tampering and
// expiry), the ärendebalanslista's CSV format, the overview's data shaping.
import Fastify from 'fastify';
import fastifyCookie from '@fastify/cookie';
import { html, join, raw } from '../../../client/web/html';
import { decodeSession, encodeSession, safeNext, sessionSecret, SESSION_HOURS } from '../../../client/web/session';
import { balanceCsv } from '../../../client/web/overview';
import { buildOverview, countdown } from '../../../client/web/overview-data';
import type { IsoDate } from '../../../domain/dates';

describe('html``', () => {
  test('escapes every interpolated string, number and array item', () => {
    const title = `<script>alert("x")</script> & 'y'`;
    expect(html`<p title="${title}">${title}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;</p>',
    );
    expect(html`<ul>${['<a>', 2, html`<li>ok</li>`]}</ul>`.value).toBe('<ul>&lt;a&gt;2<li>ok</li></ul>');
  });

  test('nested html and raw() pass through; null, undefined and false render nothing', () => {
    expect(html`${html`<b>${'<i>'}</b>`}${raw('<hr>')}${null}${undefined}${false}${0}`.value).toBe('<b>&lt;i&gt;</b><hr>0');
    expect(join(['<x>', html`<y>`], html`<br>`).value).toBe('&lt;x&gt;<br><y>');
  });

  test('a string that looks like markup is never trusted as such', () => {
    const pretend = { value: '<b>', toString: () => '<b>' } as unknown as string;
    expect(html`${pretend}`.value).toBe('&lt;b&gt;');
  });
});

describe('the session cookie', () => {
  const principal = { role: 'manager' as const, name: 'manager' };
  const secret = 'a-session-secret-of-at-least-32-characters';

  async function app() {
    const server = Fastify();
    await server.register(fastifyCookie, { secret });
    server.get('/sign', async (_req, reply) => reply.setCookie('s', encodeSession(principal, Date.parse('2026-11-23T08:00:00Z')), { signed: true }).send('ok'));
    server.get('/read', async (req) => {
      const unsigned = req.unsignCookie(req.cookies.s ?? '');
      return { valid: unsigned.valid, principal: unsigned.valid && unsigned.value ? (decodeSession(unsigned.value, Date.parse('2026-11-23T09:00:00Z')) ?? null) : null };
    });
    return server;
  }

  test('a signed session reads back; a changed payload or signature is refused', async () => {
    const server = await app();
    const cookie = (await server.inject('/sign')).cookies[0]!.value;
    const read = (value: string) => server.inject({ url: '/read', cookies: { s: value } }).then((r) => r.json());
    expect(await read(cookie)).toEqual({ valid: true, principal });
    const [payload, signature] = [cookie.slice(0, cookie.lastIndexOf('.')), cookie.slice(cookie.lastIndexOf('.') + 1)];
    const forged = Buffer.from(JSON.stringify({ role: 'administrator', name: 'administrator', exp: 9e15 })).toString('base64url');
    expect(await read(`${forged}.${signature}`)).toEqual({ valid: false, principal: null });
    expect(await read(`${payload}.${signature.slice(0, -2)}xx`)).toEqual({ valid: false, principal: null });
    expect(await read(payload)).toEqual({ valid: false, principal: null });
  });

  test(`a session expires ${SESSION_HOURS} hours after sign-in; malformed payloads are no session`, () => {
    const at = Date.parse('2026-11-23T08:00:00Z');
    const value = encodeSession({ role: 'registrator', party: 'krokom', name: 'registrator/krokom' } as never, at);
    expect(decodeSession(value, at + SESSION_HOURS * 3_600_000 - 1)).toEqual({ role: 'registrator', party: 'krokom', name: 'registrator/krokom' });
    expect(decodeSession(value, at + SESSION_HOURS * 3_600_000)).toBeUndefined();
    expect(decodeSession('not-base64-json')).toBeUndefined();
    expect(decodeSession(Buffer.from(JSON.stringify({ role: 'root', name: 'x', exp: 9e15 })).toString('base64url'))).toBeUndefined();
  });

  test('the secret: ARENDE_SESSION_SECRET, else derived from the link secret (stable, not the link secret itself)', () => {
    expect(sessionSecret({ sessionSecret: secret, linkSecret: 'x'.repeat(40) })).toBe(secret);
    const derived = sessionSecret({ linkSecret: 'l'.repeat(40) });
    expect(derived).toBe(sessionSecret({ linkSecret: 'l'.repeat(40) }));
    expect(derived).not.toContain('llll');
    expect(sessionSecret({})).not.toBe(sessionSecret({}));
    expect(() => sessionSecret({ sessionSecret: 'short' })).toThrow(/32/);
  });

  test('after sign-in only paths on this site are followed', () => {
    expect(safeNext('/arende/RS-62-2026?x=1')).toBe('/arende/RS-62-2026?x=1');
    for (const bad of ['//evil.example/', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)', undefined, '/logga-in']) expect(safeNext(bad)).toBe('/');
  });
});

describe('the ärendebalanslista (CSV)', () => {
  test('UTF-8 with a BOM, semicolons, CRLF; quotes where needed; formulas defused, numbers kept', () => {
    const csv = balanceCsv([
      { dnr: 'RS/62/2026', title: 'Avtal; "samverkan"\nny rad', party: 'Krokoms kommun', state: 'försenad', lastDay: '2026-11-10', days: -13 },
      { dnr: 'RS/63/2026', title: '=HYPERLINK("http://x")', party: 'Bergs kommun', state: 'begärd' },
    ]);
    expect(csv.startsWith('\uFEFFDnr;Rubrik;Part;Läge;Sista dag;')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual([
      'Dnr;Rubrik;Part;Läge;Sista dag;Dagar kvar (negativt: dagar sen)',
      'RS/62/2026;"Avtal; ""samverkan""\nny rad";Krokoms kommun;försenad;2026-11-10;-13',
      `RS/63/2026;"'=HYPERLINK(""http://x"")";Bergs kommun;begärd;;`,
      '',
    ]);
  });
});

describe('the overview model', () => {
  const today = '2026-11-23' as IsoDate;
  const parties = [
    { id: 'krokom', name: 'Krokoms kommun' },
    { id: 'berg', name: 'Bergs kommun' },
  ];
  test('cells from the newest track run; overdue counts from the case senast; no track is "–"', () => {
    const model = buildOverview({
      today,
      parties,
      cases: [{ dnr: 'RS/1/2026', title: 't', stage: 'justerat', pending: [], overdue: [], nextDeadline: '2026-11-10', running: true, startedAt: '' }],
      tracks: [
        { dnr: 'RS/1/2026', party: 'krokom', state: 'requested', nextDeadline: '2026-11-10' as IsoDate, running: false, workflowId: 'a', startedAt: 1 },
        { dnr: 'RS/1/2026', party: 'krokom', state: 'overdue', running: true, workflowId: 'a', startedAt: 2 },
      ],
    });
    expect(model.rows[0]!.cells).toEqual([
      { party: 'krokom', state: 'overdue', word: 'försenad', deadline: '2026-11-10', countdown: { days: -13, text: '13 dagar sen' } },
      { party: 'berg', state: 'none', word: '–' },
    ]);
    expect(countdown(today, '2026-11-24' as IsoDate).text).toBe('1 dag kvar');
    expect(countdown(today, today).text).toBe('sista dag i dag');
  });
});

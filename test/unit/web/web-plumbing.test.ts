// The web pages' building blocks: the escaping template, the signed session cookie (tampering and
// expiry), the ärendebalanslista's CSV format (the overview's view model: overview-model.test.ts).
import Fastify from 'fastify';
import fastifyCookie from '@fastify/cookie';
import { html, join, raw } from '../../../client/web/html';
import { MemorySessionStore, ReadModelSessionStore, decodeSession, encodeSession, loadPrincipal, safeNext, sessionSecret, SESSION_HOURS } from '../../../client/web/session';
import { AccessControl, Principal, parseApiTokens } from '../../../client/api/access';
import { balanceCsv } from '../../../client/web/overview';
import { openReadModel } from '../../../readmodel/open';

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
  const secret = 'a-session-secret-of-at-least-32-characters';

  const MANAGER_TOKEN = 'manager-token-of-some-length';
  const KROKOM_TOKEN = 'krokom-registrator-token-0001';
  const signedInAt = Date.parse('2026-11-23T08:00:00Z');

  /** A server whose session cookie is checked against `access()` on every request, as the web pages do. */
  async function app(access: () => AccessControl) {
    const server = Fastify();
    const sessions = new MemorySessionStore();
    await server.register(fastifyCookie, { secret });
    server.addHook('onRequest', (req) => loadPrincipal({ access: access(), sessions, now: () => signedInAt + 3_600_000 })(req));
    server.get<{ Querystring: { token: string } }>('/sign', async (req, reply) => {
      const key = access().sessionKeyFor(req.query.token)!;
      return reply.setCookie('arende_session', encodeSession(await sessions.open({ key }, signedInAt), key), { signed: true }).send('ok');
    });
    server.get('/who', async (req) => ({ principal: req.principal && req.webAuth === 'session' ? req.principal : null }));
    return server;
  }

  test('a signed session names its principal; a changed payload or signature is refused', async () => {
    const access = new AccessControl(parseApiTokens(`manager=${MANAGER_TOKEN},registrator/krokom=${KROKOM_TOKEN}`));
    const server = await app(() => access);
    const cookie = (await server.inject(`/sign?token=${MANAGER_TOKEN}`)).cookies[0]!.value;
    const who = (value: string) => server.inject({ url: '/who', cookies: { arende_session: value } }).then((r) => r.json().principal);
    expect(await who(cookie)).toEqual({ role: 'manager', name: 'manager' });
    // The cookie holds neither the token nor the role.
    expect(Buffer.from(cookie.split('.')[0]!, 'base64url').toString()).not.toMatch(new RegExp(`${MANAGER_TOKEN}|manager`));
    const [payload, signature] = [cookie.slice(0, cookie.lastIndexOf('.')), cookie.slice(cookie.lastIndexOf('.') + 1)];
    const krokomKey = access.sessionKeyFor(KROKOM_TOKEN)!;
    const { s: id } = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { s: string };
    const forged = Buffer.from(JSON.stringify({ s: id, k: krokomKey, exp: 9e15 })).toString('base64url');
    expect(await who(`${forged}.${signature}`)).toBeNull();
    expect(await who(`${payload}.${signature.slice(0, -2)}xx`)).toBeNull();
    expect(await who(payload)).toBeNull();
  });

  test('removing or changing a token in ARENDE_API_TOKENS ends its open sessions at their next request', async () => {
    let access = new AccessControl(parseApiTokens(`manager=${MANAGER_TOKEN},registrator/krokom=${KROKOM_TOKEN}`));
    const server = await app(() => access);
    const manager = (await server.inject(`/sign?token=${MANAGER_TOKEN}`)).cookies[0]!.value;
    const krokom = (await server.inject(`/sign?token=${KROKOM_TOKEN}`)).cookies[0]!.value;
    const who = (value: string) => server.inject({ url: '/who', cookies: { arende_session: value } }).then((r) => r.json().principal);
    expect(await who(krokom)).toEqual({ role: 'registrator', party: 'krokom', name: 'registrator/krokom' });
    // Krokom's token removed; the manager's replaced by a new one under the same name.
    access = new AccessControl(parseApiTokens(`manager=a-brand-new-manager-token`));
    expect(await who(krokom)).toBeNull();
    expect(await who(manager)).toBeNull();
    // Put back as it was, the old sessions hold again (nothing else is remembered).
    access = new AccessControl(parseApiTokens(`manager=${MANAGER_TOKEN}`));
    expect(await who(manager)).toEqual({ role: 'manager', name: 'manager' });
  });

  test("a person's session (OIDC) names the principal it was opened with while its role is still in ARENDE_OIDC_ROLE_MAP", async () => {
    const sessions = new MemorySessionStore();
    const mapped = new Set(['registrator/krokom']);
    const server = Fastify();
    await server.register(fastifyCookie, { secret });
    const access = new AccessControl(parseApiTokens(`manager=${MANAGER_TOKEN}`));
    server.addHook('onRequest', (req) => loadPrincipal({ access, sessions, personal: { stillMapped: (role) => mapped.has(role), endSessionUrl: async () => undefined }, now: () => signedInAt + 1 })(req));
    server.get('/who', async (req) => ({ principal: req.principal && req.webAuth === 'session' ? req.principal : null }));
    const person = Principal.parse({ role: 'registrator', party: 'krokom', name: 'person/registrator/krokom/o-1/Anna Berg' });
    const key = 'a-random-person-key-01';
    const cookie = server.signCookie(encodeSession(await sessions.open({ key, person }, signedInAt), key));
    const who = (value: string) => server.inject({ url: '/who', cookies: { arende_session: value } }).then((r) => r.json().principal);
    expect(await who(cookie)).toEqual(person);
    // The same id with another key (a forged cookie needs the store's key too) is no session.
    const { s: id } = JSON.parse(Buffer.from(cookie.slice(0, cookie.lastIndexOf('.')), 'base64url').toString()) as { s: string };
    expect(await who(server.signCookie(encodeSession({ id, exp: signedInAt + 3_600_000 }, 'another-random-key-000')))).toBeNull();
    mapped.clear();
    expect(await who(cookie)).toBeNull();
  });

  test(`a session expires ${SESSION_HOURS} hours after sign-in; malformed payloads are no session`, async () => {
    const key = new AccessControl(parseApiTokens(`registrator/krokom=${KROKOM_TOKEN}`)).sessionKeyFor(KROKOM_TOKEN)!;
    const sessions = new MemorySessionStore();
    const session = await sessions.open({ key }, signedInAt);
    const value = encodeSession(session, key);
    expect(decodeSession(value, signedInAt + SESSION_HOURS * 3_600_000 - 1)).toEqual({ id: session.id, key });
    expect(decodeSession(value, signedInAt + SESSION_HOURS * 3_600_000)).toBeUndefined();
    expect(await sessions.find(session.id, signedInAt + SESSION_HOURS * 3_600_000 - 1)).toEqual({ key });
    expect(await sessions.find(session.id, signedInAt + SESSION_HOURS * 3_600_000)).toBeUndefined();
    expect(decodeSession('not-base64-json')).toBeUndefined();
    expect(decodeSession(Buffer.from(JSON.stringify({ role: 'administrator', name: 'x', exp: 9e15 })).toString('base64url'))).toBeUndefined();
  });

  // The same semantics in process memory and in the read model's table (shared by several HTTP servers).
  describe.each([
    ['in memory', async (max: number) => {
      const store = new MemorySessionStore(max);
      return { store, size: async () => store.size, close: async (): Promise<void> => undefined };
    }],
    ['in the read model (SQLite)', async (max: number) => {
      const db = await openReadModel({ kind: 'embedded', file: ':memory:' });
      const store = new ReadModelSessionStore(db, max);
      return { store, size: async () => (await db.selectFrom('web_session').select('id').execute()).length, close: (): Promise<void> => db.destroy() };
    }],
  ] as const)('the session store %s', (_label, make) => {
    test('closing a session ends it; it holds at most its bound, the oldest session ending first; ended sessions end', async () => {
      const { store: sessions, size, close } = await make(3);
      try {
        const opened: { id: string }[] = [];
        for (const i of [0, 1, 2, 3]) opened.push(await sessions.open({ key: `key-${i}` }, signedInAt + i));
        expect(await size()).toBe(3);
        expect(await sessions.find(opened[0]!.id, signedInAt + 10)).toBeUndefined();
        expect(await Promise.all(opened.slice(1).map(async (o) => (await sessions.find(o.id, signedInAt + 10))?.key))).toEqual(['key-1', 'key-2', 'key-3']);
        await sessions.close(opened[2]!.id);
        expect(await sessions.find(opened[2]!.id, signedInAt + 10)).toBeUndefined();
        expect(await sessions.find(opened[1]!.id, signedInAt + SESSION_HOURS * 3_600_000 + 1)).toBeUndefined();
        // Ended sessions make room before any open one is dropped.
        const later = signedInAt + SESSION_HOURS * 3_600_000 + 5;
        await sessions.open({ key: 'key-4' }, later);
        expect(await size()).toBe(1);
        // A person's session keeps the principal it was opened with.
        const person = Principal.parse({ role: 'registrator', party: 'krokom', name: 'person/registrator/krokom/abc/Anna Berg' });
        const theirs = await sessions.open({ key: 'key-person-000000', person }, later);
        expect(await sessions.find(theirs.id, later + 1)).toEqual({ key: 'key-person-000000', person });
      } finally {
        await close();
      }
    });
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

// Access over real HTTP, on a Temporal dev server with the real workflows (test/helpers/web-stack.ts):
// every route the server has × every role, allowed or refused as the permission table
// (client/api/permissions.ts) says; /mail for administrators only; signing out ends the session;
// no existence oracle for a registrator; a missing track is named as such; the manager's CLI is
// refused; a case registered through the form is logged with its actor.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildServer } from '../../client/http/server';
import { AccessControl, parseApiTokens, type Role } from '../../client/api/access';
import { grantOf, isOpen, type Action } from '../../client/api/permissions';
import type { RouteAction } from '../../client/http/access-hook';
import { createReportToken } from '../../lib/report-links';
import { TEST_NAMESPACE } from '../helpers/temporal';
import { WEB_LINK_SECRET, startWebStack, type WebStack } from '../helpers/web-stack';
import { webClient, type WebClient, type WebResponse } from '../helpers/web-session';
import { demoCase, registrationFrom } from '../workflow/support';
import { STACK_START_TIMEOUT_MS, STACK_STOP_TIMEOUT_MS } from '../helpers/teardown';

const rs62 = demoCase('RS-62-2026.json');
// Asks Krokom, not Östersund.
const ASKED = registrationFrom(rs62.registration, {
  dnr: 'RS/901/2026',
  title: 'Behörighetsprov',
  recommendation: { ...rs62.registration.recommendation, huvudman: ['region-jh', 'krokom'] as never },
});
// Asks Östersund, not Krokom.
const OTHER = registrationFrom(rs62.registration, {
  dnr: 'RS/902/2026',
  title: 'Ett ärende som inte ber Krokom',
  recommendation: { ...rs62.registration.recommendation, huvudman: ['region-jh', 'ostersund'] as never },
});
const MAIL_FILE_NAME = '2026-01-01T08-00-00.000Z-00000000-0000-4000-8000-000000000001.eml';

type Who = 'administrator' | 'manager' | 'krokom' | 'ostersund' | 'anonymous';
const WHO: Who[] = ['administrator', 'manager', 'krokom', 'ostersund', 'anonymous'];
const ROLE_OF: Record<Who, Role | undefined> = { administrator: 'administrator', manager: 'manager', krokom: 'registrator', ostersund: 'registrator', anonymous: undefined };

let stack: WebStack;
const clients = {} as Record<Who, WebClient>;

beforeAll(async () => {
  stack = await startWebStack({ mail: true });
  for (const registration of [ASKED, OTHER]) expect((await stack.api('POST', '/api/v1/cases', registration, 'administrator')).status).toBe(201);
  // A caught message with an attachment, as the SMTP catcher writes them.
  writeFileSync(
    join(stack.mailDir!, MAIL_FILE_NAME),
    [
      'From: a@example.org',
      'To: b@example.org',
      'Subject: Begäran om beslut',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Rapportera: http://127.0.0.1/rapportera/x',
      '--b',
      'Content-Type: text/calendar; name="a.ics"',
      'Content-Disposition: attachment; filename="a.ics"',
      '',
      'BEGIN:VCALENDAR',
      '--b--',
      '',
    ].join('\r\n'),
  );
  for (const who of WHO) clients[who] = await webClient(stack.base, who === 'anonymous' ? undefined : stack.tokens[who]);
}, STACK_START_TIMEOUT_MS);

afterAll(async () => {
  await stack?.stop();
}, STACK_STOP_TIMEOUT_MS);

const slug = (dnr: string) => dnr.replace(/\//g, '-');
const reportToken = () => createReportToken({ dnr: ASKED.dnr, party: 'krokom', expiresAt: '2099-01-01' } as never, WEB_LINK_SECRET);

/** The concrete address of a route: every parameter filled in with something that exists. */
function addressOf(url: string): string {
  return url
    .replace(':dnr', slug(ASKED.dnr))
    .replace(':party', 'krokom')
    .replace(':id', 'krokom')
    .replace(':token', reportToken())
    .replace(':file', url.startsWith('/assets/') ? 'app.css' : MAIL_FILE_NAME)
    .replace(':index', '0')
    .replace('*', 'index.html');
}

// An event of Krokom's, valid for the schema, that the registered case refuses (no track yet): the
// access check gets as far as the scope, and nothing changes.
const KROKOM_EVENTS: Partial<Record<Action, Record<string, unknown>>> = {
  'decision.record': { party: 'krokom', organ: 'Kommunstyrelsen', meetingDate: '2026-01-10', paragraf: 4, outcome: 'bifall' },
  'justering.record': { party: 'krokom', date: '2026-01-12', justerare: ['A. Andersson'] },
  'anslag.record': { party: 'krokom', posted: '2026-01-13' },
  'appeal.record': { party: 'krokom', filedOn: '2026-01-20' },
};

async function call(who: Who, route: RouteAction): Promise<WebResponse> {
  const client = clients[who];
  const path = addressOf(route.url);
  const api = path.startsWith('/api/');
  const action = route.action!;
  if (api) {
    const headers: Record<string, string> = who === 'anonymous' ? {} : { authorization: `Bearer ${stack.tokens[who]}` };
    // No session cookie on the API: it takes bearer tokens only.
    const json = route.method === 'GET' || route.method === 'HEAD' ? undefined : (KROKOM_EVENTS[action] ?? {});
    return client.request(route.method, path, { headers, cookie: '', ...(json === undefined ? {} : { json }) });
  }
  if (route.method === 'GET' || route.method === 'HEAD') return client.request(route.method, path);
  const form: Record<string, string> = { _csrf: client.csrf };
  if (KROKOM_EVENTS[action]) form.party = 'krokom';
  // Signing in posts the administrator's token, without the session (signing in again would end it);
  // the answer's cookie is not kept.
  if (path === '/logga-in') {
    form.token = stack.tokens.administrator;
    return client.request(route.method, path, { form, cookie: client.cookie.split('; ')[0]! });
  }
  return client.request(route.method, path, { form });
}

/** Whether a response is an access refusal: not signed in, no grant, or a case outside a registrator's scope. */
function refused(path: string, response: WebResponse): boolean {
  if (response.status === 401 || response.status === 403) return true;
  // The sign-in redirect of a refusal names the page to return to (signing out's own redirect does not).
  if (response.status === 303 && response.location?.startsWith('/logga-in?next=')) return true;
  if (response.status !== 404) return false;
  if (response.text === '') return path.includes(slug(ASKED.dnr)); // HEAD: only a case can be outside a scope
  return path.startsWith('/api/') ? /"ärendet RS\/\d+\/\d+ finns inte"/.test(response.text) : /Ärendet RS\/\d+\/\d+ finns inte\./.test(response.text);
}

function expected(action: Action, who: Who): 'allowed' | 'refused' {
  if (isOpen(action)) return 'allowed';
  const role = ROLE_OF[who];
  if (!role) return 'refused';
  const grant = grantOf(action, role);
  if (grant === false) return 'refused';
  // Östersund's registrator: the case (Krokom's), the page (/part/krokom) and the event (Krokom's) are not its own.
  if (who === 'ostersund' && grant !== true && grant !== 'lists-of-party') return 'refused';
  return 'allowed';
}

describe('the permission table, over HTTP', () => {
  test('every route of the server names an action of the table', () => {
    const routes = stack.app.routeActions!();
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.filter((r) => !r.action)).toEqual([]);
    // The routes the issue names, among them.
    for (const url of ['/api/v1/cases/:dnr/beslut', '/healthz', '/readyz', '/mail', '/oversikt.csv', '/api/v1/cases/:dnr/export', '/registrera', '/logga-ut', '/api/v1/documents/parse']) {
      expect(routes.map((r) => r.url)).toContain(url);
    }
  });

  test('every route × every role is allowed or refused as the table says', async () => {
    // Signing out last: it ends the session the other requests use.
    const routes = [...stack.app.routeActions!()].sort((a, b) => Number(a.url === '/logga-ut') - Number(b.url === '/logga-ut'));
    const outcomes: string[] = [];
    const wanted: string[] = [];
    for (const route of routes) {
      for (const who of WHO) {
        const response = await call(who, route);
        const label = `${route.method} ${route.url} [${route.action}] as ${who}`;
        outcomes.push(`${label}: ${refused(addressOf(route.url), response) ? 'refused' : 'allowed'}`);
        wanted.push(`${label}: ${expected(route.action!, who)}`);
      }
    }
    // Signed out by the walk: sign in again for the tests below.
    for (const who of WHO) clients[who] = await webClient(stack.base, who === 'anonymous' ? undefined : stack.tokens[who]);
    expect(outcomes.filter((o, i) => o !== wanted[i])).toEqual([]);
    expect(outcomes).toEqual(wanted);
  });
});

describe('refusals name the rule, in Swedish', () => {
  test('the manager cannot record anything: 403 saying what a manager may not do and who may', async () => {
    for (const [path, body] of [
      ['beslut', KROKOM_EVENTS['decision.record']],
      ['justering', KROKOM_EVENTS['justering.record']],
      ['anslag', KROKOM_EVENTS['anslag.record']],
      ['overklagande', KROKOM_EVENTS['appeal.record']],
    ] as const) {
      const { status, json } = await stack.api('POST', `/api/v1/cases/${slug(ASKED.dnr)}/${path}`, body, 'manager');
      expect({ path, status, error: json.error }).toEqual({ path, status: 403, error: expect.stringMatching(/^förvaltare får inte registrera .*; det får administratör och registrator \(för den egna parten\)$/) });
    }
    const events = (await stack.api('GET', `/api/v1/cases/${slug(ASKED.dnr)}/events`, undefined, 'administrator')).json as unknown as { actor: string }[];
    expect(events.map((e) => e.actor)).not.toContain('manager');
  });

  test('arende decide --api … --token <manager> is refused with the Swedish message, exit code 1', async () => {
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [join(__dirname, '../../bin/arende.js'), 'decide', ASKED.dnr, '--party', 'krokom', '--meeting', '2026-01-10', '--paragraf', '4', '--outcome', 'bifall', '--api', stack.base, '--token', stack.tokens.manager],
        { cwd: join(__dirname, '../..'), encoding: 'utf8', env: { ...process.env, ARENDE_API_URL: '', ARENDE_API_TOKEN: '' } },
        (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
      );
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('förvaltare får inte registrera en huvudmans beslut');
  });
});

describe('/mail holds every party\'s report link: administrators only', () => {
  test('the manager is refused the list, a message and its source; the administrator reads them; only the administrator sees "E-post"', async () => {
    for (const path of ['/mail', `/mail/${MAIL_FILE_NAME}`, `/mail/${MAIL_FILE_NAME}/kalla`, `/mail/${MAIL_FILE_NAME}/bilagor/0`]) {
      expect({ path, status: (await clients.manager.request('GET', path)).status }).toEqual({ path, status: 403 });
      expect({ path, status: (await clients.administrator.request('GET', path)).status }).toEqual({ path, status: 200 });
    }
    expect((await clients.manager.request('GET', '/')).text).not.toContain('href="/mail"');
    expect((await clients.administrator.request('GET', '/')).text).toContain('href="/mail"');
  });
});

describe('signing out', () => {
  test('a cookie saved before POST /logga-ut opens no page afterwards', async () => {
    const admin = await webClient(stack.base, stack.tokens.administrator);
    const saved = admin.cookie;
    expect((await admin.request('GET', '/')).status).toBe(200);
    const out = await admin.request('POST', '/logga-ut', { form: { _csrf: admin.csrf } });
    expect(out.status).toBe(303);
    for (const path of ['/', `/arende/${slug(ASKED.dnr)}`, '/registrera', '/mail']) {
      const again = await admin.request('GET', path, { cookie: saved });
      expect({ path, status: again.status, location: again.location }).toEqual({ path, status: 303, location: `/logga-in?next=${encodeURIComponent(path)}` });
    }
    // Signed out, the form cannot be posted either.
    const posted = await admin.request('POST', '/registrera', { cookie: saved, form: { _csrf: admin.csrf } });
    expect(posted.location).toBe('/logga-in?next=%2F');
  });

  test('a session does not outlive the server that opened it: a restarted server (same secrets) refuses the cookie', async () => {
    const manager = await webClient(stack.base, stack.tokens.manager);
    expect((await manager.request('GET', '/part')).status).toBe(200);
    const restarted = await buildServer({
      connection: stack.env.connection,
      target: { address: '127.0.0.1', namespace: TEST_NAMESPACE, taskQueue: 'e2e', tls: false },
      api: {
        cases: stack.gateway,
        access: new AccessControl(parseApiTokens(`manager=${stack.tokens.manager}`)),
        linkSecret: WEB_LINK_SECRET,
      },
    });
    await restarted.listen({ host: '127.0.0.1', port: 0 });
    try {
      const base = `http://127.0.0.1:${(restarted.server.address() as AddressInfo).port}`;
      const response = await fetch(`${base}/part`, { headers: { cookie: manager.cookie }, redirect: 'manual' });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/logga-in?next=%2Fpart');
    } finally {
      await restarted.close();
    }
  });
});

describe('no existence oracle for a registrator', () => {
  const MISSING = 'RS/999/2026';
  const normalise = (text: string, dnr: string) => text.split(dnr).join('<dnr>').split(slug(dnr)).join('<dnr>').replace(/name="_csrf" value="[^"]+"/g, '');

  test('API: a case that does not ask its party answers exactly as a case that does not exist', async () => {
    for (const [method, suffix, body] of [
      ['GET', '', undefined],
      ['GET', '/events', undefined],
      ['POST', '/beslut', KROKOM_EVENTS['decision.record']],
      ['POST', '/justering', KROKOM_EVENTS['justering.record']],
    ] as const) {
      const other = await clients.krokom.request(method, `/api/v1/cases/${slug(OTHER.dnr)}${suffix}`, { cookie: '', headers: { authorization: `Bearer ${stack.tokens.krokom}` }, ...(body ? { json: body } : {}) });
      const missing = await clients.krokom.request(method, `/api/v1/cases/${slug(MISSING)}${suffix}`, { cookie: '', headers: { authorization: `Bearer ${stack.tokens.krokom}` }, ...(body ? { json: body } : {}) });
      expect({ suffix, status: other.status, body: normalise(other.text, OTHER.dnr) }).toEqual({ suffix, status: 404, body: normalise(missing.text, MISSING) });
    }
    // Its own case it reads.
    expect((await stack.api('GET', `/api/v1/cases/${slug(ASKED.dnr)}`, undefined, 'krokom')).status).toBe(200);
  });

  test('web: the case page of a case that does not ask its party is the page of a case that does not exist; its own case opens', async () => {
    const other = await clients.krokom.request('GET', `/arende/${slug(OTHER.dnr)}`);
    const missing = await clients.krokom.request('GET', `/arende/${slug(MISSING)}`);
    expect({ status: other.status, body: normalise(other.text, OTHER.dnr) }).toEqual({ status: 404, body: normalise(missing.text, MISSING) });
    const own = await clients.krokom.request('GET', `/arende/${slug(ASKED.dnr)}`);
    expect(own.status).toBe(200);
    expect(own.text).toContain(ASKED.title);
  });

  test('closing the track of a party the case does not ask says the party has no track, not that the case does not exist', async () => {
    const { status, json } = await stack.api('POST', `/api/v1/cases/${slug(ASKED.dnr)}/tracks/ostersund/close`, { reason: 'Avstår' }, 'administrator');
    expect(status).toBe(404);
    expect(json.error).toBe(`Östersunds kommun har inget beslutsspår i ärendet ${ASKED.dnr}`);
    const missing = await stack.api('POST', `/api/v1/cases/${slug(MISSING)}/tracks/ostersund/close`, { reason: 'Avstår' }, 'administrator');
    expect(missing.json.error).toBe(`ärendet ${MISSING} finns inte`);
  });
});

describe('the actor of a registration', () => {
  test('a case registered through the form is logged with the signed-in administrator, not "system"', async () => {
    const admin = clients.administrator;
    const r = rs62.registration;
    const response = await admin.request('POST', '/registrera', {
      form: {
        _csrf: admin.csrf,
        dnr: 'RS/903/2026',
        title: 'Registrerat i formuläret',
        'handlaggare.name': r.handlaggare.name,
        'tjansteskrivelse.date': r.tjansteskrivelse.date,
        'tjansteskrivelse.author': r.tjansteskrivelse.author,
        'tjansteskrivelse.summary': r.tjansteskrivelse.summary,
        'tjansteskrivelse.forslagTillBeslut': r.tjansteskrivelse.forslagTillBeslut.join('\n'),
        rsrMeetingDate: r.rsrMeetingDate,
        'recommendation.huvudman': ['region-jh', 'krokom'],
        'recommendation.points': r.recommendation.points.join('\n'),
        'recommendation.senast': r.recommendation.senast,
      },
    });
    expect({ status: response.status, location: response.location }).toEqual({ status: 303, location: '/arende/RS-903-2026' });
    const events = (await stack.api('GET', '/api/v1/cases/RS-903-2026/events', undefined, 'administrator')).json as unknown as { type: string; actor: string }[];
    expect(events[0]).toMatchObject({ type: 'registered', actor: 'administrator' });
  });

  test('so is one registered through the API', async () => {
    const events = (await stack.api('GET', `/api/v1/cases/${slug(ASKED.dnr)}/events`, undefined, 'administrator')).json as unknown as { type: string; actor: string }[];
    expect(events[0]).toMatchObject({ type: 'registered', actor: 'administrator' });
  });
});

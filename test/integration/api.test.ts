// The HTTP API over real HTTP, on a real Temporal dev server with the real case workflows: every
// role, every error path, and every response checked against the OpenAPI document the server serves.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { buildServer } from '../../client/http/server';
import type { FullCaseStatus } from '../../client/cases';
import { caseBody } from '../../client/web/case-page';
import { AccessControl, parseApiTokens } from '../../client/api/access';
import { TemporalCaseGateway } from '../../client/api/temporal-gateway';
import { createReportToken } from '../../lib/report-links';
import type { Dnr } from '../../domain/dnr';
import { TEST_NAMESPACE, eventually } from '../helpers/temporal';
import { todayInStockholm } from '../helpers/dates';
import { daysBetween, type IsoDate } from '../../domain/dates';
import { demoCase, recordingDelivery, registrationFrom, registry, startCaseStack, type CaseStack, readModelDifferences } from '../workflow/support';
import { STACK_START_TIMEOUT_MS, STACK_STOP_TIMEOUT_MS } from '../helpers/teardown';

const TOKENS = {
  administrator: 'admin-token-for-api-tests',
  manager: 'manager-token-for-api-tests',
  krokom: 'krokom-registrator-token-123',
  hsn: 'hsn-registrator-token-12345',
};
const TASK_QUEUE = 'api-test';
const LINK_SECRET = 'link-secret-for-the-api-tests-0123456789';
const rs62 = demoCase('RS-62-2026.json');
const [rsrDecided, justering, anslag] = rs62.events;

let stack: CaseStack;
let app: FastifyInstance;
let base: string;
let openapi: { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>; components?: { schemas?: Record<string, unknown> } };
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);

/** The OpenAPI path template that matches a concrete path, e.g. /api/v1/cases/{dnr}. */
function operationFor(method: string, path: string) {
  for (const [template, operations] of Object.entries(openapi.paths)) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    if (pattern.test(path)) return operations[method.toLowerCase()];
  }
  return undefined;
}

async function call(method: string, path: string, token?: keyof typeof TOKENS, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${TOKENS[token]}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown> & { error?: string; details?: { path: string; message: string }[] };
  // Every answer is one the served OpenAPI document describes, with a body that fits its schema.
  const operation = operationFor(method, path.split('?')[0]!);
  expect({ method, path, documented: operation !== undefined }).toEqual({ method, path, documented: true });
  const documented = operation!.responses[String(response.status)];
  expect({ method, path, status: response.status, documented: documented !== undefined }).toEqual({ method, path, status: response.status, documented: true });
  const schema = documented!.content?.['application/json']?.schema;
  if (schema) {
    // $refs point into the document's components, registered with ajv as `openapi`.
    const validateBody = ajv.compile(JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"openapi#/components/')));
    const ok = validateBody(json);
    expect({ method, path, errors: ok ? null : validateBody.errors }).toEqual({ method, path, errors: null });
  }
  return { status: response.status, json };
}

beforeAll(async () => {
  stack = await startCaseStack(TASK_QUEUE, recordingDelivery().activities);
  const { env, client } = stack;
  const tokens = `administrator=${TOKENS.administrator},manager=${TOKENS.manager},registrator/krokom=${TOKENS.krokom},registrator/hsn=${TOKENS.hsn}`;
  app = await buildServer({
    connection: env.connection,
    target: { address: '', namespace: TEST_NAMESPACE, taskQueue: TASK_QUEUE, tls: false },
    readModel: stack.readModel,
    api: { cases: new TemporalCaseGateway(client, registry, TASK_QUEUE, stack.readModel), access: new AccessControl(parseApiTokens(tokens)), linkSecret: LINK_SECRET },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  openapi = (await (await fetch(`${base}/api/openapi.json`)).json()) as typeof openapi;
  ajv.addSchema({ $id: 'openapi', components: openapi.components }, 'openapi');
}, STACK_START_TIMEOUT_MS);

afterAll(async () => {
  await app?.close();
  await stack?.stop();
}, STACK_STOP_TIMEOUT_MS);

describe('the API document', () => {
  test('OpenAPI 3 is served without a token and lists every endpoint; the docs page is browsable', async () => {
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(['/api/v1/cases', '/api/v1/cases/{dnr}', '/api/v1/cases/{dnr}/events', '/api/v1/cases/{dnr}/beslut', '/api/v1/outstanding', '/api/v1/cases/{dnr}/export']),
    );
    const docs = await fetch(`${base}/api/docs/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('<html');
  });
});

describe('access', () => {
  test('no token: 401 with a message saying how to sign in', async () => {
    const { status, json } = await call('GET', '/api/v1/cases');
    expect(status).toBe(401);
    expect(json.error).toMatch(/Authorization: Bearer/);
  });

  test('an unknown token: 401', async () => {
    const response = await fetch(`${base}/api/v1/cases`, { headers: { authorization: 'Bearer not-a-real-token-at-all' } });
    expect(response.status).toBe(401);
  });

  test('a manager reads but cannot register: 403 naming the roles allowed', async () => {
    expect((await call('GET', '/api/v1/cases', 'manager')).status).toBe(200);
    const { status, json } = await call('POST', '/api/v1/cases', 'manager', rs62.registration);
    expect(status).toBe(403);
    expect(json.error).toMatch(/^förvaltare får inte registrera ett ärende; det får administratör/);
  });
});

describe('a case through the API', () => {
  test('registering is idempotent: 201 the first time, 200 with a clear message the second', async () => {
    const first = await call('POST', '/api/v1/cases', 'administrator', rs62.registration);
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ dnr: 'RS/62/2026', created: true });
    const again = await call('POST', '/api/v1/cases', 'administrator', rs62.registration);
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ created: false });
    expect(again.json.message).toMatch(/finns redan.*inget nytt ärende/);
  });

  test('bad input is a 400 naming each field and rule, never a 500, and creates nothing', async () => {
    const bad = { ...rs62.registration, dnr: 'RS-62', rsrMeetingDate: '2026-02-30' };
    const { status, json } = await call('POST', '/api/v1/cases', 'administrator', bad);
    expect(status).toBe(400);
    const paths = json.details!.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.dnr', 'body.rsrMeetingDate']));
    expect(json.details!.find((d) => d.path === 'body.rsrMeetingDate')!.message).toMatch(/RSR-sammanträde: .*2026-02-30/);
    expect((await call('GET', '/api/v1/cases/RS-62', 'administrator')).status).toBe(400);

    const malformed = await fetch(`${base}/api/v1/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKENS.administrator}`, 'content-type': 'application/json' },
      body: '{"dnr": ',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ error: expect.stringMatching(/^innehållet är inte giltig JSON/), details: [{ path: 'body', message: 'skicka ett JSON-objekt' }] });
  });

  test('the RSR decision, justering and anslag are recorded; the status shows the tracks', async () => {
    expect((await call('POST', '/api/v1/cases/RS-62-2026/rsr-beslut', 'administrator', rsrDecided)).status).toBe(200);
    // The specific endpoints take the event without its type.
    const { type: _type, ...justeringBody } = justering as { type: string };
    expect((await call('POST', '/api/v1/cases/RS-62-2026/justering', 'administrator', justeringBody)).status).toBe(200);
    const posted = await call('POST', '/api/v1/cases/RS-62-2026/anslag', 'administrator', anslag);
    expect(posted.status).toBe(200);

    const status = await eventually(async () => {
      const { json } = await call('GET', '/api/v1/cases/RS-62-2026', 'manager');
      return (json.tracks as unknown[]).length === 9 ? json : undefined;
    });
    expect(status.stage).toBe('anslag');
    expect(status.open).toHaveLength(9);
  });

  test("a registrator reports its own party's decision, and only that", async () => {
    const decision = {
      party: 'krokom',
      organ: 'Kommunstyrelsen',
      meetingDate: '2026-03-10',
      paragraf: 41,
      outcome: 'bifall',
    };
    const forBerg = await call('POST', '/api/v1/cases/RS-62-2026/beslut', 'krokom', { ...decision, party: 'berg' });
    expect(forBerg.status).toBe(403);
    expect(forBerg.json.error).toMatch(/krokom/);
    const own = await call('POST', '/api/v1/cases/RS-62-2026/beslut', 'krokom', decision);
    expect(own.status).toBe(200);
    expect(own.json.message).toEqual(expect.any(String));
    // The same report again is the same update: accepted once, answered again.
    expect((await call('POST', '/api/v1/cases/RS-62-2026/beslut', 'krokom', decision)).status).toBe(200);
    // A registrator of a party the case does not ask cannot read it: to it, there is no such case.
    expect((await call('GET', '/api/v1/cases/RS-62-2026', 'hsn')).status).toBe(404);
    expect((await call('GET', '/api/v1/cases/RS-62-2026', 'krokom')).status).toBe(200);
  });

  test("regionstyrelsen's decision with its own Expedieras till: an unknown party is a 400 naming the line; the case shows the recipients", async () => {
    const decision = {
      party: 'region-jh', organ: 'Regionstyrelsen', meetingDate: '2026-03-25', paragraf: 31, outcome: 'bifall',
      justering: { justerare: ['Robin Exempel'], date: '2026-03-30' },
    };
    const unknown = await call('POST', '/api/v1/cases/RS-62-2026/beslut', 'administrator', {
      ...decision, expedierasTill: [{ organisation: 'Länsstyrelsen Jämtlands län', party: 'lansstyrelsen-z' }, { organisation: 'Okänd nämnd', party: 'okand-namnd' }],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.details).toEqual([{ path: 'body.expedierasTill.1', message: 'Expedieras till 2: parten "okand-namnd" finns inte i partregistret' }]);
    const recorded = await call('POST', '/api/v1/cases/RS-62-2026/beslut', 'administrator', { ...decision, expedierasTill: [{ role: 'Beredskapschef', organisation: 'Region Jämtland Härjedalen', party: 'region-jh' }, { organisation: 'Länsstyrelsen Jämtlands län', party: 'lansstyrelsen-z' }] });
    expect(recorded.status).toBe(200);
    const region = await eventually(async () => {
      const { json } = await call('GET', '/api/v1/cases/RS-62-2026', 'manager');
      const track = (json.trackStatus as { party: string; decisions: { expedierasTill?: string[] }[]; deliveries: { kind: string; recipient: { label: string } }[] }[]).find((t) => t.party === 'region-jh')!;
      return track.deliveries.filter((d) => d.kind === 'protokollsutdrag-huvudman').length === 2 ? track : undefined;
    });
    expect(region.decisions[0]!.expedierasTill).toEqual(['Beredskapschef, Region Jämtland Härjedalen', 'Länsstyrelsen Jämtlands län']);
    // Sent in parallel: recorded in the order they completed.
    expect(region.deliveries.filter((d) => d.kind === 'protokollsutdrag-huvudman').map((d) => d.recipient.label).sort()).toEqual(['Beredskapschef, Region Jämtland Härjedalen', 'Länsstyrelsen Jämtlands län']);
    // The case page shows them with the decision.
    const { json: status } = await call('GET', '/api/v1/cases/RS-62-2026', 'manager');
    const page = caseBody({ status: status as unknown as FullCaseStatus, events: [], today: todayInStockholm(), admin: false, slug: 'RS-62-2026' }).toString();
    expect(page).toContain('Expedieras till: Beredskapschef, Region Jämtland Härjedalen, Länsstyrelsen Jämtlands län');
  });

  test('a decision the case cannot take is a 409 naming the rule, and changes nothing', async () => {
    const later = registrationFrom(rs62.registration, { dnr: 'RS/900/2026' });
    expect((await call('POST', '/api/v1/cases', 'administrator', later)).status).toBe(201);
    const before = await call('GET', '/api/v1/cases/RS-900-2026/events', 'administrator');
    const { status, json } = await call('POST', '/api/v1/cases/RS-900-2026/beslut', 'administrator', {
      party: 'krokom',
      organ: 'Kommunstyrelsen',
      meetingDate: '2026-03-10',
      paragraf: 41,
      outcome: 'bifall',
    });
    expect(status).toBe(409);
    expect(json.error).toMatch(/huvudman-decided/);
    // A beredning without its outcome, and an appeal against a decision never announced.
    const beredning = await call('POST', '/api/v1/cases/RS-900-2026/beredning', 'administrator', { organ: 'SVOM', meetingDate: '2026-01-10' });
    expect(beredning.status).toBe(400);
    expect(beredning.json.details!.map((d) => d.path)).toEqual(['body.outcome']);
    const appeal = await call('POST', '/api/v1/cases/RS-900-2026/overklagande', 'administrator', { filedOn: '2026-02-10' });
    expect(appeal.status).toBe(409);
    expect(appeal.json.error).toMatch(/appeal-filed/);
    const after = await call('GET', '/api/v1/cases/RS-900-2026/events', 'administrator');
    expect(after.json).toEqual(before.json);
    // A beredning that fits is recorded.
    const recorded = await call('POST', '/api/v1/cases/RS-900-2026/beredning', 'administrator', { organ: 'SVOM', meetingDate: '2026-01-20', outcome: 'tillstyrkt' });
    expect(recorded.status).toBe(200);
    const log = await call('GET', '/api/v1/cases/RS-900-2026/events', 'administrator');
    expect((log.json as unknown as { type: string }[]).map((e) => e.type)).toContain('beredning-recorded');
  });

  test("the signed link of Bräcke's request e-mail shows what to decide and takes Bräcke's decision, only", async () => {
    const token = createReportToken({ dnr: 'RS/62/2026' as Dnr, party: 'bracke' as never, expiresAt: '2099-12-31' as never }, LINK_SECRET);
    const shown = await call('GET', `/api/v1/rapport/${token}`);
    expect(shown.status).toBe(200);
    expect(shown.json).toMatchObject({ dnr: 'RS/62/2026', party: 'bracke', senast: '2026-04-30' });
    expect(shown.json.points).toHaveLength(3);

    const decision = { organ: 'Kommunstyrelsen', meetingDate: '2026-03-17', paragraf: 12, outcome: 'bifall' };
    expect((await call('POST', `/api/v1/rapport/${token}`, undefined, { ...decision, party: 'berg' })).status).toBe(403);
    const reported = await call('POST', `/api/v1/rapport/${token}`, undefined, decision);
    expect(reported.status).toBe(200);
    const events = await call('GET', '/api/v1/cases/RS-62-2026/events', 'manager');
    expect((events.json as unknown as { actor: string }[]).map((e) => e.actor)).toContain('rapportlänk/bracke');

    const tampered = `${token.slice(0, -2)}xx`;
    const refused = await call('GET', `/api/v1/rapport/${tampered}`);
    expect(refused.status).toBe(403);
    expect(refused.json.error).toMatch(/länken är inte giltig/);
    const expired = createReportToken({ dnr: 'RS/62/2026' as Dnr, party: 'bracke' as never, expiresAt: '2026-01-01' as never }, LINK_SECRET);
    expect((await call('GET', `/api/v1/rapport/${expired}`)).json.error).toMatch(/gått ut/);
  });

  test('an unknown case is a 404', async () => {
    const { status, json } = await call('GET', '/api/v1/cases/XX-1-2026', 'manager');
    expect(status).toBe(404);
    expect(json.error).toMatch(/XX\/1\/2026 finns inte/);
  });

  test('an address that does not exist: JSON under /api/, a page with a way on elsewhere', async () => {
    const api = await fetch(`${base}/api/v1/arenden`, { headers: { authorization: `Bearer ${TOKENS.manager}` } });
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await api.json()).toEqual({ error: 'ingen sådan adress: GET /api/v1/arenden', details: [] });
    const page = await fetch(`${base}/arende/RS-62-2026/<oklart>`);
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const text = await page.text();
    expect(text).toContain('<h1>Finns inte</h1>');
    expect(text).toContain('href="/"');
    expect(text).toContain('<code>/arende/RS-62-2026/%3Coklart%3E</code>'); // the address as asked, escaped
  });

  test('lists come from the read model: cases waiting for a party, and the outstanding decisions', async () => {
    const waiting = await eventually(async () => {
      const { json } = await call('GET', '/api/v1/cases?party=berg', 'manager');
      const items = json.items as { dnr: string }[];
      return items.some((c) => c.dnr === 'RS/62/2026') ? items : undefined;
    });
    expect(waiting.map((c) => c.dnr)).toContain('RS/62/2026');
    // Krokom has decided: its track is still open (justering, anslag, laga kraft to come) but no
    // longer overdue, while Berg, past the deadline of 2026-04-30 without a decision, is.
    const krokom = await eventually(async () => {
      const { json } = await call('GET', '/api/v1/outstanding?party=krokom', 'manager');
      const items = json.items as { state: string; overdue: boolean }[];
      return items[0]?.state === 'decided' ? items : undefined;
    });
    expect(krokom[0]).toMatchObject({ party: 'krokom', partyName: 'Krokoms kommun', state: 'decided', detail: 'decided', overdue: false });
    // Decided, the track waits for its justering: no date of its own.
    expect(krokom[0]).not.toHaveProperty('nextDeadline');
    expect(krokom[0]).not.toHaveProperty('daysLeft');
    const overdue = await call('GET', '/api/v1/outstanding?overdue=true', 'manager');
    const overdueParties = (overdue.json.items as { party: string }[]).map((i) => i.party);
    expect(overdueParties).toContain('berg');
    expect(overdueParties).not.toContain('krokom');

    const outstanding = await eventually(async () => {
      const { json } = await call('GET', '/api/v1/outstanding?party=berg', 'manager');
      const items = json.items as { dnr: string; party: string; overdue: boolean; daysLeft?: number }[];
      return items.length > 0 ? items : undefined;
    });
    // What a manager reads: Bergs kommun, overdue since its last day 2026-04-30, so many days late.
    expect(outstanding[0]).toEqual({
      dnr: 'RS/62/2026',
      party: 'berg',
      partyName: 'Bergs kommun',
      state: 'overdue',
      detail: 'overdue',
      nextDeadline: '2026-04-30',
      daysLeft: daysBetween(todayInStockholm(), '2026-04-30' as IsoDate),
      overdue: true,
    });
    expect(outstanding[0]!.daysLeft).toBeLessThan(0);
    // Every overdue row carries its passed last day.
    expect((overdue.json.items as { nextDeadline?: string; daysLeft?: number }[]).every((i) => i.nextDeadline === '2026-04-30' && i.daysLeft! < 0)).toBe(true);
    // A registrator's outstanding list is its own party's.
    const own = await call('GET', '/api/v1/outstanding?party=berg', 'krokom');
    expect((own.json.items as { party: string }[]).every((i) => i.party === 'krokom')).toBe(true);
  });

  test('an administrator closes a track with a reason; an unknown delivery cannot be retried', async () => {
    const closed = await call('POST', '/api/v1/cases/RS-62-2026/tracks/ragunda/close', 'administrator', { reason: 'Beslutat utanför systemet' });
    expect(closed.status).toBe(200);
    const noReason = await call('POST', '/api/v1/cases/RS-62-2026/tracks/ragunda/close', 'administrator', { reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.json.details![0]!.path).toBe('body.reason');
    const retry = await call('POST', '/api/v1/cases/RS-62-2026/deliveries/retry', 'administrator', { key: 'no-such-delivery' });
    expect(retry.status).toBe(409);
  });

  test('the event log and the archive export', async () => {
    const events = await call('GET', '/api/v1/cases/RS-62-2026/events', 'manager');
    const texts = (events.json as unknown as { actor: string; type: string }[]).map((e) => `${e.actor} ${e.type}`);
    expect(texts).toContainEqual(expect.stringContaining('registrator/krokom'));
    const exported = await call('GET', '/api/v1/cases/RS-62-2026/export', 'manager');
    expect(exported.status).toBe(200);
    const histories = exported.json.histories as { workflowId: string }[];
    expect(histories.map((h) => h.workflowId)).toContain('arende:RS-62-2026');
    expect(histories.length).toBe(10);
    expect((await call('GET', '/api/v1/cases/RS-62-2026/export', 'krokom')).status).toBe(403);
  });

  test('withdrawal ends the case', async () => {
    const { status } = await call('POST', '/api/v1/cases/RS-900-2026/aterkallelse', 'administrator', {
      date: '2026-02-10',
      reason: 'Ärendet har ersatts',
    });
    expect(status).toBe(200);
    const state = await eventually(async () => {
      const { json } = await call('GET', '/api/v1/cases?q=RS/900/2026&includeClosed=true', 'manager');
      const item = (json.items as { stage: string }[])[0];
      return item?.stage === 'withdrawn' ? item : undefined;
    });
    expect(state.stage).toBe('withdrawn');
  });
});

// Last: what the workflows projected is what they say (`arende reindex --check`: 0 differences).
test('the read model agrees with every workflow these tests drove', async () => {
  expect(await readModelDifferences(stack)).toEqual([]);
});

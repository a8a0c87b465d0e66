// Late events and corrections over real HTTP, on a dev server with the real workflows
// (docs/late-events.md): a case that has completed (its huvudman's decision laga kraft) still takes
// a timely appeal (the track turns överklagad, the case's log keeps both runs); an appeal after the
// last appeal day is 400 naming `filedOn`; a correction (POST /rattelse) is administrators' only,
// marks the corrected entry and names it; a correction field that does not fit is 400 naming it.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../client/http/server';
import { AccessControl, parseApiTokens } from '../../client/api/access';
import { TemporalCaseGateway } from '../../client/api/temporal-gateway';
import { lastAppealDay } from '../../domain/calendar';
import { addDays } from '../../domain/dates';
import { workflowIdForDnr, type Dnr } from '../../domain/dnr';
import type { LogEntry } from '../../domain/rules';
import type { TrackStatus } from '../../domain/track-rules';
import { TEST_NAMESPACE, eventually } from '../helpers/temporal';
import { daysFromToday } from '../helpers/dates';
import { demoCase, event, recordingDelivery, registrationFrom, registry, send, startCaseStack, type CaseStack, readModelDifferences } from '../workflow/support';
import { STACK_START_TIMEOUT_MS, STACK_STOP_TIMEOUT_MS } from '../helpers/teardown';

const TOKENS = { administrator: 'admin-token-for-late-event-tests', manager: 'manager-token-for-late-event-tests' };
const TASK_QUEUE = 'late-events-api';
const base = demoCase('RS-62-2026.json').registration;
const delivery = recordingDelivery();

let stack: CaseStack;
let app: FastifyInstance;
let url: string;

async function call(method: string, path: string, token: keyof typeof TOKENS, body?: unknown) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKENS[token]}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> & { error?: string; details?: { path: string; message: string }[] } };
}

beforeAll(async () => {
  stack = await startCaseStack(TASK_QUEUE, delivery.activities);
  const tokens = `administrator=${TOKENS.administrator},manager=${TOKENS.manager}`;
  app = await buildServer({
    connection: stack.env.connection,
    target: { address: '', namespace: TEST_NAMESPACE, taskQueue: TASK_QUEUE, tls: false },
    api: { cases: new TemporalCaseGateway(stack.client, registry, TASK_QUEUE, stack.readModel), access: new AccessControl(parseApiTokens(tokens)), linkSecret: 'link-secret-for-late-event-tests-0123456789' },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}, STACK_START_TIMEOUT_MS);

afterAll(async () => {
  await app?.close();
  await stack?.stop();
}, STACK_STOP_TIMEOUT_MS);

test('a completed case takes a timely appeal and a correction over HTTP; a late appeal and a misfit correction are 400 naming the field; managers may not correct', async () => {
  const { client } = stack;
  // Everything weeks ago: RSR's period and Krokom's have both passed, so the case completes at once.
  const registration = registrationFrom(base, {
    dnr: 'RS/920/2026',
    tjansteskrivelse: { ...base.tjansteskrivelse, date: daysFromToday(-90) },
    beredning: [],
    rsrMeetingDate: daysFromToday(-60),
    recommendation: { ...base.recommendation, huvudman: ['krokom'] as never, senast: daysFromToday(60), reminders: [3] },
  });
  const dnr = registration.dnr as Dnr;
  const slug = 'RS-920-2026';
  expect((await call('POST', '/api/v1/cases', 'administrator', registration)).status).toBe(201);
  await send(client, dnr, event({ type: 'rsr-decided', meetingDate: daysFromToday(-60), paragraf: 9, beslut: ['Rekommenderar.'] }));
  await send(client, dnr, event({ type: 'justering-recorded', justerare: ['A'], date: daysFromToday(-58) }));
  await send(client, dnr, event({ type: 'anslag-posted', posted: daysFromToday(-57) }));
  const posted = daysFromToday(-48);
  await eventually(async () => ((await stack.client.workflow.getHandle(`${workflowIdForDnr(dnr)}:krokom`).describe().catch(() => undefined)) ? true : undefined));
  await send(client, dnr, event({
    type: 'huvudman-decided', party: 'krokom', organ: 'Kommunstyrelsen', meetingDate: daysFromToday(-50), paragraf: 12, outcome: 'bifall',
    justering: { justerare: ['B'], date: daysFromToday(-49) }, anslag: { posted },
  }));
  const completed = await client.workflow.getHandle(workflowIdForDnr(dnr)).result();
  expect(completed.tracks[0]).toMatchObject({ party: 'krokom', state: 'laga-kraft' });

  const last = lastAppealDay(posted);
  // After the last appeal day: refused, 400, naming filedOn, and nothing changes.
  const late = await call('POST', `/api/v1/cases/${slug}/overklagande`, 'administrator', { party: 'krokom', filedOn: addDays(last, 1) });
  expect(late.status).toBe(400);
  expect(late.json.details).toEqual([{ path: 'body.filedOn', message: expect.stringContaining(`efter sista dag ${last} (kommunallagen 13 kap. 5 §)`) }]);
  expect((await call('GET', `/api/v1/cases/${slug}`, 'manager')).json.stage).toBe('completed');

  // On the last appeal day: accepted after laga kraft; the track is överklagad.
  const appeal = await call('POST', `/api/v1/cases/${slug}/overklagande`, 'administrator', { party: 'krokom', filedOn: last, appellant: 'Kommunmedlem' });
  expect(appeal.status).toBe(200);
  expect(appeal.json).toMatchObject({ stage: 'appealed' });
  const status = await eventually(async () => {
    const s = await call('GET', `/api/v1/cases/${slug}`, 'manager');
    return s.json.stage === 'completed' && (s.json.trackStatus as TrackStatus[])[0]!.state === 'appealed' ? s.json : undefined;
  });
  expect((status.trackStatus as TrackStatus[])[0]!.appeal).toMatchObject({ filedOn: last, appellant: 'Kommunmedlem' });

  // The log holds both runs: laga kraft, then the appeal.
  let events = (await call('GET', `/api/v1/cases/${slug}/events`, 'manager')).json as unknown as LogEntry[];
  const types = events.map((e) => e.type);
  expect(types.indexOf('laga-kraft')).toBeGreaterThan(-1);
  expect(types.lastIndexOf('appeal-filed')).toBeGreaterThan(types.indexOf('laga-kraft'));

  // Corrections: administrators only.
  const correction = { party: 'krokom', target: 'appeal', changes: { court: 'Förvaltningsrätten i Härnösand' }, reason: 'Domstolen angavs inte' };
  const byManager = await call('POST', `/api/v1/cases/${slug}/rattelse`, 'manager', correction);
  expect(byManager.status).toBe(403);
  const misfit = await call('POST', `/api/v1/cases/${slug}/rattelse`, 'administrator', { ...correction, target: 'anslag', changes: { filedOn: last } });
  expect(misfit.status).toBe(400);
  expect(misfit.json.details?.map((d) => d.path)).toEqual(['body.changes.filedOn']);

  const corrected = await call('POST', `/api/v1/cases/${slug}/rattelse`, 'administrator', correction);
  expect(corrected.status).toBe(200);
  expect(corrected.json.message).toContain('domstol – → Förvaltningsrätten i Härnösand; skäl: Domstolen angavs inte');
  events = await eventually(async () => {
    const e = (await call('GET', `/api/v1/cases/${slug}/events`, 'manager')).json as unknown as LogEntry[];
    return e.some((x) => x.type === 'correction-recorded') ? e : undefined;
  });
  const fix = events.find((e) => e.type === 'correction-recorded')!;
  const original = events.find((e) => e.seq === fix.corrects)!;
  expect(original).toMatchObject({ type: 'appeal-filed', correctedBy: [fix.seq] });
  expect(fix.actor).toBe('administrator');
  const told = delivery.sent.filter((x) => x.notification.dnr === dnr && x.notification.kind === 'rattelse');
  expect(told.map((x) => x.notification.recipient.email).sort()).toEqual([registry.organisation.managerEmail, registry.getOrThrow('krokom').registrator].sort());
});

// Last: what the workflows projected is what they say (`arende reindex --check`: 0 differences).
test('the read model agrees with every workflow these tests drove', async () => {
  expect(await readModelDifferences(stack)).toEqual([]);
});

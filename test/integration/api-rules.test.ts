// Statutory rules applied, over real HTTP on a real Temporal dev server with the real case workflows
// (issue 12, points 5, 8, 9, 10): impossible facts and unknown parties are a 400 naming the field,
// never a 500 and never silently accepted; "Expedieras till" by the names the documents use; a
// huvudman's own diary number as free text; an anslag after KL 8:12's last day recorded and flagged
// in the status and the timeline. Dates are relative to today (the dev server's clock is real).
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../client/http/server';
import { AccessControl, parseApiTokens } from '../../client/api/access';
import { TemporalCaseGateway } from '../../client/api/temporal-gateway';
import { latestAnnouncementDate } from '../../domain/calendar';
import { TEST_NAMESPACE, eventually } from '../helpers/temporal';
import { daysFromToday } from '../helpers/dates';
import { addDays, type IsoDate } from '../../domain/dates';
import { demoCase, recordingDelivery, registrationFrom, startCaseStack, registry, type CaseStack, readModelDifferences } from '../workflow/support';
import { STACK_START_TIMEOUT_MS, STACK_STOP_TIMEOUT_MS } from '../helpers/teardown';

const ADMIN = 'admin-token-for-rules-tests';
const KROKOM = 'krokom-registrator-token-rules';
const TASK_QUEUE = 'api-rules-test';
const rs62 = demoCase('RS-62-2026.json');

let stack: CaseStack;
let app: FastifyInstance;
let base: string;
const delivery = recordingDelivery();

type Answer = { status: number; json: Record<string, unknown> & { error?: string; details?: { path: string; message: string }[] } };
async function call(method: string, path: string, body?: unknown, token = ADMIN): Promise<Answer> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Answer['json'] };
}

/** RS/62/2026's content under another Dnr: tjänsteskrivelse 30 days ago, RSR 10 days ago, senast in 60 days. */
function registration(dnr: string, patch: Record<string, unknown> = {}) {
  return {
    ...registrationFrom(rs62.registration, {
      dnr,
      tjansteskrivelse: { ...rs62.registration.tjansteskrivelse, date: daysFromToday(-30) },
      beredning: [],
      rsrMeetingDate: daysFromToday(-10),
      recommendation: { ...rs62.registration.recommendation, huvudman: ['krokom', 'region-jh'] as never, senast: daysFromToday(60) },
    }),
    ...patch,
  };
}

beforeAll(async () => {
  stack = await startCaseStack(TASK_QUEUE, delivery.activities);
  app = await buildServer({
    connection: stack.env.connection,
    target: { address: '', namespace: TEST_NAMESPACE, taskQueue: TASK_QUEUE, tls: false },
    api: { cases: new TemporalCaseGateway(stack.client, registry, TASK_QUEUE, stack.readModel), access: new AccessControl(parseApiTokens(`administrator=${ADMIN},registrator/krokom=${KROKOM}`)) },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}, STACK_START_TIMEOUT_MS);

afterAll(async () => {
  await app?.close();
  await stack?.stop();
}, STACK_STOP_TIMEOUT_MS);

describe('registration: unknown parties and groups are a 400 naming the field, and nothing is registered', () => {
  test('an unknown huvudman (was a 500)', async () => {
    const bad = registration('RS/950/2026');
    bad.recommendation = { ...bad.recommendation, huvudman: ['krokom', 'atlantis'] as never };
    const { status, json } = await call('POST', '/api/v1/cases', bad);
    expect(status).toBe(400);
    expect(json.details).toEqual([{ path: 'body.recommendation.huvudman.1', message: 'Rekommendation › Huvudmän 2: "atlantis" finns inte i partregistret' }]);
    expect((await call('GET', '/api/v1/cases/RS-950-2026')).status).toBe(404);
  });

  test('an unknown recommending body (was a 500)', async () => {
    const { status, json } = await call('POST', '/api/v1/cases', registration('RS/951/2026', { recommendedBy: 'atlantis-rad' }));
    expect(status).toBe(400);
    expect(json.details).toEqual([{ path: 'body.recommendedBy', message: 'Rekommenderande organ: "atlantis-rad" finns inte i partregistret' }]);
  });

  test('an unknown party, group or name in Expedieras till (was silently accepted)', async () => {
    const { status, json } = await call('POST', '/api/v1/cases', registration('RS/952/2026', {
      expedierasTill: [{ organisation: 'Länets kommuner' }, { party: 'atlantis' }, { group: 'alla-regioner' }, { organisation: 'Atlantis kommun' }],
    }));
    expect(status).toBe(400);
    expect(json.details!.map((d) => d.path)).toEqual(['body.expedierasTill.1.party', 'body.expedierasTill.2.group', 'body.expedierasTill.3']);
    expect(json.details![2]!.message).toMatch(/^Expedieras till 4: "Atlantis kommun" finns inte i partregistret som part eller grupp/);
    expect((await call('GET', '/api/v1/cases/RS-952-2026')).status).toBe(404);
  });

  test('control characters in a text field', async () => {
    const { status, json } = await call('POST', '/api/v1/cases', registration('RS/953/2026', { title: 'Totalförsvar\u001b[2J' }));
    expect(status).toBe(400);
    expect(json.details).toEqual([{ path: 'body.title', message: 'Rubrik: innehåller ett styrtecken (U+001B) på plats 13; ta bort det' }]);
  });

  test('a beredning in the future', async () => {
    const future = daysFromToday(1);
    const { status, json } = await call('POST', '/api/v1/cases', registration('RS/954/2026', {
      rsrMeetingDate: daysFromToday(5),
      beredning: [{ organ: 'SVOM', meetingDate: future, outcome: 'forslag' }],
    }));
    expect(status).toBe(400);
    expect(json.details![0]!.path).toBe('body.beredning.0.meetingDate');
  });
});

describe('Expedieras till by the names the seed protocols use', () => {
  test('"Kommunstyrelser i länets kommuner", "Regionstyrelsen Region Jämtland Härjedalen", "Länsstyrelsen Jämtlands län": registered, and the protokollsutdrag reach them', async () => {
    const { status } = await call('POST', '/api/v1/cases', registration('RS/955/2026', {
      expedierasTill: [
        { organisation: 'Regionstyrelsen Region Jämtland Härjedalen' },
        { organisation: 'Kommunstyrelser i länets kommuner' },
        { organisation: 'Länsstyrelsen Jämtlands län' },
      ],
    }));
    expect(status).toBe(201);
    expect((await call('POST', '/api/v1/cases/RS-955-2026/rsr-beslut', { meetingDate: daysFromToday(-10), paragraf: 3, beslut: ['Rekommenderar'] })).status).toBe(200);
    expect((await call('POST', '/api/v1/cases/RS-955-2026/justering', { justerare: ['Alex Exempel'], date: daysFromToday(-9) })).status).toBe(200);
    const sentTo = await eventually(async () => {
      const to = delivery.sent.filter((s) => s.notification.dnr === 'RS/955/2026' && s.notification.kind === 'protokollsutdrag').map((s) => s.notification.recipient.email);
      return to.length === 10 ? to : undefined;
    });
    expect(sentTo.sort()).toEqual(
      ['region-jh', 'berg', 'bracke', 'harjedalen', 'krokom', 'ragunda', 'stromsund', 'are', 'ostersund', 'lansstyrelsen-z'].map((id) => registry.get(id)!.registrator).sort(),
    );
  });
});

describe('impossible facts are a 400 naming the field (the workflow validator, on its own clock)', () => {
  const rsrMeeting = daysFromToday(-10);
  const justerad = daysFromToday(-9);

  beforeAll(async () => {
    expect((await call('POST', '/api/v1/cases', registration('RS/956/2026'))).status).toBe(201);
  });

  test("RSR's meeting in the future; then its justering before the meeting and in the future; its anslag before the justering", async () => {
    const tomorrow = daysFromToday(1);
    const future = await call('POST', '/api/v1/cases/RS-956-2026/rsr-beslut', { meetingDate: tomorrow, paragraf: 3, beslut: ['Rekommenderar'] });
    expect(future.status).toBe(400);
    expect(future.json.details).toEqual([{ path: 'body.meetingDate', message: expect.stringMatching(new RegExp(`^Sammanträdesdatum: sammanträdet \\(${tomorrow}\\) kan inte ligga i framtiden`)) }]);
    expect((await call('POST', '/api/v1/cases/RS-956-2026/rsr-beslut', { meetingDate: rsrMeeting, paragraf: 3, beslut: ['Rekommenderar'] })).status).toBe(200);

    const early = await call('POST', '/api/v1/cases/RS-956-2026/justering', { justerare: ['Alex'], date: addDays(rsrMeeting, -1) });
    expect(early.status).toBe(400);
    expect(early.json.details).toEqual([{ path: 'body.date', message: `Datum: justeringen (${addDays(rsrMeeting, -1)}) kan inte ske före sammanträdet ${rsrMeeting}` }]);
    expect((await call('POST', '/api/v1/cases/RS-956-2026/justering', { justerare: ['Alex'], date: tomorrow })).status).toBe(400);
    expect((await call('POST', '/api/v1/cases/RS-956-2026/justering', { justerare: ['Alex'], date: justerad })).status).toBe(200);

    const beforeJustering = await call('POST', '/api/v1/cases/RS-956-2026/anslag', { posted: rsrMeeting });
    expect(beforeJustering.status).toBe(400);
    expect(beforeJustering.json.details![0]!.path).toBe('body.posted');
    const futurePosting = await call('POST', '/api/v1/cases/RS-956-2026/anslag', { posted: tomorrow });
    expect(futurePosting.status).toBe(400);
    // Nothing of the refused requests entered the log.
    const log = (await call('GET', '/api/v1/cases/RS-956-2026/events')).json as unknown as { type: string }[];
    expect(log.filter((e) => e.type === 'anslag-posted')).toEqual([]);
  });

  test("a huvudman's meeting in the future, and its justering before its meeting, through its registrator", async () => {
    const tomorrow = daysFromToday(1);
    const decision = { party: 'krokom', organ: 'Kommunstyrelsen', meetingDate: tomorrow, paragraf: 41, outcome: 'bifall' };
    const future = await eventually(async () => {
      const answer = await call('POST', '/api/v1/cases/RS-956-2026/beslut', decision, KROKOM);
      return answer.status === 503 ? undefined : answer;
    });
    expect(future.status).toBe(400);
    expect(future.json.details![0]!.path).toBe('body.meetingDate');
    const met = daysFromToday(-3);
    // A huvudman's own diary number is free text.
    const accepted = await call('POST', '/api/v1/cases/RS-956-2026/beslut', { ...decision, meetingDate: met, dnr: 'KS 2026/412' }, KROKOM);
    expect(accepted.status).toBe(200);
    const early = await call('POST', '/api/v1/cases/RS-956-2026/justering', { party: 'krokom', justerare: ['Anna'], date: addDays(met, -1) }, KROKOM);
    expect(early.status).toBe(400);
    expect(early.json.details).toEqual([{ path: 'body.date', message: `Datum: justeringen (${addDays(met, -1)}) kan inte ske före sammanträdet ${met}` }]);
  });
});

describe('KL 8 kap. 12 §: an anslag after its last day is recorded, and flagged with the rule', () => {
  test("the RSR's own and a huvudman's: in the status (flags, with the rule) and the timeline", async () => {
    const justerad = daysFromToday(-9);
    const senast = latestAnnouncementDate(justerad);
    const posted = daysFromToday(-1);
    expect(posted > senast).toBe(true);
    expect((await call('POST', '/api/v1/cases', registration('RS/957/2026'))).status).toBe(201);
    expect((await call('POST', '/api/v1/cases/RS-957-2026/rsr-beslut', { meetingDate: daysFromToday(-10), paragraf: 3, beslut: ['Rekommenderar'] })).status).toBe(200);
    expect((await call('POST', '/api/v1/cases/RS-957-2026/justering', { justerare: ['Alex'], date: justerad })).status).toBe(200);
    const late = await call('POST', '/api/v1/cases/RS-957-2026/anslag', { posted });
    expect(late.status).toBe(200);
    expect(late.json.message).toContain(`efter sista dagen ${senast} för tillkännagivandet (kommunallagen (2017:725) 8 kap. 12 §)`);

    const decided = daysFromToday(-8);
    const krokomJusterad = daysFromToday(-7);
    const krokomSenast: IsoDate = latestAnnouncementDate(krokomJusterad);
    const decision = await eventually(async () => {
      const answer = await call('POST', '/api/v1/cases/RS-957-2026/beslut', {
        party: 'krokom', organ: 'Kommunstyrelsen', meetingDate: decided, paragraf: 41, outcome: 'bifall',
        justering: { justerare: ['Anna'], date: krokomJusterad }, anslag: { posted },
      });
      return answer.status === 503 ? undefined : answer;
    });
    expect(decision.status).toBe(200);

    const status = (await call('GET', '/api/v1/cases/RS-957-2026')).json as { flags: { code: string; rule: string; text: string }[]; trackStatus: { party: string; flags: { code: string; rule: string }[] }[] };
    expect(status.flags).toEqual([{ code: 'anslag-late', rule: 'kommunallagen (2017:725) 8 kap. 12 §', text: expect.stringContaining(`efter sista dagen ${senast}`) }]);
    expect(status.trackStatus.find((t) => t.party === 'krokom')!.flags).toEqual([{ code: 'anslag-late', rule: 'kommunallagen (2017:725) 8 kap. 12 §', text: expect.stringContaining(`efter sista dagen ${krokomSenast}`) }]);
    expect(status.trackStatus.find((t) => t.party === 'region-jh')!.flags).toEqual([]);
    const log = (await call('GET', '/api/v1/cases/RS-957-2026/events')).json as unknown as { type: string; text: string; party?: string }[];
    expect(log.filter((e) => e.text.includes('8 kap. 12 §')).map((e) => [e.type, e.party ?? 'ärendet'])).toEqual([
      ['anslag-posted', 'ärendet'],
      ['huvudman-decided', 'krokom'],
    ]);
  });
});

describe('the CLI through the API: the same 400s, the same names', () => {
  /** `arende case start <file> --api … --token …` as a user runs it. */
  function caseStart(registration: unknown): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'arende-rules-')), 'case.json');
    writeFileSync(file, JSON.stringify({ registration }));
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [path.join(__dirname, '../../bin/arende.js'), 'case', 'start', file, '--api', base, '--token', ADMIN],
        { cwd: path.join(__dirname, '../..'), encoding: 'utf8', env: { ...process.env, ARENDE_API_URL: '', ARENDE_API_TOKEN: '' } },
        (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
      );
    });
  }

  test('an unknown huvudman exits 2 naming the field (was API 500, exit 1); names from the documents are registered', async () => {
    const bad = registration('RS/958/2026');
    bad.recommendation = { ...bad.recommendation, huvudman: ['atlantis'] as never };
    const refused = await caseStart(bad);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('API 400');
    expect(refused.stderr).toContain('body.recommendation.huvudman.0: Rekommendation › Huvudmän 1: "atlantis" finns inte i partregistret');
    const named = await caseStart(registration('RS/959/2026', { expedierasTill: [{ organisation: 'Länets kommuner' }, { organisation: 'Regionens samverkansråd' }] }));
    expect({ code: named.code, stderr: named.stderr }).toEqual({ code: 0, stderr: '' });
    expect(named.stdout).toContain('RS/959/2026 är registrerat');
  });
});

// Last: what the workflows projected is what they say (`arende reindex --check`: 0 differences).
test('the read model agrees with every workflow these tests drove', async () => {
  expect(await readModelDifferences(stack)).toEqual([]);
});

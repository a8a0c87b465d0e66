// The report page in-process (Fastify inject) over a fake case gateway: the link's problems get their
// own pages, the form shows the case escaped, a bad decision comes back with the errors at the
// fields and the values kept, CSRF is required, a good one redirects to the receipt, a used link
// shows the recorded decision.
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import { CaseRefused, CaseUnavailable, type CaseGateway } from '../../../client/api/gateway';
import type { FullCaseStatus } from '../../../client/cases';
import { createReportToken } from '../../../lib/report-links';
import type { TrackStatus } from '../../../domain/track-rules';
import type { HumanEvent } from '../../../domain/events';
import { registerReportPages } from '../../../client/web/report-pages';
import { registry } from '../../workflow/support';
import { ValidationError } from '../../../domain/errors';

const SECRET = 'secret-for-the-report-page-tests-0123456789';
const token = (expiresAt = '2099-12-31', dnr = 'RS/62/2026') => createReportToken({ dnr: dnr as never, party: 'krokom' as never, expiresAt: expiresAt as never }, SECRET);

function fakeCases() {
  const track = { party: 'krokom', partyName: 'Krokoms kommun', organ: 'Kommunstyrelsen', state: 'requested', senast: '2026-04-30', decisions: [] as TrackStatus['decisions'] } as unknown as TrackStatus;
  const status = { dnr: 'RS/62/2026', title: 'Arbetsgrupp <script>alert(1)</script> & beredskap', points: ['Delta i arbetet', 'Avdela "personal"'], huvudman: ['krokom'], trackStatus: [track], rsrMeetingDate: '2026-01-26' } as unknown as FullCaseStatus;
  const recorded: { event: HumanEvent; actor: string }[] = [];
  const cases = {
    status: async () => status,
    recordEvent: async (_dnr: string, event: HumanEvent, actor: string) => {
      if (event.type === 'huvudman-decided' && event.paragraf === 503) throw new CaseUnavailable('beslutsspåret för Krokoms kommun i RS/62/2026 har inte startat än; händelsen är inte registrerad – försök igen om en stund');
      if (event.type === 'huvudman-decided' && event.expedierasTill?.some((r) => r.name === 'Okänd nämnd')) {
        throw new ValidationError([{ path: 'expedierasTill.0', field: 'Expedieras till 1', message: 'parten finns inte i partregistret' }]);
      }
      if (event.type === 'correction-recorded' && event.changes.paragraf === 31) throw new CaseRefused('correction-recorded: rättelsen ändrar inget: beslutet är redan registrerat så');
      if (event.type === 'correction-recorded' && event.changes.meetingDate === '2099-01-01') {
        throw new ValidationError([{ path: 'changes.meetingDate', field: 'sammanträdesdag', message: 'sammanträdesdag 2099-01-01 ligger i framtiden (i dag 2026-03-26); det kan inte ha hänt än' }]);
      }
      if (event.type === 'huvudman-decided' && event.meetingDate < '2026-01-26') throw new CaseRefused('huvudman-decided: sammanträdet (2026-01-01) kan inte ligga före rekommendationsbeslutet 2026-01-26');
      recorded.push({ event, actor });
      if (event.type === 'huvudman-decided') {
        track.decisions.push({ organ: event.organ, meetingDate: event.meetingDate, paragraf: event.paragraf, outcome: event.outcome, recordedAt: '2026-03-25T10:00:00Z' });
        track.state = 'decided';
      }
      return { seq: recorded.length, stage: 'justerat', message: 'ok' };
    },
  } as unknown as CaseGateway;
  return { cases, recorded, track };
}

let app: FastifyInstance;
let fake: ReturnType<typeof fakeCases>;

beforeEach(async () => {
  fake = fakeCases();
  app = Fastify({ routerOptions: { maxParamLength: 1000 } });
  await app.register(async (web) => {
    await web.register(fastifyCookie, { secret: 'cookie-secret-0123456789-0123456789' });
    await web.register(fastifyFormbody);
    await web.register(fastifyCsrf, { sessionPlugin: '@fastify/cookie', cookieOpts: { signed: true, httpOnly: true, sameSite: 'strict', path: '/' } });
    registerReportPages(web, { cases: fake.cases, linkSecret: SECRET, registry });
  });
});
afterEach(() => app.close());

/** GET the form, then POST `fields` with its CSRF token and cookie. */
async function submit(path: string, fields: Record<string, string>, formPath = path) {
  const form = await app.inject({ method: 'GET', url: formPath });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
  const cookie = form.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return app.inject({ method: 'POST', url: path, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString() });
}

test('the form: case text escaped, the points, the organ prefilled, labels tied to inputs; no cache, no referrer', async () => {
  const res = await app.inject({ method: 'GET', url: `/rapportera/${token()}` });
  expect(res.statusCode).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.headers['referrer-policy']).toBe('no-referrer');
  expect(res.body).toContain('Arbetsgrupp &lt;script&gt;alert(1)&lt;/script&gt; &amp; beredskap');
  expect(res.body).not.toContain('<script>alert(1)');
  expect(res.body).toContain('<li>Avdela &quot;personal&quot;</li>');
  expect(res.body).toMatch(/<label for="f-meetingDate">/);
  expect(res.body).toMatch(/<input id="f-organ" name="organ" type="text" value="Kommunstyrelsen"/);
  expect(res.body).toContain('<legend>Beslut <span class="required">(obligatoriskt)</span></legend>');
});

test('expired, tampered and malformed links: their own page, saying what happened and whom to contact', async () => {
  const expired = await app.inject({ method: 'GET', url: `/rapportera/${token('2020-01-31')}` });
  expect(expired.statusCode).toBe(410);
  expect(expired.body).toContain('<h1>Länken har gått ut</h1>');
  expect(expired.body).toContain('fredag 31 januari 2020');
  expect(expired.body).toContain('mailto:samordningskansliet@regionjh.example');
  const good = token();
  const tampered = await app.inject({ method: 'GET', url: `/rapportera/${good.slice(0, -3)}${good.endsWith('AAA') ? 'BBB' : 'AAA'}` });
  expect(tampered.statusCode).toBe(403);
  expect(tampered.body).toContain('<h1>Länken är inte giltig</h1>');
  const malformed = await app.inject({ method: 'GET', url: '/rapportera/inte-en-länk' });
  expect(malformed.statusCode).toBe(400);
  expect(malformed.body).toContain('<h1>Länken är ofullständig</h1>');
  expect(fake.recorded).toEqual([]);
});

test('a bad decision: 400, errors next to the fields and in a summary linking to them, values kept, nothing recorded', async () => {
  const res = await submit(`/rapportera/${token()}`, { organ: 'Kommunstyrelsen', meetingDate: '2026-02-30', paragraf: '', outcome: 'bifall' });
  expect(res.statusCode).toBe(400);
  expect(res.body).toContain('<a href="#f-meetingDate">Sammanträdesdatum: &quot;2026-02-30&quot; finns inte i kalendern (februari 2026 har 28 dagar)</a>');
  expect(res.body).toContain('<a href="#f-paragraf">Paragraf (§): saknas (obligatoriskt)</a>');
  expect(res.body).toMatch(/<p class="field-error" id="f-meetingDate-fel">/);
  expect(res.body).toMatch(/id="f-meetingDate" name="meetingDate" type="text" value="2026-02-30"[^>]*aria-describedby="f-meetingDate-hint f-meetingDate-fel"[^>]*aria-invalid="true"/);
  expect(res.body).toMatch(/id="f-outcome" name="outcome" value="bifall" checked/);
  expect(fake.recorded).toEqual([]);
});

test('a refusal by the case: 409, the rule in the summary without the event type', async () => {
  const res = await submit(`/rapportera/${token()}`, { organ: 'Kommunstyrelsen', meetingDate: '2026-01-01', paragraf: '4', outcome: 'bifall' });
  expect(res.statusCode).toBe(409);
  expect(res.body).toContain('<li>sammanträdet (2026-01-01) kan inte ligga före rekommendationsbeslutet 2026-01-26</li>');
});

test('not now (the track not started yet, Temporal slow): 503, "försök igen om en stund" in the summary, values kept, nothing recorded', async () => {
  const res = await submit(`/rapportera/${token()}`, { organ: 'Kommunstyrelsen', meetingDate: '2026-03-25', paragraf: '503', outcome: 'bifall' });
  expect(res.statusCode).toBe(503);
  expect(res.body).toContain('<li>beslutsspåret för Krokoms kommun i RS/62/2026 har inte startat än; händelsen är inte registrerad – försök igen om en stund</li>');
  expect(res.body).toMatch(/id="f-paragraf" name="paragraf" type="text" value="503"/);
  expect(fake.recorded).toEqual([]);
});

test('without the CSRF token the POST is refused and nothing is recorded', async () => {
  await expect(
    app.inject({ method: 'POST', url: `/rapportera/${token()}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'organ=KS&meetingDate=2026-03-25&paragraf=3&outcome=bifall' }),
  ).resolves.toMatchObject({ statusCode: 403 });
  expect(fake.recorded).toEqual([]);
});

test('a good decision: recorded as rapportlänk/<party>, redirect to the receipt; then the link is used', async () => {
  const t = token();
  const res = await submit(`/rapportera/${t}`, { organ: 'Kommunstyrelsen', meetingDate: '2026-03-25', paragraf: '§ 31', outcome: 'bifall', 'justering.date': '', 'justering.justerare': '', 'anslag.posted': '' });
  expect(res.statusCode).toBe(303);
  expect(res.headers.location).toBe(`/rapportera/${t}/kvitto`);
  expect(fake.recorded).toEqual([{ actor: 'rapportlänk/krokom', event: { type: 'huvudman-decided', party: 'krokom', organ: 'Kommunstyrelsen', meetingDate: '2026-03-25', paragraf: 31, outcome: 'bifall' } }]);
  const receipt = await app.inject({ method: 'GET', url: `/rapportera/${t}/kvitto` });
  expect(receipt.body).toContain('<h1>Tack, beslutet är registrerat</h1>');
  expect(receipt.body).toContain('onsdag 25 mars 2026');
  const again = await app.inject({ method: 'GET', url: `/rapportera/${t}` });
  // No second decision; the link still takes a correction of the decision it has recorded.
  expect(again.body).toContain('<h1>Beslutet är registrerat</h1>');
  expect(again.body).toContain('action="/rapportera/' + t + '/rattelse"');
  expect(again.body).toContain('§ 31');
  expect(again.body).not.toContain('name="meetingDate"');
  // The justering the e-mail promises: reported on the same link.
  expect(again.body).toContain('action="/rapportera/' + t + '/justering"');
  const justering = await submit(`/rapportera/${t}/justering`, { date: '2026-03-30', justerare: 'Anna A, Bo B', 'anslag.posted': '2026-03-31' }, `/rapportera/${t}`);
  expect(justering.statusCode).toBe(303);
  expect(fake.recorded.slice(1).map((r) => r.event)).toEqual([
    { type: 'justering-recorded', party: 'krokom', date: '2026-03-30', justerare: ['Anna A', 'Bo B'] },
    { type: 'anslag-posted', party: 'krokom', posted: '2026-03-31' },
  ]);
  const posted = await submit(`/rapportera/${t}`, { organ: 'KS', meetingDate: '2026-04-01', paragraf: '2', outcome: 'avslag' });
  expect(posted.statusCode).toBe(409);
  expect(fake.recorded).toHaveLength(3);
});

test("the decision's own Expedieras till: one recipient per line, registry ids resolved; an unknown one comes back at the field", async () => {
  const t = token();
  const form = await app.inject({ method: 'GET', url: `/rapportera/${t}` });
  expect(form.body).toContain('name="expedierasTill"');
  const res = await submit(`/rapportera/${t}`, {
    organ: 'Kommunstyrelsen', meetingDate: '2026-03-25', paragraf: '31', outcome: 'bifall',
    expedierasTill: 'Tomas Jonsson <tomas.jonsson@krokom.example>\r\nlansstyrelsen-z\r\nrsr',
  });
  expect(res.statusCode).toBe(303);
  expect(fake.recorded[0]!.event).toMatchObject({
    expedierasTill: [{ name: 'Tomas Jonsson', email: 'tomas.jonsson@krokom.example' }, { party: 'lansstyrelsen-z' }, { party: 'rsr' }],
  });
  (fake.track as { state: string }).state = 'requested';
  const unknown = await submit(`/rapportera/${t}`, { organ: 'Kommunstyrelsen', meetingDate: '2026-03-26', paragraf: '32', outcome: 'bifall', expedierasTill: 'Okänd nämnd <x@example.org>' });
  expect(unknown.statusCode).toBe(400);
  expect(unknown.body).toContain('parten finns inte i partregistret');
  expect(unknown.body).toContain('Okänd nämnd &lt;x@example.org&gt;');
});

test('a correction on the link: only after a decision; errors next to the fields, a refusal in the summary, the party the link\'s; then the receipt', async () => {
  const t = token();
  // Nothing recorded yet: nothing to correct, and no form for it.
  expect((await app.inject({ method: 'GET', url: `/rapportera/${t}` })).body).not.toContain('/rattelse"');
  expect((await submit(`/rapportera/${t}/rattelse`, { target: 'decision', 'changes.paragraf': '32', reason: 'Fel paragraf' }, `/rapportera/${t}`)).statusCode).toBe(409);
  await submit(`/rapportera/${t}`, { organ: 'Kommunstyrelsen', meetingDate: '2026-03-25', paragraf: '31', outcome: 'bifall' });
  const page = await app.inject({ method: 'GET', url: `/rapportera/${t}` });
  expect(page.body).toContain(`action="/rapportera/${t}/rattelse"`);
  // Only what the protocol holds (the decision), each field with its recorded value.
  expect(page.body).toMatch(/name="target" value="decision"/);
  expect(page.body).not.toMatch(/name="target" value="anslag"/);
  expect(page.body).toContain('Registrerat: § 31');

  const bad = await submit(`/rapportera/${t}/rattelse`, { target: 'decision', 'changes.meetingDate': '2026-02-30' }, `/rapportera/${t}`);
  expect(bad.statusCode).toBe(400);
  expect(bad.body).toMatch(/<p class="field-error" id="f-changes-meetingDate-fel">/);
  expect(bad.body).toMatch(/<p class="field-error" id="f-reason-fel">/);
  expect(bad.body).toContain('Beslutet: sammanträdesdag: &quot;2026-02-30&quot; finns inte i kalendern');
  expect(bad.body).toMatch(/id="f-changes-meetingDate" name="changes.meetingDate" type="text" value="2026-02-30"/);

  const future = await submit(`/rapportera/${t}/rattelse`, { target: 'decision', 'changes.meetingDate': '2099-01-01', reason: 'Fel dag' }, `/rapportera/${t}`);
  expect(future.statusCode).toBe(400);
  expect(future.body).toMatch(/<p class="field-error" id="f-changes-meetingDate-fel">.*sammanträdesdag 2099-01-01 ligger i framtiden/);

  const same = await submit(`/rapportera/${t}/rattelse`, { target: 'decision', 'changes.paragraf': '31', reason: 'Fel paragraf' }, `/rapportera/${t}`);
  expect(same.statusCode).toBe(409);
  expect(same.body).toContain('<li>rättelsen ändrar inget: beslutet är redan registrerat så</li>');

  const good = await submit(`/rapportera/${t}/rattelse`, { target: 'decision', 'changes.paragraf': '§ 32', reason: 'Fel paragraf i rapporten' }, `/rapportera/${t}`);
  expect(good.statusCode).toBe(303);
  expect(good.headers.location).toBe(`/rapportera/${t}/kvitto?rattelse=1`);
  expect(fake.recorded.at(-1)).toEqual({ actor: 'rapportlänk/krokom', event: { type: 'correction-recorded', party: 'krokom', target: 'decision', changes: { paragraf: 32 }, reason: 'Fel paragraf i rapporten' } });
  // Another party's protocol: refused before anything is sent.
  const other = await submit(`/rapportera/${t}/rattelse`, { party: 'berg', target: 'decision', 'changes.paragraf': '33', reason: 'X' }, `/rapportera/${t}`);
  expect(other.statusCode).toBe(403);
  expect(other.body).toContain('den kan inte rätta Bergs kommuns protokoll');
  expect(fake.recorded).toHaveLength(2);
});

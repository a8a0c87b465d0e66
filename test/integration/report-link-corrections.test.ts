// Corrections through the report link, over real HTTP on a dev server with the real workflows: the
// link names its party, so it corrects that party's own protocol and nothing else. Another party's
// fact or RSR's own (a `party` in the form that is not the link's) is refused (403) before anything
// is sent, and nothing changes; an expired link corrects nothing; without the CSRF token nothing is
// taken; the link's own correction is recorded with the link's actor (the control that shows the
// refusals are the scope's, not a broken route).
import { createReportToken } from '../../lib/report-links';
import { daysFromToday } from '../helpers/dates';
import { eventually } from '../helpers/temporal';
import { WEB_LINK_SECRET, startWebStack, type WebStack } from '../helpers/web-stack';
import { webClient, type WebClient } from '../helpers/web-session';
import { demoCase, registrationFrom } from '../workflow/support';
import { STACK_START_TIMEOUT_MS, STACK_STOP_TIMEOUT_MS } from '../helpers/teardown';

jest.setTimeout(60_000);

const rs62 = demoCase('RS-62-2026.json');
const [rsrDecided] = rs62.events as unknown as [Record<string, unknown>];
const DNR = 'RS/651/2026';
const SLUG = 'RS-651-2026';
const d = daysFromToday;

let stack: WebStack;
let browser: WebClient;
const link = (party = 'krokom', expiresAt = d(60)) => `/rapportera/${createReportToken({ dnr: DNR, party, expiresAt } as never, WEB_LINK_SECRET)}`;

interface Status {
  anslag?: { posted: string };
  trackStatus: { party: string; anslag?: { posted: string } }[];
}
async function status(): Promise<Status> {
  return (await stack.api('GET', `/api/v1/cases/${SLUG}`, undefined, 'manager')).json as unknown as Status;
}
const postedOf = (s: Status, party: string) => s.trackStatus.find((t) => t.party === party)?.anslag?.posted;
async function corrections(): Promise<{ actor: string; party?: string }[]> {
  const log = (await stack.api('GET', `/api/v1/cases/${SLUG}/events`, undefined, 'manager')).json as unknown as { type: string; actor: string; party?: string }[];
  return log.filter((e) => e.type === 'correction-recorded');
}

async function post(path: string, body: unknown): Promise<void> {
  const { status: code, json } = await stack.api('POST', path, body, 'administrator');
  if (code >= 300) throw new Error(`${path}: ${code} ${JSON.stringify(json)}`);
}

beforeAll(async () => {
  stack = await startWebStack();
  await post('/api/v1/cases', registrationFrom(rs62.registration, {
    dnr: DNR,
    tjansteskrivelse: { ...rs62.registration.tjansteskrivelse, date: d(-40) },
    beredning: [],
    rsrMeetingDate: d(-30),
    recommendation: { ...rs62.registration.recommendation, huvudman: ['krokom', 'ostersund'] as never, senast: d(60) },
    expedierasTill: [],
  }));
  const { type: _t, ...rsr } = rsrDecided;
  await post(`/api/v1/cases/${SLUG}/rsr-beslut`, { ...rsr, meetingDate: d(-30) });
  await post(`/api/v1/cases/${SLUG}/justering`, { justerare: ['Alex Exempel'], date: d(-29) });
  await post(`/api/v1/cases/${SLUG}/anslag`, { posted: d(-28) });
  await eventually(async () => ((await status()).trackStatus.length === 2 ? true : undefined), { timeoutMs: 30_000 });
  for (const party of ['krokom', 'ostersund']) {
    await post(`/api/v1/cases/${SLUG}/beslut`, { party, organ: 'Kommunstyrelsen', meetingDate: d(-10), paragraf: 31, outcome: 'bifall', justering: { justerare: ['Anna A'], date: d(-8) }, anslag: { posted: d(-7) } });
  }
  browser = await webClient(stack.base);
}, STACK_START_TIMEOUT_MS);

afterAll(async () => {
  await stack?.stop();
}, STACK_STOP_TIMEOUT_MS);

const correction = { target: 'anslag', 'changes.posted': d(-6), reason: 'Anslaget sattes upp en dag senare' };

test("a report link cannot correct another party's fact or RSR's own: 403, nothing recorded, nothing changed", async () => {
  // The page offers no choice of protocol.
  const page = await browser.request('GET', link());
  expect(page.status).toBe(200);
  expect(page.text).toContain(`action="${link()}/rattelse"`);
  expect(page.text).not.toMatch(/name="party"/);

  // Östersund's anslag, with Krokom's link.
  const other = await browser.request('POST', `${link()}/rattelse`, { form: { _csrf: browser.csrf, party: 'ostersund', ...correction } });
  expect(other.status).toBe(403);
  expect(other.text).toContain('<h1>Länken gäller inte det protokollet</h1>');
  expect(other.text).toContain('den kan inte rätta Östersunds kommuns protokoll. Inget har ändrats.');
  // RSR's anslag (no party: the case's own protocol), with Krokom's link.
  const rsr = await browser.request('POST', `${link()}/rattelse`, { form: { _csrf: browser.csrf, party: '', ...correction, 'changes.posted': d(-27) } });
  expect(rsr.status).toBe(403);
  expect(rsr.text).toContain('den kan inte rätta RSR:s protokoll');
  // Both parties at once.
  const both = await browser.request('POST', `${link()}/rattelse`, { form: { _csrf: browser.csrf, party: ['krokom', 'ostersund'], ...correction } });
  expect(both.status).toBe(403);

  // An expired link of Krokom's corrects nothing either; nor does a POST without the CSRF token.
  const expired = await browser.request('POST', `${link('krokom', d(-1))}/rattelse`, { form: { _csrf: browser.csrf, ...correction } });
  expect(expired.status).toBe(410);
  const noCsrf = await browser.request('POST', `${link()}/rattelse`, { form: correction });
  expect(noCsrf.status).toBe(403);

  const after = await status();
  expect(postedOf(after, 'ostersund')).toBe(d(-7));
  expect(postedOf(after, 'krokom')).toBe(d(-7));
  expect(after.anslag?.posted).toBe(d(-28));
  expect(await corrections()).toEqual([]);
});

test("the link's own party: corrected through the same correction-recorded event, with the link's actor", async () => {
  const own = await browser.request('POST', `${link()}/rattelse`, { form: { _csrf: browser.csrf, ...correction } });
  expect(own.status).toBe(303);
  expect(own.location).toBe(`${link()}/kvitto?rattelse=1`);
  const receipt = await browser.request('GET', own.location!);
  expect(receipt.text).toContain('<h1>Tack, rättelsen är registrerad</h1>');
  expect(receipt.text).toContain(`uppsatt ${d(-7)} → ${d(-6)}`);

  const after = await status();
  expect(postedOf(after, 'krokom')).toBe(d(-6));
  expect(postedOf(after, 'ostersund')).toBe(d(-7));
  expect(after.anslag?.posted).toBe(d(-28));
  expect(await corrections()).toEqual([expect.objectContaining({ actor: 'rapportlänk/krokom', party: 'krokom' })]);
});

// What a person reads is Swedish: no raw ids and no English state names. A full lifecycle on a dev
// server with real e-mail (every track state, every case stage, every outcome, reminders, escalations,
// a closed track, a withdrawn case, a completed case), then the words people read are scanned for the
// ids the code uses internally: the overview and its matrix, the case pages, the per-party pages, the
// CLI's tables (through the API, as `arende --api` runs) and every caught message. Actors
// ("system", "administrator", "registrator/krokom", "rapportlänk/krokom") and party ids ("krokom")
// count as raw ids too: the event log keeps them, what a person reads names them in words.
import { requestWithReportLink, startWebStack, type WebStack } from '../helpers/web-stack';
import { eventually } from '../helpers/temporal';
import { daysFromToday } from '../helpers/dates';
import { demoCase, registrationFrom } from '../workflow/support';
import { run } from '../../client/cli/main';
import { TRACK_STATES, type TrackDetail } from '../../domain/track-rules';
import { CASE_STAGES } from '../../domain/case-rules';
import { DecisionOutcome } from '../../domain/events';
import { BeredningOutcome } from '../../domain/case';
import { DeliveryStatus, NotificationKind } from '../../domain/notifications';
import { HUMAN_EVENT_TYPES } from '../../domain/rules';
import type { IsoDate } from '../../domain/dates';
import { Role } from '../../client/api/access';
import { REPORT_LINK_PREFIX, SYSTEM_ACTOR } from '../../domain/actors';
import { registry } from '../workflow/support';
import { STACK_STOP_TIMEOUT_MS } from '../helpers/teardown';

jest.setTimeout(120_000);

const rs62 = demoCase('RS-62-2026.json');
const [rsrDecided] = rs62.events as unknown as [Record<string, unknown>];
const d = daysFromToday;

/**
 * Every id the code uses for a state, stage, outcome, kind or event. Those that are Swedish words
 * themselves (justerat, anslag, beredning, bifall, avslag, tillstyrkt, avstyrkt, information,
 * protokollsutdrag) are what a person reads anyway, so they are not looked for.
 */
const SWEDISH_AS_IS = new Set(['justerat', 'anslag', 'beredning', 'bifall', 'avslag', 'tillstyrkt', 'avstyrkt', 'information', 'protokollsutdrag', 'registrator', 'huvudman']);
const PARTY_IDS: string[] = [...registry.parties.map((p) => p.id), ...registry.groups.map((g) => g.id)];
const DETAILS: TrackDetail[] = ['reminded', 'aterremiss', 'bordlaggning'];
export const RAW_IDS = [
  ...new Set([
    ...TRACK_STATES,
    ...DETAILS,
    ...CASE_STAGES,
    ...DecisionOutcome.options,
    ...BeredningOutcome.options,
    ...NotificationKind.options,
    ...DeliveryStatus.options,
    'planned', 'skipped', 'not-needed', // reminder statuses
    ...HUMAN_EVENT_TYPES,
    // Actors as the event log records them (domain/actors.ts): the workflows', the API's principals, the report link's.
    SYSTEM_ACTOR,
    ...Role.options,
    ...PARTY_IDS.flatMap((id) => [`registrator/${id}`, `${REPORT_LINK_PREFIX}${id}`]),
  ]),
].filter((id) => !SWEDISH_AS_IS.has(id));

/**
 * Party ids, matched as written: `krokom`, and upper-cased (`KOMMUNFORBUNDET-JH`) unless that is how
 * the registry names the party (`RSR`, `SVOM`, `HSN`). "Krokom" is the name, not the id.
 */
const names = new Set(registry.parties.flatMap((p) => [p.name, p.shortName ?? '', ...p.aliases]));
export const RAW_PARTY_IDS = [...new Set(PARTY_IDS.flatMap((id) => [id, id.toUpperCase()]))].filter((id) => !names.has(id) && !SWEDISH_AS_IS.has(id));

/** The raw ids in `text` as words (not inside another word, a Dnr, an address), each with its context. */
export function rawIdsIn(text: string): string[] {
  const found: string[] = [];
  const scan = (ids: readonly string[], flags: string) => {
    for (const id of ids) {
      const pattern = new RegExp(`(?<![\\p{L}\\p{N}@./_-])${id}(?![\\p{L}\\p{N}@_-])`, flags);
      for (const m of text.matchAll(pattern)) found.push(`"${id}" in …${text.slice(Math.max(0, m.index - 50), m.index + id.length + 30).replace(/\s+/g, ' ')}…`);
    }
  };
  scan(RAW_IDS, 'giu');
  scan(RAW_PARTY_IDS, 'gu');
  return found;
}

/** What a person reads of a page: its text (scripts and styles left out) and the titles and labels shown on hover or read aloud. */
export function readableText(markup: string): string {
  const attributes = [...markup.matchAll(/\s(?:title|aria-label|alt|placeholder)="([^"]*)"/g)].map((m) => m[1]);
  const text = markup
    .replace(/<script[\s\S]*?<\/script>/gi, ' ')
    .replace(/<style[\s\S]*?<\/style>/gi, ' ')
    .replace(/<[^>]+>/g, ' ');
  return decode(`${text}\n${attributes.join('\n')}`);
}

function decode(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

let stack: WebStack;
let cookie: string;
const DNR = 'RS/701/2026';
const SLUG = 'RS-701-2026';

async function post(path: string, body: unknown): Promise<void> {
  const { status, json } = await stack.api('POST', path, body, 'administrator');
  if (status >= 300) throw new Error(`${path}: ${status} ${JSON.stringify(json)}`);
}

async function page(path: string): Promise<string> {
  const response = await fetch(`${stack.base}${path}`, { headers: { cookie } });
  expect(response.status).toBe(200);
  return response.text();
}

async function cli(...argv: string[]): Promise<string> {
  let out = '';
  let err = '';
  const code = await run([...argv, '--api', stack.base, '--token', stack.tokens.administrator], {
    out: (t: string) => (out += t),
    err: (t: string) => (err += t),
    errIsTty: false,
    errStream: process.stderr,
  } as never);
  expect({ code, err }).toEqual({ code: 0, err: '' });
  return out;
}

async function signIn(token: string): Promise<string> {
  const form = await fetch(`${stack.base}/logga-in`);
  const csrfCookie = (form.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const response = await fetch(`${stack.base}/logga-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({ token, _csrf: csrf }).toString(),
  });
  expect(response.status).toBe(303);
  return [csrfCookie, ...response.headers.getSetCookie().map((c) => c.split(';')[0])].join('; ');
}

const decision = (party: string, meetingDate: IsoDate, outcome: string, extra: Record<string, unknown> = {}) => ({
  party,
  organ: 'Kommunstyrelsen',
  meetingDate,
  paragraf: 40,
  outcome,
  ...extra,
});

beforeAll(async () => {
  stack = await startWebStack({ mail: true });
  const { type: _t, ...rsr } = rsrDecided;
  // The full case: beredning, RSR, justering and anslag in the past; senast passed, so tracks not decided are overdue.
  await post('/api/v1/cases', registrationFrom(rs62.registration, {
    dnr: DNR,
    title: 'Samverkan om försörjningsberedskap',
    tjansteskrivelse: { ...rs62.registration.tjansteskrivelse, date: d(-70) },
    beredning: [
      { organ: 'SVOM', meetingDate: d(-60), outcome: 'aterremiss' },
      { organ: 'Regionala ledningsgruppen', meetingDate: d(-55), outcome: 'forslag' },
    ],
    rsrMeetingDate: d(-45),
    recommendation: { ...rs62.registration.recommendation, senast: d(-10) },
  }));
  await post(`/api/v1/cases/${SLUG}/beredning`, { organ: 'Folkhälso-Z', meetingDate: d(-50), outcome: 'bordlagd' });
  await post(`/api/v1/cases/${SLUG}/rsr-beslut`, { ...rsr, meetingDate: d(-45) });
  await post(`/api/v1/cases/${SLUG}/justering`, { justerare: ['Alex Exempel'], date: d(-44) });
  await post(`/api/v1/cases/${SLUG}/anslag`, { posted: d(-43) });
  const track = (party: string) => eventually(async () => {
    const { json } = await stack.api('GET', `/api/v1/cases/${SLUG}`, undefined, 'administrator');
    return (json.trackStatus as { party: string }[] | undefined)?.find((t) => t.party === party);
  }, { timeoutMs: 30_000 });
  await track('krokom');
  // Krokom: bifall, justerat and posted long ago: laga kraft. Östersund: avslag. Berg: återremiss. Bräcke: bordläggning.
  await post(`/api/v1/cases/${SLUG}/beslut`, decision('krokom', d(-40), 'bifall', { justering: { justerare: ['Anna A'], date: d(-39) }, anslag: { posted: d(-38) } }));
  // Östersund's registrator reports its own decision (actor registrator/ostersund).
  const ostersund = await stack.api('POST', `/api/v1/cases/${SLUG}/beslut`, decision('ostersund', d(-40), 'avslag'), 'ostersund');
  expect(ostersund.status).toBe(200);
  await post(`/api/v1/cases/${SLUG}/beslut`, decision('berg', d(-40), 'aterremiss'));
  await post(`/api/v1/cases/${SLUG}/beslut`, decision('bracke', d(-40), 'bordlaggning'));
  // Åre: delvis bifall, posted a week ago (in anslag), then appealed. Ragunda: justerat. Härjedalen: decided.
  await post(`/api/v1/cases/${SLUG}/beslut`, decision('are', d(-9), 'delvis-bifall', { justering: { justerare: ['Bo B'], date: d(-8) }, anslag: { posted: d(-7) } }));
  await post(`/api/v1/cases/${SLUG}/overklagande`, { party: 'are', filedOn: d(-2), court: 'Förvaltningsrätten i Härnösand', reference: '1234-26' });
  // Ragunda reports through the link in its request (actor rapportlänk/ragunda).
  const { token } = await requestWithReportLink(stack, DNR, 'registrator@ragunda.example');
  const { party: _p, ...ragunda } = decision('ragunda', d(-9), 'bifall', { justering: { justerare: ['Cia C'], date: d(-8) } });
  const reported = await fetch(`${stack.base}/api/v1/rapport/${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ragunda) });
  expect(reported.status).toBe(200);
  await post(`/api/v1/cases/${SLUG}/beslut`, decision('harjedalen', d(-9), 'bifall'));
  // A correction: its message says who corrected, in words.
  await post(`/api/v1/cases/${SLUG}/rattelse`, { party: 'harjedalen', target: 'decision', changes: { paragraf: 41 }, reason: 'Fel paragraf i rapporten' });
  // Strömsund: closed by an administrator. The region stays overdue.
  const closed = await stack.api('POST', `/api/v1/cases/${SLUG}/tracks/stromsund/close`, { reason: 'Beslutet fattas i ett annat ärende' }, 'administrator');
  expect(closed.status).toBe(200);

  // A withdrawn case; one that another body recommends (named, not upper-cased); one with a single huvudman that completes.
  await post('/api/v1/cases', registrationFrom(rs62.registration, { dnr: 'RS/702/2026', rsrMeetingDate: d(-30), recommendation: { ...rs62.registration.recommendation, senast: d(30) } }));
  await post('/api/v1/cases/RS-702-2026/rsr-beslut', { ...rsr, meetingDate: d(-30) });
  await post('/api/v1/cases/RS-702-2026/justering', { justerare: ['Alex Exempel'], date: d(-29) });
  await post('/api/v1/cases/RS-702-2026/aterkallelse', { date: d(-1), reason: 'Frågan hanteras nationellt' });
  await post('/api/v1/cases', registrationFrom(rs62.registration, { dnr: 'RS/703/2026', recommendedBy: 'kommunforbundet-jh' as never, rsrMeetingDate: d(20), beredning: [], recommendation: { ...rs62.registration.recommendation, senast: d(60) } }));
  await post('/api/v1/cases', registrationFrom(rs62.registration, {
    dnr: 'RS/704/2026',
    rsrMeetingDate: d(-60),
    recommendation: { ...rs62.registration.recommendation, huvudman: ['krokom'] as never, senast: d(-20) },
  }));
  await post('/api/v1/cases/RS-704-2026/rsr-beslut', { ...rsr, meetingDate: d(-60) });
  await post('/api/v1/cases/RS-704-2026/justering', { justerare: ['Alex Exempel'], date: d(-59) });
  await post('/api/v1/cases/RS-704-2026/anslag', { posted: d(-58) });
  await eventually(async () => {
    const { json } = await stack.api('GET', '/api/v1/cases/RS-704-2026', undefined, 'administrator');
    return (json.trackStatus as unknown[] | undefined)?.length ? true : undefined;
  }, { timeoutMs: 30_000 });
  await post('/api/v1/cases/RS-704-2026/beslut', decision('krokom', d(-50), 'bifall', { justering: { justerare: ['Anna A'], date: d(-49) }, anslag: { posted: d(-48) } }));

  // Wait for the timers' effects: laga kraft for Krokom, the case RS/704 completed, escalations sent.
  await eventually(async () => {
    const { json } = await stack.api('GET', `/api/v1/cases/${SLUG}`, undefined, 'administrator');
    const states = Object.fromEntries((json.trackStatus as { party: string; state: string }[]).map((t) => [t.party, t.state]));
    if (states.krokom === 'laga-kraft' && states['region-jh'] === 'overdue' && states.are === 'appealed') return states;
    throw new Error(`tracks: ${JSON.stringify(states)}`);
  }, { timeoutMs: 30_000 });
  await eventually(async () => {
    const { json } = await stack.api('GET', '/api/v1/cases/RS-704-2026', undefined, 'administrator');
    if (json.stage === 'completed') return true;
    throw new Error(`RS/704/2026: ${String(json.stage)}`);
  }, { timeoutMs: 30_000 });
  await eventually(async () => {
    const subjects = (await stack.mails()).map((m) => m.subject ?? '');
    if (subjects.some((s) => /laga kraft/i.test(s)) && subjects.some((s) => /försen/i.test(s))) return true;
    throw new Error(`subjects: ${[...new Set(subjects.map((s) => s.split(':')[0]))].join(' | ')}`);
  }, { timeoutMs: 30_000 });
  cookie = await signIn(stack.tokens.administrator);
  // The overview (the read model) shows the tracks' last states.
  await eventually(async () => ((await page('/oversikt/matris')).includes('laga kraft') ? true : undefined), { timeoutMs: 20_000 });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
}, STACK_STOP_TIMEOUT_MS);

test('the scan finds raw ids where they are (the check itself can fail)', () => {
  expect(rawIdsIn('Krokom: requested, laga-kraft')).toHaveLength(2);
  expect(rawIdsIn('Beredning i SVOM: aterremiss')).toHaveLength(1);
  expect(rawIdsIn('laga kraft, återremiss, försenad, registrator@krokom.example, RS/62/2026')).toEqual([]);
  expect(readableText('<td class="cell s-requested" data-state="requested" title="Krokom: begärd">begärd</td>')).not.toMatch(/requested/);
  // Actors and party ids: the log's, not the reader's.
  expect(rawIdsIn('system · administrator · manager · registrator/krokom · rapportlänk/krokom · Huvudmän: krokom, region-jh')).toHaveLength(7);
  expect(rawIdsIn('KOMMUNFORBUNDET-JH')).toHaveLength(1);
  expect(rawIdsIn('Ärendeflöde (automatiskt) · administratör · förvaltare · registrator för Krokoms kommun · rapportlänk (Krokoms kommun) · RSR, SVOM, HSN · 1 huvudman · /part/krokom')).toEqual([]);
});

test('the dashboard says everything in Swedish: overview, matrix, case pages, per-party pages, forms', async () => {
  const pages = [
    '/',
    '/oversikt/matris',
    '/oversikt/matris?stage=completed',
    `/arende/${SLUG}`,
    '/arende/RS-702-2026',
    '/arende/RS-703-2026',
    '/arende/RS-704-2026',
    '/part',
    '/part/krokom',
    '/part/region-jh',
    '/part/are',
    `/arende/${SLUG}/beredning`,
    `/arende/${SLUG}/overklagande`,
  ];
  const found: string[] = [];
  for (const path of pages) found.push(...rawIdsIn(readableText(await page(path))).map((f) => `${path}: ${f}`));
  expect(found).toEqual([]);

  const casePage = readableText(await page(`/arende/${SLUG}`));
  // Who did what, in words: the workflows, the administrator, a registrator, a report link.
  expect(casePage).toContain('Ärendeflöde (automatiskt)');
  expect(casePage).toContain('administratör');
  expect(casePage).toContain('registrator för Östersunds kommun');
  expect(casePage).toContain('rapportlänk (Ragunda kommun)');
  expect(casePage).toContain('spåret stängt av administratör');
  // The beredning's outcomes in words, the closing and the appeal in the timeline.
  expect(casePage).toContain('Beredning i Folkhälso-Z');
  expect(casePage).toContain('återremitterat');
  expect(casePage).toContain('bordlagt');
  // Another body recommends RS/703: its name, never its id upper-cased.
  const other = readableText(await page('/arende/RS-703-2026'));
  expect(other).not.toContain('KOMMUNFORBUNDET');
  expect(other).toContain('Kommunförbundet');
  // One huvudman is one huvudman.
  const single = readableText(await page('/arende/RS-704-2026'));
  expect(single).not.toMatch(/\b1 huvudmän\b/);
  expect(single).toContain('1 huvudman');
  // The matrix's Läge cell names what its date is.
  const matrix = readableText(await page('/oversikt/matris'));
  expect(matrix).toMatch(/sista dag för huvudmännens beslut \d{4}-\d{2}-\d{2}\s*,\s*passerad för 10 dagar sedan/);
  expect(matrix).not.toMatch(/anslaget \d{4}-\d{2}-\d{2}/);
});

test('the CLI tables say everything in Swedish', async () => {
  const outputs = [
    await cli('case', 'show', DNR),
    await cli('case', 'events', DNR),
    await cli('case', 'show', 'RS/702/2026'),
    await cli('case', 'events', 'RS/704/2026'),
    await cli('outstanding'),
  ];
  const found = outputs.flatMap((o) => rawIdsIn(o));
  expect(found).toEqual([]);
  // The huvudmän by name, the actors in words.
  expect(outputs[0]).toMatch(/Huvudmän: +Region Jämtland Härjedalen, .*Krokoms kommun/);
  expect(outputs[1]).toContain('Ärendeflöde (automatiskt)');
  expect(outputs[1]).toContain('rapportlänk (Ragunda kommun)');
});

test('every caught message says everything in Swedish', async () => {
  // The correction's message (to Härjedalen's registrator and the manager) has arrived.
  await eventually(async () => ((await stack.mails()).some((m) => m.subject?.startsWith('Rättelse') && m.text?.includes(DNR)) ? true : undefined), { timeoutMs: 20_000 });
  const mails = await stack.mails();
  expect(new Set(mails.map((m) => m.subject?.split(':')[0])).size).toBeGreaterThanOrEqual(5);
  const correction = mails.find((m) => m.subject?.startsWith('Rättelse') && m.text?.includes(DNR));
  expect(correction?.text).toMatch(/Rättat av:? +administratör/);
  const found = mails.flatMap((m) => rawIdsIn([m.subject ?? '', m.text ?? '', readableText(String(m.html || ''))].join('\n')).map((f) => `${m.subject}: ${f}`));
  expect(found).toEqual([]);
});

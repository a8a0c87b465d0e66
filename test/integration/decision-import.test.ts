// A huvudman's decision from its protokollsutdrag, over real HTTP on a Temporal dev server: RS/62/2026
// registered from demo/cases with RSR's decision, justering and anslag (not the huvudman decision);
// seed 004 (text and a real PDF) read in on region-jh's track gives the decision form pre-filled
// (Regionstyrelsen, 2026-03-25, § 31, bifall, three points, Expedieras till four lines) with each
// field's source; confirming it records region-jh's decision. Krokom's protokollsutdrag through
// Krokom's report link pre-fills justering and anslag. Refused, with nothing recorded: Krokom's
// document on region-jh's track, a registrator of another party, and bad input (400).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startWebStack, WEB_LINK_SECRET, type WebStack } from '../helpers/web-stack';
import { webClient, type WebClient } from '../helpers/web-session';
import { eventually } from '../helpers/temporal';
import { STACK_STOP_TIMEOUT_MS } from '../helpers/teardown';
import { pdfFromLines } from '../helpers/pdf-from-text';
import { replayCaseFile } from '../../client/cli/case-files';
import { CaseFile } from '../../domain/case-file';
import { createReportToken } from '../../lib/report-links';
import type { Dnr, IsoDate } from '../../domain/values';
import type { PartyId } from '../../domain/parties';

jest.setTimeout(120_000);

const DOCS = join(__dirname, '../fixtures/documents');
const SEED_004 = readFileSync(join(DOCS, 'seed-004-rs-protokoll-2026-03-25.txt'), 'utf8');
const KROKOM = readFileSync(join(DOCS, 'own-krokom-ks-utdrag-2026-04-08.txt'), 'utf8');
const DNR = 'RS/62/2026' as Dnr;
const SLUG = 'RS-62-2026';

let stack: WebStack;
let admin: WebClient;

beforeAll(async () => {
  stack = await startWebStack();
  const file = CaseFile.parse(JSON.parse(readFileSync(join(__dirname, '../../demo/cases/RS-62-2026.json'), 'utf8')));
  const outcome = await replayCaseFile(stack.gateway, { registration: file.registration, events: file.events.filter((e) => e.type !== 'huvudman-decided') }, 'test');
  expect(outcome.refused).toEqual([]);
  await eventually(async () => {
    const s = await stack.gateway.status(DNR);
    return s.trackStatus.length === 9 && s.trackStatus.every((t) => t.state === 'requested' || t.state === 'overdue') ? s : undefined;
  }, { timeoutMs: 60_000 });
  admin = await webClient(stack.base, stack.tokens.administrator);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
}, STACK_STOP_TIMEOUT_MS);

type Upload = { text?: string; file?: { bytes: Uint8Array | string; type: string; name: string }; party?: string };

async function upload(client: WebClient, path: string, u: Upload): Promise<{ status: number; text: string }> {
  const form = new FormData();
  form.append('_csrf', client.csrf);
  if (u.party !== undefined) form.append('party', u.party);
  if (u.text !== undefined) form.append('text', u.text);
  if (u.file) form.append('fil', new Blob([typeof u.file.bytes === 'string' ? u.file.bytes : Buffer.from(u.file.bytes)], { type: u.file.type }), u.file.name);
  const response = await fetch(`${stack.base}${path}`, { method: 'POST', headers: { cookie: client.cookie }, body: form, redirect: 'manual' });
  return { status: response.status, text: await response.text() };
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** The values the form shows: inputs, textareas, the checked radio, the selected option. */
function formValues(page: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const m of page.matchAll(/<input id="[^"]*" name="([^"]+)" type="(?:text|email)" value="([^"]*)"/g)) values[m[1]!] = unescape(m[2]!);
  for (const m of page.matchAll(/<textarea id="[^"]*" name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) values[m[1]!] = unescape(m[2]!);
  for (const m of page.matchAll(/<input type="radio" id="[^"]*" name="([^"]+)" value="([^"]*)" checked/g)) values[m[1]!] = m[2]!;
  for (const m of page.matchAll(/<select id="[^"]*" name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const selected = /<option value="([^"]*)" selected>/.exec(m[2]!);
    if (selected) values[m[1]!] = selected[1]!;
  }
  return values;
}

/** The source mark of a field ("Ur protokollsutdraget, rad …" or "Saknas i handlingen – fyll i"). */
function mark(page: string, id: string): string | undefined {
  const m = new RegExp(`id="${id}-kalla">([\\s\\S]*?)</p>`).exec(page);
  return m ? unescape(m[1]!.replace(/<[^>]+>/g, '')) : undefined;
}

const track = async (party: string) => (await stack.gateway.status(DNR)).trackStatus.find((t) => t.party === party)!;

test('seed 004 as text on region-jh\'s track: the form pre-filled with sources, matched on the Dnr; nothing recorded until confirmed', async () => {
  const page = await upload(admin, `/arende/${SLUG}/beslut/protokollsutdrag`, { party: 'region-jh', file: { bytes: SEED_004, type: 'text/plain', name: 'protokoll.txt' } });
  expect(page.status).toBe(200);
  const v = formValues(page.text);
  expect(v).toMatchObject({ party: 'region-jh', organ: 'Regionstyrelsen', meetingDate: '2026-03-25', paragraf: '31', outcome: 'bifall', dnr: 'RS/62/2026' });
  expect(v.beslut!.split('\n')).toHaveLength(3);
  const recipients = v.expedierasTill!.split('\n');
  console.log(`seed 004: beslut ${JSON.stringify(v.beslut)}; Expedieras till ${JSON.stringify(recipients)}; justering ${v['justering.date']} ${v['justering.justerare']}; anslag ${v['anslag.posted']}`);
  expect(recipients).toHaveLength(4);
  expect(page.text).toContain('Paragrafen hittades på diarienumret RS/62/2026');
  expect(mark(page.text, 'f-paragraf')).toMatch(/^Ur protokollsutdraget, rad \d+/);
  expect(mark(page.text, 'f-beslut')).toMatch(/^Ur protokollsutdraget, rad \d+(, \d+)* och \d+$/);
  // Seed 004 is the whole protokoll without its justering: those fields are marked for the person to fill.
  expect(mark(page.text, 'f-justering-date')).toContain('Saknas i handlingen');
  expect(mark(page.text, 'f-anslag-posted')).toContain('Saknas i handlingen');
  expect(mark(page.text, 'f-outcome')).toContain('bifall: beslutet säger inget om avslag');
  // The form posts to the decision's own route; nothing recorded yet.
  expect(page.text).toContain(`action="/arende/${SLUG}/beslut"`);
  expect((await track('region-jh')).decisions).toHaveLength(0);
});

test('seed 004 as a real PDF: the same form; confirmed, region-jh\'s track shows the decision', async () => {
  const pdf = await pdfFromLines(SEED_004.split('\n'), { header: 'Protokoll Regionstyrelsen 2026-03-25', footer: 'Sida {page} av {pages}' });
  const page = await upload(admin, `/arende/${SLUG}/beslut/protokollsutdrag`, { party: 'region-jh', file: { bytes: pdf, type: 'application/pdf', name: 'protokoll.pdf' } });
  expect(page.status).toBe(200);
  const v = formValues(page.text);
  console.log(`seed 004 PDF (${pdf.length} bytes): missing marks ${[...page.text.matchAll(/id="(f-[^"]+)-kalla">Saknas/g)].map((m) => m[1]).join(', ') || 'none'}`);
  expect(v).toMatchObject({ party: 'region-jh', organ: 'Regionstyrelsen', meetingDate: '2026-03-25', paragraf: '31', outcome: 'bifall' });
  expect(v.beslut!.split('\n')).toHaveLength(3);
  expect(v.expedierasTill!.split('\n')).toHaveLength(4);
  const { note: _note, ...filled } = v;
  const confirmed = await admin.request('POST', `/arende/${SLUG}/beslut`, { form: { ...filled, _csrf: admin.csrf } });
  expect(confirmed.status).toBe(303);
  const t = await track('region-jh');
  expect(t.decisions[0]).toMatchObject({ organ: 'Regionstyrelsen', meetingDate: '2026-03-25', paragraf: 31, outcome: 'bifall' });
  expect(t.decisions[0]!.beslut).toHaveLength(3);
  expect(t.decisions[0]!.expedierasTill).toHaveLength(4);
  console.log(`region-jh after confirming: ${t.state}; justering ${JSON.stringify(t.justering)}; anslag ${t.anslag?.posted}`);
  // Decided: the track no longer offers the import.
  const again = await upload(admin, `/arende/${SLUG}/beslut/protokollsutdrag`, { party: 'region-jh', text: SEED_004 });
  expect(again.status).toBe(409);
  expect(again.text).toContain('Inget har registrerats');
});

test("Krokom's protokollsutdrag on another track is refused, naming whose it is; a registrator of another party is refused", async () => {
  const before = (await stack.gateway.events(DNR)).length;
  const wrong = await upload(admin, `/arende/${SLUG}/beslut/protokollsutdrag`, { party: 'ostersund', text: KROKOM });
  expect(wrong.status).toBe(400);
  expect(unescape(wrong.text)).toContain('§ 52 Deltagande i aktörsgemensamt samarbete inom totalförsörjningsfrågor (Dnr KS 2026/118, RSR:s Dnr RS/62/2026), Kommunstyrelsen, Krokoms kommun, 2026-04-08, är Krokoms kommuns beslut, inte Östersunds kommuns: läs in den på Krokoms kommuns spår. Inget har registrerats.');
  // Krokom's registrator may not read a document in on Östersund's track.
  const krokom = await webClient(stack.base, stack.tokens.krokom);
  const other = await upload(krokom, `/arende/${SLUG}/beslut/protokollsutdrag`, { party: 'ostersund', text: KROKOM });
  expect(other.status).toBe(403);
  expect(unescape(other.text)).toContain('får bara rapportera Krokoms kommuns eget beslut');
  // Its own: the form, pre-filled.
  const own = await upload(krokom, `/arende/${SLUG}/beslut/protokollsutdrag`, { party: 'krokom', text: KROKOM });
  expect(own.status).toBe(200);
  expect(formValues(own.text)).toMatchObject({ organ: 'Kommunstyrelsen', paragraf: '52', 'justering.date': '2026-04-13' });
  expect(own.text).toContain('Paragrafen hittades på diarienumret RS/62/2026');
  expect((await stack.gateway.events(DNR)).length).toBe(before);
});

test('bad input: the upload page again with a Swedish message, 400, nothing recorded', async () => {
  const before = (await stack.gateway.events(DNR)).length;
  const path = `/arende/${SLUG}/beslut/protokollsutdrag`;
  const cases: [string, Upload, string][] = [
    ['nothing', { party: 'ostersund' }, 'välj en fil (PDF eller text) eller klistra in protokollsutdragets text'],
    ['not UTF-8', { party: 'ostersund', file: { bytes: new Uint8Array([0xff, 0xfe, 0x00, 0x41, 0xc3]), type: 'application/octet-stream', name: 'x.doc' } }, 'filen är varken en PDF eller text i UTF-8'],
    ['damaged PDF', { party: 'ostersund', file: { bytes: '%PDF-1.7\n1 0 obj << /Type /Catalog >>\ntrasig', type: 'application/pdf', name: 'trasig.pdf' } }, 'Protokollsutdraget kunde inte läsas in:'],
    ['no decision', { party: 'ostersund', text: 'Hej,\nhär kommer inget protokoll.\n' }, 'handlingen innehåller ingen paragraf med ett beslut'],
    ['no § on the case', { party: 'krokom', text: KROKOM.replace('RS/62/2026', 'RS/999/2026').replace('2026, § 2,', '2026, § 9,') }, 'ingen paragraf i handlingen gäller ärendet RS/62/2026 (Etablering av arbetsgrupp för samarbete inom totalförsörjningsfrågor): ingen nämner ärendets diarienummer, RSR:s sammanträde 2026-01-26 § 2 eller har dess ärendemening. Handlingen har § 52 Deltagande i aktörsgemensamt samarbete inom totalförsörjningsfrågor (Dnr KS 2026/118, RSR:s Dnr RS/999/2026), Kommunstyrelsen, Krokoms kommun, 2026-04-08. Inget har registrerats.'],
    ['no party', { text: KROKOM }, 'Huvudman: välj vems beslut protokollsutdraget är.'],
    ['too large', { party: 'ostersund', file: { bytes: new Uint8Array(20 * 1024 * 1024 + 10).fill(0x41), type: 'application/pdf', name: 'stor.pdf' } }, 'filen är större än 20 MB'],
  ];
  for (const [what, u, message] of cases) {
    const r = await upload(admin, path, u);
    console.log(`${what}: ${r.status} ${/<div class="error-summary"[\s\S]*?<li>([\s\S]*?)<\/li>/.exec(r.text)?.[1]?.slice(0, 160)}`);
    expect([what, r.status]).toEqual([what, 400]);
    expect(unescape(r.text)).toContain(message);
    expect(r.text).toContain('enctype="multipart/form-data"');
  }
  expect((await stack.gateway.events(DNR)).length).toBe(before);
});

test("Krokom's protokollsutdrag through Krokom's report link: the report form pre-filled with justering and anslag; confirmed", async () => {
  const token = createReportToken({ dnr: DNR, party: 'krokom' as PartyId, expiresAt: '2099-12-31' as IsoDate }, WEB_LINK_SECRET);
  const link = await webClient(stack.base);
  const form = await link.request('GET', `/rapportera/${token}`);
  expect(form.text).toContain(`href="/rapportera/${token}/protokollsutdrag"`);
  const wrong = await upload(link, `/rapportera/${token}/protokollsutdrag`, { text: SEED_004 });
  expect(wrong.status).toBe(400);
  expect(unescape(wrong.text)).toContain('är Region Jämtland Härjedalens beslut, inte Krokoms kommuns: läs in den med Region Jämtland Härjedalens egen länk');
  const page = await upload(link, `/rapportera/${token}/protokollsutdrag`, { file: { bytes: await pdfFromLines(KROKOM.split('\n')), type: 'application/pdf', name: 'utdrag.pdf' } });
  expect(page.status).toBe(200);
  const v = formValues(page.text);
  expect(v).toMatchObject({ organ: 'Kommunstyrelsen', meetingDate: '2026-04-08', paragraf: '52', outcome: 'bifall', dnr: 'KS 2026/118', 'justering.date': '2026-04-13', 'justering.justerare': 'Anna Berglund, Erik Holm', 'anslag.posted': '2026-04-14' });
  expect(v.expedierasTill!.split('\n')).toEqual(['Regionens samverkansråd', 'Länsstyrelsen Jämtlands län', 'Kommundirektören, Krokoms kommun']);
  expect(page.text).toContain(`action="/rapportera/${token}"`);
  const { note: _n, ...filled } = v;
  const sent = await link.request('POST', `/rapportera/${token}`, { form: { ...filled, _csrf: link.csrf } });
  expect(sent.status).toBe(303);
  const t = await track('krokom');
  expect(t.decisions[0]).toMatchObject({ organ: 'Kommunstyrelsen', paragraf: 52, outcome: 'bifall', dnr: 'KS 2026/118' });
  expect(t.justering).toMatchObject({ date: '2026-04-13', justerare: ['Anna Berglund', 'Erik Holm'] });
  expect(t.anslag?.posted).toBe('2026-04-14');
  console.log(`krokom after the report link: ${t.state}`);
});

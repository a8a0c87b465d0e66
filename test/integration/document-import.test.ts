// "Läs in från kallelse/protokoll" over real HTTP on a dev server: seed 002 pasted and uploaded as a
// real PDF gives its items; picking RS/62/2026 gives the registration form pre-filled with source
// marks and the missing fields marked; submitting it (filled in) registers the case; bad input is a
// 400 page with a Swedish message and registers nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startWebStack, type WebStack } from '../helpers/web-stack';
import { webClient, type WebClient } from '../helpers/web-session';
import { pdfFromLines } from '../helpers/pdf-from-text';
import { daysFromToday } from '../helpers/dates';
import { STACK_STOP_TIMEOUT_MS } from '../helpers/teardown';

jest.setTimeout(60_000);

const SEED_002 = readFileSync(join(__dirname, '../fixtures/documents/seed-002-rsr-kallelse-2026-01-26.txt'), 'utf8');

let stack: WebStack;
let admin: WebClient;

beforeAll(async () => {
  stack = await startWebStack();
  admin = await webClient(stack.base, stack.tokens.administrator);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
}, STACK_STOP_TIMEOUT_MS);

/** A multipart POST with the admin's cookies, as the browser sends the import forms. */
async function multipart(path: string, fields: Record<string, string>, file?: { bytes: Uint8Array; name: string; type: string }, client: WebClient = admin) {
  const form = new FormData();
  form.append('_csrf', client.csrf);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append('fil', new Blob([file.bytes], { type: file.type }), file.name);
  const response = await fetch(`${stack.base}${path}`, { method: 'POST', headers: { cookie: client.cookie }, body: form, redirect: 'manual' });
  return { status: response.status, text: await response.text() };
}

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const hidden = (page: string, name: string) => decode(page.match(new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`))?.[1] ?? '');
const radioFor = (page: string, dnr: string) => page.match(new RegExp(`name="punkt" value="(\\d+)"[^>]*>\\s*</td>\\s*<td>[^<]*</td>\\s*<td>${dnr.replace(/\//g, '\\/')}</td>`))?.[1];
const inputValue = (page: string, id: string) => decode(page.match(new RegExp(`id="${id}" name="[^"]+" type="[^"]+" value="([^"]*)"`))?.[1] ?? '');
const textareaValue = (page: string, id: string) => decode(page.match(new RegExp(`<textarea id="${id}"[^>]*>([^<]*)</textarea>`))?.[1] ?? '');
const mark = (page: string, id: string) => decode(page.match(new RegExp(`<p class="mark [^"]+" id="${id}-kalla">(.*?)</p>`))?.[1] ?? '');
const caseStatus = async (slug: string) => (await stack.api('GET', `/api/v1/cases/${slug}`, undefined, 'manager')).status;

test('paste seed 002 → items; pick RS/62/2026 → pre-filled form with marks; fill the rest and submit → registered', async () => {
  const items = await multipart('/registrera/handling', { text: SEED_002 });
  expect(items.status).toBe(200);
  for (const word of ['RS/62/2026', 'HSN/2088/2025', 'Rekommendation', 'Information', 'Fastställande av föredragningslistan', 'Val av justerare', 'Paus']) expect(items.text).toContain(word);
  // Not recommendations: shown, not offered.
  expect(items.text.match(/name="punkt"/g)).toHaveLength(2);
  const text = hidden(items.text, 'text');
  expect(text.replace(/\r\n/g, '\n')).toBe(SEED_002.replace(/\r\n?/g, '\n'));
  const index = radioFor(items.text, 'RS/62/2026');
  expect(index).toBeDefined();

  const form = await multipart('/registrera/handling/punkt', { text, punkt: index! });
  expect(form.status).toBe(200);
  expect(form.text).toContain('action="/registrera"');
  expect(inputValue(form.text, 'f-dnr')).toBe('RS/62/2026');
  expect(mark(form.text, 'f-dnr')).toBe('Ur handlingen, rad 48');
  expect(inputValue(form.text, 'f-title')).toBe('Etablering av arbetsgrupp för samarbete inom totalförsörjningsfrågor');
  expect(mark(form.text, 'f-title')).toBe('Ur handlingen, rad 47–48');
  expect(textareaValue(form.text, 'f-tjansteskrivelse-summary')).toMatch(/^Region Jämtland Härjedalen, länets kommuner/);
  expect(textareaValue(form.text, 'f-recommendation-points').split('\n')).toEqual(['Delta i det aktörsgemensamma arbetet', 'Avdela personal till arbetsgruppen', 'Avdela direktör/länsråd till styrgruppen']);
  expect(mark(form.text, 'f-recommendation-points')).toBe('Ur handlingen, rad 75–77');
  expect(inputValue(form.text, 'f-rsrMeetingDate')).toBe('2026-01-26');
  for (const id of ['f-handlaggare-name', 'f-tjansteskrivelse-date', 'f-tjansteskrivelse-author', 'f-recommendation-senast']) {
    expect(mark(form.text, id)).toMatch(/^Saknas i handlingen – fyll i/);
    expect(form.text).toMatch(new RegExp(`id="${id}"[^>]*aria-describedby="[^"]*${id}-kalla`));
  }
  expect(mark(form.text, 'f-recommendation-senast')).toContain('Förslaget anger ingen dag då huvudmännen senast ska besluta');
  const recipients = textareaValue(form.text, 'f-expedierasTill').split('\n');
  expect(recipients).toContain('Tomas Jonsson, Kommundirektör, Krokoms kommun');
  expect(await caseStatus('RS-62-2026')).toBe(404);

  // Submit the pre-filled values with the missing ones filled: the ordinary POST /registrera.
  const values: Record<string, string | string[]> = {
    _csrf: admin.csrf,
    dnr: inputValue(form.text, 'f-dnr'),
    title: inputValue(form.text, 'f-title'),
    'handlaggare.name': 'Kim Exempelsson',
    'tjansteskrivelse.date': '2026-01-12',
    'tjansteskrivelse.author': 'Kim Exempelsson',
    'tjansteskrivelse.summary': textareaValue(form.text, 'f-tjansteskrivelse-summary'),
    'tjansteskrivelse.forslagTillBeslut': textareaValue(form.text, 'f-tjansteskrivelse-forslagTillBeslut'),
    rsrMeetingDate: inputValue(form.text, 'f-rsrMeetingDate'),
    'recommendation.huvudman': [...form.text.matchAll(/name="recommendation\.huvudman" value="([^"]+)" checked/g)].map((m) => m[1]!),
    'recommendation.points': textareaValue(form.text, 'f-recommendation-points'),
    'recommendation.senast': daysFromToday(60),
    expedierasTill: textareaValue(form.text, 'f-expedierasTill'),
    beslutsunderlag: textareaValue(form.text, 'f-beslutsunderlag'),
  };
  expect(values['recommendation.huvudman']).toHaveLength(9);
  // Refused once (no senast): today's validation at the field, the source marks shown again.
  const refused = await admin.request('POST', '/registrera', { form: { ...values, 'recommendation.senast': '', _kallor: hidden(form.text, '_kallor') } });
  expect(refused.status).toBe(400);
  expect(refused.text).toContain('class="error-summary"');
  expect(refused.text).toMatch(/id="f-recommendation-senast-fel"/);
  expect(mark(refused.text, 'f-dnr')).toBe('Ur handlingen, rad 48');
  expect(await caseStatus('RS-62-2026')).toBe(404);
  const submitted = await admin.request('POST', '/registrera', { form: values });
  expect({ status: submitted.status, location: submitted.location }).toEqual({ status: 303, location: '/arende/RS-62-2026' });
  const registered = (await stack.api('GET', '/api/v1/cases/RS-62-2026', undefined, 'manager')).json;
  expect(registered.title).toBe('Etablering av arbetsgrupp för samarbete inom totalförsörjningsfrågor');
  expect(registered.points).toEqual(['Delta i det aktörsgemensamma arbetet', 'Avdela personal till arbetsgruppen', 'Avdela direktör/länsråd till styrgruppen']);
  expect(registered.huvudman).toHaveLength(9);
});

test('seed 002 uploaded as a real PDF gives the same items', async () => {
  const pdf = await pdfFromLines(SEED_002.split(/\r?\n/), { header: 'Kallelse Regionens samverkansråd 2026-01-26', footer: 'Sida {page} av {pages}' });
  console.log(`seed 002 as PDF: ${pdf.length} bytes`);
  const pasted = await multipart('/registrera/handling', { text: SEED_002 });
  const uploaded = await multipart('/registrera/handling', {}, { bytes: pdf, name: 'kallelse.pdf', type: 'application/pdf' });
  expect(uploaded.status).toBe(200);
  const rows = (page: string) => [...page.matchAll(/<tr[^>]*>\s*<td>[\s\S]*?<\/tr>/g)].map((m) => m[0].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());
  expect(rows(uploaded.text)).toEqual(rows(pasted.text));
  expect(rows(uploaded.text).some((r) => r.includes('HSN/2088/2025'))).toBe(true);
  const form = await multipart('/registrera/handling/punkt', { text: hidden(uploaded.text, 'text'), punkt: radioFor(uploaded.text, 'HSN/2088/2025')! });
  expect(inputValue(form.text, 'f-dnr')).toBe('HSN/2088/2025');
});

test('an item of an RSR protokoll (seed 000): the decision, justering and anslag it holds are offered for the case page', async () => {
  const protokoll = readFileSync(join(__dirname, '../fixtures/documents/seed-000-rsr-protokoll-2025-05-05.txt'), 'utf8');
  const items = await multipart('/registrera/handling', { text: protokoll });
  expect(items.text).toContain('Övriga frågor');
  const form = await multipart('/registrera/handling/punkt', { text: hidden(items.text, 'text'), punkt: radioFor(items.text, 'RS/418/2025')! });
  expect(form.status).toBe(200);
  const note = decode(form.text.match(/<h2>Protokollet visar också<\/h2>([\s\S]*?)<\/div>/)?.[1] ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  expect(note).toContain('sammanträdet 2025-05-05, § 13, 3 beslutspunkter');
  expect(note).toContain('2025-05-14, justerare Richard Nilsson');
  expect(note).toContain('uppsatt 2025-05-15, nedtaget 2025-06-09');
  expect(note).toContain('Registrera dem på ärendets sida');
});

test('bad input: a 400 page with a Swedish message, nothing registered', async () => {
  const cases: { name: string; fields: Record<string, string>; file?: { bytes: Uint8Array; name: string; type: string }; message: RegExp }[] = [
    { name: 'nothing', fields: { text: '  ' }, message: /Välj en fil \(PDF eller text\) eller klistra in handlingens text/ },
    { name: 'binary', fields: {}, file: { bytes: new Uint8Array([0xff, 0xfe, 0x00, 0x81, 0x90]), name: 'x.bin', type: 'application/octet-stream' }, message: /varken en PDF eller text i UTF-8/ },
    { name: 'damaged PDF', fields: {}, file: { bytes: new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >>\ntrasig'), name: 'trasig.pdf', type: 'application/pdf' }, message: /Handlingen kunde inte läsas: / },
    { name: 'no items', fields: { text: 'Hej!\nDetta är inget protokoll.\n' }, message: /inga punkter eller paragrafer hittades/ },
    { name: 'too large', fields: {}, file: { bytes: new Uint8Array(20 * 1024 * 1024 + 10).fill(0x41), name: 'stor.pdf', type: 'application/pdf' }, message: /Filen är större än 20 MB/ },
  ];
  for (const c of cases) {
    const r = await multipart('/registrera/handling', c.fields, c.file);
    expect({ name: c.name, status: r.status }).toEqual({ name: c.name, status: 400 });
    expect(r.text).toMatch(c.message);
    expect(r.text).toContain('class="error-summary"');
  }
  // A pick of an item that is not a recommendation, or of none.
  const notOffered = await multipart('/registrera/handling/punkt', { text: SEED_002, punkt: '0' });
  expect(notOffered.status).toBe(400);
  expect(notOffered.text).toContain('Välj ett av ärendena i listan.');
  // Without the CSRF token: refused by the CSRF check.
  const form = new FormData();
  form.append('text', SEED_002);
  const noCsrf = await fetch(`${stack.base}/registrera/handling`, { method: 'POST', headers: { cookie: admin.cookie }, body: form });
  expect(noCsrf.status).toBe(403);
  // HSN/2088/2025 was read (PDF test) and picked, never submitted: not registered.
  expect(await caseStatus('HSN-2088-2025')).toBe(404);
  expect(await caseStatus('RS-62-2026')).toBe(200);
});

test('a registrator and a manager may not use it', async () => {
  for (const token of [stack.tokens.krokom, stack.tokens.manager]) {
    const client = await webClient(stack.base, token);
    expect((await client.request('GET', '/registrera/handling')).status).toBe(403);
    expect((await multipart('/registrera/handling', { text: SEED_002 }, undefined, client)).status).toBe(403);
  }
});

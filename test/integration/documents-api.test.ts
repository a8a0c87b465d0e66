// POST /api/v1/documents/parse over real HTTP, on a Temporal dev server with the real workflows
// (test/helpers/web-stack.ts): seed 002 as pasted text and as a raw text body gives its items with
// proposals; seed 004 as a PDF (base64 and raw) gives region-jh's § 31 decision, matched to RS/62/2026
// by its Dnr; a registrator gets its own party's decisions only; a manager is refused; bad input is
// a 400 naming the field. The PDF is read in this process (the server runs in-process here).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pdfFromLines } from '../helpers/pdf-from-text';
import { startWebStack, type WebStack } from '../helpers/web-stack';
import { STACK_START_TIMEOUT_MS, STACK_STOP_TIMEOUT_MS } from '../helpers/teardown';
import { demoCase } from '../workflow/support';

const CORPUS = path.join(__dirname, '../fixtures/documents');
const seed = (file: string) => readFileSync(path.join(CORPUS, file), 'utf8');
const SEED_002 = seed('seed-002-rsr-kallelse-2026-01-26.txt');
const SEED_004 = seed('seed-004-rs-protokoll-2026-03-25.txt');

let stack: WebStack;
let pdf004: Buffer;

beforeAll(async () => {
  stack = await startWebStack();
  // RS/62/2026 registered only: no RSR decision yet, the decision is matched by the Dnr alone.
  expect((await stack.api('POST', '/api/v1/cases', demoCase('RS-62-2026.json').registration, 'administrator')).status).toBe(201);
  pdf004 = Buffer.from(await pdfFromLines(SEED_004.split('\n'), { header: 'Protokoll Regionstyrelsen 2026-03-25', footer: 'Sida {page} av {pages}' }));
}, STACK_START_TIMEOUT_MS);

afterAll(async () => {
  await stack?.stop();
}, STACK_STOP_TIMEOUT_MS);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function raw(body: Buffer | string, contentType: string, who: keyof WebStack['tokens'] = 'administrator'): Promise<{ status: number; json: Json }> {
  const response = await fetch(`${stack.base}/api/v1/documents/parse`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.tokens[who]}`, 'content-type': contentType },
    body,
  });
  return { status: response.status, json: (await response.json()) as Json };
}

function expectSeed002(json: Json) {
  expect(json.type).toBe('kallelse');
  expect(json.decisions).toEqual([]);
  const proposed = (json.items as Json[]).filter((i) => i.proposal);
  expect(proposed.map((i) => i.proposal.draft.dnr)).toEqual(['RS/62/2026', 'HSN/2088/2025']);
  const rs62 = proposed[0]!.proposal;
  expect(rs62.draft).toMatchObject({ rsrMeetingDate: '2026-01-26', recommendation: { points: ['Delta i det aktörsgemensamma arbetet', 'Avdela personal till arbetsgruppen', 'Avdela direktör/länsråd till styrgruppen'] } });
  expect(rs62.missing).toEqual(expect.arrayContaining(['handlaggare.name', 'tjansteskrivelse.date', 'tjansteskrivelse.author', 'recommendation.senast']));
  expect(rs62.sources.dnr).toEqual([48]);
  // Items that are no cases have no proposal.
  expect((json.items as Json[]).filter((i) => !i.proposal).map((i) => i.kind)).toEqual(['justerare', 'fastst-lista', 'paus', 'information']);
}

describe('POST /api/v1/documents/parse', () => {
  test('seed 002 as pasted text: its items, RS/62/2026 and HSN/2088/2025 with proposals', async () => {
    const { status, json } = await stack.api('POST', '/api/v1/documents/parse', { text: SEED_002 }, 'administrator');
    expect(status).toBe(200);
    expectSeed002(json as Json);
  });

  test('seed 002 as a text/plain body: the same', async () => {
    const { status, json } = await raw(SEED_002, 'text/plain; charset=utf-8');
    expect(status).toBe(200);
    expectSeed002(json);
  });

  test('seed 004 as a PDF (base64 and application/pdf): region-jh’s § 31 matched to RS/62/2026 by its Dnr', async () => {
    console.log(`seed 004 as a PDF: ${pdf004.length} bytes`);
    for (const answer of [await stack.api('POST', '/api/v1/documents/parse', { pdf: pdf004.toString('base64') }, 'administrator'), await raw(pdf004, 'application/pdf')]) {
      expect(answer.status).toBe(200);
      const json = answer.json as Json;
      expect(json.header.party.value).toBe('region-jh');
      // A huvudman's protokoll: decisions, no registrations.
      expect((json.items as Json[]).filter((i) => i.proposal)).toEqual([]);
      const matched = (json.decisions as Json[]).filter((d) => d.case);
      expect(matched.map((d) => d.case)).toEqual([{ dnr: 'RS/62/2026', title: 'Etablering av arbetsgrupp för samarbete inom totalförsörjningsfrågor', match: 'dnr' }]);
      const draft = matched[0]!.proposal.draft;
      expect(draft).toMatchObject({ type: 'huvudman-decided', party: 'region-jh', organ: 'Regionstyrelsen', meetingDate: '2026-03-25', paragraf: 31, outcome: 'bifall' });
      expect(draft.beslut).toHaveLength(3);
      expect(draft.expedierasTill.length).toBeGreaterThan(0);
    }
  });

  test('a registrator of Krokom gets no region-jh decision; the items stay', async () => {
    const { status, json } = await raw(pdf004, 'application/pdf', 'krokom');
    expect(status).toBe(200);
    expect(json.decisions).toEqual([]);
    expect(json.items.length).toBeGreaterThan(10);
  });

  test('a manager is refused (403), in Swedish', async () => {
    const { status, json } = await stack.api('POST', '/api/v1/documents/parse', { text: SEED_002 }, 'manager');
    expect(status).toBe(403);
    expect(json.error).toMatch(/^förvaltare får inte läsa in en kallelse/);
  });

  test('bad input: 400 naming the field and the rule', async () => {
    const cases: Array<[string, Promise<{ status: number; json: Json }>, string, RegExp]> = [
      ['empty text', stack.api('POST', '/api/v1/documents/parse', { text: '   ' }, 'administrator'), 'body.text', /tom/],
      ['neither field', stack.api('POST', '/api/v1/documents/parse', { dokument: 'x' }, 'administrator'), 'body', /dokument/],
      ['both fields', stack.api('POST', '/api/v1/documents/parse', { text: 'x', pdf: 'eA==' }, 'administrator'), 'body.text', /antingen text .* eller pdf/],
      ['text not a string', stack.api('POST', '/api/v1/documents/parse', { text: 5 }, 'administrator'), 'body.text', /./],
      ['pdf not base64', stack.api('POST', '/api/v1/documents/parse', { pdf: 'inte base64!' }, 'administrator'), 'body.pdf', /base64/],
      ['pdf not a PDF', stack.api('POST', '/api/v1/documents/parse', { pdf: Buffer.from('hej hej').toString('base64') }, 'administrator'), 'body.pdf', /ingen PDF/],
      ['damaged PDF', raw(Buffer.concat([pdf004.subarray(0, 2000)]), 'application/pdf'), 'body', /PDF/],
      ['not UTF-8 text', raw(Buffer.from([0x66, 0xff, 0xfe, 0x41]), 'text/plain'), 'body', /UTF-8/],
      ['PDF over 20 MiB', stack.api('POST', '/api/v1/documents/parse', { pdf: Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(20 * 1024 * 1024 + 1)]).toString('base64') }, 'administrator'), 'body.pdf', /20 MiB/],
    ];
    for (const [what, answer, field, rule] of cases) {
      const { status, json } = await answer;
      console.log(`${what}: ${status} ${json.error}`);
      expect({ what, status }).toEqual({ what, status: 400 });
      expect({ what, paths: (json.details as Json[]).map((d) => d.path) }).toEqual({ what, paths: expect.arrayContaining([expect.stringMatching(new RegExp(`^${field.replace('.', '\\.')}`))]) });
      expect({ what, messages: (json.details as Json[]).map((d) => d.message).join(' ') + ' ' + json.error }).toEqual({ what, messages: expect.stringMatching(rule) });
    }
  });

  test('the OpenAPI document shows the route with its request and response', async () => {
    const doc = (await (await fetch(`${stack.base}/api/openapi.json`)).json()) as Json;
    const route = doc.paths['/api/v1/documents/parse'].post;
    expect(Object.keys(route.requestBody.content)).toContain('application/json');
    expect(JSON.stringify(route.requestBody.content['application/json'].schema)).toContain('pdf');
    expect(route.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/DocumentReading' });
    expect(Object.keys(doc.components.schemas.DocumentReading.properties)).toEqual(['type', 'header', 'missing', 'items', 'decisions']);
  });
});

// An error names the field as the form's label does: the appeal's "Överklagandet kom in", not
// "Inkom"; a correction's "Beslutet: paragraf (§)", not "changes › Paragraf (§)". Every message of a
// bad appeal or correction (through the administrator's forms, in-process over a fake gateway) starts
// with a label the form shows, and the API's messages use the same words (domain/field-labels.ts).
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import type { CaseGateway } from '../../../client/api/gateway';
import type { FullCaseStatus } from '../../../client/cases';
import { registerAdminForms } from '../../../client/web/admin-forms';
import { AppealFiled, CorrectionRecorded } from '../../../domain/events';
import { validate } from '../../../domain/errors';
import { registry } from '../../workflow/support';

const status = {
  dnr: 'RS/62/2026',
  title: 'Arbetsgrupp',
  stage: 'anslag',
  huvudman: ['krokom'],
  tracks: [],
  trackStatus: [],
  rsrMeetingDate: '2026-01-26',
} as unknown as FullCaseStatus;

let app: FastifyInstance;
beforeAll(async () => {
  app = Fastify();
  await app.register(async (web) => {
    await web.register(fastifyCookie, { secret: 'cookie-secret-0123456789-0123456789' });
    await web.register(fastifyFormbody);
    await web.register(fastifyCsrf, { sessionPlugin: '@fastify/cookie', cookieOpts: { signed: true, httpOnly: true, sameSite: 'strict', path: '/' } });
    web.addHook('onRequest', async (req) => {
      req.principal = { role: 'administrator', name: 'administrator' };
    });
    registerAdminForms(web, { cases: { status: async () => status } as unknown as CaseGateway, registry });
  });
});
afterAll(() => app.close());

const decode = (text: string) => text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The labels and legends the form shows (without "(obligatoriskt)"). */
function labelsOf(markup: string): string[] {
  return [...markup.matchAll(/<(?:label|legend)[^>]*>([\s\S]*?)<\/(?:label|legend)>/g)].map((m) => decode(m[1]!.replace(/<span class="required">[^<]*<\/span>/, '').replace(/<[^>]+>/g, '')).trim());
}

/** The messages of the error summary. */
function errorsOf(markup: string): string[] {
  const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(markup)?.[0] ?? '';
  return [...summary.matchAll(/<a [^>]*>([\s\S]*?)<\/a>/g)].map((m) => decode(m[1]!));
}

async function submit(path: string, fields: Record<string, string>) {
  const form = await app.inject({ method: 'GET', url: path });
  expect(form.statusCode).toBe(200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
  const cookie = form.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const res = await app.inject({ method: 'POST', url: path, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString() });
  expect(res.statusCode).toBe(400);
  return { labels: labelsOf(form.body), errors: errorsOf(res.body) };
}

/** Each error starts with one of the form's labels. */
function expectNamedByLabels({ labels, errors }: { labels: string[]; errors: string[] }, count: number) {
  expect(errors.length).toBeGreaterThanOrEqual(count);
  for (const error of errors) expect({ error, named: labels.some((l) => error.startsWith(`${l}: `)) }).toEqual({ error, named: true });
}

test("a bad appeal's errors name its fields as the form does (Överklagat beslut, Överklagandet kom in)", async () => {
  const result = await submit('/arende/RS-62-2026/overklagande', { party: 'Inte ett id', filedOn: '2026-13-45', court: 'Förvaltningsrätten\u0007', reference: '1234\u0001-26' });
  expectNamedByLabels(result, 4);
  expect(result.errors.some((e) => e.startsWith('Överklagandet kom in: '))).toBe(true);
  expect(result.errors.some((e) => e.startsWith('Överklagat beslut: '))).toBe(true);
  expect(result.errors.some((e) => e.startsWith('Instans: '))).toBe(true);
  expect(result.errors.some((e) => e.startsWith('Målnummer: '))).toBe(true);
});

test("a bad correction's errors name its fields as the form does (Protokoll, Beslutet: paragraf (§), Skäl till rättelsen)", async () => {
  const result = await submit('/arende/RS-62-2026/rattelse', { party: 'Inte ett id', target: 'decision', 'changes.meetingDate': '2026-02-30', 'changes.paragraf': '0', reason: '' });
  expectNamedByLabels(result, 4);
  expect(result.errors).toEqual(expect.arrayContaining([expect.stringMatching(/^Protokoll: /), expect.stringMatching(/^Beslutet: sammanträdesdag: /), expect.stringMatching(/^Beslutet: paragraf \(§\): /), expect.stringMatching(/^Skäl till rättelsen: /)]));
});

test('the API names the same fields with the same words', () => {
  const appeal = validate(AppealFiled, { type: 'appeal-filed', filedOn: '2026-13-45', court: 7, reference: 7 });
  expect(appeal.ok ? [] : appeal.issues.map((i) => i.field).sort()).toEqual(['Instans', 'Målnummer', 'Överklagandet kom in']);
  const correction = validate(CorrectionRecorded, { type: 'correction-recorded', target: 'appeal', changes: { filedOn: '2026-13-45' }, reason: 'Fel dag' });
  expect(correction.ok ? [] : correction.issues.map((i) => i.field)).toEqual(['Överklagandet: kom in']);
  // A field that does not belong to what is corrected: named, and the allowed ones too, as the form names them.
  const misplaced = validate(CorrectionRecorded, { type: 'correction-recorded', target: 'appeal', changes: { paragraf: 3 }, reason: 'Fel paragraf' });
  expect(misplaced.ok ? [] : misplaced.issues.map((i) => `${i.field}: ${i.message}`)).toEqual([
    'Beslutet: paragraf (§): hör inte till överklagandet; tillåtna: Överklagandet: kom in, Överklagandet: klagande, Överklagandet: instans',
  ]);
});

// End to end, in Debian's Chromium, with real e-mail: an appeal reported through the report link
// in the request e-mail (errors next to the fields first), and one through the administrator's form
// on the case page; both reach the track (överklagad) through the same recordEvent as the API. The
// case page shows the tjänsteskrivelse, the points and senast, the beredning, Expedieras till, the
// beslutsunderlag, the appeals and links the archive export. Screenshots in test-results/screenshots/.
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from '../helpers/browser';
import { requestWithReportLink, startWebStack, type WebStack } from '../helpers/web-stack';
import { eventually } from '../helpers/temporal';
import { daysFromToday } from '../helpers/dates';
import { demoCase, registrationFrom } from '../workflow/support';
import { STACK_STOP_TIMEOUT_MS } from '../helpers/teardown';

jest.setTimeout(90_000);

const rs62 = demoCase('RS-62-2026.json');
const [rsrDecided] = rs62.events as unknown as [Record<string, unknown>];
const DNR = 'RS/631/2026';
const SLUG = 'RS-631-2026';
const d = daysFromToday;

let stack: WebStack;
let browser: Browser;
let link: string;

async function post(path: string, body: unknown): Promise<void> {
  const { status, json } = await stack.api('POST', path, body, 'administrator');
  if (status >= 300) throw new Error(`${path}: ${status} ${JSON.stringify(json)}`);
}

async function trackState(party: string): Promise<string | undefined> {
  const { json } = await stack.api('GET', `/api/v1/cases/${SLUG}`, undefined, 'manager');
  return (json.trackStatus as { party: string; state: string }[] | undefined)?.find((t) => t.party === party)?.state;
}

async function errorFor(page: Page, id: string): Promise<string> {
  const describedBy = (await page.getAttribute(`#${id}`, 'aria-describedby')) ?? '';
  const errorId = describedBy.split(' ').find((x) => x.endsWith('-fel'));
  return errorId ? ((await page.textContent(`#${errorId}`)) ?? '') : '';
}

beforeAll(async () => {
  [stack, browser] = await Promise.all([startWebStack({ mail: true }), launchBrowser()]);
  await post('/api/v1/cases', registrationFrom(rs62.registration, {
    dnr: DNR,
    tjansteskrivelse: { ...rs62.registration.tjansteskrivelse, date: d(-40) },
    beredning: [{ organ: 'Regionala ledningsgruppen', party: 'regionala-ledningsgruppen' as never, meetingDate: d(-35), paragraf: 12, outcome: 'forslag', note: 'Föreslog en arbetsgrupp' }],
    rsrMeetingDate: d(-30),
    recommendation: { ...rs62.registration.recommendation, huvudman: ['krokom', 'ostersund'] as never, senast: d(67) },
    beslutsunderlag: [{ title: 'Tjänsteskrivelse om försörjningsberedskap', url: 'https://example.org/ts.pdf' }, { title: 'Protokoll RSR' }],
  }));
  await post(`/api/v1/cases/${SLUG}/beredning`, { organ: 'SVOM', meetingDate: d(-32), outcome: 'tillstyrkt' });
  const { type: _t, ...rsr } = rsrDecided;
  await post(`/api/v1/cases/${SLUG}/rsr-beslut`, { ...rsr, meetingDate: d(-30) });
  await post(`/api/v1/cases/${SLUG}/justering`, { justerare: ['Alex Exempel'], date: d(-29) });
  await eventually(async () => ((await trackState('krokom')) && (await trackState('ostersund')) ? true : undefined), { timeoutMs: 30_000 });
  // Both decide and post their anslag a week ago: the appeal period runs.
  for (const party of ['krokom', 'ostersund']) {
    await post(`/api/v1/cases/${SLUG}/beslut`, { party, organ: 'Kommunstyrelsen', meetingDate: d(-10), paragraf: 31, outcome: 'bifall', justering: { justerare: ['Anna A'], date: d(-8) }, anslag: { posted: d(-7) } });
  }
  ({ link } = await requestWithReportLink(stack, DNR, 'registrator@krokom.example'));
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, STACK_STOP_TIMEOUT_MS);

test('the registrator reports an appeal through the report link: errors at the fields, then the receipt; the track is överklagad', async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(link);
  await page.getByRole('heading', { name: 'Rapportera ett överklagande' }).waitFor();
  await screenshot(page, 'overklagande-rapportlank');

  // A date that does not exist: named at its field.
  await page.getByLabel('Överklagandet kom in').fill('2026-02-30');
  await page.getByRole('button', { name: 'Skicka överklagandet' }).click();
  await page.waitForSelector('.error-summary');
  expect(await errorFor(page, 'f-filedOn')).toContain('"2026-02-30" finns inte i kalendern');
  expect(await page.getAttribute('#f-filedOn', 'aria-invalid')).toBe('true');
  await screenshot(page, 'overklagande-rapportlank-fel');

  await page.getByLabel('Överklagandet kom in').fill(d(-2));
  await page.getByLabel('Instans').fill('Förvaltningsrätten i Härnösand');
  await page.getByLabel('Målnummer').fill('1234-26');
  await page.getByRole('button', { name: 'Skicka överklagandet' }).click();
  await page.waitForURL(/\/kvitto\?overklagande=1$/);
  expect(await page.textContent('h1')).toBe('Tack, överklagandet är registrerat');
  expect(await page.textContent('main')).toContain('mål 1234-26');
  await screenshot(page, 'overklagande-rapportlank-kvitto');

  expect(await trackState('krokom')).toBe('appealed');
  const log = (await stack.api('GET', `/api/v1/cases/${SLUG}/events`, undefined, 'manager')).json as unknown as { actor: string; type: string }[];
  expect(log).toEqual(expect.arrayContaining([expect.objectContaining({ actor: 'rapportlänk/krokom', type: 'appeal-filed' })]));
});

test('an administrator reports an appeal from the case page; the case page reads well', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${stack.base}/logga-in?next=/arende/${SLUG}`);
  await page.getByLabel('Nyckel').fill(stack.tokens.administrator);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForURL(`${stack.base}/arende/${SLUG}`);

  // The registration: tjänsteskrivelse, points and senast, beredning, Expedieras till, beslutsunderlag, export.
  const main = (await page.textContent('main')) ?? '';
  const t = rs62.registration.tjansteskrivelse;
  expect(main).toContain(t.author);
  expect(main).toContain(t.summary.slice(0, 60));
  for (const point of [...t.forslagTillBeslut, ...rs62.registration.recommendation.points]) expect(main).toContain(point);
  expect(main).toContain(`2 huvudmän ombeds besluta senast ${d(67)}`);
  expect(await page.locator('table.beredning tbody tr').allTextContents()).toEqual([
    expect.stringContaining('Regionala ledningsgruppen'),
    expect.stringContaining('tillstyrkt'),
  ]);
  expect(main).toContain('lämnat förslag');
  expect(await page.locator('ul.recipients li').allTextContents()).toEqual(
    // Each line as written, with what it reaches only when the line does not already say it.
    expect.arrayContaining(['Regionstyrelsen Region Jämtland Härjedalen', 'Kommunstyrelser i länets kommuner', 'Tomas Jonsson, Kommundirektör, Krokoms kommun']),
  );
  expect(await page.getAttribute('ul.documents a', 'href')).toBe('https://example.org/ts.pdf');
  const exportLink = page.getByRole('link', { name: 'Exportera akten (JSON)' });
  const exported = await context.request.get(`${stack.base}${await exportLink.getAttribute('href')}`);
  expect(exported.status()).toBe(200);
  expect(exported.headers()['content-disposition']).toBe(`attachment; filename="${SLUG}.json"`);
  expect((await exported.json()).dnr).toBe(DNR);

  await page.getByRole('link', { name: 'Registrera ett överklagande' }).click();
  await page.getByRole('heading', { level: 1, name: 'Registrera ett överklagande' }).waitFor();
  await page.getByLabel('Överklagat beslut').selectOption('ostersund');
  // Without the day it came in: named at the field.
  await page.getByLabel('Överklagandet kom in').fill('');
  await page.getByRole('button', { name: 'Registrera' }).click();
  await page.waitForSelector('.error-summary');
  expect(await errorFor(page, 'f-filedOn')).toContain('saknas');
  await screenshot(page, 'overklagande-formular-fel');
  await page.getByLabel('Överklagandet kom in').fill(d(-1));
  await page.getByLabel('Instans').fill('Förvaltningsrätten i Härnösand');
  await page.getByLabel('Målnummer').fill('2345-26');
  await page.getByLabel('Klagande', { exact: true }).fill('En kommunmedlem');
  await page.getByRole('button', { name: 'Registrera' }).click();
  await page.waitForURL(`${stack.base}/arende/${SLUG}`);
  expect(await trackState('ostersund')).toBe('appealed');
  await page.reload();
  const appeals = await page.locator('table.appeals tbody tr').allTextContents();
  expect(appeals).toEqual(expect.arrayContaining([expect.stringContaining('2345-26'), expect.stringContaining('1234-26')]));
  expect(await page.locator('tr[data-party="ostersund"] .word').textContent()).toBe('överklagad');
  await screenshot(page, 'arende-sida-overklagad');
});

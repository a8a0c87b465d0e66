// End to end, in Debian's Chromium, with real e-mail: a case reaches its huvudmän, the worker's
// e-mail activity sends the request ("Begäran om beslut") through SMTP to the catcher; Krokom's
// registrator opens the /rapportera/ link from that message, gets the errors of a bad decision next
// to the fields, reports the decision, sees the receipt, and the manager's matrix changes. The link
// once used, an expired and a tampered link each get a clear page. Screenshots of every page.
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from '../helpers/browser';
import { requestWithReportLink, startWebStack, WEB_LINK_SECRET, type WebStack } from '../helpers/web-stack';
import { eventually } from '../helpers/temporal';
import { daysFromToday } from '../helpers/dates';
import { demoCase, registrationFrom } from '../workflow/support';
import { createReportToken } from '../../lib/report-links';
import { STACK_STOP_TIMEOUT_MS } from '../helpers/teardown';

jest.setTimeout(60_000);

const rs62 = demoCase('RS-62-2026.json');
const [rsrDecided, justering] = rs62.events as unknown as [Record<string, unknown>, Record<string, unknown>];
const DNR = 'RS/611/2026';
const SLUG = 'RS-611-2026';

let stack: WebStack;
let browser: Browser;
let link: string;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startWebStack({ mail: true, refreshSeconds: 1 }), launchBrowser()]);
  const registration = registrationFrom(rs62.registration, {
    dnr: DNR,
    title: 'Samverkan om <beredskap> & försörjning',
    rsrMeetingDate: '2026-11-16' as never,
    recommendation: { ...rs62.registration.recommendation, huvudman: ['krokom', 'ostersund'] as never, senast: daysFromToday(67) }, // the link in the request must not have expired on the day of the run
    expedierasTill: [],
  });
  expect((await stack.api('POST', '/api/v1/cases', registration, 'administrator')).status).toBe(201);
  const { type: _r, ...rsr } = rsrDecided;
  expect((await stack.api('POST', `/api/v1/cases/${SLUG}/rsr-beslut`, { ...rsr, meetingDate: '2026-11-16' }, 'administrator')).status).toBe(200);
  const { type: _j, ...just } = justering;
  expect((await stack.api('POST', `/api/v1/cases/${SLUG}/justering`, { ...just, date: '2026-11-18' }, 'administrator')).status).toBe(200);
  // The request to Krokom's registrator, as the SMTP catcher received it.
  const found = await requestWithReportLink(stack, DNR, 'registrator@krokom.example');
  const request = found.request;
  link = found.link;
  // The HTML part carries the same link.
  expect(String(request.html)).toContain(`href="${link}"`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, STACK_STOP_TIMEOUT_MS);

async function errorFor(page: Page, id: string): Promise<string> {
  const describedBy = (await page.getAttribute(`#${id}`, 'aria-describedby')) ?? '';
  const errorId = describedBy.split(' ').find((d) => d.endsWith('-fel'));
  return errorId ? ((await page.textContent(`#${errorId}`)) ?? '') : '';
}

test('the registrator reports the decision from the link in the e-mail; errors at the fields first; the matrix changes', async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(link);
  await page.getByRole('heading', { level: 1, name: 'Rapportera Krokoms kommuns beslut' }).waitFor();
  expect(await page.textContent('main')).toContain(DNR);
  expect(await page.textContent('main')).toContain('Samverkan om <beredskap> & försörjning');
  expect(await page.locator('ol.points li').allTextContents()).toEqual(rs62.registration.recommendation.points);
  expect(await page.getByLabel('Beslutande organ').inputValue()).toBe('Kommunstyrelsen');
  await screenshot(page, 'rapportera-formular');

  // An impossible date and no §: both named next to their field and in the summary.
  await page.getByLabel('Sammanträdesdatum').fill('2026-02-30');
  await page.getByLabel('Bifall', { exact: true }).check();
  await page.getByRole('button', { name: 'Skicka beslutet' }).click();
  await page.waitForSelector('.error-summary');
  expect(await page.textContent('.error-summary h2')).toBe('Beslutet kunde inte registreras: 2 fel');
  expect(await errorFor(page, 'f-meetingDate')).toContain('"2026-02-30" finns inte i kalendern (februari 2026 har 28 dagar)');
  expect(await errorFor(page, 'f-paragraf')).toContain('Paragraf (§): saknas (obligatoriskt)');
  expect(await page.getAttribute('#f-meetingDate', 'aria-invalid')).toBe('true');
  expect(await page.getByLabel('Sammanträdesdatum').inputValue()).toBe('2026-02-30');
  expect(await page.getByLabel('Bifall', { exact: true }).isChecked()).toBe(true);
  // The summary's link takes the keyboard to the field.
  await page.locator('.error-summary a', { hasText: 'Paragraf' }).click();
  expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('f-paragraf');
  await screenshot(page, 'rapportera-fel');

  // A meeting tomorrow cannot have happened: refused at its field by the track (its own clock).
  await page.getByLabel('Sammanträdesdatum').fill(daysFromToday(1));
  await page.getByLabel('Paragraf (§)').fill('31');
  await page.getByRole('button', { name: 'Skicka beslutet' }).click();
  await page.waitForSelector('.error-summary');
  expect(await errorFor(page, 'f-meetingDate')).toContain(`sammanträdet (${daysFromToday(1)}) kan inte ligga i framtiden`);

  await page.getByLabel('Sammanträdesdatum').fill(daysFromToday(-1));
  await page.getByLabel('Paragraf (§)').fill('31');
  await page.getByRole('button', { name: 'Skicka beslutet' }).click();
  await page.waitForURL(/\/kvitto$/);
  expect(await page.textContent('h1')).toBe('Tack, beslutet är registrerat');
  expect(await page.textContent('main')).toContain('§ 31');
  await screenshot(page, 'rapportera-kvitto');

  // Recorded on the track, as the link's actor.
  const status = await stack.api('GET', `/api/v1/cases/${SLUG}`, undefined, 'manager');
  const krokom = (status.json.trackStatus as { party: string; state: string; decisions: { paragraf: number }[] }[]).find((t) => t.party === 'krokom')!;
  expect(krokom).toMatchObject({ state: 'decided', decisions: [{ paragraf: 31 }] });
  const log = (await stack.api('GET', `/api/v1/cases/${SLUG}/events`, undefined, 'manager')).json as unknown as { actor: string; type: string }[];
  expect(log).toEqual(expect.arrayContaining([expect.objectContaining({ actor: 'rapportlänk/krokom', type: 'huvudman-decided' })]));

  // The manager's matrix: Krokom's cell for the case says decided.
  const manager = await (await browser.newContext()).newPage();
  await manager.goto(`${stack.base}/logga-in`);
  await manager.getByLabel('Nyckel').fill(stack.tokens.manager);
  await manager.getByRole('button', { name: 'Logga in' }).click();
  await manager.waitForURL(`${stack.base}/`);
  const cell = manager.locator(`tr[data-dnr="${DNR}"] td[data-party="krokom"]`);
  await eventually(async () => {
    await manager.reload();
    return (await cell.getAttribute('data-state')) === 'decided' ? true : undefined;
  }, { timeoutMs: 20_000 });
  expect(await cell.textContent()).toContain('beslutad');
  expect(await manager.locator(`tr[data-dnr="${DNR}"] td[data-party="ostersund"]`).getAttribute('data-state')).toBe('requested');
  await screenshot(manager, 'rapportera-matris-efter');

  // The link once used: the recorded decision, no second decision form (a correction form instead).
  await page.goto(link);
  expect(await page.textContent('h1')).toBe('Beslutet är registrerat');
  expect(await page.getByRole('heading', { name: 'Rätta en uppgift' }).count()).toBe(1);
  expect(await page.textContent('main')).toContain('Kommunstyrelsen');
  expect(await page.locator('input[name="meetingDate"]').count()).toBe(0);
  await screenshot(page, 'rapportera-anvand');
});

test('an expired link and a tampered link each get a clear page saying whom to contact', async () => {
  const page = await (await browser.newContext()).newPage();
  const expired = createReportToken({ dnr: DNR as never, party: 'ostersund' as never, expiresAt: '2025-12-31' as never }, WEB_LINK_SECRET);
  const response = await page.goto(`${stack.base}/rapportera/${expired}`);
  expect(response?.status()).toBe(410);
  expect(await page.textContent('h1')).toBe('Länken har gått ut');
  expect(await page.textContent('main')).toContain('onsdag 31 december 2025');
  expect(await page.getAttribute('main a[href^="mailto:"]', 'href')).toBe('mailto:samordningskansliet@regionjh.example');
  await screenshot(page, 'rapportera-utgangen');

  // Another party in the payload, with Krokom's signature: refused as tampered.
  const [payload, signature] = link.split('/rapportera/')[1]!.split('.') as [string, string];
  const forged = Buffer.from(Buffer.from(payload, 'base64url').toString('utf8').replace('"krokom"', '"ostersund"')).toString('base64url');
  const tampered = await page.goto(`${stack.base}/rapportera/${forged}.${signature}`);
  expect(tampered?.status()).toBe(403);
  expect(await page.textContent('h1')).toBe('Länken är inte giltig');
  await screenshot(page, 'rapportera-ogiltig');
  const ostersund = await stack.api('GET', `/api/v1/cases/${SLUG}`, undefined, 'manager');
  expect((ostersund.json.trackStatus as { party: string; state: string }[]).find((t) => t.party === 'ostersund')?.state).toBe('requested');
});

// End to end, in Debian's Chromium, with real e-mail: Krokom's registrator reports the anslag
// through the report link in the request e-mail with the wrong day, then corrects it on the same
// link (rättelse): errors next to the fields first (a day that does not exist, no reason; then a day
// in the future, refused by the track on its own clock), then the receipt. The case page shows the
// original entry struck and marked "rättad", the correction by the link's actor, and the new laga
// kraft date; registrator and samordningskansli get a "Rättelse" message. Screenshots of every page.
import type { Browser, Page } from 'playwright-core';
import { join } from 'node:path';
import { SCREENSHOT_DIR, launchBrowser, screenshot } from '../helpers/browser';
import { requestWithReportLink, startWebStack, type WebStack } from '../helpers/web-stack';
import { eventually } from '../helpers/temporal';
import { daysFromToday } from '../helpers/dates';
import { demoCase, registrationFrom } from '../workflow/support';
import { lagaKraftDate } from '../../domain/calendar';
import { formatSwedishDate } from '../../domain/dates';
import { STACK_STOP_TIMEOUT_MS } from '../helpers/teardown';

jest.setTimeout(90_000);

const rs62 = demoCase('RS-62-2026.json');
const [rsrDecided] = rs62.events as unknown as [Record<string, unknown>];
const DNR = 'RS/641/2026';
const SLUG = 'RS-641-2026';
const d = daysFromToday;
/** What Krokom's registrator first reports (a slip: the justering's day), and the day the anslag really went up. */
const REPORTED = d(-7);
const POSTED = d(-6);

let stack: WebStack;
let browser: Browser;
let link: string;

async function post(path: string, body: unknown): Promise<void> {
  const { status, json } = await stack.api('POST', path, body, 'administrator');
  if (status >= 300) throw new Error(`${path}: ${status} ${JSON.stringify(json)}`);
}

async function krokom(): Promise<{ state: string; anslag?: { posted: string; calendar: { lagaKraft: string } } } | undefined> {
  const { json } = await stack.api('GET', `/api/v1/cases/${SLUG}`, undefined, 'manager');
  return (json.trackStatus as { party: string; state: string }[] | undefined)?.find((t) => t.party === 'krokom');
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
    beredning: [],
    rsrMeetingDate: d(-30),
    recommendation: { ...rs62.registration.recommendation, huvudman: ['krokom', 'ostersund'] as never, senast: d(67) },
    expedierasTill: [],
  }));
  const { type: _t, ...rsr } = rsrDecided;
  await post(`/api/v1/cases/${SLUG}/rsr-beslut`, { ...rsr, meetingDate: d(-30) });
  await post(`/api/v1/cases/${SLUG}/justering`, { justerare: ['Alex Exempel'], date: d(-29) });
  await eventually(async () => ((await krokom()) ? true : undefined), { timeoutMs: 30_000 });
  // Krokom's decision and justering; the anslag is the registrator's to report.
  await post(`/api/v1/cases/${SLUG}/beslut`, { party: 'krokom', organ: 'Kommunstyrelsen', meetingDate: d(-10), paragraf: 31, outcome: 'bifall', justering: { justerare: ['Anna A'], date: d(-7) } });
  ({ link } = await requestWithReportLink(stack, DNR, 'registrator@krokom.example'));
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, STACK_STOP_TIMEOUT_MS);

test('the registrator corrects the anslag day through the report link; the case page shows the original marked rättad and the new laga kraft date', async () => {
  const page = await (await browser.newContext()).newPage();
  // The slip: the anslag reported on the justering's day.
  await page.goto(link);
  await page.getByRole('heading', { name: 'Rapportera anslaget' }).waitFor();
  await page.getByLabel('Anslaget uppsatt').fill(REPORTED);
  await page.getByRole('button', { name: 'Skicka', exact: true }).click();
  await page.waitForURL(/\/kvitto$/);
  expect((await krokom())?.anslag?.posted).toBe(REPORTED);

  // The same link, now with the correction form: only what Krokom's protocol holds, each with its value now.
  await page.goto(link);
  expect(await page.textContent('h1')).toBe('Beslutet är registrerat');
  await page.getByRole('heading', { name: 'Rätta en uppgift' }).waitFor();
  expect(await page.locator('input[name="target"]').evaluateAll((inputs) => inputs.map((i) => i.getAttribute('value')))).toEqual(['decision', 'justering', 'anslag']);
  expect(await page.locator('#f-changes-posted-hint').textContent()).toBe(`ÅÅÅÅ-MM-DD. Registrerat: ${REPORTED}`);
  // No choice of protocol: the link is Krokom's.
  expect(await page.locator('form[action$="/rattelse"] [name="party"]').count()).toBe(0);
  await screenshot(page, 'rapportlank-rattelse');

  // A day that does not exist and no reason: both at their fields, nothing recorded.
  await page.getByLabel('Anslaget (uppsatt, nedtaget)').check();
  await page.getByLabel('Anslaget: uppsatt').fill('2026-02-30');
  await page.getByRole('button', { name: 'Skicka rättelsen' }).click();
  await page.waitForSelector('.error-summary');
  expect(await errorFor(page, 'f-changes-posted')).toContain('"2026-02-30" finns inte i kalendern');
  expect(await errorFor(page, 'f-reason')).toContain('saknas');
  expect(await page.getAttribute('#f-changes-posted', 'aria-invalid')).toBe('true');
  expect(await page.getByLabel('Anslaget (uppsatt, nedtaget)').isChecked()).toBe(true);
  await screenshot(page, 'rapportlank-rattelse-fel');

  // Tomorrow cannot have happened: refused by the track, at the field.
  await page.getByLabel('Anslaget: uppsatt').fill(d(1));
  await page.getByLabel('Skäl till rättelsen').fill('Anslaget sattes upp dagen efter justeringen, inte samma dag');
  await page.getByRole('button', { name: 'Skicka rättelsen' }).click();
  await page.waitForSelector('.error-summary');
  expect(await errorFor(page, 'f-changes-posted')).toContain(`uppsatt ${d(1)} ligger i framtiden`);
  expect(await page.getByLabel('Skäl till rättelsen').inputValue()).toBe('Anslaget sattes upp dagen efter justeringen, inte samma dag');
  expect((await krokom())?.anslag?.posted).toBe(REPORTED);

  await page.getByLabel('Anslaget: uppsatt').fill(POSTED);
  await page.getByRole('button', { name: 'Skicka rättelsen' }).click();
  await page.waitForURL(/\/kvitto\?rattelse=1$/);
  expect(await page.textContent('h1')).toBe('Tack, rättelsen är registrerad');
  const receipt = (await page.textContent('main')) ?? '';
  expect(receipt).toContain(`uppsatt ${REPORTED} → ${POSTED}`);
  expect(receipt).toContain(`laga kraft ${formatSwedishDate(lagaKraftDate(POSTED))}`);
  await screenshot(page, 'rapportlank-rattelse-kvitto');

  // Recorded on Krokom's track as the link's actor; the calendar follows.
  const track = await krokom();
  expect(track?.anslag).toMatchObject({ posted: POSTED, calendar: { lagaKraft: lagaKraftDate(POSTED) } });
  const log = (await stack.api('GET', `/api/v1/cases/${SLUG}/events`, undefined, 'manager')).json as unknown as { actor: string; type: string; party?: string }[];
  expect(log).toEqual(expect.arrayContaining([expect.objectContaining({ actor: 'rapportlänk/krokom', type: 'correction-recorded', party: 'krokom' })]));

  // The case page: the original struck and marked rättad, the correction names it, the new laga kraft date.
  const admin = await (await browser.newContext()).newPage();
  await admin.goto(`${stack.base}/logga-in?next=/arende/${SLUG}`);
  await admin.getByLabel('Nyckel').fill(stack.tokens.administrator);
  await admin.getByRole('button', { name: 'Logga in' }).click();
  await admin.waitForURL(`${stack.base}/arende/${SLUG}`);
  const original = admin.locator('.timeline li').filter({ hasText: `Krokoms kommun: anslag uppsatt ${REPORTED}` });
  expect(await original.locator('del').count()).toBe(1);
  expect(await original.locator('.corrected').textContent()).toBe('rättad');
  const fix = admin.locator('.timeline li').filter({ hasText: `rättelse av anslaget: uppsatt ${REPORTED} → ${POSTED}` });
  expect(await fix.locator('.actor').textContent()).toBe('rapportlänk (Krokoms kommun)');
  expect(await fix.getByRole('link', { name: /händelse/ }).first().getAttribute('href')).toBe(`#${await original.getAttribute('id')}`);
  expect(await admin.locator('tr[data-party="krokom"]').textContent()).toContain(`laga kraft ${lagaKraftDate(POSTED)}`);
  await screenshot(admin, 'rapportlank-rattelse-arendesida');
  // The parts that changed, legible on their own.
  await admin.locator('table.tracks').screenshot({ path: join(SCREENSHOT_DIR, 'rapportlank-rattelse-spar.png') });
  await admin.locator('ol.timeline').screenshot({ path: join(SCREENSHOT_DIR, 'rapportlank-rattelse-tidslinje.png') });

  // Krokom's registrator and the samordningskansli are told.
  const told = await eventually(async () => {
    const mails = (await stack.mails()).filter((m) => m.subject?.startsWith('Rättelse: anslaget, Krokoms kommun') && m.subject.includes(DNR));
    return mails.length === 2 ? mails : undefined;
  }, { timeoutMs: 20_000 });
  expect(told.map((m) => JSON.stringify(m.to)).join()).toContain('registrator@krokom.example');
  expect(told.map((m) => JSON.stringify(m.to)).join()).toContain('samordningskansliet@regionjh.example');
  expect(told[0]!.text).toContain('Rättat av: rapportlänk (Krokoms kommun)');
  expect(new Set(told.map((m) => m.messageId)).size).toBe(2);
});

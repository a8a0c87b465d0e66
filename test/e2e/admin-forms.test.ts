// End to end, in Debian's Chromium: an administrator registers a case with the form (errors at the
// fields first, values kept), records the RSR decision (a missing § refused at its field), the
// justering with its anslag and Krokom's decision; and registers a second case by uploading a case
// file. Each success lands on the case page; the API shows what was recorded. Screenshots of each form.
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from '../helpers/browser';
import { startWebStack, type WebStack } from '../helpers/web-stack';
import { daysFromToday } from '../helpers/dates';
import { STACK_STOP_TIMEOUT_MS } from '../helpers/teardown';

jest.setTimeout(60_000);

let stack: WebStack;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startWebStack(), launchBrowser()]);
  page = await (await browser.newContext()).newPage();
  await page.goto(`${stack.base}/logga-in?next=/registrera`);
  await page.getByLabel('Nyckel').fill(stack.tokens.administrator);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForURL(`${stack.base}/registrera`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, STACK_STOP_TIMEOUT_MS);

async function fieldError(id: string): Promise<string> {
  const describedBy = (await page.getAttribute(`#${id}`, 'aria-describedby')) ?? '';
  const errorId = describedBy.split(' ').find((d) => d.endsWith('-fel'));
  return errorId ? ((await page.textContent(`#${errorId}`)) ?? '') : '';
}

const status = async (slug: string) => (await stack.api('GET', `/api/v1/cases/${slug}`, undefined, 'manager')).json as Record<string, unknown> & { trackStatus: { party: string; state: string }[] };

test('register with the form, then RSR decision, justering with anslag and a huvudman decision, each refused once at a field', async () => {
  await page.getByLabel('Diarienummer').fill('RS/621/2026');
  await page.getByLabel('Ärendemening').fill('Gemensam <plan> för beredskap');
  await page.locator('#f-handlaggare-name').fill('Kim Exempelsson');
  await page.locator('#f-tjansteskrivelse-date').fill('2026-10-01');
  await page.getByLabel('Författare').fill('Kim Exempelsson');
  await page.getByLabel('Sammanfattning').fill('Ett förslag om gemensam beredskapsplanering.');
  await page.getByLabel('Förslag till beslut').fill('Anta planen');
  await page.getByLabel('RSR-sammanträde').fill('2026-11-16');
  // Every huvudman is checked by default; ask only Krokom and Östersund.
  for (const box of await page.locator('input[name="recommendation.huvudman"]').all()) await box.uncheck();
  await page.getByLabel('Krokoms kommun').check();
  await page.getByLabel('Östersunds kommun').check();
  await page.getByLabel('Beslutspunkter').fill('Anta planen\nUtse en kontaktperson');
  await page.getByLabel('Senast', { exact: false }).first().fill('2026-11-10');
  // As the seed protocols write it: a group of the registry by its name ("Expedieras till" lines resolve by name or id).
  await page.getByLabel('Expedieras till').fill('Beredskapschef <beredskap@regionjh.example>\nKommunstyrelser i länets kommuner\nkrokom');
  await screenshot(page, 'admin-registrera');
  await page.getByRole('button', { name: 'Registrera ärendet' }).click();
  await page.waitForSelector('.error-summary');
  expect(await fieldError('f-recommendation-senast')).toContain('måste vara efter sammanträdet 2026-11-16');
  expect(await page.locator('#f-title').inputValue()).toBe('Gemensam <plan> för beredskap');
  expect(await page.getByLabel('Krokoms kommun').isChecked()).toBe(true);
  expect(await page.getByLabel('Berg', { exact: false }).isChecked()).toBe(false);
  await screenshot(page, 'admin-registrera-fel');
  // Due in two months from the day of the run: Östersund's track is still 'requested' at the end.
  await page.locator('#f-recommendation-senast').fill(daysFromToday(67));
  await page.getByRole('button', { name: 'Registrera ärendet' }).click();
  await page.waitForURL(`${stack.base}/arende/RS-621-2026`);
  expect((await status('RS-621-2026')).title).toBe('Gemensam <plan> för beredskap');

  await page.goto(`${stack.base}/arende/RS-621-2026/rsr-beslut`);
  expect(await page.getByLabel('Sammanträdesdatum').inputValue()).toBe('2026-11-16');
  await page.getByRole('button', { name: 'Registrera' }).click();
  await page.waitForSelector('.error-summary');
  expect(await fieldError('f-paragraf')).toBe('Fel: Paragraf (§): saknas (obligatoriskt)');
  await screenshot(page, 'admin-rsr-beslut-fel');
  await page.getByLabel('Paragraf (§)').fill('7');
  await page.getByRole('button', { name: 'Registrera' }).click();
  await page.waitForURL(`${stack.base}/arende/RS-621-2026`);

  await page.goto(`${stack.base}/arende/RS-621-2026/justering`);
  await page.getByLabel('Justeringsdatum').fill('2026-11-18');
  await page.getByLabel('Justerare').fill('Alex Exempel, Robin Exempel');
  await page.getByLabel('Anslaget uppsatt').fill('2026-11-19');
  await screenshot(page, 'admin-justering');
  await page.getByRole('button', { name: 'Registrera' }).click();
  await page.waitForURL(`${stack.base}/arende/RS-621-2026`);
  const justerat = await status('RS-621-2026');
  expect(justerat).toMatchObject({ justering: { date: '2026-11-18', justerare: ['Alex Exempel', 'Robin Exempel'] }, anslag: { posted: '2026-11-19' } });

  await page.goto(`${stack.base}/arende/RS-621-2026/beslut`);
  await page.locator('#f-party').selectOption('krokom');
  // A meeting tomorrow is refused by the track's validator, at its field, and nothing is recorded.
  await page.getByLabel('Sammanträdesdatum').fill(daysFromToday(1));
  await page.getByLabel('Paragraf (§)').fill('44');
  await page.getByLabel('Delvis bifall').check();
  await page.getByRole('button', { name: 'Registrera' }).click();
  await page.waitForSelector('.error-summary');
  expect(await fieldError('f-meetingDate')).toContain(`sammanträdet (${daysFromToday(1)}) kan inte ligga i framtiden`);
  expect((await status('RS-621-2026')).trackStatus.find((t) => t.party === 'krokom')?.state).toBe('requested');
  // Krokom met yesterday; a justering the day before it is refused.
  await page.locator('#f-party').selectOption('krokom');
  await page.getByLabel('Sammanträdesdatum').fill(daysFromToday(-1));
  await page.getByLabel('Paragraf (§)').fill('44');
  await page.getByLabel('Delvis bifall').check();
  await page.getByLabel('Justeringsdatum').fill(daysFromToday(-2));
  await page.getByLabel('Justerare').fill('Sam Exempel');
  await page.getByRole('button', { name: 'Registrera' }).click();
  await page.waitForSelector('.error-summary');
  expect(await fieldError('f-justering-date')).toContain(`justeringen kan inte ske före sammanträdet ${daysFromToday(-1)}`);
  await screenshot(page, 'admin-beslut-fel');
  await page.getByLabel('Justeringsdatum').fill(daysFromToday(0));
  await page.getByRole('button', { name: 'Registrera' }).click();
  await page.waitForURL(`${stack.base}/arende/RS-621-2026`);
  const decided = await status('RS-621-2026');
  expect(decided.trackStatus.find((t) => t.party === 'krokom')?.state).toBe('justerat');
  expect(decided.trackStatus.find((t) => t.party === 'ostersund')?.state).toBe('requested');
});

test('correct RSR\'s anslag from the timeline\'s "Rätta": refused once without a reason; the original entry stays, struck and marked rättad, linked to the correction', async () => {
  await page.goto(`${stack.base}/arende/RS-621-2026`);
  await page.locator('.timeline li').filter({ hasText: 'Anslag uppsatt 2026-11-19' }).getByRole('link', { name: /Rätta/ }).click();
  await page.waitForURL(/\/arende\/RS-621-2026\/rattelse\?target=anslag/);
  expect(await page.getByLabel('Anslaget (uppsatt, nedtaget)').isChecked()).toBe(true);
  await page.getByLabel('Anslaget: uppsatt').fill('2026-11-20');
  await page.getByRole('button', { name: 'Registrera' }).click();
  await page.waitForSelector('.error-summary');
  expect(await fieldError('f-reason')).toContain('saknas');
  expect(await page.getByLabel('Anslaget: uppsatt').inputValue()).toBe('2026-11-20');
  await page.getByLabel('Skäl till rättelsen').fill('Anslaget sattes upp en dag senare');
  await screenshot(page, 'admin-rattelse');
  await page.getByRole('button', { name: 'Registrera' }).click();
  await page.waitForURL(`${stack.base}/arende/RS-621-2026`);
  const corrected = page.locator('.timeline li').filter({ hasText: 'Anslag uppsatt 2026-11-19' });
  expect(await corrected.locator('del').count()).toBe(1);
  expect(await corrected.textContent()).toContain('rättad');
  const fix = page.locator('.timeline li').filter({ hasText: 'Rättelse av anslaget: uppsatt 2026-11-19 → 2026-11-20; skäl: Anslaget sattes upp en dag senare' });
  expect(await fix.count()).toBe(1);
  expect(await fix.getByRole('link', { name: /händelse/ }).getAttribute('href')).toBe(`#${await corrected.getAttribute('id')}`);
  expect((await status('RS-621-2026')).anslag).toMatchObject({ posted: '2026-11-20' });
});

test('register by uploading a case file; a file that does not validate is refused naming the field', async () => {
  await page.goto(`${stack.base}/registrera`);
  const bad = { dnr: 'RS/622/2026', title: 'Uppladdat' };
  await page.getByLabel('Ärendefil (JSON)').setInputFiles({ name: 'fel.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  await page.getByRole('button', { name: 'Ladda upp och registrera' }).click();
  await page.waitForSelector('.error-summary');
  expect(await page.textContent('.error-summary')).toContain('Handläggare: saknas (obligatoriskt)');
  await screenshot(page, 'admin-uppladdning-fel');
  const file = {
    registration: {
      dnr: 'RS/622/2026',
      title: 'Uppladdat ärende',
      handlaggare: { name: 'Kim Exempelsson' },
      tjansteskrivelse: { date: '2026-10-01', author: 'Kim Exempelsson', summary: 'Sammanfattning.', forslagTillBeslut: ['Anta'] },
      beredning: [{ organ: 'SVOM', party: 'svom', meetingDate: '2026-10-20', outcome: 'tillstyrkt' }],
      rsrMeetingDate: '2026-11-16',
      recommendation: { huvudman: ['berg'], points: ['Anta'], senast: '2027-01-29' },
    },
    events: [{ type: 'rsr-decided', meetingDate: '2026-11-16', paragraf: 8, beslut: ['Anta'] }],
  };
  await page.getByLabel('Ärendefil (JSON)').setInputFiles({ name: 'RS-622-2026.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await page.getByRole('button', { name: 'Ladda upp och registrera' }).click();
  await page.waitForURL(`${stack.base}/arende/RS-622-2026`);
  expect(await status('RS-622-2026')).toMatchObject({ stage: 'rsr-decided', rsr: { paragraf: 8 } });
});

test('a manager may not use the forms', async () => {
  const manager = await (await browser.newContext()).newPage();
  await manager.goto(`${stack.base}/logga-in?next=/registrera`);
  await manager.getByLabel('Nyckel').fill(stack.tokens.manager);
  await manager.getByRole('button', { name: 'Logga in' }).click();
  await manager.waitForURL(`${stack.base}/registrera`);
  expect(await manager.textContent('h1')).toBe('Ingen behörighet');
  expect(await manager.locator('form[action="/registrera"]').count()).toBe(0);
});

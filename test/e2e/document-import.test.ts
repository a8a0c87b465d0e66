// End to end, in Debian's Chromium: an administrator pastes seed 002 (RSR's kallelse 2026-01-26) on
// /registrera → "Läs in från kallelse/protokoll", sees its items, picks RS/62/2026, fills in what the
// kallelse does not say (handläggare, tjänsteskrivelse's date and author, senast) and registers the
// case. Screenshots of the items list and the pre-filled form (paths printed).
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from '../helpers/browser';
import { startWebStack, type WebStack } from '../helpers/web-stack';
import { daysFromToday } from '../helpers/dates';
import { STACK_STOP_TIMEOUT_MS } from '../helpers/teardown';

jest.setTimeout(60_000);

const SEED_002 = readFileSync(join(__dirname, '../fixtures/documents/seed-002-rsr-kallelse-2026-01-26.txt'), 'utf8');

/** Copies under /tmp too, for a person to look at (the test-results copies are CI artifacts). */
const SHOTS = join(tmpdir(), 'arende-document-import-screenshots');
async function shot(name: string): Promise<string> {
  mkdirSync(SHOTS, { recursive: true });
  const target = join(SHOTS, `${name}.png`);
  copyFileSync(await screenshot(page, name), target);
  return target;
}

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

test('paste a kallelse, pick RS/62/2026, fill in what is missing, register', async () => {
  await page.getByRole('link', { name: 'Läs in från kallelse/protokoll' }).click();
  await page.waitForURL(`${stack.base}/registrera/handling`);
  await page.getByLabel('Eller klistra in texten').fill(SEED_002);
  await page.getByRole('button', { name: 'Läs in handlingen' }).click();
  await page.waitForSelector('table.items');
  const rows = await page.locator('table.items tbody tr').allInnerTexts();
  expect(rows.some((r) => r.includes('RS/62/2026') && r.includes('Rekommendation'))).toBe(true);
  expect(rows.some((r) => r.includes('HSN/2088/2025'))).toBe(true);
  expect(rows.some((r) => r.includes('Kaffepaus') && r.includes('Registreras inte'))).toBe(true);
  console.log(`items list: ${await shot('document-import-items')}`);

  await page.getByLabel('Etablering av arbetsgrupp för samarbete inom totalförsörjningsfrågor').check();
  await page.getByRole('button', { name: 'Fyll i registreringen' }).click();
  await page.waitForSelector('h1:has-text("Registrera ärende ur handlingen")');
  expect(await page.getByLabel('Diarienummer').inputValue()).toBe('RS/62/2026');
  expect(await page.locator('#f-dnr-kalla').textContent()).toBe('Ur handlingen, rad 48');
  expect(await page.locator('#f-handlaggare-name-kalla').textContent()).toContain('Saknas i handlingen – fyll i');
  console.log(`pre-filled form: ${await shot('document-import-form')}`);

  await page.locator('#f-handlaggare-name').fill('Kim Exempelsson');
  await page.locator('#f-tjansteskrivelse-date').fill('2026-01-12');
  await page.getByLabel('Författare').fill('Kim Exempelsson');
  await page.locator('#f-recommendation-senast').fill(daysFromToday(60));
  await page.getByRole('button', { name: 'Registrera ärendet' }).click();
  await page.waitForURL(`${stack.base}/arende/RS-62-2026`);
  const status = (await stack.api('GET', '/api/v1/cases/RS-62-2026', undefined, 'manager')).json;
  expect(status.title).toBe('Etablering av arbetsgrupp för samarbete inom totalförsörjningsfrågor');
  expect(status.huvudman).toHaveLength(9);
});

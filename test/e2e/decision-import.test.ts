// End to end, in Debian's Chromium: on RS/62/2026's case page (RSR's decision, justering and anslag
// recorded) the administrator follows region-jh's "Läs in protokollsutdrag", uploads seed 004 as a
// PDF, sees the decision form pre-filled with each field's source and the missing ones highlighted,
// and registers it; the case page then shows region-jh's decision. Screenshots (paths printed, also under /tmp).
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from '../helpers/browser';
import { startWebStack, type WebStack } from '../helpers/web-stack';
import { eventually } from '../helpers/temporal';
import { STACK_STOP_TIMEOUT_MS } from '../helpers/teardown';
import { pdfFromLines } from '../helpers/pdf-from-text';
import { replayCaseFile } from '../../client/cli/case-files';
import { CaseFile } from '../../domain/case-file';
import type { Dnr } from '../../domain/values';

jest.setTimeout(90_000);

const SEED_004 = readFileSync(join(__dirname, '../fixtures/documents/seed-004-rs-protokoll-2026-03-25.txt'), 'utf8');
const DNR = 'RS/62/2026' as Dnr;

let stack: WebStack;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startWebStack(), launchBrowser()]);
  const file = CaseFile.parse(JSON.parse(readFileSync(join(__dirname, '../../demo/cases/RS-62-2026.json'), 'utf8')));
  await replayCaseFile(stack.gateway, { registration: file.registration, events: file.events.filter((e) => e.type !== 'huvudman-decided') }, 'test');
  await eventually(async () => ((await stack.gateway.status(DNR)).trackStatus.find((t) => t.party === 'region-jh') ? true : undefined), { timeoutMs: 60_000 });
  page = await (await browser.newContext()).newPage();
  await page.goto(`${stack.base}/logga-in?next=/arende/RS-62-2026`);
  await page.getByLabel('Nyckel').fill(stack.tokens.administrator);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForURL(`${stack.base}/arende/RS-62-2026`);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, STACK_STOP_TIMEOUT_MS);

async function shot(name: string): Promise<void> {
  const file = await screenshot(page, name);
  const copy = `/tmp/${name}.png`;
  copyFileSync(file, copy);
  console.log(`screenshot: ${copy}`);
}

test("the administrator reads seed 004 in on region-jh's track, checks the pre-filled form and registers it", async () => {
  await page.locator('tr[data-party="region-jh"] a.import-link').click();
  await page.waitForURL(`${stack.base}/arende/RS-62-2026/beslut/protokollsutdrag?party=region-jh`);
  expect(await page.locator('#f-party').inputValue()).toBe('region-jh');
  const pdf = await pdfFromLines(SEED_004.split('\n'), { header: 'Protokoll Regionstyrelsen 2026-03-25', footer: 'Sida {page} av {pages}' });
  await page.locator('#f-fil').setInputFiles({ name: 'RS-protokoll-2026-03-25.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf) });
  await shot('h3-lasin-protokollsutdrag');
  await page.getByRole('button', { name: 'Läs in' }).click();
  await page.waitForSelector('#protokollsutdrag');
  expect(await page.locator('#protokollsutdrag').textContent()).toContain('Paragrafen hittades på diarienumret RS/62/2026');
  expect(await page.getByLabel('Beslutande organ').inputValue()).toBe('Regionstyrelsen');
  expect(await page.getByLabel('Sammanträdesdatum').inputValue()).toBe('2026-03-25');
  expect(await page.getByLabel('Paragraf (§)').inputValue()).toBe('31');
  expect(await page.locator('input[name="outcome"][value="bifall"]').isChecked()).toBe(true);
  expect((await page.getByLabel('Beslutet i punktform').inputValue()).split('\n')).toHaveLength(3);
  expect((await page.getByLabel('Expedieras till').inputValue()).split('\n')).toHaveLength(4);
  expect(await page.locator('#f-organ-kalla').textContent()).toMatch(/^Ur protokollsutdraget, rad \d+/);
  expect(await page.locator('.field--missing #f-justering-date').count()).toBe(1);
  await shot('h3-beslut-forifyllt');
  await page.getByRole('button', { name: 'Registrera beslutet' }).click();
  await page.waitForURL(`${stack.base}/arende/RS-62-2026`);
  const row = page.locator('tr[data-party="region-jh"]');
  expect(await row.textContent()).toContain('Regionstyrelsen 2026-03-25 § 31: bifall');
  expect(await row.locator('a.import-link').count()).toBe(0);
  expect(await page.locator('tr[data-party="krokom"] a.import-link').count()).toBe(1);
  await shot('h3-arende-efter');
  // The full page is long: the tracks' table on its own, to look at.
  await page.locator('table.tracks').screenshot({ path: '/tmp/h3-arende-efter-spar.png' });
  console.log('screenshot: /tmp/h3-arende-efter-spar.png');
  const t = (await stack.gateway.status(DNR)).trackStatus.find((x) => x.party === 'region-jh')!;
  expect(t.decisions[0]).toMatchObject({ organ: 'Regionstyrelsen', paragraf: 31, outcome: 'bifall' });
});

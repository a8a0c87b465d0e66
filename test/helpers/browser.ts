// Debian's Chromium driven by playwright-core (no browser download): launchBrowser() and
// screenshot(page, name) into test-results/screenshots/, kept as test artifacts.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startedOrStopped } from './teardown';

export const CHROMIUM = process.env.ARENDE_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(__dirname, '../../test-results/screenshots');

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium was not found at ${CHROMIUM}. Install Debian's package \`chromium\` (apt-get install chromium) or set ARENDE_CHROMIUM to the path of a Chromium binary.`,
    );
  }
  // Registered before it is awaited: a launch that outlives its beforeAll is closed when the file ends.
  const own: { close?: () => Promise<void> } = {};
  const { resource, stop } = startedOrStopped(
    'Chromium',
    chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
    }),
    () => own.close!(),
  );
  const browser = await resource;
  own.close = browser.close.bind(browser);
  // The test's own afterAll closes it too: the second close must do nothing.
  return Object.assign(browser, { close: stop });
}

/** A full-page PNG at test-results/screenshots/<name>.png; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

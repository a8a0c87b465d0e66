// End to end, in Debian's Chromium, against a real OpenID Connect provider (npm oidc-provider, its
// development login pages standing in for Entra ID) and two HTTP servers on one read model, as the
// cluster profile runs them: a person signs in with the organisation's account starting on one
// server while the provider's redirect lands on the other (the flow's state lives in a signed
// cookie, the session in the read model), records the RSR decision, and the case page's timeline,
// the API and the page header name them; a registrator lands on their party's page; a person whose
// account has no mapped role is refused without a session; signing out on one server ends the
// session on both and offers the provider's sign-out.
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot } from '../helpers/browser';
import { startWebStack, type WebStack } from '../helpers/web-stack';
import { startProcess, stopAll } from '../helpers/processes';
import { closedPort } from '../helpers/smtp';
import { demoCase, registrationFrom } from '../workflow/support';
import { daysFromToday } from '../helpers/dates';
import { STACK_STOP_TIMEOUT_MS } from '../helpers/teardown';
import type { IsoDate } from '../../domain/dates';
import { parseRoleMap } from '../../config/environment';

jest.setTimeout(90_000);

const CLIENT = { client_id: 'arendeflode-e2e', client_secret: 'client-secret-for-the-e2e-tests-0123456789' };
const ACCOUNTS = {
  anna: { name: 'Anna Berg', roles: ['arende-admin', 'arende-manager'] },
  karl: { name: 'Karl Krok', roles: ['krokom-registrator'] },
  olle: { name: 'Olle Utan Roll', roles: ['some-other-app-role'] },
};
const ROLE_MAP = 'administrator=arende-admin,manager=arende-manager,registrator/krokom=krokom-registrator';

let stack: WebStack;
let browser: Browser;
/** Where the provider sends people back: the second server (both servers' ARENDE_PUBLIC_URL). */
let callbackBase: string;

beforeAll(async () => {
  const [firstPort, secondPort] = [await closedPort(), await closedPort()];
  callbackBase = `http://127.0.0.1:${secondPort}`;
  const provider = startProcess('oidc-provider', process.execPath, [join(__dirname, '../helpers/oidc-provider.mjs')], {
    env: {
      ...process.env,
      OIDC_TEST_CLIENT: JSON.stringify({ ...CLIENT, redirect_uris: [`${callbackBase}/logga-in/oidc/svar`], post_logout_redirect_uris: [`${callbackBase}/logga-in`] }),
      OIDC_TEST_ACCOUNTS: JSON.stringify(ACCOUNTS),
    },
  });
  const issuer = (await provider.waitFor(/oidc provider listening on (http:\/\/127\.0\.0\.1:\d+)/, 30_000))[1]!;
  [stack, browser] = await Promise.all([
    startWebStack({
      port: firstPort,
      second: { port: secondPort },
      publicUrl: callbackBase,
      oidc: { issuer, clientId: CLIENT.client_id, clientSecret: CLIENT.client_secret, roleClaim: 'roles', roleMap: parseRoleMap(ROLE_MAP), publicUrl: callbackBase },
    }),
    launchBrowser(),
  ]);
  const rs62 = demoCase('RS-62-2026.json');
  const registration = registrationFrom(rs62.registration, { dnr: 'RS/771/2026', rsrMeetingDate: daysFromToday(-3) as IsoDate, recommendation: { ...rs62.registration.recommendation, senast: daysFromToday(60) as IsoDate } });
  expect((await stack.api('POST', '/api/v1/cases', registration as unknown as Record<string, unknown>, 'administrator')).status).toBe(201);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await stopAll();
}, STACK_STOP_TIMEOUT_MS);

async function newContext(): Promise<BrowserContext> {
  const context = await browser.newContext();
  // The provider's development pages load a web font; this machine reaches no such host.
  await context.route(/^https:\/\/fonts\./, (route) => route.abort());
  return context;
}

/** Starts on the first server's sign-in page and signs in at the provider as `login`; returns where it lands. */
async function signInAtProvider(context: BrowserContext, login: keyof typeof ACCOUNTS, next = '/'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${stack.base}/logga-in?next=${encodeURIComponent(next)}`);
  await page.getByRole('link', { name: 'Logga in med organisationens konto' }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  // The provider asks once to share the claims with the client.
  const consent = page.getByRole('button', { name: 'Continue' });
  await Promise.race([consent.click().catch(() => undefined), page.waitForURL((url) => url.href.startsWith(callbackBase))]);
  await page.waitForURL((url) => url.href.startsWith(callbackBase) && !url.pathname.startsWith('/logga-in/oidc'));
  return page;
}

const cookieHeader = async (context: BrowserContext) => (await context.cookies()).filter((c) => c.domain === '127.0.0.1').map((c) => `${c.name}=${c.value}`).join('; ');

test('a person signs in with the organisation account, records the RSR decision by name, and signing out on one server ends it on both', async () => {
  const context = await newContext();
  const page = await signInAtProvider(context, 'anna', '/arende/RS-771-2026');
  // The callback landed on the second server, which started nothing: the flow's state came in its cookie.
  expect(new URL(page.url()).pathname).toBe('/arende/RS-771-2026');
  await expect(page.locator('.who').textContent()).resolves.toBe('Inloggad: Anna Berg (administratör)');

  // Recorded on the first server: the session opened on the second is valid there too.
  await page.goto(`${stack.base}/arende/RS-771-2026/rsr-beslut`);
  await page.getByLabel('Paragraf (§)').fill('7');
  await page.getByRole('button', { name: 'Registrera' }).click();
  await page.waitForURL(`${stack.base}/arende/RS-771-2026`);
  const entry = page.locator('.timeline li').filter({ hasText: '§ 7' }).first();
  await expect(entry.locator('.actor').textContent()).resolves.toBe('Anna Berg (administratör)');
  await screenshot(page, 'oidc-case-page');

  const events = (await stack.api('GET', '/api/v1/cases/RS-771-2026/events', undefined, 'administrator')).json as unknown as { actor: string; actorName: string }[];
  const byAnna = events.filter((e) => e.actorName === 'Anna Berg (administratör)');
  expect(byAnna.length).toBeGreaterThan(0);
  expect(byAnna[0]!.actor).toBe('person/administrator/oid-anna/Anna Berg');
  console.log(`recorded by the person: ${byAnna.map((e) => JSON.stringify(e.actor)).join(', ')}`);

  // Signing out on the second server ends the session in the shared store: the first refuses the cookie.
  const saved = await cookieHeader(context);
  await page.goto(`${callbackBase}/`);
  await page.getByRole('button', { name: 'Logga ut' }).click();
  await page.getByRole('heading', { name: 'Du är utloggad' }).waitFor();
  const providerSignOut = await page.getByRole('link', { name: 'Logga ut från organisationens konto' }).getAttribute('href');
  expect(providerSignOut).toMatch(/\/session\/end\?/);
  await screenshot(page, 'oidc-signed-out');
  for (const base of [stack.base, callbackBase]) {
    const response = await fetch(`${base}/arende/RS-771-2026`, { headers: { cookie: saved }, redirect: 'manual' });
    expect([response.status, response.headers.get('location')]).toEqual([303, '/logga-in?next=%2Farende%2FRS-771-2026']);
  }
  await context.close();
});

test('a registrator lands on their party page; a person whose account maps to no role is refused without a session', async () => {
  const karl = await newContext();
  const page = await signInAtProvider(karl, 'karl');
  expect(new URL(page.url()).pathname).toBe('/part/krokom');
  await expect(page.locator('.who').textContent()).resolves.toBe('Inloggad: Karl Krok (registrator för Krokoms kommun)');
  await karl.close();

  const olle = await newContext();
  const refused = await olle.newPage();
  await refused.goto(`${stack.base}/logga-in`);
  await refused.getByRole('link', { name: 'Logga in med organisationens konto' }).click();
  await refused.locator('input[name="login"]').fill('olle');
  await refused.locator('input[name="password"]').fill('any password');
  const answer = refused.waitForResponse((r) => r.url().startsWith(`${callbackBase}/logga-in/oidc/svar`));
  await refused.getByRole('button', { name: 'Sign-in' }).click();
  await refused.getByRole('button', { name: 'Continue' }).click({ timeout: 5_000 }).catch(() => undefined);
  expect((await answer).status()).toBe(403);
  await refused.getByRole('heading', { name: 'Ingen roll i Ärendeflöde' }).waitFor();
  await screenshot(refused, 'oidc-no-role');
  expect((await olle.cookies()).map((c) => c.name)).not.toContain('arende_session');
  await olle.close();
});

// Web sessions shared by two HTTP servers on one read model (the cluster profile runs two behind one
// address): a session opened on one is valid on the other, signing out on either ends it on both,
// and a token's session still ends when its token leaves ARENDE_API_TOKENS. Real servers, real
// Temporal, the read model's SQLite file opened by each server on its own.
import { startWebStack, type WebStack } from '../helpers/web-stack';
import { webClient } from '../helpers/web-session';
import { STACK_START_TIMEOUT_MS, STACK_STOP_TIMEOUT_MS } from '../helpers/teardown';

jest.setTimeout(60_000);

let stack: WebStack;

beforeAll(async () => {
  stack = await startWebStack({ second: {} });
}, STACK_START_TIMEOUT_MS);

afterAll(async () => {
  await stack?.stop();
}, STACK_STOP_TIMEOUT_MS);

const countSessions = async () => (await stack.readModel.selectFrom('web_session').select('id').execute()).length;

test('a session opened on one server is valid on the other; signing out on the other ends it on both', async () => {
  const first = await webClient(stack.base, stack.tokens.manager);
  const second = stack.secondBase!;
  expect(await countSessions()).toBe(1);
  for (const base of [stack.base, second]) {
    const page = await fetch(`${base}/`, { headers: { cookie: first.cookie }, redirect: 'manual' });
    expect([base === stack.base ? 'first' : 'second', page.status, await page.text()]).toEqual([base === stack.base ? 'first' : 'second', 200, expect.stringContaining('Inloggad: <strong>förvaltare (läsbehörighet)</strong>')]);
  }
  // Signed out on the second server (the CSRF pair is the first's: both servers share the signing secret).
  const signOut = await fetch(`${second}/logga-ut`, {
    method: 'POST',
    headers: { cookie: first.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: first.csrf }).toString(),
    redirect: 'manual',
  });
  expect([signOut.status, signOut.headers.get('location')]).toEqual([303, '/logga-in']);
  expect(await countSessions()).toBe(0);
  for (const base of [stack.base, second]) {
    const page = await fetch(`${base}/`, { headers: { cookie: first.cookie }, redirect: 'manual' });
    expect([page.status, page.headers.get('location')]).toEqual([303, '/logga-in?next=%2F']);
  }
});

test('a registrator signed in on the second server reaches their party page on the first; another party stays refused', async () => {
  const krokom = await webClient(stack.secondBase!, stack.tokens.krokom);
  const own = await krokom.request('GET', '/part/krokom');
  const onFirst = await fetch(`${stack.base}/part/krokom`, { headers: { cookie: krokom.cookie }, redirect: 'manual' });
  const other = await fetch(`${stack.base}/part/ostersund`, { headers: { cookie: krokom.cookie }, redirect: 'manual' });
  expect([own.status, onFirst.status, other.status]).toEqual([200, 200, 403]);
  const started = Date.now();
  for (let i = 0; i < 50; i++) await fetch(`${stack.base}/part/krokom`, { headers: { cookie: krokom.cookie }, redirect: 'manual' });
  console.log(`50 page loads with a session looked up in the read model: ${Date.now() - started} ms`);
});

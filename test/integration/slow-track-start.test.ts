// No valid event is refused under load (issue 11): a huvudman's decision reaches its track however
// slowly the case starts it. The case starts its tracks on a deliberately slowed worker (each start
// waits 15 s, longer than the 10 s the client used to wait before sending the event to the case,
// whose validator refused it), or while no worker runs at all; every huvudman's decision is sent at
// once, and none may be refused. When a track does not start within the bound, the answer is "try
// again later" (API 503), never the case's refusal, and nothing is recorded. Retrying a delivery
// sends its attempt in the update id: the same attempt twice is one retry, the next a new one.
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, bundleWorkflowCode, type Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { AccessControl, parseApiTokens } from '../../client/api/access';
import { TemporalCaseGateway } from '../../client/api/temporal-gateway';
import { TryLaterError, recordEvent, startCase } from '../../client/cases';
import { buildServer } from '../../client/http/server';
import { isoDate } from '../../domain/dates';
import { trackWorkflowId, type Dnr } from '../../domain/dnr';
import type { PartyId } from '../../domain/parties';
import { trackStatusQuery } from '../../workflows/messages';
import { TRACK_START_DELAY_MS } from '../fixtures/slow-track-start';
import { TEST_NAMESPACE, createDevServerEnvironment, eventually, workflowBundle } from '../helpers/temporal';
import { createCaseWorker, demoCase, event, recordingDelivery, registrationFrom, registry, send, workflowsPath } from '../workflow/support';
import { STACK_STOP_TIMEOUT_MS } from '../helpers/teardown';

jest.setTimeout(240_000);

/** The queue of the slowed worker; the retry test runs on an ordinary one. */
const SLOW_QUEUE = 'slow-track-start';
const PLAIN_QUEUE = 'retry-update-ids';
const base = demoCase('RS-62-2026.json').registration;
/** All nine huvudmän: the region and the eight municipalities. */
const PARTIES = base.recommendation.huvudman as PartyId[];
const RSR = event({ type: 'rsr-decided', meetingDate: '2026-01-26', paragraf: 2, beslut: ['Rekommendation till huvudmännen.'] });
const JUSTERING = event({ type: 'justering-recorded', justerare: ['Alex Exempel'], date: '2026-02-02' });
const decision = (party: PartyId) =>
  event({ type: 'huvudman-decided', party, organ: registry.getOrThrow(party).organs[0], meetingDate: '2026-03-25', paragraf: 40, outcome: 'bifall' });
// Berg's registrator's mailbox refuses mail: its request fails, and is retried below.
const BERG = registry.getOrThrow('berg').registrator;
const delivery = recordingDelivery([BERG]);

let env: TestWorkflowEnvironment | undefined;
let client: Client;
let slowBundle: WorkflowBundleWithSourceMap;
const running = new Set<{ stop(): Promise<void> }>();

beforeAll(async () => {
  env = await createDevServerEnvironment();
  client = env.client;
  // The real workflows, with the case's track starts delayed by a durable timer (test/fixtures/slow-track-start.ts).
  slowBundle = await bundleWorkflowCode({
    workflowsPath,
    workflowInterceptorModules: [require.resolve('../fixtures/slow-track-start')],
    logger: new DefaultLogger('WARN'),
  });
}, 180_000);

afterAll(async () => {
  for (const worker of running) await worker.stop();
  await env?.teardown();
}, STACK_STOP_TIMEOUT_MS);

/** A worker on `queue` (a later one takes over, by replay, what an earlier one left), stopped by the test or afterAll. */
async function startWorker(queue = SLOW_QUEUE): Promise<{ stop(): Promise<void> }> {
  const bundle = queue === SLOW_QUEUE ? slowBundle : await workflowBundle(workflowsPath);
  const worker: Worker = await createCaseWorker(env!.nativeConnection, queue, delivery.activities, TEST_NAMESPACE, bundle);
  const run = worker.run();
  const handle = {
    async stop() {
      running.delete(handle);
      worker.shutdown();
      await run;
    },
  };
  running.add(handle);
  return handle;
}

/** A case asking all nine huvudmän, decided by RSR and justerat: it is now starting its tracks. */
async function justeratCase(dnr: string, queue = SLOW_QUEUE): Promise<Dnr> {
  const registration = registrationFrom(base, { dnr, recommendation: { ...base.recommendation, senast: isoDate('2027-06-30') } });
  await startCase(client, registration, registry, { taskQueue: queue });
  await send(client, dnr, RSR);
  await send(client, dnr, JUSTERING);
  return dnr as Dnr;
}

async function trackExists(dnr: Dnr, party: PartyId): Promise<boolean> {
  try {
    await client.workflow.getHandle(trackWorkflowId(dnr, party)).describe();
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

function refusals(results: PromiseSettledResult<unknown>[]): string[] {
  return results.flatMap((r, i) => (r.status === 'rejected' ? [`${PARTIES[i]}: ${(r.reason as Error).message}`] : []));
}

async function expectEveryTrackDecided(dnr: Dnr) {
  for (const party of PARTIES) {
    const status = await client.workflow.getHandle(trackWorkflowId(dnr, party)).query(trackStatusQuery);
    expect({ party, state: status.state, decisions: status.decisions.length }).toEqual({ party, state: 'decided', decisions: 1 });
  }
}

test('the slowed worker starts the tracks 15 s after the justering: all nine decisions sent at once are accepted', async () => {
  const worker = await startWorker();
  try {
    const dnr = await justeratCase('RS/7101/2026');
    // The case is justerat and will start its tracks, but has not yet.
    expect(await trackExists(dnr, 'krokom' as PartyId)).toBe(false);

    const results = await Promise.allSettled(PARTIES.map((party) => send(client, dnr, decision(party))));

    expect(refusals(results)).toEqual([]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value.stage : undefined))).toEqual(PARTIES.map(() => 'decided'));
    await expectEveryTrackDecided(dnr);
  } finally {
    await worker.stop();
  }
});

test('no worker runs when the nine decisions are sent; one starts 15 s later: every decision is accepted', async () => {
  const first = await startWorker();
  const dnr = await justeratCase('RS/7102/2026').finally(() => first.stop());
  // Nothing runs the case now: it cannot answer a query, nor start its tracks.
  let settled = 0;
  const sent = PARTIES.map((party) => send(client, dnr, decision(party)).finally(() => (settled += 1)));
  const results = Promise.allSettled(sent);
  await sleep(TRACK_START_DELAY_MS);
  expect(settled).toBe(0);
  expect(await trackExists(dnr, 'krokom' as PartyId)).toBe(false);

  const second = await startWorker();
  try {
    const outcome = await results;
    expect(refusals(outcome)).toEqual([]);
    expect(outcome.map((r) => (r.status === 'fulfilled' ? r.value.stage : undefined))).toEqual(PARTIES.map(() => 'decided'));
    await expectEveryTrackDecided(dnr);
  } finally {
    await second.stop();
  }
});

test('a track that has not started within the bound: "try again later" (API 503), not the case\'s refusal; nothing is recorded', async () => {
  const worker = await startWorker();
  const app = await buildServer({
    connection: env!.connection,
    target: { address: '', namespace: TEST_NAMESPACE, taskQueue: SLOW_QUEUE, tls: false },
    api: {
      // A bound of one second, far less than the slowed worker's 15 s.
      cases: new TemporalCaseGateway(client, registry, SLOW_QUEUE, undefined, Date.now, { trackStartWaitMs: 1_000 }),
      access: new AccessControl(parseApiTokens('administrator=admin-token-for-slow-track-tests')),
    },
  });
  try {
    const dnr = await justeratCase('RS/7103/2026');
    const krokom = decision('krokom' as PartyId);

    const direct = recordEvent(client, dnr, { event: krokom, actor: 'admin@regionjh.example' }, { trackStartWaitMs: 1_000 });
    await expect(direct).rejects.toThrow(TryLaterError);
    await expect(direct).rejects.toThrow(/^beslutsspåret för Krokoms kommun i RS\/7103\/2026 har inte startat än .*försök igen om en stund$/);

    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const response = await fetch(`${url}/api/v1/cases/RS-7103-2026/beslut`, {
      method: 'POST',
      headers: { authorization: 'Bearer admin-token-for-slow-track-tests', 'content-type': 'application/json' },
      body: JSON.stringify(krokom),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('30');
    const body = (await response.json()) as { error: string; details: unknown[] };
    expect(body).toEqual({ error: expect.stringMatching(/^beslutsspåret för Krokoms kommun i RS\/7103\/2026 har inte startat än .*försök igen om en stund$/), details: [] });
    const openapi = (await (await fetch(`${url}/api/openapi.json`)).json()) as { paths: Record<string, { post: { responses: Record<string, unknown> } }> };
    expect(Object.keys(openapi.paths['/api/v1/cases/{dnr}/beslut']!.post.responses)).toContain('503');

    // Sent again with the default bound, the same decision waits for the track and is recorded once.
    const receipt = await send(client, dnr, krokom);
    expect(receipt.stage).toBe('decided');
    const track = await client.workflow.getHandle(trackWorkflowId(dnr, 'krokom' as PartyId)).query(trackStatusQuery);
    expect(track.decisions).toHaveLength(1);
  } finally {
    await app.close();
    await worker.stop();
  }
});

test('retrying a delivery: the same attempt twice is one retry (a double click), the next attempt a new one', async () => {
  const worker = await startWorker(PLAIN_QUEUE);
  try {
    const dnr = await justeratCase('RS/7104/2026', PLAIN_QUEUE);
    const berg = client.workflow.getHandle(trackWorkflowId(dnr, 'berg' as PartyId));
    const failed = await eventually(async () => (await berg.query(trackStatusQuery)).deliveries.find((d) => d.recipient.email === BERG && d.status === 'failed'));
    expect(failed.attempts).toBe(1);
    const retried = async () => (await berg.query(trackStatusQuery)).log.filter((e) => e.type === 'delivery-retried').length;
    const gateway = new TemporalCaseGateway(client, registry, PLAIN_QUEUE);

    // Two clicks on the same button: both say attempt 2.
    const [a, b] = await Promise.all([gateway.retryDelivery(dnr, failed.key, 'admin', 2), gateway.retryDelivery(dnr, failed.key, 'admin', 2)]);
    expect(a).toEqual(b);
    expect(a.attempts).toBe(2);
    expect(await retried()).toBe(1);
    // The second click arriving after the first retry has finished is still the same retry.
    expect(await gateway.retryDelivery(dnr, failed.key, 'admin', 2)).toEqual(a);
    expect(await retried()).toBe(1);

    // A later retry, from the record as it is now (attempts 2): attempt 3, a new retry.
    const next = await gateway.retryDelivery(dnr, failed.key, 'admin');
    expect(next.attempts).toBe(3);
    expect(await retried()).toBe(2);
  } finally {
    await worker.stop();
  }
});

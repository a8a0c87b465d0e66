// The registration is the case log's first entry, even when an event reaches the case in the same
// workflow task as its start (an import sends its events at once; a worker that was down finds the
// start and the update waiting together). Before issue 12 the update's handler ran first and the
// timeline began with "RSR beslutade", before "Ärendet registrerat".
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTimeSkippingEnvironment } from '../helpers/temporal';
import { caseEventLog, startCase } from '../../client/cases';
import type { Dnr } from '../../domain/dnr';
import { createCaseWorker, demoCase, event, recordingDelivery, registrationFrom, registry, send } from './support';
import { STACK_START_TIMEOUT_MS, STACK_STOP_TIMEOUT_MS } from '../helpers/teardown';

const TASK_QUEUE = 'log-order';
const base = demoCase('RS-62-2026.json').registration;

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnvironment();
}, STACK_START_TIMEOUT_MS);
afterAll(async () => {
  await env?.teardown();
}, STACK_STOP_TIMEOUT_MS);

test('an event waiting with the start is logged after the registration', async () => {
  const client = env.client;
  const registration = registrationFrom(base, { dnr: 'RS/961/2026', beredning: [] });
  const dnr = registration.dnr as Dnr;
  // No worker yet: the start and the update wait on the server and arrive in one workflow task.
  expect((await startCase(client, registration, registry, { taskQueue: TASK_QUEUE })).created).toBe(true);
  const sent = send(client, dnr, event({ type: 'rsr-decided', meetingDate: registration.rsrMeetingDate, paragraf: 2, beslut: ['Rekommenderar huvudmännen att besluta.'] }));
  await new Promise((resolve) => setTimeout(resolve, 1500));

  const worker = await createCaseWorker(env.nativeConnection, TASK_QUEUE, recordingDelivery().activities);
  const log = await worker.runUntil(async () => {
    await sent;
    return caseEventLog(client, dnr);
  });
  expect(log.map((e) => e.type).slice(0, 2)).toEqual(['registered', 'rsr-decided']);
  expect(log[0]).toMatchObject({ seq: 1, text: expect.stringMatching(/^Ärendet registrerat: /) });
});

// Every message a case sends, as its recipients' mail systems see them: the real e-mail activity
// (nodemailer over SMTP) in a worker on a dev server, to a real SMTP server in this process. The
// RS/62/2026 lifecycle registered late (after senast: every municipality is escalated), with
// regionstyrelsen's own "Expedieras till" (seed 004 §31), through laga kraft for all 9 huvudmän.
import type { ParsedMail } from 'mailparser';
import { createActivities } from '../../activities';
import { createDeliver } from '../../activities/mail/deliver';
import { createMailTransport, type MailTransporter } from '../../activities/mail/transport';
import { caseStatus, retryDelivery, startCase } from '../../client/cases';
import { addDays, compareDates, stockholmDate, stockholmInstant, type IsoDate } from '../../domain/dates';
import type { Dnr } from '../../domain/dnr';
import type { DeliveryRecord } from '../../domain/notifications';
import { verifyReportToken } from '../../lib/report-links';
import { TEST_NAMESPACE, createDevServerEnvironment, eventually } from '../helpers/temporal';
import { TEST_LINK_SECRET, TestSmtpServer, testMailSettings } from '../helpers/smtp';
import { createCaseWorker, demoCase, event, registrationFrom, registry, send } from '../workflow/support';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { STACK_STOP_TIMEOUT_MS } from '../helpers/teardown';

const TASK_QUEUE = 'messages';
const MUNICIPALITIES = ['berg', 'bracke', 'harjedalen', 'krokom', 'ragunda', 'stromsund', 'are', 'ostersund'];
const rs62 = demoCase('RS-62-2026.json');
const regionDecision = rs62.events.find((e) => e.type === 'huvudman-decided' && e.party === 'region-jh')!;

let env: TestWorkflowEnvironment;
let server: TestSmtpServer;
let transporter: MailTransporter;
let worker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  server = await new TestSmtpServer().start(0);
  const settings = testMailSettings(server.port);
  transporter = createMailTransport(settings);
  env = await createDevServerEnvironment();
  const deliver = createDeliver({ transporter, settings, registry, fallbackLog: { info: () => undefined, warn: () => undefined } });
  worker = await createCaseWorker(env.nativeConnection, TASK_QUEUE, createActivities({ deliver }), TEST_NAMESPACE);
  running = worker.run();
}, 120_000);
afterAll(async () => {
  worker?.shutdown();
  await running;
  transporter?.close();
  await server?.stop();
  await env?.teardown();
}, STACK_STOP_TIMEOUT_MS);

const REPORT_LINK = /https:\/\/arenden\.regionjh\.example\/rapportera\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/g;

/** What a person reads: the text without addresses and links (where ids legitimately appear). */
function readable(mail: ParsedMail): string {
  return `${mail.subject}\n${mail.text}`.replace(/\S+@\S+/g, '').replace(/https?:\/\/\S+/g, '');
}

test('RS/62/2026 with 9 huvudmän and 8 escalations: every message has its own Message-ID, a retry keeps it, no link has expired', async () => {
  const client = env.client;
  const registration = registrationFrom(rs62.registration, { dnr: 'RS/9062/2026' });
  const dnr = registration.dnr as Dnr;
  const gnus = registry.getOrThrow('gnus').registrator;
  const lansstyrelsen = registry.getOrThrow('lansstyrelsen-z').registrator;
  server.permanent.set(gnus, { code: 550, message: '5.1.1 Mailbox unavailable' });
  server.permanent.set(lansstyrelsen, { code: 550, message: '5.1.1 Mailbox unavailable' });

  const { handle } = await startCase(client, registration, registry, { taskQueue: TASK_QUEUE });
  for (const e of rs62.events.filter((e) => e.type !== 'huvudman-decided')) await send(client, dnr, e);
  await eventually(async () => ((await caseStatus(client, dnr)).trackStatus.length === 9 ? true : undefined));

  // Regionstyrelsen 2026-03-25 § 31, justerat: its own Expedieras till get the protokollsutdrag; the anslag comes later.
  if (regionDecision.type !== 'huvudman-decided') throw new Error('demo case');
  const { anslag: regionAnslag, ...justerat } = regionDecision;
  await send(client, dnr, justerat);
  const failed = await eventually(async () => {
    const s = await caseStatus(client, dnr);
    const onCase = s.deliveries.find((d) => d.recipient.email === gnus && d.status === 'failed');
    const onRegion = s.trackStatus.find((t) => t.party === 'region-jh')!.deliveries.find((d) => d.recipient.email === lansstyrelsen && d.status === 'failed');
    return onCase && onRegion ? { onCase, onRegion } : undefined;
  }, { timeoutMs: 30_000 });
  expect(failed.onRegion.kind).toBe('protokollsutdrag-huvudman');
  const region = (await caseStatus(client, dnr)).trackStatus.find((t) => t.party === 'region-jh')!;
  expect(region.decisions[0]!.expedierasTill).toEqual([
    'Beredskapschef, Region Jämtland Härjedalen',
    'Kommunchef, Krokoms kommun',
    'Länsstyrelsen Jämtlands län',
    'Regionens samverkansråd',
  ]);

  // An administrator's retry, once the address works again, sends the message with the Message-ID the failure recorded.
  server.permanent.clear();
  const retriedCase = await retryDelivery(client, dnr, failed.onCase.key, 'admin');
  const retriedTrack = await retryDelivery(client, dnr, failed.onRegion.key, 'admin', { party: 'region-jh' });
  for (const [before, after] of [[failed.onCase, retriedCase], [failed.onRegion, retriedTrack]] as [DeliveryRecord, DeliveryRecord][]) {
    expect(after).toMatchObject({ status: 'sent', key: before.key, messageId: before.messageId, attempts: 2 });
    expect(server.received.filter((m) => m.messageId === before.messageId)).toHaveLength(1);
  }

  await send(client, dnr, event({ type: 'anslag-posted', party: 'region-jh', ...regionAnslag }));
  let paragraf = 40;
  for (const party of MUNICIPALITIES) {
    paragraf += 1;
    await send(client, dnr, event({
      type: 'huvudman-decided', party, organ: 'Kommunstyrelsen', meetingDate: '2026-05-20', paragraf, outcome: 'bifall',
      justering: { justerare: ['Justerare Exempel'], date: '2026-05-25' }, anslag: { posted: '2026-05-26' },
    }));
  }
  expect((await handle.result()).counts).toEqual({ 'laga-kraft': 9 });

  // Every delivery the case and its tracks recorded as sent is one message the server has.
  const status = await caseStatus(client, dnr);
  const sent = [...status.deliveries, ...status.trackStatus.flatMap((t) => t.deliveries)].filter((d) => d.status === 'sent');
  await eventually(async () => (server.received.length >= sent.length ? true : undefined));
  const received = server.received.filter((m) => sent.some((d) => d.messageId === m.messageId));
  expect(received).toHaveLength(server.received.length);
  const kinds = (kind: string) => sent.filter((d) => d.kind === kind).length;
  expect(kinds('forsenad')).toBeGreaterThanOrEqual(8);
  expect(kinds('protokollsutdrag-huvudman')).toBe(4);
  expect(kinds('laga-kraft')).toBe(9);

  // Distinct Message-IDs: one per message, none shared (the 8 escalations to the manager above all).
  const ids = server.received.map((m) => m.messageId);
  expect(ids.every((id) => id !== undefined)).toBe(true);
  expect(new Set(ids).size).toBe(ids.length);
  expect(new Set(sent.map((d) => d.key)).size).toBe(sent.length);

  // Every report link works for at least 30 days after its message was sent (registered long after
  // senast + 60 days, the deadline's own link would already have expired).
  const mails = await server.parsed();
  let links = 0;
  for (const [i, mail] of mails.entries()) {
    const sentOn = stockholmDate(server.received[i]!.at) as IsoDate;
    for (const [, token] of mail.text!.matchAll(REPORT_LINK)) {
      links += 1;
      const claims = verifyReportToken(token!, TEST_LINK_SECRET, stockholmInstant(addDays(sentOn, 30), 12));
      expect(compareDates(claims.expiresAt, addDays(sentOn, 30))).toBeGreaterThanOrEqual(0);
    }
  }
  expect(links).toBeGreaterThanOrEqual(9);

  // Read as a recipient: Swedish, no raw ids or English state names.
  for (const mail of mails) {
    expect({ subject: mail.subject, raw: readable(mail).match(/\b(region-jh|lansstyrelsen-z|lanets-kommuner|protokollsutdrag-huvudman|forsenad|overdue|requested|laga-kraft|undefined)\b/g) }).toEqual({ subject: mail.subject, raw: null });
  }
  const utdrag = mails.find((m) => m.subject?.startsWith('Protokollsutdrag: Regionstyrelsen'))!;
  expect(utdrag.subject).toBe('Protokollsutdrag: Regionstyrelsen i Region Jämtland Härjedalen 2026-03-25 §31 Etablering av arbetsgrupp för samarbete inom … (RS/9062/2026)');
  expect(utdrag.text).toContain('1. Region Jämtland Härjedalen ska delta i det aktörsgemensamma arbetet.');
  expect(utdrag.text).toContain('Justerat: måndag 30 mars 2026 av Robin Exempel');
  console.log(`${mails.length} messages, ${new Set(ids).size} Message-IDs; e.g.\n${mails.slice(0, 40).map((m) => `  ${m.subject}`).join('\n')}\n\n${utdrag.text}`);
}, 180_000);

// Delivery under faults, against a real SMTP server in this process: temporary failures throw
// (Temporal retries them), permanent ones come back as `failed` with the server's reply, and a
// recipient without an address as `undeliverable`. Nothing is dropped, nothing is sent twice.
import { ApplicationFailure } from '@temporalio/common';
import { simpleParser } from 'mailparser';
import { createActivities } from '../../activities';
import { classifySendError, createDeliver } from '../../activities/mail/deliver';
import { createMailTransport, verifyTransport, type MailSettings, type MailTransporter } from '../../activities/mail/transport';
import type { DeliveryOutcome, Notification } from '../../domain/notifications';
import { notificationOf } from '../helpers/notifications';
import { TestSmtpServer, closedPort, testMailSettings } from '../helpers/smtp';

const silent = { info: () => undefined, warn: () => undefined };
const transports: MailTransporter[] = [];

function sender(settings: MailSettings): (n: Notification) => Promise<DeliveryOutcome> {
  const transporter = createMailTransport(settings);
  transports.push(transporter);
  return createActivities({ deliver: createDeliver({ transporter, settings, fallbackLog: silent }) }).deliverNotification;
}

const servers: TestSmtpServer[] = [];
async function smtpServer(port = 0): Promise<TestSmtpServer> {
  const server = await new TestSmtpServer().start(port);
  servers.push(server);
  return server;
}

afterAll(async () => {
  for (const t of transports) t.close();
  await Promise.all(servers.map((s) => s.stop()));
});

async function expectRetryable(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApplicationFailure);
  const failure = err as ApplicationFailure;
  expect(failure.nonRetryable).toBe(false);
  return failure;
}

test('server down, then up: the first attempt throws (retryable), the retry delivers exactly one message', async () => {
  const port = await closedPort();
  const send = sender(testMailSettings(port));
  const n = notificationOf('begaran');
  const failure = await expectRetryable(send(n));
  expect(failure.message).toContain('registrator@krokom.example');
  expect(failure.type).toBe('SmtpTemporary:ESOCKET');
  expect(failure.message).toContain('ECONNREFUSED');
  const server = await smtpServer(port);
  const outcome = await send(n);
  expect(outcome.status).toBe('sent');
  expect(server.received).toHaveLength(1);
  const mail = await simpleParser(server.received[0]!.raw);
  expect(mail.messageId).toBe(outcome.messageId);
});

test('4xx on RCPT, then accepted: throws first, delivers once on the retry, same Message-ID', async () => {
  const server = await smtpServer();
  server.nextRcptReplies.push({ code: 451, message: '4.3.0 Mailbox temporarily unavailable' });
  const send = sender(testMailSettings(server.port));
  const n = notificationOf('protokollsutdrag');
  const failure = await expectRetryable(send(n));
  expect(failure.message).toContain('451');
  expect(failure.type).toBe('SmtpTemporary:451');
  expect(server.received).toHaveLength(0);
  const outcome = await send(n);
  expect(outcome.status).toBe('sent');
  expect(server.received).toHaveLength(1);
  expect(server.rcptAttempts).toBe(2);
  expect((await simpleParser(server.received[0]!.raw)).messageId).toBe(outcome.messageId);
});

test('5xx: returns failed with the server reply; the next notification still goes out', async () => {
  const server = await smtpServer();
  server.permanent.set('registrator@krokom.example', { code: 550, message: '5.1.1 Mailbox does not exist' });
  const send = sender(testMailSettings(server.port));
  const failed = await send(notificationOf('begaran'));
  expect(failed.status).toBe('failed');
  expect(failed.detail).toBe('550 5.1.1 Mailbox does not exist');
  expect(failed.messageId).toMatch(/^<[0-9a-f]{32}@arendeflode\.regionjh\.example>$/);
  const ok = await send(notificationOf('forsenad'));
  expect(ok.status).toBe('sent');
  expect(server.received.map((m) => m.to)).toEqual([['samordningskansliet@regionjh.example']]);
});

test('an address the mail client refuses is failed, not retried', async () => {
  const server = await smtpServer();
  const settings = testMailSettings(server.port);
  const transporter = createMailTransport(settings);
  transports.push(transporter);
  // The activity validates addresses first; call the delivery itself as a corrupted payload would reach it.
  const deliver = createDeliver({ transporter, settings, fallbackLog: silent });
  const n = notificationOf('begaran');
  const outcome = await deliver({ ...n, recipient: { ...n.recipient, email: 'registrator@@krokom' } });
  expect(outcome).toMatchObject({ status: 'failed', detail: 'ogiltig e-postadress "registrator@@krokom" för Krokoms kommun' });
  expect(server.rcptAttempts).toBe(0);
});

test('a recipient without an address is undeliverable, with the reason', async () => {
  const server = await smtpServer();
  const send = sender(testMailSettings(server.port));
  const outcome = await send(notificationOf('protokollsutdrag', { recipient: { label: 'Länsstyrelsen Jämtlands län, beredskapsenheten' } }));
  expect(outcome.status).toBe('undeliverable');
  expect(outcome.detail).toBe('ingen e-postadress känd för Länsstyrelsen Jämtlands län, beredskapsenheten');
  expect(server.received).toHaveLength(0);
});

test('a 100-recipient dispatch: 100 messages, 100 distinct Message-IDs, one message per recipient', async () => {
  const server = await smtpServer();
  const send = sender(testMailSettings(server.port, { pool: true }));
  const notifications = Array.from({ length: 100 }, (_, i) =>
    notificationOf('protokollsutdrag', { recipient: { label: `Mottagare ${i + 1}`, email: `mottagare${i + 1}@kommun${i % 8}.example` } }),
  );
  const outcomes = await Promise.all(notifications.map((n) => send(n)));
  expect(outcomes.every((o) => o.status === 'sent')).toBe(true);
  expect(new Set(outcomes.map((o) => o.messageId)).size).toBe(100);
  expect(server.received).toHaveLength(100);
  const perRecipient = new Map<string, number>();
  for (const m of server.received) for (const to of m.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
  expect(perRecipient.size).toBe(100);
  expect([...perRecipient.values()].every((count) => count === 1)).toBe(true);
  const ids = (await server.parsed()).map((m) => m.messageId);
  expect(new Set(ids).size).toBe(100);
});

describe('error classification', () => {
  const cases: [string, object, 'permanent' | 'temporary'][] = [
    ['550 on RCPT', { code: 'EENVELOPE', responseCode: 550, response: '550 no such user' }, 'permanent'],
    ['554 on DATA', { code: 'EMESSAGE', responseCode: 554, response: '554 rejected as spam' }, 'permanent'],
    ['451 on RCPT', { code: 'EENVELOPE', responseCode: 451, response: '451 try later' }, 'temporary'],
    ['421 service closing', { code: 'EPROTOCOL', responseCode: 421, response: '421 too busy' }, 'temporary'],
    ['503 bad sequence', { code: 'EPROTOCOL', responseCode: 503, response: '503 bad sequence' }, 'temporary'],
    ['refused connection', { code: 'ECONNECTION', message: 'connect ECONNREFUSED 127.0.0.1:2525' }, 'temporary'],
    ['greeting timeout', { code: 'ETIMEDOUT', message: 'Greeting never received' }, 'temporary'],
    ['socket error', { code: 'ESOCKET', message: 'read ECONNRESET' }, 'temporary'],
    ['DNS', { code: 'EDNS', message: 'getaddrinfo ENOTFOUND smtp.example' }, 'temporary'],
    ['login refused (configuration, fixed by the operator)', { code: 'EAUTH', responseCode: 535, response: '535 bad credentials' }, 'temporary'],
    ['invalid address refused by the client', { code: 'EENVELOPE', message: 'Invalid recipient "a@@b"' }, 'permanent'],
    ['an unexpected error', new Error('boom'), 'temporary'],
  ];
  test.each(cases)('%s', (_name, error, expected) => {
    expect(classifySendError(Object.assign(new Error('x'), error)).kind).toBe(expected);
  });
});

describe('start-up check', () => {
  test('a reachable server passes', async () => {
    const server = await smtpServer();
    const settings = testMailSettings(server.port);
    const transporter = createMailTransport(settings);
    transports.push(transporter);
    await expect(verifyTransport(transporter, settings)).resolves.toEqual({ ok: true });
  });

  test('an unreachable server is a warning, not fatal, and names the variables', async () => {
    const settings = testMailSettings(await closedPort());
    const transporter = createMailTransport(settings);
    transports.push(transporter);
    const check = await verifyTransport(transporter, settings);
    expect(check).toMatchObject({ ok: false, fatal: false });
    expect(!check.ok && check.message).toMatch(/not reachable now .*ARENDE_SMTP_HOST and ARENDE_SMTP_PORT/);
  });

  test('refused credentials are fatal and name ARENDE_SMTP_USER / ARENDE_SMTP_PASSWORD', async () => {
    const { SMTPServer } = await import('smtp-server');
    const strict = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      logger: false,
      onAuth: (_auth, _session, callback) => callback(new Error('Invalid username or password')),
    });
    await new Promise<void>((resolve) => strict.listen(0, '127.0.0.1', () => resolve()));
    try {
      const port = (strict.server.address() as { port: number }).port;
      const settings = testMailSettings(port, { auth: { user: 'arende', pass: 'wrong' } });
      const transporter = createMailTransport(settings);
      transports.push(transporter);
      const check = await verifyTransport(transporter, settings);
      expect(check).toMatchObject({ ok: false, fatal: true });
      expect(!check.ok && check.message).toContain('Check ARENDE_SMTP_USER and ARENDE_SMTP_PASSWORD');
    } finally {
      await new Promise<void>((resolve) => strict.close(() => resolve()));
    }
  });
});

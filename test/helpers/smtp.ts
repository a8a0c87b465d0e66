// A real SMTP server (smtp-server) in the test process, on a free loopback port, whose behaviour a
// test scripts: refuse recipients permanently (5xx) or for a while (4xx), go down and come back.
// What it accepts is kept raw and parsed with a real MIME parser (mailparser).
import { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { MailSettings } from '../../activities/mail/transport';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: Buffer;
  /** The Message-ID header as sent (angle brackets included), read without a full parse. */
  messageId?: string;
  /** When the server kept it (Date.now()). */
  at: number;
}

export interface TestSmtpServerOptions {
  /**
   * Milliseconds between the end of a message's DATA and the server's 250 (content checks, fsync):
   * a slow server. Like a real MTA, it has kept the message when the DATA ends and delivers it even
   * if the client is gone before the 250 arrives — the window in which a sender cannot know.
   */
  replyDelayMs?: number | (() => number);
  /** Called when a message is kept, before the server replies to it. */
  onReceived?: (mail: ReceivedMail) => void;
  /** Never answer RCPT TO: a server that hangs in the middle of a transaction. */
  hangOnRcpt?: boolean;
  /** Require SMTP AUTH (PLAIN or LOGIN, over the plain connection) with this login. */
  auth?: { user: string; pass: string };
}

type Reply = { code: number; message: string };

export class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  /** Recipients refused with a permanent reply, e.g. 550. */
  readonly permanent = new Map<string, Reply>();
  /** Replies to the next RCPT commands (any recipient), used up one by one, e.g. a 451 once. */
  readonly nextRcptReplies: Reply[] = [];
  /** RCPT commands seen, accepted or not. */
  rcptAttempts = 0;
  /** RCPT commands seen per recipient address (lower case), accepted or not. */
  readonly rcptAttemptsBy = new Map<string, number>();
  /** Client connections that have ended. */
  closedConnections = 0;
  private server?: SMTPServer;
  private boundPort = 0;

  constructor(private readonly options: TestSmtpServerOptions = {}) {}

  get port(): number {
    return this.boundPort;
  }

  /** Listens on `port` (0 = a free one; the same port again after `stop`). */
  async start(port = this.boundPort): Promise<this> {
    const auth = this.options.auth;
    const server = new SMTPServer({
      authOptional: !auth,
      ...(auth
        ? {
            allowInsecureAuth: true,
            authMethods: ['PLAIN', 'LOGIN'],
            onAuth: (login, _session, callback) =>
              login.username === auth.user && login.password === auth.pass ? callback(null, { user: login.username }) : callback(new Error('Invalid username or password')),
          }
        : {}),
      disabledCommands: ['STARTTLS'],
      logger: false,
      size: 10 * 1024 * 1024,
      onClose: () => {
        this.closedConnections += 1;
      },
      onRcptTo: (address: SMTPServerAddress, _session, callback) => {
        this.rcptAttempts += 1;
        const lower = address.address.toLowerCase();
        this.rcptAttemptsBy.set(lower, (this.rcptAttemptsBy.get(lower) ?? 0) + 1);
        if (this.options.hangOnRcpt) return; // no reply, ever
        const reply = this.permanent.get(address.address.toLowerCase()) ?? this.nextRcptReplies.shift();
        if (!reply) return callback();
        const err = new Error(reply.message) as Error & { responseCode: number };
        err.responseCode = reply.code;
        return callback(err);
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          const raw = Buffer.concat(chunks);
          const headerEnd = raw.indexOf('\r\n\r\n');
          const header = raw.subarray(0, headerEnd === -1 ? raw.length : headerEnd).toString('utf8');
          const messageId = /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(header)?.[1];
          const mail: ReceivedMail = { from, to: session.envelope.rcptTo.map((r) => r.address), raw, ...(messageId ? { messageId } : {}), at: Date.now() };
          this.received.push(mail);
          this.options.onReceived?.(mail);
          const delay = typeof this.options.replyDelayMs === 'function' ? this.options.replyDelayMs() : (this.options.replyDelayMs ?? 0);
          if (delay > 0) setTimeout(() => callback(), delay);
          else callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.boundPort = (server.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Everything received, parsed. */
  parsed(): Promise<ParsedMail[]> {
    return Promise.all(this.received.map((m) => simpleParser(m.raw)));
  }
}

export const TEST_LINK_SECRET = 'test-secret-for-report-links-0123456789abcdef';

/** Settings that reach `server` the way the worker reaches the configured SMTP server. */
export function testMailSettings(port: number, overrides: Partial<MailSettings> = {}): MailSettings {
  return {
    host: '127.0.0.1',
    port,
    secure: false,
    requireTls: false,
    pool: false,
    from: { name: 'Ärendeflöde', address: 'arendeflode@regionjh.example' },
    replyTo: { name: 'Samordningskansliet', address: 'samordningskansliet@regionjh.example' },
    domain: 'regionjh.example',
    publicUrl: 'https://arenden.regionjh.example',
    linkSecret: TEST_LINK_SECRET,
    ...overrides,
  };
}

/** A port on which nothing listens (bound, read, released). */
export async function closedPort(): Promise<number> {
  const probe = await new TestSmtpServer().start(0);
  const port = probe.port;
  await probe.stop();
  return port;
}

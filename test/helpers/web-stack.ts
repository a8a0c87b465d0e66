// The whole system for end-to-end tests, in this process: a Temporal dev server (visibility,
// search attributes), a worker with the real workflows, and the HTTP server (API + web pages) on
// 127.0.0.1 with a token per role. Optionally (`mail: true`) real e-mail: the delivery activity
// sends through nodemailer to the embedded default's SMTP catcher, whose folder the Mail page
// shows and `mails()` reads, with report links that point at this server.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { SMTPServer } from 'smtp-server';
import { createActivities } from '../../activities';
import { createDeliver } from '../../activities/mail/deliver';
import { createMailTransport, type MailTransporter } from '../../activities/mail/transport';
import { buildServer } from '../../client/http/server';
import type { OidcSettings } from '../../config/environment';
import { openReadModel, type ReadModel } from '../../readmodel/open';
import { AccessControl, parseApiTokens } from '../../client/api/access';
import { TemporalCaseGateway } from '../../client/api/temporal-gateway';
import { startSmtpCatcher } from '../../scripts/stack/smtp-catcher';
import { MAIL_FILE } from '../../client/http/mail-pages';
import { TEST_NAMESPACE, createDevServerEnvironment, eventually, runWorker } from './temporal';
import { stopWhenDone } from './teardown';
import { closedPort, testMailSettings } from './smtp';
import { createCaseWorker, recordingDelivery, registry } from '../workflow/support';

export const WEB_TOKENS = {
  administrator: 'administrator-token-for-e2e-tests',
  manager: 'manager-token-for-e2e-tests-0001',
  krokom: 'krokom-registrator-token-e2e-01',
  ostersund: 'ostersund-registrator-token-e2e',
} as const;
export type WebTokenName = keyof typeof WEB_TOKENS;

export const WEB_LINK_SECRET = 'link-secret-for-the-e2e-tests-0123456789abcdef';

export interface WebStack {
  /** http://127.0.0.1:<port> */
  base: string;
  app: FastifyInstance;
  env: TestWorkflowEnvironment;
  client: Client;
  gateway: TemporalCaseGateway;
  /** The read model the worker projects into and the server reads (a SQLite file of this stack's own). */
  readModel: ReadModel;
  tokens: typeof WEB_TOKENS;
  /** With `mail: true`: the SMTP catcher's folder and the messages in it, oldest first. */
  mailDir?: string;
  mails(): Promise<ParsedMail[]>;
  /** With `second`: the second HTTP server, http://127.0.0.1:<port>. */
  secondBase?: string;
  /** Calls the JSON API with a role's token. */
  api(method: string, path: string, body: unknown, token: WebTokenName): Promise<{ status: number; json: Record<string, unknown> }>;
  stop(): Promise<void>;
}

export interface WebStackOptions {
  /** Real e-mail through the SMTP catcher (default: a recording test double, nothing sent). */
  mail?: boolean;
  /** Seconds between the overview's self-refreshes (default 2, so tests see it). */
  refreshSeconds?: number;
  taskQueue?: string;
  /** Without real mail: addresses whose deliveries fail permanently (550), for failed-delivery pages. */
  failFor?: string[];
  /** The server's port (default: any free one); known before the start when a provider must name its redirect URI. */
  port?: number;
  /** A second HTTP server on the same read model (its own handle on the file) and Temporal, as the cluster profile runs two; on this port or any. */
  second?: { port?: number };
  /** ARENDE_PUBLIC_URL of the servers (default: the first server's address). */
  publicUrl?: string;
  /** Personal sign-in (ARENDE_OIDC_*). */
  oidc?: OidcSettings;
}

export async function startWebStack(options: WebStackOptions = {}): Promise<WebStack> {
  const taskQueue = options.taskQueue ?? 'e2e';
  const readModelDir = mkdtempSync(join(tmpdir(), 'arende-e2e-readmodel-'));
  let mailDir: string | undefined;
  if (options.mail) mailDir = mkdtempSync(join(tmpdir(), 'arende-e2e-mail-'));
  // Registered before anything is awaited: a start-up cut short still stops what it started, in order.
  const started: { env?: TestWorkflowEnvironment; readModel?: ReadModel; app?: FastifyInstance; second?: FastifyInstance; secondReadModel?: ReadModel; catcher?: SMTPServer; transporter?: MailTransporter; stopWorker?: () => Promise<void> } = {};
  const stop = stopWhenDone('web stack', async () => {
    await started.app?.close();
    await started.second?.close();
    await started.stopWorker?.();
    started.transporter?.close();
    const catcher = started.catcher;
    if (catcher) await new Promise<void>((resolve) => catcher.close(() => resolve()));
    await started.env?.teardown();
    await started.readModel?.destroy();
    await started.secondReadModel?.destroy();
    rmSync(readModelDir, { recursive: true, force: true });
    if (mailDir) rmSync(mailDir, { recursive: true, force: true });
  });
  const env = (started.env = await createDevServerEnvironment());
  const client = new Client({ connection: env.connection, namespace: TEST_NAMESPACE });
  const readModel = (started.readModel = await openReadModel({ kind: 'embedded', file: join(readModelDir, 'readmodel.sqlite') }));
  const gateway = new TemporalCaseGateway(client, registry, taskQueue, readModel);
  const tokens = `administrator=${WEB_TOKENS.administrator},manager=${WEB_TOKENS.manager},registrator/krokom=${WEB_TOKENS.krokom},registrator/ostersund=${WEB_TOKENS.ostersund}`;

  const server = (own: ReadModel) =>
    buildServer({
      connection: env.connection,
      readModel: own,
      target: { address: '127.0.0.1', namespace: TEST_NAMESPACE, taskQueue, tls: false },
      temporalUiUrl: 'http://127.0.0.1:8233',
      mailDir,
      api: { cases: gateway, access: new AccessControl(parseApiTokens(tokens)), linkSecret: WEB_LINK_SECRET },
      web: { refreshSeconds: options.refreshSeconds ?? 2, publicUrl: options.publicUrl, oidc: options.oidc },
    });
  const app = (started.app = await server(readModel));
  await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  let secondBase: string | undefined;
  if (options.second) {
    // Its own handle on the read model's file, as a second process has.
    const secondReadModel = (started.secondReadModel = await openReadModel({ kind: 'embedded', file: join(readModelDir, 'readmodel.sqlite') }));
    const second = (started.second = await server(secondReadModel));
    await second.listen({ host: '127.0.0.1', port: options.second.port ?? 0 });
    secondBase = `http://127.0.0.1:${(second.server.address() as AddressInfo).port}`;
  }

  let activities = recordingDelivery(options.failFor ?? []).activities;
  if (mailDir) {
    const port = await closedPort();
    started.catcher = await startSmtpCatcher({ port, mailDir });
    const settings = testMailSettings(port, { publicUrl: base, linkSecret: WEB_LINK_SECRET });
    const transporter = (started.transporter = createMailTransport(settings));
    activities = createActivities({ deliver: createDeliver({ transporter, settings, registry, fallbackLog: { info: () => undefined, warn: () => undefined } }) });
  }
  started.stopWorker = runWorker(await createCaseWorker(env.nativeConnection, taskQueue, activities, TEST_NAMESPACE, undefined, { readModel }));

  return {
    base,
    secondBase,
    app,
    env,
    client,
    gateway,
    readModel,
    tokens: WEB_TOKENS,
    mailDir,
    async mails() {
      if (!mailDir) return [];
      const files = readdirSync(mailDir).filter((f) => MAIL_FILE.test(f)).sort();
      return Promise.all(files.map((f) => simpleParser(readFileSync(join(mailDir!, f)))));
    },
    async api(method, path, body, token) {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${WEB_TOKENS[token]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    },
    stop,
  };
}

/**
 * The request for a decision that `registratorEmail` received in case `dnr`, as the SMTP catcher
 * has it, and the report link it carries (pointing at this stack's server).
 */
export async function requestWithReportLink(stack: WebStack, dnr: string, registratorEmail: string): Promise<{ request: ParsedMail; link: string; token: string }> {
  const request = await eventually(
    async () => (await stack.mails()).find((m) => m.subject?.startsWith('Begäran om beslut') && m.text?.includes(dnr) && JSON.stringify(m.to).includes(registratorEmail)),
    { timeoutMs: 30_000 },
  );
  const found = new RegExp(`${stack.base.replace(/[.:/]/g, '\\$&')}/rapportera/([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)`).exec(request.text ?? '');
  if (!found) throw new Error(`the request to ${registratorEmail} in ${dnr} carries no report link`);
  return { request, link: found[0], token: found[1]! };
}

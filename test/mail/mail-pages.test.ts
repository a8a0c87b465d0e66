// The caught mail in a browser: what `npm start`'s SMTP catcher stored, listed and shown by the
// HTTP server's /mail pages. Mail is sent through the real transport to the real catcher.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { SMTPServer } from 'smtp-server';
import { createDeliver } from '../../activities/mail/deliver';
import { createMailTransport, type MailTransporter } from '../../activities/mail/transport';
import { MAIL_FILE, mailPages, receivedAt } from '../../client/http/mail-pages';
import type { Notification } from '../../domain/notifications';
import { startSmtpCatcher } from '../../scripts/stack/smtp-catcher';
import { notificationOf } from '../helpers/notifications';
import { closedPort, testMailSettings } from '../helpers/smtp';

let mailDir: string;
let catcher: SMTPServer;
let transporter: MailTransporter;
let app: FastifyInstance;
let files: string[];
let baseUrl: string;

async function get(path: string): Promise<{ statusCode: number; headers: Record<string, string>; body: string }> {
  const res = await fetch(`${baseUrl}${path}`);
  return { statusCode: res.status, headers: Object.fromEntries(res.headers.entries()), body: await res.text() };
}

beforeAll(async () => {
  mailDir = mkdtempSync(join(tmpdir(), 'arende-mail-'));
  const port = await closedPort();
  catcher = await startSmtpCatcher({ port, mailDir });
  const settings = testMailSettings(port);
  transporter = createMailTransport(settings);
  const deliver = createDeliver({ transporter, settings, fallbackLog: { info: () => undefined, warn: () => undefined } });
  const first = notificationOf('begaran');
  const hostile = { ...first.case, title: 'Avtal <script>alert(1)</script> & "samverkan"' };
  for (const n of [first, { ...notificationOf('laga-kraft'), case: hostile } as Notification]) {
    expect((await deliver(n)).status).toBe('sent');
    await new Promise((r) => setTimeout(r, 5)); // distinct arrival times
  }
  app = Fastify();
  await app.register(mailPages, { mailDir });
  // Over real HTTP, as a browser reads it.
  baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  const { readdirSync } = await import('node:fs');
  files = readdirSync(mailDir).sort();
  expect(files).toHaveLength(2);
});

afterAll(async () => {
  await app?.close();
  transporter?.close();
  await new Promise<void>((resolve) => (catcher ? catcher.close(() => resolve()) : resolve()));
  rmSync(mailDir, { recursive: true, force: true });
});

test('GET /mail lists received time, sender, recipient and subject, newest first', async () => {
  const res = await get('/mail');
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(res.headers['content-security-policy']).toContain("default-src 'none'");
  const html = res.body;
  expect(html).toContain('<h1>Fångad e-post</h1>');
  expect(html).toContain('2 meddelanden.');
  expect(html).toContain('Krokoms kommun &lt;registrator@krokom.example&gt;');
  const newest = html.indexOf('Laga kraft: Krokoms kommun');
  const oldest = html.indexOf('Begäran om beslut senast 2026-04-30');
  expect(newest).toBeGreaterThan(0);
  expect(oldest).toBeGreaterThan(newest);
  expect(html).toContain(`href="/mail/${files[0]}"`);
  expect(html).toContain(receivedAt(files[0]!));
  // The hostile title is text, never markup.
  expect(html).not.toContain('<script>');
  expect(html).toContain('Avtal &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;samverkan&quot;');
});

test('GET /mail/:file shows headers, the text part, the HTML part sandboxed, and the attachments', async () => {
  const res = await get(`/mail/${files[0]}`);
  expect(res.statusCode).toBe(200);
  const html = res.body;
  expect(html).toContain('<h1>Begäran om beslut senast 2026-04-30: Etablering av arbetsgrupp för samarbete inom … (RS/62/2026)</h1>');
  expect(html).toMatch(/<th scope="row">Message-ID<\/th><td>&lt;[0-9a-f]{32}@arendeflode\.regionjh\.example&gt;<\/td>/);
  expect(html).toContain('<th scope="row">Svar till</th><td>Samordningskansliet &lt;samordningskansliet@regionjh.example&gt;</td>');
  expect(html).toContain('<pre>Till Krokoms kommun');
  expect(html).toMatch(/<iframe sandbox title="Meddelandets HTML-del" srcdoc="&lt;!doctype html&gt;/);
  expect(html).toContain(`<a href="/mail/${files[0]}/bilagor/0">sista-dag-RS-62-2026.ics</a> (text/calendar,`);
  const hostile = await get(`/mail/${files[1]}`);
  expect(hostile.body).not.toContain('<script>');
});

test('the .ics attachment downloads as a calendar file', async () => {
  const res = await get(`/mail/${files[0]}/bilagor/0`);
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/calendar/);
  expect(res.headers['content-disposition']).toContain('attachment; filename="sista-dag-RS-62-2026.ics"');
  expect(res.body).toContain('DTSTART;VALUE=DATE:20260430');
  expect((await get(`/mail/${files[0]}/bilagor/7`)).statusCode).toBe(404);
});

test('the source is readable as plain text', async () => {
  const res = await get(`/mail/${files[0]}/kalla`);
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
  expect(res.body).toMatch(/^Message-ID: </m);
});

test('only the catcher’s file names are served: no path traversal, no other files', async () => {
  writeFileSync(join(mailDir, 'notes.eml'), 'Subject: not from the catcher\r\n\r\nx');
  for (const url of ['/mail/..%2F..%2F..%2Fetc%2Fpasswd', '/mail/notes.eml', `/mail/${files[0]!.replace('.eml', '.txt')}`, '/mail/..%2Fpackage.json/kalla', '/mail/notes.eml/bilagor/0']) {
    const res = await get(url);
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('Meddelandet finns inte');
  }
  expect((await get('/mail')).body).not.toContain('not from the catcher');
  expect(MAIL_FILE.test('2026-11-23T10-15-00.123Z-0f8fad5b-d9cb-469f-a165-70867728950e.eml')).toBe(true);
});

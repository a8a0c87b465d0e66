// The embedded default's caught mail, readable in a browser: GET /mail lists what the SMTP catcher
// (scripts/stack/smtp-catcher.ts) stored, newest first; GET /mail/:file shows one message —
// headers, the text part, the HTML part in a sandboxed frame, the attachments to download.
// Only file names of the catcher's own pattern are served, so no path leaves the mail folder.
// Everything shown from a message is escaped: mail is data from outside.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { stockholmOffsetMinutes } from '../../domain/dates';
import { escapeHtml } from '../../lib/escape-html';
import type {} from './access-hook'; // config.action

export interface MailPagesOptions {
  mailDir: string;
  /** Most messages listed (newest first). */
  limit?: number;
  /** Renders a page in the web pages' shared layout (client/web); without it, a plain page of its own. */
  layout?: (req: FastifyRequest, reply: FastifyReply, title: string, body: string) => string;
  /** The Content-Security-Policy of these pages; default: this module's own (CSP below). */
  csp?: string;
}

/** `2026-11-23T10-15-00.123Z-<uuid>.eml`, as the catcher names files. */
export const MAIL_FILE = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})\.(\d{3})Z-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.eml$/;

const PARSE_OPTIONS = { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true } as const;

/** The arrival time in a file name, as Europe/Stockholm wall-clock time "2026-11-23 11:15:00". */
export function receivedAt(file: string): string {
  const m = MAIL_FILE.exec(file)!;
  return stockholmTime(Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`));
}

/** "Namn <adress>, …" as people read it (mailparser's `text` keeps the header's quotes). */
function addresses(field: AddressObject | AddressObject[] | undefined): string {
  if (!field) return '';
  return (Array.isArray(field) ? field : [field])
    .flatMap((a) => a.value)
    .map((a) => (a.name ? `${a.name} <${a.address ?? ''}>` : (a.address ?? '')))
    .join(', ');
}

/** Wall-clock time in Europe/Stockholm, "2026-11-23 11:15:00". */
function stockholmTime(epochMs: number): string {
  return new Date(epochMs + stockholmOffsetMinutes(epochMs) * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem;color:#1a1a1a}
table{border-collapse:collapse}th,td{text-align:left;vertical-align:top;padding:.3rem .8rem .3rem 0}
tbody tr:nth-child(odd){background:#f4f6f8}pre{white-space:pre-wrap;background:#f4f6f8;padding:1rem;max-width:60rem}
iframe{width:100%;max-width:60rem;height:40rem;border:1px solid #ccc}`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${STYLE}</style>
</head><body>
${body}
</body></html>`;
}

// Nothing from a message may run or load from elsewhere; the frame showing its HTML has no scripts
// (sandbox without allow-scripts) and inherits this policy.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self'; base-uri 'none'; form-action 'none'";

const SAFE_FILENAME = /[^\p{L}\p{N}._ -]+/gu;

export const mailPages: FastifyPluginAsync<MailPagesOptions> = async (app, options) => {
  const limit = options.limit ?? 500;
  const csp = options.csp ?? CSP;
  const render = (req: FastifyRequest, reply: FastifyReply, title: string, body: string) =>
    options.layout ? options.layout(req, reply, title, body) : page(`${title} – Ärendeflöde`, body);

  async function listFiles(): Promise<string[]> {
    try {
      return (await readdir(options.mailDir)).filter((f) => MAIL_FILE.test(f)).sort().reverse();
    } catch {
      return [];
    }
  }

  async function load(file: string): Promise<ParsedMail | undefined> {
    if (!MAIL_FILE.test(file)) return undefined;
    try {
      return await simpleParser(await readFile(join(options.mailDir, file)), PARSE_OPTIONS);
    } catch {
      return undefined;
    }
  }

  const notFoundBody = '<p><a href="/mail">← Fångad e-post</a></p><h1>Meddelandet finns inte</h1>';
  const notFound = (req: FastifyRequest, reply: FastifyReply) => render(req, reply, 'Meddelandet finns inte', notFoundBody);

  app.get('/mail', { config: { action: 'mail.read' } }, async (req, reply) => {
    const files = await listFiles();
    const shown = files.slice(0, limit);
    const rows = await Promise.all(
      shown.map(async (file) => {
        const mail = await load(file);
        const subject = mail?.subject ?? '(kan inte läsas)';
        return `<tr><td>${escapeHtml(receivedAt(file))}</td><td>${escapeHtml(addresses(mail?.from))}</td><td>${escapeHtml(addresses(mail?.to))}</td><td><a href="/mail/${encodeURIComponent(file)}">${escapeHtml(subject || '(inget ämne)')}</a></td></tr>`;
      }),
    );
    const count = files.length === 0 ? 'Inga meddelanden än.' : `${files.length} meddelanden${files.length > shown.length ? `, de ${shown.length} senaste visas` : ''}.`;
    const body = `${options.layout ? '' : '<p><a href="/">← Start</a></p>\n'}<h1>Fångad e-post</h1>
<p>Det som systemet har skickat, fångat av den lokala SMTP-servern (inbyggd standardkonfiguration; inget skickas vidare). ${escapeHtml(count)}</p>
${rows.length ? `<table><thead><tr><th scope="col">Mottaget</th><th scope="col">Från</th><th scope="col">Till</th><th scope="col">Ämne</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>` : ''}`;
    return reply.type('text/html; charset=utf-8').header('content-security-policy', csp).send(render(req, reply, 'Fångad e-post', body));
  });

  app.get<{ Params: { file: string } }>('/mail/:file', { config: { action: 'mail.read' } }, async (req, reply) => {
    const file = req.params.file;
    const mail = await load(file);
    if (!mail) return reply.code(404).type('text/html; charset=utf-8').send(notFound(req, reply));
    const row = (label: string, value: string | undefined) =>
      value ? `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>` : '';
    const href = `/mail/${encodeURIComponent(file)}`;
    const attachments = mail.attachments.map(
      (a, i) =>
        `<li><a href="${href}/bilagor/${i}">${escapeHtml(a.filename ?? `bilaga ${i + 1}`)}</a> (${escapeHtml(a.contentType)}, ${a.size} byte)</li>`,
    );
    const body = `<p><a href="/mail">← Fångad e-post</a></p>
<h1>${escapeHtml(mail.subject ?? '(inget ämne)')}</h1>
<table>
${row('Mottaget', receivedAt(file))}
${row('Från', addresses(mail.from))}
${row('Till', addresses(mail.to))}
${row('Kopia', addresses(mail.cc))}
${row('Svar till', addresses(mail.replyTo))}
${row('Datum', mail.date ? stockholmTime(mail.date.getTime()) : undefined)}
${row('Message-ID', mail.messageId)}
</table>
<h2>Bilagor</h2>
${attachments.length ? `<ul>${attachments.join('')}</ul>` : '<p>Inga bilagor.</p>'}
<h2>Text</h2>
${mail.text ? `<pre>${escapeHtml(mail.text)}</pre>` : '<p>Ingen textdel.</p>'}
<h2>HTML</h2>
${typeof mail.html === 'string' ? `<iframe sandbox title="Meddelandets HTML-del" srcdoc="${escapeHtml(mail.html)}"></iframe>` : '<p>Ingen HTML-del.</p>'}
<p><a href="${href}/kalla">Visa källan (.eml)</a></p>`;
    return reply.type('text/html; charset=utf-8').header('content-security-policy', csp).send(render(req, reply, mail.subject ?? 'E-post', body));
  });

  app.get<{ Params: { file: string; index: string } }>('/mail/:file/bilagor/:index', { config: { action: 'mail.read' } }, async (req, reply) => {
    const mail = await load(req.params.file);
    const index = /^\d{1,3}$/.test(req.params.index) ? Number(req.params.index) : -1;
    const attachment = mail?.attachments[index];
    if (!attachment) return reply.code(404).type('text/html; charset=utf-8').send(notFound(req, reply));
    const name = (attachment.filename ?? `bilaga-${index + 1}`).replace(SAFE_FILENAME, '_');
    return reply
      .type(attachment.contentType || 'application/octet-stream')
      .header('content-disposition', `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .header('x-content-type-options', 'nosniff')
      .send(attachment.content);
  });

  app.get<{ Params: { file: string } }>('/mail/:file/kalla', { config: { action: 'mail.read' } }, async (req, reply) => {
    if (!MAIL_FILE.test(req.params.file)) return reply.code(404).type('text/html; charset=utf-8').send(notFound(req, reply));
    try {
      const raw = await readFile(join(options.mailDir, req.params.file));
      return reply.type('text/plain; charset=utf-8').header('x-content-type-options', 'nosniff').send(raw);
    } catch {
      return reply.code(404).type('text/html; charset=utf-8').send(notFound(req, reply));
    }
  });
};

// "Läs in från kallelse/protokoll" on the dashboard: the administrator uploads a kallelse or protokoll
// (PDF or text) or pastes its text, sees the items the parser found, picks one, and gets the
// registration form (admin-forms.ts) pre-filled from proposeCase's draft — every pre-filled field
// marked with the lines it came from, every field the document does not give marked as missing, the
// proposal's notes next to their field. The form posts to the ordinary POST /registrera: today's
// validation applies and nothing is registered before that. No state on the server: the items page
// carries the document's text (bounded by DOCUMENT_TEXT_MAX_BYTES) in a hidden field, and the pick
// posts it back with the item's index, so the document is parsed again, never uploaded twice.
//
//   GET  /registrera/handling         the upload/paste form
//   POST /registrera/handling         the document → its items (multipart: fil or text)
//   POST /registrera/handling/punkt   text + punkt → the pre-filled registration form
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/csrf-protection';
import fastifyMultipart from '@fastify/multipart';
import type { Principal } from '../api/access';
import type { Recipient } from '../../domain/case';
import { parseAgenda, proposeCase, recipientLine, type CaseProposal, type ItemFieldName, type ItemKind, type ParsedDocument, type ParsedItem } from '../../domain/documents';
import type { PartyRegistry } from '../../domain/parties';
import { eventTypeWord } from '../../domain/words';
import { loadParties } from '../../config/load-parties';
import { DOCUMENT_TEXT_MAX_BYTES, DocumentTextError, checkedText, documentText } from '../../lib/document-text';
import { PDF_MAX_BYTES } from '../../lib/pdf-text';
import { html, type SafeHtml } from './html';
import { csrfField, page } from './layout';
import { errorSummary, formState, type FormState } from './form-fields';
import { MARKS_FIELD, encodeMarks, type FieldMark } from './field-marks';
import { fieldId, formLevelError, type FormErrors } from './forms';
import { REGISTRATION_FORM, registrationForm } from './admin-forms';
import type { WebDependencies } from './context';

export const ITEM_KIND_WORDS: Record<ItemKind, string> = {
  recommendation: 'Rekommendation',
  arende: 'Ärende',
  bilaga: 'Bilaga',
  information: 'Information',
  'fastst-lista': 'Fastställande av föredragningslistan',
  justerare: 'Val av justerare',
  paus: 'Paus',
  'ovriga-fragor': 'Övriga frågor',
};

const ITEM_FIELD_WORDS: Record<ItemFieldName, string> = {
  number: 'punktens nummer',
  paragraf: 'paragraf',
  time: 'klockslag',
  dnr: 'diarienummer',
  title: 'ärendemening',
  summary: 'ärendebeskrivning',
  forslagIntro: 'förslagets inledning',
  forslagTillBeslut: 'förslag till beslut',
  beslut: 'beslut',
  huvudman: 'huvudmän',
  senast: 'senast (sista dag för beslut)',
  expedierasTill: 'expedieras till',
  beslutsunderlag: 'beslutsunderlag',
};

const DOCUMENT_WORDS: Record<ParsedDocument['type'], string> = { kallelse: 'Kallelse/föredragningslista', protokoll: 'Protokoll', protokollsutdrag: 'Protokollsutdrag' };

/** Items an administrator registers as a case: recommendations, and other ärenden with a note. */
const offered = (item: ParsedItem) => item.kind === 'recommendation' || item.kind === 'arende';

const capitalise = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/** [47, 48] → "rad 47–48"; [4, 65] → "rad 4 och 65". */
export function linesText(lines: readonly number[]): string {
  const runs: string[] = [];
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    runs.push(j === i ? `${sorted[i]}` : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return `rad ${runs.length > 1 ? `${runs.slice(0, -1).join(', ')} och ${runs.at(-1)}` : runs[0]}`;
}

const itemNumber = (item: ParsedItem) => (item.fields.paragraf ? `§ ${item.fields.paragraf.value}` : item.fields.number ? `${item.fields.number.value}.` : '–');

/** The draft's values as the registration form's fields hold them (lines, checked boxes, recipient lines). */
export function formValues(draft: Record<string, unknown>, registry: PartyRegistry): Record<string, string | string[]> {
  const at = (path: string): unknown => path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), draft);
  const out: Record<string, string | string[]> = {};
  for (const [name, kind] of Object.entries(REGISTRATION_FORM)) {
    const v = at(name);
    if (v === undefined) continue;
    if (kind === 'checked') out[name] = (v as string[]).map(String);
    else if (kind === 'lines') out[name] = (v as string[]).join('\n');
    else if (kind === 'int-list') out[name] = (v as number[]).join(', ');
    else if (kind === 'recipients') out[name] = (v as Recipient[]).map((r) => recipientLine(r, registry)).join('\n');
    else if (kind === 'documents') out[name] = (v as { title: string; url?: string }[]).map((d) => (d.url ? `${d.title} ${d.url}` : d.title)).join('\n');
    else out[name] = String(v);
  }
  return out;
}

/** Per form field: its source lines, or "Saknas i handlingen – fyll i", with the proposal's notes. */
export function fieldMarks(proposal: CaseProposal): Record<string, FieldMark> {
  const marks: Record<string, FieldMark> = {};
  for (const name of Object.keys(REGISTRATION_FORM)) {
    const lines = proposal.sources[name];
    const notes = proposal.notes.filter((n) => n.field === name).map((n) => capitalise(n.message));
    if (lines) marks[name] = { text: `Ur handlingen, ${linesText(lines)}`, missing: false, notes };
    else if (proposal.missing.includes(name) || notes.length) marks[name] = { text: 'Saknas i handlingen – fyll i', missing: true, notes };
  }
  // A recipient the registry does not know needs an address before the case can be registered.
  const recipients = (proposal.draft.expedierasTill ?? []) as Recipient[];
  const unknown = recipients.filter((r) => !r.party && !r.group && !r.email).map((r) => r.organisation ?? r.role ?? '');
  if (unknown.length && marks.expedierasTill) {
    marks.expedierasTill.notes = [...(marks.expedierasTill.notes ?? []), ...unknown.map((u) => `"${u}" finns inte i partregistret: skriv en e-postadress (Namn <e-post>) eller ta bort raden`)];
  }
  return marks;
}

export function registerDocumentImport(app: FastifyInstance, deps: Pick<WebDependencies, 'registry' | 'mailDir'>): void {
  const registry = deps.registry ?? loadParties();
  const principalOf = (req: FastifyRequest): Principal => req.principal!;

  function send(req: FastifyRequest, reply: FastifyReply, code: number, title: string, body: (csrf: string) => SafeHtml) {
    const csrf = reply.generateCsrf();
    const markup = page({ title, principal: principalOf(req), partyNames: (id: string) => registry.get(id)?.name, csrfToken: csrf, nav: { active: 'registrera', mail: Boolean(deps.mailDir) }, body: body(csrf) });
    return reply.code(code).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(markup);
  }

  const uploadPage = (req: FastifyRequest, reply: FastifyReply, code: number, errors: FormErrors = { all: [], byField: {} }, text = '') =>
    send(req, reply, code, 'Läs in från kallelse/protokoll', (csrf) => uploadBody(csrf, errors, text));

  app.get('/registrera/handling', { config: { action: 'case.register' } }, async (req, reply) => uploadPage(req, reply, 200));

  app.register(async (scope) => {
    // Multipart: a PDF up to PDF_MAX_BYTES, the pasted or carried text up to DOCUMENT_TEXT_MAX_BYTES.
    await scope.register(fastifyMultipart, { attachFieldsToBody: 'keyValues', limits: { fileSize: PDF_MAX_BYTES, files: 1, fields: 4, fieldSize: DOCUMENT_TEXT_MAX_BYTES + 1024 } });
    scope.setErrorHandler((err: FastifyError, req, reply) => {
      if (err.code === 'FST_REQ_FILE_TOO_LARGE') return uploadPage(req, reply, 400, formLevelError(`Filen är större än ${PDF_MAX_BYTES / 1024 / 1024} MB: ladda upp en mindre PDF eller klistra in texten.`));
      if (err.code === 'FST_FILES_LIMIT' || err.code === 'FST_FIELDS_LIMIT' || err.code === 'FST_PARTS_LIMIT') return uploadPage(req, reply, 400, formLevelError('Formuläret har för många fält eller filer: ladda upp en fil eller klistra in texten.'));
      if (/field value too long|fieldSize/i.test(err.message)) return uploadPage(req, reply, 400, formLevelError(`Texten är större än ${DOCUMENT_TEXT_MAX_BYTES / 1024 / 1024} MB: klistra in en del i taget.`));
      throw err;
    });

    /** The document's text and its parse, or a Swedish reason. */
    async function readDocument(body: Record<string, unknown>): Promise<{ text: string; doc: ParsedDocument } | { error: string }> {
      const file = body.fil;
      const pasted = typeof body.text === 'string' ? body.text : '';
      let text: string;
      try {
        if (Buffer.isBuffer(file) && file.length > 0) text = checkedText(await documentText(file));
        else if (pasted.trim() !== '') text = checkedText(pasted);
        else return { error: 'Välj en fil (PDF eller text) eller klistra in handlingens text.' };
      } catch (err) {
        if (err instanceof DocumentTextError) return { error: `Handlingen kunde inte läsas: ${err.message}.` };
        throw err;
      }
      const doc = parseAgenda(text, registry);
      if (doc.items.length === 0) return { error: 'Handlingen kunde inte läsas: inga punkter eller paragrafer hittades. Ladda upp en kallelse/föredragningslista eller ett protokoll.' };
      return { text, doc };
    }

    scope.post<{ Body: Record<string, unknown> }>('/registrera/handling', { config: { action: 'case.register' }, preHandler: scope.csrfProtection }, async (req, reply) => {
      const body = req.body ?? {};
      const read = await readDocument(body);
      if ('error' in read) return uploadPage(req, reply, 400, formLevelError(read.error), typeof body.text === 'string' ? body.text : '');
      return send(req, reply, 200, 'Välj ärende ur handlingen', (csrf) => itemsBody(csrf, read.text, read.doc, registry));
    });

    scope.post<{ Body: Record<string, unknown> }>('/registrera/handling/punkt', { config: { action: 'case.register' }, preHandler: scope.csrfProtection }, async (req, reply) => {
      const body = req.body ?? {};
      const read = await readDocument({ text: body.text });
      if ('error' in read) return uploadPage(req, reply, 400, formLevelError(read.error));
      const index = typeof body.punkt === 'string' && /^\d{1,4}$/.test(body.punkt) ? Number(body.punkt) : -1;
      const item = read.doc.items[index];
      if (!item || !offered(item)) {
        return send(req, reply, 400, 'Välj ärende ur handlingen', (csrf) => itemsBody(csrf, read.text, read.doc, registry, formLevelError('Välj ett av ärendena i listan.')));
      }
      const proposal = proposeCase(read.doc, item, registry);
      const state: FormState = { ...formState(formValues(proposal.draft, registry)), marks: fieldMarks(proposal) };
      return send(req, reply, 200, 'Registrera ärende ur handlingen', (csrf) => pickedBody(csrf, state, read.text, read.doc, item, proposal, registry));
    });
  });
}

function uploadBody(csrf: string, errors: FormErrors, text: string): SafeHtml {
  const invalid = errors.all.length > 0;
  return html`${errorSummary(errors, 'Handlingen kunde inte läsas in')}
<p><a href="/registrera">← Registrera ärende</a></p>
<h1>Läs in från kallelse/protokoll</h1>
<p class="lead">Ladda upp RSR:s kallelse/föredragningslista eller protokoll, eller klistra in texten. Du får se punkterna som hittades och väljer ärendet; registreringsformuläret fylls sedan i med det handlingen säger. Inget registreras förrän du skickar formuläret.</p>
<form method="post" action="/registrera/handling" enctype="multipart/form-data" class="form" novalidate>
${csrfField(csrf)}
<div class="field${invalid ? ' field--error' : ''}">
<label for="f-handling-fil">Fil (PDF eller text)</label>
<span class="hint" id="f-handling-fil-hint">PDF med textlager (inte inskannad), högst ${PDF_MAX_BYTES / 1024 / 1024} MB, eller en textfil i UTF-8.</span>
<input id="f-handling-fil" name="fil" type="file" accept="application/pdf,.pdf,text/plain,.txt" aria-describedby="f-handling-fil-hint"${invalid ? html` aria-invalid="true"` : ''}>
</div>
<div class="field${invalid ? ' field--error' : ''}">
<label for="f-handling-text">Eller klistra in texten</label>
<span class="hint" id="f-handling-text-hint">Hela kallelsen eller protokollet, eller den del där ärendet står. Högst ${DOCUMENT_TEXT_MAX_BYTES / 1024 / 1024} MB.</span>
<textarea id="f-handling-text" name="text" rows="12" aria-describedby="f-handling-text-hint"${invalid ? html` aria-invalid="true"` : ''}>${text}</textarea>
</div>
<button type="submit">Läs in handlingen</button>
</form>`;
}

function documentHeading(doc: ParsedDocument): string {
  const parts = [DOCUMENT_WORDS[doc.type], doc.header.organ?.value, doc.header.meetingDate ? `sammanträdet ${doc.header.meetingDate.value}` : undefined];
  return parts.filter(Boolean).join(', ');
}

function itemsBody(csrf: string, text: string, doc: ParsedDocument, registry: PartyRegistry, errors: FormErrors = { all: [], byField: {} }): SafeHtml {
  const anyOffered = doc.items.some(offered);
  const rows = doc.items.map((item, i) => {
    const f = item.fields;
    const id = `punkt-${i}`;
    const title = f.title?.value ?? '(ingen rubrik)';
    const pick = offered(item)
      ? html`<input type="radio" name="punkt" value="${String(i)}" id="${id}" aria-describedby="${id}-slag">`
      : html`<span class="muted">Registreras inte</span>`;
    const note = item.kind === 'arende' ? html`<br><span class="hint">Handlingen ber inte huvudmännen besluta: kontrollera att det är en rekommendation.</span>` : '';
    const huvudman = f.huvudman ? html`<br><span class="hint">Huvudmän: ${f.huvudman.value.map((p) => registry.get(p)?.name ?? p).join(', ')}</span>` : '';
    return html`<tr${offered(item) ? '' : html` class="not-offered"`}>
<td>${pick}</td>
<td>${itemNumber(item)}</td>
<td>${f.dnr?.value ?? '–'}</td>
<td>${offered(item) ? html`<label for="${id}">${title}</label>` : title}${note}${huvudman}</td>
<td id="${id}-slag">${ITEM_KIND_WORDS[item.kind]}</td>
<td>${item.missing.length ? item.missing.map((m) => ITEM_FIELD_WORDS[m]).join(', ') : '–'}</td>
</tr>`;
  });
  return html`${errorSummary(errors, 'Inget ärende valt')}
<p><a href="/registrera/handling">← Läs in en annan handling</a></p>
<h1>Välj ärende ur handlingen</h1>
<p class="lead">${documentHeading(doc)}: ${String(doc.items.length)} punkter. Välj det ärende du vill registrera; formuläret fylls i med det handlingen säger, och inget registreras förrän du skickar det.</p>
${anyOffered ? '' : html`<p class="notice">Ingen av punkterna är ett ärende att registrera (bara information, val av justerare, pauser och liknande).</p>`}
<form method="post" action="/registrera/handling/punkt" enctype="multipart/form-data" class="form" novalidate>
${csrfField(csrf)}
<input type="hidden" name="text" value="${text}">
<div class="table-wrap"><table class="items">
<caption class="visually-hidden">Punkter i handlingen</caption>
<thead><tr><th scope="col">Välj</th><th scope="col">Punkt</th><th scope="col">Dnr</th><th scope="col">Ärende</th><th scope="col">Slag</th><th scope="col">Saknas i handlingen</th></tr></thead>
<tbody>
${rows}
</tbody>
</table></div>
${anyOffered ? html`<button type="submit">Fyll i registreringen</button>` : ''}
</form>`;
}

/** The item's own lines, numbered as the marks cite them. */
function sourceExcerpt(text: string, item: ParsedItem): SafeHtml {
  const all = text.split('\n');
  const first = Math.min(...item.lines);
  const last = Math.max(...item.lines);
  const shown = all.slice(first - 1, last).map((l, i) => `${String(first + i).padStart(4, ' ')}  ${l}`);
  return html`<details class="source-text"><summary>Punktens text i handlingen (rad ${String(first)}–${String(last)})</summary><pre>${shown.join('\n')}</pre></details>`;
}

function eventsNote(proposal: CaseProposal): SafeHtml {
  if (proposal.events.length === 0) return html``;
  const describe = (e: Record<string, unknown>): string => {
    const type = String(e.type);
    if (type === 'rsr-decided') return `${eventTypeWord(type)}: sammanträdet ${String(e.meetingDate)}, § ${String(e.paragraf)}, ${(e.beslut as string[]).length} beslutspunkter`;
    if (type === 'justering-recorded') return `${eventTypeWord(type)}: ${String(e.date)}, justerare ${(e.justerare as string[]).join(', ')}`;
    if (type === 'anslag-posted') return `${eventTypeWord(type)}: uppsatt ${String(e.posted)}${e.removed ? `, nedtaget ${String(e.removed)}` : ''}`;
    return eventTypeWord(type);
  };
  return html`<div class="notice">
<h2>Protokollet visar också</h2>
<ul>${proposal.events.map((e) => html`<li>${capitalise(describe(e))}</li>`)}</ul>
<p>Registrera dem på ärendets sida när ärendet är registrerat: "Registrera RSR:s beslut" och "Registrera justering och anslag".</p>
</div>`;
}

function pickedBody(csrf: string, state: FormState, text: string, doc: ParsedDocument, item: ParsedItem, proposal: CaseProposal, registry: PartyRegistry): SafeHtml {
  const missing = Object.entries(state.marks ?? {}).filter(([, m]) => m.missing);
  const fieldName = (name: string) => fieldLabelOf(name);
  return html`<p><a href="/registrera/handling">← Läs in en annan handling</a></p>
<h1>Registrera ärende ur handlingen</h1>
<p class="lead">${item.fields.paragraf ? '' : 'Punkt '}${itemNumber(item)} ${item.fields.title?.value ?? ''} (${documentHeading(doc)}). Kontrollera uppgifterna mot handlingen och fyll i det som saknas; inget registreras förrän du skickar formuläret.</p>
${missing.length ? html`<div class="notice notice--missing"><p><strong>Saknas i handlingen – fyll i:</strong></p><ul>${missing.map(([name]) => html`<li><a href="#${fieldId(name)}">${fieldName(name)}</a></li>`)}</ul></div>` : ''}
${eventsNote(proposal)}
${sourceExcerpt(text, item)}
${registrationForm(state, registry, csrf, html`<input type="hidden" name="${MARKS_FIELD}" value="${encodeMarks(state.marks ?? {})}">`)}`;
}

const FORM_LABELS: Record<string, string> = {
  dnr: 'Diarienummer',
  title: 'Ärendemening',
  'handlaggare.name': 'Handläggarens namn',
  'tjansteskrivelse.date': 'Tjänsteskrivelsens datum',
  'tjansteskrivelse.author': 'Tjänsteskrivelsens författare',
  'tjansteskrivelse.summary': 'Sammanfattning',
  'tjansteskrivelse.forslagTillBeslut': 'Förslag till beslut',
  rsrMeetingDate: 'RSR-sammanträde',
  'recommendation.huvudman': 'Huvudmän',
  'recommendation.points': 'Beslutspunkter',
  'recommendation.senast': 'Senast',
  expedierasTill: 'Expedieras till',
  beslutsunderlag: 'Beslutsunderlag',
};

const fieldLabelOf = (name: string) => FORM_LABELS[name] ?? name;

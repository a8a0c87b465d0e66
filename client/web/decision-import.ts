// A huvudman's decision read from its protokollsutdrag: the administrator or the party's registrator
// (on the case page, decision-import-admin.ts) or the party through its report link (here) uploads the
// PDF or text file, or pastes the text; the product finds the § on the case (by the case's Dnr, by
// RSR's meeting and §, or by the title: domain/documents findDecision) and shows the decision form
// pre-filled from it, each field marked with the lines it came from and the missing ones highlighted.
// Nothing is recorded here: the form posts to the decision's usual route, where all validation applies.
//
//   GET/POST /rapportera/:token/protokollsutdrag   the report link's upload page / the pre-filled form
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/csrf-protection'; // reply.generateCsrf, app.csrfProtection
import fastifyMultipart from '@fastify/multipart';
import type { FullCaseStatus } from '../cases';
import { decisionMatch, findDecision, parseDecisions, proposeDecision, recipientLine, type CaseIdentity, type ParsedDecision } from '../../domain/documents';
import type { Recipient } from '../../domain/case';
import { genitive } from '../../domain/words';
import type { PartyRegistry } from '../../domain/parties';
import type { TrackStatus } from '../../domain/track-rules';
import { DOCUMENT_TEXT_MAX_BYTES, DocumentTextError, checkedText, documentText } from '../../lib/document-text';
import { html, type SafeHtml } from './html';
import { csrfField } from './layout';
import { formLevelError } from './forms';
import { errorSummary, formState, textArea, type FieldMark, type FormState } from './form-fields';
import type { Loaded } from './report-pages';

/** Largest uploaded protokoll(sutdrag): a scanned-and-OCR'd PDF of a long protokoll stays under this. */
export const DECISION_DOCUMENT_MAX_BYTES = 20 * 1024 * 1024;

/** Multipart limits of the upload routes: one file, the CSRF token, the party and the pasted text. */
export const UPLOAD_LIMITS = { fileSize: DECISION_DOCUMENT_MAX_BYTES, files: 1, fields: 4, fieldSize: DOCUMENT_TEXT_MAX_BYTES + 1, parts: 5 };

/** The multipart errors that mean "too much" (the page again with a message, not an error page). */
const LIMIT_CODES = new Set(['FST_REQ_FILE_TOO_LARGE', 'FST_FILES_LIMIT', 'FST_FIELDS_LIMIT', 'FST_PARTS_LIMIT']);

export function limitMessage(err: FastifyError): string | undefined {
  if (!err.code || !LIMIT_CODES.has(err.code)) return undefined;
  return err.code === 'FST_REQ_FILE_TOO_LARGE'
    ? `filen är större än ${DECISION_DOCUMENT_MAX_BYTES / 1024 / 1024} MB: ladda upp protokollsutdraget (bara paragrafen), eller klistra in texten`
    : 'formuläret har för många fält eller filer: ladda upp en fil eller klistra in en text';
}

/** Tracks that still take a decision (also after återremiss or bordläggning). */
export const takesDecision = (track: TrackStatus) => track.state === 'requested' || track.state === 'overdue';

/** The uploaded file, or else the pasted text; a DocumentTextError (Swedish) when neither reads. */
export async function readDocument(body: Record<string, unknown> | undefined): Promise<string> {
  const file = body?.fil;
  if (Buffer.isBuffer(file) && file.length > 0) return documentText(file);
  const text = typeof body?.text === 'string' ? body.text : '';
  if (text.trim() !== '') return checkedText(text);
  throw new DocumentTextError('välj en fil (PDF eller text) eller klistra in protokollsutdragets text');
}

/** "rad 396–401", "rad 12, 14 och 396–401". */
export function lineWords(lines: readonly number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < lines.length; ) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === lines[j]! + 1) j++;
    runs.push(j === i ? `${lines[i]}` : `${lines[i]}–${lines[j]}`);
    i = j + 1;
  }
  const list = runs.length > 1 ? `${runs.slice(0, -1).join(', ')} och ${runs.at(-1)}` : (runs[0] ?? '');
  return `rad ${list}`;
}

const partyName = (registry: PartyRegistry, id: string) => registry.get(id)?.name ?? id;

function describeParagraf(d: ParsedDecision, registry: PartyRegistry): string {
  const f = d.fields;
  const who = [f.organ?.value, f.party ? partyName(registry, f.party.value) : undefined, f.meetingDate?.value].filter(Boolean).join(', ');
  const dnr = [f.dnr ? `Dnr ${f.dnr.value}` : '', f.rsrDnr ? `RSR:s Dnr ${f.rsrDnr.value}` : ''].filter(Boolean).join(', ');
  return `§ ${f.paragraf?.value ?? '?'} ${f.title?.value ?? '(utan rubrik)'}${dnr ? ` (${dnr})` : ''}${who ? `, ${who}` : ''}`;
}

export type TrackProposal =
  | { ok: true; values: Record<string, string>; marks: Record<string, FieldMark>; intro: SafeHtml }
  | { ok: false; message: string };

/**
 * The decision form for `party`'s track, pre-filled from the § of `text` that is on the case; or why
 * not (no § with a decision, none on the case, or the § is another party's). `other` says where the
 * other party's document belongs ("på Krokoms kommuns spår" / "med Krokoms kommuns egen länk").
 */
export function proposeForTrack(text: string, status: FullCaseStatus, party: string, registry: PartyRegistry, other: (name: string) => string): TrackProposal {
  const decisions = parseDecisions(text, registry);
  if (decisions.length === 0) {
    return { ok: false, message: 'handlingen innehåller ingen paragraf med ett beslut (en § med "Beslut" eller "Kommunstyrelsens beslut" och numrerade punkter): ladda upp huvudmannens protokoll eller protokollsutdrag. Inget har registrerats.' };
  }
  const rsr = status.rsr;
  const identity: CaseIdentity = { dnr: status.dnr, title: status.title, rsrMeetingDate: rsr?.meetingDate ?? status.rsrMeetingDate, ...(rsr ? { rsrParagraf: rsr.paragraf } : {}) };
  const decision = findDecision(decisions, identity);
  const ours = partyName(registry, party);
  if (!decision) {
    const ref = rsr ? `, RSR:s sammanträde ${rsr.meetingDate} § ${rsr.paragraf}` : '';
    return {
      ok: false,
      message: `ingen paragraf i handlingen gäller ärendet ${status.dnr} (${status.title}): ingen nämner ärendets diarienummer${ref} eller har dess ärendemening. Handlingen har ${decisions.map((d) => describeParagraf(d, registry)).join('; ')}. Inget har registrerats.`,
    };
  }
  const whose = decision.fields.party?.value;
  if (whose && whose !== party) {
    const theirs = partyName(registry, whose);
    return {
      ok: false,
      message: `paragrafen som gäller ärendet, ${describeParagraf(decision, registry)}, är ${genitive(theirs)} beslut, inte ${genitive(ours)}: läs in den ${other(theirs)}. Inget har registrerats.`,
    };
  }
  const how = decisionMatch(decision, identity);
  const matched =
    how === 'dnr'
      ? `Paragrafen hittades på diarienumret ${status.dnr}`
      : how === 'rsr-paragraf'
        ? `Paragrafen hittades på RSR:s sammanträde ${identity.rsrMeetingDate} § ${identity.rsrParagraf}`
        : 'Paragrafen hittades på ärendemeningen';
  const proposal = proposeDecision(decision, registry);
  const d = proposal.draft as Record<string, unknown> & { justering?: { date?: string; justerare?: string[] }; anslag?: { posted?: string }; expedierasTill?: Recipient[] };
  const values: Record<string, string> = { party };
  const put = (name: string, value: unknown) => {
    if (value !== undefined) values[name] = String(value);
  };
  put('organ', d.organ);
  put('meetingDate', d.meetingDate);
  put('paragraf', d.paragraf);
  put('outcome', d.outcome);
  put('dnr', d.dnr);
  if (Array.isArray(d.beslut)) values.beslut = (d.beslut as string[]).join('\n');
  put('justering.date', d.justering?.date);
  if (d.justering?.justerare) values['justering.justerare'] = d.justering.justerare.join(', ');
  put('anslag.posted', d.anslag?.posted);
  if (d.expedierasTill) values.expedierasTill = d.expedierasTill.map((r) => recipientLine(r, registry)).join('\n');
  const marks: Record<string, FieldMark> = {};
  for (const [field, lines] of Object.entries(proposal.sources)) marks[field] = { text: `Ur protokollsutdraget, ${lineWords(lines)}`, missing: false };
  for (const field of proposal.missing) if (field !== 'party') marks[field] = { text: 'Saknas i handlingen – fyll i', missing: true };
  const unplaced: string[] = [];
  for (const note of proposal.notes) {
    const mark = marks[note.field];
    if (mark) marks[note.field] = { ...mark, notes: [...(mark.notes ?? []), note.message] };
    else unplaced.push(note.message);
  }
  const missingCount = proposal.missing.filter((f) => f !== 'party').length;
  const intro = html`<div class="import-match" role="status" id="protokollsutdrag">
<h2>Uppgifter ur protokollsutdraget</h2>
<p><strong>${matched}:</strong> ${describeParagraf(decision, registry)}.</p>
<p>Kontrollera uppgifterna mot protokollsutdraget. Vid varje fält står raden det lästes från${missingCount ? html`; ${missingCount === 1 ? 'ett fält' : `${missingCount} fält`} saknas i handlingen och är markerade` : ''}. Inget registreras förrän du skickar formuläret.</p>
${unplaced.length ? html`<ul>${unplaced.map((n) => html`<li>${n}</li>`)}</ul>` : ''}
</div>`;
  return { ok: true, values, marks, intro };
}

/** The upload form: a file or pasted text, posted as multipart with the CSRF token (and `party` on the case page). */
export function uploadForm(action: string, csrf: string, state: FormState, hidden: SafeHtml = html``, cancel?: string): SafeHtml {
  const invalid = state.errors.all.length > 0;
  return html`${errorSummary(state.errors, 'Protokollsutdraget kunde inte läsas in')}
<form method="post" action="${action}" enctype="multipart/form-data" class="form">
${csrfField(csrf)}
${hidden}
<div class="field${invalid ? ' field--error' : ''}">
<label for="f-fil">Protokollsutdrag (PDF eller text)</label>
<span class="hint" id="f-fil-hint">Protokollet eller utdraget med paragrafen, som PDF (högst ${DECISION_DOCUMENT_MAX_BYTES / 1024 / 1024} MB) eller textfil i UTF-8.</span>
<input id="f-fil" name="fil" type="file" accept="application/pdf,.pdf,text/plain,.txt" aria-describedby="f-fil-hint"${invalid ? html` aria-invalid="true"` : ''}>
</div>
${textArea(state, { name: 'text', label: 'Eller klistra in texten', hint: 'Kopiera paragrafen med sidhuvudet (organ, sammanträdesdatum, justering, anslag) ur protokollet.', rows: 8 })}
<button type="submit">Läs in</button>${cancel ? html` <a href="${cancel}">Avbryt</a>` : ''}
</form>`;
}

/** The report page's hooks this module needs (report-pages.ts owns the link's pages). */
export interface ReportLinkImportDependencies {
  registry: PartyRegistry;
  load(token: string, reply: FastifyReply): Promise<Loaded | undefined>;
  formPage(reply: FastifyReply, code: number, token: string, loaded: Loaded, state: FormState, intro?: SafeHtml): FastifyReply;
  usedPage(reply: FastifyReply, code: number, token: string, loaded: Loaded): FastifyReply;
  awaiting(loaded: Loaded): boolean;
  send(reply: FastifyReply, status: number, title: string, body: SafeHtml, csrfToken?: string): FastifyReply;
}

export function registerReportLinkImport(app: FastifyInstance, deps: ReportLinkImportDependencies): void {
  const { registry } = deps;
  const uploadPage = (reply: FastifyReply, code: number, token: string, loaded: Loaded, state: FormState) => {
    const csrf = reply.generateCsrf();
    const { status, track } = loaded;
    return deps.send(
      reply,
      code,
      `Läs in protokollsutdrag: ${status.dnr}`,
      html`<p><a href="/rapportera/${token}">← Tillbaka till beslutsformuläret</a></p>
<h1>Läs in ${genitive(track.partyName)} protokollsutdrag</h1>
<p class="lead">${status.dnr}: ${status.title}. Ladda upp protokollsutdraget eller klistra in texten, så fylls beslutsformuläret i från det. Inget registreras förrän ni har kontrollerat uppgifterna och skickat beslutet.</p>
${uploadForm(`/rapportera/${token}/protokollsutdrag`, csrf, state, html``, `/rapportera/${token}`)}`,
      csrf,
    );
  };

  app.get<{ Params: { token: string } }>('/rapportera/:token/protokollsutdrag', { config: { action: 'report-link' } }, async (req, reply) => {
    const loaded = await deps.load(req.params.token, reply);
    if (!loaded) return reply;
    if (!deps.awaiting(loaded)) return deps.usedPage(reply, 200, req.params.token, loaded);
    return uploadPage(reply, 200, req.params.token, loaded, formState());
  });

  app.register(async (upload) => {
    await upload.register(fastifyMultipart, { attachFieldsToBody: 'keyValues', limits: UPLOAD_LIMITS });
    // Too large (before the handler runs): the upload page again, 400, nothing read.
    upload.setErrorHandler(async (err: FastifyError, req: FastifyRequest<{ Params: { token: string } }>, reply) => {
      const message = limitMessage(err);
      if (!message) throw err;
      const loaded = await deps.load(req.params.token, reply);
      if (!loaded) return reply;
      return uploadPage(reply, 400, req.params.token, loaded, formState({}, formLevelError(`Protokollsutdraget kunde inte läsas in: ${message}.`)));
    });
    upload.post<{ Params: { token: string }; Body: Record<string, unknown> }>('/rapportera/:token/protokollsutdrag', { config: { action: 'report-link' }, preHandler: upload.csrfProtection }, async (req, reply) => {
      const { token } = req.params;
      const loaded = await deps.load(token, reply);
      if (!loaded) return reply;
      if (!deps.awaiting(loaded)) return deps.usedPage(reply, 409, token, loaded);
      const pasted: Record<string, string> = typeof req.body?.text === 'string' ? { text: req.body.text.slice(0, 100_000) } : {};
      const refuse = (message: string) => uploadPage(reply, 400, token, loaded, formState(pasted, formLevelError(`Protokollsutdraget kunde inte läsas in: ${message}`)));
      let text: string;
      try {
        text = await readDocument(req.body);
      } catch (err) {
        if (err instanceof DocumentTextError) return refuse(`${err.message}.`);
        throw err;
      }
      const party = loaded.claims.party;
      const proposal = proposeForTrack(text, loaded.status, party, registry, (name) => `med ${genitive(name)} egen länk`);
      if (!proposal.ok) return refuse(proposal.message);
      return deps.formPage(reply, 200, token, loaded, { ...formState(proposal.values), marks: proposal.marks }, proposal.intro);
    });
  });
}

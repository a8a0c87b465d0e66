// On the case page, per track that still takes a decision: "Läs in protokollsutdrag". The
// administrator, or the party's own registrator, uploads the protokollsutdrag (PDF or text) or pastes
// it; the decision form (admin-forms.ts, POST /arende/:dnr/beslut) comes back pre-filled from the §
// on the case (decision-import.ts), every field marked with its source. Nothing is recorded until the
// form is sent. Action `decision.record`: a registrator's POST carries `party` in its multipart body,
// which the access hook (client/http/access-hook.ts) checks against the registrator's party.
//
//   GET  /arende/:dnr/beslut/protokollsutdrag?party=   the upload page for a track
//   POST /arende/:dnr/beslut/protokollsutdrag          multipart: _csrf, party, fil | text → the pre-filled form
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/csrf-protection';
import fastifyMultipart from '@fastify/multipart';
import { CaseNotFound, type CaseGateway } from '../api/gateway';
import type { FullCaseStatus } from '../cases';
import { dnrFromSlug, dnrSlug } from '../../domain/dnr';
import { Dnr } from '../../domain/values';
import { genitive } from '../../domain/words';
import type { PartyRegistry } from '../../domain/parties';
import { loadParties } from '../../config/load-parties';
import { DocumentTextError } from '../../lib/document-text';
import { html, type SafeHtml } from './html';
import { csrfField, messagePage, page } from './layout';
import { formLevelError } from './forms';
import { formState, selectField, type FormState } from './form-fields';
import { huvudmanDecisionFields } from './admin-forms';
import { UPLOAD_LIMITS, limitMessage, proposeForTrack, readDocument, takesDecision, uploadForm } from './decision-import';

export interface DecisionImportDependencies {
  cases: CaseGateway;
  registry?: PartyRegistry;
  mailDir?: string;
}

const caseHref = (dnr: string) => `/arende/${encodeURIComponent(dnrSlug(dnr as Dnr))}`;

function dnrOf(param: string): Dnr | undefined {
  const parsed = Dnr.safeParse(param.includes('/') ? param : dnrFromSlug(param));
  return parsed.success ? parsed.data : undefined;
}

export function registerDecisionImport(app: FastifyInstance, deps: DecisionImportDependencies): void {
  const registry = deps.registry ?? loadParties();
  const partyNames = (id: string) => registry.get(id)?.name;
  const send = (req: FastifyRequest, reply: FastifyReply, code: number, title: string, body: SafeHtml, csrf: string) =>
    reply.code(code).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page({ title, principal: req.principal!, partyNames, csrfToken: csrf, nav: { mail: Boolean(deps.mailDir) }, body }));

  async function loadCase(req: FastifyRequest<{ Params: { dnr: string } }>, reply: FastifyReply): Promise<FullCaseStatus | undefined> {
    const dnr = dnrOf(req.params.dnr);
    try {
      if (dnr) return await deps.cases.status(dnr);
    } catch (err) {
      if (!(err instanceof CaseNotFound)) throw err;
    }
    reply.code(404).type('text/html; charset=utf-8').send(messagePage({ title: 'Ärendet finns inte', principal: req.principal!, partyNames, csrfToken: reply.generateCsrf(), message: `Inget ärende har diarienumret ${req.params.dnr}.`, link: { href: '/', label: 'Till översikten' } }));
    return undefined;
  }

  /** The tracks this principal may read a decision in for: every open one, a registrator's own. */
  const openTracks = (req: FastifyRequest, status: FullCaseStatus) =>
    status.trackStatus.filter((t) => takesDecision(t) && (req.principal?.role !== 'registrator' || t.party === req.principal.party));

  function uploadPage(req: FastifyRequest, reply: FastifyReply, code: number, status: FullCaseStatus, party: string | undefined, state: FormState) {
    const csrf = reply.generateCsrf();
    const href = caseHref(status.dnr);
    const tracks = openTracks(req, status);
    const chosen = tracks.find((t) => t.party === party) ?? (tracks.length === 1 ? tracks[0] : undefined);
    const partyField = selectField(formState({ party: chosen?.party ?? '' }), {
      name: 'party',
      label: 'Huvudman',
      hint: 'Vems beslut protokollsutdraget ska vara',
      required: true,
      choices: [...(chosen ? [] : [{ value: '', label: '(välj huvudman)' }]), ...tracks.map((t) => ({ value: t.party as string, label: t.partyName }))],
    });
    const body = html`<p><a href="${href}">← ${status.dnr} ${status.title}</a></p>
<h1>Läs in protokollsutdrag</h1>
<p class="lead">${chosen ? `${genitive(chosen.partyName)} beslut` : 'En huvudmans beslut'} i ärendet ${status.dnr}: ${status.title}. Ladda upp protokollsutdraget eller klistra in texten, så fylls beslutsformuläret i från det. Inget registreras förrän du har kontrollerat uppgifterna och registrerat beslutet.</p>
${tracks.length === 0 ? html`<p>Ingen huvudman i ärendet väntar på ett beslut just nu.</p>` : uploadForm(`${href}/beslut/protokollsutdrag`, csrf, state, partyField, href)}`;
    return send(req, reply, code, `Läs in protokollsutdrag: ${status.dnr}`, body, csrf);
  }

  app.get<{ Params: { dnr: string }; Querystring: { party?: string } }>('/arende/:dnr/beslut/protokollsutdrag', { config: { action: 'decision.record' } }, async (req, reply) => {
    const status = await loadCase(req, reply);
    if (!status) return reply;
    return uploadPage(req, reply, 200, status, req.query.party, formState());
  });

  app.register(async (upload) => {
    await upload.register(fastifyMultipart, { attachFieldsToBody: 'keyValues', limits: UPLOAD_LIMITS });
    // Too large: refused while the body is read, before the scope check; the page again, 400, for a
    // case the principal may see (a registrator's case that does not ask its party: not found).
    upload.setErrorHandler(async (err: FastifyError, req: FastifyRequest<{ Params: { dnr: string } }>, reply) => {
      const message = limitMessage(err);
      if (!message) throw err;
      const status = await loadCase(req, reply);
      if (!status) return reply;
      const own = req.principal?.role === 'registrator' ? req.principal.party : undefined;
      if (req.principal?.role === 'registrator' && (!own || !status.huvudman.includes(own))) throw new CaseNotFound(status.dnr);
      return uploadPage(req, reply, 400, status, own, formState({}, formLevelError(`Protokollsutdraget kunde inte läsas in: ${message}.`)));
    });

    upload.post<{ Params: { dnr: string }; Body: Record<string, unknown> }>('/arende/:dnr/beslut/protokollsutdrag', { config: { action: 'decision.record' }, preHandler: upload.csrfProtection }, async (req, reply) => {
      const status = await loadCase(req, reply);
      if (!status) return reply;
      const party = typeof req.body?.party === 'string' ? req.body.party : '';
      const pasted: Record<string, string> = typeof req.body?.text === 'string' ? { text: req.body.text.slice(0, 100_000) } : {};
      const refuse = (code: number, message: string) => uploadPage(req, reply, code, status, party, formState(pasted, formLevelError(message)));
      const track = status.trackStatus.find((t) => t.party === party);
      if (!track) return refuse(400, 'Huvudman: välj vems beslut protokollsutdraget är.');
      if (!takesDecision(track)) return refuse(409, `${genitive(track.partyName)} beslut är redan registrerat, eller spåret tar inte emot något beslut nu. Inget har registrerats.`);
      let text: string;
      try {
        text = await readDocument(req.body);
      } catch (err) {
        if (err instanceof DocumentTextError) return refuse(400, `Protokollsutdraget kunde inte läsas in: ${err.message}.`);
        throw err;
      }
      const proposal = proposeForTrack(text, status, party, registry, (name) => `på ${genitive(name)} spår`);
      if (!proposal.ok) return refuse(400, `Protokollsutdraget kunde inte läsas in: ${proposal.message}`);
      const csrf = reply.generateCsrf();
      const href = caseHref(status.dnr);
      const state: FormState = { ...formState(proposal.values), marks: proposal.marks };
      const body = html`<p><a href="${href}">← ${status.dnr} ${status.title}</a></p>
<h1>Registrera ${genitive(track.partyName)} beslut</h1>
<p class="lead">${status.dnr}: ${status.title}</p>
${proposal.intro}
<form method="post" action="${href}/beslut" class="form" novalidate>
${csrfField(csrf)}
${huvudmanDecisionFields(state, status, registry)}
<button type="submit">Registrera beslutet</button> <a href="${href}">Avbryt</a>
</form>`;
      return send(req, reply, 200, `Registrera beslut: ${status.dnr}`, body, csrf);
    });
  });
}

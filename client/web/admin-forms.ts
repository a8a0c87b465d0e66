// The administrator's forms: register a case (a form for the main fields, or an uploaded case file
// for the full structure) and, per case, record beredning, the RSR decision, a justering (with its
// anslag) and a huvudman's decision. Every POST builds the API's JSON (forms.ts), validates it with
// the same domain schema the API uses and goes through the same CaseGateway; a refusal shows the
// form again with the entered values and each message next to its field; success redirects to the
// case page (post/redirect/get). Who may use each form is the permission table's row of its action
// (client/api/permissions.ts: administrators; a registrator its own party's justering and decision,
// as in the API); every form carries a CSRF token.
//
//   GET/POST /registrera                  register a case from the form
//   POST     /registrera/fil              register a case from an uploaded case file (JSON, as demo/cases/)
//   GET/POST /arende/:dnr/beredning       record a beredning
//   GET/POST /arende/:dnr/rsr-beslut      record the recommending body's decision
//   GET/POST /arende/:dnr/justering       record a justering (RSR's or a huvudman's) and its anslag
//   GET/POST /arende/:dnr/beslut          record a huvudman's decision
//   GET/POST /arende/:dnr/overklagande    record an appeal (against RSR's decision or a huvudman's)
//   GET/POST /arende/:dnr/rattelse        correct a recorded decision, justering, anslag or appeal (also after laga kraft)
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/csrf-protection'; // reply.generateCsrf, app.csrfProtection
import fastifyMultipart from '@fastify/multipart';
import type { z } from 'zod';
import { CaseNotFound, CaseRefused, CaseUnavailable, type CaseGateway } from '../api/gateway';
import type { Principal } from '../api/access';
import type { Action } from '../api/permissions';
import type { FullCaseStatus } from '../cases';
import { replayCaseFile } from '../cli/case-files';
import { BeredningOutcome, CaseRegistration, checkCaseAgainstRegistry } from '../../domain/case';
import { BEREDNING_OUTCOME_LABELS, eventTypeWord } from '../../domain/words';
import { CaseFile } from '../../domain/case-file';
import { AnslagPosted, AppealFiled, BeredningRecorded, CorrectionRecorded, HuvudmanDecided, JusteringRecorded, RsrDecided, type HumanEvent } from '../../domain/events';
import { ValidationError, validate, type FieldIssue } from '../../domain/errors';
import { dnrFromSlug, dnrSlug } from '../../domain/dnr';
import type { PartyRegistry } from '../../domain/parties';
import { loadParties } from '../../config/load-parties';
import { html, type SafeHtml } from './html';
import { csrfField, messagePage, page, type NavKey } from './layout';
import { formErrors, formLevelError, formToJson, keptValues, recipientContext, type FormErrors, type FormSpec, type Submitted } from './forms';
import { MARKS_FIELD, decodeMarks, encodeMarks } from './field-marks';
import { choiceGroup, errorSummary, formState, refusalText, selectField, textArea, textField, type FormState } from './form-fields';
import { APPEAL_FORM, CORRECTION_FIELDS_FORM, DECISION_FORM, OUTCOME_CHOICES, appealFields, correctionFields, expedierasTillField } from './report-pages';
import { Dnr } from '../../domain/values';

export interface AdminFormDependencies {
  cases: CaseGateway;
  /** The party registry (huvudmän to choose, ids in "Expedieras till"); ARENDE_PARTIES_FILE when not given. */
  registry?: PartyRegistry;
  /** The embedded default's caught mail: the navigation shows "E-post". */
  mailDir?: string;
}

/** Largest case file accepted for upload (the demo files are 2–6 kB). */
export const CASE_FILE_MAX_BYTES = 512 * 1024;

export const REGISTRATION_FORM: FormSpec = {
  dnr: 'text',
  title: 'text',
  'handlaggare.name': 'text',
  'handlaggare.title': 'text',
  'handlaggare.email': 'text',
  'tjansteskrivelse.date': 'text',
  'tjansteskrivelse.author': 'text',
  'tjansteskrivelse.summary': 'text',
  'tjansteskrivelse.forslagTillBeslut': 'lines',
  rsrMeetingDate: 'text',
  'recommendation.huvudman': 'checked',
  'recommendation.points': 'lines',
  'recommendation.senast': 'text',
  'recommendation.reminders': 'int-list',
  expedierasTill: 'recipients',
  beslutsunderlag: 'documents',
};

export const BEREDNING_FORM: FormSpec = { organ: 'text', party: 'text', meetingDate: 'text', paragraf: 'int', outcome: 'text', note: 'text' };
export const RSR_FORM: FormSpec = { meetingDate: 'text', paragraf: 'int', beslut: 'lines' };
export const JUSTERING_FORM: FormSpec = { party: 'text', date: 'text', justerare: 'comma-list', 'anslag.posted': 'text', 'anslag.removed': 'text' };
/** The report page's appeal form, with the decision appealed chosen (the link fixes it there). */
export const APPEAL_ADMIN_FORM: FormSpec = { party: 'text', ...APPEAL_FORM };
/** The report page's decision form, with the party chosen (the link fixes it there). */
export const HUVUDMAN_FORM: FormSpec = { party: 'text', ...DECISION_FORM };

/** A correction (rättelse): which protocol, what, the corrected fields and the reason. Prefilled from `?party=&target=` (the timeline's links). */
export const CORRECTION_FORM: FormSpec = { party: 'text', ...CORRECTION_FIELDS_FORM };

/** Labels of the appeal and correction forms where the domain's (domain/field-labels.ts) would say "Part", "Skäl". */
const APPEAL_ADMIN_LABELS = { party: 'Överklagat beslut' };
const CORRECTION_LABELS = { party: 'Protokoll', reason: 'Skäl till rättelsen' };

function html200(reply: FastifyReply, code: number, markup: string): FastifyReply {
  return reply.code(code).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(markup);
}

function caseHref(dnr: string): string {
  return `/arende/${encodeURIComponent(dnrSlug(dnr as Dnr))}`;
}

/** `RS-62-2026` or `RS/62/2026` (URL-encoded) → the Dnr, as the API reads it. */
function dnrOf(param: string): Dnr | undefined {
  const candidate = param.includes('/') ? param : dnrFromSlug(param);
  const parsed = Dnr.safeParse(candidate);
  return parsed.success ? parsed.data : undefined;
}

// ---------------------------------------------------------------- registration

function registrationBody(state: FormState, registry: PartyRegistry, csrf: string, uploadErrors: FormErrors): SafeHtml {
  return html`${errorSummary(state.errors, 'Ärendet kunde inte registreras')}
<h1>Registrera ärende</h1>
<p class="lead">Fyll i tjänsteskrivelsens uppgifter och rekommendationen. Beredning registreras på ärendets sida efteråt. För hela strukturen (beredning, flera handläggaruppgifter, händelser) går det också att ladda upp en ärendefil. Står ärendet i en kallelse eller ett protokoll kan du <a href="/registrera/handling">läsa in det därifrån</a>.</p>
${registrationForm(state, registry, csrf, state.marks ? html`<input type="hidden" name="${MARKS_FIELD}" value="${encodeMarks(state.marks)}">` : html``)}
<h2 id="las-in">Läs in från kallelse/protokoll</h2>
<p>Ladda upp kallelsen eller protokollet (PDF eller text) eller klistra in texten, välj ärendet bland punkterna, och formuläret fylls i med det handlingen säger – varje uppgift med raderna den kommer från. Inget registreras förrän du skickar formuläret. <a href="/registrera/handling">Läs in från kallelse/protokoll</a></p>
<h2 id="ladda-upp">Ladda upp en ärendefil</h2>
${errorSummary(uploadErrors, 'Filen kunde inte registreras')}
<form method="post" action="/registrera/fil" enctype="multipart/form-data" class="form">
${csrfField(csrf)}
<div class="field${uploadErrors.all.length ? ' field--error' : ''}">
<label for="f-fil">Ärendefil (JSON)</label>
<span class="hint" id="f-fil-hint">Som filerna i demo/cases: { "registration": …, "events": […] }, eller bara registreringen. Högst ${CASE_FILE_MAX_BYTES / 1024} kB.</span>
<input id="f-fil" name="fil" type="file" accept="application/json,.json" aria-describedby="f-fil-hint"${uploadErrors.all.length ? html` aria-invalid="true"` : ''}>
</div>
<button type="submit">Ladda upp och registrera</button>
</form>`;
}

/** The registration form (REGISTRATION_FORM's fields), posting to /registrera; `extra`: hidden fields carried along. */
export function registrationForm(state: FormState, registry: PartyRegistry, csrf: string, extra: SafeHtml = html``): SafeHtml {
  const huvudman = registry.huvudman().map((p) => ({ value: p.id as string, label: p.name }));
  return html`<form method="post" action="/registrera" class="form" novalidate>
${csrfField(csrf)}${extra}
<fieldset class="group"><legend>Ärendet</legend>
${textField(state, { name: 'dnr', label: 'Diarienummer', hint: 'ORGAN/NUMMER/ÅR, t.ex. RS/62/2026', required: true, width: 'medium' })}
${textField(state, { name: 'title', label: 'Ärendemening', required: true, width: 'long' })}
</fieldset>
<fieldset class="group"><legend>Handläggare</legend>
${textField(state, { name: 'handlaggare.name', label: 'Namn', required: true, width: 'long' })}
${textField(state, { name: 'handlaggare.title', label: 'Befattning', hint: 'Frivilligt', width: 'long' })}
${textField(state, { name: 'handlaggare.email', label: 'E-post', hint: 'Frivilligt', type: 'email', width: 'long' })}
</fieldset>
<fieldset class="group"><legend>Tjänsteskrivelse</legend>
${textField(state, { name: 'tjansteskrivelse.date', label: 'Datum', hint: 'ÅÅÅÅ-MM-DD', required: true, width: 'short' })}
${textField(state, { name: 'tjansteskrivelse.author', label: 'Författare', required: true, width: 'long' })}
${textArea(state, { name: 'tjansteskrivelse.summary', label: 'Sammanfattning', required: true, rows: 5 })}
${textArea(state, { name: 'tjansteskrivelse.forslagTillBeslut', label: 'Förslag till beslut', hint: 'En punkt per rad', required: true, rows: 3 })}
</fieldset>
<fieldset class="group"><legend>Rekommendation</legend>
${textField(state, { name: 'rsrMeetingDate', label: 'RSR-sammanträde', hint: 'ÅÅÅÅ-MM-DD, sammanträdet där rekommendationen beslutas', required: true, width: 'short' })}
${choiceGroup(state, { name: 'recommendation.huvudman', label: 'Huvudmän som ombeds besluta', type: 'checkbox', choices: huvudman, required: true })}
${textArea(state, { name: 'recommendation.points', label: 'Beslutspunkter', hint: 'Det huvudmännen ombeds besluta, en punkt per rad', required: true, rows: 4 })}
${textField(state, { name: 'recommendation.senast', label: 'Senast', hint: 'ÅÅÅÅ-MM-DD, sista dag för huvudmännens beslut', required: true, width: 'short' })}
${textField(state, { name: 'recommendation.reminders', label: 'Påminnelser', hint: 'Arbetsdagar före sista dagen, skilj med komma. Tomt = 10, 3', width: 'short' })}
</fieldset>
<fieldset class="group"><legend>Utskick</legend>
${textArea(state, {
  name: 'expedierasTill',
  label: 'Expedieras till',
  hint: `En mottagare per rad: "Namn <e-post>", en e-postadress, eller en part eller grupp ur partregistret, med id eller namn som i handlingen (t.ex. krokom, ${registry.groups[0]?.name ?? 'Länets kommuner'})`,
  rows: 4,
})}
${textArea(state, { name: 'beslutsunderlag', label: 'Beslutsunderlag', hint: 'Ett dokument per rad: titel, eventuellt följd av webbadressen (https://…)', rows: 3 })}
</fieldset>
<button type="submit">Registrera ärendet</button>
</form>`;
}

// ---------------------------------------------------------------- per-case forms

interface CaseForm {
  path: string;
  /** The permission table's row (client/api/permissions.ts); the justering form records an anslag too. */
  action: Action;
  title: string;
  spec: FormSpec;
  /** The form's labels of fields the domain names otherwise (formErrors): an error says what the form says. */
  labels?: Record<string, string>;
  /** Values shown before anything is entered. */
  initial(status: FullCaseStatus, registry: PartyRegistry): Record<string, string | string[]>;
  fields(state: FormState, status: FullCaseStatus, registry: PartyRegistry): SafeHtml;
  /** The events to record, in order, each with the schema and the form-path prefix of its issues. */
  events(json: Record<string, unknown>, status: FullCaseStatus): { schema: z.ZodType; body: Record<string, unknown>; prefix: string }[];
}

function huvudmanChoices(status: FullCaseStatus, registry: PartyRegistry, withCouncil?: string) {
  const parties = status.huvudman.map((id) => ({ value: id as string, label: registry.get(id)?.name ?? id }));
  return withCouncil === undefined ? parties : [{ value: '', label: withCouncil }, ...parties];
}

/** The huvudman's decision form's fields (also the form pre-filled from a protokollsutdrag, decision-import.ts). */
export function huvudmanDecisionFields(state: FormState, status: FullCaseStatus, registry: PartyRegistry): SafeHtml {
  return html`${selectField(state, { name: 'party', label: 'Huvudman', required: true, choices: huvudmanChoices(status, registry) })}
${textField(state, { name: 'organ', label: 'Beslutande organ', hint: 'T.ex. Kommunstyrelsen', required: true, width: 'long' })}
${textField(state, { name: 'meetingDate', label: 'Sammanträdesdatum', hint: 'ÅÅÅÅ-MM-DD', required: true, width: 'short' })}
${textField(state, { name: 'paragraf', label: 'Paragraf (§)', required: true, inputmode: 'numeric', width: 'short' })}
${choiceGroup(state, { name: 'outcome', label: 'Beslut', type: 'radio', required: true, choices: OUTCOME_CHOICES })}
${textField(state, { name: 'dnr', label: 'Huvudmannens diarienummer', hint: 'Frivilligt, ORGAN/NUMMER/ÅR', width: 'medium' })}
${textArea(state, { name: 'beslut', label: 'Beslutet i punktform', hint: 'Frivilligt. En punkt per rad', rows: 4 })}
<fieldset class="group"><legend>Justering och anslag (frivilligt)</legend>
${textField(state, { name: 'justering.date', label: 'Justeringsdatum', hint: 'ÅÅÅÅ-MM-DD', width: 'short' })}
${textField(state, { name: 'justering.justerare', label: 'Justerare', hint: 'Namn, skilj flera med komma', width: 'long' })}
${textField(state, { name: 'anslag.posted', label: 'Anslaget uppsatt', hint: 'ÅÅÅÅ-MM-DD', width: 'short' })}
</fieldset>
${expedierasTillField(state)}
${textField(state, { name: 'note', label: 'Anteckning', hint: 'Frivilligt', width: 'long' })}`;
}

const CASE_FORMS: CaseForm[] = [
  {
    path: 'beredning',
    action: 'beredning.record',
    title: 'Registrera beredning',
    spec: BEREDNING_FORM,
    initial: () => ({}),
    fields: (state, _status, registry) => html`${textField(state, { name: 'organ', label: 'Beredande organ', hint: 'Som det står i handlingen, t.ex. SVOM', required: true, width: 'long' })}
${selectField(state, { name: 'party', label: 'Organet i partregistret', hint: 'Frivilligt', choices: [{ value: '', label: '(inte i registret)' }, ...registry.parties.map((p) => ({ value: p.id as string, label: p.name }))] })}
${textField(state, { name: 'meetingDate', label: 'Sammanträdesdatum', hint: 'ÅÅÅÅ-MM-DD', required: true, width: 'short' })}
${textField(state, { name: 'paragraf', label: 'Paragraf (§)', hint: 'Frivilligt', inputmode: 'numeric', width: 'short' })}
${choiceGroup(state, { name: 'outcome', label: 'Utfall', type: 'radio', required: true, choices: BeredningOutcome.options.map((o) => ({ value: o, label: BEREDNING_OUTCOME_LABELS[o] })) })}
${textField(state, { name: 'note', label: 'Anteckning', hint: 'Frivilligt', width: 'long' })}`,
    events: (json) => [{ schema: BeredningRecorded, body: { type: 'beredning-recorded', ...json }, prefix: '' }],
  },
  {
    path: 'rsr-beslut',
    action: 'rsr.record',
    title: 'Registrera RSR:s beslut',
    spec: RSR_FORM,
    initial: (status) => ({ meetingDate: status.rsrMeetingDate, beslut: status.points.join('\n') }),
    fields: (state) => html`${textField(state, { name: 'meetingDate', label: 'Sammanträdesdatum', hint: 'ÅÅÅÅ-MM-DD', required: true, width: 'short' })}
${textField(state, { name: 'paragraf', label: 'Paragraf (§)', hint: 'T.ex. 2', required: true, inputmode: 'numeric', width: 'short' })}
${textArea(state, { name: 'beslut', label: 'Beslut', hint: 'En punkt per rad, som i protokollet', required: true, rows: 5 })}`,
    events: (json) => [{ schema: RsrDecided, body: { type: 'rsr-decided', ...json }, prefix: '' }],
  },
  {
    path: 'justering',
    action: 'justering.record',
    title: 'Registrera justering och anslag',
    spec: JUSTERING_FORM,
    initial: () => ({}),
    fields: (state, status, registry) => html`${selectField(state, { name: 'party', label: CORRECTION_LABELS.party, hint: 'RSR:s protokoll, eller en huvudmans', choices: huvudmanChoices(status, registry, 'RSR:s protokoll (rekommendationen)') })}
${textField(state, { name: 'date', label: 'Justeringsdatum', hint: 'ÅÅÅÅ-MM-DD', required: true, width: 'short' })}
${textField(state, { name: 'justerare', label: 'Justerare', hint: 'Namn, skilj flera med komma', required: true, width: 'long' })}
${textField(state, { name: 'anslag.posted', label: 'Anslaget uppsatt', hint: 'Frivilligt. ÅÅÅÅ-MM-DD, dagen då justeringen tillkännagavs', width: 'short' })}
${textField(state, { name: 'anslag.removed', label: 'Anslaget nedtaget', hint: 'Frivilligt. ÅÅÅÅ-MM-DD', width: 'short' })}`,
    events: (json, status) => {
      const party = json.party ? { party: json.party } : {};
      const justered = json.party ? status.trackStatus.find((t) => t.party === json.party)?.justering : status.justering;
      const out: { schema: z.ZodType; body: Record<string, unknown>; prefix: string }[] = [];
      // A justering already recorded: the form then records just its anslag.
      if (!justered || json.date !== undefined || json.justerare !== undefined) {
        out.push({ schema: JusteringRecorded, body: { type: 'justering-recorded', ...party, date: json.date, justerare: json.justerare }, prefix: '' });
      }
      if (json.anslag) out.push({ schema: AnslagPosted, body: { type: 'anslag-posted', ...party, ...(json.anslag as object) }, prefix: 'anslag.' });
      return out;
    },
  },
  {
    path: 'beslut',
    action: 'decision.record',
    title: 'Registrera huvudmans beslut',
    spec: HUVUDMAN_FORM,
    initial: (status, registry) => ({ organ: registry.get(status.huvudman[0] ?? '')?.organs[0] ?? '' }),
    fields: huvudmanDecisionFields,
    events: (json) => [{ schema: HuvudmanDecided, body: { type: 'huvudman-decided', ...json }, prefix: '' }],
  },
  {
    path: 'overklagande',
    action: 'appeal.record',
    title: 'Registrera ett överklagande',
    spec: APPEAL_ADMIN_FORM,
    labels: APPEAL_ADMIN_LABELS,
    initial: () => ({}),
    fields: (state, status, registry) => html`${selectField(state, { name: 'party', label: APPEAL_ADMIN_LABELS.party, hint: 'RSR:s beslut (rekommendationen), eller en huvudmans beslut', choices: huvudmanChoices(status, registry, 'RSR:s beslut (rekommendationen)') })}
${appealFields(state)}`,
    events: (json) => [{ schema: AppealFiled, body: { type: 'appeal-filed', ...json }, prefix: '' }],
  },
  {
    path: 'rattelse',
    action: 'correction.record',
    title: 'Rätta en registrerad uppgift',
    spec: CORRECTION_FORM,
    labels: CORRECTION_LABELS,
    initial: () => ({}),
    fields: (state, status, registry) => html`<p>Rättelsen blir en ny händelse med skälet; den ursprungliga uppgiften står kvar i tidslinjen, markerad som rättad. Registrator och samordningskansliet får ett meddelande. En rättad anslagsdag flyttar överklagandetiden och dagen för laga kraft, även om beslutet redan registrerats som laga kraft.</p>
${selectField(state, { name: 'party', label: 'Protokoll', hint: 'RSR:s protokoll, eller en huvudmans', choices: huvudmanChoices(status, registry, 'RSR:s protokoll (rekommendationen)') })}
${correctionFields(state)}`,
    events: (json) => [{ schema: CorrectionRecorded, body: { type: 'correction-recorded', changes: {}, ...json }, prefix: '' }],
  },
];

// ---------------------------------------------------------------- routes

export function registerAdminForms(app: FastifyInstance, deps: AdminFormDependencies): void {
  const { cases } = deps;
  const registry = deps.registry ?? loadParties();
  const nav = (active?: NavKey) => ({ ...(active ? { active } : {}), mail: Boolean(deps.mailDir) });
  const ctx = recipientContext(registry);
  const principalOf = (req: FastifyRequest): Principal => req.principal!;

  function registrationPage(req: FastifyRequest, reply: FastifyReply, code: number, state: FormState, uploadErrors: FormErrors = { all: [], byField: {} }) {
    const csrf = reply.generateCsrf();
    return html200(reply, code, page({ title: 'Registrera ärende', principal: principalOf(req), partyNames: (id: string) => registry.get(id)?.name, csrfToken: csrf, nav: nav('registrera'), body: registrationBody(state, registry, csrf, uploadErrors) }));
  }

  app.get('/registrera', { config: { action: 'case.register' } }, async (req, reply) => registrationPage(req, reply, 200, formState({ 'recommendation.huvudman': registry.huvudman().map((p) => p.id as string) })));

  app.post<{ Body: Submitted }>('/registrera', { config: { action: 'case.register' }, preHandler: app.csrfProtection }, async (req, reply) => {
    const submitted = req.body ?? {};
    const values = keptValues(submitted, REGISTRATION_FORM);
    const fields = Object.keys(REGISTRATION_FORM);
    // A form pre-filled from a document (document-import.ts) shows its source marks again after a refusal.
    const marks = decodeMarks(submitted[MARKS_FIELD]);
    const again = (code: number, errors: FormErrors) => registrationPage(req, reply, code, { ...formState(values, errors), ...(marks ? { marks } : {}) });
    const result = validate(CaseRegistration, formToJson(submitted, REGISTRATION_FORM, ctx));
    if (!result.ok) return again(400, formErrors(result.issues, fields));
    const registryIssues = checkCaseAgainstRegistry(result.value, registry);
    if (registryIssues.length) return again(400, formErrors(registryIssues, fields));
    let registered;
    try {
      registered = await cases.register(result.value, principalOf(req).name);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return again(400, formErrors(err.issues, fields));
    }
    if (!registered.created) return again(409, formLevelError(registered.message));
    return reply.redirect(caseHref(registered.dnr), 303);
  });

  // Uploads: multipart only in this scope; fields (the CSRF token) and the file arrive as the body.
  app.register(async (upload) => {
    await upload.register(fastifyMultipart, { attachFieldsToBody: 'keyValues', limits: { fileSize: CASE_FILE_MAX_BYTES, files: 1, fields: 5 } });
    upload.post<{ Body: Record<string, unknown> }>('/registrera/fil', { config: { action: 'case.register' }, preHandler: upload.csrfProtection }, async (req, reply) => {
      const file = req.body?.fil;
      const fail = (message: string, issues: FieldIssue[] = []) =>
        registrationPage(req, reply, 400, formState(), issues.length ? { all: issues.map((i) => ({ name: '', text: `${i.field}: ${i.message}` })), byField: {} } : formLevelError(message));
      if (!Buffer.isBuffer(file) || file.length === 0) return fail('Välj en ärendefil (JSON) att ladda upp.');
      let raw: unknown;
      try {
        raw = JSON.parse(file.toString('utf8'));
      } catch (err) {
        return fail(`Filen är inte giltig JSON: ${(err as Error).message}`);
      }
      const isFile = raw !== null && typeof raw === 'object' && !Array.isArray(raw) && 'registration' in raw;
      const parsed = isFile ? validate(CaseFile, raw) : validate(CaseRegistration, raw);
      if (!parsed.ok) return fail('', parsed.issues);
      const caseFile: CaseFile = isFile ? (parsed.value as CaseFile) : { registration: parsed.value as CaseRegistration, events: [] };
      const registryIssues = checkCaseAgainstRegistry(caseFile.registration, registry);
      if (registryIssues.length) return fail('', registryIssues.map((i) => ({ ...i, field: `Registrering › ${i.field}` })));
      const outcome = await replayCaseFile(cases, caseFile, principalOf(req).name);
      const refused = outcome.refused[0];
      if (refused) return fail(`Ärendet ${outcome.dnr} är registrerat med ${outcome.applied} händelser, men händelse ${refused.event} (${eventTypeWord(refused.type)}) togs inte emot: ${refusalText(refused.reason)}`);
      return reply.redirect(caseHref(outcome.dnr), 303);
    });
  });

  for (const form of CASE_FORMS) {
    async function loadCase(req: FastifyRequest<{ Params: { dnr: string } }>, reply: FastifyReply): Promise<FullCaseStatus | undefined> {
      const dnr = dnrOf(req.params.dnr);
      try {
        if (dnr) return await cases.status(dnr);
      } catch (err) {
        if (!(err instanceof CaseNotFound)) throw err;
      }
      html200(reply, 404, messagePage({ title: 'Ärendet finns inte', principal: principalOf(req), partyNames: (id: string) => registry.get(id)?.name, nav: nav(), csrfToken: reply.generateCsrf(), message: `Inget ärende har diarienumret ${req.params.dnr}.`, link: { href: '/', label: 'Till översikten' } }));
      return undefined;
    }

    const render = (req: FastifyRequest, reply: FastifyReply, code: number, status: FullCaseStatus, state: FormState) => {
      const csrf = reply.generateCsrf();
      const href = caseHref(status.dnr);
      const body = html`${errorSummary(state.errors, 'Uppgifterna kunde inte registreras')}
<p><a href="${href}">← ${status.dnr} ${status.title}</a></p>
<h1>${form.title}</h1>
<p class="lead">${status.dnr}: ${status.title}</p>
<form method="post" action="${href}/${form.path}" class="form" novalidate>
${csrfField(csrf)}
${form.fields(state, status, registry)}
<button type="submit">Registrera</button> <a href="${href}">Avbryt</a>
</form>`;
      return html200(reply, code, page({ title: `${form.title}: ${status.dnr}`, principal: principalOf(req), partyNames: (id: string) => registry.get(id)?.name, csrfToken: csrf, nav: nav(), body }));
    };

    app.get<{ Params: { dnr: string } }>(`/arende/:dnr/${form.path}`, { config: { action: form.action } }, async (req, reply) => {
      const status = await loadCase(req, reply);
      if (!status) return reply;
      // Links may preset the form's own fields (the timeline's "Rätta": ?party=krokom&target=anslag).
      const preset = keptValues((req.query ?? {}) as Submitted, form.spec);
      return render(req, reply, 200, status, formState({ ...form.initial(status, registry), ...preset }));
    });

    app.post<{ Params: { dnr: string }; Body: Submitted }>(`/arende/:dnr/${form.path}`, { config: { action: form.action }, preHandler: app.csrfProtection }, async (req, reply) => {
      const status = await loadCase(req, reply);
      if (!status) return reply;
      const submitted = req.body ?? {};
      const values = keptValues(submitted, form.spec);
      const fields = Object.keys(form.spec);
      const events = form.events(formToJson(submitted, form.spec, ctx), status);
      const issues: FieldIssue[] = [];
      const valid: { event: HumanEvent; prefix: string }[] = [];
      for (const e of events) {
        const result = validate(e.schema, e.body);
        if (result.ok) valid.push({ event: result.value as HumanEvent, prefix: e.prefix });
        else issues.push(...result.issues.map((i) => ({ ...i, path: `${e.prefix}${i.path}` })));
      }
      if (issues.length) return render(req, reply, 400, status, formState(values, formErrors(issues, fields, form.labels)));
      let prefix = '';
      try {
        for (const v of valid) {
          prefix = v.prefix;
          await cases.recordEvent(status.dnr, v.event, principalOf(req).name);
        }
      } catch (err) {
        // An impossible fact (a date in the future, a justering before the meeting) or an "Expedieras
        // till" line the registry does not know, an appeal after the last appeal day: next to its field.
        if (err instanceof ValidationError) {
          return render(req, reply, 400, await cases.status(status.dnr), formState(values, formErrors(err.issues.map((i) => ({ ...i, path: `${prefix}${i.path}` })), fields, form.labels)));
        }
        // Not now (a track still starting, Temporal slow): the values stay in the form for another try.
        if (err instanceof CaseUnavailable) return render(req, reply, 503, status, formState(values, formLevelError(err.message)));
        if (!(err instanceof CaseRefused)) throw err;
        return render(req, reply, 409, await cases.status(status.dnr), formState(values, formLevelError(refusalText(err.message))));
      }
      return reply.redirect(caseHref(status.dnr), 303);
    });
  }
}

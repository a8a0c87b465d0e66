// The report page reached from the signed link in a request e-mail (`/rapportera/<token>`): the
// huvudman's registrator sees the case and the points to decide and reports the decision, without
// an account. The token (lib/report-links.ts) names the case and the party; the event goes
// through the same CaseGateway.recordEvent as the API's POST /api/v1/rapport/:token, with the same
// actor (`rapportlänk/<party>`, domain/actors.ts) and the same domain schema, so the messages are the API's.
//
//   GET  /rapportera/:token            the case, the points, the decision form — or, once the party
//                                      has decided, the recorded decision (the link is used), with
//                                      a form for the justering and anslag the e-mail promises
//   POST /rapportera/:token            the decision; refused → the form again, errors at the fields
//   POST /rapportera/:token/justering  the party's justering (and anslag) after its decision
//   POST /rapportera/:token/overklagande  an appeal against the party's decision, once its anslag is up
//   POST /rapportera/:token/rattelse   a correction (rättelse) of the party's own recorded decision,
//                                      justering, anslag or appeal, with a reason: the same
//                                      `correction-recorded` event and rules as the administrator's;
//                                      never another party's protocol or RSR's (the link names its party)
//   GET/POST /rapportera/:token/protokollsutdrag  read the party's protokollsutdrag in (decision-import.ts):
//                                      the decision form pre-filled from it, posting to /rapportera/:token
//   GET  /rapportera/:token/kvitto     the confirmation (post/redirect/get)
//
// An expired, tampered or malformed link gets a page saying what happened and whom to contact.
// The token is a credential: pages are not cached, not indexed and send no Referer.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type {} from '@fastify/csrf-protection'; // reply.generateCsrf, app.csrfProtection
import { CaseNotFound, CaseRefused, CaseUnavailable, type CaseGateway } from '../api/gateway';
import { ReportTokenError, verifyReportToken, type ReportLinkClaims, type ReportTokenProblem } from '../../lib/report-links';
import type { FullCaseStatus } from '../cases';
import { AppealFiled, CorrectionRecorded, DecisionOutcome, HuvudmanDecided, JusteringRecorded, AnslagPosted } from '../../domain/events';
import { DECISION_OUTCOME_LABELS, genitive } from '../../domain/words';
import { reportLinkActor } from '../../domain/actors';
import { ValidationError, validate, type FieldIssue } from '../../domain/errors';
import { formatSwedishDate, type IsoDate } from '../../domain/dates';
import type { PartyRegistry } from '../../domain/parties';
import { loadParties } from '../../config/load-parties';
import type { DecisionRecord, TrackStatus } from '../../domain/track-rules';
import { html, type SafeHtml } from './html';
import { csrfField, page } from './layout';
import { formErrors, formLevelError, formToJson, keptValues, recipientContext, type FormSpec, type Submitted } from './forms';
import { choiceGroup, errorSummary, formState, refusalText, selectField, textArea, textField, type FormState } from './form-fields';
import { registerReportLinkImport } from './decision-import';

export interface ReportPageDependencies {
  cases: CaseGateway;
  /** ARENDE_LINK_SECRET; without it the pages say report links are not configured. */
  linkSecret?: string;
  /** Earlier link secrets still honoured (ARENDE_LINK_SECRET_PREVIOUS). */
  previousLinkSecrets?: string[];
  /** The party registry (whom to contact); ARENDE_PARTIES_FILE when not given. */
  registry?: PartyRegistry;
}

export const DECISION_FORM: FormSpec = {
  organ: 'text',
  meetingDate: 'text',
  paragraf: 'int',
  outcome: 'text',
  dnr: 'text',
  beslut: 'lines',
  'justering.date': 'text',
  'justering.justerare': 'comma-list',
  'anslag.posted': 'text',
  expedierasTill: 'recipients',
  note: 'text',
};

/** Frivilligt: the decision's own "Expedieras till" (e.g. regionstyrelsen's), dispatched once the protocol is justerat. */
export function expedierasTillField(state: FormState): SafeHtml {
  return textArea(state, { name: 'expedierasTill', label: 'Expedieras till', hint: 'Frivilligt. En mottagare per rad, som i protokollet: "Namn <e-post>", en e-postadress, eller ett id ur partregistret (t.ex. lansstyrelsen-z, rsr, lanets-kommuner). De får protokollsutdraget när protokollet är justerat.', rows: 4 });
}

export const JUSTERING_FORM: FormSpec = { date: 'text', justerare: 'comma-list', 'anslag.posted': 'text' };

/** An appeal, as the court reports it: when it came in, which court, its case number, who appealed. */
export const APPEAL_FORM: FormSpec = { filedOn: 'text', court: 'text', reference: 'text', appellant: 'text', note: 'text' };

/** Track states in which an appeal against the party's decision can be reported (its anslag is up). */
const APPEALABLE = new Set(['anslag', 'laga-kraft']);

/** The appeal's fields, shared with the administrator's form (admin-forms.ts). */
export function appealFields(state: FormState): SafeHtml {
  return html`${textField(state, { name: 'filedOn', label: 'Överklagandet kom in', hint: 'ÅÅÅÅ-MM-DD, dagen då överklagandet kom in (inom tre veckor från anslaget, kommunallagen 13 kap. 5 §)', required: true, width: 'short' })}
${textField(state, { name: 'court', label: 'Instans', hint: 'Frivilligt, t.ex. Förvaltningsrätten i Härnösand', width: 'long' })}
${textField(state, { name: 'reference', label: 'Målnummer', hint: 'Frivilligt, domstolens målnummer, t.ex. 1234-26', width: 'medium' })}
${textField(state, { name: 'appellant', label: 'Klagande', hint: 'Frivilligt', width: 'long' })}
${textField(state, { name: 'note', label: 'Anteckning', hint: 'Frivilligt', width: 'long' })}`;
}

/** A correction's own fields (the administrator's form adds whose protocol, `party`). */
export const CORRECTION_FIELDS_FORM: FormSpec = {
  target: 'text',
  'changes.meetingDate': 'text',
  'changes.paragraf': 'int',
  'changes.outcome': 'text',
  'changes.organ': 'text',
  'changes.date': 'text',
  'changes.justerare': 'comma-list',
  'changes.posted': 'text',
  'changes.removed': 'text',
  'changes.filedOn': 'text',
  'changes.appellant': 'text',
  'changes.court': 'text',
  reason: 'text',
};

type CorrectionTarget = CorrectionRecorded['target'];

const CORRECTION_TARGET_CHOICES: Record<CorrectionTarget, string> = {
  decision: 'Beslutet (sammanträdesdag, paragraf, utfall, organ)',
  justering: 'Justeringen (dag, justerare)',
  anslag: 'Anslaget (uppsatt, nedtaget)',
  appeal: 'Överklagandet (inkom, klagande, domstol)',
};

/** What a party's protocol has recorded, per correction target: the values a correction changes. */
export function recordedFacts(track: TrackStatus): Partial<Record<CorrectionTarget, Record<string, string | undefined>>> {
  const last = track.decisions[track.decisions.length - 1];
  return {
    ...(last ? { decision: { meetingDate: last.meetingDate, paragraf: `§ ${last.paragraf}`, outcome: DECISION_OUTCOME_LABELS[last.outcome], organ: last.organ } } : {}),
    ...(track.justering ? { justering: { date: track.justering.date, justerare: track.justering.justerare.join(', ') } } : {}),
    ...(track.anslag ? { anslag: { posted: track.anslag.posted, removed: track.anslag.removed } } : {}),
    ...(track.appeal ? { appeal: { filedOn: track.appeal.filedOn, appellant: track.appeal.appellant, court: track.appeal.court } } : {}),
  };
}

/**
 * The correction's fields: what is corrected, the corrected values, the reason. With `recorded`
 * (the report page: one party's protocol) only what that protocol holds, each with its value now.
 */
export function correctionFields(state: FormState, recorded?: ReturnType<typeof recordedFacts>): SafeHtml {
  const targets = (Object.keys(CORRECTION_TARGET_CHOICES) as CorrectionTarget[]).filter((t) => !recorded || recorded[t]);
  const shown = (t: CorrectionTarget) => targets.includes(t);
  const hint = (t: CorrectionTarget, field: string, format?: string) => {
    const now = recorded?.[t]?.[field];
    return [format, now ? `Registrerat: ${now}` : recorded?.[t] ? 'Inget registrerat' : ''].filter(Boolean).join('. ') || undefined;
  };
  const opt = (h: string | undefined) => (h ? { hint: h } : {});
  return html`${choiceGroup(state, { name: 'target', label: 'Vad rättas', type: 'radio', required: true, choices: targets.map((value) => ({ value, label: CORRECTION_TARGET_CHOICES[value] })) })}
<fieldset class="group"><legend>Rätt uppgift (fyll bara i det som ändras)</legend>
${shown('decision') ? html`${textField(state, { name: 'changes.meetingDate', label: 'Beslutet: sammanträdesdag', ...opt(hint('decision', 'meetingDate', 'ÅÅÅÅ-MM-DD')), width: 'short' })}
${textField(state, { name: 'changes.paragraf', label: 'Beslutet: paragraf (§)', ...opt(hint('decision', 'paragraf')), inputmode: 'numeric', width: 'short' })}
${selectField(state, { name: 'changes.outcome', label: 'Beslutet: utfall', ...opt(hint('decision', 'outcome')), choices: [{ value: '', label: '(oförändrat)' }, ...OUTCOME_CHOICES] })}
${textField(state, { name: 'changes.organ', label: 'Beslutet: beslutande organ', ...opt(hint('decision', 'organ')), width: 'long' })}` : ''}
${shown('justering') ? html`${textField(state, { name: 'changes.date', label: 'Justeringen: dag', ...opt(hint('justering', 'date', 'ÅÅÅÅ-MM-DD')), width: 'short' })}
${textField(state, { name: 'changes.justerare', label: 'Justeringen: justerare', ...opt(hint('justering', 'justerare', 'Namn, skilj flera med komma')), width: 'long' })}` : ''}
${shown('anslag') ? html`${textField(state, { name: 'changes.posted', label: 'Anslaget: uppsatt', ...opt(hint('anslag', 'posted', 'ÅÅÅÅ-MM-DD')), width: 'short' })}
${textField(state, { name: 'changes.removed', label: 'Anslaget: nedtaget', ...opt(hint('anslag', 'removed', 'ÅÅÅÅ-MM-DD')), width: 'short' })}` : ''}
${shown('appeal') ? html`${textField(state, { name: 'changes.filedOn', label: 'Överklagandet: kom in', ...opt(hint('appeal', 'filedOn', 'ÅÅÅÅ-MM-DD')), width: 'short' })}
${textField(state, { name: 'changes.appellant', label: 'Överklagandet: klagande', ...opt(hint('appeal', 'appellant')), width: 'long' })}
${textField(state, { name: 'changes.court', label: 'Överklagandet: instans', ...opt(hint('appeal', 'court')), width: 'long' })}` : ''}
</fieldset>
${textField(state, { name: 'reason', label: 'Skäl till rättelsen', hint: 'T.ex. "Fel dag angavs; anslaget sattes upp den 24 april"', required: true, width: 'long' })}`;
}

/** Track states in which the party is still asked to decide (after återremiss or bordläggning too). */
const AWAITING = new Set(['requested', 'overdue']);

const OUTCOME_HINTS: Partial<Record<DecisionOutcome, string>> = {
  aterremiss: 'ärendet ska beslutas igen; länken fungerar för det nya beslutet',
  bordlaggning: 'ärendet ska beslutas igen; länken fungerar för det nya beslutet',
};

export const OUTCOME_CHOICES = DecisionOutcome.options.map((value) => {
  const label = DECISION_OUTCOME_LABELS[value];
  const hint = OUTCOME_HINTS[value];
  return { value, label: `${label.charAt(0).toUpperCase()}${label.slice(1)}${hint ? ` (${hint})` : ''}` };
});

const TOKEN_PAGES: Record<ReportTokenProblem, { status: 400 | 403 | 410; title: string; what: string }> = {
  expired: {
    status: 410,
    title: 'Länken har gått ut',
    what: 'Länken i e-postmeddelandet gäller en tid efter sista dagen för beslut och har nu slutat fungera.',
  },
  tampered: {
    status: 403,
    title: 'Länken är inte giltig',
    what: 'Länken stämmer inte med den som skickades: den har ändrats, eller hör till en annan installation av Ärendeflöde.',
  },
  malformed: {
    status: 400,
    title: 'Länken är ofullständig',
    what: 'Länken är avklippt eller felaktig. Kopiera hela länken från e-postmeddelandet, eller klicka på den direkt i meddelandet.',
  },
};

const HEAD = html`<meta name="robots" content="noindex, nofollow"><meta name="referrer" content="no-referrer">`;

function date(value: IsoDate | string): string {
  return formatSwedishDate(value as IsoDate);
}

function contact(registry: PartyRegistry): SafeHtml {
  const { name, managerEmail } = registry.organisation;
  return html`<p>Kontakta ${name}: <a href="mailto:${managerEmail}">${managerEmail}</a>. Beslutet kan också registreras av regionens registrator.</p>`;
}

export function send(reply: FastifyReply, status: number, title: string, body: SafeHtml, csrfToken?: string): FastifyReply {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .type('text/html; charset=utf-8')
    .send(page({ title, body, head: HEAD, ...(csrfToken ? { csrfToken } : {}) }));
}

function problemPage(reply: FastifyReply, status: number, title: string, what: string, registry: PartyRegistry): FastifyReply {
  return send(reply, status, title, html`<h1>${title}</h1><p>${what}</p>${contact(registry)}`);
}

function caseFacts(status: FullCaseStatus, track: TrackStatus, claims: ReportLinkClaims): SafeHtml {
  return html`<dl class="facts">
<dt>Diarienummer</dt><dd>${status.dnr}</dd>
<dt>Ärende</dt><dd>${status.title}</dd>
<dt>Huvudman</dt><dd>${track.partyName}</dd>
<dt>Sista dag för beslut</dt><dd>${date(track.senast)}</dd>
<dt>Länken gäller till och med</dt><dd>${date(claims.expiresAt)}</dd>
</dl>
<h2>Att besluta om</h2>
<ol class="points">${status.points.map((p) => html`<li>${p}</li>`)}</ol>`;
}

function describeDecision(d: DecisionRecord): SafeHtml {
  const outcome = DECISION_OUTCOME_LABELS[d.outcome];
  return html`<dl class="facts">
<dt>Organ</dt><dd>${d.organ}</dd>
<dt>Sammanträde</dt><dd>${date(d.meetingDate)}</dd>
<dt>Paragraf</dt><dd>§ ${d.paragraf}</dd>
<dt>Beslut</dt><dd>${outcome}</dd>
${d.dnr ? html`<dt>Huvudmannens diarienummer</dt><dd>${d.dnr}</dd>` : ''}
${d.beslut?.length ? html`<dt>Beslutspunkter</dt><dd><ol>${d.beslut.map((b) => html`<li>${b}</li>`)}</ol></dd>` : ''}
${d.expedierasTill?.length ? html`<dt>Expedieras till</dt><dd>${d.expedierasTill.join(', ')}</dd>` : ''}
</dl>`;
}

function protocolFacts(track: TrackStatus): SafeHtml {
  return html`${track.justering ? html`<p>Protokollet justerat ${date(track.justering.date)} av ${track.justering.justerare.join(', ')}.</p>` : ''}
${track.anslag ? html`<p>Anslaget uppsatt ${date(track.anslag.posted)}; sista dag att överklaga ${date(track.anslag.calendar.lastAppealDay)}, laga kraft ${date(track.anslag.calendar.lagaKraft)}.</p>` : ''}
${track.appeal ? html`<p>Beslutet är överklagat: överklagandet kom in ${date(track.appeal.filedOn)}${track.appeal.court ? `, ${track.appeal.court}` : ''}${track.appeal.reference ? `, mål ${track.appeal.reference}` : ''}.</p>` : ''}`;
}

export function decisionForm(token: string, csrfToken: string, state: FormState): SafeHtml {
  return html`<form method="post" action="/rapportera/${token}" class="form" novalidate>
${csrfField(csrfToken)}
<h2>Rapportera beslutet</h2>
${textField(state, { name: 'organ', label: 'Beslutande organ', hint: 'T.ex. Kommunstyrelsen', required: true, width: 'long' })}
${textField(state, { name: 'meetingDate', label: 'Sammanträdesdatum', hint: 'ÅÅÅÅ-MM-DD, t.ex. 2026-03-25', required: true, width: 'short' })}
${textField(state, { name: 'paragraf', label: 'Paragraf (§)', hint: 'Paragrafens nummer i protokollet, t.ex. 31', required: true, inputmode: 'numeric', width: 'short' })}
${choiceGroup(state, { name: 'outcome', label: 'Beslut', type: 'radio', choices: OUTCOME_CHOICES, required: true })}
${textField(state, { name: 'dnr', label: 'Ert diarienummer', hint: 'Frivilligt, t.ex. KS/123/2026 (skrivs ORGAN/NUMMER/ÅR)', width: 'medium' })}
${textArea(state, { name: 'beslut', label: 'Beslutet i punktform', hint: 'Frivilligt. En punkt per rad, som i protokollet.', rows: 4 })}
<fieldset class="group">
<legend>Justering och anslag (om protokollet redan är justerat)</legend>
${textField(state, { name: 'justering.date', label: 'Justeringsdatum', hint: 'ÅÅÅÅ-MM-DD', width: 'short' })}
${textField(state, { name: 'justering.justerare', label: 'Justerare', hint: 'Namn, skilj flera med komma', width: 'long' })}
${textField(state, { name: 'anslag.posted', label: 'Anslaget uppsatt', hint: 'ÅÅÅÅ-MM-DD, dagen då justeringen tillkännagavs på anslagstavlan', width: 'short' })}
</fieldset>
${expedierasTillField(state)}
${textField(state, { name: 'note', label: 'Anteckning', hint: 'Frivilligt', width: 'long' })}
<button type="submit">Skicka beslutet</button>
</form>`;
}

function justeringForm(token: string, csrfToken: string, state: FormState, track: TrackStatus): SafeHtml {
  const needsJustering = !track.justering;
  return html`<form method="post" action="/rapportera/${token}/justering" class="form" novalidate>
${csrfField(csrfToken)}
<h2>${needsJustering ? 'Rapportera justering och anslag' : 'Rapportera anslaget'}</h2>
${needsJustering ? html`${textField(state, { name: 'date', label: 'Justeringsdatum', hint: 'ÅÅÅÅ-MM-DD', required: true, width: 'short' })}
${textField(state, { name: 'justerare', label: 'Justerare', hint: 'Namn, skilj flera med komma', required: true, width: 'long' })}` : ''}
${textField(state, { name: 'anslag.posted', label: 'Anslaget uppsatt', hint: needsJustering ? 'Frivilligt nu. ÅÅÅÅ-MM-DD' : 'ÅÅÅÅ-MM-DD', required: !needsJustering, width: 'short' })}
<button type="submit">Skicka</button>
</form>`;
}

function appealForm(token: string, csrfToken: string, state: FormState): SafeHtml {
  return html`<form method="post" action="/rapportera/${token}/overklagande" class="form" novalidate>
${csrfField(csrfToken)}
<h2>Rapportera ett överklagande</h2>
<p>Har domstolen meddelat att beslutet har överklagats? Fyll i uppgifterna från domstolen.</p>
${appealFields(state)}
<button type="submit">Skicka överklagandet</button>
</form>`;
}

function correctionForm(token: string, csrfToken: string, state: FormState, track: TrackStatus): SafeHtml {
  return html`<form method="post" action="/rapportera/${token}/rattelse" class="form" novalidate>
${csrfField(csrfToken)}
<h2>Rätta en uppgift</h2>
<p>Har ${track.partyName} rapporterat fel? Rätta beslutet, justeringen, anslaget eller överklagandet med skälet. Rättelsen blir en ny händelse; den ursprungliga uppgiften står kvar i ärendets logg, markerad som rättad. Samordningskansliet och ni får ett meddelande. En rättad anslagsdag flyttar överklagandetiden och dagen för laga kraft.</p>
${correctionFields(state, recordedFacts(track))}
<button type="submit">Skicka rättelsen</button>
</form>`;
}

/** The link may correct its party's protocol while the case is not withdrawn and the protocol holds a fact. */
function correctable(loaded: { status: FullCaseStatus; track: TrackStatus }): boolean {
  return !loaded.status.withdrawn && loaded.track.state !== 'withdrawn' && Object.keys(recordedFacts(loaded.track)).length > 0;
}

export interface Loaded {
  claims: ReportLinkClaims;
  status: FullCaseStatus;
  track: TrackStatus;
}

export function registerReportPages(app: FastifyInstance, deps: ReportPageDependencies): void {
  const { cases } = deps;
  const registry = deps.registry ?? loadParties();

  /** The claims, case and track of a link, or the page that says why not (sent). */
  async function load(token: string, reply: FastifyReply): Promise<Loaded | undefined> {
    if (!deps.linkSecret) {
      problemPage(reply, 503, 'Rapportlänkar är inte i drift', 'Servern saknar nyckeln för rapportlänkar (ARENDE_LINK_SECRET).', registry);
      return undefined;
    }
    let claims: ReportLinkClaims;
    try {
      claims = verifyReportToken(token, [deps.linkSecret, ...(deps.previousLinkSecrets ?? [])]);
    } catch (err) {
      if (!(err instanceof ReportTokenError)) throw err;
      const p = TOKEN_PAGES[err.problem];
      const until = /gällde till och med (\d{4}-\d{2}-\d{2})/.exec(err.message)?.[1];
      const what = until ? `${p.what} Den gällde till och med ${date(until)}.` : p.what;
      problemPage(reply, p.status, p.title, what, registry);
      return undefined;
    }
    let status: FullCaseStatus;
    try {
      status = await cases.status(claims.dnr);
    } catch (err) {
      if (!(err instanceof CaseNotFound)) throw err;
      problemPage(reply, 404, 'Ärendet finns inte', `Ärendet ${claims.dnr} finns inte i Ärendeflöde.`, registry);
      return undefined;
    }
    const track = status.trackStatus.find((t) => t.party === claims.party);
    if (!track) {
      problemPage(reply, 404, 'Inget beslut begärt', `${registry.get(claims.party)?.name ?? claims.party} ombeds inte besluta i ärendet ${status.dnr}.`, registry);
      return undefined;
    }
    return { claims, status, track };
  }

  /** The decision form's page; `intro` (a protokollsutdrag read in, decision-import.ts) stands above the pre-filled form. */
  function formPage(reply: FastifyReply, code: number, token: string, loaded: Loaded, state: FormState, intro?: SafeHtml): FastifyReply {
    const { status, track, claims } = loaded;
    const earlier = track.decisions.length
      ? html`<h2>Tidigare beslut</h2>${track.decisions.map(describeDecision)}<p>Ärendet ska beslutas igen.</p>`
      : '';
    const title = `Rapportera beslut: ${status.dnr}`;
    const csrf = reply.generateCsrf();
    return send(
      reply,
      code,
      title,
      html`${errorSummary(state.errors, 'Beslutet kunde inte registreras')}
<h1>Rapportera ${track.partyName}s beslut</h1>
<p class="lead">Regionens samverkansråd har rekommenderat huvudmännen att besluta i ärendet nedan. Fyll i ert beslut så registreras det i ärendet.</p>
${caseFacts(status, track, claims)}
${earlier}
${intro ?? html`<p class="import-link"><a href="/rapportera/${token}/protokollsutdrag">Läs in protokollsutdrag</a>: ladda upp protokollsutdraget (PDF eller text) så fylls formuläret i från det.</p>`}
${decisionForm(token, csrf, state)}
${correctable(loaded) ? correctionForm(token, csrf, state, track) : ''}`,
      csrf,
    );
  }

  function usedPage(reply: FastifyReply, code: number, token: string, loaded: Loaded, state: FormState, heading?: string): FastifyReply {
    const { status, track, claims } = loaded;
    // While the link still takes an appeal or a correction it is not "used".
    const corrects = correctable(loaded);
    heading ??= (APPEALABLE.has(track.state) && !status.withdrawn) || corrects ? 'Beslutet är registrerat' : undefined;
    const last = track.decisions[track.decisions.length - 1];
    const wantsProtocol = track.state === 'decided' || track.state === 'justerat';
    const csrf = reply.generateCsrf();
    const stateText = track.state === 'withdrawn' || status.withdrawn
      ? 'Ärendet är återkallat; inget beslut behövs.'
      : track.state === 'closed'
        ? 'Beslutsspåret är stängt av administratören.'
        : last
          ? `${track.partyName}s beslut är redan registrerat, så länken tar inte emot något nytt beslut.${corrects ? ' Har ni rapporterat fel kan ni rätta uppgiften nedan, så länge länken gäller.' : ' Ändringar görs via regionens registrator.'}`
          : 'Inget beslut tas emot längre i det här ärendet.';
    return send(
      reply,
      code,
      `${heading ?? 'Länken är redan använd'}: ${status.dnr}`,
      html`${errorSummary(state.errors, 'Uppgifterna kunde inte registreras')}
<h1>${heading ?? 'Länken är redan använd'}</h1>
<p class="lead">${stateText}</p>
${last ? html`<h2>Registrerat beslut</h2>${describeDecision(last)}` : ''}
${protocolFacts(track)}
${contact(registry)}
${wantsProtocol ? justeringForm(token, csrf, state, track) : ''}
${APPEALABLE.has(track.state) && !status.withdrawn ? appealForm(token, csrf, state) : ''}
${corrects ? correctionForm(token, csrf, state, track) : ''}
<h2>Ärendet</h2>
${caseFacts(status, track, claims)}`,
      csrf,
    );
  }

  /** The page the link shows now (the decision form while the party is asked, else the recorded decision), with `state`. */
  function linkPage(reply: FastifyReply, code: number, token: string, loaded: Loaded, state: FormState): FastifyReply {
    if (!AWAITING.has(loaded.track.state) || loaded.status.withdrawn) return usedPage(reply, code, token, loaded, state);
    return formPage(reply, code, token, loaded, state);
  }

  registerReportLinkImport(app, { registry, load, formPage, send, awaiting: (l) => AWAITING.has(l.track.state) && !l.status.withdrawn, usedPage: (reply, code, token, l) => usedPage(reply, code, token, l, formState()) });

  app.get<{ Params: { token: string } }>('/rapportera/:token', { config: { action: 'report-link' } }, async (req, reply) => {
    const loaded = await load(req.params.token, reply);
    if (!loaded) return reply;
    if (!AWAITING.has(loaded.track.state) || loaded.status.withdrawn) return usedPage(reply, 200, req.params.token, loaded, formState());
    return formPage(reply, 200, req.params.token, loaded, formState({ organ: loaded.track.organ }));
  });

  app.post<{ Params: { token: string }; Body: Submitted }>('/rapportera/:token', { config: { action: 'report-link' }, preHandler: app.csrfProtection }, async (req, reply) => {
    const { token } = req.params;
    const loaded = await load(token, reply);
    if (!loaded) return reply;
    if (!AWAITING.has(loaded.track.state) || loaded.status.withdrawn) return usedPage(reply, 409, token, loaded, formState());
    const submitted = req.body ?? {};
    const values = keptValues(submitted, DECISION_FORM);
    const body = { type: 'huvudman-decided', party: loaded.claims.party, ...formToJson(submitted, DECISION_FORM, recipientContext(registry)) };
    const result = validate(HuvudmanDecided, body);
    if (!result.ok) return formPage(reply, 400, token, loaded, formState(values, formErrors(result.issues, Object.keys(DECISION_FORM))));
    try {
      await cases.recordEvent(loaded.claims.dnr, result.value, reportLinkActor(loaded.claims.party));
    } catch (err) {
      // An "Expedieras till" line the registry does not know, or an impossible fact (a date in the future).
      if (err instanceof ValidationError) return formPage(reply, 400, token, loaded, formState(values, formErrors(err.issues, Object.keys(DECISION_FORM))));
      if (err instanceof CaseUnavailable) return formPage(reply, 503, token, loaded, formState(values, formLevelError(err.message)));
      if (!(err instanceof CaseRefused)) throw err;
      return formPage(reply, 409, token, loaded, formState(values, formLevelError(refusalText(err.message))));
    }
    return reply.redirect(`/rapportera/${token}/kvitto`, 303);
  });

  app.post<{ Params: { token: string }; Body: Submitted }>('/rapportera/:token/justering', { config: { action: 'report-link' }, preHandler: app.csrfProtection }, async (req, reply) => {
    const { token } = req.params;
    const loaded = await load(token, reply);
    if (!loaded) return reply;
    const { track, claims } = loaded;
    if (track.state !== 'decided' && track.state !== 'justerat') return usedPage(reply, 409, token, loaded, formState());
    const submitted = req.body ?? {};
    const values = keptValues(submitted, JUSTERING_FORM);
    const json = formToJson(submitted, JUSTERING_FORM);
    const anslag = json.anslag as { posted?: string } | undefined;
    const events: { schema: typeof JusteringRecorded | typeof AnslagPosted; body: Record<string, unknown>; prefix: string }[] = [];
    if (!track.justering) events.push({ schema: JusteringRecorded, body: { type: 'justering-recorded', party: claims.party, date: json.date, justerare: json.justerare }, prefix: '' });
    if (anslag || track.justering) events.push({ schema: AnslagPosted, body: { type: 'anslag-posted', party: claims.party, posted: anslag?.posted }, prefix: 'anslag.' });
    const issues: FieldIssue[] = [];
    const valid = [];
    for (const e of events) {
      const result = validate(e.schema, e.body);
      if (result.ok) valid.push({ event: result.value, prefix: e.prefix });
      else issues.push(...result.issues.map((i) => ({ ...i, path: `${e.prefix}${i.path}` })));
    }
    if (issues.length) return usedPage(reply, 400, token, loaded, formState(values, formErrors(issues, Object.keys(JUSTERING_FORM))));
    let prefix = '';
    try {
      for (const v of valid) {
        prefix = v.prefix;
        await cases.recordEvent(claims.dnr, v.event, reportLinkActor(claims.party));
      }
    } catch (err) {
      if (err instanceof ValidationError) {
        const fresh = await load(token, reply);
        if (!fresh) return reply;
        return usedPage(reply, 400, token, fresh, formState(values, formErrors(err.issues.map((i) => ({ ...i, path: `${prefix}${i.path}` })), Object.keys(JUSTERING_FORM))));
      }
      if (err instanceof CaseUnavailable) return usedPage(reply, 503, token, loaded, formState(values, formLevelError(err.message)));
      if (!(err instanceof CaseRefused)) throw err;
      const fresh = await load(token, reply);
      if (!fresh) return reply;
      return usedPage(reply, 409, token, fresh, formState(values, formLevelError(refusalText(err.message))));
    }
    return reply.redirect(`/rapportera/${token}/kvitto`, 303);
  });

  app.post<{ Params: { token: string }; Body: Submitted }>('/rapportera/:token/overklagande', { config: { action: 'report-link' }, preHandler: app.csrfProtection }, async (req, reply) => {
    const { token } = req.params;
    const loaded = await load(token, reply);
    if (!loaded) return reply;
    const { track, claims } = loaded;
    if (!APPEALABLE.has(track.state) || loaded.status.withdrawn) return usedPage(reply, 409, token, loaded, formState());
    const submitted = req.body ?? {};
    const values = keptValues(submitted, APPEAL_FORM);
    const result = validate(AppealFiled, { type: 'appeal-filed', party: claims.party, ...formToJson(submitted, APPEAL_FORM) });
    if (!result.ok) return usedPage(reply, 400, token, loaded, formState(values, formErrors(result.issues, Object.keys(APPEAL_FORM))));
    try {
      await cases.recordEvent(claims.dnr, result.value, reportLinkActor(claims.party));
    } catch (err) {
      if (err instanceof CaseUnavailable) return usedPage(reply, 503, token, loaded, formState(values, formLevelError(err.message)));
      if (!(err instanceof CaseRefused)) throw err;
      const fresh = await load(token, reply);
      if (!fresh) return reply;
      return usedPage(reply, 409, token, fresh, formState(values, formLevelError(refusalText(err.message))));
    }
    return reply.redirect(`/rapportera/${token}/kvitto?overklagande=1`, 303);
  });

  app.post<{ Params: { token: string }; Body: Submitted }>('/rapportera/:token/rattelse', { config: { action: 'report-link' }, preHandler: app.csrfProtection }, async (req, reply) => {
    const { token } = req.params;
    const loaded = await load(token, reply);
    if (!loaded) return reply;
    const { claims } = loaded;
    const submitted = req.body ?? {};
    // The link's scope is its party's protocol: another party's, or RSR's own (no party), is refused
    // before anything is read from the form, and nothing is recorded.
    if (submitted.party !== undefined && submitted.party !== claims.party) {
      const other = typeof submitted.party === 'string' && submitted.party !== '' ? (registry.get(submitted.party)?.name ?? submitted.party) : undefined;
      const whose = other ? `${genitive(other)} protokoll` : submitted.party === '' ? 'RSR:s protokoll' : 'en annan parts protokoll';
      return problemPage(reply, 403, 'Länken gäller inte det protokollet', `Länken gäller ${loaded.track.partyName}s egna uppgifter i ärendet ${loaded.status.dnr}; den kan inte rätta ${whose}. Inget har ändrats.`, registry);
    }
    if (!correctable(loaded)) return linkPage(reply, 409, token, loaded, formState({}, formLevelError(`${loaded.track.partyName} har inget registrerat att rätta i ärendet ${loaded.status.dnr}.`)));
    const values = keptValues(submitted, CORRECTION_FIELDS_FORM);
    const fields = Object.keys(CORRECTION_FIELDS_FORM);
    const result = validate(CorrectionRecorded, { type: 'correction-recorded', party: claims.party, changes: {}, ...formToJson(submitted, CORRECTION_FIELDS_FORM) });
    if (!result.ok) return linkPage(reply, 400, token, loaded, formState(values, formErrors(result.issues, fields)));
    try {
      await cases.recordEvent(claims.dnr, result.value, reportLinkActor(claims.party));
    } catch (err) {
      if (err instanceof CaseUnavailable) return linkPage(reply, 503, token, loaded, formState(values, formLevelError(err.message)));
      if (!(err instanceof ValidationError) && !(err instanceof CaseRefused)) throw err;
      const fresh = await load(token, reply);
      if (!fresh) return reply;
      // An impossible fact (a date in the future) next to its field; another rule of corrections in the summary.
      const errors = err instanceof ValidationError ? formErrors(err.issues, fields) : formLevelError(refusalText(err.message));
      return linkPage(reply, err instanceof ValidationError ? 400 : 409, token, fresh, formState(values, errors));
    }
    return reply.redirect(`/rapportera/${token}/kvitto?rattelse=1`, 303);
  });

  app.get<{ Params: { token: string }; Querystring: { overklagande?: string; rattelse?: string } }>('/rapportera/:token/kvitto', { config: { action: 'report-link' } }, async (req, reply) => {
    const { token } = req.params;
    const loaded = await load(token, reply);
    if (!loaded) return reply;
    const { track, status, claims } = loaded;
    // The link's latest correction, as the log words it (what changed, the reason, a withdrawn laga kraft).
    const correction = req.query.rattelse !== undefined ? [...track.log].reverse().find((e) => e.type === 'correction-recorded' && e.actor === reportLinkActor(claims.party)) : undefined;
    if (correction) {
      return send(
        reply,
        200,
        `Tack, rättelsen är registrerad: ${status.dnr}`,
        html`<div class="confirmation" role="status">
<h1>Tack, rättelsen är registrerad</h1>
<p class="lead">Rättelsen av ${track.partyName}s uppgifter i ärendet ${status.dnr} (${status.title}) är registrerad i Ärendeflöde. Den ursprungliga uppgiften står kvar i ärendets logg, markerad som rättad. Samordningskansliet och ni får ett meddelande.</p>
</div>
<h2>Rättat</h2>
<p class="correction-text">${correction.text}</p>
<h2>Nu registrerat</h2>
${track.decisions.length ? describeDecision(track.decisions[track.decisions.length - 1]!) : ''}
${protocolFacts(track)}
<p><a href="/rapportera/${token}">Tillbaka till ärendet</a></p>
${contact(registry)}`,
      );
    }
    if (req.query.overklagande !== undefined && track.appeal) {
      return send(
        reply,
        200,
        `Tack, överklagandet är registrerat: ${status.dnr}`,
        html`<div class="confirmation" role="status">
<h1>Tack, överklagandet är registrerat</h1>
<p class="lead">Överklagandet av ${track.partyName}s beslut i ärendet ${status.dnr} (${status.title}) är registrerat i Ärendeflöde.</p>
</div>
${protocolFacts(track)}
${contact(registry)}`,
      );
    }
    const last = track.decisions[track.decisions.length - 1];
    if (!last) return reply.redirect(`/rapportera/${token}`, 303);
    const reopened = AWAITING.has(track.state);
    return send(
      reply,
      200,
      `Tack, beslutet är registrerat: ${status.dnr}`,
      html`<div class="confirmation" role="status">
<h1>Tack, beslutet är registrerat</h1>
<p class="lead">${track.partyName}s beslut i ärendet ${status.dnr} (${status.title}) är registrerat i Ärendeflöde.${reopened ? ' Ärendet ska beslutas igen; använd samma länk för det nya beslutet.' : ''}</p>
</div>
<h2>Registrerat</h2>
${describeDecision(last)}
${protocolFacts(track)}
${track.state === 'decided' || track.state === 'justerat' ? html`<p>När protokollet är justerat och anslaget uppsatt: <a href="/rapportera/${token}">rapportera justering och anslag</a> med samma länk.</p>` : ''}
${contact(registry)}`,
    );
  });
}

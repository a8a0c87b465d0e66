// The case page: facts, the SVG time chart (with a text alternative), every decision track, the
// timeline of domain events, the deliveries (failed ones with a retry for administrators), and the
// link to the case in Temporal's Web UI. All case text is escaped by the `html` template.
import { addDays, compareDates, daysBetween, stockholmOffsetMinutes, type IsoDate } from '../../domain/dates';
import { BEREDNING_OUTCOME_LABELS, DECISION_OUTCOME_LABELS, DELIVERY_STATUS_WORDS, NOTIFICATION_KIND_LABELS, REMINDER_STATUS_WORDS, TRACK_STATE_WORDS, counted, huvudmanCount } from '../../domain/words';
import type { DeliveryRecord } from '../../domain/notifications';
import type { Recipient } from '../../domain/case';
import type { PartyRegistry } from '../../domain/parties';
import { type LogEntry } from '../../domain/rules';
import { actorWords, type PartyNames } from '../../domain/actors';
import { type TrackStatus } from '../../domain/track-rules';
import type { FullCaseStatus } from '../cases';
import { html, type SafeHtml } from './html';
import { csrfField } from './layout';
import { STAGE_LABELS, countdown } from './overview-data';

/** The word for a track on the case page, where the track's status is known in full. */
export function trackWord(track: TrackStatus): string {
  const last = track.decisions[track.decisions.length - 1];
  if ((track.state === 'requested' || track.state === 'overdue') && last && (last.outcome === 'aterremiss' || last.outcome === 'bordlaggning')) {
    return DECISION_OUTCOME_LABELS[last.outcome];
  }
  if (track.state === 'requested' && track.reminders.some((r) => r.status === 'sent')) return 'påmind';
  if (track.state === 'decided' && last) return last.outcome === 'avslag' ? 'avslag' : `beslutad (${DECISION_OUTCOME_LABELS[last.outcome]})`;
  return TRACK_STATE_WORDS[track.state];
}

/** "2026-11-23 11:15" in Stockholm. */
export function stockholmDateTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms + stockholmOffsetMinutes(ms) * 60_000).toISOString().slice(0, 16).replace('T', ' ');
}

// ------------------------------------------------------------------ time chart

interface Mark {
  row: number;
  date: IsoDate;
  kind: 'meeting' | 'deadline' | 'reminder' | 'decision' | 'justering';
  label: string;
}
interface Band {
  row: number;
  from: IsoDate;
  to: IsoDate;
  kind: 'anslag' | 'request';
  label: string;
}

export interface ChartModel {
  rows: string[];
  marks: Mark[];
  bands: Band[];
  from: IsoDate;
  to: IsoDate;
  today: IsoDate;
}

export function chartModel(status: FullCaseStatus, today: IsoDate): ChartModel {
  const rows = ['Ärendet', ...status.trackStatus.map((t) => t.partyName)];
  const marks: Mark[] = [{ row: 0, date: status.rsrMeetingDate, kind: 'meeting', label: `Sammanträde ${status.rsrMeetingDate}` }];
  const bands: Band[] = [];
  if (status.justering) marks.push({ row: 0, date: status.justering.date, kind: 'justering', label: `Protokollet justerat ${status.justering.date}` });
  if (status.anslag) {
    bands.push({ row: 0, from: status.anslag.posted, to: status.anslag.calendar.lastAppealDay, kind: 'anslag', label: `Anslag ${status.anslag.posted}, sista dag att överklaga ${status.anslag.calendar.lastAppealDay}` });
  }
  if (status.rsr) marks.push({ row: 0, date: status.senast, kind: 'deadline', label: `Sista dag för huvudmännens beslut ${status.senast}` });
  status.trackStatus.forEach((t, i) => {
    const row = i + 1;
    bands.push({ row, from: t.requestedOn, to: t.senast, kind: 'request', label: `${t.partyName}: begärt ${t.requestedOn}, sista dag ${t.senast}` });
    marks.push({ row, date: t.senast, kind: 'deadline', label: `${t.partyName}: sista dag ${t.senast}` });
    for (const r of t.reminders) {
      if (r.status === 'sent' || r.status === 'planned') marks.push({ row, date: r.date, kind: 'reminder', label: `${t.partyName}: påminnelse ${r.date} (${r.status === 'sent' ? 'skickad' : 'planerad'})` });
    }
    for (const d of t.decisions) marks.push({ row, date: d.meetingDate, kind: 'decision', label: `${t.partyName}: ${d.organ} beslutade ${d.meetingDate} § ${d.paragraf} (${DECISION_OUTCOME_LABELS[d.outcome]})` });
    if (t.anslag) bands.push({ row, from: t.anslag.posted, to: t.anslag.calendar.lastAppealDay, kind: 'anslag', label: `${t.partyName}: anslag ${t.anslag.posted}, sista dag att överklaga ${t.anslag.calendar.lastAppealDay}` });
  });
  const dates = [...marks.map((m) => m.date), ...bands.flatMap((b) => [b.from, b.to]), today].sort(compareDates);
  return { rows, marks, bands, from: addDays(dates[0]!, -7), to: addDays(dates[dates.length - 1]!, 7), today };
}

export function chartSvg(model: ChartModel): SafeHtml {
  const left = 170;
  const width = 960;
  const rowHeight = 26;
  const top = 30;
  const height = top + model.rows.length * rowHeight + 10;
  const span = Math.max(1, daysBetween(model.from, model.to));
  const x = (date: IsoDate) => (left + ((width - left - 10) * daysBetween(model.from, date)) / span).toFixed(1);
  const y = (row: number) => top + row * rowHeight + rowHeight / 2;
  // Month ticks on the axis.
  const ticks: IsoDate[] = [];
  let tick = `${model.from.slice(0, 7)}-01` as IsoDate;
  while (compareDates(tick, model.to) <= 0) {
    if (compareDates(tick, model.from) >= 0) ticks.push(tick);
    const [yy, mm] = tick.split('-').map(Number) as [number, number];
    tick = (mm === 12 ? `${yy + 1}-01-01` : `${yy}-${String(mm + 1).padStart(2, '0')}-01`) as IsoDate;
  }
  const shape = (m: Mark) => {
    const cx = x(m.date);
    const cy = y(m.row);
    switch (m.kind) {
      case 'deadline':
        return html`<path class="deadline" d="M${cx} ${cy - 7} l7 7 l-7 7 l-7 -7 z"><title>${m.label}</title></path>`;
      case 'reminder':
        return html`<path class="reminder" d="M${cx} ${cy - 6} l6 11 h-12 z"><title>${m.label}</title></path>`;
      case 'decision':
        return html`<rect class="decision" x="${Number(cx) - 5}" y="${cy - 5}" width="10" height="10"><title>${m.label}</title></rect>`;
      default:
        return html`<circle class="meeting" cx="${cx}" cy="${cy}" r="6"><title>${m.label}</title></circle>`;
    }
  };
  return html`<svg class="chart" role="img" aria-labelledby="chart-title chart-desc" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">
<title id="chart-title">Tidslinje för ärendet</title>
<desc id="chart-desc">Sammanträde, justering, anslagsperioder, sista dagar, påminnelser och beslut per huvudman. Samma uppgifter finns i tabellen under diagrammet.</desc>
${ticks.map((t) => html`<line class="grid" x1="${x(t)}" x2="${x(t)}" y1="${top - 6}" y2="${height - 10}"/><text x="${Number(x(t)) + 3}" y="${top - 12}">${t.slice(0, 7)}</text>`)}
<line class="axis" x1="${left}" x2="${width - 10}" y1="${top - 6}" y2="${top - 6}"/>
${model.rows.map((label, i) => html`<text x="4" y="${y(i) + 4}">${label.length > 24 ? `${label.slice(0, 23)}…` : label}</text>`)}
${model.bands.map((b) => html`<rect class="${b.kind}" x="${x(b.from)}" y="${y(b.row) - (b.kind === 'anslag' ? 8 : 2)}" width="${Math.max(2, Number(x(b.to)) - Number(x(b.from))).toFixed(1)}" height="${b.kind === 'anslag' ? 16 : 4}"><title>${b.label}</title></rect>`)}
${model.marks.map(shape)}
<line class="today" x1="${x(model.today)}" x2="${x(model.today)}" y1="${top - 6}" y2="${height - 10}"><title>I dag ${model.today}</title></line>
</svg>`;
}

/** The chart's text alternative: every date it shows, in order. */
export function chartTable(model: ChartModel): SafeHtml {
  const items = [
    ...model.marks.map((m) => ({ date: m.date, text: m.label })),
    ...model.bands.filter((b) => b.kind === 'anslag').map((b) => ({ date: b.from, text: b.label })),
  ].sort((a, b) => compareDates(a.date, b.date));
  return html`<details><summary>Tidslinjen som tabell</summary><table><thead><tr><th scope="col">Datum</th><th scope="col">Händelse</th></tr></thead><tbody>${items.map((i) => html`<tr><td>${i.date}</td><td>${i.text}</td></tr>`)}</tbody></table></details>`;
}

// ------------------------------------------------------------------ page

export interface CaseView {
  status: FullCaseStatus;
  events: LogEntry[];
  today: IsoDate;
  admin: boolean;
  csrfToken?: string;
  temporalUrl?: string;
  slug: string;
  notice?: string;
  /** Whether the reader may download the archive export (the permission table's case.export). */
  mayExport?: boolean;
  /** Names the parties and groups of "Expedieras till" (never their ids). */
  registry?: PartyRegistry;
  /** A registrator reading the page: its party's open track links to reading its protokollsutdrag in. */
  reporterParty?: string;
}

/** "Läs in protokollsutdrag" on a track that still takes a decision, for the administrator or the party's registrator (decision-import-admin.ts). */
function importLink(view: CaseView, t: TrackStatus): SafeHtml {
  const open = t.state === 'requested' || t.state === 'overdue';
  if (!open || view.status.withdrawn || !(view.admin || view.reporterParty === t.party)) return html``;
  return html`<a class="import-link" href="/arende/${view.slug}/beslut/protokollsutdrag?party=${t.party}">Läs in protokollsutdrag<span class="visually-hidden"> för ${t.partyName}</span></a><br>`;
}

function deliveryRows(view: CaseView, deliveries: { where: string; record: DeliveryRecord }[]): SafeHtml {
  return html`${deliveries.map(({ where, record: d }) => {
    const failed = d.status !== 'sent';
    const retry =
      failed && view.admin
        ? html`<form method="post" action="/arende/${view.slug}/leveranser/omforsok">${csrfField(view.csrfToken)}<input type="hidden" name="key" value="${d.key}"><input type="hidden" name="attempt" value="${String(d.attempts + 1)}"><button type="submit" class="secondary">Försök igen<span class="visually-hidden"> (${NOTIFICATION_KIND_LABELS[d.kind]} till ${d.recipient.label})</span></button></form>`
        : '';
    return html`<tr><td>${stockholmDateTime(d.attemptedAt)}</td><td>${NOTIFICATION_KIND_LABELS[d.kind]}</td><td>${where}</td><td>${d.recipient.label}${d.recipient.email ? html`<br><span class="hint">${d.recipient.email}</span>` : ''}</td><td${failed ? html` class="status-failed"` : ''}>${DELIVERY_STATUS_WORDS[d.status]}</td><td>${d.attempts}</td><td>${d.detail ?? ''}</td><td>${retry}</td></tr>`;
  })}`;
}

/**
 * The messages being retried (a temporary SMTP failure; domain/delivery-attempts.ts): one row per
 * recipient with the attempt, when it failed, the error in words and when the next attempt is due.
 */
export function retryingRows(status: FullCaseStatus): SafeHtml {
  const where = (track?: string) => (track ? (status.trackStatus.find((t) => t.party === track)?.partyName ?? track) : 'ärendet');
  return html`${(status.retrying ?? []).map(
    (r) =>
      html`<tr data-key="${r.key}"><td>${NOTIFICATION_KIND_LABELS[r.kind]}</td><td>${where(r.track)}</td><td>${r.recipient.label}${r.recipient.email ? html`<br><span class="hint">${r.recipient.email}</span>` : ''}</td><td class="status-retrying">försöker igen</td><td>${String(r.attempt)}</td><td>${stockholmDateTime(r.failedAt)}</td><td>${r.error}</td><td>${r.nextAttemptAt ? html`omkring ${stockholmDateTime(r.nextAttemptAt)}` : 'okänt'}</td></tr>`,
  )}`;
}

/** What a correction of a timeline entry corrects (the rättelse form's `target`), by the entry's type. */
const CORRECTABLE: Record<string, string> = { 'huvudman-decided': 'decision', 'rsr-decided': 'decision', 'justering-recorded': 'justering', 'anslag-posted': 'anslag', 'appeal-filed': 'appeal' };

/**
 * One timeline entry. A corrected entry stays, struck through and marked "rättad" with a link to
 * its correction; a correction links to what it corrects; administrators can correct an entry.
 */
function timelineEntry(e: LogEntry, dnr: string, admin: boolean, names: PartyNames): SafeHtml {
  const target = CORRECTABLE[e.type];
  const correct = admin && target
    ? html` <a class="correct" href="/arende/${dnr.replace(/\//g, '-')}/rattelse?target=${target}${e.party && e.type !== 'rsr-decided' ? html`&amp;party=${e.party}` : ''}">Rätta<span class="visually-hidden"> händelse ${String(e.seq)}</span></a>`
    : '';
  const text = e.correctedBy?.length
    ? html`<del>${e.text}</del> <strong class="corrected">rättad</strong> (se ${e.correctedBy.map((seq, i) => html`${i ? ', ' : ''}<a href="#h-${String(seq)}">händelse ${String(seq)}</a>`)})`
    : html`${e.text}`;
  const corrects = e.corrects !== undefined ? html` (rättar <a href="#h-${String(e.corrects)}">händelse ${String(e.corrects)}</a>)` : '';
  return html`<li id="h-${String(e.seq)}"><time datetime="${e.at}">${stockholmDateTime(e.at)}</time> · <span class="actor">${actorWords(e.actor, names)}</span><br>${text}${corrects}${correct}</li>`;
}

/** The administrator's forms for this case (client/web/admin-forms.ts). */
function adminActions(dnr: string): SafeHtml {
  const slug = dnr.replace(/\//g, '-');
  const forms = [
    ['beredning', 'Registrera beredning'],
    ['rsr-beslut', 'Registrera RSR:s beslut'],
    ['justering', 'Registrera justering och anslag'],
    ['beslut', 'Registrera en huvudmans beslut'],
    ['overklagande', 'Registrera ett överklagande'],
    ['rattelse', 'Rätta en registrerad uppgift'],
  ] as const;
  return html`<nav aria-label="Administratörens åtgärder"><h2 id="atgarder">Åtgärder</h2><ul class="actions">${forms.map(
    ([path, label]) => html`<li><a href="/arende/${slug}/${path}">${label}</a></li>`,
  )}</ul></nav>`;
}

/**
 * One "Expedieras till" line as the document writes it (who, role, organisation), then the party or
 * group of the registry it reaches, by name, unless the line already says it:
 * "Beredskapschef (Region Jämtland Härjedalen)"; "Tomas Jonsson, Kommundirektör, Krokoms kommun" as it is.
 */
export function recipientText(r: Recipient, registry?: PartyRegistry): string {
  const written = [r.name, r.role, r.organisation].filter((x): x is string => Boolean(x)).join(', ');
  const reaches = r.party ? (registry?.get(r.party)?.name ?? r.party) : r.group ? (registry?.group(r.group)?.name ?? r.group) : undefined;
  const who = !written ? (reaches ?? '') : reaches && !written.toLowerCase().includes(reaches.toLowerCase()) ? `${written} (${reaches})` : written;
  return `${who}${r.email ? ` <${r.email}>` : ''}`;
}

/** The registration as the tjänsteskrivelse has it: memo, points and senast, beredning, dispatch, documents. */
function registrationSections(view: CaseView): SafeHtml {
  const { status } = view;
  const reg = status.registration;
  const t = reg.tjansteskrivelse;
  const h = reg.handlaggare;
  return html`<h2 id="tjansteskrivelse">Tjänsteskrivelse</h2>
<dl class="facts">
<dt>Datum</dt><dd>${t.date}</dd>
<dt>Författare</dt><dd>${t.author}</dd>
<dt>Handläggare</dt><dd>${h.name}${h.title ? `, ${h.title}` : ''}${h.email ? html` <a href="mailto:${h.email}">${h.email}</a>` : ''}</dd>
</dl>
<h3>Sammanfattning</h3>
<p class="summary-text">${t.summary}</p>
<h3>Förslag till beslut</h3>
<ol class="points">${t.forslagTillBeslut.map((p) => html`<li>${p}</li>`)}</ol>
<h2 id="att-besluta">Huvudmännen ombeds besluta</h2>
<p>${huvudmanCount(status.huvudman.length)} ombeds besluta senast <strong>${status.senast}</strong> om:</p>
<ol class="points">${status.points.map((p) => html`<li>${p}</li>`)}</ol>
<h2 id="beredning">Beredning</h2>
${status.beredning.length === 0
    ? html`<p>Ingen beredning registrerad.</p>`
    : html`<div class="table-wrap"><table class="beredning"><thead><tr><th scope="col">Organ</th><th scope="col">Sammanträde</th><th scope="col">§</th><th scope="col">Utfall</th><th scope="col">Anteckning</th></tr></thead><tbody>${status.beredning.map(
        (b) => html`<tr><td>${b.organ}</td><td>${b.meetingDate}</td><td>${b.paragraf === undefined ? '' : `§ ${b.paragraf}`}</td><td>${BEREDNING_OUTCOME_LABELS[b.outcome]}</td><td>${b.note ?? ''}</td></tr>`,
      )}</tbody></table></div>`}
<h2 id="expedieras-till">Expedieras till</h2>
${reg.expedierasTill.length === 0 ? html`<p>Ingen mottagare angiven.</p>` : html`<ul class="recipients">${reg.expedierasTill.map((r) => html`<li>${recipientText(r, view.registry)}</li>`)}</ul>`}
<h2 id="beslutsunderlag">Beslutsunderlag</h2>
${reg.beslutsunderlag.length === 0 ? html`<p>Inga handlingar angivna.</p>` : html`<ul class="documents">${reg.beslutsunderlag.map((d) => html`<li>${d.url ? html`<a href="${d.url}" rel="noopener noreferrer">${d.title}</a>` : d.title}</li>`)}</ul>`}`;
}

/** Every appeal recorded: against the recommendation (the case's) and against a huvudman's decision. */
function appealsSection(status: FullCaseStatus): SafeHtml {
  const appeals = [
    ...status.appeals.map((a) => ({ who: `${status.dnr} (rekommendationsbeslutet)`, a })),
    ...status.trackStatus.flatMap((t) => (t.appeal ? [{ who: t.partyName, a: t.appeal }] : [])),
  ];
  if (appeals.length === 0) return html``;
  return html`<h2 id="overklaganden">Överklaganden</h2>
<div class="table-wrap"><table class="appeals"><thead><tr><th scope="col">Beslut</th><th scope="col">Inkom</th><th scope="col">Instans</th><th scope="col">Målnummer</th><th scope="col">Klagande</th></tr></thead><tbody>${appeals.map(
    ({ who, a }) => html`<tr><td>${who}</td><td>${a.filedOn}</td><td>${a.court ?? ''}</td><td>${a.reference ?? ''}</td><td>${a.appellant ?? ''}</td></tr>`,
  )}</tbody></table></div>`;
}

/** Rules the recorded facts broke (domain/rule-flags.ts), the case's own and each huvudman's, each naming its rule. */
export function ruleFlagList(status: FullCaseStatus): SafeHtml {
  const flags = [
    ...(status.flags ?? []).map((f) => ({ who: `${status.dnr}`, flag: f })),
    ...status.trackStatus.flatMap((t) => (t.flags ?? []).map((f) => ({ who: t.partyName, flag: f }))),
  ];
  if (flags.length === 0) return html``;
  return html`<section class="rule-flags" aria-labelledby="regelbrott"><h2 id="regelbrott">Avvikelser från regler</h2><ul>${flags.map(
    ({ who, flag }) => html`<li data-flag="${flag.code}"><strong>${who}:</strong> ${flag.text}</li>`,
  )}</ul></section>`;
}

/** Names for the party ids the case page shows (actors): the case's own snapshot, then its tracks, then the registry. */
export function casePartyNames(view: Pick<CaseView, 'status' | 'registry'>): PartyNames {
  const { status } = view;
  return (id) => status.partyNames?.[id] ?? status.trackStatus.find((t) => t.party === id)?.partyName ?? view.registry?.get(id)?.name;
}

export function caseBody(view: CaseView): SafeHtml {
  const { status, today } = view;
  const chart = chartModel(status, today);
  const deliveries = [
    ...status.deliveries.map((record) => ({ where: 'ärendet', record })),
    ...status.trackStatus.flatMap((t) => t.deliveries.map((record) => ({ where: t.partyName, record }))),
  ].sort((a, b) => a.record.attemptedAt.localeCompare(b.record.attemptedAt));
  const failed = deliveries.filter((d) => d.record.status !== 'sent').length;
  const retrying = status.retrying ?? [];
  const givesUp = retrying.map((r) => r.givesUpAt).filter((t): t is string => Boolean(t)).sort().at(-1);
  // A countdown only while the huvudmän are still asked (not once the case is finished).
  const senast = status.rsr && status.stage !== 'completed' && status.stage !== 'withdrawn' ? countdown(today, status.senast) : undefined;
  return html`<p><a href="/">← Översikt</a></p>
<h1>${status.dnr} <span class="title">${status.title}</span></h1>
${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
<dl class="facts">
<dt>Läge</dt><dd>${STAGE_LABELS[status.stage] ?? status.stage}</dd>
<dt>Sammanträde</dt><dd>${status.rsrMeetingDate}${status.rsr ? html` (§ ${status.rsr.paragraf})` : ''}</dd>
<dt>Sista dag för huvudmännens beslut</dt><dd>${status.senast}${senast ? html` <span class="countdown${senast.days < 0 ? ' late' : ''}" data-deadline="${status.senast}">${senast.text}</span>` : ''}</dd>
${status.justering ? html`<dt>Justerat</dt><dd>${status.justering.date} (${status.justering.justerare.join(', ')})</dd>` : ''}
${status.anslag ? html`<dt>Anslag</dt><dd>${status.anslag.posted}; sista dag att överklaga ${status.anslag.calendar.lastAppealDay}; laga kraft ${status.anslag.calendar.lagaKraft}</dd>` : ''}
${status.withdrawn ? html`<dt>Återkallat</dt><dd>${status.withdrawn.date}: ${status.withdrawn.reason}</dd>` : ''}
<dt>Temporal</dt><dd>${view.temporalUrl ? html`<a href="${view.temporalUrl}">Ärendet i Temporal Web UI</a>` : 'Web UI är inte konfigurerat (ARENDE_TEMPORAL_UI_URL)'}</dd>
${view.mayExport ? html`<dt>Arkiv</dt><dd><a href="/arende/${view.slug}/export" download>Exportera akten (JSON)</a> <span class="hint">händelser och Temporal-historik, för arkivering</span></dd>` : ''}
</dl>
${ruleFlagList(status)}
${view.admin && status.stage !== 'completed' && status.stage !== 'withdrawn' ? adminActions(status.dnr) : ''}
${registrationSections(view)}
<h2 id="tidslinje-diagram">Tidsdiagram</h2>
<div class="table-wrap">${chartSvg(chart)}</div>
${chartTable(chart)}
<h2 id="spar">Huvudmännens beslut</h2>
${status.trackStatus.length === 0 ? html`<p>Huvudmännen ombeds besluta när protokollet är justerat.</p>` : html`<div class="table-wrap"><table class="tracks">
<thead><tr><th scope="col">Huvudman</th><th scope="col">Läge</th><th scope="col">Sista dag</th><th scope="col">Påminnelser</th><th scope="col">Beslut</th><th scope="col">Nästa</th></tr></thead>
<tbody>${status.trackStatus.map((t) => {
    const cd = !t.final && (t.state === 'requested' || t.state === 'overdue') ? countdown(today, t.senast) : undefined;
    return html`<tr data-party="${t.party}"><th scope="row">${t.partyName}<br><span class="hint">${t.organ}</span></th><td class="cell s-${t.state}"><span class="word">${trackWord(t)}</span></td><td>${t.senast}${cd ? html`<br><span class="countdown${cd.days < 0 ? ' late' : ''}" data-deadline="${t.senast}">${cd.text}</span>` : ''}</td><td>${t.reminders.map((r) => html`${r.date} (${REMINDER_STATUS_WORDS[r.status]})<br>`)}</td><td>${importLink(view, t)}${t.decisions.map((d) => html`${d.organ} ${d.meetingDate} § ${d.paragraf}: ${DECISION_OUTCOME_LABELS[d.outcome]}<br>${d.expedierasTill?.length ? html`<span class="hint">Expedieras till: ${d.expedierasTill.join(', ')}</span><br>` : ''}`)}${(t.flags ?? []).map((f) => html`<strong class="rule-flag" data-flag="${f.code}">${f.text}</strong><br>`)}</td><td>${t.nextTimer ? html`${t.nextTimer.what} ${stockholmDateTime(t.nextTimer.at)}` : ''}</td></tr>`;
  })}</tbody></table></div>`}
${appealsSection(status)}
<h2 id="handelser">Händelser</h2>
<ol class="timeline">${view.events.map((e) => timelineEntry(e, status.dnr, view.admin, casePartyNames(view)))}</ol>
<h2 id="leveranser">Utskick</h2>
<p>${deliveries.length} utskick${failed ? html`, <strong class="status-failed">${counted(failed, 'misslyckat', 'misslyckade')}</strong>` : ''}${retrying.length ? html`, <strong class="status-retrying">${retrying.length} försöker igen</strong>` : ''}.${failed && !view.admin ? ' En administratör kan försöka igen.' : ''}</p>
${retrying.length ? html`<h3 id="forsoker-igen">Försöker igen</h3>
<p>De här utskicken har inte gått fram än: e-postservern svarade med ett tillfälligt fel eller gick inte att nå. Systemet försöker igen av sig självt, med allt längre mellanrum${givesUp ? html` (längst till ${stockholmDateTime(givesUp)}; sedan registreras utskicket som misslyckat)` : ''}; varje meddelande skickas en gång när servern svarar.</p>
<div class="table-wrap"><table class="retrying"><thead><tr><th scope="col">Slag</th><th scope="col">Från</th><th scope="col">Mottagare</th><th scope="col">Status</th><th scope="col">Försök</th><th scope="col">Senaste försöket</th><th scope="col">Fel</th><th scope="col">Nästa försök</th></tr></thead><tbody>${retryingRows(status)}</tbody></table></div>` : ''}
${deliveries.length ? html`<div class="table-wrap"><table class="deliveries"><thead><tr><th scope="col">Tid</th><th scope="col">Slag</th><th scope="col">Från</th><th scope="col">Mottagare</th><th scope="col">Status</th><th scope="col">Försök</th><th scope="col">Detalj</th><th scope="col"><span class="visually-hidden">Åtgärd</span></th></tr></thead><tbody>${deliveryRows(view, deliveries)}</tbody></table></div>` : ''}`;
}

// The overview page: filters (GET parameters, labelled controls) and the matrix of cases ×
// huvudmän, each cell a colour and a word with its countdown. The matrix is also served alone as
// a fragment, which /assets/app.js fetches every `refreshSeconds` to refresh it in place.
import { html, type SafeHtml } from './html';
import { TRACK_STATE_WORDS, counted } from '../../domain/words';
import { STAGE_LABELS, type Cell, type OverviewModel } from './overview-data';

export interface OverviewFilter {
  stage?: string;
  party?: string;
  overdue?: 'true';
  q?: string;
}

/** The filter in a query string (for the fragment URL and the CSV link). */
export function filterQuery(filter: OverviewFilter): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

function countdownHtml(deadline: string | undefined, cd: { days: number; text: string } | undefined): SafeHtml {
  if (!deadline || !cd) return html``;
  return html`<span class="countdown${cd.days < 0 ? ' late' : ''}" data-deadline="${deadline}">${cd.text}</span>`;
}

function cellHtml(cell: Cell, partyName: string): SafeHtml {
  const label = `${partyName}: ${cell.state === 'none' ? 'ej begärt' : cell.word}${cell.countdown ? `, ${cell.countdown.text}` : ''}`;
  return html`<td class="cell s-${cell.state}" data-party="${cell.party}" data-state="${cell.state}" title="${label}"><span class="word">${cell.word}</span>${cell.countdown ? html`<br>${countdownHtml(cell.deadline, cell.countdown)}` : ''}</td>`;
}

/** hh:mm:ss in Stockholm. */
function stockholmTime(ms: number): string {
  return new Date(ms).toLocaleTimeString('sv-SE', { timeZone: 'Europe/Stockholm' });
}

/** The matrix alone: what the page shows under the filters and what the refresh replaces. */
export function matrixHtml(model: OverviewModel, options: { partyLinks?: boolean } = {}): SafeHtml {
  const names = new Map(model.parties.map((p) => [p.id, p.name]));
  if (model.rows.length === 0) return html`<p class="empty">Inga ärenden matchar filtret.</p>`;
  return html`<p class="summary">${counted(model.rows.length, 'ärende', 'ärenden')}${model.counts.overdue ? html`, <strong>${counted(model.counts.overdue, 'försenat beslut', 'försenade beslut')}</strong>` : ''}. Dagens datum ${model.today}.${model.tracksAsOf === undefined ? '' : ` Beslutslägen hämtade ${stockholmTime(model.tracksAsOf)}.`}</p>
<div class="table-wrap" tabindex="0" role="region" aria-label="Ärenden och huvudmän">
<table class="matrix">
<caption class="visually-hidden">Ärenden (rader) och huvudmännens beslutsläge (kolumner)</caption>
<thead><tr><th scope="col">Ärende</th><th scope="col">Läge</th>${model.parties.map((p) => html`<th scope="col" class="party">${options.partyLinks === false ? p.name : html`<a href="/part/${encodeURIComponent(p.id)}">${p.name}</a>`}</th>`)}</tr></thead>
<tbody>
${model.rows.map(
  (row) => html`<tr data-dnr="${row.dnr}"><th scope="row"><a href="/arende/${row.slug}">${row.dnr}</a><br><span class="title">${row.title}</span></th><td class="stage">${row.stageLabel}${row.deadline ? html`<br><span class="deadline">${row.deadline.what} ${row.deadline.date}</span>${row.deadline.countdown ? html`, ${countdownHtml(row.deadline.date, row.deadline.countdown)}` : ''}${row.deadline.then ? html`, ${row.deadline.then}` : ''}` : ''}</td>${row.cells.map((c) => cellHtml(c, names.get(c.party) ?? c.party))}</tr>
`,
)}</tbody>
</table>
</div>`;
}

export function filtersHtml(filter: OverviewFilter, parties: readonly { id: string; name: string }[]): SafeHtml {
  const option = (value: string, label: string, selected: string | undefined) =>
    value === (selected ?? '') ? html`<option value="${value}" selected>${label}</option>` : html`<option value="${value}">${label}</option>`;
  return html`<form class="filters" method="get" action="/" role="search" aria-label="Filtrera ärenden">
<div class="field"><label for="f-q">Dnr eller rubrik</label><input id="f-q" name="q" type="search" value="${filter.q ?? ''}" maxlength="200"></div>
<div class="field"><label for="f-stage">Läge</label><select id="f-stage" name="stage">${option('', 'Alla öppna', filter.stage)}${Object.entries(STAGE_LABELS).map(([v, l]) => option(v, l, filter.stage))}</select></div>
<div class="field"><label for="f-party">Huvudman som inte är klar</label><select id="f-party" name="party">${option('', 'Alla', filter.party)}${parties.map((p) => option(p.id, p.name, filter.party))}</select></div>
<div class="field check"><input id="f-overdue" name="overdue" type="checkbox" value="true"${filter.overdue ? html` checked` : ''}><label for="f-overdue">Bara ärenden med försenade beslut</label></div>
<div class="actions"><button type="submit">Filtrera</button> <a href="/">Rensa filter</a></div>
</form>`;
}

export function overviewBody(model: OverviewModel, filter: OverviewFilter, options: { refreshSeconds: number }): SafeHtml {
  const query = filterQuery(filter);
  return html`<h1>Översikt</h1>
${filtersHtml(filter, model.parties)}
<p class="tools"><a href="/oversikt.csv${query}" download>Ladda ner ärendebalanslistan (CSV)</a></p>
<p class="legend" aria-label="Förklaring">${(['requested', 'overdue', 'decided', 'justerat', 'anslag', 'laga-kraft', 'rejected', 'appealed', 'closed'] as const).map(
    (s) => html`<span class="cell s-${s}"><span class="word">${TRACK_STATE_WORDS[s]}</span></span> `,
  )}</p>
<p id="refresh-status" class="refresh-status" role="status" aria-live="polite"></p>
<div id="matris" data-refresh-url="/oversikt/matris${query}" data-refresh-seconds="${options.refreshSeconds}">
${matrixHtml(model)}
</div>
<noscript><p>Sidan uppdateras av sig själv när JavaScript är påslaget; ladda annars om sidan.</p></noscript>`;
}

// ------------------------------------------------------------------ CSV (ärendebalanslista)

export interface BalanceRow {
  dnr: string;
  title: string;
  party: string;
  state: string;
  lastDay?: string;
  days?: number;
}

function csvField(value: string): string {
  // Quote every field that needs it; text with a leading =, +, - or @ is prefixed so Excel never
  // runs it as a formula (a plain number such as -13 stays a number).
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+$/.test(value) ? `'${value}` : value;
  return /[";\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The ärendebalanslista as Swedish Excel opens it with a double-click: UTF-8 with a byte-order mark
 * (else Excel reads it as Windows-1252 and å/ä/ö break), `;` as separator (Swedish Excel's list
 * separator, since `,` is the decimal comma), CRLF line ends.
 */
export function balanceCsv(rows: readonly BalanceRow[]): string {
  const header = ['Dnr', 'Rubrik', 'Part', 'Läge', 'Sista dag', 'Dagar kvar (negativt: dagar sen)'];
  const lines = [header, ...rows.map((r) => [r.dnr, r.title, r.party, r.state, r.lastDay ?? '', r.days === undefined ? '' : String(r.days)])];
  return '\uFEFF' + lines.map((line) => line.map(csvField).join(';')).join('\r\n') + '\r\n';
}

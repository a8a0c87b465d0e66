// The overview page: filters (GET parameters, labelled controls) and a page of the matrix of
// cases × huvudmän (PAGE_SIZE cases; "Föregående"/"Nästa" keep the filter), each cell a colour and
// a word with its countdown. The matrix with its summary and page navigation is also served alone
// as a fragment, which /assets/app.js fetches every `refreshSeconds` to refresh it in place.
import { html, type SafeHtml } from './html';
import { TRACK_STATE_WORDS, counted } from '../../domain/words';
import { STAGE_LABELS, pageCount, showingText, swedishNumber, type Cell, type OverviewModel, type BalanceRow } from './overview-data';

/** Cases on one page of the overview. */
export const PAGE_SIZE = 50;

export interface OverviewFilter {
  stage?: string;
  party?: string;
  overdue?: 'true';
  q?: string;
  /** Cases whose next date falls before this day (YYYY-MM-DD). */
  deadlineBefore?: string;
  /** Closed (completed, withdrawn) cases too. */
  includeClosed?: 'true';
}

/** The filter (and a page other than the first) in a query string, for the fragment URL, the page links and the CSV link. */
export function filterQuery(filter: OverviewFilter, page = 1): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value);
  if (page > 1) params.set('sida', String(page));
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

/** The whole read model's figures: what the header says whatever the filter. */
function totalsHtml(model: OverviewModel): SafeHtml {
  const t = model.totals;
  if (!t) return html``;
  return html`<p class="totals">Öppna ärenden: <strong>${swedishNumber(t.openCases)}</strong>${t.overdueCases ? html`, varav ${swedishNumber(t.overdueCases)} med försenade beslut` : ''}. Huvudmännens beslut som inte är klara: ${swedishNumber(t.outstandingTracks)}${t.overdueTracks ? `, varav ${swedishNumber(t.overdueTracks)} försenade` : ''}.</p>`;
}

/** "Föregående" / "Nästa" and where the page is; links keep the filter. Rendered above and below the matrix. */
export function pagerHtml(model: OverviewModel, filter: OverviewFilter, where: 'ovan' | 'nedan'): SafeHtml {
  const { page } = model.paging;
  const pages = pageCount(model.paging);
  if (pages <= 1) return html``;
  const link = (to: number, label: string, rel: 'prev' | 'next') =>
    html`<a href="/${filterQuery(filter, to)}" rel="${rel}">${label}</a>`;
  const off = (label: string) => html`<span class="off" aria-disabled="true">${label}</span>`;
  return html`<nav class="pager" aria-label="Sidor ${where}">${page > 1 ? link(page - 1, 'Föregående', 'prev') : off('Föregående')} <span class="where">Sida ${swedishNumber(page)} av ${swedishNumber(pages)}</span> ${page < pages ? link(page + 1, 'Nästa', 'next') : off('Nästa')}</nav>`;
}

/** The matrix with its summary and page navigation: what the page shows under the filters and what the refresh replaces. */
export function matrixHtml(model: OverviewModel, options: { partyLinks?: boolean; filter?: OverviewFilter } = {}): SafeHtml {
  const names = new Map(model.parties.map((p) => [p.id, p.name]));
  const filter = options.filter ?? {};
  if (model.rows.length === 0) return html`${totalsHtml(model)}<p class="empty">Inga ärenden matchar filtret.</p>`;
  const overdue = model.counts.overdue;
  return html`${totalsHtml(model)}<p class="summary">${showingText(model.paging)} ${model.paging.total === 1 ? 'ärende' : 'ärenden'}${overdue ? html`; på sidan <strong>${counted(overdue, 'försenat beslut', 'försenade beslut')}</strong>` : ''}. Dagens datum ${model.today}.</p>
${pagerHtml(model, filter, 'ovan')}
<div class="table-wrap" tabindex="0" role="region" aria-label="Ärenden och huvudmän">
<table class="matrix">
<caption class="visually-hidden">Ärenden (rader) och huvudmännens beslutsläge (kolumner), ${showingText(model.paging).toLowerCase()}</caption>
<thead><tr><th scope="col">Ärende</th><th scope="col">Läge</th>${model.parties.map((p) => html`<th scope="col" class="party">${options.partyLinks === false ? p.name : html`<a href="/part/${encodeURIComponent(p.id)}">${p.name}</a>`}</th>`)}</tr></thead>
<tbody>
${model.rows.map(
  (row) => html`<tr data-dnr="${row.dnr}"><th scope="row"><a href="/arende/${row.slug}">${row.dnr}</a><br><span class="title">${row.title}</span></th><td class="stage">${row.stageLabel}${row.deadline ? html`<br><span class="deadline">${row.deadline.what} ${row.deadline.date}</span>${row.deadline.countdown ? html`, ${countdownHtml(row.deadline.date, row.deadline.countdown)}` : ''}${row.deadline.then ? html`, ${row.deadline.then}` : ''}` : ''}</td>${row.cells.map((c) => cellHtml(c, names.get(c.party) ?? c.party))}</tr>
`,
)}</tbody>
</table>
</div>
${pagerHtml(model, filter, 'nedan')}`;
}

export function filtersHtml(filter: OverviewFilter, parties: readonly { id: string; name: string }[]): SafeHtml {
  const option = (value: string, label: string, selected: string | undefined) =>
    value === (selected ?? '') ? html`<option value="${value}" selected>${label}</option>` : html`<option value="${value}">${label}</option>`;
  const check = (id: string, name: string, on: boolean, label: string) =>
    html`<div class="field check"><input id="${id}" name="${name}" type="checkbox" value="true"${on ? html` checked` : ''}><label for="${id}">${label}</label></div>`;
  return html`<form class="filters" method="get" action="/" role="search" aria-label="Filtrera ärenden">
<div class="field"><label for="f-q">Dnr eller rubrik</label><input id="f-q" name="q" type="search" value="${filter.q ?? ''}" maxlength="200"></div>
<div class="field"><label for="f-stage">Läge</label><select id="f-stage" name="stage">${option('', filter.includeClosed ? 'Alla' : 'Alla öppna', filter.stage)}${Object.entries(STAGE_LABELS).map(([v, l]) => option(v, l, filter.stage))}</select></div>
<div class="field"><label for="f-party">Huvudman som inte är klar</label><select id="f-party" name="party">${option('', 'Alla', filter.party)}${parties.map((p) => option(p.id, p.name, filter.party))}</select></div>
<div class="field"><label for="f-before">Nästa datum före</label><input id="f-before" name="deadlineBefore" type="date" value="${filter.deadlineBefore ?? ''}"></div>
${check('f-overdue', 'overdue', Boolean(filter.overdue), 'Bara ärenden med försenade beslut')}
${check('f-closed', 'includeClosed', Boolean(filter.includeClosed), 'Visa även avslutade ärenden')}
<div class="actions"><button type="submit">Filtrera</button> <a href="/">Rensa filter</a></div>
</form>`;
}

export function overviewBody(model: OverviewModel, filter: OverviewFilter, options: { refreshSeconds: number }): SafeHtml {
  return html`<h1>Översikt</h1>
${filtersHtml(filter, model.parties)}
<p class="tools"><a href="/oversikt.csv${filterQuery(filter)}" download>Ladda ner ärendebalanslistan (CSV)</a></p>
<p class="legend" aria-label="Förklaring">${(['requested', 'overdue', 'decided', 'justerat', 'anslag', 'laga-kraft', 'rejected', 'appealed', 'closed'] as const).map(
    (s) => html`<span class="cell s-${s}"><span class="word">${TRACK_STATE_WORDS[s]}</span></span> `,
  )}</p>
<p id="refresh-status" class="refresh-status" role="status" aria-live="polite"></p>
<div id="matris" data-refresh-url="/oversikt/matris${filterQuery(filter, model.paging.page)}" data-refresh-seconds="${options.refreshSeconds}">
${matrixHtml(model, { filter })}
</div>
<noscript><p>Sidan uppdateras av sig själv när JavaScript är påslaget; ladda annars om sidan.</p></noscript>`;
}

// ------------------------------------------------------------------ CSV (ärendebalanslista)

export type { BalanceRow };

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
  return balanceCsvHead() + balanceCsvLines(rows);
}

/** The byte-order mark and the header line: what the streamed list starts with. */
export function balanceCsvHead(): string {
  return '\uFEFF' + csvLine(['Dnr', 'Rubrik', 'Part', 'Läge', 'Sista dag', 'Dagar kvar (negativt: dagar sen)']);
}

/** Lines (each ending in CRLF), for one chunk of the streamed list. */
export function balanceCsvLines(rows: readonly BalanceRow[]): string {
  return rows.map((r) => csvLine([r.dnr, r.title, r.party, r.state, r.lastDay ?? '', r.days === undefined ? '' : String(r.days)])).join('');
}

function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(';') + '\r\n';
}

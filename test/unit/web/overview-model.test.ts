// The overview's view model (client/web/overview-data.ts) from read-model rows (the ninePartyCase
// fixtures as the store returns them), its paging, the GET parameters it reads
// (client/web/overview-routes.ts) and the page navigation it renders (client/web/overview.ts).
import { balanceRowsOf, buildOverview, caseDeadline, countdown, pageCount, showingText } from '../../../client/web/overview-data';
import { PAGE_SIZE, balanceCsv, filterQuery, matrixHtml } from '../../../client/web/overview';
import { caseFilter, parseFilter, parsePage } from '../../../client/web/overview-routes';
import type { IsoDate } from '../../../domain/dates';
import { NINE_PARTIES, dnrOf, ninePartyCase, storedRows } from '../../helpers/read-model';

const today = '2026-03-20' as IsoDate;
const parties = NINE_PARTIES.map(([id, name]) => ({ id, name }));
const partyIds = parties.map((p) => p.id);
const rows = (...shapes: Parameters<typeof ninePartyCase>[0][]) => storedRows(shapes.flatMap((s) => ninePartyCase(s)));

describe('the overview model from read-model rows', () => {
  test('one cell per huvudman in registry order: the word, the countdown to its date; a party not asked is "–"', () => {
    // RS/1: senast 2026-03-10 passed, Krokom and Östersund overdue, Region final; only six tracks projected.
    const { cases, tracks } = rows({ n: 1, senast: '2026-03-10', overdue: [1, 2], final: [0] });
    const model = buildOverview({ cases, tracks: tracks.slice(0, 6), parties, today });
    const [row] = model.rows;
    expect(row).toMatchObject({ dnr: dnrOf(1), slug: 'RS-1-2026', stageLabel: 'beslutat, ej justerat', overdueCount: 2 });
    expect(row!.cells.slice(0, 3)).toEqual([
      { party: 'region', state: 'laga-kraft', word: 'laga kraft' },
      { party: 'krokom', state: 'overdue', word: 'försenad', deadline: '2026-03-10', countdown: { days: -10, text: '10 dagar sen' } },
      { party: 'ostersund', state: 'overdue', word: 'försenad', deadline: '2026-03-10', countdown: { days: -10, text: '10 dagar sen' } },
    ]);
    expect(row!.cells[3]).toEqual({ party: 'are', state: 'requested', word: 'begärd', deadline: '2026-03-10', countdown: { days: -10, text: '10 dagar sen' } });
    expect(row!.cells.slice(6).map((c) => c.word)).toEqual(['–', '–', '–']);
    expect(model.counts).toEqual({ 'laga-kraft': 1, overdue: 2, requested: 3, none: 3 });
    expect(row!.deadline).toEqual({ what: 'sista dag för huvudmännens beslut', date: '2026-03-10', then: 'passerad för 10 dagar sedan' });
  });

  test("an overdue track without a next deadline counts from its own senast; the detail's word wins", () => {
    const { cases, tracks } = rows({ n: 2, senast: '2026-03-25', overdue: [1] });
    const krokom = { ...tracks[1]!, nextDeadline: null, senast: '2026-03-18' as IsoDate };
    const reminded = { ...tracks[2]!, detail: 'reminded' as const };
    const model = buildOverview({ cases, tracks: [krokom, reminded], parties: parties.slice(1, 3), today });
    expect(model.rows[0]!.cells).toEqual([
      { party: 'krokom', state: 'overdue', word: 'försenad', deadline: '2026-03-18', countdown: { days: -2, text: '2 dagar sen' } },
      { party: 'ostersund', state: 'requested', word: 'påmind', deadline: '2026-03-25', countdown: { days: 5, text: '5 dagar kvar' } },
    ]);
  });

  test("the case's Läge: the appeal period once every asked track is final, not while one is still to start", () => {
    const anslag = { stage: 'anslag' as const, nextDeadline: '2026-03-24' as IsoDate };
    expect(caseDeadline(anslag, false, today)).toEqual({ what: 'sista dag att överklaga', date: '2026-03-24', countdown: countdown(today, '2026-03-24' as IsoDate), then: 'laga kraft 2026-03-25' });
    expect(caseDeadline(anslag, true, today)?.what).toBe('sista dag för huvudmännens beslut');
    expect(caseDeadline({ stage: 'registered', nextDeadline: '2026-03-19' as IsoDate }, true, today)).toEqual({ what: 'sammanträde', date: '2026-03-19', then: 'beslutet är inte registrerat än' });
    expect(caseDeadline({ stage: 'completed', nextDeadline: null }, false, today)).toBeUndefined();

    const all = [0, 1, 2, 3, 4, 5, 6, 7, 8];
    const done = rows({ n: 3, final: all, stage: 'anslag' });
    const doneCase = { ...done.cases[0]!, nextDeadline: '2026-03-24' as IsoDate };
    expect(buildOverview({ cases: [doneCase], tracks: done.tracks, parties, today }).rows[0]!.deadline?.what).toBe('sista dag att överklaga');
    // Nine asked, eight projected so far: one is still to come.
    expect(buildOverview({ cases: [doneCase], tracks: done.tracks.slice(1), parties, today }).rows[0]!.deadline?.what).toBe('sista dag för huvudmännens beslut');
  });

  test('the ärendebalanslista lines: only tracks not final, in case order then registry order, named from the registry', () => {
    const { cases, tracks } = rows({ n: 5, senast: '2026-03-10', overdue: [1], final: [0, 2, 3, 4, 5, 6, 7] }, { n: 4, senast: '2026-04-01', final: [0, 1, 2, 3, 4, 5, 6, 7] });
    const shuffled = [...tracks].reverse();
    const lines = balanceRowsOf(cases, shuffled, [{ id: 'stromsund', name: 'Strömsund (registret)' }, ...parties.filter((p) => p.id !== 'stromsund')], today);
    expect(lines).toEqual([
      { dnr: dnrOf(5), title: 'Ärende nummer 5 om samverkan', party: 'Strömsund (registret)', state: 'begärd', lastDay: '2026-03-10', days: -10 },
      { dnr: dnrOf(5), title: 'Ärende nummer 5 om samverkan', party: 'Krokoms kommun', state: 'försenad', lastDay: '2026-03-10', days: -10 },
      { dnr: dnrOf(4), title: 'Ärende nummer 4 om samverkan', party: 'Strömsund (registret)', state: 'begärd', lastDay: '2026-04-01', days: 12 },
    ]);
    // A party not in the registry still has its line, under the name its track row carries.
    expect(balanceRowsOf(cases.slice(0, 1), tracks, [], today).map((l) => l.party)).toEqual(['Krokoms kommun', 'Strömsunds kommun']);
    expect(balanceCsv(lines).split('\r\n')).toHaveLength(1 + 3 + 1);
  });
});

describe('paging', () => {
  test('page count and "Visar a–b av n", numbers grouped the Swedish way', () => {
    expect(PAGE_SIZE).toBe(50);
    expect([0, 1, 50, 51, 120, 10_000].map((total) => pageCount({ size: 50, total }))).toEqual([1, 1, 1, 2, 3, 200]);
    expect(showingText({ page: 1, size: 50, total: 120 })).toBe('Visar 1–50 av 120');
    expect(showingText({ page: 3, size: 50, total: 120 })).toBe('Visar 101–120 av 120');
    expect(showingText({ page: 1, size: 50, total: 10_000 })).toBe('Visar 1–50 av 10\u00a0000');
    expect(showingText({ page: 1, size: 50, total: 0 })).toBe('Visar 0 av 0');
  });

  test('the page navigation keeps the filter; no link before the first page or after the last', () => {
    const { cases, tracks } = rows({ n: 1 });
    const filter = { overdue: 'true' as const, q: 'nämnd' };
    const at = (page: number) => matrixHtml(buildOverview({ cases, tracks, parties, today, paging: { page, size: 50, total: 120 } }), { filter }).value;
    const first = at(1);
    expect(first).toContain('Visar 1–50 av 120 ärenden');
    expect(first).toContain('<a href="/?overdue=true&amp;q=n%C3%A4mnd&amp;sida=2" rel="next">Nästa</a>');
    expect(first).toContain('<span class="off" aria-disabled="true">Föregående</span>');
    expect(first.match(/<nav class="pager"/g)).toHaveLength(2);
    const last = at(3);
    expect(last).toContain('<a href="/?overdue=true&amp;q=n%C3%A4mnd&amp;sida=2" rel="prev">Föregående</a>');
    expect(last).toContain('<span class="off" aria-disabled="true">Nästa</span>');
    expect(last).toContain('Sida 3 av 3');
    // The first page's link carries no page number; one page needs no navigation.
    expect(at(2)).toContain('<a href="/?overdue=true&amp;q=n%C3%A4mnd" rel="prev">');
    expect(matrixHtml(buildOverview({ cases, tracks, parties, today })).value).not.toContain('class="pager"');
  });

  test('the header counts are the whole read model\'s, whatever the page shows', () => {
    const { cases, tracks } = rows({ n: 1 });
    const totals = { openCases: 10_000, overdueCases: 1_234, outstandingTracks: 84_000, overdueTracks: 3_012 };
    expect(matrixHtml(buildOverview({ cases, tracks, parties, today, totals })).value)
      .toContain('Öppna ärenden: <strong>10\u00a0000</strong>, varav 1\u00a0234 med försenade beslut. Huvudmännens beslut som inte är klara: 84\u00a0000, varav 3\u00a0012 försenade.');
    expect(matrixHtml(buildOverview({ cases: [], tracks: [], parties, today, totals })).value).toContain('Inga ärenden matchar filtret.');
  });
});

describe('the GET parameters', () => {
  test('known values are kept, unknown ones dropped; the page is a positive number, else the first', () => {
    expect(parseFilter({ stage: 'justerat', party: 'krokom', overdue: 'true', q: '  nämnd ', deadlineBefore: '2026-04-01', includeClosed: 'true' }, partyIds))
      .toEqual({ stage: 'justerat', party: 'krokom', overdue: 'true', q: 'nämnd', deadlineBefore: '2026-04-01', includeClosed: 'true' });
    expect(parseFilter({ stage: 'toString', party: 'okand', overdue: 'ja', q: ['a', 'b'], deadlineBefore: '2026-02-30', includeClosed: '1' }, partyIds)).toEqual({});
    expect(parseFilter({ q: 'x'.repeat(300) }, partyIds).q).toHaveLength(200);
    expect([undefined, '2', '0', '-1', 'tre', '1.5', '99999999'].map((sida) => parsePage({ sida }))).toEqual([1, 2, 1, 1, 1, 1, 1]);
    expect(filterQuery({ party: 'krokom' }, 1)).toBe('?party=krokom');
    expect(filterQuery({}, 4)).toBe('?sida=4');
  });

  test("the read model's filter: open cases unless asked; the party is one not done; a Dnr's slug is its Dnr", () => {
    expect(caseFilter({})).toEqual({ open: true });
    expect(caseFilter({ includeClosed: 'true' })).toEqual({});
    expect(caseFilter({ stage: 'completed' })).toEqual({ stage: 'completed' });
    expect(caseFilter({ party: 'krokom', overdue: 'true', deadlineBefore: '2026-04-01', q: 'rs-62-2026' }))
      .toEqual({ waitingFor: 'krokom', overdue: true, deadlineBefore: '2026-04-01', text: 'RS/62/2026', open: true });
    expect(caseFilter({ q: 'Hjälpmedel' })).toEqual({ text: 'Hjälpmedel', open: true });
  });
});

// The web lists over real HTTP (the whole stack: dev server, worker, HTTP server), read from the
// read model, which this test loads directly with ninePartyCase fixtures (no workflows: the lists
// read nothing else). 120 open cases and 5 closed ones: the overview's pages and filters, the
// header counts, the self-refresh fragment, the streamed ärendebalanslista, the per-party pages.
import type { Projection } from '../../domain/read-model';
import { PAGE_SIZE } from '../../client/web/overview';
import { PARTY_PAGE_SIZE } from '../../client/web/overview-routes';
import { listCases } from '../../readmodel/queries';
import { bulkLoad, dnrOf, ninePartyCase } from '../helpers/read-model';
import { startWebStack, type WebStack } from '../helpers/web-stack';
import { webClient, type WebClient } from '../helpers/web-session';
import { STACK_START_TIMEOUT_MS, STACK_STOP_TIMEOUT_MS } from '../helpers/teardown';

jest.setTimeout(60_000);

const OPEN = 120;
const CLOSED = 5;
const ALL = [0, 1, 2, 3, 4, 5, 6, 7, 8];
// Party indexes in NINE_PARTIES: 1 = krokom, 2 = ostersund.
const KROKOM = 1;

/** Krokom: final in every 20th case, decided (waiting for justering) in every 20th from the 10th. */
function openCase(n: number): Projection[] {
  const projections = ninePartyCase({
    n,
    title: n % 4 === 0 ? `Särskild samverkan nummer ${n}` : `Ärende nummer ${n} om samverkan`,
    // Every second case: Östersund overdue (its senast passed); Krokom too in every sixth.
    overdue: n % 6 === 0 ? [2, KROKOM] : n % 2 === 0 ? [2] : [],
    final: n % 20 === 0 ? [KROKOM] : [],
    ...(n % 2 === 0 ? { senast: '2026-02-01' } : {}),
    stage: n % 3 === 0 ? 'justerat' : 'rsr-decided',
  });
  if (n % 20 !== 10) return projections;
  return projections.map((p) => (p.track?.party === 'krokom' ? { ...p, track: { ...p.track, state: 'decided', detail: 'decided', nextDeadline: undefined, overdueSince: undefined } } : p));
}

const fixtures = [
  ...Array.from({ length: OPEN }, (_, i) => openCase(i + 1)),
  ...Array.from({ length: CLOSED }, (_, i) => ninePartyCase({ n: OPEN + 1 + i, final: ALL, stage: 'completed' })),
];
const rowsIn = (text: string) => [...text.matchAll(/<tr data-dnr="([^"]+)"/g)].map((m) => m[1]!);

let stack: WebStack;
let manager: WebClient;
/** Every open case in the overview's order (the read model's listCases order). */
let order: string[];

beforeAll(async () => {
  stack = await startWebStack();
  await bulkLoad(stack.readModel, fixtures.flat());
  manager = await webClient(stack.base, stack.tokens.manager);
  order = (await listCases(stack.readModel, { open: true }, { limit: 1000, offset: 0 })).rows.map((r) => r.dnr);
}, STACK_START_TIMEOUT_MS);

afterAll(async () => {
  await stack?.stop();
}, STACK_STOP_TIMEOUT_MS);

const get = async (path: string, client: WebClient = manager) => {
  const response = await client.request('GET', path);
  expect(response.status).toBe(200);
  return response.text;
};

describe('the overview, paged', () => {
  test(`${OPEN} open cases: pages of ${PAGE_SIZE}, ${PAGE_SIZE}, ${OPEN - 2 * PAGE_SIZE}, in order, none repeated; Swedish navigation`, async () => {
    expect(order).toHaveLength(OPEN);
    const first = await get('/');
    expect(rowsIn(first)).toEqual(order.slice(0, 50));
    expect(first).toContain('Visar 1–50 av 120 ärenden');
    expect(first).toContain('<a href="/?sida=2" rel="next">Nästa</a>');
    expect(first).toContain('<span class="off" aria-disabled="true">Föregående</span>');
    expect(first).toContain('data-refresh-url="/oversikt/matris"');
    const second = await get('/?sida=2');
    expect(rowsIn(second)).toEqual(order.slice(50, 100));
    expect(second).toContain('<a href="/" rel="prev">Föregående</a>');
    const third = await get('/?sida=3');
    expect(rowsIn(third)).toEqual(order.slice(100));
    expect(rowsIn(third)).toHaveLength(20);
    expect(third).toContain('Visar 101–120 av 120 ärenden');
    expect(third).toContain('Sida 3 av 3');
    expect(third).toContain('<span class="off" aria-disabled="true">Nästa</span>');
    // The self-refresh fetches the page it is on.
    expect(third).toContain('data-refresh-url="/oversikt/matris?sida=3"');
    // Past the end (the list shrank since the link was made): the last page.
    expect(rowsIn(await get('/?sida=9'))).toEqual(order.slice(100));
  });

  test('the self-refresh fragment is the same page of the matrix, without the layout', async () => {
    const fragment = await get('/oversikt/matris?sida=3');
    expect(rowsIn(fragment)).toEqual(order.slice(100));
    expect(fragment).not.toContain('<html');
    expect(fragment).toContain('Visar 101–120 av 120 ärenden');
  });

  test("the header's counts are the whole read model's, on every page and filter", async () => {
    // Open: 120; with an overdue party: every second; not final: 9 a case, less Krokom's every 20th; overdue: Östersund in 60,
    // Krokom in every sixth (20) less those final (60, 120) or decided (30, 90).
    const header = 'Öppna ärenden: <strong>120</strong>, varav 60 med försenade beslut. Huvudmännens beslut som inte är klara: 1\u00a0074, varav 76 försenade.';
    expect(await get('/')).toContain(header);
    expect(await get('/?q=ingenting-matchar')).toContain(header);
  });

  test('the cells are the track rows of the cases on the page', async () => {
    const page = await get('/?q=RS-12-2026');
    expect(rowsIn(page)).toEqual([dnrOf(12)]);
    const cell = (party: string) => new RegExp(`<td class="cell s-(\\w[\\w-]*)" data-party="${party}"[^>]*><span class="word">([^<]+)</span>`).exec(page)?.slice(1);
    expect(cell('krokom')).toEqual(['overdue', 'försenad']);
    expect(cell('ostersund')).toEqual(['overdue', 'försenad']);
    expect(cell('berg')).toEqual(['requested', 'begärd']);
    // RS/10: Krokom decided; RS/20: final.
    expect(/data-party="krokom"[^>]*><span class="word">beslutad</.test(await get('/?q=RS-10-2026'))).toBe(true);
    expect(/data-party="krokom"[^>]*><span class="word">laga kraft</.test(await get('/?q=RS-20-2026'))).toBe(true);
  });

  test('filters: overdue, a party not done, text, next date before, stage, closed cases; the page links keep them', async () => {
    const overdue = await get('/?overdue=true');
    expect(overdue).toContain('Visar 1–50 av 60 ärenden');
    expect(overdue).toContain('<a href="/?overdue=true&amp;sida=2" rel="next">Nästa</a>');
    expect(overdue).toContain('data-refresh-url="/oversikt/matris?overdue=true"');
    expect(overdue).toContain('href="/oversikt.csv?overdue=true"');
    expect(rowsIn(await get('/?overdue=true&sida=2'))).toEqual(order.filter((d) => Number(d.split('/')[1]) % 2 === 0).slice(50));
    // Krokom is done (final) in every 20th case.
    expect(await get('/?party=krokom')).toContain('av 114 ärenden');
    const text = await get('/?q=s%C3%A4rskild');
    expect(text).toContain('av 30 ärenden');
    expect(rowsIn(text).every((d) => Number(d.split('/')[1]) % 4 === 0)).toBe(true);
    // Every even case's senast is 2026-02-01 (its next date while a party is open).
    expect(await get('/?deadlineBefore=2026-02-02')).toContain('av 60 ärenden');
    expect(await get('/?deadlineBefore=2026-02-02&overdue=true&party=krokom&q=s%C3%A4rskild&stage=justerat')).toContain('Visar 1–8 av 8 ärenden');
    expect(rowsIn(await get('/?stage=completed'))).toHaveLength(CLOSED);
    const everything = await get('/?includeClosed=true&sida=3');
    expect(everything).toContain('Visar 101–125 av 125 ärenden');
    expect(everything).toContain('<a href="/?includeClosed=true&amp;sida=2" rel="prev">');
    // The filter form shows what is chosen.
    expect(everything).toMatch(/<input id="f-closed" name="includeClosed" type="checkbox" value="true" checked>/);
    expect(await get('/?deadlineBefore=2026-02-02')).toContain('name="deadlineBefore" type="date" value="2026-02-02"');
    // Unknown values are dropped: the unfiltered list.
    expect(await get('/?deadlineBefore=igår&stage=okand&party=okand&sida=x')).toContain('Visar 1–50 av 120 ärenden');
  });
});

describe('the ärendebalanslista (CSV)', () => {
  const csv = async (query = '') => {
    const response = await fetch(`${stack.base}/oversikt.csv${query}`, { headers: { authorization: `Bearer ${stack.tokens.manager}` } });
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    // UTF-8 with its byte-order mark, for Swedish Excel (fetch's text() would drop it).
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    return { response, lines: text.trimEnd().split('\r\n') };
  };

  test('every open case, streamed: the header, one line per decision not final, in the overview order', async () => {
    const { response, lines } = await csv();
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="arendebalanslista-\d{4}-\d{2}-\d{2}\.csv"$/);
    // Streamed: no length known up front.
    expect(response.headers.get('content-length')).toBeNull();
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    expect(lines[0]).toBe('Dnr;Rubrik;Part;Läge;Sista dag;Dagar kvar (negativt: dagar sen)');
    expect(lines).toHaveLength(1 + 1074);
    const dnrs = [...new Set(lines.slice(1).map((l) => l.split(';')[0]!))];
    expect(dnrs).toEqual(order);
    expect(lines).toContainEqual(expect.stringMatching(/^RS\/12\/2026;Särskild samverkan nummer 12;Krokoms kommun;försenad;2026-02-01;-\d+$/));
    expect(lines).toContainEqual(expect.stringMatching(/^RS\/10\/2026;Ärende nummer 10 om samverkan;Krokoms kommun;beslutad;;$/));
    // A party not in the registry keeps its line, under its track row's name.
    expect(lines.filter((l) => l.startsWith('RS/1/2026;')).map((l) => l.split(';')[2])).toContain('Region Jämtland Härjedalen');
  });

  test("with the overview's filter; `party`: only that party's lines", async () => {
    expect((await csv('?overdue=true')).lines).toHaveLength(1 + 60 * 9 - 6);
    const krokom = (await csv('?party=krokom')).lines.slice(1);
    expect(krokom).toHaveLength(OPEN - 6);
    expect(krokom.every((l) => l.split(';')[2] === 'Krokoms kommun')).toBe(true);
    expect((await csv('?stage=completed')).lines).toEqual(['Dnr;Rubrik;Part;Läge;Sista dag;Dagar kvar (negativt: dagar sen)']);
  });
});

describe('the per-party pages', () => {
  test('/part: what each huvudman has to decide, counted by the read model', async () => {
    const page = await get('/part');
    const row = (name: string) => new RegExp(`${name}</a></th><td>([^<]+)</td><td>([^<]+)</td>`).exec(page)?.slice(1);
    // Krokom: 120 less 6 final and 6 decided; overdue in every sixth case less 60, 120 (final) and 30, 90 (decided).
    expect(row('Krokoms kommun')).toEqual(['108', '16']);
    expect(row('Östersunds kommun')).toEqual(['120', '60']);
    expect(row('Bergs kommun')).toEqual(['120', '0']);
  });

  test(`/part/krokom: the decisions to make (${PARTY_PAGE_SIZE} a page, nearest date first) and those waiting after the decision`, async () => {
    const page = await get('/part/krokom');
    expect(page).toContain('<h1>Krokoms kommun</h1>');
    expect(page).toContain('108 ärenden att besluta, varav 16 försenade.');
    const [toDecide, waiting] = page.split('<h2>Beslutat, väntar på justering, anslag eller laga kraft</h2>');
    expect(rowsIn(toDecide!)).toHaveLength(PARTY_PAGE_SIZE);
    expect(toDecide).toContain('Visar 1–100 av 108');
    expect(toDecide).toContain('<a href="/part/krokom?sida=2" rel="next">Nästa</a>');
    // The passed date (every even case's 2026-02-01: 60 less 6 final and 6 decided) comes first.
    const even = rowsIn(toDecide!).map((d) => Number(d.split('/')[1]) % 2 === 0);
    expect(even.slice(0, 48).every(Boolean)).toBe(true);
    expect(even.slice(48).some(Boolean)).toBe(false);
    expect(rowsIn(waiting!).sort()).toEqual([10, 30, 50, 70, 90, 110].map(dnrOf).sort());
    const next = await get('/part/krokom?sida=2');
    expect(rowsIn(next.split('<h2>Beslutat')[0]!)).toHaveLength(8);
    expect(next).toContain('<a href="/part/krokom" rel="prev">Föregående</a>');
  });

  test("a registrator reaches its own party's page, not another's", async () => {
    const krokom = await webClient(stack.base, stack.tokens.krokom);
    expect(await get('/part/krokom', krokom)).toContain('108 ärenden att besluta');
    expect((await krokom.request('GET', '/part/ostersund')).status).toBe(403);
    expect((await krokom.request('GET', '/')).status).toBe(403);
  });
});

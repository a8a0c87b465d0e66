// GET /api/v1/cases and GET /api/v1/outstanding from the read model (issue 13), over real HTTP: a
// fastify app with the API plugin and a TemporalCaseGateway whose read model is filled with 9-party
// fixtures (no Temporal, no worker: the lists never ask it). Every filter, the paging, what leaves the
// API (never the store's own columns), the registrator's scope, and `arende outstanding` through it.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Client } from '@temporalio/client';
import { AccessControl, parseApiTokens } from '../../../client/api/access';
import { apiPlugin } from '../../../client/api/plugin';
import { TemporalCaseGateway } from '../../../client/api/temporal-gateway';
import { installAccessCheck } from '../../../client/http/access-hook';
import { run } from '../../../client/cli/main';
import { daysBetween, stockholmInstant, type IsoDate } from '../../../domain/dates';
import { applyProjection } from '../../../readmodel/apply';
import { openReadModel, type ReadModel } from '../../../readmodel/open';
import { registry } from '../../workflow/support';
import { dnrOf, ninePartyCase } from '../../helpers/read-model';

const NOW = stockholmInstant('2026-02-15' as IsoDate, 12);
const TOKENS = { manager: 'manager-token-for-list-tests', krokom: 'krokom-token-for-list-tests' };

let dir: string;
let db: ReadModel;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arende-lists-'));
  db = await openReadModel({ kind: 'embedded', file: path.join(dir, 'readmodel.sqlite') });
  const cases = [
    ninePartyCase({ n: 1, title: 'Hjälpmedel för barn', senast: '2026-03-01' }),
    ninePartyCase({ n: 2, title: 'Gemensam nämnd för IT i Östersund', overdue: [1, 2], senast: '2026-02-10', stage: 'justerat' }),
    ninePartyCase({ n: 3, title: 'Avtal om kollektivtrafik', final: [0, 1, 2, 3, 4, 5, 6, 7, 8], stage: 'completed' }),
    // Krokom (1) is done here: its track is final, the others are not.
    ninePartyCase({ n: 4, title: 'Regional utvecklingsstrategi', overdue: [0], final: [1], senast: '2026-01-20' }),
  ];
  for (const projection of cases.flat()) await applyProjection(db, projection);
  // The client is never used by the lists: a Temporal call would throw.
  const gateway = new TemporalCaseGateway({} as Client, registry, 'lists', db, () => NOW);
  app = Fastify();
  installAccessCheck(app, { huvudmanOf: async () => [] });
  const access = new AccessControl(parseApiTokens(`manager=${TOKENS.manager},registrator/krokom=${TOKENS.krokom}`));
  await app.register(async (scope) => apiPlugin(scope, { cases: gateway, access }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app?.close();
  await db?.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function get(pathAndQuery: string, token: keyof typeof TOKENS = 'manager') {
  const response = await fetch(`${base}${pathAndQuery}`, { headers: { authorization: `Bearer ${TOKENS[token]}` } });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> & { items: Record<string, unknown>[]; total: number; limit: number; offset: number } };
}
const dnrs = async (query: string) => (await get(`/api/v1/cases${query}`)).json.items.map((c) => c.dnr);

describe('GET /api/v1/cases', () => {
  test('open cases, newest RSR meeting first, as a page with the total; pending and overdue from the tracks', async () => {
    const { status, json } = await get('/api/v1/cases');
    expect(status).toBe(200);
    expect(json).toMatchObject({ total: 3, limit: 100, offset: 0 });
    expect(json.items.map((c) => c.dnr)).toEqual([4, 2, 1].map(dnrOf));
    expect(json.items[0]).toEqual({
      dnr: dnrOf(4),
      title: 'Regional utvecklingsstrategi',
      stage: 'rsr-decided',
      rsrMeetingDate: '2026-01-09',
      open: true,
      pending: ['are', 'berg', 'bracke', 'harjedalen', 'ostersund', 'ragunda', 'region', 'stromsund'],
      overdue: ['region'],
      nextDeadline: '2026-01-20',
    });
    // The store's own columns never leave the API.
    expect(Object.keys(json.items[1]!)).not.toEqual(expect.arrayContaining(['search']));
    expect(JSON.stringify(json)).not.toMatch(/workflowId|search|running|startedAt/);
  });

  test('includeClosed=true adds the ended ones (open: false, nobody pending)', async () => {
    const { json } = await get('/api/v1/cases?includeClosed=true');
    expect(json.total).toBe(4);
    expect(json.items.find((c) => c.dnr === dnrOf(3))).toMatchObject({ open: false, stage: 'completed', pending: [], overdue: [] });
    expect(json.items.find((c) => c.dnr === dnrOf(3))).not.toHaveProperty('nextDeadline');
  });

  test('filters: stage, party (its track not final), overdue both ways, deadline before, text over Dnr and title', async () => {
    expect(await dnrs('?stage=justerat')).toEqual([dnrOf(2)]);
    expect(await dnrs('?stage=completed')).toEqual([]);
    expect(await dnrs('?stage=completed&includeClosed=true')).toEqual([dnrOf(3)]);
    // Krokom's track in RS/4 is final: that case no longer waits for Krokom.
    expect(await dnrs('?party=krokom')).toEqual([2, 1].map(dnrOf));
    expect(await dnrs('?party=region')).toEqual([4, 2, 1].map(dnrOf));
    expect(await dnrs('?party=krokom&includeClosed=true')).toEqual([2, 1].map(dnrOf));
    expect(await dnrs('?overdue=true')).toEqual([4, 2].map(dnrOf));
    expect(await dnrs('?overdue=false')).toEqual([dnrOf(1)]);
    expect(await dnrs('?deadlineBefore=2026-02-10')).toEqual([dnrOf(4)]);
    expect(await dnrs('?deadlineBefore=2026-02-11')).toEqual([4, 2].map(dnrOf));
    expect(await dnrs(`?q=${encodeURIComponent('östersund')}`)).toEqual([dnrOf(2)]);
    expect(await dnrs('?q=HJ%C3%84LPMEDEL')).toEqual([dnrOf(1)]);
    expect(await dnrs(`?q=${encodeURIComponent('RS/4/2026')}`)).toEqual([dnrOf(4)]);
    // A Dnr as its URL slug is searched as the Dnr.
    expect(await dnrs('?q=RS-2-2026')).toEqual([dnrOf(2)]);
    expect(await dnrs('?overdue=true&party=ostersund&q=n%C3%A4mnd')).toEqual([dnrOf(2)]);
  });

  test('pages: limit and offset, the total of every match; neither skips nor repeats', async () => {
    const first = (await get('/api/v1/cases?includeClosed=true&limit=3')).json;
    const second = (await get('/api/v1/cases?includeClosed=true&limit=3&offset=3')).json;
    expect([first.total, first.limit, first.offset, second.total, second.offset]).toEqual([4, 3, 0, 4, 3]);
    expect([...first.items, ...second.items].map((c) => c.dnr)).toEqual([4, 3, 2, 1].map(dnrOf));
    expect((await get('/api/v1/cases?offset=10')).json).toMatchObject({ items: [], total: 3, offset: 10 });
  });

  test('bad input: 400 naming the field and the rule, in Swedish', async () => {
    for (const [query, field, rule] of [
      ['limit=0', 'limit', /minst 1/],
      ['limit=1001', 'limit', /högst 1000/],
      ['limit=tio', 'limit', /ett tal|heltal/],
      ['offset=-1', 'offset', /minst 0/],
      ['stage=klar', 'stage', /okänt stadium; ett av: registered/],
      ['deadlineBefore=2026-02-30', 'deadlineBefore', /./],
      ['sort=dnr', 'querystring', /okänt fält: sort/],
    ] as const) {
      const { status, json } = await get(`/api/v1/cases?${query}`);
      expect({ query, status }).toEqual({ query, status: 400 });
      const details = json.details as { path: string; message: string }[];
      expect({ query, detail: details.find((d) => d.path.includes(field)) }).toEqual({ query, detail: { path: expect.stringContaining(field), message: expect.stringMatching(rule) } });
    }
  });

  test("a registrator's list is its own party's, whatever it asks for", async () => {
    expect((await get('/api/v1/cases?party=region', 'krokom')).json.items.map((c) => c.dnr)).toEqual([2, 1].map(dnrOf));
  });
});

describe('GET /api/v1/outstanding', () => {
  test('tracks not final, nearest date first; names, words and days left (Europe/Stockholm) as a page', async () => {
    const { status, json } = await get('/api/v1/outstanding');
    expect(status).toBe(200);
    // RS/4: 8 open, RS/2 and RS/1: 9 each.
    expect(json).toMatchObject({ total: 26, limit: 100, offset: 0 });
    expect(json.items.map((t) => t.nextDeadline)).toEqual([...Array(8).fill('2026-01-20'), ...Array(9).fill('2026-02-10'), ...Array(9).fill('2026-03-01')]);
    expect(json.items[0]).toEqual({
      dnr: dnrOf(4), party: 'are', partyName: 'Åre kommun', state: 'requested', detail: 'requested',
      nextDeadline: '2026-01-20', daysLeft: daysBetween('2026-02-15' as IsoDate, '2026-01-20' as IsoDate), overdue: false,
    });
    expect(json.items.find((t) => t.dnr === dnrOf(2) && t.party === 'krokom')).toMatchObject({ partyName: 'Krokoms kommun', state: 'overdue', overdue: true, daysLeft: -5 });
    expect(JSON.stringify(json)).not.toMatch(/workflowId|overdueSince|organ/);
  });

  test('filters party and overdue (both ways), and pages', async () => {
    const overdue = (await get('/api/v1/outstanding?overdue=true')).json;
    expect(overdue.items.map((t) => `${t.dnr} ${t.party}`)).toEqual([`${dnrOf(4)} region`, `${dnrOf(2)} krokom`, `${dnrOf(2)} ostersund`]);
    expect((await get('/api/v1/outstanding?overdue=false')).json.total).toBe(26 - 3);
    expect((await get('/api/v1/outstanding?party=krokom')).json.items.map((t) => t.dnr)).toEqual([2, 1].map(dnrOf));
    const page = (await get('/api/v1/outstanding?limit=2&offset=1')).json;
    const all = (await get('/api/v1/outstanding')).json;
    expect(page).toMatchObject({ total: 26, limit: 2, offset: 1 });
    expect(page.items).toEqual(all.items.slice(1, 3));
    expect((await get('/api/v1/outstanding?limit=5000')).status).toBe(400);
  });

  test("a registrator sees only its own party's tracks", async () => {
    const { json } = await get('/api/v1/outstanding?party=region', 'krokom');
    expect(json.items.map((t) => t.party)).toEqual(['krokom', 'krokom']);
  });
});

describe('arende outstanding (through the API)', () => {
  async function arende(...args: string[]) {
    let out = '';
    let err = '';
    const code = await run([...args, '--api', base, '--token', TOKENS.manager], { out: (t) => { out += t; }, err: (t) => { err += t; } });
    return { code, out, err };
  }
  const cells = (line: string) => line.split('│').slice(1, -1).map((c) => c.trim());

  test('the whole list when it fits one page: the table and the counts', async () => {
    const { code, out, err } = await arende('outstanding', '--party', 'krokom');
    expect({ code, err }).toEqual({ code: 0, err: '' });
    const lines = out.split('\n');
    expect(cells(lines.find((l) => l.includes('Dnr'))!)).toEqual(['Dnr', 'Part', 'Läge', 'Sista dag', 'Dagar kvar']);
    expect(cells(lines.find((l) => l.includes(dnrOf(2)))!)).toEqual([dnrOf(2), 'Krokoms kommun', 'försenad', '2026-02-10', '-5']);
    expect(out).toMatch(/\n2 utestående, varav 1 försenade\.\n$/);
  });

  test('a page of a longer list says which rows it shows, the late ones in all, and where the next page starts', async () => {
    const { code, out } = await arende('outstanding', '--limit', '5', '--offset', '5');
    expect(code).toBe(0);
    expect(out.split('\n').filter((l) => /RS\/\d+\/2026/.test(l))).toHaveLength(5);
    expect(out).toMatch(/\nVisar 6–10 av 26 utestående, varav 3 försenade; nästa sida: --offset 10\.\n$/);
  });

  test('--json prints the page as the API answers it', async () => {
    const { out } = await arende('outstanding', '--overdue', '--json', '--limit', '2');
    expect(JSON.parse(out)).toMatchObject({ total: 3, limit: 2, offset: 0, items: [{ dnr: dnrOf(4), party: 'region' }, { dnr: dnrOf(2), party: 'krokom' }] });
  });

  test('a bad --limit exits 2 naming the flag', async () => {
    const { code, err } = await arende('outstanding', '--limit', '0');
    expect(code).toBe(2);
    expect(err).toMatch(/^arende outstanding: --limit: ska vara minst 1/);
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_PARTIES_FILE, loadParties } from '../../../config/load-parties';
import { ParsedDocument, parseAgenda } from '../../../domain/documents';

const registry = loadParties(DEFAULT_PARTIES_FILE);
const seed = (name: string) => readFileSync(path.join(__dirname, '../../fixtures/documents', name), 'utf8');
const ALL = ['region-jh', 'berg', 'bracke', 'harjedalen', 'krokom', 'ragunda', 'stromsund', 'are', 'ostersund'];

describe('seed 002: RSR kallelse 2026-01-26', () => {
  const doc = parseAgenda(seed('seed-002-rsr-kallelse-2026-01-26.txt'), registry);

  test('a kallelse of Regionens samverkansråd on 2026-01-26, items 1–6 with their kinds', () => {
    expect(doc.type).toBe('kallelse');
    expect(doc.header.party).toEqual({ value: 'rsr', lines: [3] });
    expect(doc.header.meetingDate).toEqual({ value: '2026-01-26', lines: [5] });
    expect(doc.items.map((i) => [i.fields.number?.value, i.kind])).toEqual([
      [1, 'justerare'], [2, 'fastst-lista'], [3, 'recommendation'], [4, 'paus'], [5, 'information'], [6, 'recommendation'],
    ]);
  });

  test('item 3, RS/62/2026: every field with its lines; "senast besluta" without a date leaves senast missing', () => {
    const item = doc.items[2]!;
    expect(item.fields.dnr).toEqual({ value: 'RS/62/2026', lines: [48] });
    expect(item.fields.title).toEqual({ value: 'Etablering av arbetsgrupp för samarbete inom totalförsörjningsfrågor', lines: [47, 48] });
    expect(item.fields.time).toEqual({ value: '13:25', lines: [50] });
    expect(item.fields.summary?.lines[0]).toBe(52);
    expect(item.fields.summary?.value).toMatch(/^Region Jämtland Härjedalen, länets kommuner och länsstyrelsen har behov av att\nbedriva/);
    expect(item.fields.forslagTillBeslut).toEqual({
      value: ['Delta i det aktörsgemensamma arbetet', 'Avdela personal till arbetsgruppen', 'Avdela direktör/länsråd till styrgruppen'],
      lines: [75, 76, 77],
    });
    expect(item.fields.huvudman).toEqual({ value: ALL, lines: [72, 73] });
    expect(item.fields.expedierasTill?.value).toEqual([
      'Regionstyrelsen Region Jämtland Härjedalen',
      'Kommunstyrelser i länets kommuner',
      'Tomas Jonsson, kommundirektör i Krokoms kommun',
      'Gemensam nämnd avseende samordnad upphandling, lagerhållning och distribution av sjukvårdsprodukter',
    ]);
    expect(item.fields.beslutsunderlag).toEqual({ value: ['Tjänsteskrivelse om försörjningsberedskap'], lines: [89] });
    expect(item.fields.senast).toBeUndefined();
    expect(item.missing).toEqual(['senast']);
  });

  test('item 6, HSN/2088/2025: every huvudman asked to approve the plan', () => {
    const item = doc.items[5]!;
    expect(item.fields.dnr?.value).toBe('HSN/2088/2025');
    expect(item.fields.title?.value).toBe('Länshandlingsplan för samverkan gällande psykisk hälsa och suicidprevention 2026–2034');
    expect(item.fields.huvudman?.value).toEqual(ALL);
    expect(item.fields.expedierasTill?.value).toEqual(['Region Jämtland Härjedalen', 'Länets kommuner']);
    expect(item.fields.beslutsunderlag?.value).toHaveLength(3);
    expect(item.missing).toEqual(['senast']);
  });

  test('the output satisfies its schema', () => {
    expect(ParsedDocument.safeParse(doc).success).toBe(true);
  });
});

describe('seed 000: RSR protokoll 2025-05-05', () => {
  const doc = parseAgenda(seed('seed-000-rsr-protokoll-2025-05-05.txt'), registry);

  test('the header: justerad 2025-05-14, anslag 2025-05-15 to 2025-06-09', () => {
    expect(doc.type).toBe('protokoll');
    expect(doc.header.justeringDate).toEqual({ value: '2025-05-14', lines: [65] });
    expect(doc.header.anslagPosted).toEqual({ value: '2025-05-15', lines: [16] });
    expect(doc.header.anslagRemoved).toEqual({ value: '2025-06-09', lines: [19] });
    expect(doc.missing).toEqual([]);
  });

  test('the table of contents is not read as items: §§ 10–14 once each', () => {
    expect(doc.items.map((i) => [i.fields.paragraf?.value, i.kind])).toEqual([
      [10, 'fastst-lista'], [11, 'information'], [12, 'information'], [13, 'recommendation'], [14, 'ovriga-fragor'],
    ]);
  });

  test('§ 13 RS/418/2025 with its beslut, Expedieras till and Beslutsunderlag', () => {
    const item = doc.items[3]!;
    expect(item.fields.dnr).toEqual({ value: 'RS/418/2025', lines: [144] });
    expect(item.fields.beslut?.value).toHaveLength(3);
    expect(item.fields.beslut?.value[1]).toBe('Anta föreslagen inriktning om ny samverkansstruktur för hälso- och sjukvård, skola och socialtjänst.');
    expect(item.fields.huvudman?.value).toEqual(['region-jh']);
    expect(item.fields.expedierasTill).toEqual({ value: ['Kommunförbundet', 'Hälso- och sjukvårdspolitiska avdelningen'], lines: [208, 209] });
    expect(item.missing).toEqual(['senast']);
  });
});

describe('seed 003: RSR kallelse 2015-09-28 with tjänsteskrivelser', () => {
  const doc = parseAgenda(seed('seed-003-rsr-kallelse-2015-09-28.txt'), registry);

  test('the programme: times above items, presenters in their own column', () => {
    expect(doc.header.meetingDate?.value).toBe('2015-09-28');
    const item5 = doc.items.find((i) => i.fields.number?.value === 5 && !i.fields.dnr)!;
    expect(item5.fields.title?.value).toBe('Information från regionstyrelsen');
    expect(item5.fields.time).toEqual({ value: '13:20', lines: [26] });
  });

  test('RUN/206/2015, the tjänsteskrivelse of item 4: Dnr, title, förslag, Utdrag till, underlag over a page break', () => {
    const memo = doc.items.find((i) => i.fields.dnr?.value === 'RUN/206/2015' && i.kind === 'arende')!;
    expect(memo.fields.number).toEqual({ value: 4, lines: [122] });
    expect(memo.fields.dnr?.lines).toEqual([87]);
    expect(memo.fields.title?.value).toBe('Överenskommelse om kommunalt stöd till regional utveckling');
    expect(memo.fields.forslagTillBeslut?.value).toEqual(['”Uppföljning av överenskommelse om regional utveckling” antas.']);
    expect(memo.fields.expedierasTill?.value).toEqual(['Dan Osterling, Östersunds kommun', 'Camilla Samuelsson, Bräcke kommun', 'James Winoy, Förvaltning Regional utveckling']);
    expect(memo.fields.beslutsunderlag?.value).toHaveLength(4);
  });

  test('the old-style Dnr RS/2014-207 of an attached agreement', () => {
    const bilaga = doc.items.find((i) => i.fields.dnr?.value === 'RS/2014-207')!;
    expect(bilaga.kind).toBe('bilaga');
    expect(bilaga.fields.dnr?.lines).toEqual([306]);
  });
});

test('nothing to read: no items, and the header fields listed as missing', () => {
  const doc = parseAgenda('Kallelse\n\nInget här.', registry);
  expect(doc.items).toEqual([]);
  expect(doc.missing).toEqual(['organ', 'meetingDate']);
});

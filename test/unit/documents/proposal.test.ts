import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_PARTIES_FILE, loadParties } from '../../../config/load-parties';
import { CaseRegistration } from '../../../domain/case';
import { HuvudmanDecided } from '../../../domain/events';
import { findDecision, parseAgenda, parseDecisions, proposeCase, proposeDecision } from '../../../domain/documents';

const registry = loadParties(DEFAULT_PARTIES_FILE);
const fixture = (name: string) => readFileSync(path.join(__dirname, '../../fixtures/documents', name), 'utf8');
const demo = (name: string) => JSON.parse(readFileSync(path.join(__dirname, '../../../demo/cases', name), 'utf8'));

function caseOf(file: string, dnr: string) {
  const doc = parseAgenda(fixture(file), registry);
  const item = doc.items.find((i) => i.fields.dnr?.value === dnr);
  if (!item) throw new Error(`${dnr} not in ${file}`);
  return proposeCase(doc, item, registry);
}

test('seed 002 RS/62/2026: the registration as far as the kallelse goes, each field with its lines; the rest missing, never guessed', () => {
  const p = caseOf('seed-002-rsr-kallelse-2026-01-26.txt', 'RS/62/2026');
  const want = demo('RS-62-2026.json').registration;
  expect(p.draft).toMatchObject({
    dnr: want.dnr,
    title: want.title,
    rsrMeetingDate: want.rsrMeetingDate,
    recommendation: { huvudman: want.recommendation.huvudman, points: want.recommendation.points },
  });
  expect(p.sources.dnr).toEqual([48]);
  expect(p.sources.rsrMeetingDate).toEqual([5]);
  // "senast besluta" without a date: for the administrator to fill, said why.
  expect(p.missing).toEqual(['handlaggare.name', 'tjansteskrivelse.date', 'tjansteskrivelse.author', 'recommendation.senast']);
  expect(p.notes.map((n) => n.field)).toContain('recommendation.senast');
  expect((p.draft.recommendation as { senast?: string }).senast).toBeUndefined();
  // Expedieras till as the demo case writes it: the parties and the group the lines name.
  expect(p.draft.expedierasTill).toEqual([
    { organisation: 'Regionstyrelsen Region Jämtland Härjedalen', party: 'region-jh' },
    { organisation: 'Kommunstyrelser i länets kommuner', group: 'lanets-kommuner' },
    { name: 'Tomas Jonsson', role: 'Kommundirektör', organisation: 'Krokoms kommun', party: 'krokom' },
    { organisation: 'Gemensam nämnd avseende samordnad upphandling, lagerhållning och distribution av sjukvårdsprodukter', party: 'gnus' },
  ]);
  expect(p.events).toEqual([]);
});

test('a proposal filled in by a person is a valid registration (nothing in it contradicts the schema)', () => {
  const p = caseOf('seed-002-rsr-kallelse-2026-01-26.txt', 'HSN/2088/2025');
  const draft = p.draft as Record<string, Record<string, unknown>>;
  const filled = {
    ...draft,
    handlaggare: { name: 'Kim Exempelsson' },
    tjansteskrivelse: { ...draft.tjansteskrivelse, date: '2026-01-05', author: 'Kim Exempelsson' },
    recommendation: { ...draft.recommendation, senast: '2026-06-30' },
  };
  const result = CaseRegistration.safeParse(filled);
  expect(result.error?.issues ?? []).toEqual([]);
});

test('seed 000, an RSR protokoll: the case and the council decision, justering and anslag it already records', () => {
  const p = caseOf('seed-000-rsr-protokoll-2025-05-05.txt', 'RS/418/2025');
  expect(p.draft.rsrMeetingDate).toBe('2025-05-05');
  expect(p.events.map((e) => e.type)).toEqual(['rsr-decided', 'justering-recorded', 'anslag-posted']);
  expect(p.events[0]).toMatchObject({ meetingDate: '2025-05-05', paragraf: 13 });
  expect(p.events[1]).toEqual({ type: 'justering-recorded', justerare: ['Richard Nilsson'], date: '2025-05-14' });
});

test('seed 003: RUN/206/2015 without huvudmän or senast in the kallelse; an old-style Dnr is said, not rewritten', () => {
  const p = caseOf('seed-003-rsr-kallelse-2015-09-28.txt', 'RUN/206/2015');
  expect(p.draft.dnr).toBe('RUN/206/2015');
  expect(p.missing).toContain('recommendation.huvudman');
  const doc = parseAgenda(fixture('seed-003-rsr-kallelse-2015-09-28.txt'), registry);
  const old = doc.items.find((i) => i.fields.dnr && !/^[A-ZÅÄÖ]+\/\d+\/\d{4}$/.test(i.fields.dnr.value))!;
  const q = proposeCase(doc, old, registry);
  expect(q.draft.dnr).toBeUndefined();
  expect(q.missing).toContain('dnr');
  expect(q.notes.find((n) => n.field === 'dnr')?.message).toContain(old.fields.dnr!.value);
});

test('seed 004 § 31 proposes region-jh’s decision on RS/62/2026 as the demo case records it', () => {
  const d = findDecision(parseDecisions(fixture('seed-004-rs-protokoll-2026-03-25.txt'), registry), { dnr: 'RS/62/2026' })!;
  const p = proposeDecision(d, registry);
  const want = demo('RS-62-2026.json').events.find((e: { type: string }) => e.type === 'huvudman-decided');
  const { justering: _j, anslag: _a, ...rest } = want;
  expect(p.draft).toEqual(rest);
  expect(p.sources.paragraf).toEqual([352]);
  expect(p.missing).toEqual(['justering.date', 'justering.justerare', 'anslag.posted']);
  expect(HuvudmanDecided.safeParse(p.draft).success).toBe(true);
});

test('a municipality’s protokollsutdrag: justering and anslag from its header; its own officials are its party’s', () => {
  const [d] = parseDecisions(fixture('own-krokom-ks-utdrag-2026-04-08.txt'), registry);
  const p = proposeDecision(d!, registry);
  expect(p.draft).toMatchObject({
    party: 'krokom',
    dnr: 'KS 2026/118',
    justering: { date: '2026-04-13', justerare: ['Anna Berglund', 'Erik Holm'] },
    anslag: { posted: '2026-04-14', removed: '2026-05-06' },
  });
  expect((p.draft.expedierasTill as unknown[]).at(-1)).toEqual({ role: 'Kommundirektören', party: 'krokom' });
  expect(p.missing).toEqual([]);
  expect(HuvudmanDecided.safeParse(p.draft).success).toBe(true);
});

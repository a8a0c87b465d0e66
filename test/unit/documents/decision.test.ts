import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_PARTIES_FILE, loadParties } from '../../../config/load-parties';
import { findDecision, outcomeOf, parseDecisions } from '../../../domain/documents';

const registry = loadParties(DEFAULT_PARTIES_FILE);
const fixture = (name: string) => readFileSync(path.join(__dirname, '../../fixtures/documents', name), 'utf8');

test('seed 004 § 31: region-jh decides on RS/62/2026 (Regionstyrelsen, 2026-03-25, § 31, bifall, three points)', () => {
  const decisions = parseDecisions(fixture('seed-004-rs-protokoll-2026-03-25.txt'), registry);
  const d = findDecision(decisions, { dnr: 'RS/62/2026' })!;
  expect(d.fields.party?.value).toBe('region-jh');
  expect(d.fields.organ).toEqual({ value: 'Regionstyrelsen', lines: [813] });
  expect(d.fields.meetingDate).toEqual({ value: '2026-03-25', lines: [813] });
  expect(d.fields.paragraf).toEqual({ value: 31, lines: [352] });
  expect(d.fields.dnr).toEqual({ value: 'RS/62/2026', lines: [355] });
  expect(d.fields.outcome?.value).toBe('bifall');
  expect(d.fields.beslut).toEqual({
    value: [
      'Region Jämtland Härjedalen ska delta i det aktörsgemensamma arbetet.',
      'Regiondirektören får i uppdrag att utse vilka personer som ska delta i arbetsgruppen.',
      'Regiondirektören får i uppdrag att delta i styrgruppen.',
    ],
    lines: [397, 399, 401],
  });
  expect(d.fields.expedierasTill?.value).toEqual([
    'Region Jämtland Härjedalens beredskapschef',
    'Kommunchef Krokoms kommun',
    'Länsstyrelsen Jämtlands län',
    'Regionens samverkansråd',
  ]);
  // The extract of 004 has no justering or anslag in it: for the person to fill in.
  expect(d.missing).toEqual(['justeringDate', 'anslagPosted']);
});

test('seed 004: "yrkar avslag" under Yrkanden is not the decision (§ 27 is bifall)', () => {
  const d = parseDecisions(fixture('seed-004-rs-protokoll-2026-03-25.txt'), registry).find((x) => x.fields.paragraf?.value === 27)!;
  expect(d.fields.outcome?.value).toBe('bifall');
});

test('a municipality’s protokollsutdrag: its own Dnr, the RSR’s Dnr it mentions, justering and anslag', () => {
  const [d] = parseDecisions(fixture('own-krokom-ks-utdrag-2026-04-08.txt'), registry);
  expect(d!.fields.party?.value).toBe('krokom');
  expect(d!.fields.dnr?.value).toBe('KS 2026/118');
  expect(d!.fields.rsrDnr?.value).toBe('RS/62/2026');
  expect(d!.fields.justerare?.value).toEqual(['Anna Berglund', 'Erik Holm']);
  expect(d!.fields.justeringDate?.value).toBe('2026-04-13');
  expect(d!.fields.anslagPosted?.value).toBe('2026-04-14');
  expect(d!.missing).toEqual([]);
  expect(findDecision([d!], { dnr: 'RS/62/2026' })).toBe(d);
  const title = 'Deltagande i aktörsgemensamt samarbete inom totalförsörjningsfrågor';
  // The § answers RSR 2026-01-26 § 2: its title matches the case decided there, not another's.
  expect(d!.fields.rsrMeetingDate).toEqual({ value: '2026-01-26', lines: [15] });
  expect(d!.fields.rsrParagraf).toEqual({ value: 2, lines: [15] });
  expect(findDecision([d!], { title, rsrMeetingDate: '2026-01-26' })).toBe(d);
  expect(findDecision([d!], { title, rsrMeetingDate: '2026-01-26', rsrParagraf: 2 })).toBe(d);
  expect(findDecision([d!], { title, rsrMeetingDate: '2026-01-26', rsrParagraf: 3 })).toBeUndefined();
  expect(findDecision([d!], { title, rsrMeetingDate: '2025-09-29' })).toBeUndefined();
  expect(findDecision([d!], { dnr: 'RS/999/2026', rsrMeetingDate: '2026-01-26', rsrParagraf: 2 })).toBe(d);
  expect(findDecision([d!], { dnr: 'RS/1/2026' })).toBeUndefined();
});

test('outcomeOf reads avslag, återremiss and bordläggning from the Beslut', () => {
  expect(outcomeOf(['Kommunstyrelsen avslår rekommendationen.'])).toBe('avslag');
  expect(outcomeOf(['Ärendet återremitteras till förvaltningen.'])).toBe('aterremiss');
  expect(outcomeOf(['Ärendet bordläggs till nästa sammanträde.'])).toBe('bordlaggning');
  expect(outcomeOf(['Kommunen ska inte delta i arbetet.'])).toBe('avslag');
  expect(outcomeOf(['Planen godkänns.'])).toBe('bifall');
});

// Text fields (domain/values.ts Text and MultiLineText, used by every schema): control characters are
// refused, line breaks only where a text runs over lines (and \r\n is kept as \n); a huvudman's own
// diary number is free text, not the region's ORGAN/NUMMER/ÅR (issue 12, points 8 and 9).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CaseRegistration } from '../../../domain/case';
import { validate } from '../../../domain/errors';
import { HumanEvent } from '../../../domain/events';
import { PartiesFile } from '../../../domain/parties';
import { MultiLineText, Text } from '../../../domain/values';

const demo = JSON.parse(readFileSync(path.join(__dirname, '../../../demo/cases/RS-62-2026.json'), 'utf8'));
const registration = () => structuredClone(demo.registration);
const problems = (schema: Parameters<typeof validate>[0], input: unknown) => {
  const result = validate(schema, input);
  return result.ok ? [] : result.issues.map((i) => `${i.field}: ${i.message}`);
};
const decision = (extra: Record<string, unknown>) => ({ type: 'huvudman-decided', party: 'krokom', organ: 'Kommunstyrelsen', meetingDate: '2026-03-10', paragraf: 41, outcome: 'bifall', ...extra });

describe('control characters in text fields', () => {
  test.each([
    ['NUL', 'Rapport\u0000'],
    ['ESC (a terminal escape sequence)', '\u001b[31mRapport'],
    ['DEL', 'Rap\u007fport'],
    ['C1 (CSI)', 'Rap\u009bport'],
    ['a bell', 'Rap\u0007port'],
  ])('one-line text refuses %s', (_what, input) => {
    expect(Text.safeParse(input).success).toBe(false);
    const result = validate(Text, input);
    expect(result.ok ? '' : result.summary).toMatch(/innehåller ett styrtecken \(U\+00[0-9A-F]{2}\) på plats \d+; ta bort det/);
  });

  test('one-line text refuses a line break, naming it', () => {
    expect(problems(Text, 'Rad ett\nrad två')).toEqual(['Indata: ska stå på en rad (radbrytning på plats 8)']);
    expect(Text.parse('  Krokoms kommun  ')).toBe('Krokoms kommun');
  });

  test('multi-line text keeps line breaks and tabs, normalises \\r\\n and \\r to \\n, refuses other controls', () => {
    expect(MultiLineText.parse('Första stycket.\r\n\r\nAndra\tstycket.\rTredje.')).toBe('Första stycket.\n\nAndra\tstycket.\nTredje.');
    expect(MultiLineText.safeParse('Stycke\u0000').success).toBe(false);
    expect(MultiLineText.safeParse('Stycke\u001b[2J').success).toBe(false);
  });

  test('every schema uses them: registration title, handläggare, summary, points; event notes, justerare; the party registry', () => {
    const input = registration();
    input.title = 'Totalförsvar\u0000';
    input.handlaggare.name = 'Kim\nExempel';
    input.tjansteskrivelse.summary = 'Bakgrund.\r\nFörslag.';
    input.recommendation.points = ['Delta\u001b'];
    expect(problems(CaseRegistration, input)).toEqual([
      'Rubrik: innehåller ett styrtecken (U+0000) på plats 13; ta bort det',
      'Handläggare › Namn: ska stå på en rad (radbrytning på plats 4)',
      'Rekommendation › Beslutspunkter 1: innehåller ett styrtecken (U+001B) på plats 6; ta bort det',
    ]);
    const fixed = registration();
    fixed.tjansteskrivelse.summary = 'Bakgrund.\r\nFörslag.';
    const parsed = validate(CaseRegistration, fixed);
    expect(parsed.ok && parsed.value.tjansteskrivelse.summary).toBe('Bakgrund.\nFörslag.');

    expect(problems(HumanEvent, decision({ note: 'Beslut\u0007' }))).toEqual(['Anteckning: innehåller ett styrtecken (U+0007) på plats 7; ta bort det']);
    expect(problems(HumanEvent, decision({ note: 'Rad ett\nrad två' }))).toEqual([]);
    expect(problems(HumanEvent, { type: 'justering-recorded', justerare: ['Anna\u0085'], date: '2026-02-02' })).toEqual([
      'Justerare 1: innehåller ett styrtecken (U+0085) på plats 5; ta bort det',
    ]);
    const parties = JSON.parse(readFileSync(path.join(__dirname, '../../../config/parties.json'), 'utf8'));
    parties.parties[0].name = 'Region\u0000';
    expect(problems(PartiesFile, parties)).toEqual(['Part 1 › Namn: innehåller ett styrtecken (U+0000) på plats 7; ta bort det']);
  });
});

describe("a huvudman's own diary number is free text", () => {
  test.each(['KS 2026/412', 'KS-2026-0412', '2026/412', 'KS2026.412', 'RS/257/2026'])('"%s" is accepted', (dnr) => {
    expect(problems(HumanEvent, decision({ dnr }))).toEqual([]);
  });

  test('bounded and on one line, without control characters', () => {
    expect(problems(HumanEvent, decision({ dnr: 'K'.repeat(61) }))).toEqual(['Diarienummer: får ha högst 60 tecken']);
    expect(problems(HumanEvent, decision({ dnr: 'KS\n2026/412' }))).toEqual(['Diarienummer: ska stå på en rad (radbrytning på plats 3)']);
    expect(problems(HumanEvent, decision({ dnr: ' ' }))).toEqual(['Diarienummer: får inte vara tomt']);
  });
});

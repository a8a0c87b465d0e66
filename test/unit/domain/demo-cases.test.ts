// The demo case files (demo/cases) and the committed JSON Schemas (schemas/): every demo case is
// valid, matches the registry and the seed documents, and the schemas are what `npm run schema`
// generates now.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_PARTIES_FILE, loadParties } from '../../../config/load-parties';
import { generateSchemas, SCHEMA_DIR } from '../../../client/schema/generate';
import { appealCalendar } from '../../../domain/calendar';
import { checkCaseAgainstRegistry } from '../../../domain/case';
import { CaseFile } from '../../../domain/case-file';
import { dnrSlug } from '../../../domain/dnr';
import { validate } from '../../../domain/errors';

const DEMO_DIR = path.join(__dirname, '../../../demo/cases');
const registry = loadParties(DEFAULT_PARTIES_FILE);
const files = readdirSync(DEMO_DIR).filter((f) => f.endsWith('.json')).sort();
const load = (file: string) => {
  const result = validate(CaseFile, JSON.parse(readFileSync(path.join(DEMO_DIR, file), 'utf8')));
  if (!result.ok) throw new Error(`${file}: ${result.summary}`);
  return result.value;
};

describe('demo cases', () => {
  test('the five cases of the seeds are there', () => {
    expect(files).toEqual(['HSN-2088-2025.json', 'RS-258-2026.json', 'RS-281-2026.json', 'RS-418-2025.json', 'RS-62-2026.json']);
  });

  test.each(files)('%s validates, is named after its Dnr and refers only to registered parties', (file) => {
    const caseFile = load(file);
    expect(file).toBe(`${dnrSlug(caseFile.registration.dnr)}.json`);
    expect(checkCaseAgainstRegistry(caseFile.registration, registry)).toEqual([]);
    for (const event of caseFile.events) {
      if (event.type === 'huvudman-decided') expect(caseFile.registration.recommendation.huvudman).toContain(event.party);
      if ('party' in event && event.party) expect(registry.get(event.party)).toBeDefined();
    }
  });

  test('RS/418/2025 carries the seed protocol: justerad 2025-05-14, posted 2025-05-15, taken down 2025-06-09 (KL 8 kap. 12 §, 13 kap. 5 §)', () => {
    const { events } = load('RS-418-2025.json');
    const justering = events.find((e) => e.type === 'justering-recorded');
    const anslag = events.find((e) => e.type === 'anslag-posted');
    expect(justering?.type === 'justering-recorded' && justering.date).toBe('2025-05-14');
    expect(anslag?.type === 'anslag-posted' && [anslag.posted, anslag.removed]).toEqual(['2025-05-15', '2025-06-09']);
    if (anslag?.type === 'anslag-posted') expect(appealCalendar({ posted: anslag.posted }).earliestRemoval).toBe(anslag.removed);
  });

  test('HSN/2088/2025: the region decided in its own case RS/257/2026, § 35', () => {
    const decision = load('HSN-2088-2025.json').events.find((e) => e.type === 'huvudman-decided');
    expect(decision?.type === 'huvudman-decided' && [decision.party, decision.dnr, decision.paragraf, decision.outcome]).toEqual(['region-jh', 'RS/257/2026', 35, 'bifall']);
  });
});

describe('committed JSON Schemas (schemas/)', () => {
  test.each(Object.entries(generateSchemas()))('%s equals fresh output of `npm run schema`', (name, text) => {
    expect(readFileSync(path.join(SCHEMA_DIR, name), 'utf8')).toBe(text);
  });
});

// The pure part of reading a huvudman's decision in (client/web/decision-import.ts): how the § was
// matched (Dnr, RSR's meeting and §, title), the form values and marks, and the line words.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lineWords, proposeForTrack } from '../../../client/web/decision-import';
import type { FullCaseStatus } from '../../../client/cases';
import { loadParties } from '../../../config/load-parties';

const registry = loadParties();
const KROKOM = readFileSync(join(__dirname, '../../fixtures/documents/own-krokom-ks-utdrag-2026-04-08.txt'), 'utf8');
const status = (s: Partial<FullCaseStatus>) => ({ dnr: 'RS/62/2026', title: 'Etablering av arbetsgrupp för samarbete inom totalförsörjningsfrågor', rsrMeetingDate: '2026-01-26', ...s }) as FullCaseStatus;
const where = (name: string) => `på ${name}s spår`;
const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');

test('line words: runs and lists', () => {
  expect(lineWords([396, 397, 398, 399, 400, 401])).toBe('rad 396–401');
  expect(lineWords([12])).toBe('rad 12');
  expect(lineWords([12, 14, 396, 397])).toBe('rad 12, 14 och 396–397');
});

test("Krokom's § on its track: matched on RSR's Dnr; values, sources and the bifall note", () => {
  const p = proposeForTrack(KROKOM, status({}), 'krokom', registry, where);
  if (!p.ok) throw new Error(p.message);
  expect(p.values).toMatchObject({ party: 'krokom', organ: 'Kommunstyrelsen', meetingDate: '2026-04-08', paragraf: '52', outcome: 'bifall', 'justering.date': '2026-04-13', 'justering.justerare': 'Anna Berglund, Erik Holm', 'anslag.posted': '2026-04-14' });
  expect(text(p.intro.toString())).toContain('Paragrafen hittades på diarienumret RS/62/2026');
  expect(p.marks.paragraf?.text).toMatch(/^Ur protokollsutdraget, rad \d+$/);
  expect(p.marks.outcome?.notes?.join(' ')).toContain('bifall');
  expect(Object.values(p.marks).some((m) => m.missing)).toBe(false);
});

test("without the Dnr: matched on RSR's meeting and §; without both: on the title", () => {
  const noDnr = KROKOM.replace(', i ärende RS/62/2026', '');
  const byRsr = proposeForTrack(noDnr, status({ rsr: { meetingDate: '2026-01-26', paragraf: 2 } as FullCaseStatus['rsr'] }), 'krokom', registry, where);
  expect(byRsr.ok && text(byRsr.intro.toString())).toContain('Paragrafen hittades på RSR:s sammanträde 2026-01-26 § 2');
  const noRef = noDnr.replace('beslutade den 26 januari 2026, § 2', 'beslutade i januari');
  const byTitle = proposeForTrack(noRef, status({ title: 'Deltagande i aktörsgemensamt samarbete inom totalförsörjningsfrågor' }), 'krokom', registry, where);
  expect(byTitle.ok && text(byTitle.intro.toString())).toContain('Paragrafen hittades på ärendemeningen');
  const none = proposeForTrack(noRef, status({}), 'krokom', registry, where);
  expect(none.ok ? '' : none.message).toContain('ingen paragraf i handlingen gäller ärendet RS/62/2026');
});

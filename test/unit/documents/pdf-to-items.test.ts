// PDF → text → items end to end: the seed texts written as real PDFs (pdfkit, with a header and a
// "Sida N av M" footer on every page), read back by lib/pdf-text.ts, their page furniture dropped,
// parsed: the same fields as the hand-written expectations for the texts (line numbers aside, and
// summaries, which the expectations compare by line).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAgenda, parseDecisions } from '../../../domain/documents';
import { pdfText, withoutPageFurniture } from '../../../lib/pdf-text';
import { pdfFromLines } from '../../helpers/pdf-from-text';
import { CORPUS, registry, score, type Expected } from './corpus';

const cases = [
  { file: 'seed-002-rsr-kallelse-2026-01-26.txt', header: 'Kallelse/föredragningslista Regionens samverkansråd 2026-01-26' },
  { file: 'seed-004-rs-protokoll-2026-03-25.txt', header: 'Protokoll Regionstyrelsen 2026-03-25' },
  { file: 'seed-000-rsr-protokoll-2025-05-05.txt', header: 'Protokoll Regionens samverkansråd 2025-05-05' },
];

const withoutSummary = (items: Array<Record<string, unknown>>) => items.map(({ summary: _summary, ...rest }) => rest);

for (const { file, header } of cases) {
  test(`${file} as a PDF gives the fields its text gives`, async () => {
    const source = readFileSync(path.join(CORPUS, file), 'utf8');
    const pdf = await pdfFromLines(source.split('\n'), { header, footer: 'Sida {page} av {pages}' });
    const text = withoutPageFurniture((await pdfText(pdf)).pages);
    const expected = JSON.parse(readFileSync(path.join(CORPUS, file.replace(/\.txt$/, '.expected.json')), 'utf8')) as Expected;
    const values = (fields: Record<string, { value: unknown } | undefined>) =>
      Object.fromEntries(Object.entries(fields).flatMap(([k, v]) => (v && k !== 'summary' ? [[k, v.value]] : [])));
    const got =
      expected.parser === 'decisions'
        ? { items: parseDecisions(text, registry).map((d) => values(d.fields)) }
        : (() => {
            const doc = parseAgenda(text, registry);
            return { header: { type: doc.type, ...values(doc.header) }, items: doc.items.map((i) => ({ kind: i.kind, ...values(i.fields) })) };
          })();
    const s = score({ ...expected, items: withoutSummary(expected.items) }, got);
    console.log(`${file} via PDF: ${s.right} right, ${s.wrong} wrong, ${s.invented} invented, ${s.notFound} not found\n${s.problems.join('\n')}`);
    expect(s.problems).toEqual([]);
  });
}

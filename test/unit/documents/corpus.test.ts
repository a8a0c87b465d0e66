// Field-level precision and recall of the document parser over the corpus (seeds and own texts in
// their styles), against hand-written expectations. Fails below the level reached.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CORPUS, actual, corpusFiles, precision, recall, score, type Expected, type Score } from './corpus';

const rows = corpusFiles().map((file) => {
  const expected = JSON.parse(readFileSync(path.join(CORPUS, file.replace(/\.txt$/, '.expected.json')), 'utf8')) as Expected;
  return { file, s: score(expected, actual(file, expected.parser)) };
});
const sum = (list: typeof rows): Score => list.reduce<Score>((a, { s }) => ({ right: a.right + s.right, wrong: a.wrong + s.wrong, invented: a.invented + s.invented, notFound: a.notFound + s.notFound, problems: [...a.problems, ...s.problems] }), { right: 0, wrong: 0, invented: 0, notFound: 0, problems: [] });

test('reports precision and recall per document and in total', () => {
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const table = [...rows, { file: 'TOTAL', s: sum(rows) }].map(({ file, s }) => ({ file, right: s.right, wrong: s.wrong, invented: s.invented, notFound: s.notFound, precision: pct(precision(s)), recall: pct(recall(s)) }));
  console.log(table.map((r) => Object.values(r).join('\t')).join('\n') + '\n\n' + rows.flatMap(({ file, s }) => s.problems.map((p) => `${file}: ${p}`)).join('\n'));
  expect(rows.length).toBeGreaterThanOrEqual(11);
});

test('every seed is read field for field (000, 002, 003, 004)', () => {
  const seeds = rows.filter((r) => r.file.startsWith('seed-'));
  expect(seeds).toHaveLength(4);
  for (const { file, s } of seeds) expect({ file, problems: s.problems }).toEqual({ file, problems: [] });
});

// own-*: texts written in the seeds' styles, the parser tuned on them; blind-*: written with their
// expectations before the parser ever read them, and not tuned on afterwards.
test('own and blind texts: every field right (the level reached), never a value where the text has none', () => {
  const own = sum(rows.filter((r) => !r.file.startsWith('seed-')));
  expect(own.problems).toEqual([]);
  expect(own.invented).toBe(0);
});

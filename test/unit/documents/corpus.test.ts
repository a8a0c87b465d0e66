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

test('seeds 000, 002 and 004 are read field for field; seed 003 at its measured level', () => {
  for (const { file, s } of rows.filter((r) => /^seed-00[024]/.test(r.file))) expect({ file, problems: s.problems }).toEqual({ file, problems: [] });
  const s003 = rows.find((r) => r.file.startsWith('seed-003'))!.s;
  // Measured: 83 of 85 right; two programme titles run into a presenter's name set with one space.
  expect(s003.right).toBeGreaterThanOrEqual(83);
  expect(s003.invented).toBe(0);
});

// own-*: texts written in the seeds' styles, the parser tuned on them; blind-*: written with their
// expectations before the parser ever read them, and not tuned on afterwards.
test('own and blind texts: every field right (the level reached), never a value where the text has none', () => {
  const own = sum(rows.filter((r) => !r.file.startsWith('seed-')));
  expect(own.problems).toEqual([]);
  expect(own.invented).toBe(0);
});

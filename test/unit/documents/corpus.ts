// The corpus and its scoring, shared by the corpus test: each text under test/fixtures/documents has
// a hand-written <name>.expected.json with the values of every field a person would read from it.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_PARTIES_FILE, loadParties } from '../../../config/load-parties';
import { parseAgenda, parseDecisions } from '../../../domain/documents';

export const CORPUS = path.join(__dirname, '../../fixtures/documents');
export const registry = loadParties(DEFAULT_PARTIES_FILE);

export interface Expected {
  parser: 'agenda' | 'decisions';
  header?: Record<string, unknown>;
  items: Array<Record<string, unknown>>;
}

/** What the parser gives, flattened the way expectations are written: field → value. */
export function actual(file: string, parser: Expected['parser']): Pick<Expected, 'header' | 'items'> {
  const text = readFileSync(path.join(CORPUS, file), 'utf8');
  const values = (fields: Record<string, { value: unknown; lines: number[] } | undefined>) =>
    // A summary is compared by the lines it spans (first–last), its text is too long to write out.
    Object.fromEntries(
      Object.entries(fields).flatMap(([k, v]) => {
        if (!v) return [];
        if (k === 'summary') return [[k, `lines ${v.lines[0]}-${v.lines[v.lines.length - 1]}`]];
        return [[k, v.value]];
      }),
    );
  if (parser === 'decisions') return { items: parseDecisions(text, registry).map((d) => values(d.fields)) };
  const doc = parseAgenda(text, registry);
  return { header: { type: doc.type, ...values(doc.header) }, items: doc.items.map((i) => ({ kind: i.kind, ...values(i.fields) })) };
}

export const corpusFiles = () => readdirSync(CORPUS).filter((f) => f.endsWith('.txt')).sort();

export interface Score {
  right: number;
  wrong: number; // found, but another value than expected
  invented: number; // found where the text has nothing
  notFound: number;
  problems: string[];
}

export function score(expected: Expected, got: Pick<Expected, 'header' | 'items'>): Score {
  const s: Score = { right: 0, wrong: 0, invented: 0, notFound: 0, problems: [] };
  const compare = (where: string, e: Record<string, unknown> = {}, g: Record<string, unknown> = {}) => {
    for (const key of new Set([...Object.keys(e), ...Object.keys(g)])) {
      const ev = JSON.stringify(e[key]);
      const gv = JSON.stringify(g[key]);
      if (e[key] === undefined) {
        s.invented++;
        s.problems.push(`${where}.${key}: not in the text, parser gave ${gv}`);
      } else if (g[key] === undefined) {
        s.notFound++;
        s.problems.push(`${where}.${key}: not found, expected ${ev}`);
      } else if (ev === gv) s.right++;
      else {
        s.wrong++;
        s.problems.push(`${where}.${key}: expected ${ev}, got ${gv}`);
      }
    }
  };
  if (expected.header || got.header) compare('header', expected.header, got.header);
  const n = Math.max(expected.items.length, got.items.length);
  for (let i = 0; i < n; i++) compare(`items[${i}]`, expected.items[i], got.items[i]);
  return s;
}

/** Precision: right / found. Recall: right / expected. */
export const precision = (s: Score) => s.right / Math.max(1, s.right + s.wrong + s.invented);
export const recall = (s: Score) => s.right / Math.max(1, s.right + s.wrong + s.notFound);

// Property tests (fast-check) of the case-file import: domain/case-file.ts's schema and the CLI's
// reader (client/cli/case-files.ts readCaseFile). Whatever the input — any JSON, a demo case with a
// field replaced by anything, any text in a file — the result is a valid case file or the domain's
// validation error naming each field and its rule (a CLI usage error for a file that is not JSON),
// never another exception. Valid case files round-trip: written out and read back, the same value.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { CaseFile } from '../../../domain/case-file';
import { validate, ValidationError, type FieldIssue } from '../../../domain/errors';
import { readCaseFile } from '../../../client/cli/case-files';
import { UsageError } from '../../../client/cli/errors';

const DEMO_DIR = path.join(__dirname, '../../../demo/cases');
const demos: unknown[] = readdirSync(DEMO_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(path.join(DEMO_DIR, f), 'utf8')));

/** Every issue names its field in words and says the rule; the path says where. */
function expectNamedIssues(issues: readonly FieldIssue[]): void {
  expect(issues.length).toBeGreaterThan(0);
  for (const issue of issues) {
    expect(typeof issue.path).toBe('string');
    expect(issue.field.trim()).not.toBe('');
    expect(issue.message.trim()).not.toBe('');
    // Swedish words, not zod's English defaults.
    expect(issue.message).not.toMatch(/\b(Invalid|Expected|Required|received)\b/);
  }
}

/** The paths to every value in a JSON document (objects' keys, arrays' indexes). */
function leafPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((v, i) => leafPaths(v, [...prefix, i]))];
  if (value !== null && typeof value === 'object') return [prefix, ...Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...prefix, k]))];
  return [prefix];
}

function withReplaced(doc: unknown, at: (string | number)[], replacement: unknown, remove: boolean): unknown {
  if (at.length === 0) return replacement;
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let node = copy;
  for (const key of at.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = at[at.length - 1]!;
  if (remove && Array.isArray(node)) node.splice(Number(last), 1);
  else if (remove) delete node[last];
  else node[last] = replacement;
  return copy;
}

/** A demo case with one value replaced by anything (or removed): the kind of mistake a person makes. */
const mutatedDemo = fc
  .record({ demo: fc.constantFrom(...demos), pick: fc.nat(), replacement: fc.oneof(fc.jsonValue(), fc.string(), fc.constantFrom('', '2026-02-30', '0000-00-00', ' ', '\u0000', '-1', 'NaN')), remove: fc.boolean() })
  .map(({ demo, pick, replacement, remove }) => {
    const paths = leafPaths(demo);
    return withReplaced(demo, paths[pick % paths.length]!, replacement, remove);
  });

describe('the case file schema under arbitrary input', () => {
  test('any JSON value: a case file or issues naming each field, never an exception', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (input) => {
        const result = validate(CaseFile, input);
        if (!result.ok) expectNamedIssues(result.issues);
      }),
      { numRuns: 500 },
    );
  });

  test('a demo case with one value replaced or removed: valid, or issues naming each field', () => {
    let refused = 0;
    fc.assert(
      fc.property(mutatedDemo, (input) => {
        const result = validate(CaseFile, input);
        if (!result.ok) {
          refused += 1;
          expectNamedIssues(result.issues);
        }
      }),
      { numRuns: 1500 },
    );
    console.log(`case file mutations: ${refused} of 1500 refused with named issues, the rest valid`);
  });

  test('a valid case file round-trips: written as JSON and read again, the same value', () => {
    fc.assert(
      fc.property(mutatedDemo, (input) => {
        const first = validate(CaseFile, input);
        fc.pre(first.ok);
        if (!first.ok) return;
        const again = validate(CaseFile, JSON.parse(JSON.stringify(first.value)));
        expect(again.ok).toBe(true);
        if (again.ok) expect(again.value).toEqual(first.value);
      }),
      { numRuns: 300 },
    );
  });
});

test('found by the properties above: an anslag with an empty date is refused naming the field (the calendar threw: a 500 in the API)', () => {
  const result = validate(CaseFile, { ...(demos[0] as object), events: [{ type: 'anslag-posted', party: 'krokom', posted: '', removed: '2000-01-01' }] });
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.issues).toEqual([{ path: 'events.0.posted', field: expect.stringContaining('Anslaget uppsatt'), message: '"" ska skrivas ÅÅÅÅ-MM-DD, t.ex. 2026-01-26' }]);
});

describe('readCaseFile (the CLI import) under arbitrary file contents', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'arende-case-file-props-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Reads `text` as a case file: the value, or the error, which must be one of the two the CLI reports as bad input. */
  function read(text: string): { value?: unknown; error?: unknown } {
    const file = path.join(dir, 'case.json');
    writeFileSync(file, text);
    try {
      return { value: readCaseFile(file) };
    } catch (error) {
      return { error };
    }
  }

  const contents = fc.oneof(
    fc.string({ unit: 'binary' }),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    mutatedDemo.map((v) => JSON.stringify(v)),
    // A bare registration, as `arende import` takes it too.
    mutatedDemo.map((v) => JSON.stringify((v as { registration?: unknown })?.registration ?? v)),
    mutatedDemo.map((v) => JSON.stringify(v).slice(0, -1)),
  );

  test('any text: a case file, a usage error (not JSON) or a validation error naming each field', () => {
    fc.assert(
      fc.property(contents, (text) => {
        const { value, error } = read(text);
        if (error === undefined) {
          expect(validate(CaseFile, value).ok).toBe(true);
          return;
        }
        if (error instanceof UsageError) {
          expect(error.message).toMatch(/filen är inte giltig JSON/);
          return;
        }
        expect(error).toBeInstanceOf(ValidationError);
        expectNamedIssues((error as ValidationError).issues);
      }),
      { numRuns: 400 },
    );
  });

  test('every demo case reads back as itself', () => {
    for (const demo of demos) {
      const { value, error } = read(JSON.stringify(demo));
      expect(error).toBeUndefined();
      const expected = validate(CaseFile, demo);
      expect(expected.ok && value).toEqual(expected.ok && expected.value);
    }
  });
});

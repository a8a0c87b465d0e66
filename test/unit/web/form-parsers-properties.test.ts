// Property tests (fast-check) of the dashboard's form parsers: client/web/forms.ts (submitted fields →
// the API's JSON, issues → errors per field), the forms' specs (admin-forms.ts, report-pages.ts) with
// the domain schemas they are validated by, and the controls of form-fields.ts. Whatever is
// submitted — any text, repeated fields, fields the form does not have — the parser never throws,
// the domain either accepts the result or names each field and its rule, every error lands on a
// field of the form (or the summary), and what a person typed is always escaped when it is shown
// again. Values a person writes the way the form asks (a line per point, "Namn <e-post>", "§ 31")
// round-trip to the JSON they mean.
import fc from 'fast-check';
import { z } from 'zod';
import { validate, type FieldIssue } from '../../../domain/errors';
import { CaseRegistration } from '../../../domain/case';
import { AppealFiled, BeredningRecorded, CorrectionRecorded, HuvudmanDecided, JusteringRecorded, RsrDecided } from '../../../domain/events';
import { DEFAULT_PARTIES_FILE, loadParties } from '../../../config/load-parties';
import { APPEAL_ADMIN_FORM, BEREDNING_FORM, CORRECTION_FORM, HUVUDMAN_FORM, JUSTERING_FORM, REGISTRATION_FORM, RSR_FORM } from '../../../client/web/admin-forms';
import { DECISION_FORM } from '../../../client/web/report-pages';
import { formErrors, formToJson, keptValues, parseDocumentLine, parseRecipientLine, recipientContext, type FormSpec, type Submitted } from '../../../client/web/forms';
import { choiceGroup, errorSummary, formState, selectField, textArea, textField } from '../../../client/web/form-fields';

const registry = loadParties(DEFAULT_PARTIES_FILE);
const ctx = recipientContext(registry);

/** Each form, the schema its JSON is validated by, and what the page adds (the event's type). */
const FORMS: { name: string; spec: FormSpec; schema: z.ZodType; extra: Record<string, unknown> }[] = [
  { name: 'registrering', spec: REGISTRATION_FORM, schema: CaseRegistration, extra: {} },
  { name: 'beredning', spec: BEREDNING_FORM, schema: BeredningRecorded, extra: { type: 'beredning-recorded' } },
  { name: 'RSR:s beslut', spec: RSR_FORM, schema: RsrDecided, extra: { type: 'rsr-decided' } },
  { name: 'justering', spec: JUSTERING_FORM, schema: JusteringRecorded, extra: { type: 'justering-recorded' } },
  { name: 'huvudmans beslut', spec: HUVUDMAN_FORM, schema: HuvudmanDecided, extra: { type: 'huvudman-decided' } },
  { name: 'beslut via rapportlänk', spec: DECISION_FORM, schema: HuvudmanDecided, extra: { type: 'huvudman-decided', party: 'krokom' } },
  { name: 'överklagande', spec: APPEAL_ADMIN_FORM, schema: AppealFiled, extra: { type: 'appeal-filed' } },
  { name: 'rättelse', spec: CORRECTION_FORM, schema: CorrectionRecorded, extra: { type: 'correction-recorded' } },
];

/** What a person (or a script) may type into a field: anything, and the near misses forms see. */
const typed = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('', ' ', '2026-02-30', '2026-03-25', '§ 31', '§', '-0', '1e3', '99999999999', 'krokom', 'lanets-kommuner', 'decision', 'bifall',
      'Anna A, , Bo B', 'rad 1\r\nrad 2\n\n', 'Kim <kim@example.se>', '<a@b>', 'x https://example.se/a', '<script>alert(1)</script>', '\u0000', '__proto__'),
  },
);
const fieldValue = fc.oneof({ weight: 4, arbitrary: typed }, { weight: 1, arbitrary: fc.array(typed, { maxLength: 4 }) });

/** A submitted form: some of the spec's fields (maybe repeated), and fields it does not have. */
function submittedFor(spec: FormSpec): fc.Arbitrary<Submitted> {
  const known = Object.fromEntries(Object.keys(spec).map((name) => [name, fieldValue]));
  return fc
    .tuple(fc.record(known, { requiredKeys: [] }), fc.dictionary(fc.string({ maxLength: 12 }), fieldValue, { maxKeys: 3 }))
    .map(([fields, others]) => ({ ...others, ...fields }) as Submitted);
}

function expectNamedIssues(issues: readonly FieldIssue[]): void {
  for (const issue of issues) {
    expect(issue.field.trim()).not.toBe('');
    expect(issue.message.trim()).not.toBe('');
    expect(issue.message).not.toMatch(/\b(Invalid|Expected|Required|received)\b/);
  }
}

describe.each(FORMS)('the $name form under arbitrary submissions', ({ spec, schema, extra }) => {
  const fields = Object.keys(spec);
  const roots = new Set(fields.map((f) => f.split('.')[0]!));

  test('the JSON has only the form\'s fields, none empty; the domain accepts it or names each field; every error lands on a field', () => {
    fc.assert(
      fc.property(submittedFor(spec), (submitted) => {
        const json = formToJson(submitted, spec, ctx);
        for (const [key, value] of Object.entries(json)) {
          expect(roots.has(key)).toBe(true);
          expect(value === '' || (Array.isArray(value) && value.length === 0)).toBe(false);
        }
        const result = validate(schema, { ...json, ...extra });
        if (result.ok) return;
        expect(result.issues.length).toBeGreaterThan(0);
        expectNamedIssues(result.issues);
        const errors = formErrors(result.issues, fields);
        expect(errors.all).toHaveLength(result.issues.length);
        for (const e of errors.all) {
          expect(e.name === '' || fields.includes(e.name)).toBe(true);
          expect(e.text.trim()).not.toBe('');
        }
        for (const name of Object.keys(errors.byField)) expect(fields).toContain(name);
      }),
      { numRuns: 300 },
    );
  });

  test('the values kept after a refusal, submitted again, give the same JSON', () => {
    fc.assert(
      fc.property(submittedFor(spec), (submitted) => {
        expect(formToJson(keptValues(submitted, spec), spec, ctx)).toEqual(formToJson(submitted, spec, ctx));
      }),
      { numRuns: 200 },
    );
  });
});

describe('the form controls under arbitrary values and messages', () => {
  // A marker that must never appear unescaped in the page, however it is surrounded.
  const hostile = fc.tuple(typed, typed).map(([a, b]) => `${a}<x-injected a="1">${b}"'&`);

  test('what was typed and the error messages are shown escaped, in every kind of control', () => {
    fc.assert(
      fc.property(hostile, hostile, fc.array(hostile, { maxLength: 3 }), (value, message, choices) => {
        const errors = formErrors([{ path: 'f', field: 'Fält', message }], ['f']);
        const state = formState({ f: value, g: [value, ...choices] }, errors);
        const markup = [
          textField(state, { name: 'f', label: 'Fält', hint: message }),
          textArea(state, { name: 'f', label: 'Fält', rows: 3 }),
          choiceGroup(state, { name: 'g', label: 'Val', type: 'checkbox', choices: choices.map((c) => ({ value: c, label: c })) }),
          selectField(state, { name: 'f', label: 'Val', choices: [value, ...choices].map((c) => ({ value: c, label: c })) }),
          errorSummary(errors),
        ]
          .map(String)
          .join('\n');
        expect(markup).not.toContain('<x-injected');
        expect(markup).toContain('&lt;x-injected');
      }),
      { numRuns: 300 },
    );
  });
});

describe('values typed as the form asks round-trip to the JSON they mean', () => {
  // One line of text as a person writes it: no line breaks, no control characters, not blank.
  const line = fc
    .string({ unit: fc.constantFrom(...'abcåäöABCÅÄÖ0123456789 -.:;()§/"\''.split('')), minLength: 1, maxLength: 30 })
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const one = (spec: FormSpec, submitted: Submitted) => formToJson(submitted, spec, ctx);
  // Addresses as registrars write them (fast-check's RFC 5322 ones include "!a@a.aa", which the domain's stricter check refuses).
  const label = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'.split('')), minLength: 1, maxLength: 10 });
  const email = fc.tuple(fc.array(label, { minLength: 1, maxLength: 2 }), fc.array(label, { minLength: 1, maxLength: 2 }), fc.constantFrom('se', 'nu', 'com')).map(([local, domain, tld]) => `${local.join('.')}@${domain.join('.')}.${tld}`);

  test('a line per item (points, beslut), with any line ends and blank lines between', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n', '\r', '\n\n', '\r\n \r\n'), (items, end) => {
        expect(one({ beslut: 'lines' }, { beslut: items.join(end) })).toEqual({ beslut: items });
      }),
    );
  });

  test('comma-separated justerare, and reminders as comma-separated numbers', () => {
    const name = line.filter((s) => !s.includes(','));
    fc.assert(
      fc.property(fc.array(name, { minLength: 1, maxLength: 5 }), fc.array(fc.nat({ max: 60 }), { minLength: 1, maxLength: 4 }), (names, days) => {
        expect(one({ justerare: 'comma-list', reminders: 'int-list' }, { justerare: names.join(', '), reminders: days.join(',') })).toEqual({ justerare: names, reminders: days });
      }),
    );
  });

  test('a paragraf as "31", "§ 31" or "§31"', () => {
    fc.assert(
      fc.property(fc.integer({ min: -999_999_999, max: 999_999_999 }), fc.constantFrom('', '§ ', '§', ' § '), (n, prefix) => {
        expect(one({ paragraf: 'int' }, { paragraf: `${prefix}${n}` })).toEqual({ paragraf: n });
      }),
    );
  });

  test('"Namn <e-post>" and a bare address as recipients; "Titel https://…" as a document', () => {
    const name = line.filter((s) => !/[<>"]/.test(s));
    fc.assert(
      fc.property(name, fc.oneof(email, fc.emailAddress()), fc.webUrl({ validSchemes: ['https', 'http'] }), (who, address, url) => {
        fc.pre(!/[<>\s]/.test(address) && !/\s/.test(url));
        expect(parseRecipientLine(`${who} <${address}>`, ctx)).toEqual({ name: who, email: address });
        expect(parseRecipientLine(address, ctx)).toEqual({ email: address });
        expect(parseDocumentLine(`${who} ${url}`)).toEqual({ title: who, url });
      }),
    );
  });

  test('a registration typed into the form is the registration the API would take', () => {
    const huvudman = registry.huvudman().map((p) => p.id as string);
    fc.assert(
      fc.property(
        fc.record({
          title: line,
          // A name as in "Namn <e-post>": quotes around it are dropped, so none inside.
          author: line.filter((s) => !/[<>"]/.test(s)),
          summary: line,
          points: fc.array(line, { minLength: 1, maxLength: 4 }),
          huvudman: fc.subarray(huvudman, { minLength: 1 }),
          reminders: fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 3 }).map((r) => r.sort((a, b) => b - a)),
          email,
        }),
        (r) => {
          const submitted: Submitted = {
            dnr: 'RS/4711/2026',
            title: r.title,
            'handlaggare.name': r.author,
            'tjansteskrivelse.date': '2026-01-12',
            'tjansteskrivelse.author': r.author,
            'tjansteskrivelse.summary': r.summary,
            'tjansteskrivelse.forslagTillBeslut': r.points.join('\r\n'),
            rsrMeetingDate: '2026-01-26',
            'recommendation.huvudman': r.huvudman,
            'recommendation.points': r.points.join('\r\n'),
            'recommendation.senast': '2026-06-30',
            'recommendation.reminders': r.reminders.join(', '),
            expedierasTill: `${r.author} <${r.email}>\nkrokom`,
          };
          const result = validate(CaseRegistration, formToJson(submitted, REGISTRATION_FORM, ctx));
          if (!result.ok) throw new Error(result.summary);
          expect(result.value).toMatchObject({
            dnr: 'RS/4711/2026',
            title: r.title,
            tjansteskrivelse: { author: r.author, summary: r.summary, forslagTillBeslut: r.points },
            recommendation: { huvudman: r.huvudman, points: r.points, senast: '2026-06-30', reminders: r.reminders },
            expedierasTill: [{ name: r.author, email: r.email }, { party: 'krokom' }],
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});

// The pure parts of the dashboard's import: source lines in words, a proposal's draft as the
// registration form's values (read back by formToJson to the same registration), and the marks.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fieldMarks, formValues, linesText } from '../../../client/web/document-import';
import { REGISTRATION_FORM } from '../../../client/web/admin-forms';
import { formToJson, recipientContext, type Submitted } from '../../../client/web/forms';
import { parseAgenda, proposeCase } from '../../../domain/documents';
import { loadParties } from '../../../config/load-parties';
import { decodeMarks, encodeMarks } from '../../../client/web/field-marks';

const registry = loadParties();
const seed = (name: string) => readFileSync(join(__dirname, '../../fixtures/documents', `${name}.txt`), 'utf8');

test('source lines in words', () => {
  expect(linesText([48])).toBe('rad 48');
  expect(linesText([48, 47])).toBe('rad 47–48');
  expect(linesText([4, 65])).toBe('rad 4 och 65');
  expect(linesText([1, 2, 5, 9, 10])).toBe('rad 1–2, 5 och 9–10');
});

test.each([
  ['seed-002-rsr-kallelse-2026-01-26', 'RS/62/2026'],
  ['seed-002-rsr-kallelse-2026-01-26', 'HSN/2088/2025'],
  ['seed-000-rsr-protokoll-2025-05-05', 'RS/418/2025'],
])('%s %s: the form values read back to the draft, every form field of the proposal marked', (name, dnr) => {
  const doc = parseAgenda(seed(name), registry);
  const item = doc.items.find((i) => i.fields.dnr?.value === dnr)!;
  const proposal = proposeCase(doc, item, registry);
  const values = formValues(proposal.draft, registry);
  expect(formToJson(values as Submitted, REGISTRATION_FORM, recipientContext(registry))).toEqual(proposal.draft);
  const marks = fieldMarks(proposal);
  for (const field of Object.keys(proposal.sources).filter((f) => f in REGISTRATION_FORM)) expect(marks[field]).toMatchObject({ missing: false, text: expect.stringMatching(/^Ur handlingen, rad \d/) });
  for (const field of proposal.missing) expect(marks[field]).toMatchObject({ missing: true, text: 'Saknas i handlingen – fyll i' });
  expect(decodeMarks(encodeMarks(marks))).toEqual(marks);
});

test('carried marks that are not what the page wrote are ignored', () => {
  expect(decodeMarks('{"dnr":{"text":"x","missing":"ja"}}')).toBeUndefined();
  expect(decodeMarks('inte json')).toBeUndefined();
  expect(decodeMarks(undefined)).toBeUndefined();
  expect(decodeMarks('x'.repeat(30_000))).toBeUndefined();
});

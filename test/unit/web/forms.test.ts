// The dashboard's pure form logic: submitted fields → the API's JSON, and the domain's (or the
// API's) issues → an error per form field, checked against the real domain schemas.
import { validate } from '../../../domain/errors';
import { HuvudmanDecided, JusteringRecorded } from '../../../domain/events';
import { CaseRegistration } from '../../../domain/case';
import { REGISTRATION_FORM } from '../../../client/web/admin-forms';
import {
  errorId,
  fieldId,
  formErrors,
  formFieldFor,
  formToJson,
  keptValues,
  parseDocumentLine,
  parseRecipientLine,
  type FormSpec,
} from '../../../client/web/forms';

const DECISION_SPEC: FormSpec = {
  organ: 'text',
  meetingDate: 'text',
  paragraf: 'int',
  outcome: 'text',
  'justering.date': 'text',
  'justering.justerare': 'comma-list',
  'anslag.posted': 'text',
};
const DECISION_FIELDS = Object.keys(DECISION_SPEC);

describe('formToJson', () => {
  test('a decision form becomes the API body: numbers, comma lists, nested groups', () => {
    const json = formToJson(
      {
        _csrf: 'token',
        organ: ' Kommunstyrelsen ',
        meetingDate: '2026-03-25',
        paragraf: '§ 31',
        outcome: 'bifall',
        'justering.date': '2026-03-30',
        'justering.justerare': 'Anna Andersson,  Bo Berg , ',
        'anslag.posted': '2026-03-31',
      },
      DECISION_SPEC,
    );
    expect(json).toEqual({
      organ: 'Kommunstyrelsen',
      meetingDate: '2026-03-25',
      paragraf: 31,
      outcome: 'bifall',
      justering: { date: '2026-03-30', justerare: ['Anna Andersson', 'Bo Berg'] },
      anslag: { posted: '2026-03-31' },
    });
    expect(validate(HuvudmanDecided, { type: 'huvudman-decided', party: 'krokom', ...json }).ok).toBe(true);
  });

  test('empty fields are left out, and an optional group with only empty fields disappears', () => {
    const json = formToJson(
      { organ: 'Kommunstyrelsen', meetingDate: '', paragraf: '   ', outcome: 'avslag', 'justering.date': '', 'justering.justerare': ' , ', 'anslag.posted': '' },
      DECISION_SPEC,
    );
    expect(json).toEqual({ organ: 'Kommunstyrelsen', outcome: 'avslag' });
  });

  test('a paragraph that is not a whole number is passed on as text, so the domain names the rule', () => {
    expect(formToJson({ paragraf: '31b' }, { paragraf: 'int' })).toEqual({ paragraf: '31b' });
    expect(formToJson({ paragraf: '12' }, { paragraf: 'int' })).toEqual({ paragraf: 12 });
    const result = validate(HuvudmanDecided, { type: 'huvudman-decided', party: 'krokom', organ: 'KS', meetingDate: '2026-03-25', outcome: 'bifall', paragraf: '31b' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]).toMatchObject({ path: 'paragraf', message: expect.stringMatching(/heltal/) });
  });

  test('lines (CRLF from browsers), checked boxes, comma-separated integers', () => {
    const json = formToJson(
      { points: 'Delta i arbetet\r\n\r\n  Avdela personal  \r\n', huvudman: ['krokom', 'berg'], reminders: '10, 3', one: 'krokom' },
      { points: 'lines', huvudman: 'checked', reminders: 'int-list', one: 'checked' },
    );
    expect(json).toEqual({ points: ['Delta i arbetet', 'Avdela personal'], huvudman: ['krokom', 'berg'], reminders: [10, 3], one: ['krokom'] });
  });

  test('a repeated text field counts once (the last value)', () => {
    expect(formToJson({ organ: ['A', 'B'] }, { organ: 'text' })).toEqual({ organ: 'B' });
  });

  test('"Expedieras till" lines: name with address, bare address, registry ids, a description', () => {
    const ctx = { isParty: (id: string) => id === 'krokom', isGroup: (id: string) => id === 'lanets-kommuner' };
    expect(parseRecipientLine('Tomas Jonsson <tomas.jonsson@krokom.example>', ctx)).toEqual({ name: 'Tomas Jonsson', email: 'tomas.jonsson@krokom.example' });
    expect(parseRecipientLine('"Beredskapschef" <beredskap@regionjh.example>', ctx)).toEqual({ name: 'Beredskapschef', email: 'beredskap@regionjh.example' });
    expect(parseRecipientLine('<beredskap@regionjh.example>', ctx)).toEqual({ email: 'beredskap@regionjh.example' });
    expect(parseRecipientLine('kansli@berg.example', ctx)).toEqual({ email: 'kansli@berg.example' });
    expect(parseRecipientLine('lanets-kommuner', ctx)).toEqual({ group: 'lanets-kommuner' });
    expect(parseRecipientLine('krokom', ctx)).toEqual({ party: 'krokom' });
    expect(parseRecipientLine('okand-part', ctx)).toEqual({ organisation: 'okand-part' });
    expect(parseRecipientLine('Länsstyrelsen Jämtlands län', ctx)).toEqual({ organisation: 'Länsstyrelsen Jämtlands län' });
  });

  test('beslutsunderlag lines: a title, optionally followed by its web address', () => {
    expect(parseDocumentLine('Tjänsteskrivelse https://example.org/ts.pdf')).toEqual({ title: 'Tjänsteskrivelse', url: 'https://example.org/ts.pdf' });
    expect(parseDocumentLine('Protokollsutdrag RSR § 2')).toEqual({ title: 'Protokollsutdrag RSR § 2' });
    expect(parseDocumentLine('https://example.org/bara-en-adress')).toEqual({ title: 'https://example.org/bara-en-adress' });
  });

  test('kept values show what was entered, only for the form\'s own fields', () => {
    expect(keptValues({ _csrf: 'x', meetingDate: '2026-02-30', huvudman: 'krokom' }, { meetingDate: 'text', huvudman: 'checked', paragraf: 'int' })).toEqual({
      meetingDate: '2026-02-30',
      huvudman: ['krokom'],
    });
  });
});

describe('formErrors', () => {
  test('the domain\'s issues for a bad decision land on their fields: impossible date, missing §', () => {
    const body = formToJson({ organ: 'Kommunstyrelsen', meetingDate: '2026-02-30', paragraf: '', outcome: 'bifall' }, DECISION_SPEC);
    const result = validate(HuvudmanDecided, { type: 'huvudman-decided', party: 'krokom', ...body });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const errors = formErrors(result.issues, DECISION_FIELDS);
    expect(errors.byField.meetingDate).toEqual(['Sammanträdesdatum: "2026-02-30" finns inte i kalendern (februari 2026 har 28 dagar)']);
    expect(errors.byField.paragraf).toEqual(['Paragraf (§): saknas (obligatoriskt)']);
    expect(errors.all.map((e) => e.name)).toEqual(['meetingDate', 'paragraf']);
  });

  test('a list item maps to the list\'s text box; a problem with a whole group to its first field', () => {
    const body = { type: 'huvudman-decided', party: 'krokom', organ: 'KS', meetingDate: '2026-03-25', paragraf: 3, outcome: 'bifall', justering: { date: '2026-03-20', justerare: ['  '] }, anslag: { posted: '2026-03-19' } };
    const result = validate(HuvudmanDecided, body);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const errors = formErrors(result.issues, DECISION_FIELDS);
    expect(errors.byField['justering.justerare']).toEqual(['Justering › Justerare 1: får inte vara tomt']);
    expect(formFieldFor('anslag', DECISION_FIELDS)).toBe('anslag.posted');
    expect(formFieldFor('justering', DECISION_FIELDS)).toBe('justering.date');
  });

  test('the API\'s details (body.x.y, label inside the message) map the same way; unknown paths go to the summary only', () => {
    const errors = formErrors(
      [
        { path: 'body.justering.date', message: 'Justering › Datum: justeringen kan inte ske före sammanträdet 2026-03-25' },
        { path: 'body', message: 'Indata: okänt fält: foo (stavfel?)' },
        { path: 'params.token', message: 'expired' },
      ],
      DECISION_FIELDS,
    );
    expect(errors.byField).toEqual({ 'justering.date': ['Justering › Datum: justeringen kan inte ske före sammanträdet 2026-03-25'] });
    expect(errors.all.map((e) => e.name)).toEqual(['justering.date', '', '']);
  });

  test('the longest matching field wins (justering.date, not a field called justering)', () => {
    expect(formFieldFor('body.justering.date', ['justering', 'justering.date'])).toBe('justering.date');
    expect(formFieldFor('justering.justerare.0', ['justering', 'justering.date'])).toBe('justering');
    expect(formFieldFor('recommendation.huvudman.2', ['recommendation.huvudman', 'recommendation.points'])).toBe('recommendation.huvudman');
    expect(formFieldFor('expedierasTill.1.email', ['expedierasTill'])).toBe('expedierasTill');
  });

  test('registration issues from a form: nested paths, list items, and a rule spanning two fields', () => {
    const spec = REGISTRATION_FORM;
    const body = formToJson(
      {
        dnr: 'RS/900/2026',
        title: 'Test',
        'handlaggare.name': 'Kim',
        'tjansteskrivelse.date': '2026-05-02',
        'tjansteskrivelse.author': 'Kim',
        'tjansteskrivelse.summary': 'Sammanfattning',
        'tjansteskrivelse.forslagTillBeslut': 'Punkt 1',
        rsrMeetingDate: '2026-05-01',
        'recommendation.points': 'Punkt 1',
        'recommendation.senast': '2026-04-01',
        expedierasTill: 'Länsstyrelsen Jämtlands län',
      },
      spec,
    );
    const result = validate(CaseRegistration, body);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const errors = formErrors(result.issues, Object.keys(spec));
    // "Länsstyrelsen Jämtlands län" is a name the registry knows (checkCaseAgainstRegistry resolves it).
    expect(Object.keys(errors.byField).sort()).toEqual(['recommendation.huvudman']);
    expect(errors.byField['recommendation.huvudman']).toEqual(['Rekommendation › Huvudmän: saknas (obligatoriskt)']);
    // The rules across fields (dates in order) speak once every field is itself valid.
    const fixed = formToJson({ 'recommendation.huvudman': 'krokom', expedierasTill: 'Kansliet <kansli@krokom.example>' }, spec);
    const second = validate(CaseRegistration, { ...body, expedierasTill: fixed.expedierasTill, recommendation: { ...(body.recommendation as object), ...(fixed.recommendation as object) } });
    expect(second.ok).toBe(false);
    if (second.ok) return;
    expect(Object.keys(formErrors(second.issues, Object.keys(spec)).byField).sort()).toEqual(['recommendation.senast', 'tjansteskrivelse.date']);
  });

  test('a justering form: the justerare list required, with the domain\'s message', () => {
    const body = formToJson({ date: '2026-02-02', justerare: '' }, { date: 'text', justerare: 'comma-list' });
    const result = validate(JusteringRecorded, { type: 'justering-recorded', ...body });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(formErrors(result.issues, ['date', 'justerare']).byField).toEqual({ justerare: ['Justerare: saknas (obligatoriskt)'] });
  });
});

test('ids for inputs and their error messages are stable and safe in HTML', () => {
  expect(fieldId('justering.date')).toBe('f-justering-date');
  expect(errorId('justering.date')).toBe('f-justering-date-fel');
  expect(fieldId('a"b<c')).toBe('f-a-b-c');
});

// Case registration and human events: what is accepted, and what a person is told otherwise.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_PARTIES_FILE, loadParties } from '../../../config/load-parties';
import { CaseRegistration, checkCaseAgainstRegistry, recommendingBody } from '../../../domain/case';
import { CaseFile } from '../../../domain/case-file';
import { ValidationError, parseOrThrow, validate } from '../../../domain/errors';
import { HumanEvent } from '../../../domain/events';
import { HUMAN_EVENT_TYPES } from '../../../domain/rules';

const registry = loadParties(DEFAULT_PARTIES_FILE);
const demo = JSON.parse(readFileSync(path.join(__dirname, '../../../demo/cases/RS-62-2026.json'), 'utf8'));
const registration = () => structuredClone(demo.registration);

function problems(schema: Parameters<typeof validate>[0], input: unknown) {
  const result = validate(schema, input);
  if (result.ok) throw new Error('expected validation to fail');
  return result.issues.map((i) => `${i.field}: ${i.message}`);
}

describe('case registration', () => {
  test('the RS/62/2026 registration is valid; reminders default to 10 and 3 working days', () => {
    const input = registration();
    delete input.recommendation.reminders;
    const result = validate(CaseRegistration, input);
    expect(result.ok && result.value.recommendation.reminders).toEqual([10, 3]);
    expect(result.ok && checkCaseAgainstRegistry(result.value, registry)).toEqual([]);
    expect(result.ok && recommendingBody(result.value, registry)).toBe('rsr');
  });

  test('missing and malformed fields are named with Swedish labels and the rule in words', () => {
    const input = registration();
    delete input.title;
    input.tjansteskrivelse.date = '2026-02-30';
    input.beredning[0].paragraf = 0;
    input.recommendation.points = [];
    input.expedierasTill[0] = { role: 'Beredskapschef' };
    input.beslutsunderlag[0].url = 'not a link';
    input.handlaggare.phone = '063-14 66 30';
    expect(problems(CaseRegistration, input)).toEqual([
      'Rubrik: saknas (obligatoriskt)',
      'Handläggare: okänt fält: phone (stavfel?)',
      'Tjänsteskrivelse › Datum: "2026-02-30" finns inte i kalendern (februari 2026 har 28 dagar)',
      'Beredning 1 › Paragraf (§): ska vara 1 eller större',
      'Rekommendation › Beslutspunkter: ska ha minst en punkt',
      'Beslutsunderlag 1 › Länk: ska vara en webbadress (https://…)',
    ]);
  });

  test('dates must follow the order of the process', () => {
    const input = registration();
    input.tjansteskrivelse.date = '2026-02-01';
    input.beredning[0].meetingDate = '2026-01-27';
    input.recommendation.senast = '2026-01-26';
    expect(problems(CaseRegistration, input)).toEqual([
      'Tjänsteskrivelse › Datum: tjänsteskrivelsen (2026-02-01) kan inte vara daterad efter sammanträdet 2026-01-26',
      'Beredning 1 › Sammanträdesdatum: beredningen (2026-01-27) ska ske före rekommendationsbeslutet 2026-01-26',
      'Rekommendation › Senast: måste vara efter sammanträdet 2026-01-26 där rekommendationen beslutas',
    ]);
  });

  test('a huvudman listed twice is refused', () => {
    const input = registration();
    input.recommendation.huvudman.push('krokom');
    expect(problems(CaseRegistration, input)).toEqual(['Rekommendation › Huvudmän 10: "krokom" står med mer än en gång']);
  });

  test('party references are checked against the registry', () => {
    const input = registration();
    input.recommendation.huvudman = ['krokom', 'lansstyrelsen-z', 'atlantis'];
    input.expedierasTill.push({ group: 'alla-regioner' });
    const parsed = CaseRegistration.parse(input);
    expect(checkCaseAgainstRegistry(parsed, registry).map((i) => `${i.field}: ${i.message}`)).toEqual([
      'Rekommendation › Huvudmän 2: Länsstyrelsen Jämtlands län har inget beslutande organ i partregistret och kan inte ombes besluta',
      'Rekommendation › Huvudmän 3: "atlantis" finns inte i partregistret',
      'Expedieras till 5 › Grupp: "alla-regioner" finns inte i partregistret',
    ]);
  });
});

describe('human events (payloads of Temporal updates)', () => {
  const valid = {
    'correction-recorded': { type: 'correction-recorded', party: 'krokom', target: 'anslag', changes: { posted: '2026-04-20' }, reason: 'Fel dag angavs' },
    'beredning-recorded': { type: 'beredning-recorded', organ: 'SVOM', party: 'svom', meetingDate: '2025-12-12', paragraf: 48, outcome: 'forslag' },
    'rsr-decided': { type: 'rsr-decided', meetingDate: '2026-01-26', paragraf: 2, beslut: ['Delta i det aktörsgemensamma arbetet'] },
    'justering-recorded': { type: 'justering-recorded', justerare: ['Richard Nilsson'], date: '2025-05-14' },
    'anslag-posted': { type: 'anslag-posted', posted: '2025-05-15', removed: '2025-06-09' },
    'huvudman-decided': {
      type: 'huvudman-decided', party: 'krokom', organ: 'Kommunstyrelsen', meetingDate: '2026-03-10', paragraf: 41, outcome: 'delvis-bifall',
      justering: { justerare: ['A', 'B'], date: '2026-03-12' }, anslag: { posted: '2026-03-13' },
    },
    'appeal-filed': { type: 'appeal-filed', party: 'krokom', filedOn: '2026-03-20', court: 'Förvaltningsrätten i Härnösand' },
    withdrawn: { type: 'withdrawn', date: '2026-02-01', reason: 'Ärendet har ersatts av RS/99/2026' },
  } as const;

  test('one valid example of every event type', () => {
    expect(Object.keys(valid).sort()).toEqual([...HUMAN_EVENT_TYPES].sort());
    expect(HumanEvent.options.map((o) => o.shape.type.value).sort()).toEqual([...HUMAN_EVENT_TYPES].sort());
    for (const event of Object.values(valid)) expect(validate(HumanEvent, event)).toEqual({ ok: true, value: event });
  });

  test('every decision outcome is accepted: bifall, avslag, delvis bifall, återremiss, bordläggning', () => {
    for (const outcome of ['bifall', 'avslag', 'delvis-bifall', 'aterremiss', 'bordlaggning']) {
      expect(validate(HumanEvent, { ...valid['huvudman-decided'], outcome }).ok).toBe(true);
    }
    expect(problems(HumanEvent, { ...valid['huvudman-decided'], outcome: 'ja' })).toEqual([
      'Utfall: ska vara ett av: bifall, avslag, delvis-bifall, aterremiss, bordlaggning',
    ]);
  });

  test('an unknown event type lists the allowed ones', () => {
    expect(problems(HumanEvent, { type: 'vote' })[0]).toBe(`Händelsetyp: okänd händelsetyp; tillåtna: ${HUMAN_EVENT_TYPES.join(', ')}`);
  });

  test('KL 8 kap. 12 §: an anslag taken down before the appeal period ended is refused with the first allowed day', () => {
    expect(problems(HumanEvent, { ...valid['anslag-posted'], removed: '2025-06-05' })).toEqual([
      'Anslaget nedtaget: anslaget får inte tas ned före 2025-06-09, första vardagen efter överklagandetidens slut (kommunallagen 8 kap. 12 § och 13 kap. 5 §)',
    ]);
  });

  test('a huvudman decision keeps justering and anslag in order', () => {
    const early = { ...valid['huvudman-decided'], justering: { justerare: ['A'], date: '2026-03-09' }, anslag: { posted: '2026-03-08' } };
    expect(problems(HumanEvent, early)).toEqual([
      'Justering › Datum: justeringen kan inte ske före sammanträdet 2026-03-10',
      'Anslag › Anslaget uppsatt: anslaget kan inte sättas upp före justeringen 2026-03-09',
    ]);
    const { justering: _omitted, ...withoutJustering } = valid['huvudman-decided'];
    expect(problems(HumanEvent, withoutJustering)).toEqual(['Anslag: ett anslag tillkännager en justering: ange justeringen också']);
  });

  test('parseOrThrow, for update validators, throws synchronously with a one-line summary', () => {
    expect(() => parseOrThrow(HumanEvent, { ...valid.withdrawn, reason: '  ' })).toThrow(new ValidationError([{ path: 'reason', field: 'Skäl', message: 'får inte vara tomt' }]));
    expect(() => parseOrThrow(HumanEvent, { type: 'withdrawn' })).toThrow('Datum: saknas (obligatoriskt) (och 1 fel till)');
  });
});

describe('case file', () => {
  test('an unknown top-level field is refused; events default to none', () => {
    expect(problems(CaseFile, { registration: registration(), extra: 1 })).toEqual(['Indata: okänt fält: extra (stavfel?)']);
    const parsed = validate(CaseFile, { registration: registration() });
    expect(parsed.ok && parsed.value.events).toEqual([]);
  });
});

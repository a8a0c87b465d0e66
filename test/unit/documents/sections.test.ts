import { cutBody, headingOf, readList, readPoints, readRecipients } from '../../../domain/documents/sections';
import { toLines } from '../../../domain/documents/text';

const lines = (text: string) => toLines(text);

test('headingOf knows the headings and not a sentence that starts like one', () => {
  expect(headingOf('Förslag till beslut')).toEqual({ name: 'forslag', rest: '' });
  expect(headingOf('Förslag till beslut Regionens samverkansråd')).toEqual({ name: 'forslag', rest: 'Regionens samverkansråd' });
  expect(headingOf('Kommunstyrelsens beslut')?.name).toBe('beslut');
  expect(headingOf('Utdrag till')?.name).toBe('expedieras');
  expect(headingOf('Trafikverkets förslag ska vara klart den 30 september 2025')).toBeUndefined();
  expect(headingOf('Beslut om X fattades i mars')).toBeUndefined();
  expect(headingOf('Beslutsunderlag')?.name).toBe('underlag');
});

test('readPoints: an intro, then numbered points running over lines and blank lines', () => {
  const { intro, points } = readPoints(lines('Rådet föreslår att besluta:\n\n1. Godkänna rapporten.\n 2. Anta inriktning för skola\n\noch socialtjänst.\n'));
  expect(intro?.text).toBe('Rådet föreslår att besluta:');
  expect(points.map((p) => [p.text, p.lines])).toEqual([['Godkänna rapporten.', [3]], ['Anta inriktning för skola och socialtjänst.', [4, 6]]]);
});

test('readPoints: no numbers, one point', () => {
  expect(readPoints(lines('Reviderad instruktion\nfastställs.')).points.map((p) => p.text)).toEqual(['Reviderad instruktion fastställs.']);
});

test('readList: bullets, with their continuation lines; two blank lines end the list', () => {
  const list = readList(lines('• Tjänsteskrivelse om\n\nsuicidprevention 2026-2034\n• Protokollsutdrag SVOM\n\n\n1. Kallelse + Program'));
  expect(list.map((e) => e.text)).toEqual(['Tjänsteskrivelse om suicidprevention 2026-2034', 'Protokollsutdrag SVOM']);
});

test('readRecipients: commas run on, a person keeps their organisation', () => {
  const run = readRecipients(lines('Regionstyrelsen Region Jämtland Härjedalen, Kommunstyrelser i länets kommuner,\nTomas Jonsson, kommundirektör i Krokoms kommun, Gemensam nämnd avseende\nsamordnad upphandling, lagerhållning'));
  expect(run.map((r) => r.text)).toEqual([
    'Regionstyrelsen Region Jämtland Härjedalen',
    'Kommunstyrelser i länets kommuner',
    'Tomas Jonsson, kommundirektör i Krokoms kommun',
    'Gemensam nämnd avseende samordnad upphandling, lagerhållning',
  ]);
  expect(readRecipients(lines('Dan Osterling, Östersunds kommun\nHR-direktör, HR-strateg')).map((r) => r.text)).toEqual(['Dan Osterling, Östersunds kommun', 'HR-direktör', 'HR-strateg']);
});

test('cutBody: title up to its "(Dnr)", the time beside it, then the sections', () => {
  const all = lines('Etablering av arbetsgrupp för\n(RS/62/2026)\n\n 13:25\nÄrendebeskrivning\nText.\nFörslag till beslut\n1. Delta\nYrkanden\nNågon yrkar.\nExpedieras till\nRSR');
  const body = cutBody(undefined, all);
  expect(body.title.map((l) => l.n)).toEqual([1, 2]);
  expect(body.dnr).toEqual({ value: 'RS/62/2026', line: 2 });
  expect(body.time?.time).toBe('13:25');
  expect(body.sections.summary?.map((l) => l.text)).toEqual(['Text.']);
  expect(body.sections.forslag?.map((l) => l.text)).toEqual(['1. Delta']);
  expect(body.sections.expedieras?.map((l) => l.text)).toEqual(['RSR']);
});

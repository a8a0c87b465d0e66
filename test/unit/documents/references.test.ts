import { findDate, findDnrs, labelledDnr, senastDate, splitTitleDnr } from '../../../domain/documents/references';

test('findDnrs finds the region form and the older ORGAN/ÅR-NUMMER', () => {
  expect(findDnrs('beslutade i RS/62/2026, se även RS/2014-207 och HSN/2088/2025')).toEqual(['RS/62/2026', 'RS/2014-207', 'HSN/2088/2025']);
  expect(findDnrs('RS/102, 103, 104/2024')).toEqual([]);
});

test('splitTitleDnr takes a Dnr in parentheses (or at the end) off the title', () => {
  expect(splitTitleDnr('Etablering av arbetsgrupp (RS/62/2026)')).toEqual({ title: 'Etablering av arbetsgrupp', dnr: 'RS/62/2026' });
  expect(splitTitleDnr('Länshandlingsplan (KS 2026/0231)')).toEqual({ title: 'Länshandlingsplan', dnr: 'KS 2026/0231' });
  expect(splitTitleDnr('Överenskommelse om stöd RUN/206/2015')).toEqual({ title: 'Överenskommelse om stöd', dnr: 'RUN/206/2015' });
  expect(splitTitleDnr('Tillgänglighetskartan (ToJ)')).toEqual({ title: 'Tillgänglighetskartan (ToJ)' });
});

test('labelledDnr reads a document’s own Dnr line', () => {
  expect(labelledDnr('Dnr: RUN/206/2015')).toBe('RUN/206/2015');
  expect(labelledDnr('Dnr KS-2026-0233')).toBe('KS-2026-0233');
  expect(labelledDnr('Dnr KS 2026/118')).toBe('KS 2026/118');
  expect(labelledDnr('Dnr')).toBeUndefined();
});

test('findDate reads ISO and Swedish written dates, and refuses impossible ones', () => {
  expect(findDate('DATUM: 28 september 2015, kl. 13.00–16.00')).toBe('2015-09-28');
  expect(findDate('Digital justering , 2025-05-14 00:00')).toBe('2025-05-14');
  expect(findDate('2026-02-30')).toBeUndefined();
  expect(findDate('hösten 2027')).toBeUndefined();
});

test('senastDate needs a date right after "senast": "senast besluta" has none', () => {
  expect(senastDate('att senast besluta om följande:')).toBeUndefined();
  expect(senastDate('att senast den 30 juni 2027 besluta att')).toBe('2027-06-30');
  expect(senastDate('besluta senast 2026-06-30')).toBe('2026-06-30');
  expect(senastDate('lyfts senast hösten 2027, för att börja gälla 2028-01-01')).toBeUndefined();
});

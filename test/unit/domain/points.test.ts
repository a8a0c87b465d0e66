// Points typed with their numbers are not numbered twice.
import { numberedPoints, pointLines } from '../../../domain/points';

test('points without numbers are numbered 1, 2, 3', () => {
  expect(pointLines(['Delta i arbetet', 'Avdela personal'])).toEqual(['1. Delta i arbetet', '2. Avdela personal']);
});

test('points typed with their numbers keep them, once', () => {
  expect(pointLines(['1. Delta i det aktörsgemensamma arbetet.', '2) Avdela personal', ' 3 . Avdela direktör'])).toEqual([
    '1. Delta i det aktörsgemensamma arbetet.',
    '2. Avdela personal',
    '3. Avdela direktör',
  ]);
  expect(numberedPoints(['1. Delta'])).toEqual([{ number: 1, text: 'Delta' }]);
});

test('a typed number is respected, and the points after it follow on', () => {
  expect(pointLines(['3. Ge regiondirektören i uppdrag', 'Återrapportera'])).toEqual(['3. Ge regiondirektören i uppdrag', '4. Återrapportera']);
});

test('a number that is part of the text is not taken for numbering', () => {
  expect(pointLines(['2026 års plan godkänns', '12,5 miljoner kronor avsätts', '1.5 tjänster'])).toEqual([
    '1. 2026 års plan godkänns',
    '2. 12,5 miljoner kronor avsätts',
    '3. 1.5 tjänster',
  ]);
});

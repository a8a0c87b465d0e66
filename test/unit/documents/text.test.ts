import { joinLines, normaliseLine, toLines, withoutPresenter } from '../../../domain/documents/text';

describe('normaliseLine', () => {
  test('collapses white space and closes up letter-spaced headings', () => {
    expect(normaliseLine('  K a l l e l s e / f ö r e d r a g n i n g s l i s t a ')).toBe('Kallelse/föredragningslista');
    expect(normaliseLine('Regionstyrelsen\t  2026-03-25 ')).toBe('Regionstyrelsen 2026-03-25');
  });
  test('writes "§2" and "§ 2" alike', () => {
    expect(normaliseLine('§2')).toBe('§ 2');
    expect(normaliseLine('• §23 Hälso- och sjukvårdsnämnden')).toBe('• § 23 Hälso- och sjukvårdsnämnden');
  });
  test('leaves an ordinary line with one-letter words alone', () => {
    expect(normaliseLine('i en del av länet')).toBe('i en del av länet');
  });
});

describe('toLines', () => {
  test('keeps the original numbering and blanks page furniture', () => {
    const lines = toLines('Titel\n 33 / 76\nJusterandes sign   Utdragsbestyrkande\n2(8) \nText');
    expect(lines.map((l) => [l.n, l.text])).toEqual([[1, 'Titel'], [2, ''], [3, ''], [4, ''], [5, 'Text']]);
  });
  test('records columns set apart by two or more spaces', () => {
    expect(toLines('5. Information från regionstyrelsen   Björn Eriksson ')[0]!.cols).toEqual(['5. Information från regionstyrelsen', 'Björn Eriksson']);
  });
});

describe('joinLines', () => {
  test('undoes a hyphenation at the line end', () => {
    expect(joinLines(['Överens-', 'kommelsen är tecknad'])).toBe('Överenskommelsen är tecknad');
  });
  test('keeps the hyphen of a shortened compound and of a slash', () => {
    expect(joinLines(['hälso-', 'och sjukvård'])).toBe('hälso- och sjukvård');
    expect(joinLines(['gång-', '/cykelvägsobjekt'])).toBe('gång-/cykelvägsobjekt');
  });
  test('joins broken lines with one space and skips blank ones', () => {
    expect(joinLines(['Etablering av arbetsgrupp', '', '(RS/62/2026) '])).toBe('Etablering av arbetsgrupp (RS/62/2026)');
  });
});

test('withoutPresenter drops a name in the last column, not a title word', () => {
  const line = toLines('Information om flyktingsituationen   Nina Fållbäck-Svensson')[0]!;
  expect(withoutPresenter(line).text).toBe('Information om flyktingsituationen');
  const organ = toLines('Överenskommelse mellan Region Jämtland Härjedalen och  Länsstyrelsen')[0]!;
  expect(withoutPresenter(organ).text).toBe('Överenskommelse mellan Region Jämtland Härjedalen och Länsstyrelsen');
});

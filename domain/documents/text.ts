// Text as a PDF's text layer gives it, made readable line by line while each line keeps its number in
// the original: white space collapsed, letter-spaced headings ("K a l l e l s e") closed up, page
// furniture (page numbers, "Justerandes sign / Utdragsbestyrkande", repeated PROTOKOLL headers) blanked,
// "§2" written "§ 2". Joining a field's lines undoes hyphenation at line ends ("Överens-" + "kommelsen")
// but keeps the hyphen of a shortened compound ("hälso- och").

export interface Line {
  /** 1-based line number in the text as given. */
  n: number;
  text: string;
  /** The line's columns, where the PDF set them apart by two or more spaces ("Titel   Föredragande"). */
  cols?: string[];
}

// Furniture repeated on every page of a protokoll or tjänsteskrivelse: never part of a field.
const FURNITURE = [
  /^\d{1,3}\s*\/\s*\d{1,3}$/, // 33 / 76
  /^\d{1,3}\s*\(\d{1,3}\)$/, // 2(8)
  /^(datum\s+)?\d{1,3}\s*\(\d{1,3}\)$/i, // Datum 2(2)
  /^justerandes\s+sign\b.*$/i,
  /^utdragsbestyrkande$/i,
  /^signerat med\b.*$/i,
  /^protokoll$/i,
  /^sida\s+\d+(\s+av\s+\d+)?$/i,
];

/** "K a l l e l s e / f ö r e d r a g n i n g s l i s t a" → "Kallelse/föredragningslista". */
function closeLetterSpacing(text: string): string {
  const tokens = text.split(' ');
  if (tokens.length < 6 || tokens.some((t) => t.length > 1)) return text;
  return tokens.join('');
}

export function normaliseLine(raw: string): string {
  let text = raw.replace(/[\u00a0\t\u2009\u202f]/g, ' ').replace(/\s+/g, ' ').trim();
  text = closeLetterSpacing(text);
  text = text.replace(/§\s*(\d)/g, '§ $1').replace(/§§\s*(\d)/g, '§§ $1');
  return text;
}

export function isFurniture(text: string): boolean {
  return FURNITURE.some((p) => p.test(text));
}

/** Every line of `raw`, normalised; page furniture becomes an empty line so numbering stays. */
export function toLines(raw: string): Line[] {
  return raw.split(/\r\n|\r|\n/).map((line, i) => {
    const text = normaliseLine(line);
    if (isFurniture(text)) return { n: i + 1, text: '' };
    const cols = line.trim().split(/\s{2,}|\t/).map(normaliseLine).filter(Boolean);
    return cols.length > 1 ? { n: i + 1, text, cols } : { n: i + 1, text };
  });
}

// A word cut at the line end: "Överens-" + "kommelsen". A shortened compound keeps its hyphen and
// space: "hälso- och sjukvård", "Folkhälso- samt"; a slash or dash continues without space.
const COORDINATING = /^(och|eller|samt|respektive|som|,)\b/;

/** The lines of one field as one string. */
export function joinLines(texts: readonly string[]): string {
  let out = '';
  for (const raw of texts) {
    const text = raw.trim();
    if (!text) continue;
    if (!out) {
      out = text;
      continue;
    }
    if (/[a-zåäö]-$/i.test(out) && !COORDINATING.test(text)) {
      out = /^[a-zåäö]/.test(text) ? out.slice(0, -1) + text : out + text;
    } else if (/[–/]$/.test(out) || /^[/]/.test(text)) {
      out += text;
    } else {
      out += ' ' + text;
    }
  }
  return out.replace(/\s+([,.;:)])/g, '$1').trim();
}

/** Line numbers of the non-empty lines among `lines`. */
export function numbersOf(lines: readonly Line[]): number[] {
  return lines.filter((l) => l.text).map((l) => l.n);
}

// "Björn Eriksson", "Nina Fållbäck-Svensson": a presenter set in its own column beside a title.
export const PERSON = /^\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?(?: \p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?){1,2}$/u;

/** The line without a presenter's name in its last column. */
export function withoutPresenter(line: Line): Line {
  const last = line.cols?.[line.cols.length - 1];
  if (!last || !PERSON.test(last) || !line.text.endsWith(last)) return line;
  return { n: line.n, text: line.text.slice(0, -last.length).trim() };
}

// "… jämställdhetskartan Anna Ebenmark": in a programme the presenter may follow the title after a
// single space. Only two capitalised words after a word in lower case count (a title ending in
// "Region Jämtland Härjedalen" keeps it).
const TRAILING_PERSON = /^(.*\p{Ll}[\p{Ll}”"»)]*)\s+(\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)? \p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)$/u;

/** A programme line without a presenter written after its title with one space. */
export function withoutTrailingPerson(line: Line, isKnownName: (name: string) => boolean): Line {
  const m = TRAILING_PERSON.exec(line.text);
  if (!m || isKnownName(m[2]!)) return line;
  return { ...line, text: m[1]!.trim() };
}

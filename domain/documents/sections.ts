// One item's body cut at its headings: the title lines, then Sammanfattning/Ärendebeskrivning,
// Förslag till beslut, Beslut, Expedieras till, Beslutsunderlag. What a heading does not name
// (Yrkanden, Proposition, Reservationer, "Paragrafen är justerad") ends the section before it.
import { PERSON, joinLines, withoutPresenter, withoutTrailingPerson, type Line } from './text';
import { LEADING_TIME, TRAILING_TIME, labelledDnr, splitTitleDnr } from './references';

export type SectionName = 'summary' | 'forslag' | 'beslut' | 'expedieras' | 'underlag' | 'other';

const HEADINGS: Array<[SectionName, RegExp]> = [
  ['summary', /^(sammanfattning|ärendebeskrivning|ärendet|beskrivning av ärendet)$/i],
  ['forslag', /^(förslag till beslut)\b:?\s*(.*)$/i],
  ['forslag', /^([a-zåäö-]+(?:ens|ns|s) förslag(?: till beslut)?|förslag till [a-zåäö]+s beslut):?()$/i],
  ['beslut', /^(beslut|[a-zåäö-]+s beslut):?(?:\s+(\d.*))?$/i],
  ['expedieras', /^(expedieras till|utdrag till|beslutet skickas till|beslutet expedieras till)\b:?\s*(.*)$/i],
  ['underlag', /^(beslutsunderlag|underlag för beslut|bilagor)\b:?\s*(.*)$/i],
  [
    'other',
    /^(yrkanden?|proposition(sordning)?|omröstning|reservation(er)?|protokollsanteckning(ar)?|jäv|beslutsgång|paragrafen är justerad|voteringslist|-{3,}|bakgrund$|i tjänsten$)/i,
  ],
];

export interface Heading {
  name: SectionName;
  /** Text after the heading on the same line ("Förslag till beslut Regionens samverkansråd"). */
  rest: string;
}

export function headingOf(text: string): Heading | undefined {
  for (const [name, pattern] of HEADINGS) {
    const m = pattern.exec(text);
    if (m) return { name, rest: name === 'other' || name === 'summary' ? '' : (m[2] ?? '').trim() };
  }
  return undefined;
}

export interface Body {
  title: Line[];
  time?: Line & { time: string };
  dnr?: { value: string; line: number };
  sections: Partial<Record<Exclude<SectionName, 'other'>, Line[]>>;
}

/**
 * `first` is the text after the item's marker on its own line ("3. Etablering …", "§ 73 Svar på …").
 * The title runs until a blank line after it, a heading, a line with a clock time, or its "(Dnr)".
 * `timesAbove`: the programme sets each time above its item, so a time below a title is the next one's.
 */
export function cutBody(first: Line | undefined, lines: readonly Line[], options: { timesAbove?: boolean; isKnownName?: (name: string) => boolean } = {}): Body {
  const body: Body = { title: [], sections: {} };
  // A programme's item line may carry its presenter after one space ("… kartan Anna Ebenmark").
  const own = first && options.timesAbove && !first.cols ? withoutTrailingPerson(first, options.isKnownName ?? (() => false)) : first;
  const all = own && own.text ? [own, ...lines] : [...lines];
  let i = 0;
  let titleDone = false;
  for (; i < all.length && !titleDone; i++) {
    const line = withoutPresenter(all[i]!);
    if (!line.text) {
      // Two-column programmes break a title over a blank line: go on when it ends open or the next starts in lower case.
      const nextText = all.slice(i + 1).find((l) => l.text)?.text ?? '';
      const open = /\b(och|mellan|för|i|om|av|till|med|samt)$/.test(body.title[body.title.length - 1]?.text ?? '') || /^[a-zåäö]/.test(nextText);
      if (body.title.length > 0 && !(open && !headingOf(nextText) && !TRAILING_TIME.test(nextText))) titleDone = true;
      continue;
    }
    if (headingOf(line.text)) break;
    // "Dnr KS-2026-0233" on its own line under the title ends it.
    const own = /^dnr\b/i.test(line.text) ? labelledDnr(line.text) : undefined;
    if (own) {
      body.dnr ??= { value: own, line: line.n };
      if (body.title.length > 0) titleDone = true;
      continue;
    }
    const lead = LEADING_TIME.exec(line.text);
    const trail = TRAILING_TIME.exec(line.text);
    if (lead && line.text.length === lead[0].trim().length) {
      body.time ??= { ...line, time: lead[1]!.replace('.', ':') };
      continue;
    }
    if (trail) {
      // "Per Lundkvist Molin 14:15" under a title: who presents, and when. On the item's own line
      // ("5. Information om …   Karin Öst 14:15") the title comes first.
      body.time ??= { ...line, time: trail[1]!.replace('.', ':') };
      if (body.title.length > 0) {
        titleDone = true;
        continue;
      }
      const cut = (t: string) => t.replace(TRAILING_TIME, '').trim();
      const own = withoutPresenter({ n: line.n, text: cut(line.text), ...(line.cols ? { cols: line.cols.map(cut).filter(Boolean) } : {}) });
      if (own.text) body.title.push(own);
      titleDone = true;
      continue;
    }
    body.title.push(line);
    const split = splitTitleDnr(joinLines(body.title.map((l) => l.text)));
    if (split.dnr) {
      body.dnr = { value: split.dnr, line: line.n };
      titleDone = true;
    }
  }
  let current: Line[] | undefined;
  for (; i < all.length; i++) {
    const line = all[i]!;
    // "Ärende 4" at the foot of an attached memo's page: the section goes on over the page break.
    if (/^ärende\s+\d+$/i.test(line.text)) continue;
    const heading = line.text ? headingOf(line.text) : undefined;
    if (heading) {
      if (heading.name === 'other') {
        current = undefined;
        continue;
      }
      // A section met twice is a later step of the same matter (the styrelse's, then the fullmäktige's
      // beslut): the later one stands.
      current = body.sections[heading.name] = [];
      if (heading.rest) current.push({ n: line.n, text: heading.rest });
      continue;
    }
    // Before the first heading, after the title: "13:25" or "Anna Frisk och Jan Persson 14:45".
    const time = !options.timesAbove && !current && Object.keys(body.sections).length === 0 ? (LEADING_TIME.exec(line.text) ?? TRAILING_TIME.exec(line.text)) : null;
    if (time && (line.text.length <= 5 || TRAILING_TIME.test(line.text))) body.time ??= { ...line, time: time[1]!.replace('.', ':') };
    current?.push(line);
  }
  return body;
}

export interface Point {
  text: string;
  lines: number[];
}

const NUMBERED = /^(\d{1,2})[.)]\s+(\S.*)$/;

/** A Förslag or Beslut: its intro ("… föreslår … att besluta om följande:") and its numbered points. */
export function readPoints(lines: readonly Line[]): { intro?: Point; points: Point[] } {
  const intro: Line[] = [];
  const points: Line[][] = [];
  for (const line of lines) {
    if (!line.text) continue;
    const m = NUMBERED.exec(line.text);
    if (m) points.push([{ n: line.n, text: m[2]! }]);
    else if (points.length > 0) points[points.length - 1]!.push(line);
    else intro.push(line);
  }
  const point = (ls: Line[]): Point => ({ text: joinLines(ls.map((l) => l.text)), lines: ls.map((l) => l.n) });
  if (points.length === 0) return { points: intro.length > 0 ? [point(intro)] : [] };
  return { ...(intro.length > 0 ? { intro: point(intro) } : {}), points: points.map(point) };
}

/** A list written one entry per line, or "•"-bulleted entries running over several lines. */
export function readList(lines: readonly Line[]): Point[] {
  const entries: Line[][] = [];
  const bulleted = lines.some((l) => /^[•·▪-]\s/.test(l.text));
  let blanks = 0;
  for (const line of lines) {
    if (!line.text) {
      blanks++;
      continue;
    }
    // Two blank lines end a list: what follows is the page's foot, not an entry.
    if (blanks >= 2 && entries.length > 0) break;
    blanks = 0;
    const bullet = /^[•·▪-]\s+(.*)$/.exec(line.text);
    const text = bullet ? bullet[1]! : line.text;
    const previous = entries[entries.length - 1];
    // Bulleted: a line without a bullet continues the entry. Unbulleted: a line starting in lower case,
    // or after one ending in a word cut or "och", continues it.
    const continues = previous && (bulleted ? !bullet : /^[a-zåäö(]/.test(text) || /(-|\boch)$/.test(previous[previous.length - 1]!.text));
    if (continues) previous.push({ n: line.n, text });
    else entries.push([{ n: line.n, text }]);
  }
  return entries.map((ls) => ({ text: joinLines(ls.map((l) => l.text)), lines: ls.map((l) => l.n) }));
}

/** "Expedieras till": one recipient per line, or several on a line separated by commas. */
const ORGANISATION = /(kommun|nämnden|styrelsen|förvaltningen|länsstyrelsen|regionen|förbundet)$|^förvaltning\b/i;

/**
 * "Expedieras till": one recipient per line, or several on a line separated by commas. A piece stays
 * with the one before it when it starts in lower case ("Tomas Jonsson, kommundirektör i …",
 * "upphandling, lagerhållning och …") or names where a person or a one-word role sits ("Dan
 * Osterling, Östersunds kommun", "Miljöstrateg, Regionala utvecklingsnämnden").
 */
export function readRecipients(lines: readonly Line[]): Point[] {
  const out: Point[] = [];
  for (const entry of readList(lines)) {
    const merged: string[] = [];
    for (const piece of entry.text.split(/,\s+/)) {
      const previous = merged[merged.length - 1];
      const belongs =
        previous !== undefined &&
        (/^[a-zåäö]/.test(piece) || (ORGANISATION.test(piece) && (PERSON.test(previous) || /^\p{Lu}[\p{Ll}-]+$/u.test(previous))));
      if (belongs) merged[merged.length - 1] += `, ${piece}`;
      else merged.push(piece);
    }
    for (const text of merged) if (text.trim()) out.push({ text: text.trim().replace(/[.,]$/, ''), lines: entry.lines });
  }
  return out;
}

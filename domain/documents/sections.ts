// One item's body cut at its headings: the title lines, then Sammanfattning/Ärendebeskrivning,
// Förslag till beslut, Beslut, Expedieras till, Beslutsunderlag. What a heading does not name
// (Yrkanden, Proposition, Reservationer, "Paragrafen är justerad") ends the section before it.
import { joinLines, type Line } from './text';
import { LEADING_TIME, TRAILING_TIME, splitTitleDnr } from './references';

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
    /^(yrkanden?|proposition(sordning)?|omröstning|reservation(er)?|protokollsanteckning(ar)?|jäv|beslutsgång|paragrafen är justerad|voteringslist|ärende\s+\d+$|-{3,}|bakgrund$|i tjänsten$)/i,
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
 */
export function cutBody(first: Line | undefined, lines: readonly Line[]): Body {
  const body: Body = { title: [], sections: {} };
  const all = first && first.text ? [first, ...lines] : [...lines];
  let i = 0;
  let titleDone = false;
  for (; i < all.length && !titleDone; i++) {
    const line = all[i]!;
    if (!line.text) {
      if (body.title.length > 0) titleDone = true;
      continue;
    }
    if (headingOf(line.text)) break;
    const lead = LEADING_TIME.exec(line.text);
    const trail = TRAILING_TIME.exec(line.text);
    if (lead && line.text.length === lead[0].trim().length) {
      body.time ??= { ...line, time: lead[1]!.replace('.', ':') };
      continue;
    }
    if (trail) {
      // "Per Lundkvist Molin 14:15": who presents, and when; not the title.
      body.time ??= { ...line, time: trail[1]!.replace('.', ':') };
      if (body.title.length > 0) titleDone = true;
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
    const heading = line.text ? headingOf(line.text) : undefined;
    if (heading) {
      if (heading.name === 'other') {
        current = undefined;
        continue;
      }
      // A section met twice (a page break repeats "Beslut") goes on where it was.
      current = body.sections[heading.name] ?? (body.sections[heading.name] = []);
      if (heading.rest) current.push({ n: line.n, text: heading.rest });
      continue;
    }
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
  let blankBefore = false;
  for (const line of lines) {
    if (!line.text) {
      blankBefore = true;
      continue;
    }
    const bullet = /^[•·▪-]\s+(.*)$/.exec(line.text);
    const text = bullet ? bullet[1]! : line.text;
    const previous = entries[entries.length - 1];
    // Bulleted: a line without a bullet continues the entry. Unbulleted: a line starting in lower case,
    // or after one ending in a word cut or "och", continues it.
    const continues = previous && (bulleted ? !bullet : /^[a-zåäö(]/.test(text) || /(-|\boch)$/.test(previous[previous.length - 1]!.text));
    if (continues) previous.push({ n: line.n, text });
    else entries.push([{ n: line.n, text }]);
    blankBefore = false;
  }
  void blankBefore;
  return entries.map((ls) => ({ text: joinLines(ls.map((l) => l.text)), lines: ls.map((l) => l.n) }));
}

/** "Expedieras till": one recipient per line, or several on a line separated by commas. */
export function readRecipients(lines: readonly Line[]): Point[] {
  const out: Point[] = [];
  for (const entry of readList(lines)) {
    // "Tomas Jonsson, kommundirektör i Krokoms kommun" and "upphandling, lagerhållning och …": a
    // piece starting in lower case belongs to the recipient before it.
    const pieces = entry.text.split(/,\s+/);
    const merged: string[] = [];
    for (const piece of pieces) {
      if (merged.length > 0 && /^[a-zåäö]/.test(piece)) merged[merged.length - 1] += `, ${piece}`;
      else merged.push(piece);
    }
    for (const text of merged) if (text.trim()) out.push({ text: text.trim().replace(/[.,]$/, ''), lines: entry.lines });
  }
  return out;
}

// A kallelse/föredragningslista or an RSR protokoll cut into its items, each item's fields read with
// the lines they came from. Items numbered "3." in a kallelse, "§ 13" in a protokoll; a tjänsteskrivelse
// attached to a kallelse (its own "Dnr:" header) is an item of its own, linked by "Ärende 4".
import { normalizeName, type PartyId, type PartyRegistry } from '../parties';
import { readHeader } from './header';
import { labelledDnr, senastDate, splitTitleDnr, LEADING_TIME, PARAGRAF_LINE } from './references';
import { cutBody, readList, readPoints, readRecipients, type Point } from './sections';
import { DocumentType, ParsedDocument, type ItemFieldName, type ItemFields, type ItemKind, type ParsedItem } from './schema';
import { joinLines, numbersOf, toLines, type Line } from './text';

interface Span {
  start: number; // index of the marker line
  end: number; // exclusive
  number?: number;
  paragraf?: number;
  first?: Line; // the marker line's text after its number
  attachment?: boolean;
}

const NUMBERED_ITEM = /^(\d{1,2})\.\s+(\S.*)$/;

export function documentType(lines: readonly Line[]): DocumentType {
  const top = lines.slice(0, 25).map((l) => l.text).join('\n');
  if (/protokollsutdrag|utdrag ur protokoll|utdrag sammanträdesprotokoll|^utdrag$/im.test(top)) return 'protokollsutdrag';
  const paragraphs = lines.some((l) => /^§\s\d{1,4}$/.test(l.text) || /^paragrafen är justerad$/i.test(l.text));
  if (!paragraphs && /^(kallelse|föredragningslista|ärendeförteckning)/im.test(top)) return 'kallelse';
  return paragraphs || !/kallelse/i.test(top) ? 'protokoll' : 'kallelse';
}

/** A tjänsteskrivelse's head: a "Dnr:" line with a date or an "E-post:" line just above it. */
function isMemoHead(lines: readonly Line[], i: number): boolean {
  if (!/^dnr\b/i.test(lines[i]!.text)) return false;
  return lines.slice(Math.max(0, i - 8), i).some((l) => /^(e-post|tfn|\d{4}-\d{2}-\d{2}$)/i.test(l.text));
}

function memoStart(lines: readonly Line[], i: number): number {
  // Back from "Dnr:" to "Tfn", then over the author's name and unit above it.
  let j = i;
  while (j > 0 && i - j < 10 && !/^tfn/i.test(lines[j]!.text)) j--;
  if (!/^tfn/i.test(lines[j]!.text)) j = i;
  let names = 0;
  for (let k = j - 1; k >= 0 && j - k <= 4 && names < 2; k--) {
    const t = lines[k]!.text;
    if (!t) continue;
    if (/^\d{1,2}\.\s/.test(t) || t.length > 60) break;
    names++;
    j = k;
  }
  return j;
}

function spans(lines: readonly Line[], type: DocumentType): Span[] {
  const out: Span[] = [];
  const memoHeads: number[] = [];
  lines.forEach((_, i) => {
    if (isMemoHead(lines, i)) memoHeads.push(i);
  });
  // An extract's first page ("Utdrag sammanträdesprotokoll 1(3)") starts it; its later pages go on.
  const extractStarts = lines.flatMap((l, i) => (/^utdrag sammanträdesprotokoll(?:\s+1\s*\(\d+\))?$/i.test(l.text) && i > 20 ? [i] : []));
  const firstAttachment = Math.min(lines.length, ...memoHeads.map((i) => memoStart(lines, i)), ...extractStarts);
  if (type === 'kallelse') {
    let expected = 1;
    let inProposal = false;
    let lastPoint = 0;
    for (let i = 0; i < firstAttachment; i++) {
      const t = lines[i]!.text;
      if (/^(förslag till beslut|beslut)\b/i.test(t)) {
        inProposal = true;
        lastPoint = 0;
      }
      if (/^(expedieras till|beslutsunderlag|ärendebeskrivning)/i.test(t)) inProposal = false;
      const m = NUMBERED_ITEM.exec(t);
      if (!m) continue;
      const n = Number(m[1]);
      // Inside a proposal "1." "2." are its points; a number that could be either the next point or
      // the next item is the item only after a blank line.
      const gap = i > 0 && !lines[i - 1]!.text;
      if (inProposal && n === lastPoint + 1 && (n !== expected || !gap)) {
        lastPoint = n;
        continue;
      }
      if (n === expected) {
        out.push({ start: i, end: firstAttachment, number: expected, first: { n: lines[i]!.n, text: m[2]!, ...(lines[i]!.cols ? { cols: lines[i]!.cols } : {}) } });
        expected++;
        inProposal = false;
      }
    }
  } else {
    const bare = lines.some((l) => /^§\s\d{1,4}$/.test(l.text));
    lines.forEach((l, i) => {
      const m = PARAGRAF_LINE.exec(l.text);
      if (!m || (bare && m[2] && !/^dnr\b/i.test(m[2]))) return;
      out.push({ start: i, end: lines.length, paragraf: Number(m[1]), ...(m[2] ? { first: { n: l.n, text: m[2] } } : {}) });
    });
  }
  for (const head of memoHeads) out.push({ start: memoStart(lines, head), end: lines.length, attachment: true });
  if (type === 'kallelse') {
    for (const s of extractStarts) {
      const p = lines.findIndex((l, i) => i > s && i < s + 12 && PARAGRAF_LINE.test(l.text));
      if (p > 0) {
        const m = PARAGRAF_LINE.exec(lines[p]!.text)!;
        out.push({ start: p, end: lines.length, paragraf: Number(m[1]), ...(m[2] ? { first: { n: lines[p]!.n, text: m[2] } } : {}) });
      }
    }
  }
  // A table of contents ("ÄRENDELISTA", "§ 13" alone) lists a § before its text: the last one is the item.
  const lastOf = new Map(out.filter((s) => s.paragraf).map((s) => [s.paragraf, s.start]));
  const kept = out.filter((s) => !s.paragraf || lastOf.get(s.paragraf) === s.start);
  out.length = 0;
  out.push(...kept);
  out.sort((a, b) => a.start - b.start);
  out.forEach((s, k) => {
    const nextStart = out[k + 1]?.start ?? lines.length;
    s.end = Math.min(s.end, nextStart, ...extractStarts.filter((e) => e > s.start));
  });
  return out;
}

const KINDS: Array<[ItemKind, RegExp]> = [
  ['justerare', /^val av justerare/i],
  ['fastst-lista', /^fastställande av föredragningslista/i],
  ['paus', /^(kaffe)?paus\b|^paus$|^lunch\b/i],
  ['ovriga-fragor', /^övriga frågor/i],
];

/** The huvudmän a proposal asks to decide: names and aliases of huvudmän and their groups, in the sentence that recommends or proposes. */
export function askedHuvudman(texts: readonly Point[], registry: PartyRegistry): { ids: string[]; lines: number[] } {
  const asking = texts.filter((t) => /rekommender|föreslår/i.test(t.text));
  const ids = new Set<string>();
  const lines = new Set<number>();
  for (const t of asking) {
    const text = ` ${normalizeName(t.text)} `;
    const has = (name: string) => new RegExp(`[^a-zåäö]${normalizeName(name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^a-zåäö]`).test(text);
    let hit = false;
    for (const g of registry.groups) {
      if ([g.name, ...g.aliases].some(has)) {
        registry.members(g.id).forEach((p) => ids.add(p.id));
        hit = true;
      }
    }
    for (const p of registry.huvudman()) {
      if ([p.name, ...p.aliases].some(has)) {
        ids.add(p.id);
        hit = true;
      }
    }
    if (hit) t.lines.forEach((n) => lines.add(n));
  }
  const order = registry.huvudman().map((p) => p.id as string);
  return { ids: order.filter((id) => ids.has(id)), lines: [...lines].sort((a, b) => a - b) };
}

const REQUIRED: Record<ItemKind, ItemFieldName[]> = {
  recommendation: ['dnr', 'title', 'summary', 'forslagTillBeslut', 'huvudman', 'senast', 'expedierasTill', 'beslutsunderlag'],
  arende: ['dnr', 'title', 'summary', 'forslagTillBeslut'],
  bilaga: ['dnr', 'title'],
  information: ['title'],
  'fastst-lista': ['title'],
  justerare: ['title'],
  paus: ['title'],
  'ovriga-fragor': ['title'],
};

const texts = (ps: Point[]) => (ps.length > 0 ? { value: ps.map((p) => p.text), lines: [...new Set(ps.flatMap((p) => p.lines))].sort((a, b) => a - b) } : undefined);

function readItem(lines: readonly Line[], span: Span, type: DocumentType, registry: PartyRegistry, timesAbove: boolean): ParsedItem {
  const bodyLines = lines.slice(span.start + 1, span.end);
  const body = cutBody(span.attachment || (span.first && /^dnr\b/i.test(span.first.text)) ? undefined : span.first, span.attachment ? lines.slice(span.start, span.end) : bodyLines, { timesAbove, isKnownName: (name) => registry.resolve(name) !== undefined });
  const f: ItemFields = {};
  const marker = lines[span.start]!;
  if (span.number) f.number = { value: span.number, lines: [marker.n] };
  if (span.paragraf) f.paragraf = { value: span.paragraf, lines: [marker.n] };
  let titleLines = body.title;
  if (span.attachment) {
    // A memo's head (name, Tfn, E-post, date, Dnr) comes before its title.
    const all = lines.slice(span.start, span.end);
    const dnrLine = all.find((l) => /^dnr\b/i.test(l.text))!;
    const own = labelledDnr(dnrLine.text);
    if (own) f.dnr = { value: own, lines: [dnrLine.n] };
    const titleBody = cutBody(undefined, all.slice(all.indexOf(dnrLine) + 1).filter((l) => !/^förslag till beslut\b/i.test(l.text)));
    titleLines = titleBody.title;
    if (titleBody.dnr && !f.dnr) f.dnr = { value: titleBody.dnr.value, lines: [titleBody.dnr.line] };
    const marked = all.find((l) => /^ärende\s+\d+$/i.test(l.text));
    if (marked) f.number = { value: Number(/\d+/.exec(marked.text)![0]), lines: [marked.n] };
  }
  if (titleLines.length > 0) {
    const title = joinLines(titleLines.map((l) => l.text));
    const cleaned = splitTitleDnr(title).title;
    if (cleaned) f.title = { value: cleaned, lines: numbersOf(titleLines) };
  }
  if (body.dnr && !f.dnr) f.dnr = { value: body.dnr.value, lines: [body.dnr.line] };
  if (!f.dnr && span.first) {
    const own = labelledDnr(span.first.text);
    if (own) f.dnr = { value: own, lines: [span.first.n] };
  }
  if (body.time && !span.attachment) f.time = { value: body.time.time, lines: [body.time.n] };
  const s = body.sections;
  if (s.summary && numbersOf(s.summary).length > 0) {
    f.summary = { value: s.summary.filter((l) => l.text).map((l) => l.text).join('\n').trim(), lines: numbersOf(s.summary) };
  }
  const forslag = s.forslag ? readPoints(s.forslag) : undefined;
  // "Förslag till beslut Regionens samverkansråd" in a memo: the body it is addressed to, not a point.
  if (forslag && span.attachment && forslag.points.length === 1 && /^regionens samverkansråd$/i.test(forslag.points[0]!.text)) forslag.points = [];
  if (forslag?.intro) f.forslagIntro = { value: forslag.intro.text, lines: forslag.intro.lines };
  const fPoints = forslag ? texts(forslag.points) : undefined;
  if (fPoints) f.forslagTillBeslut = fPoints;
  const beslut = s.beslut ? readPoints(s.beslut) : undefined;
  const bPoints = beslut ? texts(beslut.points) : undefined;
  if (bPoints) f.beslut = bPoints;
  const proposal = [...(forslag?.intro ? [forslag.intro] : []), ...(forslag?.points ?? [])];
  const asked = askedHuvudman(proposal.length > 0 ? proposal : [...(beslut?.intro ? [beslut.intro] : []), ...(beslut?.points ?? [])], registry);
  if (asked.ids.length > 0) f.huvudman = { value: asked.ids as PartyId[], lines: asked.lines };
  for (const p of proposal) {
    const d = senastDate(p.text);
    if (d && !f.senast) f.senast = { value: d, lines: p.lines };
  }
  if (s.expedieras) {
    const r = texts(readRecipients(s.expedieras));
    if (r) f.expedierasTill = r;
  }
  if (s.underlag) {
    const u = texts(readList(s.underlag));
    if (u) f.beslutsunderlag = u;
  }
  const title = f.title?.value ?? '';
  let kind: ItemKind = KINDS.find(([, p]) => p.test(title))?.[0] ?? (f.huvudman ? 'recommendation' : f.forslagTillBeslut || f.beslut ? 'arende' : 'information');
  if (span.attachment && !f.summary && !f.forslagTillBeslut) kind = 'bilaga';
  if (kind === 'information' && f.dnr && type !== 'kallelse') kind = 'arende';
  const required = [...REQUIRED[kind], ...(type !== 'kallelse' && !span.attachment && (kind === 'recommendation' || kind === 'arende') ? (['paragraf', 'beslut'] as const) : [])];
  const last = [...lines.slice(span.start, span.end)].reverse().find((l) => l.text) ?? marker;
  return { kind, lines: [marker.n, last.n], fields: f, missing: required.filter((k) => f[k] === undefined) };
}

const BARE_TIME = /^\d{1,2}[:.]\d{2}(\s+\p{Lu}+)?$/u;

/** Whether the programme sets the times above its items ("13.05" / "4. Uppföljning …"): two or more do. */
function timesAbove(lines: readonly Line[], found: readonly Span[]): boolean {
  const above = found.filter((span) => {
    const prev = lines.slice(0, span.start).reverse().find((l) => l.text);
    return prev !== undefined && BARE_TIME.test(prev.text);
  });
  return above.length >= 2;
}

/** "Mötesdatum" above "Regionstyrelsen 2026-03-25" repeats on every page: blank inside items. */
function withoutPageHeaders(lines: readonly Line[]): Line[] {
  const out = lines.map((l) => ({ ...l }));
  out.forEach((l, i) => {
    // "Utdrag sammanträdesprotokoll 2(3)" / "Regionfullmäktige" / "2015-06-16--17" on an extract's pages.
    if (/^utdrag sammanträdesprotokoll\b/i.test(l.text)) {
      l.text = '';
      for (let k = i + 1, seen = 0; k < out.length && k <= i + 4 && seen < 2; k++) {
        if (!out[k]!.text) continue;
        seen++;
        out[k]!.text = '';
      }
      return;
    }
    if (!/^(mötesdatum|sammanträdesdatum)$/i.test(l.text)) return;
    const j = out.findIndex((m, k) => k > i && m.text);
    if (j > 0 && j - i <= 3 && /^.*\S\s+\d{4}-\d{2}-\d{2}$/.test(out[j]!.text)) {
      l.text = '';
      out[j]!.text = '';
    }
  });
  return out;
}

/** Parses the text of a kallelse/föredragningslista, protokoll or protokollsutdrag into its items. */
export function parseAgenda(raw: string, registry: PartyRegistry): ParsedDocument {
  const original = toLines(raw);
  const type = documentType(original);
  const found = spans(original, type);
  const header = readHeader(original, found[0]?.start ?? original.length, registry);
  const lines = withoutPageHeaders(original);
  const headerRequired = type === 'kallelse' ? (['organ', 'meetingDate'] as const) : (['organ', 'meetingDate', 'justeringDate', 'anslagPosted'] as const);
  const doc = {
    type,
    header,
    missing: headerRequired.filter((k) => header[k] === undefined),
    items: found.map((span) => readItem(lines, span, type, registry, timesAbove(lines, found))),
  };
  // A programme that sets the time on the line above the item ("13.05" / "4. Uppföljning …").
  if (type === 'kallelse') {
    const taken = new Set(doc.items.flatMap((item) => item.fields.time?.lines ?? []));
    doc.items.forEach((item, k) => {
      const span = found[k]!;
      if (item.fields.time || span.attachment) return;
      const above = lines.slice(0, span.start).reverse().find((l) => l.text);
      const m = above && LEADING_TIME.exec(above.text);
      if (above && m && !taken.has(above.n) && BARE_TIME.test(above.text)) {
        item.fields.time = { value: m[1]!.replace('.', ':'), lines: [above.n] };
        taken.add(above.n);
      }
    });
  }
  return ParsedDocument.parse(doc);
}

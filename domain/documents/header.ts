// The header of a kallelse or protokoll: which body meets and when, and in a protokoll who justerar,
// when it was justerat and when the anslag went up and came down. Every date is read next to its
// own words; a date near other words is never taken.
import { normalizeName, type PartyId, type PartyRegistry } from '../parties';
import type { IsoDate } from '../values';
import { findDate } from './references';
import type { HeaderFields } from './schema';
import type { Line } from './text';

const ORGAN_WORDS = /(samverkansråd|styrelse|nämnd|fullmäktige|utskott|grupp|råd)(n|en|et|t)?\b/i;

function next(lines: readonly Line[], i: number, within = 3): Line | undefined {
  for (let j = i + 1; j < lines.length && j <= i + within; j++) if (lines[j]!.text) return lines[j];
  return undefined;
}

/** A date on the line after `words`, or within the next lines. */
function dateAfter(lines: readonly Line[], i: number, words: RegExp): { value: IsoDate; lines: number[] } | undefined {
  const line = lines[i]!;
  const m = words.exec(line.text);
  if (!m) return undefined;
  const own = findDate(line.text.slice(m.index + m[0].length));
  if (own) return { value: own, lines: [line.n] };
  for (let j = i + 1; j < lines.length && j <= i + 3; j++) {
    const d = findDate(lines[j]!.text);
    if (d && lines[j]!.text.indexOf(d) <= 1) return { value: d, lines: [lines[j]!.n] };
  }
  return undefined;
}

export function partyOfOrgan(organ: string, lines: readonly Line[], registry: PartyRegistry): PartyId | undefined {
  const direct = registry.resolve(organ);
  if (direct?.kind === 'party') return direct.party.id;
  // "Kommunstyrelsen" in Krokoms kommun's protokoll: the municipality named in the header.
  const top = lines.slice(0, 30).map((l) => normalizeName(l.text)).join(' | ');
  const matches = registry.huvudman().filter((p) => top.includes(normalizeName(p.name)));
  return matches.length === 1 ? matches[0]!.id : undefined;
}

export function readHeader(lines: readonly Line[], firstItem: number, registry: PartyRegistry): HeaderFields {
  const h: HeaderFields = {};
  const top = lines.slice(0, Math.max(firstItem, 0));
  lines.forEach((line, i) => {
    const t = line.text;
    if (!t) return;
    // "Mötesdatum" / "Sammanträdesdatum" above "Regionstyrelsen   2026-03-25" (a page header).
    if (/^(mötesdatum|sammanträdesdatum)$/i.test(t)) {
      const n = next(lines, i);
      const m = n && /^(.*?\S)\s+(\d{4}-\d{2}-\d{2})$/.exec(n.text);
      if (n && m && ORGAN_WORDS.test(m[1]!)) {
        h.organ ??= { value: m[1]!, lines: [n.n] };
        const d = findDate(m[2]!);
        if (d) h.meetingDate ??= { value: d, lines: [n.n] };
      }
      return;
    }
    const organ = /^organ:?\s+(.+)$/i.exec(t);
    // "Kommunstyrelsen, Åre kommun": the organ, then whose it is.
    if (organ) h.organ ??= { value: organ[1]!.replace(/,\s+\p{Lu}.*\bkommun$/u, ''), lines: [line.n] };
    const meeting = /^(sammanträdesdatum|mötesdatum|datum|tid och datum|sammanträdets datum):?\s+(.+)$/i.exec(t);
    if (meeting && (i < firstItem || /sammanträdesdatum|mötesdatum/i.test(meeting[1]!))) {
      const d = findDate(meeting[2]!);
      if (d) h.meetingDate ??= { value: d, lines: [line.n] };
    }
    if (!/anslag/i.test(t)) {
      const just = /(justeringens plats och tid|justerat|justerad|justeringsdatum|datum för justering)/i.exec(t);
      if (just) {
        const d = findDate(t.slice(just.index));
        if (d) h.justeringDate ??= { value: d, lines: [line.n] };
      }
      const who = /^([Uu]tses att justera|[Jj]usterande|[Jj]usterare):?\s+([A-ZÅÄÖ].+)$/.exec(t);
      if (who) {
        const names = who[2]!.split(/\s*(?:,|\boch\b)\s*/).map((s) => s.trim()).filter(Boolean);
        if (names.length > 0) h.justerare ??= { value: names, lines: [line.n] };
      }
    }
    const posted = dateAfter(lines, i, /(uppsättande|sätts upp|sattes upp|uppsatt|anslaget publicerat|publicerat på anslagstavlan)/i);
    if (posted) h.anslagPosted ??= posted;
    const removed = dateAfter(lines, i, /(nedtagande|tas ned|tas ner|nedtaget|togs ned)/i);
    if (removed) h.anslagRemoved ??= removed;
  });
  // A kallelse: the body's name and the date stand alone under its heading.
  for (const line of top) {
    if (!line.text) continue;
    // The body's name alone: a party ("Regionens samverkansråd") or a huvudman's organ ("Kommunstyrelsen").
    const organOfHuvudman = registry.huvudman().some((p) => p.organs.some((o) => normalizeName(o) === normalizeName(line.text)));
    if (!h.organ && ORGAN_WORDS.test(line.text) && (registry.resolve(line.text) || organOfHuvudman)) h.organ = { value: line.text, lines: [line.n] };
    if (!h.meetingDate && /^\d{4}-\d{2}-\d{2}$/.test(line.text)) {
      const d = findDate(line.text);
      if (d) h.meetingDate = { value: d, lines: [line.n] };
    }
  }
  if (h.organ) {
    const party = partyOfOrgan(h.organ.value, lines, registry);
    if (party) h.party = { value: party, lines: h.organ.lines };
  }
  return h;
}

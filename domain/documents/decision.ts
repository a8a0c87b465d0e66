// A huvudman's decision read from its protokoll or protokollsutdrag, one per §: organ and meeting date
// (header, or the page header "Mötesdatum / Regionstyrelsen 2026-03-25"), the §, the decision's points,
// its outcome from the wording of the Beslut, its own Dnr, Expedieras till, justering and anslag.
import type { PartyRegistry } from '../parties';
import { parseAgenda } from './agenda';
import { findDnrs } from './references';
import { ParsedDecision, type DecisionFieldName, type DecisionFields, type ParsedItem } from './schema';
import { toLines } from './text';

const REQUIRED: DecisionFieldName[] = ['party', 'organ', 'meetingDate', 'paragraf', 'dnr', 'outcome', 'beslut', 'expedierasTill', 'justeringDate', 'anslagPosted'];

// Outcome from the Beslut's own words; "yrkar avslag" in Yrkanden is never read (it is not in Beslut).
const OUTCOMES: Array<['avslag' | 'aterremiss' | 'bordlaggning', RegExp]> = [
  ['aterremiss', /återremitt|\båterremiss/i],
  ['bordlaggning', /\bbordlägg|\bbordläggs|\bbordlagt/i],
  ['avslag', /\bavslå[rs]?\b|\bavslag\b|\binte (?:delta|ställa sig bakom|anta|godkänna)|\bavstår från att/i],
];

export function outcomeOf(points: readonly string[]): 'bifall' | 'avslag' | 'aterremiss' | 'bordlaggning' {
  const text = points.join(' ');
  return OUTCOMES.find(([, p]) => p.test(text))?.[0] ?? 'bifall';
}

function decisionOf(item: ParsedItem, doc: ReturnType<typeof parseAgenda>, rsrDnr?: { value: string; lines: number[] }): ParsedDecision {
  const h = doc.header;
  const f: DecisionFields = {};
  if (h.party) f.party = h.party;
  if (h.organ) f.organ = h.organ;
  if (h.meetingDate) f.meetingDate = h.meetingDate;
  if (item.fields.paragraf) f.paragraf = item.fields.paragraf;
  if (item.fields.dnr) f.dnr = item.fields.dnr;
  if (item.fields.title) f.title = item.fields.title;
  if (item.fields.beslut) {
    f.beslut = item.fields.beslut;
    f.outcome = { value: outcomeOf(item.fields.beslut.value), lines: item.fields.beslut.lines };
  }
  if (item.fields.expedierasTill) f.expedierasTill = item.fields.expedierasTill;
  if (h.justerare) f.justerare = h.justerare;
  if (h.justeringDate) f.justeringDate = h.justeringDate;
  if (h.anslagPosted) f.anslagPosted = h.anslagPosted;
  if (h.anslagRemoved) f.anslagRemoved = h.anslagRemoved;
  if (rsrDnr && rsrDnr.value !== f.dnr?.value) f.rsrDnr = rsrDnr;
  return ParsedDecision.parse({ lines: item.lines, fields: f, missing: REQUIRED.filter((k) => f[k] === undefined) });
}

/** Every § of a huvudman's protokoll or protokollsutdrag that has a Beslut, as a decision. */
export function parseDecisions(raw: string, registry: PartyRegistry): ParsedDecision[] {
  const doc = parseAgenda(raw, registry);
  const lines = toLines(raw);
  return doc.items
    .filter((item) => item.fields.paragraf && item.fields.beslut)
    .map((item) => {
      // The RSR's Dnr as the § mentions it ("RSR:s ärende RS/62/2026"), for finding the case.
      const summary = new Set(item.fields.summary?.lines ?? []);
      const mention = lines.filter((l) => summary.has(l.n)).flatMap((l) => findDnrs(l.text).map((value) => ({ value, lines: [l.n] })));
      const other = mention.find((m) => m.value !== item.fields.dnr?.value);
      return decisionOf(item, doc, other);
    });
}

/** The decision on the case with this Dnr (own or RSR's), else on this title. */
export function findDecision(decisions: readonly ParsedDecision[], match: { dnr?: string; title?: string }): ParsedDecision | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-zåäö0-9]+/g, ' ').trim();
  return (
    (match.dnr ? decisions.find((d) => d.fields.dnr?.value === match.dnr || d.fields.rsrDnr?.value === match.dnr) : undefined) ??
    (match.title ? decisions.find((d) => d.fields.title && norm(d.fields.title.value) === norm(match.title!)) : undefined)
  );
}

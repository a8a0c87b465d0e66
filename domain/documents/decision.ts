// A huvudman's decision read from its protokoll or protokollsutdrag, one per §: organ and meeting date
// (header, or the page header "Mötesdatum / Regionstyrelsen 2026-03-25"), the §, the decision's points,
// its outcome from the wording of the Beslut, its own Dnr, Expedieras till, justering and anslag.
import type { PartyRegistry } from '../parties';
import { parseAgenda } from './agenda';
import type { IsoDate } from '../values';
import { findDate, findDnrs } from './references';
import { ParsedDecision, type DecisionFieldName, type DecisionFields, type ParsedItem } from './schema';
import { toLines, type Line } from './text';

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

type Found<T> = { value: T; lines: number[] };

// "Regionens samverkansråd beslutade den 26 januari 2026, § 2", "RSR rekommenderade vid sitt
// sammanträde 2026-01-26 § 4": the council's meeting and § the huvudman's § answers.
const RSR_REFERENCE = /(?:samverkansråd\w*|\bRSR\b)[^.§]{0,80}?(\d{4}-\d{2}-\d{2}|\d{1,2}\s+[a-zåäö]+\s+\d{4}),?\s*§\s*(\d{1,4})\b/i;

/** The RSR meeting and § a § refers to, read from its lines (a reference may run over a line break). */
export function rsrReference(lines: readonly Line[]): { meetingDate: Found<IsoDate>; paragraf: Found<number> } | undefined {
  for (let k = 0; k < lines.length; k++) {
    for (const span of [lines.slice(k, k + 1), lines.slice(k, k + 2)]) {
      const m = RSR_REFERENCE.exec(span.map((l) => l.text).join(' '));
      const date = m ? findDate(m[1]!) : undefined;
      if (m && date) {
        const at = span.map((l) => l.n);
        return { meetingDate: { value: date, lines: at }, paragraf: { value: Number(m[2]), lines: at } };
      }
    }
  }
  return undefined;
}

interface RsrMention {
  dnr?: Found<string>;
  reference?: ReturnType<typeof rsrReference>;
}

function decisionOf(item: ParsedItem, doc: ReturnType<typeof parseAgenda>, rsr: RsrMention): ParsedDecision {
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
  if (rsr.dnr && rsr.dnr.value !== f.dnr?.value) f.rsrDnr = rsr.dnr;
  if (rsr.reference) {
    f.rsrMeetingDate = rsr.reference.meetingDate;
    f.rsrParagraf = rsr.reference.paragraf;
  }
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
      const summaryLines = lines.filter((l) => summary.has(l.n));
      const mention = summaryLines.flatMap((l) => findDnrs(l.text).map((value) => ({ value, lines: [l.n] })));
      const other = mention.find((m) => m.value !== item.fields.dnr?.value);
      return decisionOf(item, doc, { ...(other ? { dnr: other } : {}), ...(rsrReferenceOf(summaryLines) ?? {}) });
    });
}

function rsrReferenceOf(lines: readonly Line[]): RsrMention | undefined {
  const reference = rsrReference(lines);
  return reference ? { reference } : undefined;
}

/** What identifies a case in a huvudman's §: the RSR's Dnr, else its title with the RSR's meeting and §. */
export interface CaseIdentity {
  dnr?: string;
  title?: string;
  rsrMeetingDate?: string;
  rsrParagraf?: number;
}

const norm = (s: string) => s.toLowerCase().replace(/[^a-zåäö0-9]+/g, ' ').trim();

/** How a decision matches the case: by Dnr, by the RSR meeting and §, or by title alone; undefined when not. */
export function decisionMatch(d: ParsedDecision, c: CaseIdentity): 'dnr' | 'rsr-paragraf' | 'title' | undefined {
  if (c.dnr && (d.fields.dnr?.value === c.dnr || d.fields.rsrDnr?.value === c.dnr)) return 'dnr';
  const ref = d.fields.rsrMeetingDate && d.fields.rsrParagraf;
  if (ref && c.rsrMeetingDate === d.fields.rsrMeetingDate!.value && c.rsrParagraf === d.fields.rsrParagraf!.value) return 'rsr-paragraf';
  // A title matches unless the § answers another RSR meeting or § than the case's.
  const other = ref && (c.rsrMeetingDate !== d.fields.rsrMeetingDate!.value || (c.rsrParagraf !== undefined && c.rsrParagraf !== d.fields.rsrParagraf!.value));
  if (c.title && d.fields.title && norm(d.fields.title.value) === norm(c.title) && !other) return 'title';
  return undefined;
}

/** The decision on the case: by its Dnr (own or RSR's), else the RSR meeting and § it answers, else its title. */
export function findDecision(decisions: readonly ParsedDecision[], match: CaseIdentity): ParsedDecision | undefined {
  for (const how of ['dnr', 'rsr-paragraf', 'title'] as const) {
    const found = decisions.find((d) => decisionMatch(d, match) === how);
    if (found) return found;
  }
  return undefined;
}

// From what the parser found to what a person confirms: a case registration (from an item of a
// kallelse or protokoll) or a huvudman's decision (from a § of its protokollsutdrag), filled as far as
// the document goes. Every filled field keeps the lines it came from; every field the document does
// not give is listed as missing, for the person to fill in — never a guess. Nothing here registers
// anything: the dashboard, the API and the CLI show or write the proposal, the person submits it, and
// the same validation as ever applies.
import { z } from 'zod';
import type { PartyRegistry } from '../parties';
import { Dnr, Text } from '../values';
import { recipientFromText } from './recipients';
import { joinLines } from './text';
import { SourceLines, type ParsedDecision, type ParsedDocument, type ParsedItem } from './schema';

/** Field path in the draft (as the forms name their fields: `recommendation.senast`) → its source lines. */
export const FieldSources = z.record(z.string(), SourceLines);

export const ProposalNote = z.strictObject({
  field: z.string().meta({ description: 'Fältets sökväg, t.ex. dnr' }),
  message: z.string().meta({ description: 'Vad handlingen skriver och varför fältet inte fylldes, på svenska' }),
});
export type ProposalNote = z.infer<typeof ProposalNote>;

const proposalShape = {
  sources: FieldSources.meta({ description: 'Varifrån varje ifyllt fält kommer: raderna i handlingen' }),
  missing: z.array(z.string()).meta({ description: 'Fält som handlingen inte ger och som någon måste fylla i' }),
  notes: z.array(ProposalNote),
};

/** Only what the JSON carries is checked here; the registration's own schema judges the draft on submit. */
const Draft = z.record(z.string(), z.unknown());

export const CaseProposal = z.strictObject({
  draft: Draft.meta({ description: 'Registreringen så långt handlingen räcker (ärendefilens "registration")' }),
  events: z.array(Draft).meta({ description: 'Händelser som ett protokoll redan visar: RSR:s beslut, justering, anslag' }),
  ...proposalShape,
});
export type CaseProposal = z.infer<typeof CaseProposal>;

export const DecisionProposal = z.strictObject({
  draft: Draft.meta({ description: 'Händelsen huvudman-decided så långt handlingen räcker' }),
  ...proposalShape,
});
export type DecisionProposal = z.infer<typeof DecisionProposal>;

/** Fields a registration cannot do without, in the order of the form. */
const CASE_REQUIRED = [
  'dnr',
  'title',
  'handlaggare.name',
  'tjansteskrivelse.date',
  'tjansteskrivelse.author',
  'tjansteskrivelse.summary',
  'tjansteskrivelse.forslagTillBeslut',
  'rsrMeetingDate',
  'recommendation.huvudman',
  'recommendation.points',
  'recommendation.senast',
] as const;
/** Fields a recommendation normally has: missing when the item's kind expects them and they are not there. */
const CASE_EXPECTED = { expedierasTill: 'expedierasTill', beslutsunderlag: 'beslutsunderlag' } as const;

const DECISION_REQUIRED = ['party', 'organ', 'meetingDate', 'paragraf', 'outcome'] as const;
const DECISION_EXPECTED = ['dnr', 'beslut', 'justering.date', 'justering.justerare', 'anslag.posted', 'expedierasTill'] as const;

class Builder {
  readonly draft: Record<string, unknown> = {};
  readonly sources: Record<string, number[]> = {};
  readonly notes: ProposalNote[] = [];

  set(path: string, value: unknown, lines: readonly number[]): void {
    const keys = path.split('.');
    let node = this.draft;
    for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[keys.at(-1)!] = value;
    this.sources[path] = [...new Set(lines)].sort((a, b) => a - b);
  }

  has(path: string): boolean {
    return this.sources[path] !== undefined;
  }

  missing(required: readonly string[], expected: readonly string[]): string[] {
    return [...required, ...expected].filter((p) => !this.has(p));
  }
}

const asText = (s: string) => Text.safeParse(s).success;

/** The registration an item proposes; `events` only for an RSR protokoll's item (its decision, justering, anslag). */
export function proposeCase(doc: ParsedDocument, item: ParsedItem, registry: PartyRegistry): CaseProposal {
  const b = new Builder();
  const f = item.fields;
  if (f.dnr) {
    if (Dnr.safeParse(f.dnr.value).success) b.set('dnr', f.dnr.value, f.dnr.lines);
    else b.notes.push({ field: 'dnr', message: `handlingen skriver diarienumret "${f.dnr.value}", som inte har formen ORGAN/NUMMER/ÅR: ange ärendets diarienummer` });
  }
  if (f.title && asText(f.title.value)) b.set('title', f.title.value, f.title.lines);
  // The PDF's line breaks are the page's, not the writer's: the summary becomes running text.
  if (f.summary) b.set('tjansteskrivelse.summary', joinLines(f.summary.value.split('\n')), f.summary.lines);
  // The points the huvudmän are asked to decide: the förslag, or in a protokoll the decision itself.
  const points = f.forslagTillBeslut ?? f.beslut;
  if (points) {
    b.set('tjansteskrivelse.forslagTillBeslut', points.value, points.lines);
    b.set('recommendation.points', points.value, points.lines);
  }
  const council = registry.organisation.council;
  const recommendedBy = doc.header.party && doc.header.party.value !== council ? doc.header.party : undefined;
  if (recommendedBy) b.set('recommendedBy', recommendedBy.value, recommendedBy.lines);
  if (doc.header.meetingDate) b.set('rsrMeetingDate', doc.header.meetingDate.value, doc.header.meetingDate.lines);
  if (f.huvudman) b.set('recommendation.huvudman', f.huvudman.value, f.huvudman.lines);
  if (f.senast) b.set('recommendation.senast', f.senast.value, f.senast.lines);
  else if (f.huvudman || f.forslagIntro) {
    b.notes.push({ field: 'recommendation.senast', message: 'förslaget anger ingen dag då huvudmännen senast ska besluta: ange den' });
  }
  if (f.expedierasTill) b.set('expedierasTill', f.expedierasTill.value.map((t) => recipientFromText(t, registry)), f.expedierasTill.lines);
  if (f.beslutsunderlag) b.set('beslutsunderlag', f.beslutsunderlag.value.map((title) => ({ title })), f.beslutsunderlag.lines);
  b.notes.push({ field: 'handlaggare.name', message: 'kallelser och protokoll nämner inte handläggaren: ange den ur tjänsteskrivelsen' });
  const expectsRecipients = item.kind === 'recommendation';
  const missing = b.missing(CASE_REQUIRED, expectsRecipients ? Object.values(CASE_EXPECTED) : []);
  return CaseProposal.parse({ draft: b.draft, events: rsrEvents(doc, item), sources: b.sources, missing, notes: b.notes });
}

/** An RSR protokoll's item already holds the council's decision, and its header the justering and anslag. */
function rsrEvents(doc: ParsedDocument, item: ParsedItem): Record<string, unknown>[] {
  const f = item.fields;
  const h = doc.header;
  if (doc.type !== 'protokoll' || !f.paragraf || !f.beslut || !h.meetingDate) return [];
  const events: Record<string, unknown>[] = [{ type: 'rsr-decided', meetingDate: h.meetingDate.value, paragraf: f.paragraf.value, beslut: f.beslut.value }];
  if (h.justeringDate && h.justerare) {
    events.push({ type: 'justering-recorded', justerare: h.justerare.value, date: h.justeringDate.value });
    if (h.anslagPosted) events.push({ type: 'anslag-posted', posted: h.anslagPosted.value, ...(h.anslagRemoved ? { removed: h.anslagRemoved.value } : {}) });
  }
  return events;
}

/** The `huvudman-decided` a § proposes. */
export function proposeDecision(decision: ParsedDecision, registry: PartyRegistry): DecisionProposal {
  const b = new Builder();
  const f = decision.fields;
  b.draft.type = 'huvudman-decided';
  if (f.party) b.set('party', f.party.value, f.party.lines);
  if (f.organ) b.set('organ', f.organ.value, f.organ.lines);
  if (f.meetingDate) b.set('meetingDate', f.meetingDate.value, f.meetingDate.lines);
  if (f.paragraf) b.set('paragraf', f.paragraf.value, f.paragraf.lines);
  if (f.outcome) b.set('outcome', f.outcome.value, f.outcome.lines);
  if (f.beslut) b.set('beslut', f.beslut.value, f.beslut.lines);
  if (f.dnr) b.set('dnr', f.dnr.value, f.dnr.lines);
  // A justering needs both its date and who justerade; an anslag needs its justering (HuvudmanDecided).
  if (f.justeringDate && f.justerare) {
    b.set('justering.date', f.justeringDate.value, f.justeringDate.lines);
    b.set('justering.justerare', f.justerare.value, f.justerare.lines);
    if (f.anslagPosted) b.set('anslag.posted', f.anslagPosted.value, f.anslagPosted.lines);
    if (f.anslagPosted && f.anslagRemoved) b.set('anslag.removed', f.anslagRemoved.value, f.anslagRemoved.lines);
  } else if (f.justeringDate || f.justerare) {
    b.notes.push({ field: 'justering.date', message: 'handlingen anger justeringen bara till hälften (dag eller justerare): ange båda' });
  }
  if (f.expedierasTill) b.set('expedierasTill', f.expedierasTill.value.map((t) => recipientFromText(t, registry, f.party?.value)), f.expedierasTill.lines);
  if (f.outcome?.value === 'bifall') b.notes.push({ field: 'outcome', message: 'bifall: beslutet säger inget om avslag, återremiss eller bordläggning; kontrollera att det antar rekommendationens punkter' });
  return DecisionProposal.parse({ draft: b.draft, sources: b.sources, missing: b.missing(DECISION_REQUIRED, DECISION_EXPECTED), notes: b.notes });
}

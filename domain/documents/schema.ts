// What the document parser hands on: per item, each field it found with the source lines it was read
// from, and the fields it looked for and did not find (for a person to fill in, never a guess). The
// dashboard, API and CLI pre-fill a case registration or a huvudman's decision from these.
import { z } from 'zod';
import { PartyId } from '../parties';
import { IsoDate } from '../values';

/** 1-based line numbers in the text as it was given (before normalisation). */
export const SourceLines = z.array(z.int().min(1)).min(1);

/** A value and where it stands in the document. */
function found<T extends z.ZodType>(value: T) {
  return z.strictObject({ value, lines: SourceLines });
}

export const FoundText = found(z.string().min(1));
export type FoundText = z.infer<typeof FoundText>;
export const FoundTexts = found(z.array(z.string().min(1)).min(1));
export type FoundTexts = z.infer<typeof FoundTexts>;
export const FoundDate = found(IsoDate);
export type FoundDate = z.infer<typeof FoundDate>;
export const FoundNumber = found(z.int().min(1));
export type FoundNumber = z.infer<typeof FoundNumber>;
export const FoundParties = found(z.array(PartyId).min(1));
export type FoundParties = z.infer<typeof FoundParties>;

export const DocumentType = z
  .enum(['kallelse', 'protokoll', 'protokollsutdrag'])
  .meta({ description: 'kallelse = kallelse/föredragningslista; protokoll; protokollsutdrag = utdrag ur ett protokoll' });
export type DocumentType = z.infer<typeof DocumentType>;

export const ItemKind = z
  .enum(['recommendation', 'arende', 'bilaga', 'information', 'fastst-lista', 'justerare', 'paus', 'ovriga-fragor'])
  .meta({
    description:
      'recommendation = ber huvudmän besluta; arende = annat ärende med förslag eller Dnr; bilaga = bifogad handling (tjänsteskrivelse utan förslag, rapport); information; fastst-lista = fastställande av föredragningslistan; justerare = val av justerare; paus; ovriga-fragor',
  });
export type ItemKind = z.infer<typeof ItemKind>;

/** The fields of one item, keyed as in the case registration where they go. */
export const ItemFields = z.strictObject({
  number: FoundNumber.optional().meta({ description: 'Punktens nummer i kallelsen ("3.")' }),
  paragraf: FoundNumber.optional().meta({ description: 'Paragrafen i protokollet (§)' }),
  time: FoundText.optional().meta({ description: 'Klockslag vid punkten, t.ex. 13:25' }),
  dnr: FoundText.optional().meta({ description: 'Diarienummer som det står, t.ex. RS/62/2026 eller RS/2014-207' }),
  title: FoundText.optional(),
  summary: FoundText.optional().meta({ description: 'Ärendebeskrivning / Sammanfattning' }),
  forslagIntro: FoundText.optional().meta({ description: 'Inledningen till förslaget, t.ex. "Regionens samverkansråd föreslår …"' }),
  forslagTillBeslut: FoundTexts.optional().meta({ description: 'Förslag till beslut, en post per numrerad punkt' }),
  beslut: FoundTexts.optional().meta({ description: 'Beslut (protokoll), en post per numrerad punkt' }),
  huvudman: FoundParties.optional().meta({ description: 'Huvudmännen som ombeds besluta' }),
  senast: FoundDate.optional().meta({ description: 'Senaste dag för huvudmännens beslut' }),
  expedierasTill: FoundTexts.optional().meta({ description: 'Expedieras till, en post per mottagare som det står' }),
  beslutsunderlag: FoundTexts.optional(),
});
export type ItemFields = z.infer<typeof ItemFields>;
export const ItemFieldName = ItemFields.keyof();
export type ItemFieldName = z.infer<typeof ItemFieldName>;

export const ParsedItem = z.strictObject({
  kind: ItemKind,
  lines: SourceLines.meta({ description: 'Första och sista raden av punkten' }),
  fields: ItemFields,
  missing: z.array(ItemFieldName).meta({ description: 'Fält som punkten av sitt slag borde ha men som inte hittades' }),
});
export type ParsedItem = z.infer<typeof ParsedItem>;

/** Header of a kallelse or protokoll: the body, the meeting and the protokoll's justering and anslag. */
export const HeaderFields = z.strictObject({
  organ: FoundText.optional(),
  party: found(PartyId).optional().meta({ description: 'Organets part i partregistret' }),
  meetingDate: FoundDate.optional(),
  justerare: FoundTexts.optional(),
  justeringDate: FoundDate.optional(),
  anslagPosted: FoundDate.optional(),
  anslagRemoved: FoundDate.optional(),
});
export type HeaderFields = z.infer<typeof HeaderFields>;
export const HeaderFieldName = HeaderFields.keyof();
export type HeaderFieldName = z.infer<typeof HeaderFieldName>;

export const ParsedDocument = z.strictObject({
  type: DocumentType,
  header: HeaderFields,
  missing: z.array(HeaderFieldName),
  items: z.array(ParsedItem),
});
export type ParsedDocument = z.infer<typeof ParsedDocument>;

export const DecisionOutcomeFound = found(z.enum(['bifall', 'avslag', 'aterremiss', 'bordlaggning']));

/** A huvudman's decision, one § of its protokoll or protokollsutdrag: the fields of `huvudman-decided`. */
export const DecisionFields = z.strictObject({
  party: found(PartyId).optional(),
  organ: FoundText.optional(),
  meetingDate: FoundDate.optional(),
  paragraf: FoundNumber.optional(),
  dnr: FoundText.optional().meta({ description: 'Huvudmannens eget diarienummer' }),
  title: FoundText.optional(),
  outcome: DecisionOutcomeFound.optional(),
  beslut: FoundTexts.optional(),
  expedierasTill: FoundTexts.optional(),
  justerare: FoundTexts.optional(),
  justeringDate: FoundDate.optional(),
  anslagPosted: FoundDate.optional(),
  anslagRemoved: FoundDate.optional(),
  rsrDnr: FoundText.optional().meta({ description: 'RSR:s Dnr om paragrafen nämner ett annat än sitt eget' }),
  rsrMeetingDate: FoundDate.optional().meta({ description: 'RSR:s sammanträde som paragrafen hänvisar till ("samverkansråd beslutade den 26 januari 2026, § 2")' }),
  rsrParagraf: FoundNumber.optional().meta({ description: 'RSR:s paragraf som paragrafen hänvisar till' }),
});
export type DecisionFields = z.infer<typeof DecisionFields>;
export const DecisionFieldName = DecisionFields.keyof();
export type DecisionFieldName = z.infer<typeof DecisionFieldName>;

export const ParsedDecision = z.strictObject({
  lines: SourceLines,
  fields: DecisionFields,
  missing: z.array(DecisionFieldName),
});
export type ParsedDecision = z.infer<typeof ParsedDecision>;

// Custom search attributes: what makes "every case where Krokom has not decided" or "everything
// overdue" one visibility list query instead of a scan of histories. Registered on the namespace by
// the start command and the test helpers (client/temporal/namespace.ts); set by the workflows.
// SQLite visibility allows per namespace 10 Keyword and 3 each of Text, KeywordList, Datetime, Int,
// Double, Bool — keep within that so the embedded default can hold every attribute.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Diarienummer, e.g. `RS/62/2026`; on the case and on each of its decision tracks. */
export const DnrAttribute = defineSearchAttributeKey('ArendeDnr', SearchAttributeType.KEYWORD);
/** The case's stage (registered, beredning, rsr-scheduled, …) or, on a track, the track's state. */
export const StageAttribute = defineSearchAttributeKey('ArendeStage', SearchAttributeType.KEYWORD);
/** On a decision track: the huvudman (party id) it asks to decide. */
export const PartyAttribute = defineSearchAttributeKey('ArendePart', SearchAttributeType.KEYWORD);
/** On a decision track: its state as the overview shows it (domain/track-rules.ts trackDetail: also reminded, aterremiss, bordlaggning). */
export const TrackDetailAttribute = defineSearchAttributeKey('ArendeDetalj', SearchAttributeType.KEYWORD);
/**
 * On a case: party ids whose decision track is not final yet (no decision, or decided and waiting
 * for justering, anslag or laga kraft). Exactly "has not decided" is a track query:
 * `ArendePart = 'krokom' AND ArendeStage IN ('requested', 'overdue')` (see docs/visibility.md).
 * A list too long for one attribute value (2 KB) is stored as `['*']`: use the track rows.
 */
export const PendingPartiesAttribute = defineSearchAttributeKey('ArendeEjKlara', SearchAttributeType.KEYWORD_LIST);
/** On a case: party ids past their deadline without a decision (kept current by the tracks' reports). */
export const OverduePartiesAttribute = defineSearchAttributeKey('ArendeForsenade', SearchAttributeType.KEYWORD_LIST);
/** The next date something is due (a deadline, the end of an appeal period). */
export const NextDeadlineAttribute = defineSearchAttributeKey('ArendeNastaFrist', SearchAttributeType.DATETIME);
/** The case title, for free-text search. */
export const TitleAttribute = defineSearchAttributeKey('ArendeRubrik', SearchAttributeType.TEXT);

export const searchAttributeKeys = [
  DnrAttribute,
  StageAttribute,
  PartyAttribute,
  TrackDetailAttribute,
  PendingPartiesAttribute,
  OverduePartiesAttribute,
  NextDeadlineAttribute,
  TitleAttribute,
] as const;

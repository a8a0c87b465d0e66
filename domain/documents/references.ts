// The references a meeting document writes inline: diarienummer (RS/62/2026, the older RS/2014-207,
// a municipality's "KS 2026/118"), dates (2026-01-26, "28 september 2015", "26 januari 2026"), the
// clock times of a kallelse (13:25, 13.05) and paragraphs (§ 31).
import { isoDateProblem } from '../dates';
import type { IsoDate } from '../values';

/** The region's form ORGAN/NUMMER/ÅR and its older ORGAN/ÅR-NUMMER. */
const REGION_DNR = /\b([A-ZÅÄÖ]{2,10})\/(\d{1,6}\/\d{4}|\d{4}-\d{1,6})\b/g;

/** Every region-style Dnr in `text`, in order. */
export function findDnrs(text: string): string[] {
  return [...text.matchAll(REGION_DNR)].map((m) => m[0]);
}

/** A Dnr in parentheses at the end of a title: "… frågor (RS/62/2026)" → the title and the Dnr. */
export function splitTitleDnr(text: string): { title: string; dnr?: string } {
  const m = /^(.*?)\s*\((?:dnr:?\s*)?([A-ZÅÄÖ]{2,10}\/(?:\d{1,6}\/\d{4}|\d{4}-\d{1,6})|[A-ZÅÄÖ]{1,10}[ -]\d{4}[/-]\d{1,6})\)\s*$/i.exec(text);
  if (m) return { title: m[1]!.trim(), dnr: m[2]! };
  const bare = /^(.*\S)\s+([A-ZÅÄÖ]{2,10}\/(?:\d{1,6}\/\d{4}|\d{4}-\d{1,6}))\s*$/.exec(text);
  if (bare) return { title: bare[1]!.trim(), dnr: bare[2]! };
  return { title: text.trim() };
}

/** "Dnr KS 2026/118", "Dnr: RUN/206/2015", "Diarienummer KS-2026-0412": a document's own Dnr line. */
export function labelledDnr(text: string): string | undefined {
  const m = /\b(?:dnr|diarienummer|diarienr)\.?:?\s+([A-ZÅÄÖ0-9][A-ZÅÄÖ0-9 /.-]{2,40}?\d)\s*$/i.exec(text)
    ?? /\b(?:dnr|diarienummer|diarienr)\.?:?\s+([A-ZÅÄÖ]{1,10}[ /-]\d{2,4}[/-]\d{1,6}(?:[/-]\d{1,4})?)/i.exec(text);
  return m ? m[1]!.trim() : undefined;
}

const MONTHS = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];
const ISO = /\b(\d{4})-(\d{2})-(\d{2})\b/;
const WRITTEN = new RegExp(`\\b(\\d{1,2})\\s+(${MONTHS.join('|')})\\s+(\\d{4})\\b`, 'i');

function valid(y: string, m: string, d: string): IsoDate | undefined {
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  return isoDateProblem(iso) ? undefined : (iso as IsoDate);
}

/** The first date in `text`, ISO or written out in Swedish; an impossible date is no date. */
export function findDate(text: string): IsoDate | undefined {
  const iso = ISO.exec(text);
  const written = WRITTEN.exec(text);
  if (iso && (!written || iso.index <= written.index)) return valid(iso[1]!, iso[2]!, iso[3]!);
  if (written) return valid(written[3]!, String(MONTHS.indexOf(written[2]!.toLowerCase()) + 1), written[1]!);
  return undefined;
}

/** A date written right after "senast" ("senast 2026-06-30", "senast den 30 juni 2026"); "senast besluta" has none. */
export function senastDate(text: string): IsoDate | undefined {
  const m = /\bsenast\s+(?:den\s+|före\s+|till\s+)?(\d{4}-\d{2}-\d{2}|\d{1,2}\s+[a-zåäö]+\s+\d{4})/i.exec(text);
  return m ? findDate(m[1]!) : undefined;
}

/** A clock time standing alone or at the end of a line: "13:25", "Per Lundkvist Molin 14:15", "13.05". */
export const TRAILING_TIME = /(?:^|\s)(\d{1,2}[:.]\d{2})$/;
export const LEADING_TIME = /^(\d{1,2}[:.]\d{2})(?:\s|$)/;

/** "§ 31", "§ 52 Dnr KS 2026/118", "§ 73 Svar på motion …" at the start of a line. */
export const PARAGRAF_LINE = /^§\s(\d{1,4})(?:\s+(.*))?$/;

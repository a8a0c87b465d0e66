// The source marks of a form pre-filled from a document (document-import.ts), carried through the
// registration form in one hidden field so that a refused submit shows them again: no server state.
import { z } from 'zod';

export const FieldMark = z.strictObject({
  text: z.string().max(200),
  missing: z.boolean(),
  notes: z.array(z.string().max(500)).max(10).optional(),
});
/** A pre-filled field's origin ("Ur handlingen, rad 47–48") or a field the document did not give; notes beside it. */
export type FieldMark = z.infer<typeof FieldMark>;

const FieldMarks = z.record(z.string().max(100), FieldMark);

/** The hidden field's name. */
export const MARKS_FIELD = '_kallor';

export function encodeMarks(marks: Record<string, FieldMark>): string {
  return JSON.stringify(marks);
}

/** The carried marks, or none when the field is absent, too large or not what this module wrote. */
export function decodeMarks(value: unknown): Record<string, FieldMark> | undefined {
  if (typeof value !== 'string' || value.length > 20_000) return undefined;
  try {
    const parsed = FieldMarks.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

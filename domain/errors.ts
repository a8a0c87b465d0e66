// Validation results people can act on: each problem names the field (Swedish label, with the
// item number in lists) and the rule in plain words. Synchronous, because Temporal update
// validators must be.
import { z } from 'zod';

export const FieldIssue = z.object({
  /** Machine path, e.g. `registration.beredning.1.meetingDate`. */
  path: z.string(),
  /** What a person sees, e.g. `Beredning 2 › Sammanträdesdatum`. */
  field: z.string(),
  message: z.string(),
});
export type FieldIssue = z.infer<typeof FieldIssue>;

// Swedish labels for the keys used by the domain schemas.
const LABELS: Record<string, string> = {
  registration: 'Registrering',
  events: 'Händelse',
  dnr: 'Diarienummer',
  title: 'Rubrik',
  handlaggare: 'Handläggare',
  tjansteskrivelse: 'Tjänsteskrivelse',
  forslagTillBeslut: 'Förslag till beslut',
  beredning: 'Beredning',
  rsrMeetingDate: 'RSR-sammanträde',
  recommendedBy: 'Rekommenderande organ',
  recommendation: 'Rekommendation',
  huvudman: 'Huvudmän',
  points: 'Beslutspunkter',
  senast: 'Senast',
  reminders: 'Påminnelser',
  expedierasTill: 'Expedieras till',
  beslutsunderlag: 'Beslutsunderlag',
  beslut: 'Beslut',
  justering: 'Justering',
  justerare: 'Justerare',
  anslag: 'Anslag',
  posted: 'Anslaget uppsatt',
  removed: 'Anslaget nedtaget',
  outcome: 'Utfall',
  organ: 'Organ',
  party: 'Part',
  group: 'Grupp',
  meetingDate: 'Sammanträdesdatum',
  paragraf: 'Paragraf (§)',
  date: 'Datum',
  author: 'Författare',
  summary: 'Sammanfattning',
  note: 'Anteckning',
  name: 'Namn',
  shortName: 'Kortnamn',
  role: 'Roll',
  organisation: 'Organisation',
  email: 'E-post',
  url: 'Länk',
  type: 'Händelsetyp',
  filedOn: 'Inkom',
  appellant: 'Klagande',
  court: 'Domstol',
  reason: 'Skäl',
  decidedBy: 'Beslutat av',
  parties: 'Part',
  groups: 'Grupp',
  members: 'Medlem',
  kind: 'Typ',
  organs: 'Beslutande organ',
  registrator: 'Registrator (e-post)',
  aliases: 'Alias',
  managerEmail: 'Samordningskansliets e-post',
  council: 'Samverkansråd',
  id: 'Id',
  justerad: 'Justerad',
  // A correction (rättelse).
  target: 'Vad som rättas',
  changes: 'Rätt uppgift',
};

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'ett tal',
  int: 'ett heltal',
  boolean: 'sant eller falskt (true/false)',
  array: 'en lista',
  object: 'ett objekt med fält',
};

type RawIssue = z.core.$ZodRawIssue;

/** A schema's own message, except that a missing value is reported as missing. */
export function unlessMissing(message: string | ((input: unknown) => string)) {
  return (issue: { input?: unknown }): string =>
    issue.input === undefined ? 'saknas (obligatoriskt)' : typeof message === 'string' ? message : message(issue.input);
}

/** Plain-words Swedish for zod's generic rules; messages written in a schema take precedence. */
export function swedishMessage(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'saknas (obligatoriskt)';
      return `ska vara ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? 'får inte vara tomt' : `ska ha minst ${min} tecken`;
      if (issue.origin === 'array') return min <= 1 ? 'ska ha minst en post' : `ska ha minst ${min} poster`;
      return issue.inclusive ? `ska vara minst ${min}` : `ska vara större än ${min}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `får ha högst ${max} tecken`;
      if (issue.origin === 'array') return `får ha högst ${max} poster`;
      return issue.inclusive ? `får vara högst ${max}` : `ska vara mindre än ${max}`;
    }
    case 'invalid_value':
      return `ska vara ${issue.values.length === 1 ? '' : 'ett av: '}${issue.values.map((v) => String(v)).join(', ')}`;
    case 'invalid_format':
      if (issue.format === 'email') return 'är inte en giltig e-postadress';
      if (issue.format === 'url') return 'ska vara en webbadress (https://…)';
      return 'har fel form';
    case 'unrecognized_keys':
      return `${issue.keys.length === 1 ? 'okänt fält' : 'okända fält'}: ${issue.keys.join(', ')} (stavfel?)`;
    case 'invalid_union':
      return 'passar inte någon av de tillåtna formerna';
    default:
      return undefined;
  }
}

function fieldLabel(path: readonly PropertyKey[]): string {
  const parts: string[] = [];
  for (const segment of path) {
    if (typeof segment === 'number') {
      const previous = parts.pop() ?? 'Post';
      parts.push(`${previous} ${segment + 1}`);
    } else {
      parts.push(LABELS[String(segment)] ?? String(segment));
    }
  }
  return parts.length > 0 ? parts.join(' › ') : 'Indata';
}

export function formatIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    field: fieldLabel(issue.path),
    message: issue.message,
  }));
}

/** One line: the first problem, and how many more there are. */
export function summarizeIssues(issues: readonly FieldIssue[]): string {
  const [first] = issues;
  if (!first) return 'inga fel';
  const more = issues.length - 1;
  return `${first.field}: ${first.message}${more > 0 ? ` (och ${more} fel till)` : ''}`;
}

export type Validation<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[]; summary: string };

/** Parses `input` with `schema`, reporting problems in Swedish. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): Validation<z.output<S>> {
  const result = schema.safeParse(input, { error: swedishMessage });
  if (result.success) return { ok: true, value: result.data };
  const issues = formatIssues(result.error);
  return { ok: false, issues, summary: summarizeIssues(issues) };
}

export class ValidationError extends Error {
  constructor(readonly issues: FieldIssue[]) {
    super(summarizeIssues(issues));
    this.name = 'ValidationError';
  }
}

/** Like `validate`, but throws a `ValidationError` (message = one-line summary); for update validators. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = validate(schema, input);
  if (!result.ok) throw new ValidationError(result.issues);
  return result.value;
}

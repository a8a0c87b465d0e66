// Form logic for the dashboard's pages, pure (no Fastify, no HTML): urlencoded fields in, the API's
// JSON out; the API's or the domain's issues in, one list of errors per form field out. The pages
// validate what this builds with the same domain schemas the API uses, so a form shows exactly the
// API's Swedish messages, next to the field they name.
import type { PartyRegistry } from '../../domain/parties';
import { recipientFromText } from '../../domain/documents/recipients';

/** A problem as the domain reports it (`validate` → issues) or as the API answers it (`details`). */
export interface IssueLike {
  /** `body.meetingDate` (API), `meetingDate` or `justering.justerare.0` (domain). */
  path: string;
  /** The Swedish field label; the API puts it at the start of `message` instead. */
  field?: string;
  message: string;
}

export interface FieldError {
  /** The form field the problem belongs to; '' when it belongs to no field (shown in the summary only). */
  name: string;
  /** What a person reads, e.g. `Sammanträdesdatum: "2026-02-30" finns inte i kalendern …`. */
  text: string;
}

export interface FormErrors {
  /** In the order the problems were reported: the error summary at the top of the page. */
  all: FieldError[];
  /** Messages per form field name, for the error under each field. */
  byField: Record<string, string[]>;
}

/** `body.x.y` → `x.y` (the API's location prefix); `params.token` etc. stay as they are. */
export function stripLocation(path: string): string {
  return path.startsWith('body.') ? path.slice(5) : path === 'body' ? '' : path;
}

/**
 * The form field an issue's path belongs to: the field itself (`meetingDate`), the field holding a
 * list item (`justering.justerare.0` → `justering.justerare`, one text box for the list), or, for
 * a problem with a whole group (`anslag` → `anslag.posted`), the group's first field. '' when no
 * field of the form matches.
 */
export function formFieldFor(path: string, fields: readonly string[]): string {
  const p = stripLocation(path);
  if (p === '') return '';
  let best = '';
  for (const f of fields) {
    if ((p === f || p.startsWith(`${f}.`)) && f.length > best.length) best = f;
  }
  if (best) return best;
  return fields.find((f) => f.startsWith(`${p}.`)) ?? '';
}

/**
 * Groups issues by the form's fields, keeping the field label in front of each message. `labels`:
 * the form's own label of a field whose domain label says something else there (a correction's
 * `party` is its "Protokoll"), so the message names the field as the form shows it.
 */
export function formErrors(issues: readonly IssueLike[], fields: readonly string[], labels: Readonly<Record<string, string>> = {}): FormErrors {
  const all: FieldError[] = [];
  const byField: Record<string, string[]> = {};
  for (const issue of issues) {
    const name = formFieldFor(issue.path, fields);
    const field = (Object.hasOwn(labels, name) && stripLocation(issue.path) === name ? labels[name] : undefined) ?? issue.field;
    const text = field ? `${field}: ${issue.message}` : issue.message;
    all.push({ name, text });
    if (name) (byField[name] ??= []).push(text);
  }
  return { all, byField };
}

/** A single problem not tied to a field, e.g. the case refusing an event (409). */
export function formLevelError(message: string): FormErrors {
  return { all: [{ name: '', text: message }], byField: {} };
}

/** The HTML id of a form field's input, and of its error message (for aria-describedby). */
export function fieldId(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}
export function errorId(name: string): string {
  return `${fieldId(name)}-fel`;
}

// ---------------------------------------------------------------- submitted fields → JSON

/** A submitted urlencoded body as Fastify (formbody) parses it: a repeated name gives an array. */
export type Submitted = Record<string, string | string[] | undefined>;

export type FieldKind =
  /** Trimmed text; empty = left out. Dates are text too: the domain says what is wrong with one. */
  | 'text'
  /** An integer; "§ 31" and "31" give 31; anything else is passed on as text for the domain to refuse. */
  | 'int'
  /** Comma-separated, e.g. justerare "Anna A, Bo B" → ["Anna A", "Bo B"]. */
  | 'comma-list'
  /** Comma-separated integers, e.g. reminders "10, 3" → [10, 3]. */
  | 'int-list'
  /** One item per line (points, beslut). */
  | 'lines'
  /** Checkboxes with the same name: every checked value. */
  | 'checked'
  /** "Expedieras till", one recipient per line (see `parseRecipientLine`). */
  | 'recipients'
  /** Beslutsunderlag, one per line: a title, optionally followed by its web address. */
  | 'documents';

export type FormSpec = Record<string, FieldKind>;

export interface ParseContext {
  /** Whether an id names a party or a group of the registry (for "Expedieras till" lines). */
  isParty?: (id: string) => boolean;
  isGroup?: (id: string) => boolean;
  /** A described recipient ("Kommunchef, Krokoms kommun") → its party or group and role (domain/documents/recipients.ts). */
  describe?: (line: string) => Record<string, string>;
}

/** The registry's party and group ids, for "Expedieras till" lines. */
export function recipientContext(registry: PartyRegistry): ParseContext {
  return { isParty: (id) => Boolean(registry.get(id)), isGroup: (id) => Boolean(registry.group(id)), describe: (line) => recipientFromText(line, registry) };
}

/** The one value of a field (the last one, if a text field was submitted twice). */
export function single(value: string | string[] | undefined): string {
  if (value === undefined) return '';
  return Array.isArray(value) ? (value[value.length - 1] ?? '') : value;
}

function many(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Text lines without blank ones. Windows and old Mac line ends too (browsers send CRLF). */
export function lines(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

function commaList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function integer(text: string): number | string {
  const m = /^(?:§\s*)?(-?\d{1,9})$/.exec(text.trim());
  return m ? Number(m[1]) : text.trim();
}

const ANGLE_EMAIL = /^(.*?)\s*<([^<>\s]+)>$/;
const BARE_EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * One "Expedieras till" line: `Namn <e-post>`, a bare e-post address, a party or group id of the
 * registry (`krokom`, `lanets-kommuner`), or a description (`Kommundirektör, Krokoms kommun`) whose
 * party or group the registry names (else it stays the organisation, which the domain refuses without
 * an address, saying why).
 */
export function parseRecipientLine(line: string, ctx: ParseContext = {}): Record<string, string> {
  const text = line.trim();
  const angle = ANGLE_EMAIL.exec(text);
  if (angle) {
    const name = angle[1]!.replace(/^"|"$/g, '').trim();
    return name ? { name, email: angle[2]! } : { email: angle[2]! };
  }
  if (BARE_EMAIL.test(text)) return { email: text };
  if (ID.test(text) && ctx.isGroup?.(text)) return { group: text };
  if (ID.test(text) && ctx.isParty?.(text)) return { party: text };
  return ctx.describe ? ctx.describe(text) : { organisation: text };
}

/** One beslutsunderlag line: `Titel https://…` → {title, url}; without an address just {title}. */
export function parseDocumentLine(line: string): Record<string, string> {
  const m = /^(.*?)\s+(https?:\/\/\S+)$/i.exec(line.trim());
  return m && m[1] ? { title: m[1], url: m[2]! } : { title: line.trim() };
}

function convert(kind: FieldKind, raw: string | string[] | undefined, ctx: ParseContext): unknown {
  switch (kind) {
    case 'text': {
      const v = single(raw).trim();
      return v === '' ? undefined : v;
    }
    case 'int': {
      const v = single(raw).trim();
      return v === '' ? undefined : integer(v);
    }
    case 'comma-list': {
      const v = commaList(single(raw));
      return v.length ? v : undefined;
    }
    case 'int-list': {
      const v = commaList(single(raw)).map(integer);
      return v.length ? v : undefined;
    }
    case 'lines': {
      const v = lines(single(raw));
      return v.length ? v : undefined;
    }
    case 'checked': {
      const v = many(raw)
        .map((s) => s.trim())
        .filter((s) => s !== '');
      return v.length ? v : undefined;
    }
    case 'recipients': {
      const v = lines(single(raw)).map((l) => parseRecipientLine(l, ctx));
      return v.length ? v : undefined;
    }
    case 'documents': {
      const v = lines(single(raw)).map(parseDocumentLine);
      return v.length ? v : undefined;
    }
  }
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) node = next as Record<string, unknown>;
    else {
      const created: Record<string, unknown> = {};
      node[key] = created;
      node = created;
    }
  }
  node[keys[keys.length - 1]!] = value;
}

/**
 * Builds the API's JSON from a submitted form. Field names are dotted paths into the JSON
 * (`justering.date`); a field left empty is left out, so the domain reports it missing when it is
 * required, and an optional group whose fields are all empty (a justering not yet made) is left
 * out entirely. Fields the spec does not name (the CSRF token) are ignored.
 */
export function formToJson(submitted: Submitted, spec: FormSpec, ctx: ParseContext = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, kind] of Object.entries(spec)) {
    const value = convert(kind, submitted[name], ctx);
    if (value !== undefined) setPath(out, name, value);
  }
  return out;
}

/** The submitted values to show again in the form after a refusal (only the spec's fields). */
export function keptValues(submitted: Submitted, spec: FormSpec): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, kind] of Object.entries(spec)) {
    const raw = submitted[name];
    if (raw === undefined) continue;
    out[name] = kind === 'checked' ? many(raw) : single(raw);
  }
  return out;
}

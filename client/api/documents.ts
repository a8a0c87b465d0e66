// POST /api/v1/documents/parse (issue 16): a kallelse, protokoll or protokollsutdrag — pasted text,
// a PDF in base64, or the file itself as the body — read into what a person confirms: per item a
// proposed registration, and for a huvudman's protokoll per § a proposed decision with the case it
// answers. Nothing is registered: the caller submits the proposal through the usual routes, where
// all of today's validation applies. The reading itself is pure (readDocument, also the CLI's).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { PartyId, PartyRegistry } from '../../domain/parties';
import { Dnr } from '../../domain/values';
import {
  CaseProposal,
  DecisionProposal,
  ParsedDecision,
  ParsedDocument,
  ParsedItem,
  decisionMatch,
  parseAgenda,
  parseDecisions,
  proposeCase,
  proposeDecision,
  type CaseIdentity,
} from '../../domain/documents';
import { DOCUMENT_TEXT_MAX_BYTES, DocumentTextError, checkedText, documentText } from '../../lib/document-text';
import { PDF_MAX_BYTES } from '../../lib/pdf-text';
import { CaseNotFound, type CaseGateway } from './gateway';
import { ApiError, HttpProblem } from './problem';

/** Items a registration can be proposed from: the recommendations and the other cases with a förslag or Dnr. */
const PROPOSED_KINDS: ReadonlySet<ParsedItem['kind']> = new Set(['recommendation', 'arende']);

export const DecisionCase = z.strictObject({
  dnr: z.string(),
  title: z.string(),
  match: z.enum(['dnr', 'rsr-paragraf', 'title']).meta({ description: 'dnr = RSR:s eller eget diarienummer; rsr-paragraf = RSR:s sammanträde och §; title = rubriken' }),
});
export type DecisionCase = z.infer<typeof DecisionCase>;

export const ReadItem = ParsedItem.extend({
  proposal: CaseProposal.optional().meta({ description: 'Registreringen punkten föreslår (rekommendationer och andra ärenden, inte i en huvudmans protokoll)' }),
});
export const ReadDecision = ParsedDecision.extend({
  proposal: DecisionProposal,
  case: DecisionCase.optional().meta({ description: 'Ärendet beslutet gäller, om det finns' }),
});
export const DocumentReading = ParsedDocument.omit({ items: true })
  .extend({
    items: z.array(ReadItem),
    decisions: z.array(ReadDecision).meta({ description: 'En huvudmans beslut, ett per §: bara när handlingen är en huvudmans protokoll eller protokollsutdrag' }),
  })
  .meta({ id: 'DocumentReading' });
export type DocumentReading = z.infer<typeof DocumentReading>;

/**
 * Whether the document is a huvudman's own protokoll or protokollsutdrag: its header names a party
 * that decides on recommendations and is not the council. Then its §§ are decisions on cases the
 * council sent, not cases to register; otherwise (the council's kallelse or protokoll, or a header
 * naming no party) its items are proposed as registrations.
 */
export function isHuvudmanDocument(doc: ParsedDocument, registry: PartyRegistry): boolean {
  const party = doc.header.party?.value;
  return party !== undefined && party !== registry.organisation.council && registry.get(party)?.huvudman === true;
}

/** The text read into items with proposals, and, for a huvudman's document, its decisions (no case matched yet). */
export function readDocument(text: string, registry: PartyRegistry): DocumentReading {
  const doc = parseAgenda(text, registry);
  const huvudman = isHuvudmanDocument(doc, registry);
  const items = doc.items.map((item) => (!huvudman && PROPOSED_KINDS.has(item.kind) ? { ...item, proposal: proposeCase(doc, item, registry) } : item));
  const decisions = huvudman ? parseDecisions(text, registry).map((d) => ({ ...d, proposal: proposeDecision(d, registry) })) : [];
  return { type: doc.type, header: doc.header, missing: doc.missing, items, decisions };
}

const norm = (s: string) => s.toLowerCase().replace(/[^a-zåäö0-9]+/g, ' ').trim();

/**
 * The case a decision answers: by its Dnr (the RSR's as the § mentions it, or the § own) through the
 * case's status; else among the read model's cases of the same RSR meeting or the same title, by the
 * RSR meeting and §, then by title. `party`: a registrator's — only cases that ask it.
 */
export async function caseOfDecision(decision: ParsedDecision, cases: CaseGateway, party?: PartyId, listed?: () => Promise<{ dnr: string; title: string; rsrMeetingDate: string }[]>): Promise<DecisionCase | undefined> {
  const asks = (huvudman: readonly string[]) => party === undefined || huvudman.includes(party);
  const statusOf = async (dnr: string) => {
    try {
      return await cases.status(dnr);
    } catch (err) {
      if (err instanceof CaseNotFound) return undefined;
      throw err;
    }
  };
  for (const candidate of [decision.fields.rsrDnr?.value, decision.fields.dnr?.value]) {
    const dnr = candidate && Dnr.safeParse(candidate).success ? candidate : undefined;
    const status = dnr ? await statusOf(dnr) : undefined;
    if (status && asks(status.huvudman)) return { dnr: status.dnr, title: status.title, match: 'dnr' };
  }
  const f = decision.fields;
  if (!listed || (!f.rsrMeetingDate && !f.title)) return undefined;
  const near = (await listed()).filter((c) => c.rsrMeetingDate === f.rsrMeetingDate?.value || (f.title !== undefined && norm(c.title) === norm(f.title.value)));
  const identities: (CaseIdentity & { dnr: string; title: string })[] = [];
  for (const c of near) {
    const status = await statusOf(c.dnr);
    if (status && asks(status.huvudman)) identities.push({ dnr: status.dnr, title: status.title, rsrMeetingDate: status.rsrMeetingDate, ...(status.rsr ? { rsrParagraf: status.rsr.paragraf } : {}) });
  }
  for (const how of ['rsr-paragraf', 'title'] as const) {
    const found = identities.find((c) => decisionMatch(decision, c) === how);
    if (found) return { dnr: found.dnr, title: found.title, match: how };
  }
  return undefined;
}

/** The longest base64 of a PDF within PDF_MAX_BYTES (4 characters per 3 bytes), plus room for line breaks. */
const PDF_BASE64_MAX = Math.ceil(PDF_MAX_BYTES / 3) * 4 + 1024 * 1024;
/** The route's body limit: a base64 PDF at its largest, in JSON. */
const PARSE_BODY_LIMIT = PDF_BASE64_MAX + 64 * 1024;

export const DocumentParseBody = z
  .strictObject({
    text: z.string().optional().meta({ description: `Den inklistrade texten (högst ${DOCUMENT_TEXT_MAX_BYTES / 1024 / 1024} MB)` }),
    pdf: z
      .string()
      .max(PDF_BASE64_MAX, { error: `PDF-filen får vara högst ${PDF_MAX_BYTES / 1024 / 1024} MiB` })
      .regex(/^[A-Za-z0-9+/=\s]*$/, { error: 'ska vara PDF-filen i base64' })
      .optional()
      .meta({ description: `PDF-filen i base64 (högst ${PDF_MAX_BYTES / 1024 / 1024} MiB)` }),
  })
  .superRefine((body, ctx) => {
    if ((body.text === undefined) === (body.pdf === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'ange antingen text (den inklistrade texten) eller pdf (PDF-filen i base64), inte båda eller ingen' });
    }
  })
  .meta({
    description:
      'JSON `{ text }` eller `{ pdf }`. Går också att skicka som filen själv: Content-Type application/pdf (högst 20 MiB) eller text/plain (UTF-8, högst 2 MB).',
  });
type DocumentParseBody = z.infer<typeof DocumentParseBody>;

/** A DocumentTextError as the 400 naming the field it came from. */
function badDocument(field: string, err: DocumentTextError): HttpProblem {
  return new HttpProblem(400, `Ogiltig begäran: ${field}: ${err.message}`, [{ path: field, message: err.message }]);
}

async function textOf(body: DocumentParseBody, field: string): Promise<string> {
  try {
    if (body.text !== undefined) return checkedText(body.text);
    const bytes = Buffer.from(body.pdf!, 'base64');
    if (bytes.length > PDF_MAX_BYTES) throw new DocumentTextError(`PDF-filen är större än ${PDF_MAX_BYTES / 1024 / 1024} MiB`);
    if (!bytes.subarray(0, 1024).includes('%PDF-')) throw new DocumentTextError('är ingen PDF-fil (den börjar inte med %PDF-): skicka PDF-filen i base64, eller texten som text');
    return await documentText(bytes);
  } catch (err) {
    if (err instanceof DocumentTextError) throw badDocument(field, err);
    throw err;
  }
}

/** Which field of the request a body came from (raw bodies are carried as `{ text }` or `{ pdf }`). */
const RAW = new WeakMap<FastifyRequest, string>();

export interface DocumentRouteDependencies {
  cases: CaseGateway;
  registry: () => PartyRegistry;
}

export async function registerDocumentRoutes(app: FastifyInstance, deps: DocumentRouteDependencies): Promise<void> {
  // Own scope: the raw PDF and text parsers, and the larger body limit, are this route's only.
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/pdf', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
      RAW.set(request, 'body');
      done(null, { pdf: body.toString('base64') });
    });
    scope.addContentTypeParser('text/plain', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
      RAW.set(request, 'body');
      // A text file is read as the CLI reads one (UTF-8, no NUL bytes, bounded).
      documentText(body).then(
        (text) => done(null, { text }),
        (err: unknown) => done(err instanceof DocumentTextError ? badDocument('body', err) : (err as Error)),
      );
    });
    const api = scope.withTypeProvider<ZodTypeProvider>();
    api.post('/api/v1/documents/parse', {
      config: { action: 'document.parse' },
      bodyLimit: PARSE_BODY_LIMIT,
      schema: {
        summary: 'Läs in en kallelse, ett protokoll eller ett protokollsutdrag: punkterna med förslag till registrering, en huvudmans beslut med ärendet de gäller',
        description:
          'Ändrar ingenting: förslagen registreras först när de skickas till de vanliga adresserna. Varje ifyllt fält har raderna det kom från (`sources`), ' +
          'fält som handlingen inte ger står i `missing`. En huvudmans protokoll (huvudet nämner en huvudman, inte samverkansrådet) ger `decisions`, ' +
          'ett per §, med ärendet (`case`) hittat på diarienummer, annars på RSR:s sammanträde och § eller på rubriken. ' +
          'En registrator får bara sin egen parts beslut, matchade mot ärenden som ber den parten.',
        tags: ['handlingar'],
        body: DocumentParseBody,
        response: { 200: DocumentReading, 400: ApiError, 401: ApiError, 403: ApiError, 413: ApiError, 414: ApiError, 415: ApiError, 431: ApiError, 503: ApiError },
      },
      handler: async (request) => {
        const field = RAW.get(request) ?? (request.body.text !== undefined ? 'body.text' : 'body.pdf');
        const text = await textOf(request.body, field);
        const registry = deps.registry();
        const reading = readDocument(text, registry);
        const party = request.accessScope?.party as PartyId | undefined;
        // A registrator reports its own party's decisions only.
        const decisions = party ? reading.decisions.filter((d) => d.fields.party === undefined || d.fields.party.value === party) : reading.decisions;
        let listing: Promise<{ dnr: string; title: string; rsrMeetingDate: string }[]> | undefined;
        const listed = () => (listing ??= deps.cases.list({ includeClosed: 'true' }).then((page) => page.items));
        const matched = [];
        for (const decision of decisions) {
          const found = await caseOfDecision(decision, deps.cases, party, listed);
          matched.push(found ? { ...decision, case: found } : decision);
        }
        return { ...reading, decisions: matched };
      },
    });
  });
}

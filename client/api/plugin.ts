// The HTTP API under /api/v1: validated with the domain's zod schemas (Swedish messages naming the
// field), documented as OpenAPI 3 at /api/openapi.json (browsable at /api/docs), guarded by bearer
// tokens with roles. Every failure answers `{ error, details: [{ path, message }] }`; bad input is
// a 4xx, never a 500.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifySchemaCompiler } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { validate, ValidationError } from '../../domain/errors';
import { CaseRegistration } from '../../domain/case';
import { dnrFromSlug } from '../../domain/dnr';
import {
  AnslagPosted,
  AppealFiled,
  BeredningRecorded,
  HuvudmanDecided,
  JusteringRecorded,
  RsrDecided,
  Withdrawn, CorrectionRecorded,
  type HumanEvent,
} from '../../domain/events';
import { PartyId } from '../../domain/parties';
import { AccessControl, bearerToken, type Principal } from './access';
import { AccessRefused } from '../http/access-hook';
import { ReportTokenError, verifyReportToken, type ReportLinkClaims } from '../../lib/report-links';
import { ApiError, HttpProblem } from './problem';
import { frameworkProblem } from '../http/framework-errors';
import {
  CaseListPage,
  CaseListQuery,
  CaseNotFound,
  CaseRefused,
  CaseStatusResponse,
  CaseUnavailable,
  CloseTrackBody,
  TrackNotFound,
  OutstandingPage,
  OutstandingQuery,
  RetryDeliveryBody,
  type CaseGateway,
} from './gateway';
import { Dnr } from '../../domain/values';
import { actorWords, reportLinkActor } from '../../domain/actors';
import { logServerError } from '../http/logging';
import type { PartyRegistry } from '../../domain/parties';
import { loadParties } from '../../config/load-parties';
import { registerDocumentRoutes } from './documents';

export interface ApiDependencies {
  cases: CaseGateway;
  access: AccessControl;
  /** Verifies the signed report links of request e-mails (ARENDE_LINK_SECRET); without it those routes answer 503. */
  linkSecret?: string;
  /** Earlier link secrets still honoured (ARENDE_LINK_SECRET_PREVIOUS): links in mail sent before a rotation keep working. */
  previousLinkSecrets?: string[];
  /** The party registry the document parser reads names with (POST /api/v1/documents/parse); config/parties.json when not given. */
  registry?: PartyRegistry;
}

// Every route names its action (`config: { action }`), a row of the permission table
// (./permissions.ts); client/http/access-hook.ts enforces it.

// Validation with the domain's Swedish messages instead of zod's defaults.
const validatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema }) => (data) => {
  const result = validate(schema, data);
  return result.ok ? { value: result.value } : { error: new ValidationError(result.issues) };
};

const DNR_MESSAGE = 'diarienumret ska skrivas ORGAN-NUMMER-ÅR eller ORGAN/NUMMER/ÅR, t.ex. RS-62-2026';
/**
 * A Dnr in a URL: the slug `RS-62-2026` or the Dnr itself, URL-encoded (`RS%2F62%2F2026`). The pattern
 * is in the OpenAPI document too, so a client (or a fuzzer) knows the form before it asks.
 */
const DnrParam = z.object({
  dnr: z
    .string()
    .regex(/^[A-ZÅÄÖ]{1,10}-[1-9][0-9]{0,6}-[0-9]{4}$|^[A-ZÅÄÖ]{1,10}\/[1-9][0-9]{0,6}\/[0-9]{4}$/, { error: DNR_MESSAGE })
    .meta({ description: 'Diarienummer, t.ex. RS-62-2026 (eller RS%2F62%2F2026)', examples: ['RS-62-2026'] })
    .transform((value, ctx) => {
      const candidate = value.includes('/') ? value : dnrFromSlug(value);
      const parsed = Dnr.safeParse(candidate);
      if (!parsed.success) {
        ctx.addIssue({ code: 'custom', message: DNR_MESSAGE });
        return z.NEVER;
      }
      return parsed.data;
    }),
});

// 503: the request is valid but cannot be carried out now (a track still starting, Temporal or the worker too slow): try again later.
// 414 and 431: a path segment or the headers too long (Fastify's router, Node's parser: client/http/framework-errors.ts).
const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError, 414: ApiError, 431: ApiError, 503: ApiError };
// Routes that take a body: it may be too large (413) or of a type no parser reads (415).
const bodyErrors = { ...errors, 413: ApiError, 415: ApiError };
/** Seconds a client is told to wait before sending a 503'd request again. */
const RETRY_AFTER_SECONDS = 30;
const Receipt = z.object({ seq: z.number(), stage: z.string(), message: z.string() }).meta({ id: 'EventReceipt' });
const Anything = z.unknown();

function problemBody(error: string, details: ApiError['details'] = []): ApiError {
  return { error, details };
}

/** The API's 404 for an address it does not have: JSON, like every other API error. */
export function sendApiNotFound(request: FastifyRequest, reply: FastifyReply) {
  return reply.code(404).send(problemBody(`ingen sådan adress: ${request.method} ${request.url}`));
}

/** The API's answer to any error: a status and the problem format (also for errors on unknown /api/ addresses). */
export function handleApiError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof ValidationError) {
    const context = (error as { validationContext?: string }).validationContext ?? 'body';
    return reply.code(400).send(
      problemBody(
        `Ogiltig begäran: ${error.message}`,
        error.issues.map((issue) => ({ path: issue.path ? `${context}.${issue.path}` : context, message: `${issue.field}: ${issue.message}` })),
      ),
    );
  }
  if (error instanceof AccessRefused) {
    const token = bearerToken(request.headers.authorization);
    const message = error.kind === 'forbidden' ? error.message : token ? 'okänd eller ogiltig API-nyckel' : 'inloggning krävs: skicka Authorization: Bearer <API-nyckel>';
    return reply.code(error.statusCode).send(problemBody(message));
  }
  if (error instanceof HttpProblem) return reply.code(error.statusCode).send(problemBody(error.message, error.details));
  if (error instanceof CaseNotFound || error instanceof TrackNotFound) return reply.code(404).send(problemBody(error.message));
  if (error instanceof CaseRefused) return reply.code(409).send(problemBody(error.message));
  if (error instanceof CaseUnavailable) return reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS)).send(problemBody(error.message));
  const framework = frameworkProblem(error, request);
  if (framework) return reply.code(framework.status).send(framework.body);
  const status = (error as FastifyError).statusCode;
  if (status !== undefined && status >= 400 && status < 500) return reply.code(status).send(problemBody(error.message));
  logServerError(request, error);
  return reply.code(500).send(problemBody('internt fel; försök igen eller kontakta förvaltningen'));
}

/** Who is calling: the principal of the bearer token, when it is one (the access check decides the rest). */
function authenticate(access: AccessControl) {
  return async (request: FastifyRequest) => {
    const token = bearerToken(request.headers.authorization);
    const principal = token ? access.principalFor(token) : undefined;
    if (principal) request.principal = principal;
  };
}

function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AccessRefused('unauthenticated', 'inloggning krävs');
  return request.principal;
}

// The specific event endpoints take the event without its `type` (it follows from the URL).
const EVENT_ROUTES = [
  { path: 'beredning', type: 'beredning-recorded', schema: BeredningRecorded, action: 'beredning.record', summary: 'Registrera en beredning' },
  { path: 'rsr-beslut', type: 'rsr-decided', schema: RsrDecided, action: 'rsr.record', summary: 'Registrera RSR:s beslut (rekommendationen)' },
  { path: 'justering', type: 'justering-recorded', schema: JusteringRecorded, action: 'justering.record', summary: 'Registrera en justering (RSR:s, eller en huvudmans med party)' },
  { path: 'anslag', type: 'anslag-posted', schema: AnslagPosted, action: 'anslag.record', summary: 'Registrera att justeringen anslagits' },
  { path: 'beslut', type: 'huvudman-decided', schema: HuvudmanDecided, action: 'decision.record', summary: 'Registrera en huvudmans beslut' },
  { path: 'overklagande', type: 'appeal-filed', schema: AppealFiled, action: 'appeal.record', summary: 'Registrera ett överklagande' },
  { path: 'aterkallelse', type: 'withdrawn', schema: Withdrawn, action: 'case.withdraw', summary: 'Återkalla ärendet (avbryter alla beslutsspår)' },
  {
    path: 'rattelse',
    type: 'correction-recorded',
    schema: CorrectionRecorded,
    action: 'correction.record',
    summary: 'Rätta en registrerad uppgift (beslut, justering, anslag, överklagande) med skäl; originalet står kvar, markerat som rättat (även efter laga kraft)',
  },
] as const;

export async function apiPlugin(app: FastifyInstance, deps: ApiDependencies): Promise<void> {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleApiError);
  // Unknown addresses are answered by the web plugin, registered beside this one (Fastify allows one
  // not-found handler per prefix): with sendApiNotFound under /api/, with a page elsewhere.

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Ärendeflöde API',
        version: '1',
        description:
          'Samverkansärenden från tjänsteskrivelse till laga kraft. Alla fel besvaras med `{ error, details: [{ path, message }] }`. ' +
          'Autentisering: `Authorization: Bearer <API-nyckel>`; roller administrator, manager (läser allt) och registrator för en part. ' +
          'Utöver varje adress egna svar: 405 (med `Allow`) för en metod som adressen inte har, 413 för innehåll över 1 MiB, 415 för annan innehållstyp än application/json, ' +
          '414 för en del av adressen över 1000 tecken och 431 för adress och huvuden över 16 KiB (det sista svarar Node innan servern ser begäran), alla i samma format.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    // Emits the schemas named with .meta({ id }) as components, so their $refs resolve.
    transformObject: jsonSchemaTransformObject,
  });
  // The API document and its browser are open; the browser's routes (a plugin's) get their action here.
  await app.register(async (docs) => {
    docs.addHook('onRoute', (route) => {
      route.config = { ...route.config, action: 'public' };
    });
    await docs.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  });
  app.get('/api/openapi.json', { schema: { hide: true }, config: { action: 'public' } }, async () => app.swagger());

  app.addHook('onRequest', authenticate(deps.access));
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { cases } = deps;
  const v1 = '/api/v1';

  api.post(`${v1}/cases`, {
    config: { action: 'case.register' },
    schema: {
      summary: 'Registrera ett ärende (idempotent: samma diarienummer ger samma ärende)',
      tags: ['ärenden'],
      body: CaseRegistration,
      response: { 200: z.object({ dnr: z.string(), created: z.boolean(), message: z.string() }), 201: z.object({ dnr: z.string(), created: z.boolean(), message: z.string() }), ...bodyErrors },
    },
    handler: async (request, reply) => {
      const result = await cases.register(request.body, principalOf(request).name);
      return reply.code(result.created ? 201 : 200).send(result);
    },
  });

  api.get(`${v1}/cases`, {
    config: { action: 'case.list' },
    schema: {
      summary: 'Lista ärenden (ur läsmodellen), en sida i taget',
      description:
        'Öppna ärenden (även avslutade med `includeClosed=true`), senaste RSR-sammanträde först, sedan diarienummer. ' +
        '`limit` (standard 100, högst 1000) och `offset` bläddrar; `total` är antalet träffar i hela listan. ' +
        'Listan läses ur läsmodellen, som ärendena håller aktuell: en ändring syns inom någon sekund. `open` ersätter det tidigare `running` (false: avslutat eller återkallat); `startedAt` finns inte längre.',
      tags: ['ärenden'],
      querystring: CaseListQuery,
      response: { 200: CaseListPage, ...errors },
    },
    // A registrator sees the cases that still wait for its own party.
    handler: async (request) => cases.list(request.accessScope ? { ...request.query, party: request.accessScope.party } : request.query),
  });

  api.get(`${v1}/cases/:dnr`, {
    config: { action: 'case.read' },
    schema: {
      summary: 'Ärendets status: stadium, varje beslutsspår, leveranser, nästa frist',
      description: 'Utskick som försöker igen (e-postservern nere eller tillfälligt fel) står i `retrying`, per mottagare, tills de gått fram; då står de i `deliveries`.',
      tags: ['ärenden'],
      params: DnrParam,
      response: { 200: CaseStatusResponse, ...errors },
    },
    // Spread: an interface has no index signature, the loose object's type wants one.
    handler: async (request) => ({ ...(await cases.status(request.params.dnr)) }),
  });

  api.get(`${v1}/cases/:dnr/events`, {
    config: { action: 'case.read' },
    schema: { summary: 'Ärendets händelselogg i ordning, med tid och aktör (actor som lagrad, actorName i ord: en inloggad persons namn)', tags: ['ärenden'], params: DnrParam, response: { 200: Anything, ...errors } },
    handler: async (request) => (await cases.events(request.params.dnr)).map((entry) => ({ ...entry, actorName: actorWords(entry.actor) })),
  });

  api.get(`${v1}/cases/:dnr/export`, {
    config: { action: 'case.export' },
    schema: { summary: 'Exportera ärendets fullständiga akt (händelser och Temporal-historik) för arkivering', tags: ['ärenden'], params: DnrParam, response: { 200: Anything, ...errors } },
    handler: async (request, reply) => {
      const record = await cases.exportRecord(request.params.dnr);
      return reply.header('content-disposition', `attachment; filename="${request.params.dnr.replace(/\//g, '-')}.json"`).send(record);
    },
  });

  for (const route of EVENT_ROUTES) {
    api.post(`${v1}/cases/:dnr/${route.path}`, {
      config: { action: route.action },
      schema: {
        summary: route.summary,
        description: `Fältet \`type\` kan utelämnas (det är \`${route.type}\`).`,
        tags: ['händelser'],
        params: DnrParam,
        body: route.schema,
        response: { 200: Receipt, ...bodyErrors },
      },
      // The event's type follows from the URL; fill it in before validation.
      preValidation: async (request) => {
        const body = request.body as Record<string, unknown> | undefined;
        if (body && typeof body === 'object' && !Array.isArray(body) && body.type === undefined) body.type = route.type;
      },
      handler: async (request) => {
        return cases.recordEvent(request.params.dnr, request.body as HumanEvent, principalOf(request).name);
      },
    });
  }

  api.post(`${v1}/cases/:dnr/tracks/:party/close`, {
    config: { action: 'track.close' },
    schema: {
      summary: 'Stäng en huvudmans beslutsspår med ett skäl',
      tags: ['händelser'],
      params: DnrParam.extend({ party: PartyId }),
      body: CloseTrackBody,
      response: { 200: Receipt, ...bodyErrors },
    },
    handler: async (request) => cases.closeTrack(request.params.dnr, request.params.party, request.body.reason, principalOf(request).name),
  });

  api.post(`${v1}/cases/:dnr/deliveries/retry`, {
    config: { action: 'delivery.retry' },
    schema: {
      summary: 'Skicka om en misslyckad leverans (efter rättad adress)',
      tags: ['leveranser'],
      params: DnrParam,
      description:
        '`attempt` är det försök omförsöket blir: leveransens `attempts` + 1 i ärendets status som du läste den. Det ingår i uppdateringens id, ' +
        'så samma begäran två gånger (t.ex. ett dubbelklick) blir ett omförsök, och ett försök som redan gjorts avvisas. Utan `attempt` läses leveransen nu.',
      body: RetryDeliveryBody,
      response: { 200: Anything, ...bodyErrors },
    },
    handler: async (request) => cases.retryDelivery(request.params.dnr, request.body.key, principalOf(request).name, request.body.attempt),
  });

  // Report links: the request e-mail's signed link lets the huvudman's registrator see what to
  // decide and report the decision, for that case and party only, until the link expires.
  const claimsOf = (token: string): ReportLinkClaims => {
    if (!deps.linkSecret) throw new HttpProblem(503, 'rapportlänkar är inte konfigurerade (ARENDE_LINK_SECRET saknas)');
    try {
      return verifyReportToken(token, [deps.linkSecret, ...(deps.previousLinkSecrets ?? [])]);
    } catch (err) {
      if (err instanceof ReportTokenError) throw new HttpProblem(403, err.message, [{ path: 'params.token', message: err.problem }]);
      throw err;
    }
  };
  const TokenParam = z.object({ token: z.string().min(1).max(2000) });

  api.get(`${v1}/rapport/:token`, {
    config: { action: 'report-link' },
    schema: {
      summary: 'Vad en huvudman ombeds besluta (via den signerade länken i begäran)',
      tags: ['rapportlänk'],
      security: [],
      params: TokenParam,
      response: {
        200: z.object({ dnr: z.string(), title: z.string(), party: z.string(), partyName: z.string(), organ: z.string(), points: z.array(z.string()), senast: z.string(), state: z.string(), expiresAt: z.string() }),
        ...errors,
        503: ApiError,
      },
    },
    handler: async (request) => {
      const claims = claimsOf(request.params.token);
      const status = await cases.status(claims.dnr);
      const track = status.trackStatus.find((t) => t.party === claims.party);
      if (!track) throw new HttpProblem(404, `${claims.party} har inget beslutsspår i ${claims.dnr}`);
      return {
        dnr: status.dnr,
        title: status.title,
        party: track.party,
        partyName: track.partyName,
        organ: track.organ,
        points: status.points,
        senast: track.senast,
        state: track.state,
        expiresAt: claims.expiresAt,
      };
    },
  });

  api.post(`${v1}/rapport/:token`, {
    config: { action: 'report-link' },
    schema: {
      summary: 'Rapportera huvudmannens beslut via den signerade länken',
      description: 'Fälten `type` och `party` kan utelämnas: de följer av länken.',
      tags: ['rapportlänk'],
      security: [],
      params: TokenParam,
      body: HuvudmanDecided,
      response: { 200: Receipt, ...bodyErrors, 503: ApiError },
    },
    preValidation: async (request) => {
      const body = request.body as Record<string, unknown> | undefined;
      const claims = claimsOf((request.params as { token: string }).token);
      if (body && typeof body === 'object' && !Array.isArray(body)) {
        if (body.party !== undefined && body.party !== claims.party) {
          throw new HttpProblem(403, `länken gäller ${claims.party}; den kan inte rapportera för ${String(body.party)}`);
        }
        body.type = 'huvudman-decided';
        body.party = claims.party;
      }
    },
    handler: async (request) => {
      const claims = claimsOf(request.params.token);
      return cases.recordEvent(claims.dnr, request.body as HumanEvent, reportLinkActor(claims.party));
    },
  });

  api.get(`${v1}/outstanding`, {
    config: { action: 'outstanding.read' },
    schema: {
      summary: 'Utestående beslut per huvudman (ur läsmodellen), en sida i taget',
      description:
        'Beslutsspår som inte är avslutade, närmaste datum först (försenade, vars sista dag passerats, kommer därför först), sedan diarienummer och part. ' +
        '`limit` (standard 100, högst 1000) och `offset` bläddrar; `total` är antalet träffar i hela listan.',
      tags: ['uppföljning'],
      querystring: OutstandingQuery,
      response: { 200: OutstandingPage, ...errors },
    },
    handler: async (request) => cases.outstanding(request.accessScope ? { ...request.query, party: request.accessScope.party } : request.query),
  });

  let registry = deps.registry;
  await registerDocumentRoutes(app, { cases, registry: () => (registry ??= loadParties()) });
}

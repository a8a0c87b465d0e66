// The one enforcement point of the permission table (client/api/permissions.ts), for every route of
// the HTTP server: installed on the root instance before anything else, its onRoute hook puts two
// checks in front of every route the API, the web pages, /mail and the plugins register:
//   onRequest   the role: a route's action must be granted to the signed-in principal's role (set by
//               the scope's own onRequest hook: the API from the bearer token, the pages from the
//               session cookie). Before the body is read, so a refused request learns nothing of it.
//   preHandler  a registrator's scope (after validation: it needs the `:dnr`, `:id` and the body's
//               `party`): the case must ask its party, the event must be its party's, ...
// A refusal is thrown (AccessRefused, or CaseNotFound for a case outside a registrator's scope) and
// answered by the scope's error handler in its own form: JSON in the API, a page or the sign-in
// redirect on the web. A route without a known action is refused at every request, and the server
// does not start (onReady) while one exists.
import type { FastifyInstance, FastifyRequest, onRequestHookHandler, preHandlerHookHandler, RouteOptions } from 'fastify';
import { dnrFromSlug } from '../../domain/dnr';
import { Dnr } from '../../domain/values';
import type { PartyId } from '../../domain/parties';
import type { Principal } from '../api/access';
import { CaseNotFound } from '../api/gateway';
import { Action, grantOf, isOpen, refusalFor } from '../api/permissions';
import { actorWords } from '../../domain/actors';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the route does, a row of the permission table; every route names one. */
    action?: Action;
    /** Web pages: an `Authorization: Bearer` token counts as sign-in too (the CSV, for scripts). */
    bearer?: boolean;
  }
  interface FastifyRequest {
    /** The signed-in principal (API: bearer token; pages: session cookie). */
    principal?: Principal;
    /** Set when the principal's grant is a registrator's: lists are narrowed to this party. */
    accessScope?: { party: PartyId };
  }
}

/** Not signed in (401), or signed in without the grant (403). */
export class AccessRefused extends Error {
  readonly statusCode: number;
  constructor(
    readonly kind: 'unauthenticated' | 'forbidden',
    message: string,
  ) {
    super(message);
    this.statusCode = kind === 'unauthenticated' ? 401 : 403;
  }
}

export interface AccessCheckOptions {
  /** The huvudmän a case asks; throws CaseNotFound when there is no such case. */
  huvudmanOf(dnr: Dnr): Promise<readonly string[]>;
  /** A party's name (the registry's), so a refusal names the registrator's party in words. */
  partyName?: (id: string) => string | undefined;
}

export interface RouteAction {
  method: string;
  url: string;
  action: Action | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route of the server with its action (collected by the access check's onRoute hook). */
    routeActions?: () => RouteAction[];
  }
}

function actionOf(req: FastifyRequest): Action | undefined {
  const parsed = Action.safeParse(req.routeOptions.config.action);
  return parsed.success ? parsed.data : undefined;
}

/** `RS-62-2026` or `RS/62/2026` → the Dnr; undefined when it is neither (the route answers that). */
function dnrOf(value: unknown): Dnr | undefined {
  if (typeof value !== 'string') return undefined;
  const parsed = Dnr.safeParse(value.includes('/') ? value : dnrFromSlug(value));
  return parsed.success ? parsed.data : undefined;
}

const checkRole = (options: AccessCheckOptions): onRequestHookHandler => async (req) => {
  const action = actionOf(req);
  if (!action) throw new AccessRefused('forbidden', 'ingen roll får använda denna adress (den saknar en rad i behörighetstabellen)');
  if (isOpen(action)) return;
  const principal = req.principal;
  if (!principal) throw new AccessRefused('unauthenticated', 'inloggning krävs');
  if (grantOf(action, principal.role) === false) throw new AccessRefused('forbidden', refusalFor(action, principal.role, principal.name, options.partyName));
};

function checkScope(options: AccessCheckOptions): preHandlerHookHandler {
  return async (req) => {
    const action = actionOf(req);
    const principal = req.principal;
    if (!action || isOpen(action) || !principal) return;
    const grant = grantOf(action, principal.role);
    if (grant === true || grant === false) return;
    const party = principal.party;
    if (!party) throw new AccessRefused('forbidden', `${actorWords(principal.name, options.partyName)} är inte knuten till någon part`);
    const name = options.partyName?.(party) ?? party;
    const params = (req.params ?? {}) as Record<string, unknown>;
    if (grant === 'page-of-party' && params.id !== party) {
      throw new AccessRefused('forbidden', `registratorn för ${name} ser bara det som gäller ${name}`);
    }
    // A form's page (GET) has no event yet: only its case is checked.
    if (grant === 'events-of-party' && req.method !== 'GET' && req.method !== 'HEAD') {
      const body = req.body as { party?: unknown } | undefined;
      if (body?.party !== party) {
        throw new AccessRefused('forbidden', `registratorn för ${name} får bara rapportera ${name}s eget beslut, justering, anslag och överklagande (ange party: ${party})`);
      }
    }
    if (grant === 'cases-asking-party' || grant === 'events-of-party') {
      const dnr = dnrOf(params.dnr);
      // A case that does not ask the party is answered exactly like a case that does not exist.
      if (dnr && !(await options.huvudmanOf(dnr)).includes(party)) throw new CaseNotFound(dnr);
    }
    req.accessScope = { party };
  };
}

const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Installs the checks on every route registered after this call (call it first, on the root). */
export function installAccessCheck(app: FastifyInstance, options: AccessCheckOptions): void {
  const routes: RouteOptions[] = [];
  const scope = checkScope(options);
  const role = checkRole(options);
  app.addHook('onRoute', (route) => {
    routes.push(route);
    route.onRequest = [role, ...asArray(route.onRequest)];
    route.preHandler = [scope, ...asArray(route.preHandler)];
  });
  const list = () =>
    routes.flatMap((r) => asArray(r.method).map((method) => ({ method, url: r.url, action: Action.safeParse(r.config?.action).data })));
  app.decorate('routeActions', list);
  app.addHook('onReady', async () => {
    const missing = list().filter((r) => !r.action);
    if (missing.length) throw new Error(`routes without an action in the permission table: ${missing.map((r) => `${r.method} ${r.url}`).join(', ')}`);
  });
}

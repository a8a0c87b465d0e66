// What every web page module shares: the dependencies, the roles of the pages, the `sendPage`
// reply helper (decorated by webPlugin), today's date, the 404 page.
import type { FastifyReply } from 'fastify';
import { stockholmDate, type IsoDate } from '../../domain/dates';
import type { AccessControl } from '../api/access';
import type { SessionStore } from './session';
import type { OidcSettings } from '../../config/environment';
import type { CaseGateway } from '../api/gateway';
import { html, type SafeHtml } from './html';
import type { NavKey } from './layout';
import type { ReadModel } from '../../readmodel/open';
import type { PartyRegistry } from '../../domain/parties';

export interface WebDependencies {
  cases: CaseGateway;
  access: AccessControl;
  /** The read model every list reads (overview, per-party pages, CSV); without it those pages answer 503. */
  readModel?: ReadModel;
  /** The party registry (names in "Expedieras till", the forms' choices); ARENDE_PARTIES_FILE when not given. */
  registry?: PartyRegistry;
  /** The huvudmän, in the order of the matrix columns. */
  parties: { id: string; name: string }[];
  /** Temporal namespace, for links to the Web UI. */
  namespace: string;
  temporalUiUrl?: string;
  /** The embedded default's caught mail (ARENDE_MAIL_DIR): shows "E-post" and /mail. */
  mailDir?: string;
  /** ARENDE_PUBLIC_URL; https makes cookies Secure. */
  publicUrl?: string;
  /** Signs cookies (see session.ts `sessionSecret`). */
  sessionSecret: string;
  /** Verifies report links (ARENDE_LINK_SECRET), for the report page. */
  linkSecret?: string;
  /** Earlier link secrets still honoured (ARENDE_LINK_SECRET_PREVIOUS). */
  previousLinkSecrets?: string[];
  /** How often the overview refreshes itself (default 15 s). */
  refreshSeconds?: number;
  /** The /status page's content (health of Temporal, worker, mail). */
  status?: () => Promise<SafeHtml>;
  /** The open sessions (session.ts); default: the read model's table (shared by every HTTP server on it), else one in memory. */
  sessions?: SessionStore;
  /** Personal sign-in with the organisation's account (oidc.ts), when ARENDE_OIDC_* is set. */
  oidc?: OidcSettings;
  /** Clock, for tests. */
  now?: () => number;
}

export interface SendPageOptions {
  title: string;
  body: SafeHtml;
  active?: NavKey;
  status?: number;
}

declare module 'fastify' {
  interface FastifyReply {
    /** Sends a page in the shared layout, with the signed-in principal, the CSRF token and the nav. */
    sendPage(options: SendPageOptions): FastifyReply;
  }
}

/** Today in Stockholm (the clock is injectable for tests). */
export function todayFor(deps: Pick<WebDependencies, 'now'>): IsoDate {
  return stockholmDate(deps.now?.() ?? Date.now());
}

/** The 404 of a case that does not exist, and (the same, byte for byte) of one outside a registrator's scope. */
export function caseNotFoundPage(reply: FastifyReply, dnr: string): FastifyReply {
  return notFoundPage(reply, `Ärendet ${dnr} finns inte.`);
}

/** A 404 page in the layout. */
export function notFoundPage(reply: FastifyReply, what: string | SafeHtml): FastifyReply {
  return reply.sendPage({ status: 404, title: 'Finns inte', body: html`<h1>Finns inte</h1><p>${what}</p><p><a href="/">Till översikten</a></p>` });
}


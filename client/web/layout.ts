// The one layout every page shares: lang="sv", a skip link, the header navigation (what the signed-in
// role may use), a main landmark, the stylesheet and script from /assets (no inline script or style,
// so the CSP can forbid both). States are always a colour and a word, never colour alone.
import type { Principal } from '../api/access';
import { html, type SafeHtml } from './html';
import { ROLE_WORDS, parsePersonActor, type PartyNames } from '../../domain/actors';

export type NavKey = 'oversikt' | 'part' | 'registrera' | 'mail' | 'status' | 'logga-in';

export interface PageOptions {
  title: string;
  principal?: Principal;
  /** Names the signed-in registrator's party ("registrator för Krokoms kommun"), never its id. */
  partyNames?: PartyNames;
  /** Needed for the sign-out form in the header (and for any form on the page). */
  csrfToken?: string;
  body: SafeHtml;
  nav?: {
    active?: NavKey;
    /** Show "E-post": the embedded default's mail catcher runs (ARENDE_MAIL_DIR). */
    mail?: boolean;
  };
  /** Extra `<head>` content (e.g. `<meta name="robots">`). */
  head?: SafeHtml;
}

/** Bumped when the assets change, so browsers do not keep an old copy (they are cached for a day). */
export const ASSET_VERSION = '4';

const ROLE_LABELS: Record<Principal['role'], string> = {
  administrator: ROLE_WORDS.administrator,
  manager: `${ROLE_WORDS.manager} (läsbehörighet)`,
  registrator: ROLE_WORDS.registrator,
};

export function roleLabel(principal: Principal, names?: PartyNames): string {
  // A person signed in with the organisation's account: their name, then the role.
  const person = parsePersonActor(principal.name);
  const role = roleOnly(principal, names);
  return person ? `${person.name} (${role})` : role;
}

function roleOnly(principal: Principal, names?: PartyNames): string {
  if (principal.role !== 'registrator' || !principal.party) return ROLE_LABELS[principal.role];
  const name = (typeof names === 'function' ? names(principal.party) : names?.[principal.party]) ?? principal.party;
  return `${ROLE_LABELS.registrator} för ${name}`;
}

/** The hidden field @fastify/csrf-protection reads (`_csrf`) in every POST form. */
export function csrfField(token: string | undefined): SafeHtml {
  return token ? html`<input type="hidden" name="_csrf" value="${token}">` : html``;
}

function navLink(href: string, label: string, key: NavKey, active: NavKey | undefined): SafeHtml {
  return key === active ? html`<li><a href="${href}" aria-current="page">${label}</a></li>` : html`<li><a href="${href}">${label}</a></li>`;
}

export function page(options: PageOptions): string {
  const { principal, nav = {} } = options;
  const active = nav.active;
  const readers = principal && (principal.role === 'administrator' || principal.role === 'manager');
  const links = [
    principal && navLink(principal.role === 'registrator' && principal.party ? `/part/${encodeURIComponent(principal.party)}` : '/', 'Översikt', 'oversikt', active),
    readers && navLink('/part', 'Per part', 'part', active),
    principal?.role === 'administrator' && navLink('/registrera', 'Registrera ärende', 'registrera', active),
    readers && nav.mail && navLink('/mail', 'E-post', 'mail', active),
    readers && navLink('/status', 'Status', 'status', active),
  ];
  const account = principal
    ? html`<form class="signout" method="post" action="/logga-ut">${csrfField(options.csrfToken)}<span class="who">Inloggad: <strong>${roleLabel(principal, options.partyNames)}</strong></span> <button type="submit">Logga ut</button></form>`
    : html`<a href="/logga-in"${active === 'logga-in' ? html` aria-current="page"` : ''}>Logga in</a>`;
  return html`<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} – Ärendeflöde</title>
<link rel="stylesheet" href="/assets/app.css?v=${ASSET_VERSION}">
<script src="/assets/app.js?v=${ASSET_VERSION}" defer></script>
${options.head}
</head>
<body>
<a class="skip" href="#innehall">Hoppa till innehållet</a>
<header class="site">
<p class="brand"><a href="/">Ärendeflöde</a> <span>Region Jämtland Härjedalen</span></p>
<nav aria-label="Huvudmeny"><ul>${links}</ul></nav>
<div class="account">${account}</div>
</header>
<main id="innehall" tabindex="-1">
${options.body}
</main>
</body>
</html>`.value;
}

/** A short page with a heading and a message (403, 404, errors). */
export function messagePage(options: Omit<PageOptions, 'body'> & { message: string; link?: { href: string; label: string } }): string {
  return page({
    ...options,
    body: html`<h1>${options.title}</h1><p>${options.message}</p>${options.link ? html`<p><a href="${options.link.href}">${options.link.label}</a></p>` : ''}`,
  });
}

// Who may do what: the one permission table (role × action) of the API, the web pages and forms,
// /mail, the CSV and the archive export. The CLI goes through the API (or, as the operator, straight
// to Temporal), so it is covered by the same rows. Every route names its action in
// `config: { action }`; client/http/access-hook.ts checks it for every route of the server (a route
// without an action is refused and fails the server's start), and the README's roles table is
// compared with this table by test/unit/api/permissions.test.ts.
//
// To add a route: give it `config: { action: '<an action below>' }`. For a new kind of change, add
// the action to `Action` and a row to `PERMISSIONS` (the type demands one row per action), and a row
// to the README's table.
import { ROLE_WORDS as ACTOR_ROLE_WORDS, actorWords, type PartyNames } from '../../domain/actors';
import { z } from 'zod';
import type { Role } from './access';

export const Action = z.enum([
  // No sign-in: /healthz, /readyz, /status, /assets, the API document and its browser, sign-in and sign-out.
  'public',
  // Authorised by the signed report link in the URL (the request e-mail's), not by a role. The
  // token names the case and the party: its routes (client/web/report-pages.ts, the API's
  // /rapport/:token) take that party's own events and corrections only, never another's or RSR's.
  'report-link',
  'case.list',
  'case.read',
  'case.export',
  'outstanding.read',
  'overview.read',
  'party.read',
  'case.register',
  'beredning.record',
  'rsr.record',
  'justering.record',
  'anslag.record',
  'decision.record',
  'appeal.record',
  'correction.record',
  'case.withdraw',
  'track.close',
  'delivery.retry',
  'mail.read',
  // Reading a kallelse, protokoll or protokollsutdrag into proposals (issue 16): it changes nothing,
  // and a registrator's answer is matched only against cases that ask its party.
  'document.parse',
]);
export type Action = z.infer<typeof Action>;

/**
 * How far a registrator's grant reaches (its principal's `party`):
 *   cases-asking-party  a case (`:dnr`) that asks its party; any other case is answered exactly as
 *                       a case that does not exist (404), so a registrator learns nothing of it
 *   events-of-party     its own party's event (the body's `party`), in a case that asks its party
 *   lists-of-party      lists narrowed to its party
 *   page-of-party       the page of its own party (`:id`)
 */
export const RegistratorScope = z.enum(['cases-asking-party', 'events-of-party', 'lists-of-party', 'page-of-party']);
// (document.parse uses lists-of-party: the cases a registrator's document is matched against are its party's.)
export type RegistratorScope = z.infer<typeof RegistratorScope>;

interface Row {
  /** What the action is, in Swedish (refusals and the README name it). */
  label: string;
  administrator: boolean;
  manager: boolean;
  registrator: RegistratorScope | false;
}

const admin = (label: string): Row => ({ label, administrator: true, manager: false, registrator: false });
const readers = (label: string, registrator: RegistratorScope | false = false): Row => ({ label, administrator: true, manager: true, registrator });
const reporters = (label: string): Row => ({ label, administrator: true, manager: false, registrator: 'events-of-party' });

/** The table. `public` and `report-link` take no role: everyone may reach them. */
export const PERMISSIONS: Record<Exclude<Action, 'public' | 'report-link'>, Row> = {
  'case.list': readers('lista ärenden', 'lists-of-party'),
  'case.read': readers('läsa ett ärende (status, händelselogg, ärendesidan)', 'cases-asking-party'),
  'case.export': readers('exportera ärendets akt för arkivering'),
  'outstanding.read': readers('lista utestående beslut', 'lists-of-party'),
  'overview.read': readers('se översikten, matrisen, ärendebalanslistan (CSV) och listan per part'),
  'party.read': readers('se en huvudmans sida (det den har kvar att besluta)', 'page-of-party'),
  'case.register': admin('registrera ett ärende'),
  'beredning.record': admin('registrera en beredning'),
  'rsr.record': admin('registrera RSR:s beslut'),
  'justering.record': reporters('registrera en justering'),
  'anslag.record': reporters('registrera ett anslag'),
  'decision.record': reporters('registrera en huvudmans beslut'),
  'appeal.record': reporters('registrera ett överklagande'),
  'correction.record': admin('rätta en registrerad uppgift'),
  'case.withdraw': admin('återkalla ett ärende'),
  'track.close': admin('stänga ett beslutsspår'),
  'delivery.retry': admin('skicka om en misslyckad leverans'),
  'mail.read': admin('läsa fångad e-post (den innehåller rapportlänkar)'),
  'document.parse': { label: 'läsa in en kallelse, ett protokoll eller ett protokollsutdrag', administrator: true, manager: false, registrator: 'lists-of-party' },
};

/** The actions that need no signed-in principal. */
export function isOpen(action: Action): action is 'public' | 'report-link' {
  return action === 'public' || action === 'report-link';
}

/** What a role may do under an action: everything (`true`), within a registrator scope, or nothing. */
export function grantOf(action: Action, role: Role): true | RegistratorScope | false {
  if (isOpen(action)) return true;
  const row = PERMISSIONS[action];
  if (role === 'registrator') return row.registrator;
  return row[role];
}

/** Whether a role may use an action at all (within its scope), e.g. for showing a link. */
export function allows(role: Role | undefined, action: Action): boolean {
  return isOpen(action) || (role !== undefined && grantOf(action, role) !== false);
}

export const ROLE_WORDS: Record<Role, string> = ACTOR_ROLE_WORDS;

/** The roles an action is granted to, in words: "administratör och registrator (den egna partens)". */
export function grantedTo(action: Action): string {
  if (isOpen(action)) return 'alla';
  const row = PERMISSIONS[action];
  const words = [
    row.administrator && ROLE_WORDS.administrator,
    row.manager && ROLE_WORDS.manager,
    row.registrator && `${ROLE_WORDS.registrator} (för den egna parten)`,
  ].filter((w): w is string => Boolean(w));
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} och ${words.at(-1)}` : (words[0] ?? 'ingen');
}

/**
 * The refusal of a role without a grant, in Swedish: who asks (the principal in words, its party by
 * name: "registrator för Krokoms kommun"), what it may not do, and who may.
 */
export function refusalFor(action: Action, role: Role, name: string, names?: PartyNames): string {
  const label = isOpen(action) ? 'detta' : PERMISSIONS[action].label;
  const who = name === role || name.startsWith(`${role}/`) ? actorWords(name, names) : `${ROLE_WORDS[role]} ${name}`;
  return `${who} får inte ${label}; det får ${grantedTo(action)}`;
}

const SCOPE_WORDS: Record<RegistratorScope, string> = {
  'cases-asking-party': 'cases that ask its party (any other: 404, as for no case)',
  'events-of-party': "its party's own, in cases that ask its party",
  'lists-of-party': 'narrowed to its party',
  'page-of-party': "its own party's page",
};

/** The README's roles table, rendered from `PERMISSIONS` (test/unit/api/permissions.test.ts compares them). */
export function permissionsMarkdown(): string {
  const yes = (granted: boolean) => (granted ? 'yes' : '–');
  const rows = Object.entries(PERMISSIONS).map(
    ([action, row]) => `| \`${action}\` | ${row.label} | ${yes(row.administrator)} | ${yes(row.manager)} | ${row.registrator ? SCOPE_WORDS[row.registrator] : '–'} |`,
  );
  return [
    '| action | what (as a refusal names it) | `administrator` | `manager` | `registrator/<party>` |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '| `report-link` | the signed report link of a request e-mail | anyone with the link | anyone with the link | anyone with the link |',
    '| `public` | /healthz, /readyz, /status, /assets, the API document, sign-in and sign-out | everyone | everyone | everyone |',
  ].join('\n');
}

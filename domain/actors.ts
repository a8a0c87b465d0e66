// Who did something: the actor the event log records (the audit record keeps it as it is: "system",
// "administrator", "registrator/krokom", "rapportlänk/krokom", "cli:anna", "person/administrator/<id>/Anna Berg") and how a person reads it
// ("Ärendeflöde (automatiskt)", "administratör", "registrator för Krokoms kommun", "Anna Berg (administratör)"). Every place that
// shows an actor (the case page's timeline, `arende case events`, mail, refusals) uses `actorWords`.
// Pure and free of zod: workflow code writes actors, and names them in log text.

/** What the workflows themselves do (timers, starting tracks, dispatch). */
export const SYSTEM_ACTOR = 'system';

/** The report link's actor for a party: the registrator using the signed link in the request e-mail. */
export const REPORT_LINK_PREFIX = 'rapportlänk/';
export function reportLinkActor(party: string): string {
  return `${REPORT_LINK_PREFIX}${party}`;
}

/** The CLI's actor when it talks to Temporal directly (client/cli/gateway.ts): `cli:<user>`. */
export const CLI_PREFIX = 'cli:';

/**
 * A person signed in with the organisation's account (OIDC, client/web/oidc.ts), as the event log
 * records them: `person/<role name>/<id>/<name>`, e.g. `person/registrator/krokom/9f1c…/Anna Berg`.
 * The role name is the API's (`administrator`, `manager`, `registrator/<party>`), the id the
 * provider's stable id for the person (Entra's `oid`, else `sub`), URI-encoded so it holds no `/`,
 * and the name the rest (as the provider gave it, so it may hold anything but a line break). One
 * plain string, as every other actor: the workflows store it as they are given it.
 */
export const PERSON_PREFIX = 'person/';
export function personActor(person: { roleName: string; id: string; name: string }): string {
  return `${PERSON_PREFIX}${person.roleName}/${encodeURIComponent(person.id)}/${person.name.replace(/[\r\n]+/g, ' ').trim()}`;
}

/** The parts of a person's actor, or undefined when `actor` is not one. */
export function parsePersonActor(actor: string): { roleName: string; role: string; party?: string; id: string; name: string } | undefined {
  const match = /^person\/(administrator|manager|registrator\/([a-z0-9][a-z0-9-]*))\/([^/]+)\/(.*)$/s.exec(actor);
  if (!match) return undefined;
  let id: string;
  try {
    id = decodeURIComponent(match[3]!);
  } catch {
    return undefined;
  }
  const roleName = match[1]!;
  const party = match[2];
  return { roleName, role: party ? 'registrator' : roleName, ...(party ? { party } : {}), id, name: match[4]! || id };
}

/** The API roles in words (the API's principals are named by their role: client/api/access.ts). */
export const ROLE_WORDS = { administrator: 'administratör', manager: 'förvaltare', registrator: 'registrator' } as const;

/** A party's name from its id (the registry's, or the case's snapshot of it); undefined when unknown. */
export type PartyNames = ((id: string) => string | undefined) | Readonly<Record<string, string>>;

function nameOf(names: PartyNames | undefined, id: string): string {
  const name = typeof names === 'function' ? names(id) : names && Object.hasOwn(names, id) ? names[id] : undefined;
  return name ?? id;
}

/**
 * The actor as a person reads it. An actor this code does not know (a name set with ARENDE_ACTOR,
 * an e-mail address) is shown as it is: it is already what someone chose to be called.
 */
export function actorWords(actor: string, names?: PartyNames): string {
  if (actor === SYSTEM_ACTOR) return 'Ärendeflöde (automatiskt)';
  if (actor === 'administrator' || actor === 'manager') return ROLE_WORDS[actor];
  if (actor.startsWith('registrator/')) return `registrator för ${nameOf(names, actor.slice('registrator/'.length))}`;
  if (actor.startsWith(PERSON_PREFIX)) {
    const person = parsePersonActor(actor);
    if (person) return `${person.name} (${actorWords(person.roleName, names)})`;
  }
  if (actor.startsWith(REPORT_LINK_PREFIX)) return `rapportlänk (${nameOf(names, actor.slice(REPORT_LINK_PREFIX.length))})`;
  if (actor.startsWith(CLI_PREFIX)) return `kommandot arende (${actor.slice(CLI_PREFIX.length)})`;
  // The CLI through the API before the API named the token's principal.
  if (actor === 'api') return 'kommandot arende via API:t';
  return actor;
}

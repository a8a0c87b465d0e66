// Who did something: the actor the event log records (the audit record keeps it as it is: "system",
// "administrator", "registrator/krokom", "rapportlänk/krokom", "cli:anna") and how a person reads it
// ("Ärendeflöde (automatiskt)", "administratör", "registrator för Krokoms kommun"). Every place that
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
  if (actor.startsWith(REPORT_LINK_PREFIX)) return `rapportlänk (${nameOf(names, actor.slice(REPORT_LINK_PREFIX.length))})`;
  if (actor.startsWith(CLI_PREFIX)) return `kommandot arende (${actor.slice(CLI_PREFIX.length)})`;
  // The CLI through the API before the API named the token's principal.
  if (actor === 'api') return 'kommandot arende via API:t';
  return actor;
}

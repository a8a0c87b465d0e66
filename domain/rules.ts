// What the case rules (case-rules.ts) and the track rules (track-rules.ts) share: how a rule
// refuses an event, whose an event is, the timeline's line, and what a track knows of its party.
// Pure and free of zod: workflow code imports it (the shape of human input is validated with the
// zod schemas on the client side, before it is sent; see client/cases.ts).
import { ImpossibleFactError } from './facts';
import type { HumanEvent } from './events';
import type { Email, PartyId } from './parties';

/** What a huvudman's track needs to know about the party (resolved from the registry at start). */
export interface PartySnapshot {
  id: PartyId;
  name: string;
  organ: string;
  registrator: Email;
}

/** One line of a case or track timeline: ordered, timestamped, with who did it. */
export interface LogEntry {
  seq: number;
  at: string;
  actor: string;
  type: string;
  text: string;
  party?: PartyId;
  /** A correction (`correction-recorded`): the seq, in the same log, of the entry it corrects. */
  corrects?: number;
  /** A corrected entry: the seqs of the corrections of it, in the same log (domain/corrections.ts). */
  correctedBy?: number[];
}

/** The workflows' own actor (domain/actors.ts names it in words). */
export { SYSTEM_ACTOR } from './actors';

export function refuse(type: string, message: string): never {
  throw new Error(`${type}: ${message}`);
}

/**
 * A refusal that concerns one field of the event (e.g. an appeal's `filedOn` after the last appeal
 * day): bad input naming the field, as an impossible fact is (domain/facts.ts: the validators send
 * it as IMPOSSIBLE_FACT, the client answers 400 naming the field rather than 409).
 */
export function refuseField(type: string, field: { path: string; label: string }, message: string): never {
  throw new ImpossibleFactError(type, [{ path: field.path, field: field.label, message }]);
}

/** Events that concern one huvudman's own protocol go to its decision track. */
export function eventParty(event: HumanEvent): PartyId | undefined {
  switch (event.type) {
    case 'huvudman-decided':
      return event.party;
    case 'justering-recorded':
    case 'anslag-posted':
    case 'appeal-filed':
    case 'correction-recorded':
      return event.party;
    default:
      return undefined;
  }
}

/** The kinds of human event (the `type` of domain/events.ts `HumanEvent`). */
export const HUMAN_EVENT_TYPES = [
  'beredning-recorded',
  'rsr-decided',
  'justering-recorded',
  'anslag-posted',
  'huvudman-decided',
  'appeal-filed',
  'withdrawn',
  'correction-recorded',
] as const;

/**
 * The envelope of an event request as the update validators see it: someone who reports it and an
 * event of a known kind. The payload's fields were validated with the zod schemas before it was
 * sent; this guards the workflow against a request that did not come through the client side.
 */
export function checkEventRequest(request: { event?: unknown; actor?: unknown } | undefined): asserts request is { event: HumanEvent; actor: string } {
  if (typeof request?.actor !== 'string' || request.actor.trim() === '') throw new Error('ange vem som registrerar händelsen (actor)');
  const type = (request.event as { type?: unknown } | undefined)?.type;
  if (typeof type !== 'string' || !(HUMAN_EVENT_TYPES as readonly string[]).includes(type)) {
    throw new Error(`okänd händelsetyp "${String(type)}"; tillåtna: ${HUMAN_EVENT_TYPES.join(', ')}`);
  }
}

// One "Expedieras till" entry as a document writes it ("Kommunchef Krokoms kommun", "Region Jämtland
// Härjedalens beredskapschef", "Länets kommuner") → a Recipient: the party or group it names, by its
// name or alias in the registry (also in the genitive), and the role the rest of the words give.
import type { Recipient } from '../case';
import { normalizeName, type GroupId, type PartyId, type PartyRegistry } from '../parties';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

type NameHit = { name: string; start: number; end: number } & ({ kind: 'party'; id: PartyId } | { kind: 'group'; id: GroupId });

/** The longest registry name standing as whole words in `text` (a trailing genitive "s" allowed). */
function longestName(text: string, registry: PartyRegistry): NameHit | undefined {
  const lower = text.toLowerCase();
  let best: NameHit | undefined;
  const consider = (who: { kind: 'party'; id: PartyId } | { kind: 'group'; id: GroupId }, name: string, written: string) => {
    const m = new RegExp(`(?<![a-zåäö0-9])${escape(normalizeName(written))}s?(?![a-zåäö0-9])`).exec(lower);
    if (m && (!best || m[0].length > best.end - best.start)) best = { ...who, name, start: m.index, end: m.index + m[0].length };
  };
  for (const p of registry.parties) for (const n of [p.name, ...(p.shortName ? [p.shortName] : []), ...p.aliases]) consider({ kind: 'party', id: p.id }, p.name, n);
  for (const g of registry.groups) for (const n of [g.name, ...g.aliases]) consider({ kind: 'group', id: g.id }, g.name, n);
  return best;
}

const capitalise = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

const PERSON = /^[A-ZÅÄÖ][a-zåäöéü]+(?:[ -][A-ZÅÄÖ][a-zåäöéü]+)+$/;

/** The words around the organisation: "Tomas Jonsson, kommundirektör i" → name and role. */
function who(rest: string): { name?: string; role?: string } {
  const words = rest
    .replace(/\s+/g, ' ')
    .replace(/^[\s,:;–-]+|[\s,:;–-]+$/g, '')
    .replace(/\s+(?:i|på|vid|för|hos|inom)$/i, '')
    .trim();
  if (!words) return {};
  const [first, ...others] = words.split(/,\s*/);
  if (others.length > 0 && PERSON.test(first!)) return { name: first!, role: capitalise(others.join(', ')) };
  return PERSON.test(words) ? { name: words } : { role: capitalise(words) };
}

/**
 * The recipient an "Expedieras till" entry names. A party or group of the registry named in it gives
 * `party`/`group` and the organisation as the registry writes it, the other words the role. An entry
 * naming none keeps its words as the organisation (the registration then asks for an address), unless
 * `ownParty` is given: a huvudman's protokoll writes its own officials bare ("Kommundirektören").
 */
export function recipientFromText(text: string, registry: PartyRegistry, ownParty?: PartyId): Recipient {
  const written = text.replace(/\s+/g, ' ').trim();
  const whole = registry.resolve(written);
  if (whole?.kind === 'group') return { organisation: written, group: whole.group.id };
  if (whole?.kind === 'party') return { organisation: written, party: whole.party.id };
  const hit = longestName(written, registry);
  if (!hit) return ownParty ? { role: capitalise(written), party: ownParty } : { organisation: written };
  const where = hit.kind === 'group' ? { organisation: hit.name, group: hit.id } : { organisation: hit.name, party: hit.id };
  return { ...who(`${written.slice(0, hit.start)} ${written.slice(hit.end)}`), ...where };
}

/** The recipient as one form line that `recipientFromText` reads back: "Kommunchef, Krokoms kommun". */
export function recipientLine(r: Recipient, registry: PartyRegistry): string {
  if (r.email) return r.name ? `${r.name} <${r.email}>` : r.email;
  const where = r.organisation ?? (r.party ? registry.get(r.party)?.name : r.group ? registry.group(r.group)?.name : undefined);
  const who = [r.name, r.role].filter(Boolean).join(', ');
  if (!where) return who || r.party || r.group || '';
  return who ? `${who}, ${where}` : where;
}

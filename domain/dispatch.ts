// Expediering: turns the "Expedieras till" list into e-mail addresses through the party registry.
// A recipient without its own address goes to its party's registrator; a group becomes one
// recipient per member. One address gets one message, whatever the number of lines naming it.
import { z } from 'zod';
import type { Recipient } from './case';
import { Email, PartyId, type PartyRegistry } from './parties';

export const DispatchAddress = z.object({
  to: Email,
  /** Who the message is for, as people read it: "Tomas Jonsson, kommundirektör, Krokoms kommun". */
  label: z.string(),
  party: PartyId.optional(),
});
export type DispatchAddress = z.infer<typeof DispatchAddress>;

export const UnresolvedRecipient = z.object({ index: z.int(), label: z.string(), reason: z.string() });
export type UnresolvedRecipient = z.infer<typeof UnresolvedRecipient>;

/**
 * A recipient written by name only, as the documents write "Expedieras till" ("Länets kommuner",
 * "Kommunstyrelser i länets kommuner", "Regionstyrelsen Region Jämtland Härjedalen"): the party or
 * group the registry knows by that name (id, name, short name or alias), so it gets an address.
 * A recipient with its own address, party or group is taken as written.
 */
export function resolveRecipient(r: Recipient, registry: PartyRegistry): Recipient {
  if (r.email || r.party || r.group) return r;
  for (const text of [r.organisation, r.name, r.role]) {
    const found = text ? registry.resolve(text) : undefined;
    if (found?.kind === 'group') return { ...r, group: found.group.id };
    if (found?.kind === 'party') return { ...r, party: found.party.id };
  }
  return r;
}

/** The recipient as a person reads it; falls back on the registry's names. */
export function recipientLabel(r: Recipient, registry: PartyRegistry): string {
  const own = [r.name, r.role, r.organisation].filter((x): x is string => Boolean(x));
  if (own.length > 0) return own.join(', ');
  if (r.party) return registry.get(r.party)?.name ?? r.party;
  if (r.group) return registry.group(r.group)?.name ?? r.group;
  return r.email ?? '';
}

export function dispatchAddresses(
  recipients: readonly Recipient[],
  registry: PartyRegistry,
): { addresses: DispatchAddress[]; unresolved: UnresolvedRecipient[] } {
  const byAddress = new Map<string, DispatchAddress>();
  const unresolved: UnresolvedRecipient[] = [];
  const add = (entry: DispatchAddress) => {
    const key = entry.to.toLowerCase();
    const existing = byAddress.get(key);
    if (!existing) byAddress.set(key, entry);
    else if (!existing.label.split('; ').includes(entry.label)) existing.label = `${existing.label}; ${entry.label}`;
  };
  recipients.forEach((written, index) => {
    const r = resolveRecipient(written, registry);
    const label = recipientLabel(r, registry);
    if (r.group) {
      const group = registry.group(r.group);
      if (!group) unresolved.push({ index, label, reason: `gruppen "${r.group}" finns inte i partregistret` });
      else for (const member of registry.members(r.group)) add({ to: member.registrator, label: member.name, party: member.id });
      return;
    }
    const party = r.party ? registry.get(r.party) : undefined;
    if (r.party && !party) {
      unresolved.push({ index, label, reason: `parten "${r.party}" finns inte i partregistret` });
      return;
    }
    const to = r.email ?? party?.registrator;
    if (!to) unresolved.push({ index, label, reason: 'ingen e-postadress och ingen part att skicka till' });
    else add({ to, label, ...(party ? { party: party.id } : {}) });
  });
  return { addresses: [...byAddress.values()], unresolved };
}

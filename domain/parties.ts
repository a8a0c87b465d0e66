// The party registry: huvudmän, bodies and recipient groups. Nothing here names a real party; the
// parties come from a data file the deployer owns (config/parties.json by default), so another
// region or SKR runs the same code with its own list. Lookups are pure, for workflow code too.
import { z } from 'zod';
import { PARTY_ID_PATTERN as SLUG } from './dnr';
import { unlessMissing } from './errors';
import { Text } from './values';

const slugError = (issue: { input?: unknown }) =>
  `"${String(issue.input)}" ska vara ett id med små bokstäver a–z, siffror och bindestreck, t.ex. krokom eller region-jh`;

/** Stable ASCII id of a party, e.g. `krokom`, `region-jh`; used in workflow ids, URLs and search attributes. */
export const PartyId = z
  .string({ error: unlessMissing('ska vara ett part-id, t.ex. krokom') })
  .max(60, 'får vara högst 60 tecken')
  .regex(SLUG, { error: slugError })
  .brand<'PartyId'>()
  .meta({ id: 'PartyId', description: 'Part-id (a–z, 0–9, -), t.ex. krokom' });
export type PartyId = z.infer<typeof PartyId>;

/** Id of a group of parties, e.g. `lanets-kommuner`. */
export const GroupId = z
  .string({ error: unlessMissing('ska vara ett grupp-id, t.ex. lanets-kommuner') })
  .max(60, 'får vara högst 60 tecken')
  .regex(SLUG, { error: slugError })
  .brand<'GroupId'>()
  .meta({ id: 'GroupId', description: 'Grupp-id (a–z, 0–9, -), t.ex. lanets-kommuner' });
export type GroupId = z.infer<typeof GroupId>;

export const Email = z
  .email({ error: unlessMissing((input) => `"${String(input)}" är inte en giltig e-postadress`) })
  .meta({ id: 'Email', description: 'E-postadress' });
export type Email = z.infer<typeof Email>;


export const PartyKind = z.enum(['region', 'kommun', 'namnd', 'samverkansorgan', 'forbund', 'myndighet', 'ovrig']);
export type PartyKind = z.infer<typeof PartyKind>;

export const Party = z
  .strictObject({
    id: PartyId,
    name: Text.meta({ description: 'Visningsnamn, t.ex. "Krokoms kommun"' }),
    shortName: Text.optional().meta({ description: 'Kort namn, t.ex. "Krokom"' }),
    kind: PartyKind,
    huvudman: z.boolean().default(false).meta({ description: 'Fattar egna beslut på rekommendationer (regionen, kommunerna)' }),
    organs: z.array(Text).default([]).meta({ description: 'Beslutande organ; det första är standard, t.ex. "Kommunstyrelsen"' }),
    registrator: Email.meta({ description: 'Registratorns/funktionsbrevlådans e-postadress' }),
    aliases: z.array(Text).default([]).meta({ description: 'Andra namn som förekommer i handlingar, t.ex. "Regionstyrelsen"' }),
  })
  .superRefine((party, ctx) => {
    if (party.huvudman && party.organs.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['organs'], message: 'en huvudman måste ha minst ett beslutande organ, t.ex. "Kommunstyrelsen"' });
    }
  });
export type Party = z.infer<typeof Party>;

export const PartyGroup = z.strictObject({
  id: GroupId,
  name: Text.meta({ description: 'Gruppens namn som det står i handlingar, t.ex. "Länets kommuner"' }),
  aliases: z.array(Text).default([]),
  members: z.array(PartyId).min(1, 'en grupp måste ha minst en medlem'),
});
export type PartyGroup = z.infer<typeof PartyGroup>;

/** The organisation running the router: who receives escalations when a huvudman is overdue. */
export const Organisation = z.strictObject({
  name: Text,
  managerEmail: Email.meta({ description: 'Samordningskansliet: tar emot påminnelser om försenade beslut' }),
  council: PartyId.meta({ description: 'Samverkansrådet som antar rekommendationer när ett ärende inte anger annat, t.ex. rsr' }),
});
export type Organisation = z.infer<typeof Organisation>;

/** Lower case, single spaces, no trailing punctuation: how names from documents are compared. */
export function normalizeName(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim().replace(/[.,;:]+$/, '').trim();
}

function namesOfParty(party: Party): string[] {
  return [party.id, party.name, ...(party.shortName ? [party.shortName] : []), ...party.aliases];
}

function namesOfGroup(group: PartyGroup): string[] {
  return [group.id, group.name, ...group.aliases];
}

export const PartiesFile = z
  .strictObject({
    $schema: z.string().optional(),
    organisation: Organisation,
    parties: z.array(Party).min(1, 'registret måste innehålla minst en part'),
    groups: z.array(PartyGroup).default([]),
  })
  .superRefine((file, ctx) => {
    const owner = new Map<string, string>();
    const claim = (name: string, who: string, path: (string | number)[]) => {
      const key = normalizeName(name);
      const previous = owner.get(key);
      if (previous && previous !== who) {
        ctx.addIssue({ code: 'custom', path, message: `namnet "${name}" används redan av ${previous}; varje namn och id måste peka ut en enda part eller grupp` });
      } else owner.set(key, who);
    };
    const ids = new Set<string>();
    file.parties.forEach((party, i) => {
      if (ids.has(party.id)) ctx.addIssue({ code: 'custom', path: ['parties', i, 'id'], message: `id "${party.id}" förekommer mer än en gång` });
      ids.add(party.id);
      namesOfParty(party).forEach((name) => claim(name, `parten "${party.id}"`, ['parties', i]));
    });
    file.groups.forEach((group, i) => {
      if (ids.has(group.id)) ctx.addIssue({ code: 'custom', path: ['groups', i, 'id'], message: `id "${group.id}" används redan av en part eller grupp` });
      ids.add(group.id);
      namesOfGroup(group).forEach((name) => claim(name, `gruppen "${group.id}"`, ['groups', i]));
      group.members.forEach((member, j) => {
        if (!file.parties.some((p) => p.id === member)) {
          ctx.addIssue({ code: 'custom', path: ['groups', i, 'members', j], message: `"${member}" finns inte bland parterna` });
        }
      });
    });
    if (!file.parties.some((p) => p.id === file.organisation.council)) {
      ctx.addIssue({ code: 'custom', path: ['organisation', 'council'], message: `"${file.organisation.council}" finns inte bland parterna` });
    }
    if (!file.parties.some((p) => p.huvudman)) {
      ctx.addIssue({ code: 'custom', path: ['parties'], message: 'minst en part måste vara huvudman' });
    }
  });
export type PartiesFile = z.infer<typeof PartiesFile>;

export type ResolvedName =
  | { kind: 'party'; party: Party }
  | { kind: 'group'; group: PartyGroup; members: readonly Party[] };

export interface PartyRegistry {
  readonly organisation: Organisation;
  readonly parties: readonly Party[];
  readonly groups: readonly PartyGroup[];
  get(id: string): Party | undefined;
  /** Like `get`, but throws naming the unknown id. */
  getOrThrow(id: string): Party;
  group(id: string): PartyGroup | undefined;
  /** Members of a group, in registry order. */
  members(groupId: string): readonly Party[];
  /** Every huvudman, in registry order. */
  huvudman(): readonly Party[];
  /** A party or group by id, name, short name or alias, as written in a document ("Regionstyrelsen", "Kommunstyrelser i länets kommuner"). */
  resolve(text: string): ResolvedName | undefined;
}

/** Builds the lookups over an already validated file (see `PartiesFile`). */
export function createPartyRegistry(file: PartiesFile): PartyRegistry {
  const byId = new Map(file.parties.map((p) => [p.id as string, p]));
  const groupsById = new Map(file.groups.map((g) => [g.id as string, g]));
  const members = (groupId: string): readonly Party[] => {
    const group = groupsById.get(groupId);
    return group ? file.parties.filter((p) => group.members.includes(p.id)) : [];
  };
  const byName = new Map<string, ResolvedName>();
  for (const party of file.parties) {
    for (const name of namesOfParty(party)) byName.set(normalizeName(name), { kind: 'party', party });
  }
  for (const group of file.groups) {
    const resolved: ResolvedName = { kind: 'group', group, members: members(group.id) };
    for (const name of namesOfGroup(group)) byName.set(normalizeName(name), resolved);
  }
  const huvudman = file.parties.filter((p) => p.huvudman);
  return {
    organisation: file.organisation,
    parties: file.parties,
    groups: file.groups,
    get: (id) => byId.get(id),
    getOrThrow: (id) => {
      const party = byId.get(id);
      if (!party) throw new RangeError(`parten "${id}" finns inte i partregistret`);
      return party;
    },
    group: (id) => groupsById.get(id),
    members,
    huvudman: () => huvudman,
    resolve: (text) => byName.get(normalizeName(text)),
  };
}

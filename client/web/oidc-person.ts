// Who a person signed in with the organisation's account is here: their role from the ID token's
// role claim through ARENDE_OIDC_ROLE_MAP, their stable id and their name. Pure: the sign-in flow
// (oidc.ts) hands it the verified claims.
import { personActor } from '../../domain/actors';
import { Principal } from '../api/access';
import type { OidcSettings } from '../../config/environment';

/** The ID token's claims as this module reads them (the provider may send many more). */
export type Claims = Record<string, unknown>;

// When a person's claim values map to several roles, the widest wins: an administrator who is also
// in the managers' group acts as administrator. Among registrator roles, the first in the map.
const PRECEDENCE = ['administrator', 'manager'] as const;

/** The role name (`administrator`, `manager`, `registrator/<party>`) the claims grant, or undefined. */
export function mappedRole(claims: Claims, settings: Pick<OidcSettings, 'roleClaim' | 'roleMap'>): string | undefined {
  const raw = claims[settings.roleClaim];
  const values = new Set((Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((v): v is string => typeof v === 'string'));
  const granted = settings.roleMap.filter((entry) => values.has(entry.value)).map((entry) => entry.roleName);
  return PRECEDENCE.find((role) => granted.includes(role)) ?? granted[0];
}

/** Entra's `oid` is the person's id across every app of the tenant; `sub` differs per app. */
export function personId(claims: Claims): string | undefined {
  const id = typeof claims.oid === 'string' && claims.oid ? claims.oid : claims.sub;
  return typeof id === 'string' && id ? id : undefined;
}

export function personName(claims: Claims): string {
  for (const key of ['name', 'preferred_username', 'email'] as const) {
    const value = claims[key];
    if (typeof value === 'string' && value.trim()) return value.trim().slice(0, 200);
  }
  return personId(claims) ?? 'okänd';
}

/**
 * The principal of a signed-in person: the mapped role decides permissions exactly as a token with
 * that role would; `name` (the actor every event they record carries) names the person too.
 */
export function personPrincipal(claims: Claims, settings: Pick<OidcSettings, 'roleClaim' | 'roleMap'>): Principal | undefined {
  const roleName = mappedRole(claims, settings);
  const id = personId(claims);
  if (!roleName || !id) return undefined;
  const [role, party] = roleName.split('/');
  return Principal.parse({ role, party, name: personActor({ roleName, id, name: personName(claims) }) });
}

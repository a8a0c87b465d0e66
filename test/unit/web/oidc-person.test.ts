// Personal sign-in's pure parts: ARENDE_OIDC_* read and checked at start (config/environment.ts),
// the role a person's claims map to (client/web/oidc-person.ts), the redirect URI (client/web/oidc.ts).
import { OidcEnvironment, oidcSettings, parseRoleMap, readEnvironment } from '../../../config/environment';
import { mappedRole, personPrincipal } from '../../../client/web/oidc-person';
import { redirectUri } from '../../../client/web/oidc';
import { Action, allows } from '../../../client/api/permissions';
import { AccessControl, parseApiTokens } from '../../../client/api/access';
import { formatEvents } from '../../../client/cli/commands/case';

const ENTRA = 'https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0';
const GROUP_ADMIN = 'aaaaaaaa-0000-0000-0000-000000000001';
const GROUP_KROKOM = 'aaaaaaaa-0000-0000-0000-000000000002';
const complete = {
  ARENDE_OIDC_ISSUER: ENTRA,
  ARENDE_OIDC_CLIENT_ID: 'c1a2b3c4-0000-0000-0000-000000000000',
  ARENDE_OIDC_CLIENT_SECRET: 'a-client-secret',
  ARENDE_OIDC_ROLE_MAP: `administrator=Arende.Admin,manager=Arende.Manager,registrator/krokom=Arende.Krokom`,
  ARENDE_PUBLIC_URL: 'https://arenden.regionjh.se',
};
const read = (env: NodeJS.ProcessEnv) => oidcSettings(readEnvironment(OidcEnvironment, env));

describe('ARENDE_OIDC_*', () => {
  test('unset: no personal sign-in; all set: the settings, roles from `roles` by default', () => {
    expect(read({})).toBeUndefined();
    expect(read({ ARENDE_OIDC_ISSUER: '', ARENDE_OIDC_ROLE_MAP: ' ' })).toBeUndefined();
    expect(read(complete)).toEqual({
      issuer: ENTRA,
      clientId: complete.ARENDE_OIDC_CLIENT_ID,
      clientSecret: 'a-client-secret',
      roleClaim: 'roles',
      roleMap: [
        { roleName: 'administrator', value: 'Arende.Admin' },
        { roleName: 'manager', value: 'Arende.Manager' },
        { roleName: 'registrator/krokom', value: 'Arende.Krokom' },
      ],
      publicUrl: 'https://arenden.regionjh.se',
    });
    expect(read({ ...complete, ARENDE_OIDC_ROLE_CLAIM: 'groups' })?.roleClaim).toBe('groups');
  });

  test.each([
    ['only the issuer', { ARENDE_OIDC_ISSUER: ENTRA }, /ARENDE_OIDC_CLIENT_ID="": is required when ARENDE_OIDC_ISSUER is set/],
    ['no client secret', { ...complete, ARENDE_OIDC_CLIENT_SECRET: undefined }, /ARENDE_OIDC_CLIENT_SECRET="": is required/],
    ['an empty role map', { ...complete, ARENDE_OIDC_ROLE_MAP: ',' }, /ARENDE_OIDC_ROLE_MAP=(.|\n)*must map at least one role/],
    ['no public URL', { ...complete, ARENDE_PUBLIC_URL: undefined }, /ARENDE_PUBLIC_URL="": is required with personal sign-in/],
    ['an issuer that is no URL', { ...complete, ARENDE_OIDC_ISSUER: 'login.microsoftonline.com' }, /ARENDE_OIDC_ISSUER="login.microsoftonline.com": must be the issuer URL/],
    ['a remote issuer over http', { ...complete, ARENDE_OIDC_ISSUER: 'http://idp.regionjh.se' }, /ARENDE_OIDC_ISSUER=.*must be https/],
    ['an unknown role', { ...complete, ARENDE_OIDC_ROLE_MAP: 'admin=Arende.Admin' }, /ARENDE_OIDC_ROLE_MAP="admin=Arende.Admin": entry 1: each entry must be `administrator=<value>`/],
    ['a party id in capitals', { ...complete, ARENDE_OIDC_ROLE_MAP: 'manager=x,registrator/Krokom=y' }, /ARENDE_OIDC_ROLE_MAP=.*entry 2/],
    ['a claim name with a space', { ...complete, ARENDE_OIDC_ROLE_CLAIM: 'roles claim' }, /ARENDE_OIDC_ROLE_CLAIM="roles claim": must be a claim name/],
  ])('%s is refused, naming the variable', (_label, env, message) => {
    expect(() => read(env as NodeJS.ProcessEnv)).toThrow(message);
  });

  test('the redirect URI is ARENDE_PUBLIC_URL + /logga-in/oidc/svar, also under a path', () => {
    expect(redirectUri({ publicUrl: 'https://arenden.regionjh.se' })).toBe('https://arenden.regionjh.se/logga-in/oidc/svar');
    expect(redirectUri({ publicUrl: 'https://intra.regionjh.se/arenden/' })).toBe('https://intra.regionjh.se/arenden/logga-in/oidc/svar');
  });
});

describe('the role a person gets', () => {
  const settings = { roleClaim: 'groups', roleMap: parseRoleMap(`manager=${GROUP_ADMIN.replace(/1$/, '9')},registrator/krokom=${GROUP_KROKOM},administrator=${GROUP_ADMIN}`) };

  test('from a claim value in the map; the widest role wins; unmapped or missing claims give none', () => {
    expect(mappedRole({ groups: [GROUP_KROKOM] }, settings)).toBe('registrator/krokom');
    expect(mappedRole({ groups: [GROUP_KROKOM, GROUP_ADMIN, 'other'] }, settings)).toBe('administrator');
    expect(mappedRole({ groups: GROUP_KROKOM }, settings)).toBe('registrator/krokom');
    expect(mappedRole({ groups: ['other'] }, settings)).toBeUndefined();
    expect(mappedRole({ roles: [GROUP_ADMIN] }, settings)).toBeUndefined();
    expect(mappedRole({}, settings)).toBeUndefined();
  });

  test('the principal carries the role (permissions exactly as a token with that role) and the person in its name', () => {
    const person = personPrincipal({ sub: 'pairwise-sub', oid: 'entra-object-id', name: 'Anna Berg', groups: [GROUP_KROKOM] }, settings)!;
    expect(person).toEqual({ role: 'registrator', party: 'krokom', name: 'person/registrator/krokom/entra-object-id/Anna Berg' });
    const token = new AccessControl(parseApiTokens('registrator/krokom=krokom-token-0123456789')).principalFor('krokom-token-0123456789')!;
    for (const action of Action.options) {
      expect([action, allows(person.role, action)]).toEqual([action, allows(token.role, action)]);
    }
    // Without `oid` (a provider other than Entra): `sub`; without a name: the username, then the id.
    expect(personPrincipal({ sub: 's-1', preferred_username: 'anna@regionjh.se', groups: [GROUP_ADMIN] }, settings)?.name).toBe('person/administrator/s-1/anna@regionjh.se');
    expect(personPrincipal({ name: 'Ingen Id', groups: [GROUP_ADMIN] }, settings)).toBeUndefined();
    expect(personPrincipal({ sub: 's-2', name: 'Utan Roll', groups: [] }, settings)).toBeUndefined();
  });
});

test('`arende case events` names the person who recorded an event, with their role', () => {
  const actor = personPrincipal({ sub: 's', oid: 'o-1', name: 'Anna Berg', groups: ['g-krokom'] }, { roleClaim: 'groups', roleMap: parseRoleMap('registrator/krokom=g-krokom') })!.name;
  const text = formatEvents([{ seq: 1, at: '2026-12-01T09:00:00Z', actor, type: 'decision-recorded', text: 'Beslut § 4' }], (id) => (id === 'krokom' ? 'Krokoms kommun' : id));
  expect(text).toContain('Anna Berg (registrator för Krokoms kommun)');
  expect(text).not.toContain('o-1');
});

// A real OpenID Connect provider for the tests (npm oidc-provider, an ES module, so a process of
// its own): one confidential client and a few accounts, its development login pages (any password)
// standing in for the organisation's. Listens on a free 127.0.0.1 port and prints
// `oidc provider listening on <issuer>`.
//   OIDC_TEST_CLIENT   {"client_id", "client_secret", "redirect_uris": [...], "post_logout_redirect_uris": [...]}
//   OIDC_TEST_ACCOUNTS {"<login>": {"name": "Anna Berg", "roles": ["arende-admin"]}, ...}
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const client = JSON.parse(process.env.OIDC_TEST_CLIENT ?? '{}');
const accounts = JSON.parse(process.env.OIDC_TEST_ACCOUNTS ?? '{}');

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [{ ...client, grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_post' }],
  // The role claim in the ID token itself, as Entra puts `roles` and `groups` there.
  claims: { openid: ['sub'], profile: ['name', 'roles', 'oid'] },
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  cookies: { keys: ['oidc-provider-test-cookie-key-0123456789'] },
  async findAccount(_ctx, id) {
    const account = accounts[id];
    if (!account) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, oid: `oid-${id}`, name: account.name, roles: account.roles }) };
  },
});
provider.on('server_error', (_ctx, err) => console.error('server_error', err));
server.on('request', provider.callback());
console.log(`oidc provider listening on ${issuer}`);
process.once('SIGTERM', () => server.close(() => process.exit(0)));

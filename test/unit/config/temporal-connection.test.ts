// Any Temporal from the environment (config/temporal-connection.ts): plain, TLS, mTLS, an API key,
// or an envconfig TOML profile; every bad combination stops the start with the variable named.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TemporalEnvironment, readEnvironment } from '../../../config/environment';
import { connectionOptions, describeTarget, temporalTarget } from '../../../config/temporal-connection';

const CERT = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIBfake\n-----END PRIVATE KEY-----\n';
const CA = '-----BEGIN CERTIFICATE-----\nMIIBca\n-----END CERTIFICATE-----\n';

let dir: string;
let files: { cert: string; key: string; ca: string; notPem: string; missing: string };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'arende-temporal-conn-'));
  files = { cert: join(dir, 'client.pem'), key: join(dir, 'client.key'), ca: join(dir, 'ca.pem'), notPem: join(dir, 'notes.txt'), missing: join(dir, 'nope.pem') };
  writeFileSync(files.cert, CERT);
  writeFileSync(files.key, KEY);
  writeFileSync(files.ca, CA);
  writeFileSync(files.notPem, 'hello');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const target = (vars: Record<string, string>) => temporalTarget(readEnvironment(TemporalEnvironment, vars));
/** The start-up error's text for `vars`. */
function startError(vars: Record<string, string>): string {
  try {
    target(vars);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}

test('defaults: the embedded dev server, plaintext', () => {
  const t = target({});
  expect(t).toEqual({ address: '127.0.0.1:7233', namespace: 'arendeflode', taskQueue: 'arendeflode', tls: false });
  expect(connectionOptions(t)).toEqual({ address: '127.0.0.1:7233', tls: undefined, apiKey: undefined });
  expect(describeTarget(t)).toBe('127.0.0.1:7233 (namespace arendeflode, plaintext)');
});

test('empty variables count as unset', () => {
  expect(target({ TEMPORAL_ADDRESS: '', TEMPORAL_API_KEY: ' ', TEMPORAL_TLS: '', TEMPORAL_TLS_CLIENT_CERT_PATH: '' })).toEqual(target({}));
});

test('TEMPORAL_TLS=1: TLS with the system roots', () => {
  const t = target({ TEMPORAL_ADDRESS: 'temporal.regionjh.se:7233', TEMPORAL_TLS: 'true' });
  expect(connectionOptions(t)).toEqual({ address: 'temporal.regionjh.se:7233', tls: {}, apiKey: undefined });
  expect(describeTarget(t)).toContain('TLS');
});

test('an API key (Temporal Cloud) turns TLS on and is never described', () => {
  const t = target({ TEMPORAL_ADDRESS: 'eu-west-1.aws.api.temporal.io:7233', TEMPORAL_NAMESPACE: 'arendeflode.a1b2c', TEMPORAL_API_KEY: 'sekret-key' });
  expect(connectionOptions(t)).toEqual({ address: 'eu-west-1.aws.api.temporal.io:7233', tls: {}, apiKey: 'sekret-key' });
  expect(t.namespace).toBe('arendeflode.a1b2c');
  expect(describeTarget(t)).toBe('eu-west-1.aws.api.temporal.io:7233 (namespace arendeflode.a1b2c, TLS + API key)');
});

test('mTLS: client certificate, key, private CA and server name are read at start', () => {
  const t = target({
    TEMPORAL_ADDRESS: '10.0.0.5:7233',
    TEMPORAL_TLS_CLIENT_CERT_PATH: files.cert,
    TEMPORAL_TLS_CLIENT_KEY_PATH: files.key,
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: files.ca,
    TEMPORAL_TLS_SERVER_NAME: 'temporal.regionjh.se',
  });
  expect(t.tls).toBe(true);
  const tls = connectionOptions(t).tls as { serverNameOverride: string; serverRootCACertificate: Buffer; clientCertPair: { crt: Buffer; key: Buffer } };
  expect(tls.serverNameOverride).toBe('temporal.regionjh.se');
  expect(tls.serverRootCACertificate.toString()).toBe(CA);
  expect(tls.clientCertPair.crt.toString()).toBe(CERT);
  expect(tls.clientCertPair.key.toString()).toBe(KEY);
  expect(describeTarget(t)).toContain('mTLS');
});

test('mTLS from PEM text in the environment (TEMPORAL_TLS_*_DATA, e.g. from a secret store) instead of files', () => {
  const t = target({ TEMPORAL_ADDRESS: '10.0.0.5:7233', TEMPORAL_TLS_CLIENT_CERT_DATA: CERT, TEMPORAL_TLS_CLIENT_KEY_DATA: KEY, TEMPORAL_TLS_SERVER_CA_CERT_DATA: CA });
  const tls = connectionOptions(t).tls as { serverRootCACertificate: Buffer; clientCertPair: { crt: Buffer; key: Buffer } };
  expect(tls.serverRootCACertificate.toString()).toBe(CA);
  expect(tls.clientCertPair.crt.toString()).toBe(CERT);
  expect(tls.clientCertPair.key.toString()).toBe(KEY);
  expect(describeTarget(t)).toContain('mTLS');
  // A file for one and text for the other works too.
  expect(connectionOptions(target({ TEMPORAL_TLS_CLIENT_CERT_PATH: files.cert, TEMPORAL_TLS_CLIENT_KEY_DATA: KEY })).tls).toMatchObject({ clientCertPair: { key: Buffer.from(KEY) } });
});

test('TLS text: both path and data, text that is not PEM, a key without its certificate; the text is never echoed', () => {
  const both = startError({ TEMPORAL_TLS_CLIENT_CERT_PATH: files.cert, TEMPORAL_TLS_CLIENT_CERT_DATA: CERT, TEMPORAL_TLS_CLIENT_KEY_PATH: files.key });
  expect(both).toContain('TEMPORAL_TLS_CLIENT_CERT_DATA=(hidden): is set together with TEMPORAL_TLS_CLIENT_CERT_PATH: set only one of them');
  const notPem = startError({ TEMPORAL_TLS_CLIENT_CERT_DATA: CERT, TEMPORAL_TLS_CLIENT_KEY_DATA: CERT });
  expect(notPem).toContain('TEMPORAL_TLS_CLIENT_KEY_DATA=(hidden): the inline data does not hold a PEM private key');
  expect(startError({ TEMPORAL_TLS_CLIENT_KEY_DATA: KEY })).toContain('TEMPORAL_TLS_CLIENT_KEY_DATA=(hidden): is set without TEMPORAL_TLS_CLIENT_CERT_PATH (or _DATA)');
  for (const message of [both, notPem]) expect(message).not.toContain('BEGIN');
});

test('a malformed address is refused, naming TEMPORAL_ADDRESS', () => {
  for (const address of ['localhost', 'http://temporal:7233', 'temporal:0', 'temporal:70000', 'tem poral:7233']) {
    expect(startError({ TEMPORAL_ADDRESS: address })).toContain(`TEMPORAL_ADDRESS="${address}": must be host:port`);
  }
  expect(target({ TEMPORAL_ADDRESS: '[::1]:7233' }).address).toBe('[::1]:7233');
});

test('a bad namespace or TLS switch is refused, naming the variable', () => {
  expect(startError({ TEMPORAL_NAMESPACE: 'Ärenden' })).toContain('TEMPORAL_NAMESPACE="Ärenden": must be a Temporal namespace name');
  expect(startError({ TEMPORAL_TLS: 'yes' })).toContain('TEMPORAL_TLS="yes": must be 1/true or 0/false');
});

test('a certificate file that does not exist', () => {
  expect(startError({ TEMPORAL_TLS_CLIENT_CERT_PATH: files.missing, TEMPORAL_TLS_CLIENT_KEY_PATH: files.key })).toContain(
    `TEMPORAL_TLS_CLIENT_CERT_PATH="${files.missing}": file ${files.missing} does not exist`,
  );
  expect(startError({ TEMPORAL_TLS_SERVER_CA_CERT_PATH: files.missing })).toContain(`TEMPORAL_TLS_SERVER_CA_CERT_PATH="${files.missing}": file ${files.missing} does not exist`);
});

test('a directory where a file belongs', () => {
  expect(startError({ TEMPORAL_TLS_SERVER_CA_CERT_PATH: dir })).toContain(`TEMPORAL_TLS_SERVER_CA_CERT_PATH="${dir}": ${dir} is not a regular file`);
});

// Root reads any file, so the rule can only be seen as another user.
(process.getuid?.() === 0 ? test.skip : test)('an unreadable key file', () => {
  const locked = join(dir, 'locked.key');
  writeFileSync(locked, KEY);
  chmodSync(locked, 0o000);
  expect(startError({ TEMPORAL_TLS_CLIENT_CERT_PATH: files.cert, TEMPORAL_TLS_CLIENT_KEY_PATH: locked })).toContain(
    `TEMPORAL_TLS_CLIENT_KEY_PATH="${locked}": file ${locked} cannot be read by this process (permission denied)`,
  );
});

test('a file that is not PEM of the right kind', () => {
  expect(startError({ TEMPORAL_TLS_SERVER_CA_CERT_PATH: files.notPem })).toContain(`TEMPORAL_TLS_SERVER_CA_CERT_PATH="${files.notPem}": file ${files.notPem} does not hold a PEM certificate`);
  // The certificate given as the key, a common slip.
  expect(startError({ TEMPORAL_TLS_CLIENT_CERT_PATH: files.cert, TEMPORAL_TLS_CLIENT_KEY_PATH: files.cert })).toContain(
    `TEMPORAL_TLS_CLIENT_KEY_PATH="${files.cert}": file ${files.cert} does not hold a PEM private key`,
  );
});

test('a key without its certificate, and a certificate without its key', () => {
  expect(startError({ TEMPORAL_TLS_CLIENT_KEY_PATH: files.key })).toContain(
    `TEMPORAL_TLS_CLIENT_KEY_PATH="${files.key}": is set without TEMPORAL_TLS_CLIENT_CERT_PATH (or _DATA): mTLS needs the certificate and its private key`,
  );
  expect(startError({ TEMPORAL_TLS_CLIENT_CERT_PATH: files.cert })).toContain(
    `TEMPORAL_TLS_CLIENT_CERT_PATH="${files.cert}": is set without TEMPORAL_TLS_CLIENT_KEY_PATH`,
  );
});

test('an API key with TLS turned off is refused, and the key is not echoed', () => {
  const message = startError({ TEMPORAL_API_KEY: 'sekret-key', TEMPORAL_TLS: '0' });
  expect(message).toContain('TEMPORAL_API_KEY=(hidden): would be sent unencrypted: TEMPORAL_TLS=0 turns TLS off; an API key needs TLS');
  expect(message).not.toContain('sekret-key');
});

test('TLS files with TLS turned off are refused', () => {
  const message = startError({ TEMPORAL_TLS: 'false', TEMPORAL_TLS_SERVER_CA_CERT_PATH: files.ca, TEMPORAL_TLS_SERVER_NAME: 'temporal.regionjh.se' });
  expect(message).toContain(`TEMPORAL_TLS_SERVER_CA_CERT_PATH="${files.ca}": is set but TEMPORAL_TLS=0 turns TLS off`);
  expect(message).toContain('TEMPORAL_TLS_SERVER_NAME="temporal.regionjh.se": is set but TEMPORAL_TLS=0 turns TLS off');
});

test('every problem at once, one line each', () => {
  const message = startError({ TEMPORAL_TLS_CLIENT_CERT_PATH: files.missing, TEMPORAL_TLS_SERVER_CA_CERT_PATH: files.notPem });
  expect(message.split('\n')).toEqual([
    'Invalid environment:',
    `  TEMPORAL_TLS_CLIENT_CERT_PATH="${files.missing}": is set without TEMPORAL_TLS_CLIENT_KEY_PATH (or _DATA): mTLS needs the certificate and its private key`,
    `  TEMPORAL_TLS_CLIENT_CERT_PATH="${files.missing}": file ${files.missing} does not exist`,
    `  TEMPORAL_TLS_SERVER_CA_CERT_PATH="${files.notPem}": file ${files.notPem} does not hold a PEM certificate`,
  ]);
});

describe('envconfig TOML profiles', () => {
  let toml: string;
  beforeAll(() => {
    toml = join(dir, 'temporal.toml');
    writeFileSync(
      toml,
      `[profile.default]
address = "127.0.0.1:7233"

[profile.cluster]
address = "temporal.regionjh.se:7233"
namespace = "arendeflode-prod"

[profile.cluster.tls]
client_cert_path = "${files.cert}"
client_key_path = "${files.key}"
server_ca_cert_path = "${files.ca}"

[profile.cloud]
address = "eu-west-1.aws.api.temporal.io:7233"
namespace = "arendeflode.a1b2c"
api_key = "cloud-key"

[profile.cloud.grpc_meta]
x-region = "jh"

[profile.broken]
address = "temporal.regionjh.se"

[profile.lostcert.tls]
client_cert_path = "${files.missing}"
client_key_path = "${files.key}"
`,
    );
  });

  test('TEMPORAL_CONFIG_FILE + TEMPORAL_PROFILE: the profile, with its files read', () => {
    const t = target({ TEMPORAL_CONFIG_FILE: toml, TEMPORAL_PROFILE: 'cluster' });
    expect(t).toMatchObject({ address: 'temporal.regionjh.se:7233', namespace: 'arendeflode-prod', tls: true, profile: 'cluster' });
    expect(t.tlsSettings?.clientCertPair?.crt.toString()).toBe(CERT);
    expect(t.tlsSettings?.serverRootCACertificate?.toString()).toBe(CA);
  });

  test('a variable overrides its profile key; the API key and gRPC headers of a Cloud profile apply', () => {
    const t = target({ TEMPORAL_CONFIG_FILE: toml, TEMPORAL_PROFILE: 'cloud', TEMPORAL_NAMESPACE: 'arendeflode-test.a1b2c' });
    expect(connectionOptions(t)).toEqual({ address: 'eu-west-1.aws.api.temporal.io:7233', tls: {}, apiKey: 'cloud-key', metadata: { 'x-region': 'jh' } });
    expect(t.namespace).toBe('arendeflode-test.a1b2c');
  });

  test('without TEMPORAL_PROFILE the file\'s default profile is used', () => {
    expect(target({ TEMPORAL_CONFIG_FILE: toml })).toMatchObject({ address: '127.0.0.1:7233', tls: false, profile: 'default' });
  });

  test("the user's default file is read only when TEMPORAL_PROFILE asks for it", () => {
    const home = join(dir, 'xdg');
    mkdirSync(join(home, 'temporalio'), { recursive: true });
    writeFileSync(join(home, 'temporalio', 'temporal.toml'), '[profile.default]\naddress = "elsewhere.example:7233"\n[profile.lab]\naddress = "lab.example:7233"\n');
    expect(target({ XDG_CONFIG_HOME: home }).address).toBe('127.0.0.1:7233');
    expect(target({ XDG_CONFIG_HOME: home, TEMPORAL_PROFILE: 'lab' }).address).toBe('lab.example:7233');
  });

  test('a missing file, a missing profile, an unknown key, bad TOML', () => {
    expect(startError({ TEMPORAL_CONFIG_FILE: files.missing })).toContain(`TEMPORAL_CONFIG_FILE="${files.missing}": file ${files.missing} does not exist`);
    expect(startError({ TEMPORAL_CONFIG_FILE: toml, TEMPORAL_PROFILE: 'prod' })).toContain(`TEMPORAL_PROFILE="prod": no such profile in ${toml}`);
    const unknown = join(dir, 'unknown.toml');
    writeFileSync(unknown, '[profile.default]\nadress = "x:1"\n');
    expect(startError({ TEMPORAL_CONFIG_FILE: unknown })).toContain(`TEMPORAL_CONFIG_FILE="${unknown}": not a valid envconfig TOML file: Validation error: key(s) unrecognized in profile.default: adress`);
    const bad = join(dir, 'bad.toml');
    writeFileSync(bad, '[profile.default\naddress = ');
    expect(startError({ TEMPORAL_CONFIG_FILE: bad })).toContain(`TEMPORAL_CONFIG_FILE="${bad}": not a valid envconfig TOML file`);
  });

  test("a profile's bad value is named by its variable and its profile key", () => {
    expect(startError({ TEMPORAL_CONFIG_FILE: toml, TEMPORAL_PROFILE: 'broken' })).toContain('TEMPORAL_ADDRESS=(unset; profile "broken" address): must be host:port');
    expect(startError({ TEMPORAL_CONFIG_FILE: toml, TEMPORAL_PROFILE: 'lostcert' })).toContain(
      `TEMPORAL_TLS_CLIENT_CERT_PATH=(unset; profile "lostcert" tls.client_cert_path): file ${files.missing} does not exist`,
    );
  });

  test('TEMPORAL_TLS=0 over a Cloud profile: its API key is refused', () => {
    expect(startError({ TEMPORAL_CONFIG_FILE: toml, TEMPORAL_PROFILE: 'cloud', TEMPORAL_TLS: '0' })).toContain(
      'TEMPORAL_API_KEY=(unset; profile "cloud" api_key): would be sent unencrypted: TEMPORAL_TLS=0 turns TLS off',
    );
  });
});

// Connection options from the environment, shared by the client side (API, CLI) and the worker.
// In config/, not client/: it is configuration read from the environment, needed by the worker too.
//
// The variables are Temporal's own (TEMPORAL_ADDRESS, TEMPORAL_TLS_CLIENT_CERT_PATH …), merged over
// an optional TOML profile by `@temporalio/envconfig`, so an operator's `temporal` CLI profile works
// here as is. envconfig does not check what it merges (a missing file or a key without its
// certificate only fails at the first connection, or never), so temporalTarget checks the result
// and reads the files at start-up: a bad combination stops the process before anything starts.
import { readFileSync, statSync } from 'node:fs';
import { loadClientConfigProfile, type ClientConfigProfile, type ConfigDataSource } from '@temporalio/envconfig';
import { environmentError, temporalAddress, temporalNamespace, type EnvironmentIssue, type TemporalEnvironment } from './environment';

export const DEFAULT_ADDRESS = '127.0.0.1:7233';
export const DEFAULT_NAMESPACE = 'arendeflode';

/** TLS material, read from its files at start-up (the shape both Connection and NativeConnection take). */
export interface TemporalTls {
  serverNameOverride?: string;
  serverRootCACertificate?: Buffer;
  clientCertPair?: { crt: Buffer; key: Buffer };
}

export interface TemporalTarget {
  address: string;
  namespace: string;
  taskQueue: string;
  tls: boolean;
  apiKey?: string;
  /** Only when `tls`; empty: the system's roots, the address's host name. */
  tlsSettings?: TemporalTls;
  /** gRPC headers from the profile's `grpc_meta`. */
  metadata?: Record<string, string>;
  /** The TOML profile used, if any, for the start-up log. */
  profile?: string;
}

/** The envconfig variables, as validated, for envconfig to merge (it reads no other variable). */
function envconfigVariables(env: TemporalEnvironment): Record<string, string> {
  const vars: Record<string, string | undefined> = {
    TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS,
    TEMPORAL_NAMESPACE: env.TEMPORAL_NAMESPACE,
    TEMPORAL_API_KEY: env.TEMPORAL_API_KEY,
    TEMPORAL_TLS: env.TEMPORAL_TLS === undefined ? undefined : String(env.TEMPORAL_TLS),
    TEMPORAL_TLS_CLIENT_CERT_PATH: env.TEMPORAL_TLS_CLIENT_CERT_PATH,
    TEMPORAL_TLS_CLIENT_KEY_PATH: env.TEMPORAL_TLS_CLIENT_KEY_PATH,
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: env.TEMPORAL_TLS_SERVER_CA_CERT_PATH,
    TEMPORAL_TLS_CLIENT_CERT_DATA: env.TEMPORAL_TLS_CLIENT_CERT_DATA,
    TEMPORAL_TLS_CLIENT_KEY_DATA: env.TEMPORAL_TLS_CLIENT_KEY_DATA,
    TEMPORAL_TLS_SERVER_CA_CERT_DATA: env.TEMPORAL_TLS_SERVER_CA_CERT_DATA,
    TEMPORAL_TLS_SERVER_NAME: env.TEMPORAL_TLS_SERVER_NAME,
    TEMPORAL_CONFIG_FILE: env.TEMPORAL_CONFIG_FILE,
    TEMPORAL_PROFILE: env.TEMPORAL_PROFILE,
    XDG_CONFIG_HOME: env.XDG_CONFIG_HOME,
    HOME: env.HOME,
    APPDATA: env.APPDATA,
  };
  return Object.fromEntries(Object.entries(vars).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** A file problem in words, or undefined when `file` is a readable regular file. */
function fileProblem(file: string): string | undefined {
  try {
    if (!statSync(file).isFile()) return `${file} is not a regular file`;
    readFileSync(file);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `file ${file} does not exist`;
    if (code === 'EACCES' || code === 'EPERM') return `file ${file} cannot be read by this process (permission denied)`;
    return `file ${file} cannot be read (${code ?? (err as Error).message})`;
  }
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----/;
const PEM_PRIVATE_KEY = /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/;

/**
 * The connection target from the validated environment (readEnvironment(TemporalEnvironment)),
 * merged over the TOML profile when TEMPORAL_CONFIG_FILE or TEMPORAL_PROFILE asks for one.
 * Throws readEnvironment's error, naming each variable (or profile key) that is wrong.
 */
export function temporalTarget(env: TemporalEnvironment): TemporalTarget {
  const issues: EnvironmentIssue[] = [];
  const fail = () => environmentError(issues, env as NodeJS.ProcessEnv);
  // Only an explicit request reads a TOML file: a developer's own ~/.config/temporalio/temporal.toml
  // must not send the embedded default (`npm start`) somewhere else.
  const useFile = env.TEMPORAL_CONFIG_FILE !== undefined || env.TEMPORAL_PROFILE !== undefined;
  if (env.TEMPORAL_CONFIG_FILE !== undefined) {
    const problem = fileProblem(env.TEMPORAL_CONFIG_FILE);
    // envconfig takes a missing file for an empty one; here it is a mistake.
    if (problem) issues.push({ name: 'TEMPORAL_CONFIG_FILE', message: problem });
  }
  // A file or PEM text for each TLS input, not both (envconfig would refuse it without naming the variable).
  for (const stem of ['CLIENT_CERT', 'CLIENT_KEY', 'SERVER_CA_CERT'] as const) {
    const [path, data] = [`TEMPORAL_TLS_${stem}_PATH`, `TEMPORAL_TLS_${stem}_DATA`] as const;
    if (env[path] !== undefined && env[data] !== undefined) issues.push({ name: data, message: `is set together with ${path}: set only one of them` });
  }
  if (issues.length) throw fail();
  let profile: ClientConfigProfile;
  try {
    profile = loadClientConfigProfile({
      overrideEnvVars: envconfigVariables(env),
      disableFile: !useFile,
      configFileStrict: true,
      ...(env.TEMPORAL_CONFIG_FILE ? { configSource: { path: env.TEMPORAL_CONFIG_FILE } } : {}),
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const name = /^Profile '.*' not found/.test(message) ? 'TEMPORAL_PROFILE' : 'TEMPORAL_CONFIG_FILE';
    issues.push({ name, message: name === 'TEMPORAL_PROFILE' ? `no such profile in ${env.TEMPORAL_CONFIG_FILE ?? "envconfig's default file"}` : `not a valid envconfig TOML file: ${message}` });
    throw fail();
  }
  const profileName = useFile ? (env.TEMPORAL_PROFILE ?? 'default') : undefined;
  /** Names where a setting came from: its variable, else the TOML profile's key. */
  const origin = (variable: keyof TemporalEnvironment, key: string): Pick<EnvironmentIssue, 'name' | 'shown'> =>
    env[variable] !== undefined ? { name: variable } : { name: variable, shown: `(unset; profile "${profileName}" ${key})` };

  const address = profile.address ?? DEFAULT_ADDRESS;
  const addressCheck = temporalAddress.safeParse(address);
  if (!addressCheck.success) issues.push({ ...origin('TEMPORAL_ADDRESS', 'address'), message: addressCheck.error.issues[0]!.message });
  const namespace = profile.namespace ?? DEFAULT_NAMESPACE;
  const namespaceCheck = temporalNamespace.safeParse(namespace);
  if (!namespaceCheck.success) issues.push({ ...origin('TEMPORAL_NAMESPACE', 'namespace'), message: namespaceCheck.error.issues[0]!.message });

  const tlsProfile = profile.tls;
  const apiKey = profile.apiKey;
  // As envconfig decides it: a TLS setting or an API key turns TLS on, TEMPORAL_TLS=0 (disabled) off.
  const tls = tlsProfile ? tlsProfile.disabled !== true : apiKey !== undefined;
  const offBy = env.TEMPORAL_TLS === false ? 'TEMPORAL_TLS=0' : `profile "${profileName}" tls.disabled = true`;
  // Each as a file (…_PATH) or as PEM text (…_DATA, e.g. from a secret store; never both, checked
  // above); the variable named in a message is the one that was set.
  const tlsInput = (stem: 'CLIENT_CERT' | 'CLIENT_KEY' | 'SERVER_CA_CERT', key: string, source: ConfigDataSource | undefined, pem: RegExp, what: string) => {
    const data = `TEMPORAL_TLS_${stem}_DATA` as const;
    return { variable: env[data] !== undefined ? data : (`TEMPORAL_TLS_${stem}_PATH` as const), key, source, pem, what };
  };
  const files = [
    tlsInput('CLIENT_CERT', 'tls.client_cert_path', tlsProfile?.clientCert, PEM_CERTIFICATE, 'a PEM certificate'),
    tlsInput('CLIENT_KEY', 'tls.client_key_path', tlsProfile?.clientKey, PEM_PRIVATE_KEY, 'a PEM private key'),
    tlsInput('SERVER_CA_CERT', 'tls.server_ca_cert_path', tlsProfile?.serverCACert, PEM_CERTIFICATE, 'a PEM certificate'),
  ] as const;
  if (!tls && apiKey !== undefined) {
    issues.push({ ...origin('TEMPORAL_API_KEY', 'api_key'), message: `would be sent unencrypted: ${offBy} turns TLS off; an API key needs TLS (remove one of them)` });
  }
  if (!tls) {
    for (const file of files) {
      if (file.source) issues.push({ ...origin(file.variable, file.key), message: `is set but ${offBy} turns TLS off (remove one of them)` });
    }
    if (tlsProfile?.serverName !== undefined) issues.push({ ...origin('TEMPORAL_TLS_SERVER_NAME', 'tls.server_name'), message: `is set but ${offBy} turns TLS off (remove one of them)` });
  }
  const [cert, key, ca] = files;
  if (cert.source && !key.source) issues.push({ ...origin(cert.variable, cert.key), message: 'is set without TEMPORAL_TLS_CLIENT_KEY_PATH (or _DATA): mTLS needs the certificate and its private key' });
  if (key.source && !cert.source) issues.push({ ...origin(key.variable, key.key), message: 'is set without TEMPORAL_TLS_CLIENT_CERT_PATH (or _DATA): mTLS needs the certificate and its private key' });

  /** The file's (or inline data's) content, checked to be PEM of the expected kind. */
  const read = (file: (typeof files)[number], source: ConfigDataSource | undefined): Buffer | undefined => {
    if (!source) return undefined;
    let content: Buffer;
    if ('path' in source) {
      const problem = fileProblem(source.path);
      if (problem) {
        issues.push({ ...origin(file.variable, file.key), message: problem });
        return undefined;
      }
      content = readFileSync(source.path);
    } else {
      content = Buffer.from(source.data);
    }
    if (!file.pem.test(content.toString('latin1'))) {
      issues.push({ ...origin(file.variable, file.key), message: `${'path' in source ? `file ${source.path}` : 'the inline data'} does not hold ${file.what}` });
      return undefined;
    }
    return content;
  };
  const crt = read(cert, cert.source);
  const keyPem = read(key, key.source);
  const caPem = read(ca, ca.source);
  if (issues.length) throw fail();

  const tlsSettings: TemporalTls | undefined = tls
    ? {
        ...(tlsProfile?.serverName ? { serverNameOverride: tlsProfile.serverName } : {}),
        ...(caPem ? { serverRootCACertificate: caPem } : {}),
        ...(crt && keyPem ? { clientCertPair: { crt, key: keyPem } } : {}),
      }
    : undefined;
  return {
    address,
    namespace,
    taskQueue: env.ARENDE_TASK_QUEUE,
    tls,
    ...(apiKey !== undefined ? { apiKey } : {}),
    ...(tlsSettings ? { tlsSettings } : {}),
    ...(profile.grpcMeta && Object.keys(profile.grpcMeta).length ? { metadata: profile.grpcMeta } : {}),
    ...(profileName ? { profile: profileName } : {}),
  };
}

/** Options accepted by both `Connection.connect` and `NativeConnection.connect`. */
export function connectionOptions(target: TemporalTarget) {
  return {
    address: target.address,
    tls: target.tls ? (target.tlsSettings ?? {}) : undefined,
    apiKey: target.apiKey,
    ...(target.metadata ? { metadata: target.metadata } : {}),
  };
}

/** For start-up logs: how the connection is made, never a secret. */
export function describeTarget(target: TemporalTarget): string {
  const security = target.apiKey ? 'TLS + API key' : target.tlsSettings?.clientCertPair ? 'mTLS' : target.tls ? 'TLS' : 'plaintext';
  return `${target.address} (namespace ${target.namespace}, ${security}${target.profile ? `, profile ${target.profile}` : ''})`;
}

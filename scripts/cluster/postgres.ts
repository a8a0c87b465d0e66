// PostgreSQL for the cluster profile: Debian's packages (installed with apt-get when missing and we
// are root), a cluster of its own in a git-ignored folder (data/cluster/postgres), password login
// (scram-sha-256; the password in data/cluster/secrets.json), loopback only. The supervisor runs
// `postgres` itself in the foreground as a child (no pg_ctl daemon), so stopping the stack stops it.
// PostgreSQL refuses to run as root: as root, every tool runs as the `postgres` user.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pg from 'pg';
import type { ChildSpec } from '../stack/children';

const VERSIONS = ['15', '16', '17'];
const asRoot = () => process.getuid?.() === 0;

/** The server binaries' directory (PG_BIN, or Debian's), or undefined. */
export function findPostgresBin(): string | undefined {
  for (const dir of [process.env.PG_BIN, ...VERSIONS.map((v) => `/usr/lib/postgresql/${v}/bin`)]) {
    if (dir && existsSync(join(dir, 'postgres')) && existsSync(join(dir, 'initdb'))) return dir;
  }
  return undefined;
}

/** Debian's PostgreSQL 15, installed when missing (as root); otherwise the command to run. */
export function ensurePostgresInstalled(say: (msg: string) => void): string {
  const found = findPostgresBin();
  if (found) return found;
  if (!asRoot()) {
    throw new Error('PostgreSQL is not installed: run `sudo apt-get install -y postgresql-15` (or set PG_BIN to its bin folder), then start again.');
  }
  say('PostgreSQL is not installed: installing Debian\'s postgresql-15 (apt-get) …');
  aptInstall('postgresql-15');
  const bin = findPostgresBin();
  if (!bin) throw new Error('apt-get installed postgresql-15 but its binaries are not in /usr/lib/postgresql/15/bin');
  return bin;
}

/** apt-get install, with `apt-get update` first when the package lists do not know the package. */
export function aptInstall(pkg: string): void {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', pkg], { encoding: 'utf8', env, timeout: 600_000 });
  let result = install();
  if (result.status !== 0) {
    spawnSync('apt-get', ['update'], { encoding: 'utf8', env, timeout: 600_000 });
    result = install();
  }
  if (result.status !== 0) throw new Error(`apt-get install ${pkg} failed (${result.status}): ${(result.stderr || result.stdout).trim().split('\n').slice(-5).join('\n')}`);
}

function asPostgres(bin: string, tool: string, args: string[]): [string, string[]] {
  return asRoot() ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
}

/** Creates the database cluster in `dataDir` on first start (an existing one is kept). */
export function initPostgres(bin: string, dataDir: string, user: string, password: string): { created: boolean } {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return { created: false };
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  const pwfile = join(dirname(dataDir), '.pg-password');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  try {
    if (asRoot()) {
      spawnSync('chown', ['postgres:postgres', dataDir, pwfile]);
      const reach = spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-w', dataDir]);
      if (reach.status !== 0) {
        throw new Error(`The postgres user cannot reach ${dataDir} (a parent folder is closed to other users): set ARENDE_DATA_DIR to a folder it can reach, e.g. /var/tmp/arende`);
      }
    }
    const [cmd, args] = asPostgres(bin, 'initdb', ['-D', dataDir, '-U', user, '--auth=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8', '--locale=C']);
    const result = spawnSync(cmd, args, { encoding: 'utf8', timeout: 120_000 });
    if (result.status !== 0) throw new Error(`initdb failed (${result.status}): ${result.stderr}${result.stdout}`);
  } finally {
    rmSync(pwfile, { force: true });
  }
  return { created: true };
}

/** The server as a child in the foreground: loopback only, its socket in `socketDir`. */
export function postgresChild(bin: string, dataDir: string, socketDir: string, port: number): Omit<ChildSpec, 'name' | 'env' | 'logDir' | 'verbose'> {
  mkdirSync(socketDir, { recursive: true });
  if (asRoot()) spawnSync('chown', ['postgres:postgres', socketDir]);
  const [command, args] = asPostgres(bin, 'postgres', [
    '-D', dataDir,
    '-p', String(port),
    '-k', socketDir,
    '-c', 'listen_addresses=127.0.0.1',
    // Temporal's pools (persistence 20 + visibility 10 per service, four services) and the read
    // model's (10 per worker and HTTP server) stay well within.
    '-c', 'max_connections=300',
  ]);
  return { command, args, tier: 0, graceMs: 30_000 };
}

/** Answers once PostgreSQL accepts a login to its `postgres` database. */
export async function postgresReady(port: number, user: string, password: string): Promise<true | undefined> {
  const client = new pg.Client({ host: '127.0.0.1', port, user, password, database: 'postgres', connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } finally {
    await client.end().catch(() => undefined);
  }
}

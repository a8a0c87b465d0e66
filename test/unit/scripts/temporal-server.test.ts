// scripts/temporal-server.js: which go.temporal.io/server release it builds, read from the CLI and the proxy.
// The script is plain Node (it runs before npm install), hence require and a restated shape here.
const script: {
  serverVersionFromCli(line: string): string | undefined;
  pickRelease(wanted: string, versionsOutput: string): string;
  goEnv(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
} = require('../../../scripts/temporal-server');

test('the server version the CLI embeds, from its --version line', () => {
  expect(script.serverVersionFromCli('temporal version 1.9.1 (Server 1.32.0, UI 2.54.1)')).toBe('1.32.0');
  expect(script.serverVersionFromCli('temporal version 1.1.2 (Server 1.23.1)')).toBe('1.23.1');
  expect(script.serverVersionFromCli('temporal version 1.9.1')).toBeUndefined();
  expect(script.serverVersionFromCli('')).toBeUndefined();
});

const listing = 'go.temporal.io/server v1.31.4 v1.31.5 v1.32.0 v1.32.1 v1.32.2 v1.33.0-rc.1\n';

test('builds exactly the release the CLI embeds, not a newer patch', () => {
  expect(script.pickRelease('1.32.0', listing)).toBe('v1.32.0');
  expect(script.pickRelease('1.31.5', listing)).toBe('v1.31.5');
});

test('a release the proxy lacks is refused, naming what it has of the same minor', () => {
  expect(() => script.pickRelease('1.32.9', listing)).toThrow(/v1\.32\.9 is not on the Go module proxy\. Same minor there: v1\.32\.0, v1\.32\.1, v1\.32\.2\./);
  expect(() => script.pickRelease('1.40.0', listing)).toThrow(/Newest there: v1\.32\.1, v1\.32\.2, v1\.33\.0-rc\.1/);
  expect(() => script.pickRelease('1.32.0', 'go.temporal.io/server\n')).toThrow(/Newest there: none/);
});

test("Go's caches stay under .tools/go, the user's GOPROXY and GOFLAGS kept", () => {
  const env = script.goEnv({ GOPROXY: 'https://mirror.example', GOFLAGS: '-mod=mod', HOME: '/home/x' });
  expect(env.GOPROXY).toBe('https://mirror.example');
  expect(env.GOFLAGS).toBe('-mod=mod -modcacherw');
  expect(env.CGO_ENABLED).toBe('0');
  for (const key of ['GOPATH', 'GOMODCACHE', 'GOCACHE'] as const) expect(env[key]).toMatch(/\/\.tools\/go(\/|$)/);
  expect(script.goEnv({}).GOFLAGS).toBe('-modcacherw');
});

// Jest runs the TypeScript sources directly (ts-jest, transpile only: `npm run typecheck` checks types).
// Two suites are runs of their own, which `npm test` leaves out (scripts/test.js sets ARENDE_TEST_SUITE):
//   faults   test/faults: real processes killed with SIGKILL (`npm run test:faults`);
//   cluster  test/cluster: the production profile, 200 cases (`npm run test:cluster`).
const suite = process.env.ARENDE_TEST_SUITE ?? 'main';
const separate = ['faults', 'cluster'];
const ownRun = suite !== 'main';

/** @type {import('jest').Config} */
module.exports = {
  // Node's, plus: what a test file started through test/helpers is stopped when the file ends (teardown.ts).
  testEnvironment: '<rootDir>/test/helpers/jest-environment.js',
  rootDir: '.',
  roots: ['<rootDir>/test'],
  testMatch: ownRun ? [`<rootDir>/test/${suite}/**/*.test.ts`] : ['**/*.test.ts'],
  testPathIgnorePatterns: ownRun ? ['/node_modules/'] : ['/node_modules/', ...separate.map((s) => `<rootDir>/test/${s}/`)],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
    // content-disposition (via @fastify/static, via swagger-ui) ships only ES modules. Node 20.19+
    // loads it with require() at run time, but jest's module loader cannot: transpile it here.
    '/node_modules/content-disposition/.+\\.js$': ['ts-jest', { diagnostics: false, tsconfig: { allowJs: true } }],
    // Likewise cookie (ES modules only), which @fastify/cookie loads with a dynamic import() that
    // jest cannot run without --experimental-vm-modules: transpiled, the import() becomes require().
    '/node_modules/(cookie|@fastify/cookie)/.+\\.js$': ['ts-jest', { diagnostics: false, tsconfig: { allowJs: true } }],
    // openid-client (the web's personal sign-in) and its two dependencies ship only ES modules too.
    '/node_modules/(openid-client|oauth4webapi|jose)/.+\\.js$': ['ts-jest', { diagnostics: false, tsconfig: { allowJs: true } }],
  },
  // pdfjs-dist (lib/pdf-text.ts) is ES modules as .mjs files, which jest will not transpile: loaded by
  // Node instead, through the test environment (test/helpers/pdfjs-node-realm.js says how).
  moduleNameMapper: {
    '^pdfjs-dist/legacy/build/pdf\\.mjs$': '<rootDir>/test/helpers/pdfjs-node-realm.js',
    '^pdfjs-dist/legacy/build/pdf\\.worker\\.mjs$': '<rootDir>/test/helpers/pdfjs-worker-node-realm.js',
  },
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/|cookie/|@fastify/cookie/|openid-client/|oauth4webapi/|jose/)'],
  // Workflow and integration tests start real Temporal servers; two cores, so two workers. The fault
  // and cluster tests run one at a time: each is a whole stack whose figures a neighbour would distort.
  maxWorkers: ownRun ? 1 : 2,
  testTimeout: suite === 'cluster' ? 1_800_000 : ownRun ? 180_000 : 60_000,
  globalSetup: '<rootDir>/test/global-setup.js',
  reporters: ['default'],
};

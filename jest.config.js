// Jest runs the TypeScript sources directly (ts-jest, transpile only: `npm run typecheck` checks types).
// The fault tests (test/faults: real processes killed with SIGKILL) are a run of their own,
// `npm run test:faults` (scripts/test.js sets ARENDE_TEST_FAULTS=1): `npm test` leaves them out.
const faults = process.env.ARENDE_TEST_FAULTS === '1';

/** @type {import('jest').Config} */
module.exports = {
  // Node's, plus: what a test file started through test/helpers is stopped when the file ends (teardown.ts).
  testEnvironment: '<rootDir>/test/helpers/jest-environment.js',
  rootDir: '.',
  roots: ['<rootDir>/test'],
  testMatch: faults ? ['<rootDir>/test/faults/**/*.test.ts'] : ['**/*.test.ts'],
  testPathIgnorePatterns: faults ? ['/node_modules/'] : ['/node_modules/', '<rootDir>/test/faults/'],
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
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/|cookie/|@fastify/cookie/|openid-client/|oauth4webapi/|jose/)'],
  // Workflow and integration tests start real Temporal servers; two cores, so two workers. The fault
  // tests run one at a time: each is a whole stack whose recovery figures a neighbour would distort.
  maxWorkers: faults ? 1 : 2,
  testTimeout: faults ? 180_000 : 60_000,
  globalSetup: '<rootDir>/test/global-setup.js',
  reporters: ['default'],
};

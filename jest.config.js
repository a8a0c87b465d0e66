// Jest runs the TypeScript sources directly (ts-jest, transpile only: `npm run typecheck` checks types).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
    // content-disposition (via @fastify/static, via swagger-ui) ships only ES modules. Node 20.19+
    // loads it with require() at run time, but jest's module loader cannot: transpile it here.
    '/node_modules/content-disposition/.+\\.js$': ['ts-jest', { diagnostics: false, tsconfig: { allowJs: true } }],
    // Likewise cookie (ES modules only), which @fastify/cookie loads with a dynamic import() that
    // jest cannot run without --experimental-vm-modules: transpiled, the import() becomes require().
    '/node_modules/(cookie|@fastify/cookie)/.+\\.js$': ['ts-jest', { diagnostics: false, tsconfig: { allowJs: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/|cookie/|@fastify/cookie/)'],
  // Workflow and integration tests start real Temporal servers; two cores, so two workers.
  maxWorkers: 2,
  testTimeout: 60_000,
  globalSetup: '<rootDir>/test/global-setup.js',
  reporters: ['default'],
};

// Jest runs the TypeScript sources directly (ts-jest, transpile only: `npm run typecheck` checks types).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  // Workflow and integration tests start real Temporal servers; two cores, so two workers.
  maxWorkers: 2,
  testTimeout: 60_000,
  globalSetup: '<rootDir>/test/global-setup.js',
  reporters: ['default'],
};

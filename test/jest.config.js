/**
 * Two Jest projects in one run:
 * - unit: specs beside the code (and test/**\/*.spec.ts); no database (npm run test:unit works without MySQL;
 *   test/jest/unit-setup.js points TEST_DATABASE_URL at a closed port so a unit spec that reaches for MySQL fails);
 * - integration: test/**\/*.int-spec.ts and *.e2e-spec.ts on MySQL/MariaDB, one database per file, each a copy
 *   of the template the global setup migrated once for the run.
 */
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const shared = {
  rootDir: ROOT,
  testEnvironment: 'node',
  transform: { '^.+\\.(ts|js|mjs|cjs)$': '<rootDir>/test/jest/transform.js' },
  transformIgnorePatterns: [],
  moduleNameMapper: {
    '^@app/api$': '<rootDir>/apps/api/src',
    '^@app/([a-z-]+)$': '<rootDir>/libs/$1/src',
    // Test seams (libs/<lib>/src/testing.ts): tests only (test/foundation/lib-boundaries.spec.ts).
    '^@app/([a-z-]+)/testing$': '<rootDir>/libs/$1/src/testing',
  },
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
};

module.exports = {
  rootDir: ROOT,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
      setupFiles: ['<rootDir>/test/jest/unit-setup.js'],
    },
    {
      ...shared,
      displayName: 'integration',
      // Modules loaded once per worker, shared by its files (test/jest/shared-runtime.js); WXMALL_TEST_SHARED=off: a
      // fresh registry and context per file, as Jest does by default.
      ...(process.env.WXMALL_TEST_SHARED === 'off'
        ? {}
        : { testEnvironment: '<rootDir>/test/jest/shared-environment.js', runtime: '<rootDir>/test/jest/shared-runtime.js' }),
      testMatch: ['<rootDir>/test/**/*.int-spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/jest/global-setup.js',
      globalTeardown: '<rootDir>/test/jest/global-teardown.js',
    },
  ],
  // Two cores: two workers, each integration file on its own database.
  maxWorkers: 2,
  testTimeout: 60_000,
};

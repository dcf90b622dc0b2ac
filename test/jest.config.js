/** One Jest run: unit specs beside the code, integration and end-to-end tests under test/. */
module.exports = {
  rootDir: '..',
  testEnvironment: 'node',
  testMatch: [
    '<rootDir>/libs/**/*.spec.ts',
    '<rootDir>/apps/**/*.spec.ts',
    '<rootDir>/test/**/*.spec.ts',
    '<rootDir>/test/**/*.int-spec.ts',
    '<rootDir>/test/**/*.e2e-spec.ts',
  ],
  transform: { '^.+\\.(ts|js|mjs|cjs)$': '<rootDir>/test/jest/transform.js' },
  transformIgnorePatterns: [],
  moduleNameMapper: {
    '^@app/api$': '<rootDir>/apps/api/src',
    '^@app/([a-z-]+)$': '<rootDir>/libs/$1/src',
    // Test seams (libs/<lib>/src/testing.ts): tests only (test/foundation/lib-boundaries.spec.ts).
    '^@app/([a-z-]+)/testing$': '<rootDir>/libs/$1/src/testing',
  },
  globalSetup: '<rootDir>/test/jest/global-setup.js',
  // Two cores: two workers, each test file on its own database.
  maxWorkers: 2,
  testTimeout: 60_000,
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
};

'use strict';
// The integration project's module runtime: a test file's modules (Nest, TypeORM, mysql2, every lib: about 3,000
// of them) are loaded once per Jest worker and shared by the files it runs afterwards, instead of compiled and
// evaluated again in a fresh registry per file, which cost each file about 2 s of CPU before its first test.
// Test files themselves are always loaded anew. The integration tests use no jest.mock / module registry tricks
// (test/foundation/shared-modules.spec.ts keeps it so); module state they rely on is per app, not per module.
const Runtime = require('jest-runtime').default;

let shared;

class SharedRuntime extends Runtime {
  constructor(...args) {
    super(...args);
    if (!shared) {
      shared = { modules: this.registries.moduleRegistry, sourceMaps: this.transformCache.sourceMaps };
      return;
    }
    this.registries.moduleRegistry = shared.modules;
    // Stack traces through modules an earlier file loaded still map to the TypeScript.
    this.transformCache.sourceMaps = shared.sourceMaps;
  }

  teardown() {
    // Spies back, as Jest does; the registry is kept (modules an earlier file loaded call back into the runtime that
    // loaded them for their lazy requires, so no runtime of this worker is torn down). The test file leaves it.
    this.restoreAllMocks();
    shared.modules.delete(this._testPath);
  }
}

module.exports = SharedRuntime;
module.exports.default = SharedRuntime;

'use strict';
// Jest runs CommonJS; Nest 12 and some of its dependencies ship ES modules only, and Jest
// supports require(esm) natively only on Node >= 24.9. Compile our TypeScript with swc, and
// compile node_modules files to CommonJS only when they really are ES modules.
const swcJest = require('@swc/jest');
const swaggerPlugin = require('./swagger-plugin');

const tsTransformer = swcJest.createTransformer({
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
});
const esmTransformer = swcJest.createTransformer({
  jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' },
  module: { type: 'commonjs', ignoreDynamic: false },
});

const ESM_SYNTAX = /^\s*(import\s*[\w*{'"]|export\s)/m;

module.exports = {
  canInstrument: false,
  getCacheKey(src, filename, options) {
    const t = filename.endsWith('.ts') ? tsTransformer : esmTransformer;
    const key = t.getCacheKey(src, filename, options);
    return swaggerPlugin.handles(filename) ? `${key}:swagger:${swaggerPlugin.currentDigest()}` : key;
  },
  process(src, filename, options) {
    // DTOs and controllers as the build compiles them (test/jest/swagger-plugin.js).
    const code = swaggerPlugin.handles(filename) ? swaggerPlugin.compile(filename) : undefined;
    if (code !== undefined) return { code };
    if (filename.endsWith('.ts')) return tsTransformer.process(src, filename, options);
    if (!ESM_SYNTAX.test(src)) return { code: src };
    return esmTransformer.process(src, filename, options);
  },
};

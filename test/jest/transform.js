'use strict';
// Jest runs CommonJS; Nest 12 and some of its dependencies ship ES modules only, and Jest
// supports require(esm) natively only on Node >= 24.9. Compile our TypeScript with swc, and
// compile node_modules files to CommonJS only when they really are ES modules.
const swcJest = require('@swc/jest');

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
    return t.getCacheKey(src, filename, options);
  },
  process(src, filename, options) {
    if (filename.endsWith('.ts')) return tsTransformer.process(src, filename, options);
    if (!ESM_SYNTAX.test(src)) return { code: src };
    return esmTransformer.process(src, filename, options);
  },
};

#!/usr/bin/env node
// Second half of `npm run build` (scripts/build.mjs): bundles the compiled service into one CommonJS file
// (dist/server/bundle.js) and writes its V8 code cache, which apps/api/src/start.ts loads. One file
// instead of ~2,000 modules and no compile on start: cold start roughly halves (docs/benchmark.md, Results).
// Packages that read files beside their own code (sql.js's WebAssembly, swagger-ui's assets) and
// optional framework packages we do not install stay external, resolved from node_modules at runtime.
// WXMALL_BUILD_NO_CODE_CACHE=1 (npm start's build) leaves the cache to the first start, which writes it once ready.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist/apps/api/src/bootstrap.js');
const outfile = join(root, 'dist/server/bundle.js');

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  // Installed without dev dependencies: start.ts then runs the tsc output, only slower to start.
  process.stderr.write('bundle: esbuild is not installed; skipping (npm start runs the unbundled build)\n');
  process.exit(0);
}

rmSync(dirname(outfile), { recursive: true, force: true });
await esbuild.build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  legalComments: 'none',
  logLevel: 'warning',
  // The swagger CLI plugin emits `enum` twice in some DTO metadata; harmless, and not our source.
  logOverride: { 'duplicate-object-key': 'silent' },
  external: [
    'sql.js',
    'swagger-ui-dist',
    'pg-native',
    '@nestjs/microservices',
    '@nestjs/websockets',
    '@nestjs/platform-express',
    '@fastify/view',
    '@fastify/multipart',
  ],
  // ESM packages inside the bundle ask for import.meta.url; in CommonJS it is the bundle's own URL.
  banner: { js: "var __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__importMetaUrl' },
});

// The cache is made by a separate process (apps/api/src/write-code-cache.ts; the image runs it again under
// its own NODE_OPTIONS), so it holds the compiled top-level code of every module, not only what V8 compiles eagerly.
if (process.env.WXMALL_BUILD_NO_CODE_CACHE !== '1') {
  const made = spawnSync(process.execPath, [join(root, 'dist/apps/api/src/write-code-cache.js')], { stdio: 'inherit' });
  if (made.status !== 0) {
    process.stderr.write('bundle: could not write the code cache\n');
    process.exit(1);
  }
}

#!/usr/bin/env node
// `npm run build` (and, with --if-changed, `npm start` through scripts/start.mjs, `seed:demo`, `migration:*`): compiles the service into dist/ (swc for most
// files; TypeScript's emit with the Swagger CLI plugin for DTOs and controllers), then bundles dist/ with a code
// cache (scripts/bundle.mjs). No type check: `npm run typecheck` and CI do that, and a start should not pay for
// it (`nest build`, which type-checks, took 7 s on an idle machine here and 20-60 s on a busy one).
//
//   node scripts/build.mjs               build
//   node scripts/build.mjs --if-changed  build only when the sources differ from those of the last build
//
// The digest of every input (scripts/build-digest.mjs) is stored in dist/ last: a build that fails or is
// interrupted leaves none, so the next start builds again.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { buildDigest, hasBuild, isUpToDate, recordBuild, serviceSources } from './build-digest.mjs';
import plugin from './swagger-plugin.cjs';

const { emitPluginFiles, pluginSetup } = plugin;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const log = (msg) => process.stderr.write(`build: ${msg}\n`);

const files = serviceSources(root);
const digest = buildDigest(root, files);
if (process.argv.includes('--if-changed')) {
  if (isUpToDate(root, dist, digest)) {
    log('up to date (sources unchanged since the last build)');
    process.exit(0);
  }
  log(hasBuild(dist) ? 'sources changed: building' : 'no build yet: building (a few seconds)');
}

const started = performance.now();
const ms = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
rmSync(dist, { recursive: true, force: true });

// 1. TypeScript -> CommonJS, file by file, as the tests compile it (test/jest/transform.js), with the @app/* aliases
//    rewritten to relative paths (tsconfig.json "paths").
const swc = await import('@swc/core');
const { isPluginFile } = pluginSetup(root);
const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8'));
const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
    baseUrl: root,
    paths: tsconfig.compilerOptions.paths,
  },
  module: { type: 'commonjs', ignoreDynamic: false },
  sourceMaps: false,
  swcrc: false,
  configFile: false,
};

async function compile(rel) {
  const out = join(dist, rel.replace(/\.ts$/, '.js'));
  const { code } = await swc.transform(readFileSync(join(root, rel), 'utf8'), { ...swcOptions, filename: join(root, rel) });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, code);
}

// 2. Files the Swagger CLI plugin reads (nest-cli.json: DTOs and controllers) go through TypeScript's own emit with the
//    plugin's transformer, exactly as `nest build` compiled them (scripts/swagger-plugin.cjs): property types, comments
//    as descriptions and summaries, class-validator bounds. (The plugin's read-only metadata mode, Nest's way with swc,
//    loses the properties of non-exported base classes and bounds named by imported constants.) No type check.
function emitPlugin() {
  return emitPluginFiles(root, {
    compilerOptions: { outDir: dist, sourceMap: false },
    emit: (program, sf, transformers) => {
      const result = program.emit(sf, undefined, undefined, false, transformers);
      if (result.emitSkipped) throw new Error(`could not emit ${sf.fileName}`);
    },
  });
}

try {
  // swc works on its own threads while TypeScript (single-threaded) builds its program.
  const swcDone = Promise.all(files.filter((f) => !isPluginFile(f)).map((f) => compile(f)));
  const emitted = emitPlugin();
  const compiled = (await swcDone).length;
  log(`compiled ${compiled} files with swc, ${emitted} DTO and controller files with tsc + the Swagger plugin (${ms()})`);
  // 3. The OpenAPI document for generators: dist/openapi.json, and the checked-in copy at the root (the suite fails when
  //    that copy differs from what the service serves: test/foundation/openapi-contract.int-spec.ts). Not for the builds
  //    of `npm start` and the other --if-changed callers: it costs about 1.5 s of CPU, and /docs serves it anyway.
  if (!process.argv.includes('--if-changed')) {
    const out = [join(dist, 'openapi.json'), join(root, 'openapi.json')];
    const wrote = spawnSync(process.execPath, [join(dist, 'apps/api/src/write-openapi.js'), ...out], { stdio: 'inherit' });
    if (wrote.status !== 0) throw new Error('could not write openapi.json');
    log(`wrote openapi.json (${ms()})`);
  }
  // npm start's build leaves the code cache to the first start (written once it is ready): one process less here.
  if (process.argv.includes('--if-changed')) process.env.WXMALL_BUILD_NO_CODE_CACHE = '1';
  await import('./bundle.mjs');
  recordBuild(dist, digest);
  log(`done in ${ms()}`);
} catch (err) {
  rmSync(dist, { recursive: true, force: true });
  throw err;
}

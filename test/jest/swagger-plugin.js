'use strict';
// DTO and controller files in Jest, compiled as the build compiles them: TypeScript's emit with the Swagger CLI plugin
// (scripts/swagger-plugin.cjs), so the test app serves the same OpenAPI document as the built service and the contract
// tests (libs/testing/src/http-client.ts) check responses against the real contract. All plugin files are emitted at
// once (about 2 s of CPU) after any service source changed, into a cache folder named by the digest of the sources that
// the workers share; Jest's own cache then keeps each file's output.
const { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { join, relative, sep } = require('node:path');

const root = join(__dirname, '../..');
const { emitPluginFiles, pluginDigest, pluginSetup } = require(join(root, 'scripts/swagger-plugin.cjs'));
// An ES module without top-level await: Node >= 20.19 requires it.
const { serviceSources } = require(join(root, 'scripts/build-digest.mjs'));

const { isPluginFile } = pluginSetup(root);
const cacheRoot = join(root, 'node_modules/.cache/wxmall-swagger-plugin');
const rel = (file) => relative(root, file).split(sep).join('/');
const encode = (file) => rel(file).replaceAll('/', '__');

/** True for the files the plugin reads in the build (the service's DTOs and controllers). */
function handles(filename) {
  const r = rel(filename);
  return (r.startsWith('apps/') || r.startsWith('libs/')) && !r.startsWith('libs/testing/') && isPluginFile(r);
}

let digest;
/** Changes whenever the plugin's output may: any service source, the plugin's options, TypeScript or Swagger. */
function currentDigest() {
  digest ??= pluginDigest(root, serviceSources(root));
  return digest;
}

let dir;
function outputDir() {
  if (dir) return dir;
  const target = join(cacheRoot, currentDigest());
  if (!existsSync(join(target, 'done'))) {
    const tmp = `${target}.${process.pid}.tmp`;
    mkdirSync(tmp, { recursive: true });
    emitPluginFiles(root, {
      // outDir as in the build: the plugin writes the imports it adds relative to it. Nothing is written there.
      compilerOptions: { outDir: join(root, 'dist'), sourceMap: false, inlineSourceMap: true, inlineSources: true },
      emit: (program, sf, transformers) => {
        // The path aliases become relative paths to the build's .js files; here the sources are .ts.
        const write = (name, text) => {
          if (name.endsWith('.js'))
            writeFileSync(join(tmp, encode(sf.fileName)), text.replace(/require\("(\.{1,2}\/[^"]*)\.js"\)/g, 'require("$1")'));
        };
        if (program.emit(sf, write, undefined, false, transformers).emitSkipped) throw new Error(`could not emit ${sf.fileName}`);
      },
    });
    writeFileSync(join(tmp, 'done'), '');
    try {
      renameSync(tmp, target);
    } catch {
      rmSync(tmp, { recursive: true, force: true }); // another worker got there first, with the same output
    }
    // Outputs of earlier sources are of no further use.
    for (const name of readdirSync(cacheRoot)) {
      if (name !== currentDigest() && !name.endsWith('.tmp')) rmSync(join(cacheRoot, name), { recursive: true, force: true });
    }
  }
  dir = target;
  return dir;
}

/** The file as the build compiles it, or undefined when the build's program does not hold it. */
function compile(filename) {
  const file = join(outputDir(), encode(filename));
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

module.exports = { handles, currentDigest, compile };

'use strict';
// The Swagger CLI plugin as `nest build` runs it (nest-cli.json's options): TypeScript's emit with the plugin's
// transformer, for the files the plugin reads (DTOs and controllers). scripts/build.mjs compiles those files with it,
// and so does the Jest transform (test/jest/transform.js), so the OpenAPI document the test app serves is the one the
// build serves: property types and comments of DTOs and response classes, summaries, response types. Emit only, no
// type check. Plain CommonJS: the Jest transform loads it synchronously.
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { join, relative, sep } = require('node:path');

/** The plugin's options (nest-cli.json) and which files it reads. */
function pluginSetup(root) {
  const nestCli = JSON.parse(readFileSync(join(root, 'nest-cli.json'), 'utf8'));
  const plugin = nestCli.compilerOptions.plugins.find((p) => (typeof p === 'string' ? p : p.name) === '@nestjs/swagger') ?? {};
  const options = plugin.options ?? {};
  const suffixes = [
    ...(options.dtoFileNameSuffix ?? ['.dto.ts', '.entity.ts']),
    ...(options.controllerFileNameSuffix ?? ['.controller.ts']),
  ];
  return { options, isPluginFile: (rel) => suffixes.some((suffix) => rel.endsWith(suffix)) };
}

/**
 * Emits every plugin file of the service (tsconfig.build.json's files) through `emit(program, sourceFile, transformers)`.
 * `noResolve`: the program holds our files and the lib, not the ~1,600 declaration files of the packages, which the
 * plugin's metadata does not need (the emitted files and the served document were compared: the same); this halves it.
 */
function emitPluginFiles(root, { compilerOptions = {}, emit }) {
  const ts = require('typescript');
  const swagger = require('@nestjs/swagger/plugin');
  const { tsconfigPathsBeforeHookFactory } = require('@nestjs/cli/lib/compiler/hooks/tsconfig-paths.hook.js');
  const { options: pluginOptions, isPluginFile } = pluginSetup(root);
  const parsed = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.build.json'), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  const options = { ...parsed.options, incremental: false, noEmitOnError: false, noResolve: true, ...compilerOptions };
  const program = ts.createProgram({ rootNames: parsed.fileNames, options });
  // As `nest build`: the @app/* aliases become relative paths (tsconfig.json "paths"), then the plugin runs; it writes
  // the imports it adds (response and property types) relative to outDir.
  const transformers = { before: [tsconfigPathsBeforeHookFactory(options), swagger.before(pluginOptions, program)] };
  let emitted = 0;
  for (const sf of program.getSourceFiles()) {
    if (!isPluginFile(relative(root, sf.fileName).split(sep).join('/'))) continue;
    emit(program, sf, transformers);
    emitted++;
  }
  return emitted;
}

/** Digest of what the plugin's output depends on: every service source (types cross files), its options, TypeScript. */
function pluginDigest(root, files) {
  const h = createHash('sha256');
  for (const extra of [
    'scripts/swagger-plugin.cjs',
    'test/jest/swagger-plugin.js',

    'nest-cli.json',
    'tsconfig.json',
    'tsconfig.build.json',
    'node_modules/typescript/package.json',
    'node_modules/@nestjs/swagger/package.json',
  ]) {
    h.update(`${extra}\0`)
      .update(readFileSync(join(root, extra)))
      .update('\0');
  }
  for (const rel of files)
    h.update(`${rel}\0`)
      .update(readFileSync(join(root, rel)))
      .update('\0');
  return h.digest('hex');
}

module.exports = { pluginSetup, emitPluginFiles, pluginDigest };

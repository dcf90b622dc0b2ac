#!/usr/bin/env node
// `npm run sdk:build` (and `npm pack` in this folder): type-checks the SDK against its own tsconfig.json (ES2017, no
// Node types) and emits CommonJS with .d.ts files into miniprogram_dist/, the folder WeChat DevTools' "build npm"
// copies (package.json "miniprogram"). Fails when the output would require anything but its own files.
//   node clients/miniprogram/scripts/build.mjs [--out <dir>]
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const outIndex = process.argv.indexOf('--out');
const outDir = outIndex >= 0 ? process.argv[outIndex + 1] : join(pkg, 'miniprogram_dist');

const configFile = join(pkg, 'tsconfig.json');
const parsed = ts.getParsedCommandLineOfConfigFile(configFile, { outDir }, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: fail });
rmSync(outDir, { recursive: true, force: true });
const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
const result = program.emit();
const diagnostics = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics];
if (diagnostics.length) fail(diagnostics);

// "No Node built-ins, no dependencies": every require() of the output names one of its own files.
const foreign = [];
for (const file of walk(outDir).filter((f) => f.endsWith('.js'))) {
  for (const [, spec] of readFileSync(file, 'utf8').matchAll(/require\("([^"]+)"\)/g)) {
    if (!spec.startsWith('./') && !spec.startsWith('../')) foreign.push(`${relative(outDir, file)}: require("${spec}")`);
  }
}
if (foreign.length) fail(`the SDK must load nothing but its own files:\n  ${foreign.join('\n  ')}`);
process.stderr.write(`sdk:build: ${relative(process.cwd(), outDir) || '.'} (${walk(outDir).length} files)\n`);

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

function fail(what) {
  const text = Array.isArray(what)
    ? ts.formatDiagnosticsWithColorAndContext(what, {
        getCanonicalFileName: (f) => f,
        getCurrentDirectory: () => pkg,
        getNewLine: () => '\n',
      })
    : typeof what === 'string'
      ? what
      : ts.flattenDiagnosticMessageText(what.messageText, '\n');
  process.stderr.write(`sdk:build: ${text}\n`);
  process.exit(1);
}

// Runs an operator CLI of apps/api/src from the sources, so that it works from a fresh clone without building the
// service: esbuild bundles our code (packages stay in node_modules). Without esbuild (installed without dev
// dependencies) it runs the compiled dist/apps/api/src/<name>.js. Used by admin.mjs and reports.mjs.
//
// The bundle is kept in node_modules/.cache/wxmall under a name made of the digest of every service source and of the
// build configuration (scripts/build-digest.mjs: contents, not mtimes), the esbuild version and options: a later call
// with nothing changed loads it as it is; a change to any source makes another name, so a stale bundle never runs.
// It is written beside and renamed into place, so calls at the same time never load a half-written one.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDigest, serviceSources } from './build-digest.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const CACHE = join(root, 'node_modules/.cache/wxmall');
/** A bundle not written for this long is removed when another one is built. */
const KEEP_MS = 24 * 60 * 60 * 1000;

/** Loads `apps/api/src/<name>.ts` and returns its export `fn`'s exit code for the command-line arguments. */
export async function runCli(name, fn, label) {
  let entry = join(root, `dist/apps/api/src/${name}.js`);
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    if (!existsSync(entry)) {
      process.stderr.write(`${label}: esbuild is not installed and there is no build: run \`npm install\` (or \`npm run build\`) first\n`);
      process.exit(1);
    }
  }
  if (esbuild) entry = await bundle(esbuild, name);
  return require(entry)[fn](process.argv.slice(2));
}

/** The path of a bundle of `apps/api/src/<name>.ts` as the sources are now. */
async function bundle(esbuild, name) {
  const options = {
    absWorkingDir: root,
    entryPoints: [`apps/api/src/${name}.ts`],
    bundle: true,
    packages: 'external',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    tsconfig: 'tsconfig.json',
    logLevel: 'warning',
  };
  const keyOf = (sources) =>
    createHash('sha256')
      .update(`${buildDigest(root, sources)}\0${esbuild.version}\0${JSON.stringify(options)}\0`)
      .update(readFileSync(fileURLToPath(import.meta.url)))
      .digest('hex')
      .slice(0, 20);
  const sources = serviceSources(root);
  const key = keyOf(sources);
  const outfile = join(CACHE, `${name}-${key}.js`);
  if (existsSync(outfile)) return outfile;

  mkdirSync(CACHE, { recursive: true });
  const tmp = join(CACHE, `${name}-${key}.${process.pid}.tmp.js`);
  const result = await esbuild.build({ ...options, outfile: tmp, metafile: true });
  prune(name);
  // Kept only when the digest covers all that esbuild read (packages are not bundled) and no source changed meanwhile;
  // otherwise this call runs the bundle once and the next one builds again.
  const covered = new Set(sources);
  const outside = Object.keys(result.metafile.inputs)
    .map((input) => input.split(sep).join('/'))
    .filter((input) => !covered.has(input) && !input.startsWith('node_modules/'));
  if (outside.length > 0 || keyOf(serviceSources(root)) !== key) return tmp;
  renameSync(tmp, outfile);
  return outfile;
}

/** Removes this CLI's bundles (and leftovers) not written for a day: a call may still be loading a recent one. */
function prune(name) {
  for (const file of readdirSync(CACHE)) {
    if (!file.startsWith(`${name}-`)) continue;
    const full = join(CACHE, file);
    try {
      if (Date.now() - statSync(full).mtimeMs > KEEP_MS) rmSync(full, { force: true });
    } catch {
      // Removed by a concurrent call.
    }
  }
}

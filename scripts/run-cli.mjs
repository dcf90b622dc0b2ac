// Runs an operator CLI of apps/api/src from the sources, so that it works from a fresh clone without building the
// service: esbuild bundles our code (packages stay in node_modules) in about a second. Without esbuild (installed
// without dev dependencies) it runs the compiled dist/apps/api/src/<name>.js. Used by admin.mjs and reports.mjs.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

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
  if (esbuild) {
    entry = join(root, `node_modules/.cache/wxmall/${name}.js`);
    await esbuild.build({
      entryPoints: [join(root, `apps/api/src/${name}.ts`)],
      outfile: entry,
      bundle: true,
      packages: 'external',
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      tsconfig: join(root, 'tsconfig.json'),
      logLevel: 'warning',
    });
  }
  return require(entry)[fn](process.argv.slice(2));
}

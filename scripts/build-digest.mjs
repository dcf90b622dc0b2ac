// What `npm start` checks before starting (scripts/start.mjs, scripts/build.mjs --if-changed): the digest of every input of the build,
// compared with the one stored beside the last build's output. Reads ~250 files: a few milliseconds.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const CONFIG_FILES = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'nest-cli.json',
  'scripts/build.mjs',
  'scripts/build-digest.mjs',
  'scripts/start.mjs',
  'scripts/bundle.mjs',
  'scripts/swagger-plugin.cjs',
];
const SOURCE_DIRS = ['apps', 'libs'];
/** What must exist for a build to count as done. */
const OUTPUTS = ['apps/api/src/start.js', 'server/bundle.js'];
const DIGEST_FILE = '.build-digest';

/** Mirrors tsconfig.build.json: tests and the test kit are not part of the service. */
export const isServiceSource = (rel) =>
  rel.endsWith('.ts') && !rel.endsWith('.d.ts') && !/\.(int-|e2e-)?spec\.ts$/.test(rel) && !rel.startsWith('libs/testing/');

function walk(root, dir, out) {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(root, full, out);
    else out.push(relative(root, full).split(sep).join('/'));
  }
  return out;
}

/** The service's TypeScript sources, relative to `root`, sorted. */
export function serviceSources(root) {
  return SOURCE_DIRS.flatMap((d) => walk(root, join(root, d), []))
    .filter(isServiceSource)
    .sort();
}

/** Digest of the sources, the build configuration, the lockfile, the build scripts and the Node version. */
export function buildDigest(root, files = serviceSources(root)) {
  const h = createHash('sha256').update(`${process.version}\0`);
  for (const rel of [...CONFIG_FILES, ...files]) {
    const file = join(root, rel);
    h.update(`${rel}\0`)
      .update(existsSync(file) ? readFileSync(file) : '-')
      .update('\0');
  }
  return h.digest('hex');
}

/** True when `dist` holds a complete build of exactly these inputs. */
export function isUpToDate(root, dist, digest = buildDigest(root)) {
  const file = join(dist, DIGEST_FILE);
  return existsSync(file) && readFileSync(file, 'utf8').trim() === digest && OUTPUTS.every((f) => existsSync(join(dist, f)));
}

export function hasBuild(dist) {
  return existsSync(join(dist, DIGEST_FILE));
}

/** Written last, after every output: an interrupted build leaves none, so the next start builds again. */
export function recordBuild(dist, digest) {
  writeFileSync(join(dist, DIGEST_FILE), `${digest}\n`);
}

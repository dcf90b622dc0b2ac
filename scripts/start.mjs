#!/usr/bin/env node
// `npm start`: builds when an input of the build changed since the last build (scripts/build.mjs, in a child
// process so the server does not keep the compiler's memory), then starts the service in this process. One process
// and no npm lifecycle script when the build is up to date: that is most of a second start's time.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isUpToDate } from './build-digest.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

if (isUpToDate(root, dist)) {
  process.stderr.write('build: up to date (sources unchanged since the last build)\n');
} else {
  const built = spawnSync(process.execPath, [join(root, 'scripts/build.mjs'), '--if-changed'], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
createRequire(import.meta.url)(join(dist, 'apps/api/src/start.js'));

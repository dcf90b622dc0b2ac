#!/usr/bin/env node
// Cold start with the project's own code cache (apps/api/src/bundle-loader.ts) against Node's built-in compile
// cache (module.enableCompileCache), on the Node given as NODE (the image's is 24), alternating, N rounds.
// Usage: NODE=/path/to/node24 DATABASE_URL=mysql://root@127.0.0.1:3306/<scratch db> node bench/compile-cache.mjs [rounds]
// Needs a build (npm run build). Reports spawn -> first 200 on /readyz (wall) and the process's CPU time until then
// (from /proc, steadier than wall time on a shared machine). Results and the decision: docs/benchmark.md.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const node = process.env.NODE ?? process.execPath;
const rounds = Number(process.argv[2] ?? 10);
const work = mkdtempSync(join(tmpdir(), 'wxmall-compile-cache-'));
// The image's flags: V8 takes a code cache only under the flags it was made with.
const env = {
  ...process.env,
  NODE_OPTIONS: '--max-old-space-size=192',
  LOG_LEVEL: 'warn',
  JOBS_IN_PROCESS: 'false',
  DEMO_SEED: 'false',
  HOST: '127.0.0.1',
};

const builtIn = join(work, 'compile-cache.js');
writeFileSync(
  builtIn,
  "const Module = require('node:module');\nModule.enableCompileCache(process.env.CC_DIR);\n" +
    'require(process.env.CC_ENTRY).main().then(() => setImmediate(() => Module.flushCompileCache()));\n',
);
const plain = join(work, 'plain.js');
writeFileSync(plain, 'require(process.env.CC_ENTRY).main();\n');

const variants = {
  'bundle + own code cache (today)': { args: [join(dist, 'apps/api/src/start.js')], env: {} },
  'bundle + module.enableCompileCache': {
    args: [builtIn],
    env: { CC_DIR: join(work, 'cache-bundle'), CC_ENTRY: join(dist, 'server/bundle.js') },
  },
  'bundle, no cache': { args: [plain], env: { CC_ENTRY: join(dist, 'server/bundle.js') } },
  'tsc output + module.enableCompileCache': {
    args: [builtIn],
    env: { CC_DIR: join(work, 'cache-tsc'), CC_ENTRY: join(dist, 'apps/api/src/bootstrap.js') },
  },
};

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** [wall ms, CPU ms] from spawn to the first 200 on /readyz. */
async function once(v) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(node, v.args, { env: { ...env, ...v.env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200) {
          const wall = performance.now() - started;
          const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
          return [Math.round(wall), (Number(stat[11]) + Number(stat[12])) * 10]; // utime + stime, 10 ms ticks
        }
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    await new Promise((r) => setTimeout(r, 300)); // the built-in cache is flushed right after ready
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

try {
  // The own cache for this Node and these flags, as the image's build step makes it.
  spawnSync(node, [join(dist, 'apps/api/src/write-code-cache.js')], { env, stdio: 'inherit' });
  for (const v of Object.values(variants)) await once(v); // warm-up: the built-in caches are written, migrations applied
  const samples = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  for (let i = 0; i < rounds; i++) for (const [k, v] of Object.entries(variants)) samples[k].push(await once(v));
  const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  console.log(`node ${version}, ${rounds} rounds, NODE_OPTIONS=${env.NODE_OPTIONS}`);
  for (const [k, s] of Object.entries(samples)) {
    const wall = s.map((x) => x[0]);
    const cpu = s.map((x) => x[1]);
    console.log(`${k}: wall median ${median(wall)} ms [${wall.join(', ')}]; CPU median ${median(cpu)} ms [${cpu.join(', ')}]`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

#!/usr/bin/env node
// Cold start: time from process spawn to the first 200 on /readyz, median of N starts.
// Usage: node bench/cold-start.mjs [runs]   (DATABASE_URL selects MySQL; unset = embedded)
// Starts what `npm start` starts (the bundle, see scripts/bundle.mjs); needs a build (npm run build). Prints JSON: { runs, medianMs, samplesMs }.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 5);

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function once() {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [join(root, 'dist/apps/api/src/start.js')], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', JOBS_IN_PROCESS: 'false', DEMO_SEED: 'false' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`service exited with ${child.exitCode}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/readyz`);
        if (res.status === 200) return performance.now() - started;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

const samples = [];
for (let i = 0; i < runs; i++) samples.push(Math.round(await once()));
const sorted = [...samples].sort((a, b) => a - b);
console.log(JSON.stringify({ runs, medianMs: sorted[Math.floor(sorted.length / 2)], samplesMs: samples }));

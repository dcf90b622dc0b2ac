// Child processes of the runner: started here, tracked, and all killed on exit, error or signal.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const children = new Set();
const cleanups = [];

/** Registers a cleanup (close a server, restore a setting) run once on exit. */
export function onCleanup(fn) {
  cleanups.push(fn);
}

let cleaning;
export function cleanup() {
  cleaning ??= (async () => {
    for (const child of children) killChild(child);
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (err) {
        process.stderr.write(`cleanup failed: ${err?.message ?? err}\n`);
      }
    }
  })();
  return cleaning;
}

function killChild(child) {
  if (child.exitCode === null && child.signalCode === null) {
    try {
      child.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

let installed = false;
/** SIGINT/SIGTERM/uncaught errors: kill every child, run cleanups, exit non-zero. */
export function installExitHandlers() {
  if (installed) return;
  installed = true;
  const bail = (code, message) => {
    if (message) process.stderr.write(`${message}\n`);
    cleanup().finally(() => process.exit(code));
  };
  process.on('SIGINT', () => bail(130, '\ninterrupted: stopping servers'));
  process.on('SIGTERM', () => bail(143, 'terminated: stopping servers'));
  process.on('uncaughtException', (err) => bail(1, `fatal: ${err?.stack ?? err}`));
  process.on('unhandledRejection', (err) => bail(1, `fatal (unhandled rejection): ${err?.stack ?? err}`));
  // Last resort: synchronous kill of anything still running.
  process.on('exit', () => {
    for (const child of children) killChild(child);
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Spawns a server (stdout discarded, stderr kept in memory for error messages) and waits for
 * `readyPath` to answer 200. Returns { child, pid, url, stop, stderr() }.
 */
export async function startServer({ name, script, env, port, readyPath = '/readyz', timeoutMs = 60_000, cwd, nodeArgs = [] }) {
  const child = spawn(process.execPath, [...nodeArgs, script], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr = (stderr + d.toString()).slice(-8000);
  });
  child.once('exit', () => children.delete(child));
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited with ${child.exitCode ?? child.signalCode} before it was ready:\n${stderr.trim()}`);
    }
    if (performance.now() - started > timeoutMs) {
      killChild(child);
      throw new Error(`${name} was not ready on ${url}${readyPath} within ${timeoutMs} ms:\n${stderr.trim()}`);
    }
    try {
      const res = await fetch(url + readyPath);
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      /* not listening yet */
    }
    await sleep(20);
  }
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => killChild(child), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return { name, child, pid: child.pid, url, stop, stderr: () => stderr };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** User + system CPU time of a process in ms (Linux, from /proc/<pid>/stat; clock ticks of 10 ms), or undefined. */
export function cpuMsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** VmRSS of a process in bytes (Linux), or undefined when unavailable. */
export function rssOf(pid) {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Samples a pid's RSS every `everyMs`; `mark(label)` starts a new per-scenario peak. */
export function rssSampler(pid, everyMs = 200) {
  const peaks = {};
  let current;
  let overall = 0;
  const sample = () => {
    const v = rssOf(pid);
    if (v === undefined) return;
    overall = Math.max(overall, v);
    if (current) peaks[current] = Math.max(peaks[current] ?? 0, v);
  };
  const timer = setInterval(sample, everyMs);
  timer.unref();
  sample();
  return {
    mark(label) {
      current = label;
      sample();
    },
    stop() {
      clearInterval(timer);
      sample();
      return { overallBytes: overall, perScenarioBytes: peaks };
    },
  };
}

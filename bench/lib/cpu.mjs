// CPU time of processes from /proc (user + system, clock ticks of 10 ms): what a request costs whatever else runs on
// the machine, where latencies on a shared machine mostly measure the queue for the cores.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** User + system CPU time of a process, ms (Linux). */
export function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // utime, stime (fields 14 and 15)
}

/**
 * The pid of the MariaDB / MySQL server listening on `port` (the benchmark's DB_SERVER; tests may run private servers
 * on other ports at the same time), or undefined. BENCH_DB_PID overrides it.
 */
export function databasePid(port = 3306) {
  if (Number(process.env.BENCH_DB_PID)) return Number(process.env.BENCH_DB_PID);
  const pids = [];
  for (const name of ['mariadbd', 'mysqld']) {
    try {
      pids.push(...execFileSync('pidof', [name]).toString().trim().split(/\s+/).map(Number).filter(Boolean));
    } catch {
      /* not running under this name */
    }
  }
  if (pids.length <= 1) return pids[0];
  // The listening socket's inode (/proc/net/tcp*: local address hex ip:port, state 0A = LISTEN), then its owner.
  const inodes = new Set();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length > 9 && f[3] === '0A' && parseInt(f[1].split(':')[1], 16) === port) inodes.add(`socket:[${f[9]}]`);
    }
  }
  for (const pid of pids) {
    try {
      if (readdirSync(`/proc/${pid}/fd`).some((fd) => inodes.has(safeReadlink(`/proc/${pid}/fd/${fd}`)))) return pid;
    } catch {
      /* another user's process: its fds cannot be read */
    }
  }
  return pids[0];
}

function safeReadlink(path) {
  try {
    return readlinkSync(path);
  } catch {
    return '';
  }
}

/** Measures the CPU ms `pids` spend while `work` runs. */
export async function withCpu(pids, work) {
  const before = pids.map((p) => (p ? cpuMs(p) : 0));
  const result = await work();
  const after = pids.map((p) => (p ? cpuMs(p) : 0));
  return { result, cpuMs: after.map((a, i) => a - before[i]) };
}

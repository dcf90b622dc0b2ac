// CPU time of processes from /proc (user + system, clock ticks of 10 ms): what a request costs whatever else runs on
// the machine, where latencies on a shared machine mostly measure the queue for the cores.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** User + system CPU time of a process, ms (Linux). */
export function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // utime, stime (fields 14 and 15)
}

/** The MariaDB / MySQL server's pid on this machine, or undefined. */
export function databasePid() {
  for (const name of ['mariadbd', 'mysqld']) {
    try {
      return Number(execFileSync('pidof', ['-s', name]).toString().trim()) || undefined;
    } catch {
      /* not running under this name */
    }
  }
  return undefined;
}

/** Measures the CPU ms `pids` spend while `work` runs. */
export async function withCpu(pids, work) {
  const before = pids.map((p) => (p ? cpuMs(p) : 0));
  const result = await work();
  const after = pids.map((p) => (p ? cpuMs(p) : 0));
  return { result, cpuMs: after.map((a, i) => a - before[i]) };
}

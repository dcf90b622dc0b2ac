// Capturing the SQL a server process runs, with MariaDB's general log in a table.
// Statements are attributed to a process by its TCP connections: /proc/<pid>/fd -> socket inodes ->
// /proc/net/tcp local ports -> information_schema.processlist HOST -> thread id.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

function socketInodes(pid) {
  const out = new Set();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) out.add(m[1]);
    } catch {
      /* fd closed meanwhile */
    }
  }
  return out;
}

/** Local TCP ports of `pid`'s connections to `remotePort`. */
export function localPortsTo(pid, remotePort = 3306) {
  const inodes = socketInodes(pid);
  const ports = new Set();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10) continue;
      const local = parseInt(f[1].split(':').pop(), 16);
      const remote = parseInt(f[2].split(':').pop(), 16);
      if (remote === remotePort && inodes.has(f[9])) ports.add(local);
    }
  }
  return ports;
}

/** MariaDB thread ids of the connections `pid` holds to the server. */
export async function threadsOf(conn, pid, remotePort = 3306) {
  const ports = localPortsTo(pid, remotePort);
  const [rows] = await conn.query('SELECT ID AS id, HOST AS host FROM information_schema.PROCESSLIST');
  return new Set(rows.filter((r) => ports.has(Number(String(r.host).split(':').pop()))).map((r) => Number(r.id)));
}

/** Parity checks of several checkouts on one server take turns (a server-wide named lock). */
const GENERAL_LOG_LOCK = 'wxmall_bench_general_log';

/**
 * Turns the general log on (to a table) and returns a function restoring the previous settings. Two checks at once
 * on one server used to leave it on for good: the second read "on" (the first's) as the setting to restore, after the
 * first had turned it off; every statement of every database then went to mysql.general_log, and S4 fell from
 * hundreds of orders a second to about 20. So a check waits for the other's restore (at most 10 minutes).
 */
export async function enableGeneralLog(conn) {
  const [[lock]] = await conn.query('SELECT GET_LOCK(?, 600) AS got', [GENERAL_LOG_LOCK]);
  if (Number(lock.got) !== 1) throw new Error('another SQL parity check has held the general log for 10 minutes');
  try {
    const [[before]] = await conn.query('SELECT @@global.general_log AS generalLog, @@global.log_output AS logOutput');
    await conn.query("SET GLOBAL log_output = 'TABLE'");
    await conn.query('SET GLOBAL general_log = 1');
    return async () => {
      try {
        await conn.query('SET GLOBAL general_log = ?', [Number(before.generalLog)]);
        await conn.query('SET GLOBAL log_output = ?', [before.logOutput]);
        // The rows written while we had it on are ours only if it was off before.
        if (!Number(before.generalLog)) await conn.query('TRUNCATE TABLE mysql.general_log');
      } finally {
        await conn.query('SELECT RELEASE_LOCK(?)', [GENERAL_LOG_LOCK]);
      }
    };
  } catch (err) {
    await conn.query('SELECT RELEASE_LOCK(?)', [GENERAL_LOG_LOCK]);
    throw err;
  }
}

export async function logClock(conn) {
  const [[r]] = await conn.query('SELECT NOW(6) AS t');
  return r.t;
}

/** Statements (Query/Execute) of the given threads logged since `since`, in log order. */
export async function statementsSince(conn, since, threads) {
  if (threads.size === 0) return [];
  const [rows] = await conn.query(
    'SELECT event_time AS t, thread_id AS thread, command_type AS cmd, CONVERT(argument USING utf8mb4) AS sql_text FROM mysql.general_log WHERE event_time >= ?',
    [since],
  );
  return rows
    .filter((r) => threads.has(Number(r.thread)) && (r.cmd === 'Query' || r.cmd === 'Execute'))
    .map((r) => ({
      thread: Number(r.thread),
      sql: String(r.sql_text),
    }));
}

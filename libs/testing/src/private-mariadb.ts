import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Connection, createConnection, type RowDataPacket } from 'mysql2/promise';
import type { TestDatabase } from './test-database';
import { MYSQL_SCHEMA_EXISTS } from './testing.sql';

const run = promisify(execFile);
const MARIADBD = [process.env.MARIADBD, '/usr/sbin/mariadbd', '/usr/sbin/mysqld'].find((p): p is string => !!p && existsSync(p));
const INSTALL_DB = ['/usr/bin/mariadb-install-db', '/usr/bin/mysql_install_db'].find((p) => existsSync(p));

/** A MariaDB server of the test's own: it can be frozen (SIGSTOP) and resumed without touching the shared one. */
export interface PrivateMariadb {
  /** One database on it, for `startTestApp({ database })` (a replica's is its copy of the primary's). */
  database: TestDatabase;
  pid: number;
  /** `mysql://root@127.0.0.1:<port>`. */
  server: string;
  /** Runs one statement as root on this server (its database selected). */
  query<T = any>(sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * SIGSTOP: the process stays, its sockets stay open, nothing answers (a hung server, not a dead one). Resolves
   * once every thread has stopped: the signal is delivered asynchronously, and a statement sent in between can
   * still be answered (seen: 5 of 20 right after kill()).
   */
  freeze(): Promise<void>;
  resume(): void;
  stop(): Promise<void>;
}

/** Whether this machine has the MariaDB server binaries the private server needs. */
export const privateMariadbAvailable = MARIADBD !== undefined && INSTALL_DB !== undefined;

export interface PrivateMariadbOptions {
  /** Write a binary log (ROW format), so another private server can replicate from this one. */
  binlog?: boolean;
  /**
   * Start as a read-only binlog replica of this server (which must have `binlog`), copying it from its first event:
   * the database the primary creates arrives by replication.
   */
  replicaOf?: PrivateMariadb;
}

let serverIds = 0;

/** Initializes a datadir in a temporary directory and starts mariadbd on its own port and socket. */
export async function startPrivateMariadb(opts: PrivateMariadbOptions = {}): Promise<PrivateMariadb> {
  if (!MARIADBD || !INSTALL_DB) throw new Error('mariadbd / mariadb-install-db not found (install mariadb-server, or set MARIADBD)');
  const dir = mkdtempSync(join(tmpdir(), 'wxmall-private-db-'));
  const user = userInfo().username;
  let child: ChildProcess | undefined;
  const cleanup = (): void => {
    if (child?.pid && child.exitCode === null) {
      process.kill(child.pid, 'SIGCONT');
      process.kill(child.pid, 'SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', cleanup);
  try {
    await run(INSTALL_DB, [
      '--no-defaults',
      `--datadir=${join(dir, 'data')}`,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      `--user=${user}`,
    ]);
    const port = await freePort();
    child = spawn(
      MARIADBD,
      [
        '--no-defaults',
        `--datadir=${join(dir, 'data')}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        `--socket=${join(dir, 'mariadb.sock')}`,
        `--pid-file=${join(dir, 'mariadb.pid')}`,
        `--log-error=${join(dir, 'error.log')}`,
        `--user=${user}`,
        `--server-id=${(process.pid % 1000) * 100 + ++serverIds}`,
        ...(opts.binlog ? ['--log-bin=mariadb-bin', '--binlog-format=ROW'] : ['--skip-log-bin']),
        // A replica: no writes but root's (the test marks rows only the replica has), and none of its own events
        // stop replication (a row the test changed there and the primary changes again).
        ...(opts.replicaOf ? ['--read-only', '--relay-log=relay-bin', '--slave-exec-mode=IDEMPOTENT'] : []),
        '--innodb-buffer-pool-size=32M',
        '--character-set-server=utf8mb4',
        '--collation-server=utf8mb4_unicode_ci',
      ],
      { stdio: 'ignore' },
    );
    const server = `mysql://root@127.0.0.1:${port}`;
    await waitUntilUp(server, child);
    const name = 'wxmall_private';
    const conn = await createConnection(server);
    if (opts.replicaOf) {
      const primaryPort = new URL(opts.replicaOf.server).port;
      await conn.query(
        `CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = ${primaryPort}, MASTER_USER = 'root', MASTER_PASSWORD = '', MASTER_USE_GTID = slave_pos, MASTER_CONNECT_RETRY = 1`,
      );
      await conn.query('START SLAVE');
      await waitForDatabase(conn, name);
    } else {
      await conn.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    }
    await conn.end();
    const pid = child.pid!;
    const proc = child;
    return {
      database: { name, url: `${server}/${name}`, drop: async () => undefined },
      pid,
      server,
      async query(sql, params) {
        const c = await createConnection({ uri: `${server}/${name}`, connectTimeout: 2000 });
        try {
          return (await c.query(sql, params))[0] as any[];
        } finally {
          await c.end();
        }
      },
      async freeze() {
        process.kill(pid, 'SIGSTOP');
        while (!allThreadsStopped(pid)) await new Promise((r) => setTimeout(r, 1));
      },
      resume: () => process.kill(pid, 'SIGCONT'),
      async stop() {
        if (proc.exitCode === null) {
          process.kill(pid, 'SIGCONT');
          const exited = new Promise((resolve) => proc.once('exit', resolve));
          proc.kill('SIGTERM');
          const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(timer);
        }
        process.removeListener('exit', cleanup);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    cleanup();
    process.removeListener('exit', cleanup);
    throw err;
  }
}

async function waitForDatabase(conn: Connection, name: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const [rows] = await conn.query<RowDataPacket[]>(MYSQL_SCHEMA_EXISTS, [name]);
    if (rows.length > 0) return;
    if (Date.now() > deadline) throw new Error(`the replica did not receive database ${name} within 30 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Every thread of the process in the stopped state (`T`) per /proc (a thread that exited meanwhile counts). */
function allThreadsStopped(pid: number): boolean {
  return readdirSync(`/proc/${pid}/task`).every((task) => {
    try {
      return /^\d+ \(.*\) [tT] /.test(readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8'));
    } catch {
      return true;
    }
  });
}

async function waitUntilUp(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`private mariadbd exited with ${child.exitCode}`);
    try {
      const conn = await createConnection({ uri: url, connectTimeout: 1000 });
      await conn.end();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { hashPassword, RECOVERY_ENTITIES, type RecoveredAdmin, resetAdminPassword, unlockAdmin } from '@app/auth';
import { loadConfig } from '@app/config';
import { dataSourceOptions, detectFlavor } from '@app/database';

/*
 * Operator recovery when no owner can log in, straight against DATABASE_URL (the service's environment):
 *   npm run admin -- unlock <username>
 *   npm run admin -- reset-password <username> [--generate]
 * In the production image (no npm scripts there): node dist/apps/api/src/admin-cli.js <command> <username>.
 * The new password never goes on the command line (shell history, process list): it is typed at a
 * hidden prompt, piped on stdin, or generated and printed once.
 */

const USAGE = `Usage: npm run admin -- <command> <username>

  unlock <username>                     clear the account's login throttling (every client address)
  reset-password <username>             set a new password, typed twice at a hidden prompt, or piped on
                                        stdin (first line); ends the account's sessions and unlocks it
  reset-password <username> --generate  make a random password and print it once

Runs against DATABASE_URL.`;

const PASSWORD_MIN = 10;
const PASSWORD_MAX = 128;

export interface CliIo {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

class CliError extends Error {}

export async function runAdminCli(args: string[], io: CliIo = process): Promise<number> {
  const [command, username, ...flags] = args;
  const generate = flags.includes('--generate');
  if (
    !username ||
    !['unlock', 'reset-password'].includes(command ?? '') ||
    flags.some((f) => f !== '--generate') ||
    (generate && command !== 'reset-password')
  ) {
    io.stderr.write(`${USAGE}\n`);
    return 2;
  }
  try {
    const config = loadConfig(process.env);
    if (config.database.kind !== 'mysql') {
      throw new CliError('DATABASE_URL is not set. (The embedded demo database: stop the demo and delete .data/ to start over.)');
    }
    const password = command === 'reset-password' ? (generate ? randomBytes(18).toString('base64url') : await readPassword(io)) : undefined;
    const url = config.database.url;
    const ds = new DataSource(dataSourceOptions({ ...config.database, poolSize: 1 }, RECOVERY_ENTITIES, await detectFlavor(url)));
    await ds.initialize();
    let done: RecoveredAdmin | undefined;
    try {
      done =
        password === undefined
          ? await unlockAdmin(ds.manager, username)
          : await resetAdminPassword(ds.manager, username, await hashPassword(password, config.auth.scrypt), new Date());
    } finally {
      await ds.destroy();
    }
    if (!done) throw new CliError(`No admin account named "${username}".`);
    const disabled = done.status === 'active' ? '' : ` Note: the account is ${done.status}; an owner can enable it in the admin.`;
    if (password === undefined) {
      io.stdout.write(`Unlocked ${done.username}: login throttling cleared for ${done.cleared} client address(es).${disabled}\n`);
    } else {
      io.stdout.write(`Password of ${done.username} reset; its sessions are ended and its login throttling cleared.${disabled}\n`);
      if (generate) io.stdout.write(`New password (shown once): ${password}\n`);
    }
    return 0;
  } catch (err) {
    const missingTable = (err as { code?: string }).code === 'ER_NO_SUCH_TABLE';
    io.stderr.write(
      `${missingTable ? 'The database is not migrated to this version: start the service once, then retry.' : (err as Error).message}\n`,
    );
    return 1;
  }
}

/** Twice at a hidden prompt on a terminal; the first line of stdin otherwise. */
async function readPassword(io: CliIo): Promise<string> {
  let password: string;
  if (io.stdin.isTTY) {
    password = await promptHidden(io, 'New password: ');
    if ((await promptHidden(io, 'Again: ')) !== password) throw new CliError('The passwords differ.');
  } else {
    let text = '';
    for await (const chunk of io.stdin) text += String(chunk);
    password = text.split(/\r?\n/)[0] ?? '';
  }
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) {
    throw new CliError(`The password must have ${PASSWORD_MIN} to ${PASSWORD_MAX} characters.`);
  }
  return password;
}

function promptHidden(io: CliIo, question: string): Promise<string> {
  const stdin = io.stdin;
  io.stderr.write(question);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      io.stderr.write('\n');
    };
    const onData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          finish();
          return resolve(value);
        }
        if (ch === '\u0003') {
          finish();
          return reject(new CliError('Cancelled.'));
        }
        value = ch === '\u007f' || ch === '\b' ? value.slice(0, -1) : value + ch;
      }
    };
    stdin.on('data', onData);
  });
}

if (require.main === module) {
  void runAdminCli(process.argv.slice(2)).then((code) => process.exit(code));
}

// The bench owner's token on a database reused across runs: each run makes a new random ADMIN_BOOTSTRAP_PASSWORD,
// which only creates the owner the first time; later runs set it with the admin CLI (reset-password, piped).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './setup.mjs';

async function login(base, env) {
  return fetch(`${base}/api/v1/admin/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: env.ADMIN_BOOTSTRAP_USERNAME, password: env.ADMIN_BOOTSTRAP_PASSWORD }),
  });
}

function resetPassword(env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/apps/api/src/admin-cli.js'), 'reset-password', env.ADMIN_BOOTSTRAP_USERNAME], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: env.DATABASE_URL, LOG_LEVEL: 'warn' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`admin-cli reset-password exited ${code}: ${out}`))));
    child.stdin.end(`${env.ADMIN_BOOTSTRAP_PASSWORD}\n`);
  });
}

/** Bearer token of the bootstrap owner of `env` on the server at `base`. */
export async function ownerToken(base, env) {
  let res = await login(base, env);
  if (res.status === 401) {
    await resetPassword(env);
    res = await login(base, env);
  }
  if (res.status !== 200) throw new Error(`admin login: ${res.status} ${await res.text()}`);
  return (await res.json()).token;
}

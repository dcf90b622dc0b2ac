import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startTestApp, TEST_OWNER, type TestApp } from '@app/testing';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('npm run admin (operator recovery CLI)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  /** Runs the CLI as `npm run admin` does, against the test database, with `input` on stdin. */
  const admin = (args: string[], input = ''): Promise<Run> =>
    new Promise((resolve, reject) => {
      const proc = spawn(process.execPath, [join(__dirname, '../../scripts/admin.mjs'), ...args], {
        env: { PATH: process.env.PATH, NODE_ENV: 'test', DATABASE_URL: t.db.url },
      });
      let stdout = '';
      let stderr = '';
      proc.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      proc.once('error', reject);
      proc.once('close', (code) => resolve({ code, stdout, stderr }));
      proc.stdin.end(input);
    });
  const login = (password: string, client = '192.0.2.10'): Promise<number> =>
    t.http
      .post('/api/v1/admin/auth/login', { username: TEST_OWNER.username, password }, { headers: { 'x-forwarded-for': client } })
      .then((r) => r.status);

  it("unlock clears the owner's login throttling on every address", async () => {
    for (let i = 0; i < 5; i++) await login('wrong-guess');
    for (let i = 0; i < 5; i++) await login('wrong-guess', '192.0.2.11');
    expect(await login(TEST_OWNER.password)).toBe(429);
    const run = await admin(['unlock', TEST_OWNER.username]);
    expect(run).toEqual({ code: 0, stdout: expect.stringContaining('login throttling cleared for 2 client address(es)'), stderr: '' });
    expect(await login(TEST_OWNER.password)).toBe(200);
    expect(await login(TEST_OWNER.password, '192.0.2.11')).toBe(200);
  });

  it('reset-password reads the new password from stdin, ends the sessions and unlocks', async () => {
    const owner = await t.createAdmin('owner', 'second-owner');
    const session = await t.loginAdmin();
    for (let i = 0; i < 6; i++) await login('wrong-guess');
    const run = await admin(['reset-password', TEST_OWNER.username], 'a-brand-new-passphrase\n');
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).not.toContain('a-brand-new-passphrase');
    expect((await t.http.get('/api/v1/admin/admin-users', { token: session })).status).toBe(401);
    expect((await t.http.get('/api/v1/admin/admin-users', { token: owner })).status).toBe(200); // other accounts untouched
    expect(await login('a-brand-new-passphrase')).toBe(200);
    const [row] = await t.sql('SELECT password_hash FROM admin_user WHERE username = ?', [TEST_OWNER.username]);
    expect(row.password_hash).toMatch(new RegExp(`^scrypt\\$${t.config.auth.scrypt.N}\\$`));
    // Put the suite's owner back.
    expect((await admin(['reset-password', TEST_OWNER.username], `${TEST_OWNER.password}\n`)).code).toBe(0);
  });

  it('reset-password --generate prints a new password once', async () => {
    await t.createAdmin('viewer', 'forgetful-viewer');
    const run = await admin(['reset-password', 'forgetful-viewer', '--generate']);
    expect(run.code).toBe(0);
    const password = /New password \(shown once\): (\S+)/.exec(run.stdout)![1]!;
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect((await t.http.post('/api/v1/admin/auth/login', { username: 'forgetful-viewer', password })).status).toBe(200);
  });

  it('refuses a password on the command line, short passwords and unknown accounts', async () => {
    // Independent refusals (none writes anything): run at once.
    const [onCommandLine, short, unknown] = await Promise.all([
      admin(['reset-password', TEST_OWNER.username, 'password-in-shell-history']),
      admin(['reset-password', TEST_OWNER.username], 'short\n'),
      admin(['unlock', 'nobody-here']),
    ]);
    expect([onCommandLine.code, onCommandLine.stderr]).toEqual([2, expect.stringContaining('Usage: npm run admin')]);
    expect(short).toEqual({ code: 1, stdout: '', stderr: 'The password must have 10 to 128 characters.\n' });
    expect(unknown).toEqual({ code: 1, stdout: '', stderr: 'No admin account named "nobody-here".\n' });
    expect(await login(TEST_OWNER.password)).toBe(200);
  });
});

import { loadConfig } from '@app/config';
import { localUrl, startBanner } from './start-banner';

describe('start banner', () => {
  it('tells a newcomer in demo mode where the docs are and how to log in as the owner and as a shopper', () => {
    const banner = startBanner(loadConfig({ PORT: '3123', DATA_DIR: '/tmp/x' }))!;
    expect(banner).toContain('http://localhost:3123/docs');
    expect(banner).toContain('http://localhost:3123/api/v1');
    expect(banner).toContain('/tmp/x/wxmall.sqlite');
    expect(banner).toContain('POST http://localhost:3123/api/v1/admin/auth/login {"username":"admin","password":"wxmall-demo"}');
    expect(banner).toContain('POST http://localhost:3123/api/v1/auth/dev-login {"openid":"o_demo_1"}');
    expect(banner).toContain('/api/v1/dev/payments/<orderNo>/succeed');
  });

  it('never prints a password taken from the environment', () => {
    const banner = startBanner(loadConfig({ ADMIN_BOOTSTRAP_USERNAME: 'boss', ADMIN_BOOTSTRAP_PASSWORD: 'my-own-secret-1' }))!;
    expect(banner).toContain('"boss" (password from ADMIN_BOOTSTRAP_PASSWORD)');
    expect(banner).not.toContain('my-own-secret-1');
  });

  it('leaves the dev-login line out when dev login is off', () => {
    expect(startBanner(loadConfig({ DEV_LOGIN: 'false' }))).not.toContain('dev-login');
  });

  it('is silent outside demo mode', () => {
    expect(startBanner(loadConfig({ DATABASE_URL: 'mysql://root@127.0.0.1:3306/x' }))).toBeUndefined();
  });

  it('shows a wildcard listen address as localhost', () => {
    expect(localUrl({ host: '0.0.0.0', port: 80 })).toBe('http://localhost:80');
    expect(localUrl({ host: '::', port: 3000 })).toBe('http://localhost:3000');
    expect(localUrl({ host: '127.0.0.1', port: 3000 })).toBe('http://127.0.0.1:3000');
    expect(localUrl({ host: '::1', port: 3000 })).toBe('http://[::1]:3000');
  });
});

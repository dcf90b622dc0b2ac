import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@app/config';

const root = join(__dirname, '../../..');
const read = (file: string): string => readFileSync(join(root, file), 'utf8');

interface ContainerConfig {
  containerPort: number;
  minNum: number;
  cpu: number;
  mem: number;
  envParams: Record<string, string>;
}

/** What the console holds as secrets (README, "Deploying on WeChat Cloud Hosting"). */
function consoleSecrets(): Record<string, string> {
  const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    DATABASE_URL: 'mysql://wxmall:secret@10.0.0.5:3306/wxmall',
    JWT_SECRET: randomBytes(48).toString('base64'),
    WX_APPID: 'wx1234567890abcdef',
    WXPAY_MCHID: '1900000001',
    WXPAY_SERIAL_NO: 'ABC123',
    WXPAY_PRIVATE_KEY: rsa().privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    WXPAY_APIV3_KEY: randomBytes(16).toString('hex'),
    WXPAY_PUBLIC_KEYS: JSON.stringify({ PUB_KEY_ID_TEST: rsa().publicKey.export({ type: 'spki', format: 'pem' }).toString() }),
    WXPAY_NOTIFY_BASE: 'https://pay-notify.example.com',
    ADMIN_BOOTSTRAP_USERNAME: 'owner',
    ADMIN_BOOTSTRAP_PASSWORD: 'a-long-owner-password',
  };
}

describe('deployment files', () => {
  const dockerfile = read('Dockerfile');
  const imageHeapMb = Number(/NODE_OPTIONS="--max-old-space-size=(\d+)[ "]/.exec(dockerfile)?.[1]);
  const imagePort = /^\s*PORT=(\d+)/m.exec(dockerfile)?.[1];
  const api = JSON.parse(read('container.config.json')) as ContainerConfig;
  const notify = JSON.parse(read('container.notify.config.json')) as ContainerConfig;

  it.each([
    ['container.config.json', api],
    ['container.notify.config.json', notify],
  ])('%s: a port non-root can bind, a heap budget within its memory, a valid production config', (_, c) => {
    expect(c.containerPort).toBe(8080);
    expect(String(c.containerPort)).toBe(c.envParams.PORT);
    expect(imagePort).toBe('8080');
    expect(dockerfile).toMatch(/^EXPOSE 8080$/m);
    // About 40% of the instance's memory for the old generation (the rest: code, buffers, young generation).
    const heapMb = Number(/--max-old-space-size=(\d+)/.exec(c.envParams.NODE_OPTIONS ?? '')?.[1] ?? imageHeapMb);
    expect(heapMb / (c.mem * 1024)).toBeGreaterThanOrEqual(0.3);
    expect(heapMb / (c.mem * 1024)).toBeLessThanOrEqual(0.45);
    // The young generation's ceiling (docs/decisions.md, "Heap budget in the image") stays with its own NODE_OPTIONS.
    expect(c.envParams.NODE_OPTIONS ?? /NODE_OPTIONS="([^"]*)"/.exec(dockerfile)?.[1]).toMatch(/--max-semi-space-size=8\b/);
    // Two glibc arenas (docs/decisions.md, "glibc arenas capped in the image"), unless the service sets its own.
    expect(c.envParams.MALLOC_ARENA_MAX ?? /^\s*MALLOC_ARENA_MAX=(\d+)/m.exec(dockerfile)?.[1]).toBe('2');
    expect(() => loadConfig({ ...c.envParams, ...consoleSecrets() })).not.toThrow();
  });

  it('runs periodic jobs: the API service keeps one instance with the in-process runner', () => {
    expect(api.minNum).toBeGreaterThanOrEqual(1);
    expect(api.envParams).toMatchObject({ SERVE: 'all', JOBS_IN_PROCESS: 'true', WX_GATEWAY_TRUST: 'true' });
  });

  it('the notify service trusts no gateway header and serves notifications only', () => {
    expect(notify.envParams).toMatchObject({ SERVE: 'notify', WX_GATEWAY_TRUST: 'false', JOBS_IN_PROCESS: 'false' });
    expect(loadConfig({ ...notify.envParams, ...consoleSecrets() }).serve).toBe('notify');
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildDigest, isUpToDate, recordBuild, serviceSources } from '../../scripts/build-digest.mjs';

/** `npm start` rebuilds only when an input of the build changed (scripts/build.mjs --if-changed). */
describe('build digest', () => {
  const root = mkdtempSync(join(tmpdir(), 'wxmall-build-'));
  const dist = join(root, 'dist');
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  const built = () => {
    for (const out of ['apps/api/src/start.js', 'server/bundle.js']) write(`dist/${out}`, '');
    recordBuild(dist, buildDigest(root));
  };
  beforeAll(() => {
    write('package-lock.json', '{}');
    write('tsconfig.json', '{}');
    write('apps/api/src/main.ts', 'main();');
    write('libs/orders/src/orders.service.ts', 'export class OrdersService {}');
    write('libs/orders/src/order-state.spec.ts', 'test');
    write('libs/testing/src/test-app.ts', 'kit');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('lists the service sources, not the tests or the test kit', () => {
    expect(serviceSources(root)).toEqual(['apps/api/src/main.ts', 'libs/orders/src/orders.service.ts']);
  });

  it('finds no build until one is recorded, then finds it up to date', () => {
    expect(isUpToDate(root, dist)).toBe(false);
    built();
    expect(isUpToDate(root, dist)).toBe(true);
  });

  it('ignores changes to tests', () => {
    built();
    write('libs/orders/src/order-state.spec.ts', 'another test');
    expect(isUpToDate(root, dist)).toBe(true);
  });

  it.each([
    ['a changed source file', 'libs/orders/src/orders.service.ts'],
    ['a new source file', 'libs/orders/src/order-pricing.ts'],
    ['a changed lockfile', 'package-lock.json'],
    ['a changed TypeScript configuration', 'tsconfig.json'],
  ])('builds again for %s', (_what, rel) => {
    built();
    write(rel, `changed ${Date.now()}`);
    expect(isUpToDate(root, dist)).toBe(false);
  });

  it('builds again when an output is missing (an interrupted build)', () => {
    built();
    rmSync(join(dist, 'server/bundle.js'));
    expect(isUpToDate(root, dist)).toBe(false);
  });
});

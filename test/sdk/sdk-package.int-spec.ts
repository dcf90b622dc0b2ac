import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import * as vm from 'node:vm';
import { parse } from 'acorn';
import type { TestApp } from '@app/testing';
import { openShop, startSdkApp, type Shop } from './sdk-fixtures';
import { WxShim } from './wx-shim';

const pkgDir = join(__dirname, '../../clients/miniprogram');
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));

const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));

/**
 * Loads CommonJS files as a mini program does after "build npm": `require` resolves only the package's own files
 * (x.js, x/index.js), and the globals are the language's plus what the mini program gives (wx, setTimeout): no
 * process, Buffer, fetch or Node modules.
 */
function miniProgramRequire(dir: string, globals: Record<string, unknown>): (spec: string) => any {
  const context = vm.createContext({ ...globals });
  const cache = new Map<string, { exports: any }>();
  const load = (file: string): any => {
    const cached = cache.get(file);
    if (cached) return cached.exports;
    const module = { exports: {} };
    cache.set(file, module);
    const fn = vm.runInContext(`(function (exports, require, module) {${readFileSync(file, 'utf8')}\n})`, context, { filename: file });
    fn(module.exports, (spec: string) => load(resolveIn(dirname(file), spec)), module);
    return module.exports;
  };
  const resolveIn = (from: string, spec: string): string => {
    if (!spec.startsWith('./') && !spec.startsWith('../')) throw new Error(`require("${spec}"): not a file of the package`);
    const base = resolve(from, spec);
    const file = [`${base}.js`, join(base, 'index.js')].find((f) => existsSync(f));
    if (!file || !file.startsWith(dir)) throw new Error(`require("${spec}") from ${from}: no such file in the package`);
    return file;
  };
  return (spec) => load(resolveIn(dir, spec));
}

/** What WeChat DevTools' "build npm" takes: package.json's `miniprogram` folder, CommonJS, ES2017, no Node. */
describe('SDK package', () => {
  let out: string;
  let t: TestApp;
  let shop: Shop;
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'wxmall-sdk-dist-'));
    await promisify(execFile)(process.execPath, [join(pkgDir, 'scripts/build.mjs'), '--out', out], { timeout: 120_000 });
    t = await startSdkApp();
    shop = await openShop(t);
  }, 180_000);
  afterAll(async () => {
    rmSync(out, { recursive: true, force: true });
    await t?.close();
  });

  it('declares its entry points in the build output', () => {
    expect(pkg).toMatchObject({ name: '@wxmall/miniprogram', main: 'miniprogram_dist/index.js', miniprogram: 'miniprogram_dist' });
    expect(pkg.dependencies).toBeUndefined();
    const dist = (p: string) => join(out, relative('miniprogram_dist', p));
    for (const entry of [
      pkg.main,
      pkg.types,
      ...Object.values<any>(pkg.exports).flatMap((e) => (typeof e === 'string' ? [] : [e.types, e.default])),
    ]) {
      expect(existsSync(dist(entry.replace(/^\.\//, '')))).toBe(true);
    }
  });

  it('is ES2017 and loads nothing outside the package', () => {
    const files = walk(out).filter((f) => f.endsWith('.js'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const code = readFileSync(file, 'utf8');
      expect(() => parse(code, { ecmaVersion: 2017, sourceType: 'script' })).not.toThrow();
      for (const [, spec] of code.matchAll(/require\("([^"]+)"\)/g)) expect(spec).toMatch(/^\.\.?\//);
    }
  });

  it('runs in a mini program sandbox against a live wxmall', async () => {
    const wx = new WxShim(t, { openid: `o_pkg_${Date.now()}` });
    const load = miniProgramRequire(out, { wx, setTimeout, console });
    const { createWxmall } = load('./index');
    const sdk = createWxmall({ transport: 'container', env: 'test-env', service: 'wxmall' });
    expect((await sdk.catalog.product(shop.productId)).skus).toHaveLength(4);
    expect(await sdk.cart.add({ skuId: shop.plainSkuId, quantity: 1 })).toMatchObject({ totals: { selectedQuantity: 1 } });
    await expect(sdk.catalog.product(999_999)).rejects.toMatchObject({ name: 'WxmallError', code: 'NOT_FOUND', status: 404 });

    // The adapter as `require('@wxmall/miniprogram/tdesign')` finds it (miniprogram_dist/tdesign/index.js).
    const { createTdesignServices } = load('./tdesign');
    const services = createTdesignServices(sdk);
    expect((await services['good/fetchGood'].fetchGood(String(shop.productId))).skuList).toHaveLength(4);
    expect((await services['cart/cart'].fetchCartGroupData()).data.selectedGoodsCount).toBe(1);
  });
});

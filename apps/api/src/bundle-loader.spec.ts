import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBundle } from './bundle-loader';

describe('loadBundle', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wxmall-bundle-'));
  const file = join(dir, 'bundle.js');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(() => {
    // A CommonJS module using what a bundle uses: exports, module, require (relative to the bundle), __filename.
    writeFileSync(join(dir, 'dep.js'), 'module.exports = { answer: 42 };');
    writeFileSync(
      file,
      `const { answer } = require('./dep.js');
       module.exports = { main: () => answer, where: __filename, dir: __dirname, path: require('node:path').sep };`,
    );
  });

  it('evaluates the bundle like require, resolving its requires beside it', () => {
    const { exports } = loadBundle<{ main: () => number; where: string; dir: string; path: string }>(file);
    expect([exports.main(), exports.where, exports.dir, exports.path]).toEqual([42, file, dir, '/']);
  });

  it('writes a code cache that V8 accepts on the next load', () => {
    loadBundle(file, { writeCache: true });
    expect(readFileSync(`${file}.cache`).length).toBeGreaterThan(0);
    const again = loadBundle<{ main: () => number }>(file);
    expect([again.exports.main(), again.cacheRejected]).toEqual([42, false]);
  });

  it('replaces a missing or unusable cache with one for this runtime', () => {
    rmSync(`${file}.cache`, { force: true });
    const first = loadBundle<{ main: () => number }>(file);
    expect([first.cacheUsed, first.cacheRejected]).toEqual([false, false]);
    writeFileSync(`${file}.cache`, 'not a cache');
    const second = loadBundle<{ main: () => number }>(file);
    expect([second.cacheUsed, second.cacheRejected, second.saveCache()]).toEqual([false, true, true]);
    const third = loadBundle<{ main: () => number }>(file);
    expect([third.exports.main(), third.cacheUsed, third.cacheRejected]).toEqual([42, true, false]);
  });

  it('does not use a cache made for other code, and says so', () => {
    loadBundle(file, { writeCache: true });
    // Same length as before: V8 alone would take the old cache for this source.
    writeFileSync(file, readFileSync(file, 'utf8').replace('answer, where', 'answer, WHERE').replace('where:', 'WHERE:'));
    const loaded = loadBundle<{ main: () => number; WHERE: string }>(file);
    expect([loaded.exports.main(), loaded.exports.WHERE, loaded.cacheRejected]).toEqual([42, file, true]);
  });
});

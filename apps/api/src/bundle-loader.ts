import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** What `npm run build` makes (scripts/bundle.mjs) and the production entry starts. */
export const PRODUCTION_BUNDLE = join(__dirname, '../../../server/bundle.js');

type ModuleFunction = (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;

export interface LoadedBundle<T> {
  exports: T;
  /** A code cache was present but not usable (another build, Node version or V8 flags): the bundle compiled from source. */
  cacheRejected: boolean;
  /** The bundle compiled through its cache. */
  cacheUsed: boolean;
  /**
   * Replaces the cache with one for this runtime (Node version and V8 flags), holding whatever has
   * been compiled by now. Atomic; false when it could not be written (read-only file system).
   */
  saveCache(): boolean;
}

/**
 * Evaluates a CommonJS bundle as require() would, but compiled with the V8 code cache beside it
 * (`<file>.cache`, written at build time with `writeCache`). Parsing and compiling the framework's
 * code is most of a cold start; the cache removes most of it. V8 validates the cache itself (version,
 * flags) and the file carries the source's digest, so a stale cache costs only the compile it failed to save.
 */
export function loadBundle<T>(file: string, opts: { writeCache?: boolean } = {}): LoadedBundle<T> {
  const cacheFile = `${file}.cache`;
  const source = readFileSync(file, 'utf8');
  // V8 checks a cache against the source's length only: the cache file starts with the source's digest.
  const digest = createHash('sha256').update(source).digest();
  let cachedData: Buffer | undefined;
  let stale = false;
  if (!opts.writeCache) {
    try {
      const cache = readFileSync(cacheFile);
      if (cache.subarray(0, digest.length).equals(digest)) cachedData = cache.subarray(digest.length);
      else stale = true;
    } catch {
      // no cache: compile from source
    }
  }
  const script = new Script(Module.wrap(source), { filename: file, cachedData });
  const mod = new Module(file, module);
  mod.filename = file;
  const fn = script.runInThisContext() as ModuleFunction;
  fn.call(mod.exports, mod.exports, createRequire(file), mod, file, dirname(file));
  mod.loaded = true;
  const saveCache = (): boolean => {
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, Buffer.concat([digest, script.createCachedData()]));
      renameSync(tmp, cacheFile);
      return true;
    } catch {
      rmSync(tmp, { force: true });
      return false;
    }
  };
  if (opts.writeCache && !saveCache()) throw new Error(`could not write ${cacheFile}`);
  const rejected = cachedData !== undefined && script.cachedDataRejected === true;
  return { exports: mod.exports as T, cacheRejected: stale || rejected, cacheUsed: cachedData !== undefined && !rejected, saveCache };
}

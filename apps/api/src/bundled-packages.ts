/* eslint-disable @typescript-eslint/no-require-imports -- the point is plain require() calls the bundler can follow */
import Module from 'node:module';

/**
 * Packages that other packages load by name at run time: @nestjs/typeorm and @nestjs/mapped-types
 * through `createRequire`, TypeORM's driver loader through `require(name)`. From the production
 * bundle those lookups went to node_modules and evaluated second copies (about 800 more files to
 * read and compile at boot). Registering the bundle's copies under the paths those lookups resolve
 * to makes them return these. Outside the bundle, require() has already registered the same objects.
 * Must be imported before anything else.
 */
const PACKAGES: Record<string, () => unknown> = {
  typeorm: () => require('typeorm') as unknown,
  mysql2: () => require('mysql2') as unknown,
  'class-validator': () => require('class-validator') as unknown,
  'class-transformer': () => require('class-transformer') as unknown,
};

for (const [name, load] of Object.entries(PACKAGES)) {
  let file: string;
  try {
    file = require.resolve(name);
  } catch {
    continue; // not installed beside the bundle: the bundled copy is the only one anyway
  }
  if (require.cache[file]) continue;
  const mod = new Module(file);
  mod.filename = file;
  mod.exports = load();
  mod.loaded = true;
  require.cache[file] = mod;
}

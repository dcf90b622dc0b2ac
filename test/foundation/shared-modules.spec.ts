import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/*
 * The integration project loads modules once per Jest worker and shares them between the test files it runs
 * (test/jest/shared-runtime.js): the suite's wall time was mostly each file loading Nest, TypeORM and every lib again.
 * That holds only while integration files leave the module registry alone and restore what they change globally,
 * so this pins it: no module mocks or registry resets, and an environment variable a file sets is put back.
 */
const ROOT = join(__dirname, '../..');
const FORBIDDEN =
  /\bjest\.(mock|doMock|unmock|setMock|unstable_mockModule|isolateModules|isolateModulesAsync|resetModules|enableAutomock|createMockFromModule)\(/;

/** The integration files and the fixtures they share (test/**\/*.ts). */
function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return testFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

describe('integration files share their modules', () => {
  const files = testFiles(join(ROOT, 'test')).filter((f) => !f.endsWith('shared-modules.spec.ts'));

  it('finds the integration files', () => {
    expect(files.filter((f) => f.endsWith('.int-spec.ts')).length).toBeGreaterThan(50);
  });

  it('mock no module and reset no registry', () => {
    const hits = files.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .filter((line) => FORBIDDEN.test(line))
        .map((line) => `${relative(ROOT, f)}: ${line.trim()}`),
    );
    expect(hits).toEqual([]);
  });

  it('put back the environment variables they set', () => {
    const unrestored = files.flatMap((f) => {
      const text = readFileSync(f, 'utf8');
      const set = new Set([...text.matchAll(/process\.env\.([A-Z0-9_]+)\s*=(?!=)/g)].map((m) => m[1]!));
      const restored = (name: string) =>
        new RegExp(`process\\.env\\.${name}\\s*=\\s*(saved|previous|before|old)\\b`).test(text) &&
        text.includes(`delete process.env.${name}`);
      return [...set].filter((name) => !restored(name)).map((name) => `${relative(ROOT, f)}: ${name}`);
    });
    expect(unrestored).toEqual([]);
  });
});

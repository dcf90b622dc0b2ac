import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from './load-config';

const root = join(__dirname, '../../..');

/** Keys documented for the operator but read outside load-config.ts, with the file that reads them. */
const READ_ELSEWHERE: Record<string, string> = {
  TEST_DATABASE_URL: 'libs/testing/src/test-database.ts',
};

function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Z0-9_]+)=(.*)$/.exec(line);
    if (m) env[m[1]!] = m[2]!;
  }
  return env;
}

/**
 * Every key load-config.ts reads: the first argument of any reader call (`r.int('PORT', ...)`, `required('X')`, and
 * whatever readers are added later), or a direct `env.X` / `env['X']`. `fail('X', ...)` reports, it does not read.
 */
function keysReadByLoadConfig(): Set<string> {
  const source = readFileSync(join(__dirname, 'load-config.ts'), 'utf8');
  const calls = [...source.matchAll(/\b(\w+)(?:<[^>()]*>)?\(\s*'([A-Z][A-Z0-9_]{2,})'/g)].filter((m) => m[1] !== 'fail').map((m) => m[2]!);
  const direct = [...source.matchAll(/\benv(?:\.([A-Z][A-Z0-9_]{2,})\b|\[\s*'([A-Z][A-Z0-9_]{2,})'\s*\])/g)].map((m) => (m[1] ?? m[2])!);
  return new Set([...calls, ...direct]);
}

/** The keys in the first column of the README's configuration table. */
function keysInReadme(): Set<string> {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = /^## Configuration\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? '';
  const rows = section.split('\n').filter((l) => l.startsWith('| `'));
  return new Set(rows.flatMap((row) => [...row.split('|')[1]!.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]!)));
}

describe('configuration keys', () => {
  const read = keysReadByLoadConfig();
  const example = readFileSync(join(root, '.env.example'), 'utf8');
  const inExample = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!));
  const inReadme = keysInReadme();
  const known = new Set([...read, ...Object.keys(READ_ELSEWHERE)]);
  const missing = (keys: Iterable<string>, from: Set<string>) => [...keys].filter((k) => !from.has(k)).sort();

  it('are found in load-config.ts', () => {
    expect(read.size).toBeGreaterThan(30);
    expect([...read]).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'WXPAY_PRIVATE_KEY', 'DB_SQL_MODE']));
  });

  it('are all in .env.example and in the README table', () => {
    expect(missing(known, inExample)).toEqual([]);
    expect(missing(known, inReadme)).toEqual([]);
  });

  it('are documented only if something reads them', () => {
    expect(missing(inExample, known)).toEqual([]);
    expect(missing(inReadme, known)).toEqual([]);
    for (const [key, file] of Object.entries(READ_ELSEWHERE)) expect(readFileSync(join(root, file), 'utf8')).toContain(key);
  });

  it('.env.example loads as written (placeholders are valid values)', () => {
    const env = parseEnvFile(example);
    expect(() => loadConfig({ ...env, NODE_ENV: 'development' })).not.toThrow();
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from './load-config';

const root = join(__dirname, '../../..');

function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Z0-9_]+)=(.*)$/.exec(line);
    if (m) env[m[1]!] = m[2]!;
  }
  return env;
}

describe('.env.example', () => {
  const text = readFileSync(join(root, '.env.example'), 'utf8');
  const source = readFileSync(join(__dirname, 'load-config.ts'), 'utf8');

  it('documents every key the service reads', () => {
    const read = new Set(
      [...source.matchAll(/\b(?:str|optStr|int|bool|oneOf|url|duration|raw|required)\('([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1]!),
    );
    expect(read.size).toBeGreaterThan(30);
    const documented = new Set([...text.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!));
    expect([...read].filter((k) => !documented.has(k)).sort()).toEqual([]);
  });

  it('loads as written (placeholders are valid values)', () => {
    const env = parseEnvFile(text);
    expect(() => loadConfig({ ...env, NODE_ENV: 'development' })).not.toThrow();
  });
});

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const root = join(__dirname, '../..');
const run = promisify(execFile);
const typesScript = (...args: string[]) =>
  run(process.execPath, ['clients/miniprogram/scripts/types.mjs', ...args], { cwd: root, timeout: 280_000 }).then(
    (r) => ({ code: 0, stderr: r.stderr }),
    (e: { code?: number; stderr?: string }) => ({ code: e.code ?? -1, stderr: e.stderr ?? '' }),
  );

/** The SDK's generated types follow the OpenAPI document of the service in this checkout (`npm run sdk:types`). */
describe('SDK types', () => {
  it('are generated from the current OpenAPI document', async () => {
    // Builds the service when its sources changed (a clean clone: the first build), then reads its document.
    const r = await typesScript('--check');
    expect(r.stderr).toContain('clients/miniprogram/src/generated/openapi.ts is up to date');
    expect(r.code).toBe(0);
  }, 300_000);

  it('are reported stale when the document differs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxmall-sdk-types-'));
    try {
      const doc = join(dir, 'openapi.json');
      writeFileSync(doc, JSON.stringify({ openapi: '3.0.0', info: { title: 'other', version: '1' }, paths: {} }));
      const r = await typesScript('--check', '--from', doc);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('is stale');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

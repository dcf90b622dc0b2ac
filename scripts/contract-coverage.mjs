#!/usr/bin/env node
// The share of the OpenAPI document's operations the suite exercises (and which answers it sees), from what the
// contract checks in libs/testing recorded:
//
//   npm run test:contract-coverage                    run the suite recording, then report
//   node scripts/contract-coverage.mjs <dir> [--min-shopper=100] [--min-all=90]   report on a recorded run
//
// Shopper operations are those of the shop front's tags (everything but admin, dev and platform).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = process.argv[2];
if (!dir || !existsSync(dir)) {
  process.stderr.write('usage: node scripts/contract-coverage.mjs <CONTRACT_COVERAGE_DIR of a suite run>\n');
  process.exit(2);
}
const min = (name, fallback) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);

const doc = JSON.parse(readFileSync(join(root, 'openapi.json'), 'utf8'));
const hits = new Map();
for (const file of readdirSync(dir)) {
  for (const line of readFileSync(join(dir, file), 'utf8').split('\n').filter(Boolean)) {
    const [method, path, status] = line.split(' ');
    const key = `${method} ${path}`;
    hits.set(key, (hits.get(key) ?? new Set()).add(status));
  }
}

const NOT_SHOPPER = new Set(['admin', 'dev', 'platform']);
const groups = { shopper: [], other: [] };
for (const [path, item] of Object.entries(doc.paths)) {
  for (const [method, op] of Object.entries(item)) {
    const key = `${method.toUpperCase()} ${path}`;
    const seen = hits.get(key);
    const documented = Object.keys(op.responses).filter((s) => s !== 'default');
    groups[NOT_SHOPPER.has(op.tags?.[0]) ? 'other' : 'shopper'].push({
      key,
      id: op.operationId,
      seen,
      unseenStatuses: documented.filter((s) => !seen?.has(s)),
    });
  }
}

const ratio = (ops, pick) => `${ops.filter(pick).length}/${ops.length} (${((100 * ops.filter(pick).length) / ops.length).toFixed(1)}%)`;
const share = (ops) => ratio(ops, (o) => o.seen);
const succeeded = (o) => [...(o.seen ?? [])].some((s) => s.startsWith('2'));
const all = [...groups.shopper, ...groups.other];
const documentedResponses = all.reduce((n, o) => n + o.unseenStatuses.length + (o.seen?.size ?? 0), 0);
const seenResponses = all.reduce((n, o) => n + (o.seen?.size ?? 0), 0);
process.stdout.write(
  `operations exercised: shopper ${share(groups.shopper)}, admin/dev/platform ${share(groups.other)}, all ${share(all)}\n` +
    `with a success answer: shopper ${ratio(groups.shopper, succeeded)}, admin/dev/platform ${ratio(groups.other, succeeded)}, all ${ratio(all, succeeded)}\n` +
    `responses seen (operation x status): ${seenResponses}; documented statuses never seen: ${documentedResponses - seenResponses}\n`,
);
const missing = all.filter((o) => !o.seen);
if (missing.length) process.stdout.write(`not exercised:\n${missing.map((o) => `  ${o.key} (${o.id})`).join('\n')}\n`);
const failing = all.filter((o) => o.seen && !succeeded(o));
if (failing.length)
  process.stdout.write(`only refused:\n${failing.map((o) => `  ${o.key} (${o.id}): ${[...o.seen].join(', ')}`).join('\n')}\n`);

const pct = (ops) => (100 * ops.filter((o) => o.seen).length) / ops.length;
if (pct(groups.shopper) < min('min-shopper', 0) || pct(all) < min('min-all', 0)) {
  process.stderr.write('contract coverage below the minimum\n');
  process.exit(1);
}

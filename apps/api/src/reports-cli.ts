import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '@app/config';
import { dataSourceOptions, detectFlavor } from '@app/database';
import { BusinessCalendar, rebuild, type RunTx } from '@app/reports';
import { seedYear } from './seed/year-seeder';

/*
 * Reports' operator commands, straight against DATABASE_URL (the service's environment):
 *   npm run reports -- rebuild         recompute every rollup from the raw rows (the service may keep running)
 *   npm run reports -- seed [options]  a year of realistic orders for benchmarks, then a rebuild (never production)
 * In the production image: node dist/apps/api/src/reports-cli.js rebuild.
 */

const USAGE = `Usage: npm run reports -- <command>

  rebuild                 recompute every rollup (report_*) from orders and refunds
  seed [--orders N] [--buyers N] [--days N] [--products N] [--seed N] [--no-rebuild]
                          add a year of orders (default 1000000 orders, 100000 buyers, 365 days,
                          500 products), then rebuild the rollups; refused with NODE_ENV=production

Runs against DATABASE_URL; business days in SHOP_TIMEZONE.`;

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const SEED_DEFAULTS = { orders: 1_000_000, buyers: 100_000, days: 365, products: 500, seed: 20261130 };

function parseFlags(args: string[]): { values: typeof SEED_DEFAULTS; rebuild: boolean } | undefined {
  const values = { ...SEED_DEFAULTS };
  let doRebuild = true;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--no-rebuild') doRebuild = false;
    else {
      const key = a.replace(/^--/, '') as keyof typeof SEED_DEFAULTS;
      const v = Number(args[++i]);
      if (!(key in SEED_DEFAULTS) || !Number.isSafeInteger(v) || v < 1) return undefined;
      values[key] = v;
    }
  }
  return { values, rebuild: doRebuild };
}

export async function runReportsCli(args: string[], io: CliIo = process): Promise<number> {
  const [command, ...rest] = args;
  const flags = command === 'seed' ? parseFlags(rest) : rest.length === 0 ? { values: SEED_DEFAULTS, rebuild: true } : undefined;
  if (!flags || !['rebuild', 'seed'].includes(command ?? '')) {
    io.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfig(process.env);
  if (config.database.kind !== 'mysql') {
    io.stderr.write('DATABASE_URL is not set: these commands run against MySQL.\n');
    return 1;
  }
  if (command === 'seed' && config.env === 'production') {
    io.stderr.write('seed writes made-up orders: refused with NODE_ENV=production.\n');
    return 1;
  }
  const ds = new DataSource(dataSourceOptions({ ...config.database, poolSize: 2 }, [], await detectFlavor(config.database.url)));
  await ds.initialize();
  const calendar = new BusinessCalendar(config.business.shopTimeZone);
  const runTx: RunTx = (work) => ds.transaction('READ COMMITTED', work);
  const started = Date.now();
  try {
    if (command === 'seed') {
      const v = flags.values;
      let shown = 0;
      const runner = ds.createQueryRunner();
      const result = await seedYear(runner.manager, {
        ...v,
        now: new Date(),
        timeZone: config.business.shopTimeZone,
        appid: config.wechat.appId,
        onProgress: (done, total) => {
          if (done - shown >= total / 20 || done === total) {
            shown = done;
            io.stdout.write(`seed: ${done} / ${total} orders (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
          }
        },
      }).finally(() => runner.release());
      io.stdout.write(`seed: ${JSON.stringify(result)} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      if (!flags.rebuild) return 0;
    }
    const t0 = Date.now();
    const days = await rebuild(runTx, calendar, () => new Date());
    io.stdout.write(`rebuild: ${days} business days (${calendar.timeZone}) in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    return 0;
  } catch (err) {
    io.stderr.write(`${(err as Error).message}\n`);
    return 1;
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) {
  void runReportsCli(process.argv.slice(2)).then((code) => process.exit(code));
}

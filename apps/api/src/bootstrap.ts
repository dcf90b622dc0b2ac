import './bundled-packages';
import 'reflect-metadata';
import { ConfigError, describeConfig, loadConfig, loadDotEnv, unannouncedDevelopmentDefaults } from '@app/config';
import pino from 'pino';
import { createPino } from '@app/common';
import { createApp } from './create-app';
import { startBanner } from './start-banner';

/** Loads the configuration, builds the app, listens, and drains on SIGTERM/SIGINT. */
export async function main(): Promise<void> {
  let config;
  let envFile: string | undefined;
  try {
    envFile = loadDotEnv();
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  // Asynchronous, buffered stdout: lines go out 4 KiB at a time (or within a second) instead of one write per
  // request blocking the event loop; whatever is buffered is flushed synchronously at exit.
  const stdout = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  setInterval(() => stdout.flush(), 1000).unref();
  process.on('exit', () => {
    try {
      stdout.flushSync();
    } catch {
      /* stdout already closed */
    }
  });
  const logger = createPino(config.logLevel, stdout);
  logger.info({ config: describeConfig(config), envFile }, 'starting');
  const devDefaults = unannouncedDevelopmentDefaults(config, process.env);
  if (devDefaults) {
    logger.warn(
      { developmentDefaults: devDefaults },
      'NODE_ENV is not set: development defaults are on against a real database (set NODE_ENV=production to refuse them)',
    );
  }
  const app = await createApp(config, { logger });

  // SIGTERM: stop accepting, let running jobs and in-flight requests finish, then close the pool (Nest
  // shutdown hooks: the job runner drains in beforeApplicationShutdown, TypeORM closes the pool after).
  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error('shutdown grace period exceeded: exiting');
      process.exit(1);
    }, config.shutdownGraceMs).unref();
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  await app.listen(config.port, config.host);
  logger.info({ port: config.port, bootMs: Math.round(process.uptime() * 1000) }, 'ready');
  stdout.flush();
  // A person at a terminal (demo mode): on stderr, so stdout stays one JSON line per entry.
  const banner = startBanner(config);
  if (banner) process.stderr.write(`${banner}\n`);
}

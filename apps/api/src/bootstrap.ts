import './bundled-packages';
import 'reflect-metadata';
import { ConfigError, describeConfig, loadConfig } from '@app/config';
import pino from 'pino';
import { createPino } from '@app/common';
import { createApp } from './create-app';

const SHUTDOWN_GRACE_MS = 25_000;

/** Loads the configuration, builds the app, listens, and drains on SIGTERM/SIGINT. */
export async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  // Asynchronous stdout: lines written while a write is in flight are coalesced into one syscall instead of
  // blocking the event loop once per request; whatever is buffered is flushed synchronously at exit.
  const stdout = pino.destination({ dest: 1, sync: false });
  process.on('exit', () => {
    try {
      stdout.flushSync();
    } catch {
      /* stdout already closed */
    }
  });
  const logger = createPino(config.logLevel, stdout);
  logger.info({ config: describeConfig(config) }, 'starting');
  const app = await createApp(config, { logger });

  // SIGTERM: stop accepting, let in-flight requests finish, then close the pool (Nest shutdown hooks).
  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error('shutdown grace period exceeded: exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
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
}

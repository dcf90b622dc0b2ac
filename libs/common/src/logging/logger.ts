import type { LoggerService } from '@nestjs/common';
import pino, { type Logger as Pino } from 'pino';
import { RequestContext } from '../http/request-context';
import { serializeError } from './safe-error';

/** Paths pino blanks out wherever they appear in a logged object. */
const REDACT = [
  'password',
  '*.password',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'privateKey',
  '*.privateKey',
  'apiV3Key',
  '*.apiV3Key',
  'session_key',
  '*.session_key',
  'access_token',
  '*.access_token',
];

/**
 * pino's `isoTime`, made once per millisecond: a busy instance writes a request line per request, several within a
 * millisecond, and formatting the date was a tenth of a cached product page's own work (docs/benchmark.md).
 */
export function isoTimeEachMs(now: () => number = Date.now): () => string {
  let at = NaN;
  let text = '';
  return () => {
    const t = now();
    if (t !== at) {
      at = t;
      text = `,"time":"${new Date(t).toISOString()}"`;
    }
    return text;
  };
}

/** No request context: the line as it was given (pino's default merge would copy it into a new empty object). */
const NO_CONTEXT = Object.freeze({});

/** JSON logs on stdout; each line carries the request id of the request it belongs to, if any. */
export function createPino(level: string, destination?: pino.DestinationStream): Pino {
  return pino(
    {
      level,
      base: undefined,
      timestamp: isoTimeEachMs(),
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT, censor: '[redacted]' },
      mixin() {
        const ctx = RequestContext.current();
        return ctx ? { requestId: ctx.requestId } : NO_CONTEXT;
      },
      mixinMergeStrategy: (line: object, mixin: object) => (mixin === NO_CONTEXT ? line : Object.assign(mixin, line)),
      serializers: { err: serializeError },
    },
    destination,
  );
}

/** Nest's start-up chatter (one line per module and route) belongs at debug, not info. */
const CHATTY_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory']);

/** Nest's LoggerService on top of pino, so framework and `new Logger(ctx)` lines are JSON too. */
export class AppLogger implements LoggerService {
  constructor(readonly pino: Pino) {}

  log(message: unknown, ...rest: unknown[]): void {
    const context = rest[rest.length - 1];
    this.write(typeof context === 'string' && CHATTY_CONTEXTS.has(contextName(context)) ? 'debug' : 'info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: pino.Level, message: unknown, rest: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    // Nest passes (message, [stack], context) or (object, msg?, context).
    const args = [...rest];
    const context = typeof args[args.length - 1] === 'string' ? contextName(args.pop() as string) : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    let msg: string | undefined;
    if (message instanceof Error) {
      fields.err = message;
      msg = message.message;
    } else if (message !== null && typeof message === 'object') {
      Object.assign(fields, message);
      if (typeof args[0] === 'string') msg = args.shift() as string;
    } else {
      msg = String(message);
    }
    if (level === 'error' && typeof args[0] === 'string' && args[0].includes('\n    at ')) fields.stack = args[0];
    this.pino[level](fields, msg);
  }
}

/**
 * A class name as written: in the production bundle, framework classes whose names collide come out as
 * `_InstanceLoader` (esbuild's renaming; keeping every name would cost ~80 ms of cold start).
 */
export function contextName(context: string): string {
  return context.replace(/^_+(?=[A-Z])/, '');
}

/** "13812345678" -> "138****5678": phone numbers never reach logs in full. */
export function maskPhone(phone: string | null | undefined): string | undefined {
  if (!phone) return undefined;
  return phone.length <= 7 ? '****' : `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

import { HttpException } from '@nestjs/common';
import type { ErrorBody } from '../openapi/error-body.dto';
import { AppException } from './app-exception';

const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
  503: 'NOT_READY',
};

/** Fastify client errors that are safe to describe to the caller. */
const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'Malformed JSON body',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'Empty JSON body',
  FST_ERR_CTP_BODY_TOO_LARGE: 'Request body too large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Unsupported content type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Invalid content length',
  FST_ERR_CTP_INVALID_TYPE: 'Invalid content type',
};

export interface MappedError {
  status: number;
  body: ErrorBody;
  /** True when the error is ours to fix (5xx): log it with its stack. */
  internal: boolean;
}

/** Maps anything thrown to the error contract of api.md. Never leaks internals on 5xx. */
export function toErrorResponse(err: unknown, requestId: string): MappedError {
  if (err instanceof AppException) {
    const body: ErrorBody = { code: err.code, message: err.message, requestId };
    if (err.details !== undefined) body.details = err.details;
    return { status: err.status, body, internal: err.status >= 500 && err.status !== 503 };
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    if (status < 500) {
      const res = err.getResponse();
      const message =
        typeof res === 'string'
          ? res
          : typeof (res as { message?: unknown }).message === 'string'
            ? (res as { message: string }).message
            : err.message;
      const body: ErrorBody = { code: CODE_BY_STATUS[status] ?? 'BAD_REQUEST', message, requestId };
      // Nest wraps Fastify's body-parser errors (malformed or empty JSON) as HttpExceptions.
      if (status === 400 && /JSON/.test(message)) body.details = { fields: [{ field: 'body', errors: [message] }] };
      return { status, body, internal: false };
    }
  }
  const e = err as { statusCode?: unknown; code?: unknown; message?: unknown } | undefined;
  if (e && typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const fastifyCode = typeof e.code === 'string' ? e.code : '';
    const message =
      FASTIFY_MESSAGES[fastifyCode] ?? (fastifyCode.startsWith('FST_') && typeof e.message === 'string' ? e.message : 'Bad request');
    const body: ErrorBody = { code: CODE_BY_STATUS[e.statusCode] ?? 'BAD_REQUEST', message, requestId };
    if (fastifyCode.startsWith('FST_ERR_CTP_INVALID_JSON') || fastifyCode === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      body.details = { fields: [{ field: 'body', errors: [message] }] };
    }
    return { status: e.statusCode, body, internal: false };
  }
  if (isDatabaseUnavailable(err)) {
    return {
      status: 503,
      body: { code: 'DATABASE_UNAVAILABLE', message: 'The database is not answering: retry shortly', requestId },
      internal: true,
    };
  }
  return { status: 500, body: { code: 'INTERNAL', message: 'Internal server error', requestId }, internal: true };
}

/** Timeouts and lost connections (ours: DB_ACQUIRE_TIMEOUT, DB_QUEUE_FULL; the rest from mysql2 / the OS). */
const UNAVAILABLE_CODES = new Set([
  'DB_ACQUIRE_TIMEOUT',
  'DB_QUEUE_FULL',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_CONNECTION_LOST',
  'ETIMEDOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ER_CON_COUNT_ERROR',
]);

/** The database did not answer in time or the connection broke: a 503 the caller may retry, not a bug. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; fatal?: unknown; driverError?: { code?: unknown; fatal?: unknown } } | undefined;
  if (!e || typeof e !== 'object') return false;
  const d = e.driverError ?? e;
  return UNAVAILABLE_CODES.has(String(d.code ?? e.code)) || d.fatal === true;
}

/** Codes meaning "WeChat Pay had a problem, try again later" even when the status is not 5xx. */
const RETRYABLE_CODES = new Set(['SYSTEM_ERROR', 'SYSTEMERROR', 'BANK_ERROR', 'BANKERROR']);

/**
 * WeChat Pay answered 4xx with a `{code, message}` about this request (PARAM_ERROR, ORDER_CLOSED,
 * SIGN_ERROR, FREQUENCY_LIMITED, ...). Only FREQUENCY_LIMITED is worth retrying as-is.
 */
export class WechatPayApiError extends Error {
  constructor(
    readonly api: string,
    readonly status: number,
    readonly code: string,
    /** WeChat's own message (never includes `detail`, which may echo the signed request). */
    readonly wechatMessage: string,
  ) {
    super(`WeChat Pay ${api} failed: HTTP ${status} ${code}${wechatMessage ? ` (${wechatMessage.slice(0, 200)})` : ''}`);
    this.name = new.target.name;
  }

  get retryable(): boolean {
    return this.code === 'FREQUENCY_LIMITED';
  }
}

/** The order is already paid (ORDERPAID): closing or re-prepaying it is wrong; reconcile it instead. */
export class WechatPayOrderPaidError extends WechatPayApiError {}

/** WeChat Pay could not be reached, timed out, answered 5xx / SYSTEM_ERROR or garbage: retry later. */
export class WechatPayUnavailableError extends Error {
  readonly retryable = true;
  constructor(
    readonly api: string,
    readonly reason: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(`WeChat Pay ${api} unavailable: ${reason}`);
    this.name = 'WechatPayUnavailableError';
  }
}

/** Maps a non-2xx answer to the typed error callers branch on. */
export function wechatPayErrorFrom(api: string, status: number, body: unknown): WechatPayApiError | WechatPayUnavailableError {
  const b = (body ?? {}) as { code?: unknown; message?: unknown };
  const code = typeof b.code === 'string' && b.code ? b.code : `HTTP_${status}`;
  const message = typeof b.message === 'string' ? b.message : '';
  if (status >= 500 || RETRYABLE_CODES.has(code)) return new WechatPayUnavailableError(api, `HTTP ${status} ${code}`, status, code);
  if (code === 'ORDERPAID') return new WechatPayOrderPaidError(api, status, code, message);
  return new WechatPayApiError(api, status, code, message);
}

export type NotifyFailureReason =
  | 'missing_headers'
  | 'unknown_serial'
  | 'stale_timestamp'
  | 'bad_signature'
  | 'malformed_body'
  | 'decrypt_failed'
  /** Authentic, but not the event this endpoint handles (e.g. a refund event posted to the payment URL). */
  | 'unexpected_event';

/**
 * A notification failed verification or decryption. Callers answer 4xx/5xx `{code:'FAIL', message}`
 * (WeChat Pay then retries) and change nothing. The message never holds keys or decrypted data.
 */
export class NotifyVerificationError extends Error {
  constructor(
    readonly reason: NotifyFailureReason,
    detail: string,
  ) {
    super(`WeChat Pay notification rejected (${reason}): ${detail}`);
    this.name = 'NotifyVerificationError';
  }
}

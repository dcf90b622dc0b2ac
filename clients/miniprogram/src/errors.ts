/** Codes the SDK itself answers with (the service's own codes come from its error bodies). */
export type ClientErrorCode =
  /** No HTTP answer: offline, DNS, timeout, or callContainer refused the call (see `details`). */
  | 'NETWORK_ERROR'
  /** wx.login failed (no code to exchange). */
  | 'WX_LOGIN_FAILED'
  /** The buyer closed the payment sheet. */
  | 'PAYMENT_CANCELLED'
  /** wx.requestPayment failed for another reason (see `message`). */
  | 'PAYMENT_FAILED'
  /** A non-2xx answer without wxmall's error body (e.g. a gateway page). */
  | 'BAD_RESPONSE';

/**
 * Every failure of an SDK call: wxmall's error body (`{code, message, details, requestId}`) with the HTTP status,
 * or one of the client codes above with status 0.
 */
export class WxmallError extends Error {
  override readonly name = 'WxmallError';

  constructor(
    /** wxmall's code (`OUT_OF_STOCK`, `VALIDATION_FAILED`, ...) or a ClientErrorCode. */
    readonly code: string,
    message: string,
    /** HTTP status; 0 when no HTTP answer came back. */
    readonly status: number,
    /** The service's request id (quote it when reporting a problem); null when there was no answer. */
    readonly requestId: string | null = null,
    /** wxmall's `details` (for VALIDATION_FAILED: the fields), or what the WeChat API said. */
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export function isWxmallError(err: unknown, code?: string): err is WxmallError {
  return err instanceof WxmallError && (code === undefined || err.code === code);
}

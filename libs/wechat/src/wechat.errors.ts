/** WeChat answered with a non-zero errcode that is about the request (bad code, rate limit, ...). */
export class WechatApiError extends Error {
  constructor(
    readonly api: string,
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`WeChat ${api} failed: ${errcode} ${errmsg}`);
    this.name = 'WechatApiError';
  }
}

/** WeChat could not be reached, timed out, answered 5xx or "system busy" (-1): worth retrying later. */
export class WechatUnavailableError extends Error {
  constructor(
    readonly api: string,
    readonly reason: string,
  ) {
    super(`WeChat ${api} unavailable: ${reason}`);
    this.name = 'WechatUnavailableError';
  }
}

/** errcodes meaning the access token is invalid or expired: refetch it and try once more. */
export const TOKEN_ERRCODES = new Set([40001, 40014, 42001]);

/** Well-known errcodes callers branch on. */
export const WX_ERR = {
  INVALID_CODE: 40029,
  CODE_USED: 40163,
  RATE_LIMITED: 45011,
  HIGH_RISK_USER: 40226,
  SYSTEM_BUSY: -1,
  SUBSCRIBE_REFUSED: 43101,
  PAYMENT_NOT_FOUND_YET: 10060001,
} as const;

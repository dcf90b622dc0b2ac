import { WechatApiError, WechatUnavailableError, WX_ERR } from '@app/wechat';
import { AuthErrors } from './auth.errors';

/** WeChat failures during login/phone binding as the client should see them: 4xx for its input, 503 when WeChat is down. */
export function mapWechatError(err: unknown): unknown {
  if (err instanceof WechatUnavailableError) return AuthErrors.wxUnavailable();
  if (err instanceof WechatApiError) {
    switch (err.errcode) {
      case WX_ERR.INVALID_CODE:
      case WX_ERR.CODE_USED:
        return AuthErrors.wxCodeInvalid();
      case WX_ERR.RATE_LIMITED:
        return AuthErrors.wxRateLimited();
      case WX_ERR.HIGH_RISK_USER:
        return AuthErrors.wxUserBlocked();
      default:
        return AuthErrors.wxRejected(err.errcode);
    }
  }
  return err;
}

/** What mapWechatError answers: the errors of a route that calls WeChat with a code from the client. */
export const WECHAT_CODE_ERRORS = [
  AuthErrors.wxCodeInvalid,
  AuthErrors.wxRateLimited,
  AuthErrors.wxUserBlocked,
  AuthErrors.wxRejected,
  AuthErrors.wxUnavailable,
];

import { AccessErrors } from '@app/access';
import { CommonErrors, defineError } from '@app/common';

export const AuthErrors = {
  ...AccessErrors,
  malformedAuthorization: CommonErrors.unauthenticated.with('Authorization header must be "Bearer <token>"'),
  gatewaySourceMissing: CommonErrors.unauthenticated.with(
    'x-wx-source header missing: the request did not come through the WeChat gateway',
  ),
  invalidCredentials: defineError(401, 'INVALID_CREDENTIALS', () => 'Wrong username or password'),
  loginThrottled: defineError(429, 'LOGIN_THROTTLED', (retryAfterSeconds: number) => ({
    message: `Too many failed logins for this username from your address: retry in ${retryAfterSeconds} s`,
    details: { retryAfterSeconds },
  })),
  loginBusy: CommonErrors.rateLimited.with('Too many logins in progress: retry in a second', { retryAfterSeconds: 1 }),
  wxLoginNotConfigured: defineError(
    503,
    'WX_LOGIN_NOT_CONFIGURED',
    (devLogin: boolean) =>
      'Login through WeChat is not configured on this server: set WX_SECRET (or WX_API_TOKENLESS=true on Cloud Hosting). ' +
      (devLogin
        ? 'For local testing, log in with POST /api/v1/auth/dev-login {"openid": "..."}.'
        : 'For local testing, enable DEV_LOGIN=true and use POST /api/v1/auth/dev-login {"openid": "..."}.'),
  ),
  wxCodeInvalid: defineError(400, 'WX_CODE_INVALID', () => 'The WeChat code is invalid, expired or already used'),
  wxRateLimited: CommonErrors.rateLimited.with('WeChat rate limit reached: retry in a minute'),
  wxUserBlocked: defineError(403, 'WX_USER_BLOCKED', () => 'WeChat refused this user (high risk)'),
  wxUnavailable: defineError(503, 'WECHAT_UNAVAILABLE', () => 'WeChat is not reachable right now: retry shortly'),
  wxRejected: defineError(502, 'WECHAT_REJECTED', (errcode: number) => ({
    message: `WeChat refused the request (errcode ${errcode})`,
    details: { errcode },
  })),
  phoneAppIdMismatch: defineError(400, 'WX_PHONE_APPID_MISMATCH', () => 'The phone number was issued for another mini program'),
  devLoginDisabled: CommonErrors.notFound.with('Route'),
  usernameTaken: defineError(409, 'USERNAME_TAKEN', () => 'That username is taken'),
  openidBound: defineError(409, 'OPENID_ALREADY_BOUND', () => 'That openid is bound to another admin account'),
  lastOwner: defineError(409, 'LAST_OWNER', () => 'The last active owner cannot be demoted or disabled'),
  addressNotFound: CommonErrors.notFound.with('Address'),
  adminUserNotFound: CommonErrors.notFound.with('Admin user'),
  customerNotFound: CommonErrors.notFound.with('Customer'),
  customerStateConflict: defineError(409, 'CUSTOMER_STATE_CONFLICT', (status: string, wanted: string) => ({
    message: `The customer is ${status}: cannot make it ${wanted}`,
    details: { status },
  })),
  addressLimit: defineError(409, 'ADDRESS_LIMIT', (max: number) => ({ message: `At most ${max} addresses per user`, details: { max } })),
  addressDefaultRequired: defineError(
    409,
    'ADDRESS_DEFAULT_REQUIRED',
    () => 'One address must stay the default: make another address the default instead',
  ),
};

import { AppException, CommonErrors } from '@app/common';

export const AuthErrors = {
  tokenInvalid: (): AppException => new AppException(401, 'UNAUTHENTICATED', 'Invalid token'),
  tokenExpired: (): AppException => new AppException(401, 'TOKEN_EXPIRED', 'Token expired: log in again'),
  malformedAuthorization: (): AppException => new AppException(401, 'UNAUTHENTICATED', 'Authorization header must be "Bearer <token>"'),
  gatewaySourceMissing: (): AppException =>
    new AppException(401, 'UNAUTHENTICATED', 'x-wx-source header missing: the request did not come through the WeChat gateway'),
  gatewayAppIdMismatch: (headerName: string): AppException =>
    new AppException(401, 'GATEWAY_APPID_MISMATCH', `${headerName} is missing or names another mini program than this service's`),
  loginRequired: (): AppException => CommonErrors.unauthenticated('Log in first'),
  userDisabled: (): AppException => new AppException(403, 'USER_DISABLED', 'This account is disabled'),
  adminRequired: (): AppException => new AppException(403, 'FORBIDDEN', 'Admin account required'),
  roleTooLow: (required: string): AppException =>
    new AppException(403, 'FORBIDDEN', `Requires the ${required} role`, { requiredRole: required }),
  invalidCredentials: (): AppException => new AppException(401, 'INVALID_CREDENTIALS', 'Wrong username or password'),
  loginThrottled: (retryAfterSeconds: number): AppException =>
    new AppException(
      429,
      'LOGIN_THROTTLED',
      `Too many failed logins for this username from your address: retry in ${retryAfterSeconds} s`,
      {
        retryAfterSeconds,
      },
    ),
  loginBusy: (): AppException => CommonErrors.rateLimited('Too many logins in progress: retry in a second', { retryAfterSeconds: 1 }),
  wxLoginNotConfigured: (devLogin: boolean): AppException =>
    new AppException(
      503,
      'WX_LOGIN_NOT_CONFIGURED',
      'Login through WeChat is not configured on this server: set WX_SECRET (or WX_API_TOKENLESS=true on Cloud Hosting). ' +
        (devLogin
          ? 'For local testing, log in with POST /api/v1/auth/dev-login {"openid": "..."}.'
          : 'For local testing, enable DEV_LOGIN=true and use POST /api/v1/auth/dev-login {"openid": "..."}.'),
    ),
  wxCodeInvalid: (): AppException => new AppException(400, 'WX_CODE_INVALID', 'The WeChat code is invalid, expired or already used'),
  wxRateLimited: (): AppException => CommonErrors.rateLimited('WeChat rate limit reached: retry in a minute'),
  wxUserBlocked: (): AppException => new AppException(403, 'WX_USER_BLOCKED', 'WeChat refused this user (high risk)'),
  wxUnavailable: (): AppException => new AppException(503, 'WECHAT_UNAVAILABLE', 'WeChat is not reachable right now: retry shortly'),
  wxRejected: (errcode: number): AppException =>
    new AppException(502, 'WECHAT_REJECTED', `WeChat refused the request (errcode ${errcode})`, { errcode }),
  phoneAppIdMismatch: (): AppException =>
    new AppException(400, 'WX_PHONE_APPID_MISMATCH', 'The phone number was issued for another mini program'),
  devLoginDisabled: (): AppException => CommonErrors.notFound('Route'),
  usernameTaken: (): AppException => new AppException(409, 'USERNAME_TAKEN', 'That username is taken'),
  openidBound: (): AppException => new AppException(409, 'OPENID_ALREADY_BOUND', 'That openid is bound to another admin account'),
  lastOwner: (): AppException => new AppException(409, 'LAST_OWNER', 'The last active owner cannot be demoted or disabled'),
  addressLimit: (max: number): AppException => new AppException(409, 'ADDRESS_LIMIT', `At most ${max} addresses per user`, { max }),
  addressDefaultRequired: (): AppException =>
    new AppException(409, 'ADDRESS_DEFAULT_REQUIRED', 'One address must stay the default: make another address the default instead'),
};

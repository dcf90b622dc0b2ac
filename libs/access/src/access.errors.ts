import { CommonErrors, defineError } from '@app/common';

/** What a caller without the access a route declares is told (auth re-exports these in AuthErrors). */
export const AccessErrors = {
  tokenInvalid: CommonErrors.unauthenticated.with('Invalid token'),
  tokenExpired: defineError(401, 'TOKEN_EXPIRED', () => 'Token expired: log in again'),
  gatewayAppIdMismatch: defineError(
    401,
    'GATEWAY_APPID_MISMATCH',
    (headerName: string) => `${headerName} is missing or names another mini program than this service's`,
  ),
  loginRequired: CommonErrors.unauthenticated.with('Log in first'),
  userDisabled: defineError(403, 'USER_DISABLED', () => 'This account is disabled'),
  adminRequired: CommonErrors.forbidden.with('Admin account required'),
  roleTooLow: defineError(403, 'FORBIDDEN', (required: string) => ({
    message: `Requires the ${required} role`,
    details: { requiredRole: required },
  })),
};

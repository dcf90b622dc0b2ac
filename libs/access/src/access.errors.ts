import { CommonErrors, defineError } from '@app/common';

/** Why an existing backend's token was refused (details.reason of EXTERNAL_TOKEN_INVALID). */
export type ExternalTokenDefect = 'malformed' | 'algorithm' | 'signature' | 'issuer' | 'audience' | 'not_yet_valid' | 'claims';

const DEFECTS: Record<ExternalTokenDefect, string> = {
  malformed: 'is not a well-formed signed JWT',
  algorithm: 'uses an algorithm this service does not accept',
  signature: 'has a signature that does not verify',
  issuer: 'was issued by another issuer than the one configured',
  audience: 'is meant for another audience',
  not_yet_valid: 'is not valid yet (nbf/iat in the future)',
  claims: 'lacks a usable sub or exp',
};

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
  externalTokenInvalid: defineError(401, 'EXTERNAL_TOKEN_INVALID', (reason: ExternalTokenDefect) => ({
    message: `The token ${DEFECTS[reason]}`,
    details: { reason },
  })),
  externalTokenKeyUnknown: defineError(
    401,
    'EXTERNAL_TOKEN_KEY_UNKNOWN',
    () => 'The token names a signing key (kid) its issuer does not publish in its JWKS',
  ),
  externalIdentityUnavailable: defineError(
    503,
    'EXTERNAL_IDENTITY_UNAVAILABLE',
    () => "The issuer's signing keys (JWKS) cannot be fetched right now: retry shortly",
  ),
  userDisabled: defineError(403, 'USER_DISABLED', () => 'This account is disabled'),
  adminRequired: CommonErrors.forbidden.with('Admin account required'),
  roleTooLow: defineError(403, 'FORBIDDEN', (required: string) => ({
    message: `Requires the ${required} role`,
    details: { requiredRole: required },
  })),
};

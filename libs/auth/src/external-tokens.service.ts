import { Injectable, Logger } from '@nestjs/common';
import { createLocalJWKSet, decodeJwt, errors, type JSONWebKeySet, jwtVerify } from 'jose';
import type { ExternalTokenDefect } from '@app/access';
import { Clock } from '@app/common';
import { type AppConfig, type ExternalIdentityConfig, InjectConfig } from '@app/config';
import { AuthErrors } from './auth.errors';
import { JwksCache, parseJwks } from './jwks-cache';

type JwtConfig = NonNullable<ExternalIdentityConfig['jwt']>;

/** A JWKS document larger than this is refused: an issuer publishes a handful of keys. */
const MAX_JWKS_BYTES = 256 * 1024;
/** The issuer of this service's own tokens (TokensService). */
const OWN_ISSUER = 'wxmall';

/** Why jose refused a token, as the client is told (EXTERNAL_TOKEN_INVALID's reason); undefined: not a token defect. */
export function tokenDefect(err: unknown): ExternalTokenDefect | 'expired' | 'unknown_key' | undefined {
  if (err instanceof errors.JWTExpired) return 'expired';
  if (err instanceof errors.JWKSNoMatchingKey) return 'unknown_key';
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'iss') return 'issuer';
    if (err.claim === 'aud') return 'audience';
    if ((err.claim === 'nbf' || err.claim === 'iat') && err.reason === 'check_failed') return 'not_yet_valid';
    return 'claims';
  }
  if (err instanceof errors.JOSEAlgNotAllowed || err instanceof errors.JOSENotSupported) return 'algorithm';
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'signature';
  // Two published keys match a kid-less token: the issuer must name its key.
  if (err instanceof errors.JWKSMultipleMatchingKeys) return 'malformed';
  if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid || err instanceof errors.JOSEError) return 'malformed';
  return undefined;
}

/**
 * The existing backend's JWTs as shopper identity (EXTERNAL_JWT_*): signature against its JWKS (algorithms pinned
 * to the configured asymmetric ones, so neither `none` nor an HMAC keyed with a public key passes), issuer,
 * audience, exp/nbf/iat with a small leeway, and a `sub` of at most 128 characters: its user id.
 */
@Injectable()
export class ExternalTokensService {
  private readonly logger = new Logger(ExternalTokensService.name);
  private readonly jwt?: JwtConfig;
  private readonly cache?: JwksCache;
  private local?: { set: JSONWebKeySet; getKey: ReturnType<typeof createLocalJWKSet> };

  constructor(
    @InjectConfig() config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.jwt = config.externalIdentity.jwt;
    if (this.jwt) {
      const jwt = this.jwt;
      this.cache = new JwksCache(
        () => this.fetchJwks(jwt),
        () => this.clock.now().getTime(),
        {
          maxAgeMs: jwt.jwksMaxAgeMs,
          cooldownMs: jwt.jwksCooldownMs,
        },
      );
    }
  }

  /**
   * Whether a bearer token is the existing backend's (to be verified here) rather than ours: only when configured,
   * judged by its unverified `iss` (anything but ours; both paths then verify fully, each with its own pinned keys).
   */
  handles(token: string): boolean {
    if (!this.jwt) return false;
    try {
      return decodeJwt(token).iss !== OWN_ISSUER;
    } catch {
      return false;
    }
  }

  /** The token's subject (the existing backend's user id), or a 401/503 AppException. */
  async verify(token: string): Promise<string> {
    const { jwt, cache } = this;
    if (!jwt || !cache) throw AuthErrors.tokenInvalid();
    const set = await this.keys(() => cache.current());
    try {
      return await this.check(token, set, jwt);
    } catch (err) {
      if (tokenDefect(err) !== 'unknown_key') throw this.refusal(err);
    }
    // A kid the set lacks: the issuer may have rotated its keys since we fetched them.
    const fresh = await this.keys(() => cache.refetchForUnknownKey());
    if (!fresh) throw AuthErrors.externalTokenKeyUnknown();
    try {
      return await this.check(token, fresh, jwt);
    } catch (err) {
      throw this.refusal(err);
    }
  }

  private async check(token: string, set: JSONWebKeySet, jwt: JwtConfig): Promise<string> {
    if (this.local?.set !== set) this.local = { set, getKey: createLocalJWKSet(set) };
    const { payload } = await jwtVerify(token, this.local.getKey, {
      issuer: jwt.issuer,
      audience: jwt.audience,
      algorithms: [...jwt.algorithms],
      clockTolerance: jwt.clockToleranceSeconds,
      currentDate: this.clock.now(),
      requiredClaims: ['exp', 'sub'],
    });
    // jose checks iat only with maxTokenAge (which would require it): a token from the future is refused here.
    const now = Math.floor(this.clock.now().getTime() / 1000);
    if (typeof payload.iat === 'number' && payload.iat > now + jwt.clockToleranceSeconds)
      throw AuthErrors.externalTokenInvalid('not_yet_valid');
    const sub = payload.sub;
    if (typeof sub !== 'string' || sub.length === 0 || sub.length > 128) throw AuthErrors.externalTokenInvalid('claims');
    return sub;
  }

  private refusal(err: unknown): unknown {
    const defect = tokenDefect(err);
    if (defect === undefined) return err;
    if (defect === 'expired') return AuthErrors.tokenExpired();
    if (defect === 'unknown_key') return AuthErrors.externalTokenKeyUnknown();
    return AuthErrors.externalTokenInvalid(defect);
  }

  private async keys<T>(get: () => Promise<T>): Promise<T> {
    try {
      return await get();
    } catch (err) {
      this.logger.warn({ error: (err as Error).message }, 'external JWKS fetch failed');
      throw AuthErrors.externalIdentityUnavailable();
    }
  }

  private async fetchJwks(jwt: JwtConfig): Promise<JSONWebKeySet> {
    const res = await fetch(jwt.jwksUrl, {
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(jwt.jwksTimeoutMs),
    });
    if (res.status !== 200) throw new Error(`JWKS answered HTTP ${res.status}`);
    const text = await res.text();
    if (text.length > MAX_JWKS_BYTES) throw new Error('JWKS response too large');
    return parseJwks(JSON.parse(text));
  }
}

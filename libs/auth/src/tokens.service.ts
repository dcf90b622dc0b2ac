import { createSecretKey, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { type AppConfig, InjectConfig } from '@app/config';
import { Clock } from '@app/common';
import { AuthErrors } from './auth.errors';

export interface TokenClaims {
  sub: string;
  typ: 'user' | 'admin';
  /** Admin tokens: the account's token version when issued. */
  ver?: number;
}

/** What a valid token carries: admin tokens also have an id, so that logout can revoke them. */
export interface VerifiedToken extends TokenClaims {
  /** Expiry, seconds since the epoch: every token has one. */
  exp: number;
  jti?: string;
}

export interface IssuedToken {
  token: string;
  expiresAt: string;
}

/** HS256 tokens with expiry; the algorithm is pinned on verify. Admin tokens live ADMIN_JWT_TTL and carry a `jti`. */
@Injectable()
export class TokensService {
  /**
   * The secret as a key object, made once. Given a string, jsonwebtoken first tries to read it as a PEM public or
   * private key on every call, fails, and only then makes a secret key: about a tenth of the CPU of a request that
   * carries a token. (@nestjs/jwt passes the key through; its types only name strings and buffers.)
   */
  private readonly key: string;

  constructor(
    private readonly jwt: JwtService,
    @InjectConfig() private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.key = createSecretKey(Buffer.from(config.auth.jwtSecret)) as unknown as string;
  }

  issue(claims: TokenClaims): IssuedToken {
    const admin = claims.typ === 'admin';
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    const exp = iat + (admin ? this.config.auth.adminJwtTtlSeconds : this.config.auth.jwtTtlSeconds);
    const payload = admin ? { ...claims, iat, exp, jti: randomBytes(16).toString('base64url') } : { ...claims, iat, exp };
    const token = this.jwt.sign(payload, { secret: this.key, algorithm: 'HS256', issuer: 'wxmall', noTimestamp: true });
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  }

  verify(token: string): VerifiedToken {
    try {
      const claims = this.jwt.verify<VerifiedToken>(token, {
        secret: this.key,
        algorithms: ['HS256'],
        issuer: 'wxmall',
        clockTimestamp: Math.floor(this.clock.now().getTime() / 1000),
      });
      // jsonwebtoken only checks `exp` when present: a token without one would never expire.
      if (typeof claims.exp !== 'number') throw new Error('no expiry');
      if ((claims.typ !== 'user' && claims.typ !== 'admin') || !/^\d+$/.test(claims.sub)) throw new Error('bad claims');
      if (claims.typ === 'admin' && (typeof claims.jti !== 'string' || !/^[\w-]{16,64}$/.test(claims.jti))) throw new Error('no token id');
      return claims;
    } catch (err) {
      throw (err as Error).name === 'TokenExpiredError' ? AuthErrors.tokenExpired() : AuthErrors.tokenInvalid();
    }
  }
}

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

export interface IssuedToken {
  token: string;
  expiresAt: string;
}

/** HS256 tokens with expiry; the algorithm is pinned on verify. */
@Injectable()
export class TokensService {
  constructor(
    private readonly jwt: JwtService,
    @InjectConfig() private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  issue(claims: TokenClaims): IssuedToken {
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    const exp = iat + this.config.auth.jwtTtlSeconds;
    const token = this.jwt.sign(
      { ...claims, iat, exp },
      { secret: this.config.auth.jwtSecret, algorithm: 'HS256', issuer: 'wxmall', noTimestamp: true },
    );
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  }

  verify(token: string): TokenClaims {
    try {
      const claims = this.jwt.verify<TokenClaims & { exp: number }>(token, {
        secret: this.config.auth.jwtSecret,
        algorithms: ['HS256'],
        issuer: 'wxmall',
        clockTimestamp: Math.floor(this.clock.now().getTime() / 1000),
      });
      if ((claims.typ !== 'user' && claims.typ !== 'admin') || !/^\d+$/.test(claims.sub)) throw new Error('bad claims');
      return claims;
    } catch (err) {
      throw (err as Error).name === 'TokenExpiredError' ? AuthErrors.tokenExpired() : AuthErrors.tokenInvalid();
    }
  }
}

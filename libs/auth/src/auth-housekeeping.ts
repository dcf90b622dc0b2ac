import { Injectable } from '@nestjs/common';
import { AdminAuthService } from './admin-auth.service';
import { LoginThrottleService } from './login-throttle.service';

/** Periodic cleanup of auth's expiring records; the app registers it as a sweep (auth cannot depend on jobs). */
@Injectable()
export class AuthHousekeeping {
  constructor(
    private readonly adminAuth: AdminAuthService,
    private readonly throttle: LoginThrottleService,
  ) {}

  /** Revocations of expired tokens and login throttles quiet for a day; returns the rows deleted. */
  async sweep(now: Date): Promise<number> {
    return (await this.adminAuth.sweepRevoked(now)) + (await this.throttle.sweep(now));
  }
}

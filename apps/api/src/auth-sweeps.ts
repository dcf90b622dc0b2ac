import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AuthHousekeeping } from '@app/auth';
import { JobRegistry } from '@app/jobs';

export const AUTH_SWEEP = 'auth-expired-records';

/** Wires auth's cleanup into the periodic sweeps here, at the composition root: jobs depends on auth, not the reverse. */
@Injectable()
export class AuthSweeps implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly housekeeping: AuthHousekeeping,
  ) {}

  onModuleInit(): void {
    this.registry.defineSweep(AUTH_SWEEP, 60 * 60_000, (now) => this.housekeeping.sweep(now));
  }
}

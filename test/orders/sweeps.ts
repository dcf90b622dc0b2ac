import { JobRunner } from '@app/jobs/testing';
import { AUTO_CONFIRM_SWEEP, EXPIRE_SWEEP } from '@app/orders/testing';
import type { TestApp } from '@app/testing';

/** Runs the order sweeps of an app directly (bypassing their schedule), as tests need. */
export class OrderSweepsRunner {
  constructor(private readonly t: TestApp) {}
  expire(): Promise<number> {
    return this.t.app.get(JobRunner).runSweep(EXPIRE_SWEEP);
  }
  autoConfirm(): Promise<number> {
    return this.t.app.get(JobRunner).runSweep(AUTO_CONFIRM_SWEEP);
  }
}

import type { EntityManager } from 'typeorm';
import { ManualClock } from '@app/common/testing';
import { JobRegistry, JobsService } from '@app/jobs';
import { REFUND_JOB, SUBSCRIBE_JOB } from './payment-jobs';

/**
 * Job types and payloads are one typed map (JobPayloads): what must not compile is checked by `npm run typecheck`
 * on the @ts-expect-error lines below (each fails the type check if the line compiles); the test checks the same
 * refusal at run time, for a type no instance defined.
 */
function mustNotCompile(jobs: JobsService, registry: JobRegistry, m: EntityManager): void {
  void jobs.enqueue(m, REFUND_JOB, { refundId: 1 });
  void jobs.enqueue(m, SUBSCRIBE_JOB, { kind: 'paid', orderId: 1 });
  // @ts-expect-error an unknown job type
  void jobs.enqueue(m, 'payments.refund-all', { refundId: 1 });
  // @ts-expect-error a payload of the wrong shape
  void jobs.enqueue(m, REFUND_JOB, { orderId: 1 });
  // @ts-expect-error a payload value of the wrong type
  void jobs.enqueue(m, SUBSCRIBE_JOB, { kind: 'cancelled', orderId: 1 });
  // @ts-expect-error a handler of another payload
  registry.defineJob(REFUND_JOB, async (p: { orderId: number }) => void p);
}

describe('typed jobs', () => {
  it('refuses to enqueue a type no module defined', async () => {
    const registry = new JobRegistry();
    const jobs = new JobsService(undefined as never, registry, new ManualClock());
    await expect(jobs.enqueue({} as EntityManager, REFUND_JOB, { refundId: 1 })).rejects.toThrow('unknown job type "payments.refund"');
    expect(typeof mustNotCompile).toBe('function');
  });
});

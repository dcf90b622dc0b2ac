import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@app/common';
import { dbValue, execute, stepStatus } from '@app/database';
import { WebhookEvents } from '@app/webhooks';
import { AfterSaleReads } from './after-sale-reads';
import { afterSaleStates, type AfterSaleActor, type AfterSaleStatus } from './after-sale-state';
import type { AfterSale } from './after-sale.entity';
import { AFTER_SALE_STEPS, INSERT_AFTER_SALE_EVENT } from './after-sale.sql';

export type AfterSaleStep = keyof typeof AFTER_SALE_STEPS;
type StepColumns<K extends AfterSaleStep> = (typeof AFTER_SALE_STEPS)[K]['columns'][number];
/** The columns a step sets besides the status, updatedAt and closedAt. */
export type AfterSaleStepValues<K extends AfterSaleStep> = Omit<Pick<AfterSale, StepColumns<K>>, 'updatedAt' | 'closedAt'>;

/** The state each step moves a request to. */
export const AFTER_SALE_STEP_TARGETS: Record<AfterSaleStep, AfterSaleStatus> = {
  approve: 'refunding',
  awaitReturn: 'awaiting_return',
  refund: 'refunding',
  returning: 'returning',
  refundFailed: 'refund_failed',
  reject: 'rejected',
  cancel: 'cancelled',
  refunded: 'refunded',
};

export interface AfterSaleTransition<K extends AfterSaleStep> {
  request: Pick<AfterSale, 'id' | 'status'>;
  step: K;
  actor: AfterSaleActor;
  actorId?: number | null;
  note?: string;
  values: AfterSaleStepValues<K>;
}

/**
 * The one way an after-sale request changes state, on the same pattern as orders: table + actor guard, a
 * conditional update on the expected state (false = lost race), and an audit row.
 */
@Injectable()
export class AfterSaleTransitions {
  constructor(
    private readonly clock: Clock,
    private readonly reads: AfterSaleReads,
    private readonly webhooks: WebhookEvents,
  ) {}

  async apply<K extends AfterSaleStep>(m: EntityManager, t: AfterSaleTransition<K>): Promise<boolean> {
    const from = t.request.status;
    const to = AFTER_SALE_STEP_TARGETS[t.step];
    afterSaleStates.assertAllowed(t.actor, from, to, String(t.request.id));
    const now = this.clock.now();
    // A step into a terminal state sets closed_at (its statement names the column); the others ignore it.
    const values = { ...t.values, updatedAt: now, closedAt: now } as unknown as Pick<AfterSale, StepColumns<K>>;
    if (!(await stepStatus(m, AFTER_SALE_STEPS[t.step], t.request.id, from, to, values))) return false;
    const note = (t.note ?? '').slice(0, 255);
    await execute(m, INSERT_AFTER_SALE_EVENT, [t.request.id, from, to, t.actor, t.actorId ?? null, note, dbValue(m, now)]);
    await this.announce(m, t.request.id);
    return true;
  }

  /** A request was created or changed state: its webhook event, with the document the admin API serves for it. */
  async announce(m: EntityManager, id: number): Promise<void> {
    await this.webhooks.emit(m, 'after_sale.changed', `after_sale:${id}`, async () => {
      const request = await this.reads.own(m, id);
      return { ...(await this.reads.views([request], m))[0]!, userId: request.userId };
    });
  }
}

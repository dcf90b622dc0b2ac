import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@app/common';
import { transitionRow } from '@app/database';
import { AfterSaleEvent } from './after-sale-event.entity';
import { afterSaleActorMay, afterSaleStates, type AfterSaleActor, type AfterSaleStatus } from './after-sale-state';
import { AfterSale } from './after-sale.entity';

export interface AfterSaleTransition {
  request: Pick<AfterSale, 'id' | 'status'>;
  to: AfterSaleStatus;
  actor: AfterSaleActor;
  actorId?: number | null;
  note?: string;
  patch?: Partial<AfterSale>;
}

/**
 * The one way an after-sale request changes state, on the same pattern as orders: table + actor
 * guard, a conditional update on the expected state (false = lost race), and an audit row.
 */
@Injectable()
export class AfterSaleTransitions {
  constructor(private readonly clock: Clock) {}

  async apply(m: EntityManager, t: AfterSaleTransition): Promise<boolean> {
    const from = t.request.status;
    if (!afterSaleActorMay(t.actor, from, t.to)) throw new Error(`after-sale ${t.request.id}: ${t.actor} may not move ${from} -> ${t.to}`);
    const now = this.clock.now();
    const patch: Partial<AfterSale> = { ...t.patch, updatedAt: now };
    if (afterSaleStates.isTerminal(t.to)) patch.closedAt = now;
    if (!(await transitionRow(m, AfterSale, t.request.id, from, t.to, patch))) return false;
    await m.insert(AfterSaleEvent, {
      afterSaleId: t.request.id,
      fromStatus: from,
      toStatus: t.to,
      actor: t.actor,
      actorId: t.actorId ?? null,
      note: (t.note ?? '').slice(0, 255),
      createdAt: now,
    });
    return true;
  }
}

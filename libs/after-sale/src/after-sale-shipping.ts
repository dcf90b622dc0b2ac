import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import { OrderLifecycle, type OrderTransitionEvent } from '@app/orders';
import { OPEN_STATUSES } from './after-sale-state';
import { AfterSale } from './after-sale.entity';
import { AfterSaleErrors } from './after-sale.errors';

/**
 * An order does not ship while a refund-only request on it is open: the operator decides it first
 * (approved, the money goes back and the refunded units leave the shipment; rejected, it ships as bought).
 * Runs inside the shipping transaction, which holds the order row's lock; applying a request locks the same
 * row, so a concurrent request either commits first and stops the shipping, or sees the order shipped.
 */
@Injectable()
export class AfterSaleShipping implements OnModuleInit {
  constructor(private readonly lifecycle: OrderLifecycle) {}

  onModuleInit(): void {
    this.lifecycle.onTransition((m, e) => this.beforeShipping(m, e));
  }

  private async beforeShipping(m: EntityManager, e: OrderTransitionEvent): Promise<void> {
    if (e.to !== 'shipped') return;
    const open = await m.findOne(AfterSale, {
      where: { orderId: e.orderId, type: 'refund_only', status: In([...OPEN_STATUSES]) },
      select: { id: true, status: true },
    });
    if (open) throw AfterSaleErrors.blocksShipping(open.id, open.status);
  }
}

import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import { OrderLifecycle, type OrderTransitionEvent, type TransitionVeto } from '@app/orders';
import { OPEN_STATUSES } from './after-sale-state';
import { AfterSale } from './after-sale.entity';
import { AfterSaleErrors } from './after-sale.errors';

/**
 * An order does not ship while a refund-only request on it is open: the operator decides it first
 * (approved, the money goes back and the refunded units leave the shipment; rejected, it ships as bought).
 * A guard on the order's move to `shipped`: orders runs it inside the shipping transaction, holding the order
 * row's lock; applying a request locks the same row, so a concurrent request either commits first and vetoes the
 * shipping (409 AFTER_SALE_BLOCKS_SHIPPING), or sees the order shipped.
 */
@Injectable()
export class AfterSaleShipping implements OnModuleInit {
  constructor(private readonly lifecycle: OrderLifecycle) {}

  onModuleInit(): void {
    this.lifecycle.registerTransitionGuard('shipped', (m, e) => this.openRefundRequest(m, e));
    // A pick-up order handed over at the store (paid -> completed) is the same as shipping it.
    this.lifecycle.registerTransitionGuard('completed', (m, e) =>
      e.from === 'paid' ? this.openRefundRequest(m, e) : Promise.resolve(null),
    );
  }

  private async openRefundRequest(m: EntityManager, e: OrderTransitionEvent): Promise<TransitionVeto | null> {
    const open = await m.findOne(AfterSale, {
      where: { orderId: e.orderId, type: 'refund_only', status: In([...OPEN_STATUSES]) },
      select: { id: true, status: true },
    });
    return open ? AfterSaleErrors.blocksShipping(open.id, open.status) : null;
  }
}

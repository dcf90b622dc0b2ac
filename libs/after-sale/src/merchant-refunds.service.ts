import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@app/common';
import { TransactionRunner } from '@app/database';
import { type AfterSaleOrder, OrderAfterSalesService, OrdersErrors } from '@app/orders';
import { PaymentsService } from '@app/payments';
import { quote, type RequestedUnits, shippingRefundable } from './after-sale-amounts';
import { AdminAfterSalesService } from './admin-after-sales.service';
import { AfterSaleReads, type OrderAfterSaleState } from './after-sale-reads';
import { AfterSaleRefunds } from './after-sale-refunds';
import { checkLines, insertRequest } from './after-sale-requests';
import { MERCHANT_REASON } from './after-sale-state';
import { AfterSaleTransitions } from './after-sale-transitions.service';
import { AfterSale } from './after-sale.entity';
import { AfterSaleErrors } from './after-sale.errors';
import type { AdminAfterSaleView } from './dto/after-sale-view.dto';
import type { CloseOrderDto, MerchantRefundDto } from './dto/merchant-refund.dto';

const REFUNDABLE_ORDER = ['paid', 'shipped', 'completed'];

/**
 * Refunds on the shop's initiative, through the after-sale path itself: a refund-only request made by the merchant
 * (initiator `merchant`) and approved at once, so amounts (per-unit shares, the shipping fee's rule), stock (units
 * that never shipped come back when the refund succeeds), the order's state (closed when everything is refunded) and
 * whatever listens to after-sale refunds stay exactly as for a buyer's request. No after-sale window applies.
 */
@Injectable()
export class MerchantRefundsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly orders: OrderAfterSalesService,
    private readonly payments: PaymentsService,
    private readonly reads: AfterSaleReads,
    private readonly refunds: AfterSaleRefunds,
    private readonly transitions: AfterSaleTransitions,
    private readonly adminAfterSales: AdminAfterSalesService,
    private readonly clock: Clock,
  ) {}

  /** Chosen items and quantities, or everything still refundable (units in open buyer requests aside). */
  async refund(adminId: number, orderId: number, dto: MerchantRefundDto): Promise<AdminAfterSaleView> {
    const id = await this.tx.run(async (m) => {
      const { order, state } = await this.load(m, orderId, 'refund');
      const lines = dto.items ?? remaining(state);
      if (lines.length === 0) throw AfterSaleErrors.notAllowed('Nothing of this order is left to refund', { orderStatus: order.status });
      return this.start(m, adminId, order, state, lines, dto.reason);
    });
    return this.adminAfterSales.detail(id);
  }

  /**
   * A paid order that cannot ship: everything refunded, the shipping fee with it; the order moves paid -> closed when
   * the refund succeeds (shipping is refused meanwhile). Refused while a buyer's request on it is open: decide it first.
   */
  async close(adminId: number, orderId: number, dto: CloseOrderDto): Promise<AdminAfterSaleView> {
    const id = await this.tx.run(async (m) => {
      const { order, state } = await this.load(m, orderId, 'close');
      if (order.status !== 'paid') throw OrdersErrors.stateConflict(order.status, 'close');
      const [busy] = state.openRequestOf;
      if (busy) throw AfterSaleErrors.itemBusy(busy[0], busy[1]);
      const lines = remaining(state);
      if (lines.length === 0) throw AfterSaleErrors.notAllowed('Nothing of this order is left to refund', { orderStatus: order.status });
      return this.start(m, adminId, order, state, lines, dto.reason);
    });
    return this.adminAfterSales.detail(id);
  }

  /** The order, locked first (as every money decision on it), and what its items have committed. */
  private async load(m: EntityManager, orderId: number, action: string): Promise<{ order: AfterSaleOrder; state: OrderAfterSaleState }> {
    const order = await this.orders.load(m, orderId, { lock: true });
    if (!REFUNDABLE_ORDER.includes(order.status)) throw OrdersErrors.stateConflict(order.status, action);
    return { order, state: await this.reads.stateOf(m, order) };
  }

  private async start(
    m: EntityManager,
    adminId: number,
    order: AfterSaleOrder,
    state: OrderAfterSaleState,
    lines: RequestedUnits[],
    reason: string,
  ): Promise<number> {
    checkLines(state, lines);
    const q = quote(state.ledger, lines, order.shippingFee, shippingRefundable(order, state.shippingTaken));
    const left = await this.payments.refundable(m, order.id);
    if (q.total > left) throw AfterSaleErrors.amountTooHigh(left);
    const id = await insertRequest(m, {
      order,
      type: 'refund_only',
      reason: MERCHANT_REASON.code,
      description: reason,
      images: [],
      quote: q,
      initiator: 'merchant',
      actor: 'admin',
      actorId: adminId,
      note: 'refund by the merchant',
      now: this.clock.now(),
    });
    await this.transitions.announce(m, id);
    const request = await m.findOneOrFail(AfterSale, { where: { id } });
    await this.refunds.decideShipping(m, request, order);
    const moved = await this.transitions.apply(m, {
      request,
      step: 'approve',
      actor: 'admin',
      actorId: adminId,
      note: reason,
      values: { adminNote: reason },
    });
    if (!moved) throw AfterSaleErrors.stateConflict(request.status, 'refund');
    await this.refunds.startRefund(m, request, reason);
    return id;
  }
}

/** Every unit not yet in a request; items held by an open buyer request are left to it. */
function remaining(state: OrderAfterSaleState): RequestedUnits[] {
  return state.ledger
    .filter((l) => l.committedQuantity < l.quantity && !state.openRequestOf.has(l.orderItemId))
    .map((l) => ({ orderItemId: l.orderItemId, quantity: l.quantity - l.committedQuantity }));
}

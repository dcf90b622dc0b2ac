import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import { type AfterSaleOrder, OrderAfterSalesService } from '@app/orders';
import { RefundsService } from '@app/payments';
import type { ItemLedger } from './after-sale-amounts';
import { AfterSaleEvent } from './after-sale-event.entity';
import { AfterSaleItem } from './after-sale-item.entity';
import { COMMITTED_STATUSES, MONEY_MOVED_STATUSES, OPEN_STATUSES } from './after-sale-state';
import { AfterSale } from './after-sale.entity';
import { AfterSaleErrors } from './after-sale.errors';
import { toAfterSaleView, type AfterSaleView, type ItemInfo } from './dto/after-sale.mappers';

export interface OrderAfterSaleState {
  ledger: ItemLedger[];
  /** order item id -> the open request holding it */
  openRequestOf: Map<number, number>;
  /** True once a request whose money moved carries (some of) the shipping fee. */
  shippingTaken: boolean;
}

/** Reads shared by the buyer and admin sides: what each order item has committed, and request views. */
@Injectable()
export class AfterSaleReads {
  constructor(
    private readonly ds: DataSource,
    private readonly orders: OrderAfterSalesService,
    private readonly refunds: RefundsService,
  ) {}

  /** Units of each item in open or refunded requests, and in those whose money moved (one query), in the caller's transaction. */
  async stateOf(m: EntityManager | undefined, order: AfterSaleOrder): Promise<OrderAfterSaleState> {
    const rows = await (m ?? this.ds.manager)
      .createQueryBuilder(AfterSaleItem, 'i')
      .innerJoin(AfterSale, 'a', 'a.id = i.afterSaleId')
      .select([
        'i.orderItemId AS orderItemId',
        'i.quantity AS quantity',
        'a.id AS requestId',
        'a.status AS status',
        'a.shippingAmount AS shippingAmount',
      ])
      .where('a.orderId = :orderId AND a.status IN (:...statuses)', { orderId: order.id, statuses: COMMITTED_STATUSES })
      .getRawMany<{ orderItemId: number; quantity: number; requestId: number; status: string; shippingAmount: number }>();
    const committed = new Map<number, number>();
    const moved = new Map<number, number>();
    const openRequestOf = new Map<number, number>();
    let shippingTaken = false;
    for (const r of rows) {
      const itemId = Number(r.orderItemId);
      committed.set(itemId, (committed.get(itemId) ?? 0) + Number(r.quantity));
      if ((OPEN_STATUSES as readonly string[]).includes(r.status)) openRequestOf.set(itemId, Number(r.requestId));
      if ((MONEY_MOVED_STATUSES as readonly string[]).includes(r.status)) {
        moved.set(itemId, (moved.get(itemId) ?? 0) + Number(r.quantity));
        if (Number(r.shippingAmount) > 0) shippingTaken = true;
      }
    }
    return {
      ledger: order.items.map((i) => ({
        orderItemId: i.id,
        quantity: i.quantity,
        // What was paid for the item (line total less its coupon share): refunds are shared out of it.
        lineTotal: i.paidAmount,
        committedQuantity: committed.get(i.id) ?? 0,
        movedQuantity: moved.get(i.id) ?? 0,
      })),
      openRequestOf,
      shippingTaken,
    };
  }

  async own(m: EntityManager | undefined, id: number, userId?: number): Promise<AfterSale> {
    const a = await (m ?? this.ds.manager).findOne(AfterSale, { where: { id, ...(userId ? { userId } : {}) } });
    if (!a) throw AfterSaleErrors.notFound();
    return a;
  }

  /**
   * Full views of requests: items (with order-item titles), refund status and history, in a fixed number of queries;
   * the request's own rows through `m` (a webhook event reads them in the change's transaction).
   */
  async views(requests: AfterSale[], m: EntityManager = this.ds.manager): Promise<AfterSaleView[]> {
    if (requests.length === 0) return [];
    const ids = requests.map((r) => r.id);
    const [items, events, refunds] = await Promise.all([
      m.find(AfterSaleItem, { where: { afterSaleId: In(ids) }, order: { id: 'ASC' } }),
      m.find(AfterSaleEvent, { where: { afterSaleId: In(ids) }, order: { id: 'ASC' } }),
      this.refunds.findByIds(
        requests.map((r) => r.refundId).filter((x): x is number => x !== null),
        m,
      ),
    ]);
    const info: ReadonlyMap<number, ItemInfo> = await this.orders.itemInfo([...new Set(items.map((i) => i.orderItemId))]);
    const refundById = new Map(refunds.map((r) => [r.id, r]));
    return requests.map((r) => {
      const refund = r.refundId ? refundById.get(r.refundId) : undefined;
      return toAfterSaleView(
        r,
        items.filter((i) => i.afterSaleId === r.id),
        info,
        events.filter((e) => e.afterSaleId === r.id),
        refund ? { status: refund.status, succeededAt: refund.succeededAt, lastError: refund.lastError } : null,
      );
    });
  }
}

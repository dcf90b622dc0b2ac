import type { EntityManager } from 'typeorm';
import { newBusinessNo } from '@app/common';
import type { AfterSaleOrder } from '@app/orders';
import type { Quote, RequestedUnits } from './after-sale-amounts';
import { AfterSaleEvent } from './after-sale-event.entity';
import { AfterSaleItem } from './after-sale-item.entity';
import type { OrderAfterSaleState } from './after-sale-reads';
import type { AfterSaleActor, AfterSaleInitiator, AfterSaleType } from './after-sale-state';
import { AfterSale } from './after-sale.entity';
import { AfterSaleErrors } from './after-sale.errors';

/** The item rules of any request, a buyer's or the merchant's: each item once, of this order, free, and not more than is left. */
export function checkLines(state: OrderAfterSaleState, lines: readonly RequestedUnits[]): void {
  const seen = new Set<number>();
  for (const line of lines) {
    if (seen.has(line.orderItemId)) throw AfterSaleErrors.duplicateItem(line.orderItemId);
    seen.add(line.orderItemId);
    const ledger = state.ledger.find((l) => l.orderItemId === line.orderItemId);
    if (!ledger) throw AfterSaleErrors.unknownItem(line.orderItemId);
    const busy = state.openRequestOf.get(line.orderItemId);
    if (busy) throw AfterSaleErrors.itemBusy(line.orderItemId, busy);
    const left = ledger.quantity - ledger.committedQuantity;
    if (line.quantity > left) throw AfterSaleErrors.quantityExceeded(line.orderItemId, left);
  }
}

export interface NewRequest {
  order: AfterSaleOrder;
  type: AfterSaleType;
  reason: string;
  description: string;
  images: string[];
  quote: Quote;
  initiator: AfterSaleInitiator;
  actor: AfterSaleActor;
  actorId: number;
  note: string;
  now: Date;
}

/** Writes a request in `requested` with its items and first audit row (in the caller's transaction); returns its id. */
export async function insertRequest(m: EntityManager, r: NewRequest): Promise<number> {
  const res = await m.insert(AfterSale, {
    afterSaleNo: `AS${newBusinessNo(r.now)}`,
    orderId: r.order.id,
    orderNo: r.order.orderNo,
    userId: r.order.userId,
    type: r.type,
    status: 'requested',
    initiator: r.initiator,
    reason: r.reason,
    description: r.description,
    images: r.images,
    requestedAmount: r.quote.total,
    refundAmount: r.quote.total,
    shippingAmount: r.quote.shippingAmount,
    returnCompany: null,
    returnTrackingNo: null,
    returnDeadline: null,
    rejectReason: null,
    adminNote: null,
    refundId: null,
    createdAt: r.now,
    updatedAt: r.now,
    closedAt: null,
  });
  const requestId = (res.identifiers[0] as { id: number }).id;
  await m.insert(
    AfterSaleItem,
    r.quote.items.map((i) => ({ afterSaleId: requestId, orderItemId: i.orderItemId, quantity: i.quantity, amount: i.amount })),
  );
  await m.insert(AfterSaleEvent, {
    afterSaleId: requestId,
    fromStatus: null,
    toStatus: 'requested',
    actor: r.actor,
    actorId: r.actorId,
    note: r.note,
    createdAt: r.now,
  });
  return requestId;
}

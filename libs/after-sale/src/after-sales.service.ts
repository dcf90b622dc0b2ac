import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock, type Page, pageParams, toPage } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { TransactionRunner, writeLock } from '@app/database';
import { ModerationService, NOT_CHECKED, SCENE } from '@app/moderation';
import { type AfterSaleOrder, OrderAfterSalesService } from '@app/orders';
import { PaymentsService } from '@app/payments';
import { SettingsService } from '@app/settings';
import { quote, refundableOf, shippingRefundable, type Quote } from './after-sale-amounts';
import { AfterSaleReads } from './after-sale-reads';
import { AfterSaleRefunds } from './after-sale-refunds';
import { checkLines, insertRequest } from './after-sale-requests';
import { AFTER_SALE_REASONS, type AfterSaleType } from './after-sale-state';
import { AfterSaleTransitions } from './after-sale-transitions.service';
import { AfterSale } from './after-sale.entity';
import { AfterSaleErrors } from './after-sale.errors';
import type { AfterSaleListQuery, ApplyAfterSaleDto, QuoteAfterSaleDto, ReturnShipmentDto } from './dto/after-sale.dto';
import type { RefundablePreview } from './dto/after-sale-view.dto';
import type { AfterSaleView } from './dto/after-sale.mappers';

/**
 * The buyer's side of after-sale: what can still be refunded, applying (serialized on the order's
 * row lock, so two requests for the last unit cannot both pass), cancelling, sending goods back.
 */
@Injectable()
export class AfterSalesService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly orders: OrderAfterSalesService,
    private readonly payments: PaymentsService,
    private readonly reads: AfterSaleReads,
    private readonly refunds: AfterSaleRefunds,
    private readonly transitions: AfterSaleTransitions,
    private readonly moderation: ModerationService,
    private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfig,
    private readonly settings: SettingsService,
  ) {}

  reasons(): typeof AFTER_SALE_REASONS {
    return AFTER_SALE_REASONS;
  }

  async preview(userId: number, orderId: number): Promise<RefundablePreview> {
    const order = await this.orders.load(undefined, orderId, { userId });
    const state = await this.reads.stateOf(undefined, order);
    const allowed = (['refund_only', 'return_refund'] as const).filter((t) => this.eligibility(order, t) === null);
    const everything = state.ledger
      .filter((l) => l.committedQuantity < l.quantity)
      .map((l) => ({ orderItemId: l.orderItemId, quantity: l.quantity - l.committedQuantity }));
    return {
      orderId,
      allowedTypes: allowed,
      notAllowedReason: allowed.length ? null : this.eligibility(order, 'refund_only'),
      windowEndsAt: order.completedAt
        ? new Date(order.completedAt.getTime() + this.settings.current().afterSaleDays * 86_400_000).toISOString()
        : null,
      items: order.items.map((i) => {
        const left = refundableOf(state.ledger.find((l) => l.orderItemId === i.id)!);
        return {
          orderItemId: i.id,
          title: i.title,
          specText: i.specText,
          image: i.image,
          quantity: i.quantity,
          refundableQuantity: left.quantity,
          refundableAmount: left.amount,
          openAfterSaleId: state.openRequestOf.get(i.id) ?? null,
        };
      }),
      shippingFee: order.shippingFee,
      shippingIncludedIfAll: everything.length > 0 && shippingRefundable(order, state.shippingTaken),
      reasons: [...AFTER_SALE_REASONS],
    };
  }

  /** The exact refund a request would get (same checks as applying, nothing written). */
  async quote(userId: number, dto: QuoteAfterSaleDto): Promise<Quote> {
    return (await this.check(this.ds.manager, userId, dto, false)).quote;
  }

  async apply(userId: number, dto: ApplyAfterSaleDto): Promise<AfterSaleView> {
    // The description is checked by WeChat before anything is written (risky: 400 CONTENT_RISKY naming `description`).
    const described = dto.description
      ? await this.moderation.screenText({
          userId,
          scene: SCENE.comment,
          content: dto.description,
          targetType: 'after_sale',
          field: 'description',
        })
      : NOT_CHECKED;
    const id = await this.tx.run(async (m) => {
      const { order, quote: q } = await this.check(m, userId, dto);
      const requestId = await insertRequest(m, {
        order,
        type: dto.type,
        reason: dto.reason,
        description: dto.description ?? '',
        images: dto.images ?? [],
        quote: q,
        initiator: 'buyer',
        actor: 'user',
        actorId: userId,
        note: 'applied',
        now: this.clock.now(),
      });
      await this.moderation.attach(m, { type: 'after_sale', id: requestId }, [described]);
      await this.transitions.announce(m, requestId);
      // Refund-only before shipping can be approved at once when the shop wants it.
      if (this.config.business.afterSaleAutoApprove && dto.type === 'refund_only' && order.status === 'paid') {
        const request = await m.findOneOrFail(AfterSale, { where: { id: requestId } });
        await this.refunds.decideShipping(m, request, order);
        await this.transitions.apply(m, { request, step: 'refund', actor: 'system', note: 'auto-approved (not shipped)', values: {} });
        await this.refunds.startRefund(m, request);
      }
      return requestId;
    });
    return this.get(userId, id);
  }

  async list(userId: number, q: AfterSaleListQuery): Promise<Page<AfterSaleView>> {
    const { offset, pageSize } = pageParams(q);
    const [rows, total] = await this.ds.manager.findAndCount(AfterSale, {
      where: { userId, ...(q.status ? { status: q.status } : {}), ...(q.orderId ? { orderId: q.orderId } : {}) },
      order: { id: 'DESC' },
      skip: offset,
      take: pageSize,
    });
    return toPage(await this.reads.views(rows), total, q);
  }

  async get(userId: number, id: number): Promise<AfterSaleView> {
    const [view] = await this.reads.views([await this.reads.own(undefined, id, userId)]);
    return view!;
  }

  /** The buyer withdraws a request that has not started refunding. */
  async cancel(userId: number, id: number): Promise<AfterSaleView> {
    await this.tx.run(async (m) => {
      const request = await m.findOne(AfterSale, { where: { id, userId }, ...writeLock(m) });
      if (!request) throw AfterSaleErrors.notFound();
      if (request.status !== 'requested' && request.status !== 'awaiting_return')
        throw AfterSaleErrors.stateConflict(request.status, 'cancel');
      if (
        !(await this.transitions.apply(m, {
          request,
          step: 'cancel',
          actor: 'user',
          actorId: userId,
          note: 'withdrawn by buyer',
          values: {},
        }))
      ) {
        throw AfterSaleErrors.stateConflict(request.status, 'cancel');
      }
    });
    return this.get(userId, id);
  }

  async returnShipment(userId: number, id: number, dto: ReturnShipmentDto): Promise<AfterSaleView> {
    await this.tx.run(async (m) => {
      const request = await m.findOne(AfterSale, { where: { id, userId }, ...writeLock(m) });
      if (!request) throw AfterSaleErrors.notFound();
      if (request.status !== 'awaiting_return') throw AfterSaleErrors.stateConflict(request.status, 'submit a return shipment');
      if (request.returnDeadline && request.returnDeadline <= this.clock.now())
        throw AfterSaleErrors.notAllowed('The return deadline has passed');
      const company = dto.expressCompany.toUpperCase();
      await this.transitions.apply(m, {
        request,
        step: 'returning',
        actor: 'user',
        actorId: userId,
        note: `${company} ${dto.trackingNo}`,
        values: { returnCompany: company, returnTrackingNo: dto.trackingNo },
      });
    });
    return this.get(userId, id);
  }

  /** Every rule of applying (under the order's row lock when applying); returns the priced request. */
  private async check(
    m: EntityManager,
    userId: number,
    dto: QuoteAfterSaleDto,
    lock = true,
  ): Promise<{ order: AfterSaleOrder; quote: Quote }> {
    const order = await this.orders.load(m, dto.orderId, { userId, lock });
    const why = this.eligibility(order, dto.type);
    if (why)
      throw why.includes('days')
        ? AfterSaleErrors.windowClosed(this.settings.current().afterSaleDays)
        : AfterSaleErrors.notAllowed(why, { orderStatus: order.status });
    const state = await this.reads.stateOf(m, order);
    checkLines(state, dto.items);
    const q = quote(state.ledger, dto.items, order.shippingFee, shippingRefundable(order, state.shippingTaken));
    // Never more than the payment has left (refunds outside after-sale count too).
    const left = await this.payments.refundable(m, order.id);
    if (q.total > left) throw AfterSaleErrors.amountTooHigh(left);
    return { order, quote: q };
  }

  /** null when a request of this type is possible now, else why not. */
  private eligibility(order: AfterSaleOrder, type: AfterSaleType): string | null {
    if (!['paid', 'shipped', 'completed'].includes(order.status)) return `Orders that are ${order.status} take no after-sale requests`;
    if (type === 'return_refund' && order.status === 'paid')
      return 'Nothing to return yet: the order has not shipped (ask for a refund only)';
    if (order.status === 'completed') {
      const { afterSaleDays } = this.settings.current();
      const ends = (order.completedAt?.getTime() ?? 0) + afterSaleDays * 86_400_000;
      if (this.clock.now().getTime() > ends) return `The after-sale window closed ${afterSaleDays} days after completion`;
    }
    return null;
  }
}

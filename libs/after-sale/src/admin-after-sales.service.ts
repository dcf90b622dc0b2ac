import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { allocateFen, Clock, type Page, pageParams, toPage } from '@app/common';
import { TransactionRunner, writeLock } from '@app/database';
import { type AfterSaleOrder, OrderAfterSalesService } from '@app/orders';
import { RefundsService } from '@app/payments';
import { SettingsService } from '@app/settings';
import { AfterSaleItem } from './after-sale-item.entity';
import { AfterSaleReads } from './after-sale-reads';
import { AfterSaleRefunds } from './after-sale-refunds';
import type { AfterSaleStatus } from './after-sale-state';
import { type AfterSaleStep, type AfterSaleStepValues, AfterSaleTransitions } from './after-sale-transitions.service';
import { AfterSale } from './after-sale.entity';
import { AfterSaleErrors } from './after-sale.errors';
import type { AdminAfterSaleListQuery, ApproveAfterSaleDto } from './dto/after-sale.dto';
import type { AfterSaleView } from './dto/after-sale.mappers';

/** The operator's decisions on after-sale requests. Each one locks the order row, then the request row. */
@Injectable()
export class AdminAfterSalesService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly orders: OrderAfterSalesService,
    private readonly refundsService: RefundsService,
    private readonly reads: AfterSaleReads,
    private readonly refunds: AfterSaleRefunds,
    private readonly transitions: AfterSaleTransitions,
    private readonly clock: Clock,
    private readonly settings: SettingsService,
  ) {}

  async list(q: AdminAfterSaleListQuery): Promise<Page<AfterSaleView & { userId: number }>> {
    const { offset, pageSize } = pageParams(q);
    const qb = this.ds.manager.createQueryBuilder(AfterSale, 'a');
    if (q.status) qb.andWhere('a.status = :status', { status: q.status });
    if (q.orderNo) qb.andWhere('a.orderNo = :orderNo', { orderNo: q.orderNo });
    if (q.from) qb.andWhere('a.createdAt >= :from', { from: new Date(q.from) });
    if (q.to) qb.andWhere('a.createdAt < :to', { to: new Date(q.to) });
    const [rows, total] = await qb.orderBy('a.id', 'DESC').skip(offset).take(pageSize).getManyAndCount();
    const views = await this.reads.views(rows);
    return toPage(
      views.map((v, i) => ({ ...v, userId: rows[i]!.userId })),
      total,
      q,
    );
  }

  async detail(id: number): Promise<AfterSaleView & { userId: number }> {
    const request = await this.reads.own(undefined, id);
    const [view] = await this.reads.views([request]);
    return { ...view!, userId: request.userId };
  }

  /** refund_only: refund now; return_refund: wait for the goods (RETURN_SHIP_DAYS to send them). */
  async approve(adminId: number, id: number, dto: ApproveAfterSaleDto): Promise<AfterSaleView & { userId: number }> {
    await this.decide(id, 'approve', ['requested'], async (m, request, order) => {
      // Refund-only money moves now: the fee is decided now, before an operator lowers the total.
      if (request.type === 'refund_only') await this.refunds.decideShipping(m, request, order);
      if (dto.refundAmount !== undefined && dto.refundAmount !== request.refundAmount) await this.lower(m, request, dto.refundAmount);
      const note = dto.note ?? (dto.refundAmount !== undefined ? `approved ${request.refundAmount} fen` : 'approved');
      if (request.type === 'refund_only') {
        await this.move(m, request, 'approve', adminId, note, { adminNote: dto.note ?? null });
        await this.refunds.startRefund(m, request);
      } else {
        const returnDeadline = new Date(this.clock.now().getTime() + this.settings.current().returnShipDays * 86_400_000);
        await this.move(m, request, 'awaitReturn', adminId, note, { adminNote: dto.note ?? null, returnDeadline });
      }
    });
    return this.detail(id);
  }

  async reject(adminId: number, id: number, reason: string): Promise<AfterSaleView & { userId: number }> {
    await this.decide(id, 'reject', ['requested'], (m, request) =>
      this.move(m, request, 'reject', adminId, reason, { rejectReason: reason }),
    );
    return this.detail(id);
  }

  /** The returned goods arrived: put them back in stock and refund. */
  async receive(adminId: number, id: number): Promise<AfterSaleView & { userId: number }> {
    await this.decide(id, 'confirm receipt of', ['returning'], async (m, request, order) => {
      await this.refunds.decideShipping(m, request, order);
      await this.move(m, request, 'refund', adminId, 'goods received and restocked', {});
      await this.refunds.restock(m, request, order, 'return_restock');
      await this.refunds.startRefund(m, request);
    });
    return this.detail(id);
  }

  async refuseReceipt(adminId: number, id: number, reason: string): Promise<AfterSaleView & { userId: number }> {
    await this.decide(id, 'refuse receipt of', ['returning'], (m, request) =>
      this.move(m, request, 'reject', adminId, reason, { rejectReason: reason }),
    );
    return this.detail(id);
  }

  /** Sends a failed refund again (same out_refund_no, so WeChat Pay cannot pay it twice). */
  async retryRefund(adminId: number, id: number): Promise<AfterSaleView & { userId: number }> {
    await this.decide(id, 'retry the refund of', ['refund_failed'], async (m, request) => {
      await this.move(m, request, 'refund', adminId, 'refund retried', {});
      if (request.refundId) await this.refundsService.retry(m, request.refundId, adminId);
      else await this.refunds.startRefund(m, request);
    });
    return this.detail(id);
  }

  /** Lowers the refund, spreading the new total over items and shipping in proportion, exactly. */
  private async lower(m: EntityManager, request: AfterSale, amount: number): Promise<void> {
    if (amount > request.refundAmount) throw AfterSaleErrors.amountTooHigh(request.refundAmount);
    const items = await m.find(AfterSaleItem, { where: { afterSaleId: request.id }, order: { id: 'ASC' } });
    const parts = allocateFen(amount, [...items.map((i) => i.amount), request.shippingAmount]);
    for (const [k, item] of items.entries()) await m.update(AfterSaleItem, { id: item.id }, { amount: parts[k]! });
    request.refundAmount = amount;
    request.shippingAmount = parts[items.length]!;
    await m.update(AfterSale, { id: request.id }, { refundAmount: amount, shippingAmount: request.shippingAmount });
  }

  private async move<K extends AfterSaleStep>(
    m: EntityManager,
    request: AfterSale,
    step: K,
    adminId: number,
    note: string,
    values: AfterSaleStepValues<K>,
  ): Promise<void> {
    if (!(await this.transitions.apply(m, { request, step, actor: 'admin', actorId: adminId, note, values })))
      throw AfterSaleErrors.stateConflict(request.status, 'change');
    Object.assign(request, values);
  }

  /**
   * Runs a decision with the order row locked first, then the request row: decisions on one order serialize
   * with each other, with applying, shipping and refund settlement (all lock the order row first).
   */
  private async decide(
    id: number,
    action: string,
    from: AfterSaleStatus[],
    work: (m: EntityManager, request: AfterSale, order: AfterSaleOrder) => Promise<void>,
  ): Promise<void> {
    await this.tx.run(async (m) => {
      const found = await m.findOne(AfterSale, { where: { id }, select: { id: true, orderId: true } });
      if (!found) throw AfterSaleErrors.notFound();
      const order = await this.orders.load(m, found.orderId, { lock: true });
      const request = await m.findOneOrFail(AfterSale, { where: { id }, ...writeLock(m) });
      if (!from.includes(request.status)) throw AfterSaleErrors.stateConflict(request.status, action);
      await work(m, request, order);
    });
  }
}

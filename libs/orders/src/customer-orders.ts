import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { CustomerRecords, type CustomerOrderSource, type CustomerOrderStats, type CustomerOrderView } from '@app/auth';
import { dbDate } from '@app/database';
import { Order } from './order.entity';

/** The customer pages' view of a shopper's orders (registered with auth, which cannot import orders). */
@Injectable()
export class CustomerOrders implements CustomerOrderSource, OnModuleInit {
  constructor(
    private readonly ds: DataSource,
    private readonly records: CustomerRecords,
  ) {}

  onModuleInit(): void {
    this.records.registerOrders(this);
  }

  /** One grouped query for a page of shoppers, on idx_orders_user_status. */
  async stats(userIds: readonly number[]): Promise<Map<number, CustomerOrderStats>> {
    const m = this.ds.manager;
    const rows = await m
      .createQueryBuilder(Order, 'o')
      .select('o.userId', 'userId')
      .addSelect('SUM(CASE WHEN o.paidAt IS NULL THEN 0 ELSE 1 END)', 'orderCount')
      .addSelect('SUM(o.paidAmount - o.refundedAmount)', 'totalSpent')
      .addSelect('MAX(o.createdAt)', 'lastOrderAt')
      .where({ userId: In([...userIds]) })
      .groupBy('o.userId')
      .getRawMany<{ userId: number; orderCount: string | number; totalSpent: string | number; lastOrderAt: unknown }>();
    return new Map(
      rows.map((r) => [
        Number(r.userId),
        { orderCount: Number(r.orderCount), totalSpent: Number(r.totalSpent), lastOrderAt: dbDate(m, r.lastOrderAt) },
      ]),
    );
  }

  async latest(userId: number, limit: number): Promise<CustomerOrderView[]> {
    const rows = await this.ds.manager.find(Order, {
      where: { userId },
      select: { id: true, orderNo: true, status: true, payAmount: true, paidAmount: true, refundedAmount: true, createdAt: true },
      order: { id: 'DESC' },
      take: limit,
    });
    return rows.map((o) => ({
      id: o.id,
      orderNo: o.orderNo,
      status: o.status,
      payAmount: o.payAmount,
      paidAmount: o.paidAmount,
      refundedAmount: o.refundedAmount,
      createdAt: o.createdAt.toISOString(),
    }));
  }
}

import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type CustomerAfterSaleSource, type CustomerAfterSaleView, CustomerRecords } from '@app/auth';
import { AfterSale } from './after-sale.entity';

/** The customer pages' view of a shopper's after-sale requests (registered with auth, which cannot import after-sale). */
@Injectable()
export class CustomerAfterSales implements CustomerAfterSaleSource, OnModuleInit {
  constructor(
    private readonly ds: DataSource,
    private readonly records: CustomerRecords,
  ) {}

  onModuleInit(): void {
    this.records.registerAfterSales(this);
  }

  /** On idx_after_sale_user. */
  async latest(userId: number, limit: number): Promise<CustomerAfterSaleView[]> {
    const rows = await this.ds.manager.find(AfterSale, {
      where: { userId },
      select: { id: true, afterSaleNo: true, orderId: true, orderNo: true, type: true, status: true, refundAmount: true, createdAt: true },
      order: { id: 'DESC' },
      take: limit,
    });
    return rows.map((a) => ({
      id: a.id,
      afterSaleNo: a.afterSaleNo,
      orderId: a.orderId,
      orderNo: a.orderNo,
      type: a.type,
      status: a.status,
      refundAmount: a.refundAmount,
      createdAt: a.createdAt.toISOString(),
    }));
  }
}

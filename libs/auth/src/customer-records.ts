import { Injectable } from '@nestjs/common';
import type { CustomerAfterSaleView, CustomerOrderView } from './dto/customer.dto';

export interface CustomerOrderStats {
  /** Orders that were paid. */
  orderCount: number;
  /** Paid less refunded, fen. */
  totalSpent: number;
  /** Creation time of the shopper's latest order, any status. */
  lastOrderAt: Date | null;
}

/** What orders tells about shoppers: stats for a page of them in one query, and one shopper's latest orders. */
export interface CustomerOrderSource {
  stats(userIds: readonly number[]): Promise<Map<number, CustomerOrderStats>>;
  latest(userId: number, limit: number): Promise<CustomerOrderView[]>;
}

/** One shopper's latest after-sale requests (after-sale registers it). */
export interface CustomerAfterSaleSource {
  latest(userId: number, limit: number): Promise<CustomerAfterSaleView[]>;
}

/**
 * Where the customer pages read a shopper's orders and after-sales. auth sits below orders and after-sale, so they
 * register their readers here (as payments subscribes to orders' lifecycle); auth never reads their tables.
 */
@Injectable()
export class CustomerRecords {
  orders: CustomerOrderSource | undefined;
  afterSales: CustomerAfterSaleSource | undefined;

  registerOrders(source: CustomerOrderSource): void {
    this.orders = source;
  }

  registerAfterSales(source: CustomerAfterSaleSource): void {
    this.afterSales = source;
  }
}

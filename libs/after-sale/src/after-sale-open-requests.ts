import { Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import { OPEN_STATUSES } from './after-sale-state';
import { AfterSale } from './after-sale.entity';

/** What modules above after-sale (distribution) may ask of it: does an order still have a request in progress? */
@Injectable()
export class AfterSaleOpenRequests {
  /** Call under the order's row lock (applying locks it too), so no request can open between the answer and its use. */
  async hasOpen(m: EntityManager, orderId: number): Promise<boolean> {
    return (await m.count(AfterSale, { where: { orderId, status: In([...OPEN_STATUSES]) } })) > 0;
  }
}

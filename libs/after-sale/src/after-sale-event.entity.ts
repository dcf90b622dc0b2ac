import { Column, Entity, Index } from 'typeorm';
import { StateChangeRow } from '@app/database';
import type { AfterSaleActor, AfterSaleStatus } from './after-sale-state';

/** Who moved a request, when and why. */
@Entity('after_sale_event')
@Index('idx_after_sale_event_request', ['afterSaleId', 'id'])
export class AfterSaleEvent extends StateChangeRow<AfterSaleStatus, AfterSaleActor> {
  @Column({ type: 'int' })
  afterSaleId!: number;
}

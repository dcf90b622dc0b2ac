import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, StatusColumn } from '@app/database';
import type { AfterSaleActor, AfterSaleStatus } from './after-sale-state';

/** Who moved a request, when and why. */
@Entity('after_sale_event')
@Index('idx_after_sale_event_request', ['afterSaleId', 'id'])
export class AfterSaleEvent {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  afterSaleId!: number;

  @StatusColumn(24, { nullable: true })
  fromStatus!: AfterSaleStatus | null;

  @StatusColumn(24)
  toStatus!: AfterSaleStatus;

  @StatusColumn(16)
  actor!: AfterSaleActor;

  @Column({ type: 'int', nullable: true })
  actorId!: number | null;

  @Column({ type: 'varchar', length: 255, default: '' })
  note!: string;

  @CreatedAtColumn()
  createdAt!: Date;
}

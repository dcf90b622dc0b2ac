import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, JsonColumn, MoneyColumn, StatusColumn, UpdatedAtColumn } from '@app/database';
import type { OrderStatus } from './order-state';

export const DELIVERY_MODES = ['delivery', 'pickup'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

/** The address as it was when the order was placed (the address book may change later). */
export interface AddressSnapshot {
  receiverName: string;
  phone: string;
  province: string;
  city: string;
  district: string;
  detail: string;
  postalCode: string | null;
  fullAddress: string;
}

@Entity('orders')
@Index('uq_orders_order_no', ['orderNo'], { unique: true })
@Index('uq_orders_user_idempotency', ['userId', 'idempotencyKey'], { unique: true })
@Index('idx_orders_user_status', ['userId', 'status', 'id'])
@Index('idx_orders_status_expiry', ['status', 'payExpiresAt'])
@Index('idx_orders_status_id', ['status', 'id'])
@Index('idx_orders_status_shipped', ['status', 'shippedAt'])
@Index('idx_orders_created', ['createdAt'])
// Reports (libs/reports): paid orders by business day, covering the day's buyers and amount; a buyer's first payment.
@Index('idx_orders_paid', ['paidAt', 'userId', 'paidAmount'])
@Index('idx_orders_user_paid', ['userId', 'paidAt'])
export class Order {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 32 })
  orderNo!: string;

  @Column({ type: 'int' })
  userId!: number;

  @StatusColumn(24)
  status!: OrderStatus;

  @MoneyColumn()
  itemsTotal!: number;

  @MoneyColumn()
  shippingFee!: number;

  /** The coupon discount (the sum of the items' discount amounts). */
  @MoneyColumn()
  discountTotal!: number;

  /** delivery (shipped to the address) or pickup (collected at a store: order_pickup). */
  @StatusColumn(16, { default: 'delivery' })
  deliveryMode!: DeliveryMode;

  /** The coupon locked to this order, if any. */
  @Column({ type: 'int', nullable: true })
  couponId!: number | null;

  @MoneyColumn()
  payAmount!: number;

  @MoneyColumn()
  paidAmount!: number;

  @MoneyColumn()
  refundedAmount!: number;

  @JsonColumn()
  address!: AddressSnapshot;

  @Column({ type: 'varchar', length: 200, default: '' })
  remark!: string;

  @Column({ type: 'varchar', length: 64 })
  idempotencyKey!: string;

  /** SHA-256 of the creating request: the same key with another body is a conflict, not a replay. */
  @Column({ type: 'varchar', length: 64 })
  requestHash!: string;

  @DateTimeColumn()
  payExpiresAt!: Date;

  @DateTimeColumn({ nullable: true })
  paidAt!: Date | null;

  @DateTimeColumn({ nullable: true })
  shippedAt!: Date | null;

  @DateTimeColumn({ nullable: true })
  completedAt!: Date | null;

  @DateTimeColumn({ nullable: true })
  cancelledAt!: Date | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  cancelReason!: string | null;

  @DateTimeColumn({ nullable: true })
  closedAt!: Date | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

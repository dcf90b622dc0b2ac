import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn } from '@app/database';

/** An operator's note on an order (seen by admins only), appended, never edited. */
@Entity('order_note')
@Index('idx_order_note_order', ['orderId', 'id'])
export class OrderNote {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  orderId!: number;

  @Column({ type: 'int' })
  adminId!: number;

  @Column({ type: 'varchar', length: 500 })
  body!: string;

  @CreatedAtColumn()
  createdAt!: Date;
}

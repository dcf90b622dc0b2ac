import { Column, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, StatusColumn } from './columns';

/**
 * The audit row of a state change, as order_event, after_sale_event, payment_event and refund_event all keep it: who
 * (actor, actorId) moved the subject from which state to which, when and why. Each table adds its subject's id.
 */
export abstract class StateChangeRow<S extends string, A extends string> {
  @PrimaryGeneratedColumn()
  id!: number;

  /** null on the row that records the subject's creation. */
  @StatusColumn(24, { nullable: true })
  fromStatus!: S | null;

  @StatusColumn(24)
  toStatus!: S;

  @StatusColumn(16)
  actor!: A;

  @Column({ type: 'int', nullable: true })
  actorId!: number | null;

  @Column({ type: 'varchar', length: 255, default: '' })
  note!: string;

  @CreatedAtColumn()
  createdAt!: Date;
}

/** The columns every audit row writes after its subject's id (`insertInto(table, [subject, ...STATE_CHANGE_COLUMNS])`). */
export const STATE_CHANGE_COLUMNS = ['fromStatus', 'toStatus', 'actor', 'actorId', 'note', 'createdAt'] as const;

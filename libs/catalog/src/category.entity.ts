import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from '@app/database';

/** A node of the two-level category tree: `parentId` null = top level, otherwise a leaf under a top category. */
@Entity('category')
@Index('idx_category_parent', ['parentId', 'sort'])
export class Category {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int', nullable: true })
  parentId!: number | null;

  @Column({ type: 'varchar', length: 32 })
  name!: string;

  @Column({ type: 'varchar', length: 512, default: '' })
  iconUrl!: string;

  /** Ascending display order among siblings. */
  @Column({ type: 'int', default: 0 })
  sort!: number;

  @Column({ type: 'boolean', default: true })
  isVisible!: boolean;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, UpdatedAtColumn } from '@app/database';
import { Link } from './link';

/** A home-page carousel slide, shown while active and inside its optional [startsAt, endsAt) window. */
@Entity('banner')
@Index('idx_banner_active', ['isActive', 'sort'])
export class Banner {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 64, default: '' })
  title!: string;

  @Column({ type: 'varchar', length: 512 })
  image!: string;

  @Column(() => Link)
  link!: Link;

  @Column({ type: 'int', default: 0 })
  sort!: number;

  @Column({ type: 'boolean', default: true })
  isActive!: boolean;

  @DateTimeColumn({ nullable: true })
  startsAt!: Date | null;

  @DateTimeColumn({ nullable: true })
  endsAt!: Date | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

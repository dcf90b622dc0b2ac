import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { HomePlacement } from './link';

/** A home-page carousel slide, shown while active and inside its optional [startsAt, endsAt) window. */
@Entity('banner')
@Index('idx_banner_active', ['isActive', 'sort'])
export class Banner extends HomePlacement {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 64, default: '' })
  title!: string;

  @Column({ type: 'varchar', length: 512 })
  image!: string;
}

import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { JsonColumn } from '@app/database';
import { HomePlacement } from './link';

/** A block of the home page (e.g. 夏季新品): a title, an optional image and "more" link, and hand-picked products. */
@Entity('home_section')
@Index('idx_home_section_active', ['isActive', 'sort'])
export class HomeSection extends HomePlacement {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 32 })
  title!: string;

  @Column({ type: 'varchar', length: 64, default: '' })
  subtitle!: string;

  @Column({ type: 'varchar', length: 512, nullable: true })
  image!: string | null;

  /** Product ids in display order; products not on sale are skipped when the home page is read. */
  @JsonColumn()
  productIds!: number[];
}

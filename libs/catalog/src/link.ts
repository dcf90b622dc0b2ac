import { Column } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, StatusColumn, UpdatedAtColumn } from '@app/database';

export const LINK_TYPES = ['product', 'category', 'url', 'none'] as const;
export type LinkType = (typeof LINK_TYPES)[number];

/**
 * Where a banner or home section leads when tapped: a product or category (by id), a URL or mini program page
 * path, or nowhere. Embedded in Banner and HomeSection (columns link_type, link_id, link_url).
 */
export class Link {
  @StatusColumn(16, { default: 'none' })
  type!: LinkType;

  @Column({ type: 'int', nullable: true })
  id!: number | null;

  @Column({ type: 'varchar', length: 512, nullable: true })
  url!: string | null;
}

/** What banners and home sections share: a link, an order, and when they show (active, inside [startsAt, endsAt)). */
export abstract class HomePlacement {
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

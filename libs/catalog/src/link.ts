import { Column } from 'typeorm';
import { StatusColumn } from '@app/database';

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

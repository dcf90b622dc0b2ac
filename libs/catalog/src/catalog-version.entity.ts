import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row (id 1) whose version every catalog, price, stock-status or settings write bumps in its transaction: each
 * instance compares it with the version its read cache was filled at (catalog-cache.ts).
 */
@Entity('catalog_version')
export class CatalogVersion {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'int', default: 0 })
  version!: number;
}

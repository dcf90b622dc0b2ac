import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn } from '@app/database';

/**
 * A promoter's mini program code image (wxacode.getUnlimited), stored once per promoter and page: base64 in chunks
 * (`seq` 0, 1, ...) so one TEXT column holds any size the same way in MySQL and the embedded database. A change of
 * the share page makes the stored image stale; the next request replaces it.
 */
@Entity('promoter_share_code')
@Index('uq_promoter_share_code_chunk', ['promoterId', 'seq'], { unique: true })
export class PromoterShareCode {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  promoterId!: number;

  @Column({ type: 'int' })
  seq!: number;

  /** What the code opens: the settings' `sharePage` when generated, `@trial` / `@develop` appended for those versions. */
  @Column({ type: 'varchar', length: 128 })
  page!: string;

  /** How many chunks make the image (on every chunk: a reader knows a complete set). */
  @Column({ type: 'int' })
  chunks!: number;

  @Column({ type: 'text' })
  data!: string;

  @CreatedAtColumn()
  createdAt!: Date;
}

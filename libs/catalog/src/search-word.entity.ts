import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { UpdatedAtColumn } from '@app/database';

/**
 * A word shoppers searched (counted) or an operator pinned. Popular words: pinned ones in their order, then the most
 * searched; suggestions read the unique index by prefix.
 */
@Entity('search_word')
@Index('uq_search_word', ['word'], { unique: true })
@Index('idx_search_word_count', ['searchCount'])
@Index('idx_search_word_pinned', ['pinnedSort'])
export class SearchWord {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 50 })
  word!: string;

  @Column({ type: 'int', default: 0 })
  searchCount!: number;

  /** Position among the pinned words; null = not pinned. */
  @Column({ type: 'int', nullable: true, default: null })
  pinnedSort!: number | null;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

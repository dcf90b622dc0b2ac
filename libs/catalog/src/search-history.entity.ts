import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeColumn } from '@app/database';

/** A shopper's recent search words (one row per word, the newest SEARCH_HISTORY_SIZE kept). */
@Entity('search_history')
@Index('uq_search_history_user_word', ['userId', 'keyword'], { unique: true })
@Index('idx_search_history_user', ['userId', 'searchedAt'])
export class SearchHistory {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  userId!: number;

  @Column({ type: 'varchar', length: 50 })
  keyword!: string;

  @DateTimeColumn()
  searchedAt!: Date;
}

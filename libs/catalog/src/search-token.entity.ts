import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The search index: one row per (token, product), tokens computed by the application (search-tokens.ts) and
 * rewritten in the transaction of every product write. A query reads the primary key ranges of its tokens only.
 */
@Entity('product_search_token')
@Index('idx_search_token_product', ['productId'])
export class SearchToken {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  token!: string;

  @PrimaryColumn({ type: 'int' })
  productId!: number;

  /** Sum of the weights of the fields the token appears in (FIELD_WEIGHTS). */
  @Column({ type: 'smallint' })
  weight!: number;
}

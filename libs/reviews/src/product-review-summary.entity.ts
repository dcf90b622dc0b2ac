import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Counts of a product's visible reviews, changed by atomic increments in the transaction that changes visibility. */
@Entity('product_review_summary')
export class ProductReviewSummary {
  @PrimaryColumn({ type: 'int' })
  productId!: number;

  @Column({ type: 'int', default: 0 })
  reviewCount!: number;

  @Column({ type: 'int', default: 0 })
  ratingSum!: number;

  @Column({ type: 'int', default: 0 })
  stars1!: number;

  @Column({ type: 'int', default: 0 })
  stars2!: number;

  @Column({ type: 'int', default: 0 })
  stars3!: number;

  @Column({ type: 'int', default: 0 })
  stars4!: number;

  @Column({ type: 'int', default: 0 })
  stars5!: number;

  @Column({ type: 'int', default: 0 })
  withImages!: number;
}

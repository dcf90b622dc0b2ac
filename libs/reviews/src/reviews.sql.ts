import { sql } from '@app/database';
import type { ProductReviewSummary } from './product-review-summary.entity';

/*
 * reviews' hand-written statements (docs/decisions.md, "When SQL is written by hand"): the moderation and visibility
 * step of a review (conditional, through the primary key) and the summary's atomic increments (the hot row, written
 * last in its transaction).
 */

/**
 * A review's moderation, hidden flag and visibility, if they are still what the caller read. Parameters: moderation,
 * hidden, visible, updated_at, id, expected moderation, expected hidden.
 */
export const REVIEW_STEP = sql(
  'UPDATE review FORCE INDEX (PRIMARY) SET moderation = ?, hidden = ?, visible = ?, updated_at = ? WHERE id = ? AND moderation = ? AND hidden = ?',
);

/** A follow-up's moderation, if still what the caller read. Parameters: new, updated_at, id, expected. */
export const FOLLOW_UP_STEP = sql(
  'UPDATE review FORCE INDEX (PRIMARY) SET follow_up_moderation = ?, updated_at = ? WHERE id = ? AND follow_up_moderation = ?',
);

/**
 * Adds one review to (+1) or takes it from (-1) a product's summary. Parameters: sign, sign * rating, then sign or 0
 * for each of 1-5 stars, sign or 0 for with-images, product id. 0 rows: the product has no summary row yet.
 */
export const SUMMARY_ADD = sql(
  'UPDATE product_review_summary SET review_count = review_count + ?, rating_sum = rating_sum + ?, ' +
    'stars1 = stars1 + ?, stars2 = stars2 + ?, stars3 = stars3 + ?, stars4 = stars4 + ?, stars5 = stars5 + ?, ' +
    'with_images = with_images + ? WHERE product_id = ?',
);

/**
 * A product's summary row, read on every product page (one primary-key read: plain SQL, as the page is the hottest
 * public read after the cached detail). Parameter: product id.
 */
export const SUMMARY_OF = sql<ProductReviewSummary>(
  'SELECT product_id AS productId, review_count AS reviewCount, rating_sum AS ratingSum, stars1, stars2, stars3, stars4, stars5, ' +
    'with_images AS withImages FROM product_review_summary WHERE product_id = ?',
);

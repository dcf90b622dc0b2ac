import { insertInto, marks, sql, sqlFn, sqlLiterals, STATE_CHANGE_COLUMNS } from '@app/database';
import type { CouponEvent } from './coupon-event.entity';
import type { CouponClaim } from './coupon-claim.entity';
import { COUPON_STATUSES } from './coupon-state';
import { type CouponTemplate, TEMPLATE_STATUSES } from './coupon-template.entity';
import type { Coupon } from './coupon.entity';

/*
 * promotions' hand-written statements (docs/decisions.md, "When SQL is written by hand"): what checkout reads and
 * writes on every order (the shopper's usable coupons, locking one to an order, giving it back on cancellation) and
 * the conditional updates that keep claims within their limits.
 */

const C = sqlLiterals(COUPON_STATUSES);
const T = sqlLiterals(TEMPLATE_STATUSES);

/** The template columns pricing reads, as `t.*` aliases. */
const TERMS =
  't.kind AS kind, t.amount AS amount, t.threshold AS threshold, t.rate_percent AS ratePercent, t.max_discount AS maxDiscount, ' +
  't.scope AS scope, t.scope_ids AS scopeIds, t.name AS name, t.stackable AS stackable';

export type UsableCouponRow = Pick<Coupon, 'id' | 'templateId' | 'validFrom' | 'validTo'> &
  Pick<CouponTemplate, 'kind' | 'amount' | 'threshold' | 'ratePercent' | 'maxDiscount' | 'scope' | 'name'> & {
    scopeIds: string;
    stackable: number | boolean;
  };

/** The shopper's unused coupons still within their window (idx_coupon_user_status). Parameters: user_id, now. */
export const USABLE_COUPONS = sql<UsableCouponRow>(
  `SELECT c.id AS id, c.template_id AS templateId, c.valid_from AS validFrom, c.valid_to AS validTo, ${TERMS} ` +
    `FROM coupon c INNER JOIN coupon_template t ON t.id = c.template_id WHERE c.user_id = ? AND c.status = ${C.unused} AND c.valid_to > ? ` +
    'ORDER BY c.valid_to, c.id LIMIT 200',
);

/** One of the shopper's coupons with its terms, whatever its state. Parameters: id, user_id. */
export const OWN_COUPON = sql<UsableCouponRow & Pick<Coupon, 'status'>>(
  `SELECT c.id AS id, c.template_id AS templateId, c.valid_from AS validFrom, c.valid_to AS validTo, c.status AS status, ${TERMS} ` +
    'FROM coupon c INNER JOIN coupon_template t ON t.id = c.template_id WHERE c.id = ? AND c.user_id = ?',
);

/**
 * Locks a coupon to an order: unused -> used, only while it is the shopper's and within its window. 0 rows: it was
 * used by a concurrent order, revoked or expired. Parameters: order_id, used_at, updated_at, id, user_id, now, now.
 */
export const LOCK_COUPON = sql(
  `UPDATE coupon FORCE INDEX (PRIMARY) SET order_id = ?, used_at = ?, updated_at = ?, status = ${C.used} ` +
    `WHERE id = ? AND user_id = ? AND status = ${C.unused} AND valid_from <= ? AND valid_to > ?`,
);

/** Gives a coupon back from its order (cancelled unpaid): used -> unused. Parameters: updated_at, id, order_id. */
export const RELEASE_COUPON = sql(
  `UPDATE coupon FORCE INDEX (PRIMARY) SET order_id = NULL, used_at = NULL, updated_at = ?, status = ${C.unused} ` +
    `WHERE id = ? AND order_id = ? AND status = ${C.used}`,
);

/** unused -> revoked by an operator. Parameters: updated_at, id. */
export const REVOKE_COUPON = sql(
  `UPDATE coupon FORCE INDEX (PRIMARY) SET updated_at = ?, status = ${C.revoked} WHERE id = ? AND status = ${C.unused}`,
);

/** One more coupon of a template for a shopper, within the per-user limit. Parameters: template_id, user_id, limit. */
export const COUNT_CLAIM = sql('UPDATE coupon_claim SET claimed = claimed + 1 WHERE template_id = ? AND user_id = ? AND claimed < ?');

/**
 * One more coupon issued from an active template, within its total (the hot row: updated last in the claim).
 * Parameters: updated_at, id.
 */
export const COUNT_ISSUED = sql(
  'UPDATE coupon_template FORCE INDEX (PRIMARY) SET issued_count = issued_count + 1, updated_at = ? ' +
    `WHERE id = ? AND status = ${T.active} AND issued_count < total_quantity`,
);

/** How many coupons of these templates the shopper holds. Parameters: user_id, template ids. */
export const CLAIMED_OF = sqlFn(
  (templates: number) =>
    sql<Pick<CouponClaim, 'templateId' | 'claimed'>>(
      `SELECT template_id AS templateId, claimed FROM coupon_claim WHERE user_id = ? AND template_id IN (${marks(templates)})`,
    ),
  [[1], [3]],
);

export const INSERT_COUPON_EVENT = insertInto<CouponEvent>('coupon_event', ['couponId', ...STATE_CHANGE_COLUMNS]);

import { StateMachine, type TransitionKey } from '@app/common';

export const AFTER_SALE_TYPES = ['refund_only', 'return_refund'] as const;
export type AfterSaleType = (typeof AFTER_SALE_TYPES)[number];

export const AFTER_SALE_STATUSES = [
  'requested',
  'awaiting_return',
  'returning',
  'refunding',
  'refund_failed',
  'refunded',
  'rejected',
  'cancelled',
] as const;
export type AfterSaleStatus = (typeof AFTER_SALE_STATUSES)[number];
export type AfterSaleActor = 'user' | 'admin' | 'system';
/** Who asked: the buyer (POST /after-sales), or the merchant (refunds on the shop's initiative). */
export const AFTER_SALE_INITIATORS = ['buyer', 'merchant'] as const;
export type AfterSaleInitiator = (typeof AFTER_SALE_INITIATORS)[number];

/** The guard beside the table: who may cause each transition. */
export const AFTER_SALE_TRANSITION_ACTORS: Partial<Record<TransitionKey<AfterSaleStatus>, readonly AfterSaleActor[]>> = {
  'requested->refunding': ['admin', 'system'], // approve refund_only (system: auto-approve)
  'requested->awaiting_return': ['admin'], // approve return_refund
  'requested->rejected': ['admin'],
  'requested->cancelled': ['user'],
  'awaiting_return->returning': ['user'], // return tracking submitted
  'awaiting_return->cancelled': ['user', 'system'], // system: return deadline passed
  'returning->refunding': ['admin'], // goods received (restocked)
  'returning->rejected': ['admin'], // receipt refused
  'refunding->refunded': ['system'],
  'refunding->refund_failed': ['system'],
  'refund_failed->refunding': ['admin'],
};

/** domain.md "After-sale states": rejected, cancelled and refunded are terminal. */
export const afterSaleStates = new StateMachine<AfterSaleStatus, AfterSaleActor>(
  'after-sale',
  {
    requested: ['refunding', 'awaiting_return', 'rejected', 'cancelled'],
    awaiting_return: ['returning', 'cancelled'],
    returning: ['refunding', 'rejected'],
    refunding: ['refunded', 'refund_failed'],
    refund_failed: ['refunding'],
    refunded: [],
    rejected: [],
    cancelled: [],
  },
  AFTER_SALE_TRANSITION_ACTORS,
);

export function afterSaleActorMay(actor: AfterSaleActor, from: AfterSaleStatus, to: AfterSaleStatus): boolean {
  return afterSaleStates.allows(actor, from, to);
}

/** Requests that still hold their items (a second request on those items must wait). */
export const OPEN_STATUSES: readonly AfterSaleStatus[] = ['requested', 'awaiting_return', 'returning', 'refunding', 'refund_failed'];
/** Requests whose quantities count against what was bought. */
export const COMMITTED_STATUSES: readonly AfterSaleStatus[] = [...OPEN_STATUSES, 'refunded'];
/**
 * Requests whose money has moved or is moving (approved refund-only, received returns): they can no longer be
 * cancelled or rejected, so they alone decide whether anything is left to ship (domain.md, "decided when money moves").
 */
export const MONEY_MOVED_STATUSES: readonly AfterSaleStatus[] = ['refunding', 'refund_failed', 'refunded'];

/** The reasons a buyer picks from (GET /after-sales/reasons). */
export const AFTER_SALE_REASONS = [
  { code: 'quality_issue', label: '商品质量问题' },
  { code: 'damaged', label: '商品破损或少件' },
  { code: 'wrong_item', label: '商家发错货' },
  { code: 'not_as_described', label: '商品与描述不符' },
  { code: 'not_received', label: '未收到货' },
  { code: 'no_longer_needed', label: '不想要了 / 拍错了' },
  { code: 'other', label: '其他' },
] as const;
export type AfterSaleReasonCode = (typeof AFTER_SALE_REASONS)[number]['code'];
/** The reason of a merchant's refund (not a buyer's choice). */
export const MERCHANT_REASON = { code: 'merchant', label: '商家主动退款' } as const;

export const AFTER_SALE_REASON_CODES: AfterSaleReasonCode[] = AFTER_SALE_REASONS.map((r) => r.code);

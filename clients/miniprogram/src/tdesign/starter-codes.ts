import type { Body, Ok, Query } from '../api-types';

/**
 * wxmall's words -> the TDesign retail starter's codes (its pages/order/config.js vocabularies), as data. The test
 * test/sdk/tdesign-codes.int-spec.ts walks every wxmall status, type and action through these tables.
 */
export type OrderStatus = NonNullable<Query<'/api/v1/orders', 'get'>['status']>;
export type AfterSaleStatus = NonNullable<Query<'/api/v1/after-sales', 'get'>['status']>;
export type AfterSaleType = Body<'/api/v1/after-sales', 'post'>['type'];
export type ExpressCompany = Body<'/api/v1/after-sales/{id}/return-shipment', 'post'>['expressCompany'];
export type CouponState = Ok<'/api/v1/coupons/{id}', 'get'>['state'];
export type CouponListState = NonNullable<Query<'/api/v1/coupons', 'get'>['state']>;

/** Order status -> `orderStatus` (5 to pay, 10 to ship, 40 to receive, 50 done, 80 cancelled or closed). */
export const ORDER_STATUS: Record<OrderStatus, { code: number; name: string }> = {
  pending_payment: { code: 5, name: '待付款' },
  paid: { code: 10, name: '待发货' },
  shipped: { code: 40, name: '待收货' },
  completed: { code: 50, name: '已完成' },
  cancelled: { code: 80, name: '已取消' },
  closed: { code: 80, name: '已关闭' },
};

/** A paid pick-up order's name by its pick-up step (the starter has no pick-up: it stays `orderStatus` 10). */
export const PICKUP_STATUS_NAME: Record<'preparing' | 'ready' | 'picked_up', string> = {
  preparing: '备货中',
  ready: '待取货',
  picked_up: '已取货',
};

/** The order list's `orderStatus` filter -> wxmall's status (80 lists cancelled orders; closed ones show under "all"). */
export const ORDER_STATUS_FILTER: Record<number, OrderStatus> = {
  5: 'pending_payment',
  10: 'paid',
  40: 'shipped',
  50: 'completed',
  80: 'cancelled',
};

export interface StarterButton {
  primary: boolean;
  type: number;
  name: string;
}

/** Order `actions` -> the starter's order buttons (OrderButtonTypes). apply_after_sale is a per-item button (type 4). */
export const ORDER_ACTION_BUTTON: Record<string, StarterButton & { level: 'order' | 'item' }> = {
  pay: { type: 1, name: '付款', primary: true, level: 'order' },
  cancel: { type: 2, name: '取消订单', primary: false, level: 'order' },
  confirm_receipt: { type: 3, name: '确认收货', primary: true, level: 'order' },
  apply_after_sale: { type: 4, name: '申请售后', primary: false, level: 'item' },
  review: { type: 6, name: '评价', primary: false, level: 'order' },
  rebuy: { type: 9, name: '再次购买', primary: false, level: 'order' },
};

/** The user center's five order tiles, in the page's order (it overlays them by position): what each one counts. */
export const USER_CENTER_TILES: readonly { tabType: number; counts: OrderStatus | 'to_review' | 'open_after_sales' }[] = [
  { tabType: 5, counts: 'pending_payment' },
  { tabType: 10, counts: 'paid' },
  { tabType: 40, counts: 'shipped' },
  // "To review": items of completed orders still waiting for a review (GET /reviews/awaiting's total).
  { tabType: 60, counts: 'to_review' },
  { tabType: 0, counts: 'open_after_sales' },
];

/** The order list's tabs with badges (fetchOrdersCount). */
export const ORDER_COUNT_TABS: readonly { tabType: number; status: OrderStatus }[] = [
  { tabType: 5, status: 'pending_payment' },
  { tabType: 10, status: 'paid' },
  { tabType: 40, status: 'shipped' },
  { tabType: 50, status: 'completed' },
];

/** After-sale type <-> `rightsType` (10 return and refund, 20 refund only; 30, cancel after payment, is a refund). */
export const AFTER_SALE_TYPE: Record<AfterSaleType, { rightsType: number; afterSaleRequireType: 'REFUND_GOODS_MONEY' | 'REFUND_MONEY' }> = {
  return_refund: { rightsType: 10, afterSaleRequireType: 'REFUND_GOODS_MONEY' },
  refund_only: { rightsType: 20, afterSaleRequireType: 'REFUND_MONEY' },
};
export const RIGHTS_TYPE: Record<number, AfterSaleType> = { 10: 'return_refund', 20: 'refund_only', 30: 'refund_only' };

export interface RightsStatus {
  /** AfterServiceStatus (list tabs): 10 to audit, 20 approved, 30 goods received, 40 receipt problem, 50 complete, 60 closed. */
  rightsStatus: number;
  /** ServiceStatus (detail page): 100 pending review ... 160 refunded, 170 closed. */
  userRightsStatus: number;
  name: string;
  desc: string;
}

/**
 * After-sale status -> the starter's two status codes. `refunding` and `refund_failed` differ by type (a return is
 * refunded once the goods are back); `rejected` after the goods came back is a receipt problem.
 */
export const AFTER_SALE_STATUS: Record<AfterSaleStatus, RightsStatus | Record<AfterSaleType, RightsStatus>> = {
  requested: { rightsStatus: 10, userRightsStatus: 100, name: '待审核', desc: '您的申请已提交，等待商家处理' },
  awaiting_return: { rightsStatus: 20, userRightsStatus: 120, name: '待寄回', desc: '商家已同意，请寄回商品并填写运单号' },
  returning: { rightsStatus: 20, userRightsStatus: 130, name: '待收货', desc: '商品已寄回，等待商家收货' },
  refunding: {
    refund_only: { rightsStatus: 20, userRightsStatus: 110, name: '退款中', desc: '商家已同意，退款处理中' },
    return_refund: { rightsStatus: 30, userRightsStatus: 140, name: '退款中', desc: '商家已收货，退款处理中' },
  },
  refund_failed: {
    refund_only: { rightsStatus: 20, userRightsStatus: 110, name: '退款中', desc: '退款处理中，请耐心等待' },
    return_refund: { rightsStatus: 30, userRightsStatus: 140, name: '退款中', desc: '退款处理中，请耐心等待' },
  },
  refunded: { rightsStatus: 50, userRightsStatus: 160, name: '已退款', desc: '退款已原路退回' },
  rejected: { rightsStatus: 60, userRightsStatus: 170, name: '已关闭', desc: '商家拒绝了您的申请' },
  cancelled: { rightsStatus: 60, userRightsStatus: 170, name: '已关闭', desc: '您已撤销申请' },
};
export const RECEIPT_REFUSED: RightsStatus = {
  rightsStatus: 40,
  userRightsStatus: 150,
  name: '收货异常',
  desc: '商家收货时发现问题，拒绝了退款',
};

/** The after-sale list's tab filter -> the rightsStatus values it shows. */
export const RIGHTS_STATUS_FILTER: Record<number, readonly number[]> = { 10: [10], 20: [20, 30, 40], 50: [50], 60: [60, 40] };
/** The list's tab badges (`states`). */
export const RIGHTS_STATES: Record<'audit' | 'approved' | 'complete' | 'closed', readonly number[]> = {
  audit: [10],
  approved: [20, 30],
  complete: [50],
  closed: [40, 60],
};

/** After-sale `actions` -> ServiceButtonTypes (2 revoke, 3 fill in the return tracking number). */
export const AFTER_SALE_ACTION_BUTTON: Record<string, StarterButton> = {
  cancel: { type: 2, name: '撤销申请', primary: false },
  submit_return: { type: 3, name: '填写运单号', primary: true },
};

/** `rightsReasonType` (1 goods received, 2 not received) -> the reason codes that fit. */
export const RECEIPT_REASONS: Record<number, readonly string[]> = {
  1: ['quality_issue', 'damaged', 'wrong_item', 'not_as_described', 'no_longer_needed', 'other'],
  2: ['not_received', 'no_longer_needed', 'other'],
};

/** The starter's logistics node codes (LogisticsNodeTypes) for the order timeline. */
export const LOGISTICS_NODE = { submitted: '200001', paid: '200002', shipped: '200003', cancelled: '200004', signed: '200005' } as const;

/** Carrier names for the return-tracking picker; the compiler checks it covers every code wxmall accepts. */
export const EXPRESS_COMPANY_NAMES: Record<ExpressCompany, string> = {
  SF: '顺丰速运',
  JD: '京东快递',
  EMS: 'EMS',
  YZPY: '邮政快递包裹',
  YZBK: '邮政国内标快',
  ZTO: '中通快递',
  YTO: '圆通速递',
  STO: '申通快递',
  YD: '韵达速递',
  JTSD: '极兔速递',
  HTKY: '百世快递',
  HHTT: '天天快递',
  DBL: '德邦快递',
  ZJS: '宅急送',
  UC: '优速快递',
  FWX: '丰网速运',
  ANE: '安能物流',
  ANEKY: '安能快运',
  ZTOKY: '中通快运',
  JDKY: '京东快运',
  DBLKY: '德邦快运',
  BTWL: '百世快运',
  KYSY: '跨越速运',
  SNWL: '苏宁物流',
  YMDD: '壹米滴答',
  SURE: '速尔快递',
  XFEX: '信丰物流',
  GTO: '国通快递',
  QFKD: '全峰快递',
  LB: '龙邦快递',
  ZTKY: '中铁快运',
  RRS: '日日顺物流',
  PJ: '品骏快递',
  JGSD: '京广速递',
  JIUYE: '九曳供应链',
  AXD: '安鲜达',
  UAPEX: '全一快递',
  YCSY: '远成快运',
  HOAU: '天地华宇',
  CND: '承诺达',
  DHL: 'DHL',
  FEDEX: 'FedEx 联邦快递(国内件)',
  UPS: 'UPS',
  TNT: 'TNT',
};

/**
 * wxmall's refusals of POST /orders -> the codes the starter's confirm page branches on (dispatchCommitPay):
 * stock problems reload the settlement; anything else shows the message and goes back.
 */
export const COMMIT_ERROR_CODE: Record<string, string> = {
  OUT_OF_STOCK: 'CONTAINS_INSUFFICIENT_GOODS',
  SKU_UNAVAILABLE: 'CONTAINS_INSUFFICIENT_GOODS',
};

/** Coupon list tabs: the starter's status string -> wxmall's state (`GET /coupons?state=`), and back. */
export const COUPON_LIST_STATE: Record<string, CouponListState> = { default: 'usable', useless: 'used', disabled: 'expired' };
export const COUPON_STATUS: Record<CouponState, 'default' | 'useless' | 'disabled'> = {
  usable: 'default',
  // Listed in the usable tab (wxmall's `usable` list holds them too); the card's dates say when it opens.
  upcoming: 'default',
  used: 'useless',
  expired: 'disabled',
  revoked: 'disabled',
};
/** Coupon kinds as the starter's card types (1 amount off, 2 discount) and chip text. */
export const COUPON_KIND: Record<'amount_off' | 'percent_off' | 'no_threshold', { type: 1 | 2; tag: string; subCode: string }> = {
  amount_off: { type: 1, tag: '满减', subCode: 'MYJ' },
  percent_off: { type: 2, tag: '折扣', subCode: 'MYG' },
  no_threshold: { type: 1, tag: '无门槛', subCode: 'MYJ' },
};
export const COUPON_SCOPE_TEXT: Record<'all' | 'categories' | 'products', string> = {
  all: '全部商品可用',
  categories: '指定分类商品可用',
  products: '指定商品可用',
};

import type { SkuSnapshot } from '@app/catalog';
import { MAX_FEN, mulFen, sumFen } from '@app/common';

export interface RequestedLine {
  skuId: number;
  quantity: number;
}

export type LineProblem = 'not_found' | 'deleted' | 'off_sale' | 'sku_disabled' | 'out_of_stock' | 'stock_short';

export interface PricedLine {
  skuId: number;
  productId: number;
  title: string;
  specText: string;
  image: string;
  unitPrice: number;
  quantity: number;
  lineTotal: number;
  /** The line's share of the coupon discount; paidAmount = lineTotal - discountAmount. */
  discountAmount: number;
  paidAmount: number;
  /** The product's category ids (coupon scopes). */
  categoryIds: number[];
  stock: number;
  problem: LineProblem | null;
}

export interface Pricing {
  lines: PricedLine[];
  itemsTotal: number;
  shippingFee: number;
  discountTotal: number;
  payAmount: number;
  /** The coupon applied (discountTotal is its discount), or null. */
  couponId: number | null;
  /** Lines that cannot be ordered as requested; they are left out of the totals. */
  problems: { skuId: number; problem: LineProblem }[];
}

export interface ShippingRule {
  shippingFee: number;
  freeShippingThreshold: number;
}

/** The largest order we accept: one WeChat Pay order, sane for a mini program shop (1,000,000 yuan). */
export const MAX_ORDER_FEN = MAX_FEN;

/**
 * Prices requested lines from live catalog snapshots. Flat shipping, free at or above the threshold
 * of the items total. Problem lines (gone, off sale, short of stock) are reported and left out.
 * `ignoreStock`: order creation leaves stock to the reservation (the authority under concurrency).
 */
export function priceLines(
  requested: readonly RequestedLine[],
  snapshots: ReadonlyMap<number, SkuSnapshot>,
  rule: ShippingRule,
  opts: { ignoreStock?: boolean } = {},
): Pricing {
  const lines: PricedLine[] = requested.map((r) => {
    const s = snapshots.get(r.skuId);
    const problem: LineProblem | null = !s
      ? 'not_found'
      : !s.available
        ? (s.unavailableReason ?? 'not_found')
        : opts.ignoreStock
          ? null
          : s.stock <= 0
            ? 'out_of_stock'
            : s.stock < r.quantity
              ? 'stock_short'
              : null;
    return {
      skuId: r.skuId,
      productId: s?.productId ?? 0,
      title: s?.title ?? '',
      specText: s?.specText ?? '',
      image: s?.image ?? '',
      unitPrice: s?.price ?? 0,
      quantity: r.quantity,
      lineTotal: s ? mulFen(s.price, r.quantity) : 0,
      discountAmount: 0,
      paidAmount: 0,
      categoryIds: s?.categoryIds ?? [],
      stock: s?.stock ?? 0,
      problem,
    };
  });
  const ok = lines.filter((l) => l.problem === null);
  for (const l of ok) l.paidAmount = l.lineTotal;
  const itemsTotal = sumFen(ok.map((l) => l.lineTotal));
  const shippingFee = ok.length === 0 || itemsTotal >= rule.freeShippingThreshold ? 0 : rule.shippingFee;
  const discountTotal = 0;
  return {
    lines,
    itemsTotal,
    shippingFee,
    discountTotal,
    payAmount: itemsTotal + shippingFee - discountTotal,
    couponId: null,
    problems: lines.filter((l) => l.problem !== null).map((l) => ({ skuId: l.skuId, problem: l.problem! })),
  };
}

/**
 * The most a coupon may take off these lines: the order's pay amount never drops below 1 fen unless the shop allows
 * free orders (ALLOW_FREE_ORDERS).
 */
export function maxCouponDiscount(p: Pick<Pricing, 'itemsTotal' | 'shippingFee'>, allowFreeOrders: boolean): number {
  return Math.max(0, p.itemsTotal + p.shippingFee - (allowFreeOrders ? 0 : 1));
}

/** What a coupon (priced by promotions over the orderable lines) changes: each line's share, the totals. */
export function withCoupon(p: Pricing, coupon: { couponId: number; discount: number; shares: readonly number[] } | null): Pricing {
  if (!coupon) return p;
  const ok = p.lines.filter((l) => l.problem === null);
  ok.forEach((l, i) => {
    l.discountAmount = coupon.shares[i] ?? 0;
    l.paidAmount = l.lineTotal - l.discountAmount;
  });
  return { ...p, couponId: coupon.couponId, discountTotal: coupon.discount, payAmount: p.itemsTotal + p.shippingFee - coupon.discount };
}

/** The orderable lines as coupon pricing reads them (same order as withCoupon's shares). */
export function couponLines(p: Pricing): { productId: number; categoryIds: number[]; lineTotal: number }[] {
  return p.lines
    .filter((l) => l.problem === null)
    .map((l) => ({ productId: l.productId, categoryIds: l.categoryIds, lineTotal: l.lineTotal }));
}

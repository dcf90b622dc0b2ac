import type { Product, ProductPage, StorePage } from '../catalog';
import type { CheckoutPreview } from '../checkout';
import type { ClaimableCouponList, Coupon, CouponPage } from '../coupons';
import type { AdapterContext } from './context';
import { type StarterGoodsCard, toGoodsCard } from './goods';
import { COUPON_KIND, COUPON_LIST_STATE, COUPON_SCOPE_TEXT, COUPON_STATUS, type CouponListState } from './starter-codes';

type Store = StorePage['items'][number];
type Option = CheckoutPreview['coupons'][number];
type Claimable = ClaimableCouponList['items'][number];
type Card = ProductPage['items'][number];
type Terms = Pick<Coupon, 'name' | 'kind' | 'amount' | 'threshold' | 'ratePercent' | 'description'>;

/** A day as the shop front prints it (China time): 2026.01.31. */
function day(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(Date.parse(iso) + 8 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}.${p(d.getUTCMonth() + 1)}.${p(d.getUTCDate())}`;
}

/** The card's value: fen for amount-off coupons, the "折" number for discounts (85 percent -> 8.5). */
const cardValue = (t: Terms): number => (t.kind === 'percent_off' ? (t.ratePercent ?? 100) / 10 : t.amount);

/** A coupon as the starter's coupon card and list (§2.17): status from the list tab, value in fen or 折. */
export function toStarterCoupon(c: Coupon) {
  const kind = COUPON_KIND[c.kind];
  return {
    key: String(c.id),
    status: COUPON_STATUS[c.state],
    type: kind.type,
    value: cardValue(c),
    tag: kind.tag,
    desc: c.description,
    base: c.threshold,
    title: c.name,
    timeLimit: `${day(c.validFrom)}-${day(c.validTo)}`,
    currency: '¥',
  };
}

export type StarterCoupon = ReturnType<typeof toStarterCoupon>;

/** A claimable template as a coupon card, with what claiming needs (`templateId`) and whether it still can. */
function toClaimable(t: Claimable) {
  const kind = COUPON_KIND[t.kind];
  const window = t.validDays !== null ? `领取后${t.validDays}天内有效` : `${day(t.validFrom)}-${day(t.validTo)}`;
  return {
    key: String(t.templateId),
    templateId: String(t.templateId),
    status: 'default' as const,
    type: kind.type,
    value: cardValue(t),
    tag: kind.tag,
    desc: t.description,
    base: t.threshold,
    title: t.name,
    timeLimit: window,
    currency: '¥',
    remaining: t.remaining,
    claimed: t.claimed,
    perUserLimit: t.perUserLimit,
    /** Claimable now by this shopper: coupons left and under the per-user limit. */
    canClaim: t.remaining > 0 && t.claimed < t.perUserLimit,
  };
}

/** A store as the starter's address model (coupon detail's store list, the pick-up store picker). */
export function toStarterStore(s: Store) {
  const id = String(s.id);
  return {
    id,
    addressId: id,
    storeId: id,
    storeName: s.name,
    name: s.name,
    phone: s.phone,
    phoneNumber: s.phone,
    provinceName: s.province,
    cityName: s.city,
    districtName: s.district,
    detailAddress: s.address,
    address: s.fullAddress,
    latitude: String(s.latitude),
    longitude: String(s.longitude),
    businessTime: s.businessHours,
    pickupEnabled: s.pickupEnabled,
    pickupHours: s.pickupHours,
    pickupPrepMinutes: s.pickupPrepMinutes,
    distanceMeters: s.distanceMeters ?? null,
  };
}

/**
 * The checkout coupon picker's answer (the starter's `selectCoupons` fixture, §2.17): every coupon of the shopper
 * with what it takes off these lines, status 1 for the one applied, 0 usable, -1 not usable; `reduce` the discount.
 */
export function toCouponResults(ctx: AdapterContext, pv: Pick<CheckoutPreview, 'coupons' | 'couponId' | 'discountTotal'>) {
  const options: Option[] = pv.coupons;
  return {
    couponResultList: options.map((o) => {
      const kind = COUPON_KIND[o.kind];
      const value = o.kind === 'percent_off' ? (o.ratePercent ?? 100) * 10 : o.amount;
      return {
        couponVO: {
          couponId: o.couponId,
          code: String(o.couponId),
          ruleId: o.couponId,
          name: o.name,
          condition: o.description,
          profit: o.discount,
          scopeText: COUPON_SCOPE_TEXT[o.scope],
          startTime: Date.parse(o.validFrom),
          endTime: Date.parse(o.validTo),
          expireStart: Date.parse(o.validFrom),
          expireEnd: Date.parse(o.validTo),
          promotionCode: 'MERCHANT',
          promotionSubCode: kind.subCode,
          storeId: ctx.storeId,
          // Type 1: fen off; type 2: the discount x 100 (550 = 5.5折), as the picker's fixture has it.
          value,
          type: kind.type,
          couponType: kind.type,
          promotion: {
            condition: { type: 1, value: o.threshold },
            discount: { value: o.kind === 'percent_off' ? (o.ratePercent ?? 100) : o.amount },
          },
          reason: o.reason,
        },
        status: o.couponId === pv.couponId ? 1 : o.usable ? 0 : -1,
      };
    }),
    reduce: pv.discountTotal,
  };
}

/**
 * The coupon a settle or commit call asks for, from the starter's `couponList` (the picker's selection, or the
 * settlement's `storeGoodsList[].couponList` sent back on commit): absent = wxmall's best, [] = none.
 */
export function couponIdOf(couponList: unknown[] | null | undefined): number | null | undefined {
  if (couponList === undefined || couponList === null) return undefined;
  for (const c of couponList as Record<string, unknown>[]) {
    const id = Number(c?.couponId ?? c?.code ?? c?.promotionId ?? c?.key);
    if (Number.isSafeInteger(id) && id > 0) return id;
  }
  return null;
}

async function allCoupons(ctx: AdapterContext, state: CouponListState): Promise<Coupon[]> {
  const out: Coupon[] = [];
  for (let page = 1; ; page++) {
    const res: CouponPage = await ctx.sdk.coupons.list({ state, page, pageSize: 100 });
    const items: Coupon[] = res.items;
    out.push(...items);
    if (items.length < 100 || out.length >= res.total) return out;
  }
}

export function couponModules(ctx: AdapterContext) {
  const sdk = ctx.sdk;
  return {
    'coupon/index': {
      /** The coupon list's tabs: 'default' usable, 'useless' used, 'disabled' expired (and revoked). All of them. */
      async fetchCouponList(status = 'default') {
        return (await allCoupons(ctx, COUPON_LIST_STATE[status] ?? 'usable')).map(toStarterCoupon);
      },
      /** One coupon with its use notes and scope, and the shop's stores. */
      async fetchCouponDetail(id: unknown, _status = 'default') {
        const [c, stores] = await Promise.all([sdk.coupons.get(Number(id)), sdk.catalog.stores({ pageSize: 100 })]);
        const card = toStarterCoupon(c);
        const list: Store[] = stores.items;
        return {
          detail: {
            ...card,
            desc: c.description,
            storeAdapt: COUPON_SCOPE_TEXT[c.scope],
            useNotes: [
              `1. ${c.description}`,
              `2. 有效期 ${card.timeLimit}`,
              '3. 每笔订单限用一张，不可与其他优惠券同时使用',
              '4. 订单未支付取消后优惠券退回（在有效期内）；退款不退券',
            ].join('\n'),
          },
          storeInfoList: list.map(toStarterStore),
        };
      },
    },

    // Not in the starter's services/: the goods detail's coupon popup, claiming, the checkout picker, pick-up stores.
    'wxmall/coupon': {
      /** Coupons to claim on the goods detail page (`spuId`) or the cart (`spuIds`); neither: every claimable one. */
      async fetchClaimableCoupons(params: { spuId?: string | number; spuIds?: (string | number)[] } = {}) {
        const productIds = (params.spuIds ?? []).map(Number);
        const res = await sdk.coupons.claimable({
          ...(params.spuId !== undefined && params.spuId !== '' ? { productId: Number(params.spuId) } : {}),
          ...(productIds.length ? { productIds } : {}),
        });
        const items: Claimable[] = res.items;
        return items.map(toClaimable);
      },
      /** Claims one coupon of a template (the card's `templateId`); answers the claimed coupon's card. */
      claimCoupon: async (templateId: string | number) => toStarterCoupon(await sdk.coupons.claim(Number(templateId))),
      /**
       * The goods a coupon applies to (the starter's coupon-activity-goods page, which passes the coupon id to the home
       * goods call instead): all products by sales, its categories' products, or its products, as goods cards.
       */
      async fetchCouponGoods(couponId: string | number, pageNum = 1, pageSize = 20): Promise<StarterGoodsCard[]> {
        const c = await sdk.coupons.get(Number(couponId));
        const scopeIds: number[] = c.scopeIds;
        if (c.scope === 'all') {
          const page: Card[] = (await sdk.catalog.products({ sort: 'sales', page: pageNum, pageSize })).items;
          return page.map(toGoodsCard);
        }
        let cards: Card[];
        if (c.scope === 'categories') {
          const pages = await Promise.all(
            scopeIds.slice(0, 10).map((categoryId) => sdk.catalog.products({ categoryId, sort: 'sales', pageSize: 100 })),
          );
          const seen = new Set<number>();
          cards = ([] as Card[]).concat(...pages.map((p): Card[] => p.items)).filter((p) => !seen.has(p.id) && seen.add(p.id));
        } else {
          // Off-sale products answer 404: left out.
          const found = await Promise.all(scopeIds.slice(0, 100).map((id) => sdk.catalog.product(id).catch((): null => null)));
          cards = found
            .filter((p): p is Product => p !== null)
            .map((p) => ({
              id: p.id,
              title: p.title,
              mainImage: p.mainImage,
              minPrice: p.minPrice,
              maxPrice: p.maxPrice,
              linePrice: p.linePrice,
              salesCount: p.salesCount,
            }));
        }
        return cards.slice((pageNum - 1) * pageSize, pageNum * pageSize).map(toGoodsCard);
      },
      /** How many usable coupons the shopper holds (user center badge). */
      fetchUsableCount: async () => Number((await sdk.coupons.list({ state: 'usable', pageSize: 1 })).total),
      /** The pick-up stores for the confirm page, nearest first with the shopper's position. */
      async fetchPickupStores(params: { latitude?: number | string; longitude?: number | string } = {}) {
        const at = params.latitude !== undefined && params.longitude !== undefined;
        const stores: Store[] = await sdk.checkout.pickupStores(at ? { lat: Number(params.latitude), lng: Number(params.longitude) } : {});
        return stores.map(toStarterStore);
      },
    },
  };
}

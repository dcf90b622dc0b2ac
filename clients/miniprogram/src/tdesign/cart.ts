import type { Cart } from '../cart';
import { type AdapterContext, enveloped, fenText, specPairs } from './context';

type Line = Cart['items'][number];

/** A cart line in the starter's model; `cartItemId` is wxmall's line id (the adapter's cart calls take it). */
export function toCartLine(ctx: AdapterContext, l: Line) {
  return {
    uid: '',
    saasId: '',
    storeId: ctx.storeId,
    spuId: String(l.productId),
    skuId: String(l.skuId),
    cartItemId: String(l.id),
    isSelected: l.selected ? 1 : 0,
    thumb: l.image,
    primaryImage: l.image,
    title: l.title,
    quantity: l.quantity,
    stockQuantity: l.stock,
    price: fenText(l.price),
    originPrice: fenText(l.linePrice ?? l.price),
    titlePrefixTags: [] as { text: string }[],
    specInfo: specPairs(l.specText),
    available: 1,
    putOnSale: 1,
    joinCartTime: '',
  };
}

export type StarterCartLine = ReturnType<typeof toCartLine>;

/** wxmall's cart as the starter's: one store, one "no promotion" group, invalid lines apart. */
export function toStarterCart(ctx: AdapterContext, cart: Cart) {
  const items: Line[] = cart.items;
  const invalidItems: Line[] = cart.invalidItems;
  const lines = items.map((l) => toCartLine(ctx, l));
  const invalid = invalidItems.map((l) => ({ ...toCartLine(ctx, l), available: 0 }));
  const noPromotion = {
    title: '',
    promotionCode: 'EMPTY_PROMOTION',
    promotionSubCode: null,
    promotionId: null,
    tagText: null,
    promotionStatus: null,
    tag: '',
    description: '',
    doorSillRemain: null,
    isNeedAddOnShop: 0,
    lastJoinTime: null,
  };
  return {
    isNotEmpty: lines.length + invalid.length > 0,
    storeGoods: lines.length
      ? [
          {
            storeId: ctx.storeId,
            storeName: ctx.storeName,
            storeStatus: 1,
            totalDiscountSalePrice: fenText(cart.totals.itemsTotal),
            promotionGoodsList: [{ ...noPromotion, goodsPromotionList: lines }],
            lastJoinTime: null,
            postageFreePromotionVo: { ...noPromotion },
          },
        ]
      : [],
    invalidGoodItems: invalid,
    isAllSelected: lines.length > 0 && lines.every((l) => l.isSelected === 1),
    selectedGoodsCount: Number(cart.totals.selectedQuantity),
    totalAmount: fenText(cart.totals.itemsTotal),
    totalDiscountAmount: '0',
  };
}

export interface LineKey {
  cartItemId?: string | number;
  spuId?: string | number;
  skuId?: string | number;
}

export function cartModules(ctx: AdapterContext) {
  const envCart = (work: () => Promise<Cart>) => enveloped(async () => toStarterCart(ctx, await work()));
  /** The line a page means: by `cartItemId`, else by skuId (the page's key is spuId + skuId). */
  const lineId = async (key: LineKey): Promise<number> => {
    if (key.cartItemId) return Number(key.cartItemId);
    const cart = await ctx.sdk.cart.get();
    const all: Line[] = [...cart.items, ...cart.invalidItems];
    const line = all.find((l) => String(l.skuId) === String(key.skuId));
    if (!line) throw new Error(`no cart line for sku ${String(key.skuId)}`);
    return line.id;
  };

  return {
    'cart/cart': {
      fetchCartGroupData: (_params?: unknown) => envCart(() => ctx.sdk.cart.get()),
    },
    // Not in the starter's services/: its cart page and add-to-cart buttons only change page state. Each answers
    // the whole cart again, as fetchCartGroupData does (the page should take it, since totals change).
    'wxmall/cart': {
      addCartItem: (p: { skuId: string | number; quantity?: number }) =>
        envCart(() => ctx.sdk.cart.add({ skuId: Number(p.skuId), quantity: p.quantity ?? 1 })),
      changeCartItemNum: (p: LineKey & { quantity: number }) =>
        envCart(async () => ctx.sdk.cart.update(await lineId(p), { quantity: p.quantity })),
      selectCartItem: (p: LineKey & { isSelected: boolean | number }) =>
        envCart(async () => ctx.sdk.cart.update(await lineId(p), { selected: Boolean(p.isSelected) })),
      selectAllCartItems: (isAllSelected: boolean) => envCart(() => ctx.sdk.cart.select({ selected: Boolean(isAllSelected) })),
      deleteCartItem: (p: LineKey) =>
        envCart(async () => {
          await ctx.sdk.cart.remove(await lineId(p));
          return ctx.sdk.cart.get();
        }),
      clearInvalidCartItems: () =>
        envCart(async () => {
          const invalid: Line[] = (await ctx.sdk.cart.get()).invalidItems;
          for (const l of invalid) await ctx.sdk.cart.remove(l.id);
          return ctx.sdk.cart.get();
        }),
    },
  };
}

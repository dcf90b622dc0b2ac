import type { Address } from '../addresses';
import type { Product, StorePage } from '../catalog';
import type { CheckoutPreview, CheckoutRequest } from '../checkout';
import { WxmallError } from '../errors';
import type { Order } from '../orders';
import { toStarterAddress, type StarterAddress } from './addresses';
import { couponIdOf, toCouponResults, toStarterStore } from './coupons';
import { type AdapterContext, enveloped, fenText, msText, specPairs } from './context';
import {
  COMMIT_ERROR_CODE,
  EXPRESS_COMPANY_NAMES,
  type ExpressCompany,
  LOGISTICS_NODE,
  ORDER_ACTION_BUTTON,
  ORDER_COUNT_TABS,
  ORDER_STATUS,
  ORDER_STATUS_FILTER,
  type OrderStatus,
  PICKUP_STATUS_NAME,
} from './starter-codes';

type Item = Order['items'][number];
type Shipment = Order['shipments'][number];
type Store = StorePage['items'][number];
type Blocker = CheckoutPreview['blockers'][number];
type Sku = Product['skus'][number];

/** One line the starter sends to settle or commit: a cart line (has cartItemId) or "buy now". */
export interface StarterGoodsRequest {
  cartItemId?: string | number;
  spuId?: string | number;
  skuId?: string | number;
  quantity: number;
  specInfo?: { specValue?: string | null }[];
}

export interface StarterSettleParams {
  goodsRequestList: StarterGoodsRequest[];
  userAddressReq?: (StarterAddress & { id?: string | number; addressId?: string | number }) | null;
  storeInfoList?: { storeId?: string; storeName?: string; remark?: string | null }[];
  /**
   * The coupons chosen (the picker's `selectedList`, or the settlement's `storeGoodsList[].couponList` on commit):
   * absent = wxmall picks the best one, [] = none, else the first one's `couponId` (or `code`, `promotionId`).
   */
  couponList?: unknown[] | null;
  /** wxmall extras (the starter has no pick-up): collect at a store instead of delivery. */
  deliveryMode?: 'delivery' | 'pickup';
  pickupStoreId?: string | number;
  pickerName?: string;
  pickerPhone?: string;
}

export interface StarterCommitParams extends StarterSettleParams {
  /** The settlement's totalPayAmount: the order is refused with TOTAL_AMOUNT_DIFFERENT when prices moved since. */
  totalAmount?: number | string;
}

const buttonsOf = (actions: string[], level: 'order' | 'item') =>
  actions
    .map((a) => ORDER_ACTION_BUTTON[a])
    .filter((b): b is NonNullable<typeof b> => b !== undefined && b.level === level)
    .map((b) => ({ primary: b.primary, type: b.type, name: b.name }));

/** wxmall's order as the starter's: codes, fen strings, ms times, buttons from `actions`, logistics and payment. */
export function toStarterOrder(ctx: AdapterContext, o: Order) {
  ctx.orderIds.set(o.orderNo, o.id);
  const orderStatus: OrderStatus = o.status;
  const status = ORDER_STATUS[orderStatus];
  const items: Item[] = o.items;
  const shipments: Shipment[] = o.shipments;
  const actions: string[] = o.actions;
  const shipment = shipments[0];
  const pickup: Order['pickup'] = o.pickup;
  const a: Order['address'] = o.address;
  const company = shipment ? (EXPRESS_COMPANY_NAMES[shipment.expressCompany as ExpressCompany] ?? shipment.expressCompany) : '';
  const toItem = (i: Item) => ({
    id: String(i.id),
    orderNo: o.orderNo,
    spuId: String(i.productId),
    skuId: String(i.skuId),
    roomId: null,
    goodsMainType: 0,
    goodsViceType: 0,
    goodsName: i.title,
    specifications: specPairs(i.specText),
    goodsPictureUrl: i.image,
    originPrice: fenText(i.unitPrice),
    actualPrice: fenText(i.unitPrice),
    buyQuantity: i.quantity,
    itemTotalAmount: fenText(i.lineTotal),
    itemDiscountAmount: fenText(i.discountAmount),
    itemPaymentAmount: fenText(i.paidAmount),
    goodsPaymentPrice: fenText(i.unitPrice),
    tagPrice: null,
    tagText: null,
    outCode: null,
    labelVOs: null,
    // Apply for after-sale on the items that still have units to refund.
    buttonVOs: i.quantity > i.refundedQuantity ? buttonsOf(actions, 'item') : [],
  });
  return {
    saasId: '',
    storeId: ctx.storeId,
    storeName: ctx.storeName,
    uid: '',
    orderId: String(o.id),
    orderNo: o.orderNo,
    parentOrderNo: o.orderNo,
    orderStatus: status.code,
    orderSubStatus: null,
    orderStatusName: pickup && o.status === 'paid' ? PICKUP_STATUS_NAME[pickup.status] : status.name,
    // A pick-up order shows the buyer's code once paid (the QR payload is in `pickupVO`).
    orderStatusRemark:
      o.status === 'pending_payment'
        ? `需支付￥${(o.payAmount / 100).toFixed(2)}`
        : pickup?.code && o.status === 'paid'
          ? `取货码 ${pickup.code}`
          : null,
    totalAmount: fenText(o.itemsTotal),
    goodsAmount: fenText(o.itemsTotal),
    goodsAmountApp: fenText(o.itemsTotal),
    paymentAmount: fenText(o.payAmount),
    freightFee: fenText(o.shippingFee),
    // wxmall's discounts are coupons: 活动优惠 stays 0, 优惠券 shows the coupon's.
    discountAmount: '0',
    couponAmount: fenText(o.discountTotal),
    packageFee: '0',
    remark: o.remark,
    createTime: msText(o.createdAt),
    // Above 1577808000000 the page reads an absolute deadline.
    autoCancelTime: o.status === 'pending_payment' ? msText(o.payExpiresAt) : null,
    orderItemVOs: items.map(toItem),
    logisticsVO: {
      logisticsType: 1,
      logisticsNo: shipment?.trackingNo ?? '',
      logisticsStatus: null,
      logisticsCompanyCode: shipment?.expressCompany ?? '',
      logisticsCompanyName: company,
      receiverAddressId: '',
      provinceCode: '',
      cityCode: '',
      countryCode: '',
      receiverProvince: a.province,
      receiverCity: a.city,
      receiverCountry: a.district,
      receiverArea: '',
      receiverAddress: a.detail,
      receiverPostCode: a.postalCode ?? '',
      receiverLongitude: '',
      receiverLatitude: '',
      receiverIdentity: '',
      receiverPhone: a.phone,
      receiverName: a.receiverName,
      expectArrivalTime: null,
      senderName: '',
      senderPhone: '',
      senderAddress: '',
      sendTime: msText(o.shippedAt),
      arrivalTime: msText(o.completedAt),
    },
    paymentVO: {
      payStatus: o.paidAt ? 1 : 0,
      amount: fenText(o.paidAt ? o.paidAmount : o.payAmount),
      currency: 'CNY',
      payType: 1,
      payWay: 1,
      payWayName: '微信支付',
      interactId: '',
      traceNo: '',
      channelTrxNo: '',
      period: null,
      payTime: msText(o.paidAt),
      paySuccessTime: o.paidAt ? msText(o.paidAt) : null,
    },
    buttonVOs: buttonsOf(actions, 'order'),
    /** wxmall extra: the pick-up store, collector, step, code and QR payload (null for delivery). */
    pickupVO: pickup
      ? {
          storeId: String(pickup.storeId),
          storeName: pickup.storeName,
          pickerName: pickup.pickerName,
          pickerPhone: pickup.pickerPhone,
          status: pickup.status,
          code: pickup.code,
          qrPayload: pickup.qrPayload,
          readyTime: msText(pickup.readyAt),
          dueTime: msText(pickup.dueAt),
          pickedUpTime: msText(pickup.pickedUpAt),
        }
      : null,
    invoiceVO: null,
    invoiceStatus: 3,
    invoiceDesc: '',
    orderType: 0,
    orderSubType: 0,
    cancelType: null,
    cancelReasonType: null,
    cancelReason: o.cancelReason,
    rightsType: null,
    labelVOs: null,
    invoiceUrl: null,
  };
}

export type StarterOrder = ReturnType<typeof toStarterOrder>;

/** The detail page's timeline (newest first) from the order's own times; carriers' traces are pending. */
function trajectoryOf(o: Order) {
  const shipments: Shipment[] = o.shipments;
  const shipment = shipments[0];
  const nodes: { code: string; title: string; at: string | null; remark: string }[] = [
    { code: LOGISTICS_NODE.submitted, title: '已下单', at: o.createdAt, remark: '订单已提交' },
    { code: LOGISTICS_NODE.paid, title: '已付款', at: o.paidAt, remark: '订单已支付' },
    {
      code: LOGISTICS_NODE.shipped,
      title: '已发货',
      at: o.shippedAt,
      remark: shipment
        ? `${EXPRESS_COMPANY_NAMES[shipment.expressCompany as ExpressCompany] ?? shipment.expressCompany} ${shipment.trackingNo}`
        : '',
    },
    { code: LOGISTICS_NODE.signed, title: '已签收', at: o.completedAt, remark: '已确认收货' },
    { code: LOGISTICS_NODE.cancelled, title: '已取消', at: o.cancelledAt, remark: '订单已取消' },
  ];
  // Newest first; steps at the same moment (an injected clock, a fast shop) in reverse lifecycle order.
  return nodes
    .map((n, i) => ({ ...n, i, t: n.at ? Date.parse(n.at) : NaN }))
    .filter((n) => !Number.isNaN(n.t))
    .sort((x, y) => y.t - x.t || y.i - x.i)
    .map((n) => ({
      title: n.title,
      icon: '',
      code: n.code,
      nodes: [{ status: n.title, timestamp: String(n.t), remark: n.remark }],
      isShow: true,
    }));
}

/** Settlement lines as wxmall's checkout request: cart lines order from the cart, "buy now" by SKU. */
async function linesOf(ctx: AdapterContext, list: StarterGoodsRequest[]): Promise<Pick<CheckoutRequest, 'items' | 'fromCart'>> {
  if (list.length && list.every((g) => g.cartItemId !== undefined && g.cartItemId !== '')) {
    // The cart's selection on wxmall becomes exactly these lines; the order then takes them out of the cart.
    await ctx.sdk.cart.select({ selected: false });
    await ctx.sdk.cart.select({ selected: true, itemIds: list.map((g) => Number(g.cartItemId)) });
    return { fromCart: true };
  }
  const items = await Promise.all(list.map(async (g) => ({ skuId: await skuIdOf(ctx, g), quantity: Number(g.quantity) })));
  return { items };
}

/**
 * The SKU of a "buy now" line. The starter's goods page sends no skuId (it reads it off an array): then the SKU is
 * found by the spec values it sends, or is the product's only SKU.
 */
async function skuIdOf(ctx: AdapterContext, g: StarterGoodsRequest): Promise<number> {
  if (g.skuId !== undefined && g.skuId !== null && g.skuId !== '') return Number(g.skuId);
  const product = await ctx.sdk.catalog.product(Number(g.spuId));
  const skus: Sku[] = product.skus;
  const wanted = (g.specInfo ?? []).map((s) => s.specValue ?? '');
  const sku = skus.length === 1 ? skus[0] : skus.find((s) => s.specValues.join('\u0000') === wanted.join('\u0000'));
  if (!sku) throw new WxmallError('VALIDATION_FAILED', 'choose a specification (skuId)', 400);
  return sku.id;
}

async function addressIdOf(ctx: AdapterContext, p: StarterSettleParams): Promise<number | undefined> {
  const given = p.userAddressReq?.id ?? p.userAddressReq?.addressId;
  if (given !== undefined && given !== null && given !== '') return Number(given);
  const list: Address[] = await ctx.sdk.addresses.list();
  return (list.find((a) => a.isDefault) ?? list[0])?.id;
}

type Priced = CheckoutPreview['lines'][number];

function toSettleDetail(ctx: AdapterContext, pv: CheckoutPreview, pickup: Store | null = null) {
  const lines: Priced[] = pv.lines;
  const sku = (l: Priced) => ({
    storeId: ctx.storeId,
    spuId: String(l.productId),
    skuId: String(l.skuId),
    goodsName: l.title,
    image: l.image,
    reminderStock: l.stock,
    quantity: l.quantity,
    payPrice: fenText(l.unitPrice),
    totalSkuPrice: fenText(l.lineTotal),
    /** The line's share of the coupon, and what is paid for it. */
    couponAmount: fenText(l.discountAmount),
    paidAmount: fenText(l.paidAmount),
    discountSettlePrice: fenText(l.unitPrice),
    realSettlePrice: fenText(l.unitPrice),
    settlePrice: fenText(l.unitPrice),
    oriPrice: fenText(l.unitPrice),
    tagPrice: null,
    tagText: null,
    skuSpecLst: specPairs(l.specText),
    promotionIds: null,
    weight: 0,
    unit: 'KG',
    volume: null,
    masterGoodsType: 0,
    viceGoodsType: 0,
    roomId: null,
    egoodsName: null,
  });
  const ok = lines.filter((l) => l.problem === null);
  const group = (problems: string[]) => {
    const bad = lines.filter((l) => l.problem !== null && problems.includes(l.problem));
    return bad.length ? [{ storeName: ctx.storeName, unSettlementGoods: bad.map(sku) }] : null;
  };
  const blockers: Blocker[] = pv.blockers;
  const limited = blockers.some((b) => b.code.startsWith('PURCHASE_LIMIT'));
  const count = ok.reduce((n, l) => n + l.quantity, 0);
  const couponList = pv.couponId
    ? [{ couponId: pv.couponId, code: String(pv.couponId), promotionId: pv.couponId, storeId: ctx.storeId }]
    : [];
  return {
    // Pick-up needs a store instead of an address.
    settleType: pv.address || pickup ? 1 : 0,
    userAddress: pv.address ? toStarterAddress(pv.address) : null,
    totalGoodsCount: count,
    packageCount: ok.length,
    totalAmount: fenText(pv.payAmount),
    totalPayAmount: fenText(pv.payAmount),
    totalSalePrice: fenText(pv.itemsTotal),
    totalGoodsAmount: fenText(pv.itemsTotal),
    totalPromotionAmount: '0',
    totalDiscountAmount: fenText(pv.discountTotal),
    totalCouponAmount: fenText(pv.discountTotal),
    /** The coupon applied and every coupon of the shopper priced on these lines (the picker's answer, §2.17). */
    couponId: pv.couponId === null ? null : String(pv.couponId),
    couponResult: toCouponResults(ctx, pv),
    /** wxmall extras: delivery or pick-up, and the pick-up store. */
    deliveryMode: pickup ? 'pickup' : 'delivery',
    pickupStore: pickup ? toStarterStore(pickup) : null,
    totalDeliveryFee: fenText(pv.shippingFee),
    invoiceSupport: 0,
    invoiceRequest: null,
    skuImages: null,
    deliveryFeeList: null,
    storeGoodsList: [
      {
        storeId: ctx.storeId,
        storeName: ctx.storeName,
        remark: null,
        goodsCount: count,
        deliveryFee: fenText(pv.shippingFee),
        deliveryWords: null,
        storeTotalAmount: fenText(pv.itemsTotal),
        storeTotalPayAmount: fenText(pv.payAmount),
        storeTotalDiscountAmount: fenText(pv.discountTotal),
        storeTotalCouponAmount: fenText(pv.discountTotal),
        skuDetailVos: ok.map(sku),
        couponList,
      },
    ],
    inValidGoodsList: group(['not_found', 'deleted', 'off_sale', 'sku_disabled']),
    outOfStockGoodsList: group(['out_of_stock', 'stock_short']),
    limitGoodsList: limited ? [{ storeName: ctx.storeName, unSettlementGoods: ok.map(sku) }] : null,
    abnormalDeliveryGoodsList: null,
  };
}

/** The starter's reading of a refusal: `{code, msg}` with its codes where it has them. */
function commitError(err: unknown, fallback?: string): Error {
  if (!(err instanceof WxmallError)) return err instanceof Error ? err : new Error(String(err));
  const code = fallback ?? COMMIT_ERROR_CODE[err.code] ?? err.code;
  return Object.assign(new WxmallError(code, err.message, err.status, err.requestId, err.details), { msg: err.message });
}

export function orderModules(ctx: AdapterContext) {
  const sdk = ctx.sdk;

  /** What settle and commit send to wxmall: the lines, the address or the pick-up store, the coupon asked for. */
  async function request(p: StarterSettleParams) {
    const pickup = p.deliveryMode === 'pickup';
    const [lines, addressId] = await Promise.all([linesOf(ctx, p.goodsRequestList ?? []), pickup ? undefined : addressIdOf(ctx, p)]);
    const where = pickup
      ? {
          deliveryMode: 'pickup' as const,
          ...(p.pickupStoreId ? { pickupStoreId: Number(p.pickupStoreId) } : {}),
          ...(p.pickerName ? { pickerName: p.pickerName } : {}),
          ...(p.pickerPhone ? { pickerPhone: p.pickerPhone } : {}),
        }
      : addressId
        ? { addressId }
        : {};
    return { ...lines, ...where };
  }

  async function preview(p: StarterSettleParams): Promise<CheckoutPreview> {
    const couponId = couponIdOf(p.couponList);
    return sdk.checkout.preview({ ...(await request(p)), ...(couponId !== undefined ? { couponId } : {}) });
  }

  async function pickupStore(p: StarterSettleParams): Promise<Store | null> {
    if (p.deliveryMode !== 'pickup' || !p.pickupStoreId) return null;
    const stores: Store[] = await sdk.checkout.pickupStores();
    return stores.find((s) => s.id === Number(p.pickupStoreId)) ?? null;
  }

  return {
    'order/orderConfirm': {
      /** The confirm page: priced lines, delivery fee, address (the default one unless chosen), problem lines. */
      fetchSettleDetail: (params: StarterSettleParams) =>
        enveloped(async () => {
          const [pv, store] = await Promise.all([preview(params), pickupStore(params)]);
          return toSettleDetail(ctx, pv, store);
        }),

      /**
       * Submits the order (one Idempotency-Key per attempt) and prepares its payment: `payInfo` holds the
       * wx.requestPayment parameters as JSON, `tradeNo` the order number.
       */
      dispatchCommitPay: (params: StarterCommitParams) =>
        enveloped(async () => {
          const body = await request(params);
          // The coupon the settlement showed: the one chosen, else wxmall's best (POST /orders applies none unless told).
          const asked = couponIdOf(params.couponList);
          const pv = await sdk.checkout.preview({ ...body, ...(asked !== undefined ? { couponId: asked } : {}) });
          if (params.totalAmount !== undefined && params.totalAmount !== null && params.totalAmount !== '') {
            if (pv.payAmount !== Number(params.totalAmount)) {
              throw Object.assign(new WxmallError('TOTAL_AMOUNT_DIFFERENT', '商品价格有变化，请重新确认', 409), {
                msg: '商品价格有变化，请重新确认',
              });
            }
          }
          const couponId = asked ?? pv.couponId;
          const remark = params.storeInfoList?.[0]?.remark ?? '';
          const order = await sdk.checkout
            .createOrder({
              ...body,
              ...(params.deliveryMode === 'pickup' ? {} : { addressId: ('addressId' in body && body.addressId) || 0 }),
              ...(couponId ? { couponId } : {}),
              ...(remark ? { remark } : {}),
            })
            .catch((err: unknown) => Promise.reject(commitError(err)));
          ctx.orderIds.set(order.orderNo, order.id);
          const pay = await sdk.payments.params(order.id).catch((err: unknown) => Promise.reject(commitError(err, 'ORDER_PAY_FAIL')));
          return {
            isSuccess: true,
            tradeNo: String(order.orderNo),
            payInfo: JSON.stringify(pay),
            code: null,
            transactionId: null,
            msg: null,
            interactId: null,
            channel: 'wechat',
            limitGoodsList: null,
          };
        }),

      /** wxmall issues no invoices yet (pending): accepted and ignored, as the starter's mock does. */
      dispatchSupplementInvoice: (_params?: unknown) => Promise.resolve(undefined),
    },

    'order/orderList': {
      /** `orderStatus` 5/10/40/50/80 filters; pages are 1-based; an empty page ends the list. */
      fetchOrders: (params: { parameter?: { pageNum?: number; pageSize?: number; orderStatus?: number } } = {}) =>
        enveloped(async () => {
          const q = params.parameter ?? {};
          const pageNum = q.pageNum && q.pageNum > 0 ? q.pageNum : 1;
          const pageSize = Math.min(q.pageSize && q.pageSize > 0 ? q.pageSize : 5, 100);
          const status = q.orderStatus === undefined || q.orderStatus === null ? undefined : ORDER_STATUS_FILTER[Number(q.orderStatus)];
          const res = await sdk.orders.list({ page: pageNum, pageSize, ...(status ? { status } : {}) });
          const orders: Order[] = res.items;
          return { pageNum, pageSize, totalCount: Number(res.total), orders: orders.map((o) => toStarterOrder(ctx, o)) };
        }),
      /** Badges of the order list's tabs. */
      fetchOrdersCount: (_params?: unknown) =>
        enveloped(async () => {
          const counts: Record<OrderStatus, number> = await sdk.orders.counts();
          return ORDER_COUNT_TABS.map((t) => ({ tabType: t.tabType, orderNum: counts[t.status] ?? 0 }));
        }),
    },

    'order/orderDetail': {
      /** `parameter` is the order number. */
      fetchOrderDetail: (params: { parameter: string }) =>
        enveloped(async () => {
          const o = await sdk.orders.get(await ctx.orderId(params.parameter));
          return { ...toStarterOrder(ctx, o), trajectoryVos: trajectoryOf(o) };
        }),
      /** Customer service hours and phone: the first store's, else the configured ones. */
      fetchBusinessTime: (_params?: unknown) =>
        enveloped(async () => {
          const stores: Store[] = (await sdk.catalog.stores({ pageSize: 1 })).items;
          const store = stores[0];
          return {
            businessTime: [store?.businessHours || ctx.options.serviceHours || ''],
            telphone: store?.phone || ctx.options.servicePhone || '',
            saasId: '',
          };
        }),
    },

    // Not in the starter's services/: its order buttons only show toasts.
    'wxmall/order': {
      /**
       * The confirm page's coupon picker (the starter's `selectCoupons` reads a fixture): the settlement's lines and the
       * picker's `selectedCoupons` (absent: wxmall's best) -> `{couponResultList, reduce}` in the envelope.
       */
      fetchSettleCoupons: (params: StarterSettleParams & { selectedCoupons?: unknown[] | null }) =>
        enveloped(async () => toCouponResults(ctx, await preview({ ...params, couponList: params.selectedCoupons ?? params.couponList }))),
      /** Pays an order (wx.requestPayment); answers once wxmall has the payment: `{orderNo, paid, totalPaid}`. */
      async payOrder(orderNo: string) {
        const res = await sdk.payments.pay(await ctx.orderId(orderNo));
        return {
          orderNo,
          paid: res.paid,
          totalPaid: res.paid ? Number(res.order.paidAmount) : 0,
          order: toStarterOrder(ctx, res.order),
        };
      },
      cancelOrder: async (orderNo: string) => toStarterOrder(ctx, await sdk.orders.cancel(await ctx.orderId(orderNo))),
      confirmReceipt: async (orderNo: string) => toStarterOrder(ctx, await sdk.orders.confirmReceipt(await ctx.orderId(orderNo))),
      /** Puts the order's items back into the cart (those still on sale); answers the cart's line count. */
      async rebuy(orderNo: string) {
        const o = await sdk.orders.get(await ctx.orderId(orderNo));
        let added = 0;
        const items: Item[] = o.items;
        for (const i of items) {
          try {
            await sdk.cart.add({ skuId: i.skuId, quantity: i.quantity });
            added++;
          } catch (err) {
            if (!(err instanceof WxmallError) || err.status >= 500 || err.status === 0) throw err;
          }
        }
        return { added, skipped: items.length - added };
      },
    },
  };
}

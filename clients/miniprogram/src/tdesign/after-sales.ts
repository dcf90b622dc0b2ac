import type { AfterSale, AfterSaleApplication, AfterSaleReasons, RefundablePreview } from '../after-sales';
import { WxmallError } from '../errors';
import type { Order } from '../orders';
import { type AdapterContext, enveloped, msText, specPairs } from './context';
import {
  AFTER_SALE_ACTION_BUTTON,
  AFTER_SALE_STATUS,
  AFTER_SALE_TYPE,
  type AfterSaleStatus,
  type AfterSaleType,
  EXPRESS_COMPANY_NAMES,
  type ExpressCompany,
  RECEIPT_REASONS,
  RECEIPT_REFUSED,
  RIGHTS_STATES,
  RIGHTS_STATUS_FILTER,
  RIGHTS_TYPE,
  type RightsStatus,
} from './starter-codes';

type Reason = AfterSaleReasons[number];
type OrderItem = Order['items'][number];
type AsItem = AfterSale['items'][number];
type AsEvent = AfterSale['events'][number];
type PreviewItem = RefundablePreview['items'][number];

/** The starter's two status codes for a request (see AFTER_SALE_STATUS). */
export function rightsStatusOf(a: Pick<AfterSale, 'status' | 'type' | 'events'>): RightsStatus {
  const events: AsEvent[] = a.events;
  if (a.status === 'rejected' && events.some((e) => e.fromStatus === 'returning' && e.toStatus === 'rejected')) return RECEIPT_REFUSED;
  const status: AfterSaleStatus = a.status;
  const type: AfterSaleType = a.type;
  const entry = AFTER_SALE_STATUS[status];
  return 'rightsStatus' in entry ? entry : entry[type];
}

/** wxmall's after-sale request as the starter's rights record (list item and detail). */
export function toRightsRecord(ctx: AdapterContext, a: AfterSale) {
  ctx.afterSaleIds.set(a.afterSaleNo, a.id);
  ctx.orderIds.set(a.orderNo, a.orderId);
  const st = rightsStatusOf(a);
  const asType: AfterSaleType = a.type;
  const type = AFTER_SALE_TYPE[asType];
  const amount: number = a.status === 'refunded' ? a.refundAmount : a.requestedAmount;
  const refund: AfterSale['refund'] = a.refund;
  const actions: string[] = a.actions;
  const images: string[] = a.images;
  const items: AsItem[] = a.items;
  return {
    buttonVOs: actions.filter((x) => x in AFTER_SALE_ACTION_BUTTON).map((x) => AFTER_SALE_ACTION_BUTTON[x]!),
    saasId: '',
    storeId: ctx.storeId,
    uid: '',
    createTime: msText(a.createdAt),
    refundMethodList: [{ refundMethodAmount: amount, refundMethodName: '微信支付' }],
    rights: {
      bizRightsStatus: st.rightsStatus,
      bizRightsStatusName: st.name,
      createTime: msText(a.createdAt),
      orderNo: a.orderNo,
      refundAmount: amount,
      refundRequestAmount: Number(a.requestedAmount),
      rightsMethod: 1,
      rightsNo: String(a.afterSaleNo),
      rightsParentNo: String(a.afterSaleNo),
      rightsReasonDesc: String(a.reasonLabel),
      rightsReasonType: a.reason === 'not_received' ? 2 : 1,
      rightsStatus: st.rightsStatus,
      rightsStatusName: st.name,
      rightsType: type.rightsType,
      saasId: '',
      shippingFee: Number(a.shippingAmount),
      shippingFeeBear: 0,
      storeId: ctx.storeId,
      storeName: ctx.storeName,
      uid: '',
      updateTime: msText(a.closedAt ?? a.createdAt),
      userRightsStatus: st.userRightsStatus,
      userRightsStatusName: st.name,
      userRightsStatusDesc: a.rejectReason ? `${st.desc}：${String(a.rejectReason)}` : st.desc,
      afterSaleRequireType: type.afterSaleRequireType,
      rightsImageUrls: images,
    },
    rightsItem: items.map((i) => ({
      actualPrice: i.quantity ? Math.floor(i.amount / i.quantity) : 0,
      createTime: msText(a.createdAt),
      disconutInfo: null,
      goodsName: i.title,
      goodsPictureUrl: i.image,
      goodsViceType: 0,
      itemDiscountAmount: 0,
      itemRefundAmount: i.amount,
      itemStatus: st.rightsStatus,
      itemTotalAmount: i.amount,
      orderNo: a.orderNo,
      parentOrderNo: a.orderNo,
      rightsId: String(a.id),
      rightsNo: a.afterSaleNo,
      rightsParentNo: a.afterSaleNo,
      rightsQuantity: i.quantity,
      saasId: '',
      skuId: '',
      specInfo: specPairs(i.specText).map((p) => ({ specTitle: p.specTitle, specValues: p.specValue })),
    })),
    rightsRefund: {
      callbackTime: msText(refund?.succeededAt),
      channel: 'wechat',
      channelTrxNo: '',
      createTime: msText(a.createdAt),
      refundDesc: String(a.description),
      memo: '',
      refundAmount: Number(a.refundAmount),
      refundStatus: refund?.status ?? '',
      requestTime: msText(a.createdAt),
      successTime: msText(refund?.succeededAt),
      traceNo: '',
      updateTime: msText(a.closedAt ?? a.createdAt),
    },
    logisticsVO: {
      logisticsNo: a.returnTrackingNo ?? '',
      logisticsCompanyCode: a.returnCompany ?? '',
      logisticsCompanyName: a.returnCompany ? (EXPRESS_COMPANY_NAMES[a.returnCompany as ExpressCompany] ?? a.returnCompany) : '',
      remark: '',
      nodes: [] as unknown[],
    },
  };
}

export type StarterRightsRecord = ReturnType<typeof toRightsRecord>;

export interface StarterApplyParams {
  rights: {
    orderNo: string;
    refundRequestAmount?: number;
    rightsImageUrls?: string[];
    rightsReasonDesc?: string;
    /** The chosen reason's `id` from fetchApplyReasonList (wxmall's reason code), when the page passes it. */
    rightsReasonId?: string;
    rightsReasonType?: number;
    rightsType?: number | null;
  };
  rightsItem: { itemTotalAmount?: number; rightsQuantity: number; skuId: string | number; spuId?: string | number }[];
  refundMemo?: string;
}

export interface StarterTrackingParams {
  rightsNo: string;
  logisticsCompanyCode: string;
  logisticsCompanyName?: string;
  logisticsNo: string;
  remark?: string;
}

export function afterSaleModules(ctx: AdapterContext) {
  const sdk = ctx.sdk;

  /** Every request of the shopper (the list filters several statuses at once, and counts them for its tabs). */
  async function allRequests(): Promise<AfterSale[]> {
    const all: AfterSale[] = [];
    for (let page = 1; page <= 20; page++) {
      const res = await sdk.afterSales.list({ page, pageSize: 100 });
      const items: AfterSale[] = res.items;
      all.push(...items);
      if (all.length >= Number(res.total) || !res.items.length) break;
    }
    return all;
  }

  const itemBySku = (o: Order, skuId: string | number): OrderItem => {
    const items: OrderItem[] = o.items;
    const item = items.find((i) => String(i.skuId) === String(skuId));
    if (!item) throw new WxmallError('NOT_FOUND', `order ${String(o.orderNo)} has no sku ${String(skuId)}`, 404);
    return item;
  };

  const reasonCode = (reasons: Reason[], r: StarterApplyParams['rights']): AfterSaleApplication['reason'] =>
    reasons.find((x) => x.code === r.rightsReasonId || x.code === r.rightsReasonDesc || x.label === r.rightsReasonDesc)?.code ?? 'other';

  const trackingSubmit = (p: StarterTrackingParams) =>
    enveloped(async () => {
      await sdk.afterSales.returnShipment(await ctx.afterSaleId(p.rightsNo), {
        expressCompany: p.logisticsCompanyCode as ExpressCompany,
        trackingNo: p.logisticsNo,
      });
      return null;
    });

  return {
    'order/applyService': {
      /** What can be refunded for one item of an order (refundable quantity and amount, shipping fee). */
      fetchRightsPreview: (params: { orderNo: string; skuId: string | number; spuId?: string | number; numOfSku?: number }) =>
        enveloped(async () => {
          const order = await sdk.orders.get(await ctx.orderId(params.orderNo));
          const item = itemBySku(order, params.skuId);
          const preview = await sdk.afterSales.preview(order.id);
          const previewItems: PreviewItem[] = preview.items;
          const p = previewItems.find((x) => x.orderItemId === item.id);
          const available = p?.refundableQuantity ?? 0;
          return {
            saasId: '',
            uid: '',
            storeId: ctx.storeId,
            skuId: String(item.skuId),
            spuId: String(item.productId),
            numOfSku: Math.min(Number(params.numOfSku) || available, available),
            numOfSkuAvailable: available,
            refundableAmount: p?.refundableAmount ?? 0,
            refundableDiscountAmount: 0,
            shippingFeeIncluded: preview.shippingIncludedIfAll ? Number(preview.shippingFee) : 0,
            paidAmountEach: item.unitPrice,
            boughtQuantity: item.quantity,
            orderNo: String(order.orderNo),
            goodsInfo: {
              goodsName: item.title,
              skuImage: item.image,
              specInfo: specPairs(item.specText).map((s, i) => ({ specId: String(i), ...s })),
            },
          };
        }),
      /** Confirms receipt (the apply page's "received" step); `parameter.orderNo` names the order. */
      dispatchConfirmReceived: async (params?: { parameter?: { orderNo?: string } }) => {
        if (params?.parameter?.orderNo) await sdk.orders.confirmReceipt(await ctx.orderId(params.parameter.orderNo));
        return undefined;
      },
      /** Reasons that fit `rightsReasonType` (1 goods received, 2 not received); `id` is wxmall's reason code. */
      fetchApplyReasonList: (params: { rightsReasonType?: number } = {}) =>
        enveloped(async () => {
          const fits = RECEIPT_REASONS[Number(params.rightsReasonType)] ?? RECEIPT_REASONS[1]!;
          const reasons: Reason[] = await sdk.afterSales.reasons();
          return { saasId: '', rightsReasonList: reasons.filter((r) => fits.includes(r.code)).map((r) => ({ id: r.code, desc: r.label })) };
        }),
      /** Files the request; wxmall computes the refund itself (the page's amounts are not trusted). */
      dispatchApplyService: (params: StarterApplyParams) =>
        enveloped(async () => {
          const order = await sdk.orders.get(await ctx.orderId(params.rights.orderNo));
          const reasons: Reason[] = await sdk.afterSales.reasons();
          const created = await sdk.afterSales.apply({
            orderId: order.id,
            type: RIGHTS_TYPE[Number(params.rights.rightsType)] ?? 'refund_only',
            items: params.rightsItem.map((i) => ({ orderItemId: itemBySku(order, i.skuId).id, quantity: Number(i.rightsQuantity) })),
            reason: reasonCode(reasons, params.rights),
            ...(params.refundMemo ? { description: params.refundMemo } : {}),
            ...(params.rights.rightsImageUrls?.length ? { images: params.rights.rightsImageUrls } : {}),
          });
          ctx.afterSaleIds.set(created.afterSaleNo, created.id);
          return { rightsNo: String(created.afterSaleNo), saasId: '', uid: '', storeId: ctx.storeId, result: null };
        }),
    },

    // The starter's after-sale pages keep these in page-local api.js files (no services/ module).
    'pages/order/after-service-list/api': {
      /** `afterServiceStatus` 10/20/50/60 filters; `states` are the tab badges. */
      getRightsList: (params: { parameter?: { pageNum?: number; pageSize?: number; afterServiceStatus?: number } } = {}) =>
        enveloped(async () => {
          const q = params.parameter ?? {};
          const pageNum = q.pageNum && q.pageNum > 0 ? q.pageNum : 1;
          const pageSize = q.pageSize && q.pageSize > 0 ? q.pageSize : 10;
          const records = (await allRequests()).map((a) => toRightsRecord(ctx, a));
          const shown = RIGHTS_STATUS_FILTER[Number(q.afterServiceStatus)];
          const filtered = shown ? records.filter((r) => shown.includes(r.rights.rightsStatus)) : records;
          const count = (codes: readonly number[]) => records.filter((r) => codes.includes(r.rights.rightsStatus)).length;
          return {
            pageNum,
            pageSize,
            totalCount: filtered.length,
            states: {
              audit: count(RIGHTS_STATES.audit),
              approved: count(RIGHTS_STATES.approved),
              complete: count(RIGHTS_STATES.complete),
              closed: count(RIGHTS_STATES.closed),
            },
            dataList: filtered.slice((pageNum - 1) * pageSize, pageNum * pageSize),
          };
        }),
    },
    'pages/order/after-service-detail/api': {
      /** `data` is an array of one record, as the page reads it. */
      getRightsDetail: (params: { rightsNo: string }) =>
        enveloped(async () => [toRightsRecord(ctx, await sdk.afterSales.get(await ctx.afterSaleId(params.rightsNo)))]),
      cancelRights: (params: { rightsNo: string }) =>
        enveloped(async () => {
          await sdk.afterSales.cancel(await ctx.afterSaleId(params.rightsNo));
          return {};
        }),
    },
    'pages/order/fill-tracking-no/api': {
      getDeliverCompanyList: () => Promise.resolve({ data: Object.entries(EXPRESS_COMPANY_NAMES).map(([code, name]) => ({ name, code })) }),
      /** The starter calls `create` when changing and `update` when filling: both submit the return shipment. */
      create: trackingSubmit,
      update: trackingSubmit,
    },
  };
}

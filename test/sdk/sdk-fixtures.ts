import { JobRunner } from '@app/jobs/testing';
import { IMG, startTestApp, type TestApp } from '@app/testing';
import { createWxmall, type Wxmall, type WxmallConfig } from '../../clients/miniprogram/src';
import { WxShim, type WxShimOptions } from './wx-shim';

export type TransportName = 'request' | 'container';

/** A live wxmall as both transports reach it: gateway headers trusted (callContainer), tokens (wx.request). */
export function startSdkApp(): Promise<TestApp> {
  return startTestApp({ env: { WX_GATEWAY_TRUST: 'true', PAYMENT_PROVIDER: 'mock' } });
}

let seq = 0;
export const newOpenid = (): string => `o_sdk_${++seq}_${Date.now().toString(36)}`;

/** A shopper's phone: the wx shim and the SDK configured for one transport. */
export function shopper(
  t: TestApp,
  transport: TransportName,
  opts: Partial<WxShimOptions> & { config?: Partial<WxmallConfig> } = {},
): { wx: WxShim; sdk: Wxmall } {
  const wx = new WxShim(t, { openid: opts.openid ?? newOpenid(), payment: opts.payment ?? 'pay' });
  const base = { wx, retryDelaysMs: [0, 0], payConfirmDelaysMs: [0, 0, 0] };
  const config = {
    ...(transport === 'container'
      ? { ...base, transport: 'container', env: 'test-env', service: 'wxmall' }
      : { ...base, transport: 'request', baseUrl: t.url }),
    ...opts.config,
  } as WxmallConfig;
  return { wx, sdk: createWxmall(config) };
}

export interface Shop {
  owner: string;
  categoryId: number;
  subcategoryId: number;
  /** 2 x 2 SKUs: 白/黑 x M/L, 9900 fen each (黑 L: 12900, out of stock). */
  productId: number;
  skus: { id: number; specValues: string[]; price: number; stock: number }[];
  /** A second product, single SKU. */
  plainProductId: number;
  plainSkuId: number;
}

/** A small shop through the admin API: a category tree, two products, a banner, a home section and a store. */
export async function openShop(t: TestApp): Promise<Shop> {
  const owner = await t.loginAdmin();
  const post = async (path: string, body: unknown): Promise<any> => {
    const res = await t.http.post(`/api/v1/admin/${path}`, body, { token: owner });
    if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${res.text}`);
    return res.body;
  };
  const top = await post('categories', { name: '服饰', iconUrl: IMG, sort: 0, isVisible: true });
  const sub = await post('categories', { name: 'T恤', parentId: top.id, iconUrl: IMG, sort: 0, isVisible: true });
  const product = await post('products', {
    categoryId: sub.id,
    title: '纯棉T恤',
    subtitle: '夏季新款',
    mainImage: IMG,
    images: [IMG, 'https://img.example.com/p2.png'],
    detailImages: ['https://img.example.com/d1.png'],
    status: 'on_sale',
    limitPerOrder: 5,
    specs: [
      { name: '颜色', values: ['白', '黑'] },
      { name: '尺码', values: ['M', 'L'] },
    ],
    skus: [
      { specValues: ['白', 'M'], price: 9900, linePrice: 12900, stock: 50 },
      { specValues: ['白', 'L'], price: 9900, linePrice: 12900, stock: 50 },
      { specValues: ['黑', 'M'], price: 9900, linePrice: 12900, stock: 50 },
      { specValues: ['黑', 'L'], price: 12900, stock: 0 },
    ],
  });
  const plain = await post('products', {
    categoryId: sub.id,
    title: '帆布袋',
    mainImage: IMG,
    images: [],
    detailImages: [],
    status: 'on_sale',
    specs: [],
    skus: [{ specValues: [], price: 3500, stock: 20 }],
  });
  await post('banners', { title: '夏日上新', image: 'https://img.example.com/banner.png', link: { type: 'category', id: top.id } });
  await post('home-sections', {
    title: '精选',
    subtitle: '本周推荐',
    productIds: [product.id, plain.id],
    link: { type: 'category', id: top.id },
  });
  await post('stores', {
    name: '旗舰店',
    province: '广东省',
    city: '深圳市',
    district: '南山区',
    address: '科技园路1号',
    latitude: 22.54,
    longitude: 113.95,
    phone: '0755-12345678',
    businessHours: '周一至周日 10:00-22:00',
  });
  return {
    owner,
    categoryId: top.id,
    subcategoryId: sub.id,
    productId: product.id,
    skus: product.skus.map((s: any) => ({ id: s.id, specValues: s.specValues, price: s.price, stock: s.stock })),
    plainProductId: plain.id,
    plainSkuId: plain.skus[0].id,
  };
}

/** The operator ships an order (all items). */
export async function ship(t: TestApp, shop: Shop, orderId: number): Promise<void> {
  const res = await t.http.post(
    `/api/v1/admin/orders/${orderId}/ship`,
    { expressCompany: 'SF', trackingNo: `SF${orderId}0000001` },
    { token: shop.owner },
  );
  if (res.status !== 200) throw new Error(`ship: ${res.status} ${res.text}`);
}

/** The operator approves an after-sale request; due jobs (the mock refund) run. */
export async function approve(t: TestApp, shop: Shop, afterSaleId: number): Promise<void> {
  const res = await t.http.post(`/api/v1/admin/after-sales/${afterSaleId}/approve`, {}, { token: shop.owner });
  if (res.status !== 200) throw new Error(`approve: ${res.status} ${res.text}`);
  await t.app.get(JobRunner).drain();
}

export const ADDRESS = {
  receiverName: '李雷',
  phone: '13900139000',
  province: '广东省',
  city: '深圳市',
  district: '南山区',
  detail: '科技园路2号',
  postalCode: '518000',
  isDefault: true,
};

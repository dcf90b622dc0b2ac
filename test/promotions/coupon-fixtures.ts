import { createAddress, createShopProduct, placeOrder, type TestApp } from '@app/testing';

export interface TemplateTerms {
  name?: string;
  kind: 'amount_off' | 'percent_off' | 'no_threshold';
  amount?: number;
  threshold?: number;
  ratePercent?: number;
  maxDiscount?: number;
  scope?: 'all' | 'categories' | 'products';
  scopeIds?: number[];
  validFrom?: string;
  validTo?: string;
  validDays?: number;
  totalQuantity?: number;
  perUserLimit?: number;
  channel?: 'public' | 'operator';
}

/** Creates a template (defaults: public, scope all, 30 days after claim, 1000 coupons, 5 per shopper). */
export async function createTemplate(t: TestApp, admin: string, terms: TemplateTerms): Promise<number> {
  const res = await t.http.post(
    '/api/v1/admin/coupon-templates',
    {
      name: terms.name ?? `券 ${terms.kind}`,
      scope: 'all',
      totalQuantity: 1000,
      perUserLimit: 5,
      channel: 'public',
      ...(terms.validFrom || terms.validTo ? {} : { validDays: 30 }),
      ...terms,
    },
    { token: admin },
  );
  if (res.status !== 201) throw new Error(`template: ${res.status} ${res.text}`);
  return res.body.id as number;
}

/** A template claimed by the shopper: the coupon's id. */
export async function couponFor(t: TestApp, admin: string, token: string, terms: TemplateTerms): Promise<number> {
  const templateId = await createTemplate(t, admin, terms);
  const res = await t.http.post('/api/v1/coupons/claim', { templateId }, { token });
  if (res.status !== 201) throw new Error(`claim: ${res.status} ${res.text}`);
  return res.body.id as number;
}

/**
 * A new shopper's order of one new product with a SKU per line (`stock` each), a coupon of `terms` claimed and applied:
 * the shopper, the coupon, the SKUs and the created order's response.
 */
export async function orderWithCoupon(
  t: TestApp,
  admin: string,
  lines: { price: number; quantity: number }[],
  terms: TemplateTerms,
  stock: number,
): Promise<{ token: string; userId: number; couponId: number; skuIds: number[]; res: Awaited<ReturnType<typeof placeOrder>> }> {
  const { token, userId } = await t.loginUser();
  const addressId = await createAddress(t, token);
  const p = await createShopProduct(
    t,
    admin,
    lines.map((l) => ({ price: l.price, stock })),
  );
  const couponId = await couponFor(t, admin, token, terms);
  const res = await placeOrder(t, token, {
    items: lines.map((l, i) => ({ skuId: p.skuIds[i]!, quantity: l.quantity })),
    addressId,
    couponId,
  });
  if (res.status !== 201) throw new Error(`order: ${res.status} ${res.text}`);
  return { token, userId, couponId, skuIds: p.skuIds, res };
}

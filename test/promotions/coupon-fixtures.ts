import type { TestApp } from '@app/testing';

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

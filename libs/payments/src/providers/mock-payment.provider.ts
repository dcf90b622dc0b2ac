import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '@app/common';
import type { PaymentProvider, ProviderRefund, ProviderTransaction, RequestPaymentParams } from './payment-provider';

/**
 * Payments for the demo and local development: no money moves. Orders are "paid" through
 * `POST /api/v1/dev/payments/:orderNo/succeed`, which goes through the same code path as a verified
 * WeChat Pay notification. Refunds succeed at once. Refused in production by config validation.
 */
export class MockPaymentProvider implements PaymentProvider {
  readonly name = 'mock' as const;
  private readonly paid = new Map<string, ProviderTransaction>();

  constructor(private readonly clock: Clock) {}

  prepay(p: { outTradeNo: string }): Promise<{ prepayId: string }> {
    return Promise.resolve({ prepayId: `mock_${p.outTradeNo}_${randomBytes(4).toString('hex')}` });
  }

  payParams(prepayId: string): RequestPaymentParams {
    const timeStamp = String(Math.floor(this.clock.now().getTime() / 1000));
    const nonceStr = randomBytes(16).toString('hex');
    const pkg = `prepay_id=${prepayId}`;
    return {
      timeStamp,
      nonceStr,
      package: pkg,
      signType: 'MOCK',
      paySign: createHash('sha256').update(`${timeStamp}\n${nonceStr}\n${pkg}\n`).digest('base64'),
    };
  }

  /** Used by the dev "succeed" route: the provider now reports the order as paid. */
  markPaid(outTradeNo: string, amount: number, payerOpenid: string | null): ProviderTransaction {
    const t: ProviderTransaction = {
      state: 'SUCCESS',
      outTradeNo,
      transactionId: `MOCK${Date.now()}${randomBytes(4).toString('hex')}`,
      amount,
      payerOpenid,
      paidAt: this.clock.now(),
    };
    this.paid.set(outTradeNo, t);
    return t;
  }

  query(outTradeNo: string): Promise<ProviderTransaction | null> {
    return Promise.resolve(this.paid.get(outTradeNo) ?? null);
  }

  close(outTradeNo: string): Promise<'closed' | 'paid'> {
    return Promise.resolve(this.paid.has(outTradeNo) ? 'paid' : 'closed');
  }

  refund(): Promise<ProviderRefund> {
    return Promise.resolve({ status: 'SUCCESS', refundId: `MOCKR${randomBytes(6).toString('hex')}`, succeededAt: this.clock.now() });
  }

  queryRefund(): Promise<ProviderRefund | null> {
    return Promise.resolve(null);
  }
}

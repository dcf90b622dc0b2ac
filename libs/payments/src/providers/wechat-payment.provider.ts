import { type WechatPayClient, WechatPayOrderPaidError, type WechatPayRefund, type WechatPayTransaction } from '@app/wechat';
import type { PaymentProvider, ProviderRefund, ProviderTransaction, RequestPaymentParams } from './payment-provider';

/** WeChat Pay v3 (JSAPI) through WechatPayClient. Its errors propagate typed (unavailable = retryable). */
export class WechatPaymentProvider implements PaymentProvider {
  readonly name = 'wechat' as const;

  constructor(private readonly client: WechatPayClient) {}

  prepay(p: {
    outTradeNo: string;
    amount: number;
    description: string;
    payerOpenid: string;
    expiresAt: Date;
  }): Promise<{ prepayId: string }> {
    return this.client.jsapiPrepay({
      outTradeNo: p.outTradeNo,
      amountTotal: p.amount,
      description: p.description,
      payerOpenid: p.payerOpenid,
      timeExpire: p.expiresAt,
    });
  }

  payParams(prepayId: string): RequestPaymentParams {
    const { timeStamp, nonceStr, package: pkg, signType, paySign } = this.client.buildPayParams(prepayId);
    return { timeStamp, nonceStr, package: pkg, signType, paySign };
  }

  async query(outTradeNo: string): Promise<ProviderTransaction | null> {
    const t = await this.client.queryByOutTradeNo(outTradeNo);
    return t ? toTransaction(t) : null;
  }

  async close(outTradeNo: string): Promise<'closed' | 'paid'> {
    try {
      await this.client.close(outTradeNo);
      return 'closed';
    } catch (err) {
      if (err instanceof WechatPayOrderPaidError) return 'paid';
      throw err;
    }
  }

  async refund(r: { outTradeNo: string; outRefundNo: string; amount: number; total: number; reason: string }): Promise<ProviderRefund> {
    return toRefund(
      await this.client.refund({
        outTradeNo: r.outTradeNo,
        outRefundNo: r.outRefundNo,
        refund: r.amount,
        total: r.total,
        reason: r.reason,
      }),
    );
  }

  async queryRefund(outRefundNo: string): Promise<ProviderRefund | null> {
    return toRefund(await this.client.queryRefund(outRefundNo));
  }
}

export function toTransaction(t: WechatPayTransaction): ProviderTransaction {
  const known = ['SUCCESS', 'NOTPAY', 'CLOSED', 'REFUND'] as const;
  return {
    state: (known as readonly string[]).includes(t.trade_state) ? (t.trade_state as ProviderTransaction['state']) : 'OTHER',
    outTradeNo: t.out_trade_no,
    transactionId: t.transaction_id ?? null,
    amount: t.amount?.total ?? 0,
    payerOpenid: t.payer?.openid ?? null,
    paidAt: t.success_time ? new Date(t.success_time) : null,
  };
}

function toRefund(r: WechatPayRefund): ProviderRefund {
  return { status: r.status, refundId: r.refund_id ?? null, succeededAt: r.success_time ? new Date(r.success_time) : null };
}

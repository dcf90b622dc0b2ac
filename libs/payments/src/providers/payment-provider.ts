import type { RequestPaymentParams } from '../dto/payment-view.dto';

/** The money side of a payment provider, in our words (amounts in fen). */
export interface ProviderTransaction {
  state: 'SUCCESS' | 'NOTPAY' | 'CLOSED' | 'REFUND' | 'OTHER';
  outTradeNo: string;
  transactionId: string | null;
  amount: number;
  payerOpenid: string | null;
  paidAt: Date | null;
}

export interface ProviderRefund {
  status: 'SUCCESS' | 'PROCESSING' | 'ABNORMAL' | 'CLOSED';
  refundId: string | null;
  succeededAt: Date | null;
}

export type { RequestPaymentParams } from '../dto/payment-view.dto';

/**
 * What payments needs from a provider. Two implementations: WeChat Pay v3 (production) and a mock
 * for the demo and local development, chosen by PAYMENT_PROVIDER.
 */
export interface PaymentProvider {
  readonly name: 'wechat' | 'mock';
  prepay(p: {
    outTradeNo: string;
    amount: number;
    description: string;
    payerOpenid: string;
    expiresAt: Date;
  }): Promise<{ prepayId: string }>;
  payParams(prepayId: string): RequestPaymentParams;
  /** null when the provider has no such order. */
  query(outTradeNo: string): Promise<ProviderTransaction | null>;
  /** 'paid' when the order turned out to be paid (the caller must then apply the payment). */
  close(outTradeNo: string): Promise<'closed' | 'paid'>;
  refund(r: { outTradeNo: string; outRefundNo: string; amount: number; total: number; reason: string }): Promise<ProviderRefund>;
  queryRefund(outRefundNo: string): Promise<ProviderRefund | null>;
}

export const PAYMENT_PROVIDER = Symbol('PAYMENT_PROVIDER');

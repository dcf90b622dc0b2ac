import type { Ok } from './api-types';
import type { WxmallClient } from './client';
import { WxmallError } from './errors';
import type { Order } from './orders';
import { sleep, wxCall, type WxFail, type WxPaymentParams } from './wx';

export type PaymentParams = Ok<'/api/v1/orders/{id}/pay', 'post'>;

export interface PayResult {
  /** The order as read after payment. */
  order: Order;
  /** True once wxmall has WeChat Pay's notification: the proof of payment (wx.requestPayment's success is not). */
  paid: boolean;
}

const DEFAULT_CONFIRM_DELAYS_MS = [500, 1000, 2000];

/** Paying an order with WeChat Pay. */
export function paymentsApi(c: WxmallClient) {
  const getOrder = (id: number): Promise<Order> => c.call('get', '/api/v1/orders/{id}', { params: { id } });
  const status = (order: Order): string => (order as { status: string }).status;

  return {
    /** The parameters for wx.requestPayment (to call it yourself; `pay` does it all). */
    params: (orderId: number): Promise<PaymentParams> => c.call('post', '/api/v1/orders/{id}/pay', { params: { id: orderId } }),

    /**
     * wxmall's parameters, `wx.requestPayment`, then the order re-read until wxmall has the payment notification.
     * Rejects with PAYMENT_CANCELLED when the buyer closes the sheet, PAYMENT_FAILED when WeChat refuses.
     */
    async pay(orderId: number): Promise<PayResult> {
      const p: WxPaymentParams = await c.call('post', '/api/v1/orders/{id}/pay', { params: { id: orderId } });
      try {
        await wxCall<unknown>((cb) =>
          c.wx.requestPayment({
            timeStamp: p.timeStamp,
            nonceStr: p.nonceStr,
            package: p.package,
            signType: p.signType,
            paySign: p.paySign,
            ...cb,
          }),
        );
      } catch (err) {
        const msg = (err as WxFail).errMsg ?? String(err);
        if (/cancel/i.test(msg)) throw new WxmallError('PAYMENT_CANCELLED', 'the payment was cancelled', 0, null, err);
        throw new WxmallError('PAYMENT_FAILED', `wx.requestPayment failed: ${msg}`, 0, null, err);
      }
      let order = await getOrder(orderId);
      for (const wait of c.config.payConfirmDelaysMs ?? DEFAULT_CONFIRM_DELAYS_MS) {
        if (status(order) !== 'pending_payment') break;
        await sleep(wait);
        order = await getOrder(orderId);
      }
      return { order, paid: status(order) !== 'pending_payment' && status(order) !== 'cancelled' };
    },
  };
}

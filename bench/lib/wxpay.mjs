// WeChat Pay v3 payment notifications as WeChat Pay sends them (wechat-platform.md 3.6): the
// transaction encrypted with AEAD_AES_256_GCM under the APIv3 key, the envelope signed with
// SHA256withRSA over "timestamp\nnonce\nbody\n" by the WeChat Pay key named in Wechatpay-Serial.
import { createCipheriv, randomBytes, randomInt, sign } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const alnum = (n) => Array.from({ length: n }, () => ALNUM[randomInt(ALNUM.length)]).join('');
const digits = (n) => Array.from({ length: n }, () => randomInt(10)).join('');

/** RFC 3339 in +08:00, as WeChat Pay writes times. */
export function wechatTime(d = new Date()) {
  const t = new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19);
  return `${t}+08:00`;
}

/** One TRANSACTION.SUCCESS event for a payment (its id is the event id duplicates repeat). */
export function transactionEvent({ appid, mchId, outTradeNo, amount, openid }) {
  return {
    id: `EV-${digits(22)}`,
    resource: {
      appid,
      mchid: mchId,
      out_trade_no: outTradeNo,
      transaction_id: `42000${digits(23)}`,
      trade_type: 'JSAPI',
      trade_state: 'SUCCESS',
      trade_state_desc: '支付成功',
      bank_type: 'OTHERS',
      attach: '',
      success_time: wechatTime(new Date()),
      payer: { openid },
      amount: { total: amount, payer_total: amount, currency: 'CNY', payer_currency: 'CNY' },
    },
  };
}

/**
 * Encrypts and signs an event for delivery now (Wechatpay-Timestamp = now, so build right before
 * sending: wxmall and the floor refuse timestamps more than 300 s off). Returns { body, headers }.
 */
export function signedNotification(event, keys) {
  const nonce = alnum(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(keys.apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from('transaction', 'utf8'));
  const data = Buffer.concat([cipher.update(JSON.stringify(event.resource), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  const body = JSON.stringify({
    id: event.id,
    create_time: wechatTime(new Date()),
    resource_type: 'encrypt-resource',
    event_type: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: {
      original_type: 'transaction',
      algorithm: 'AEAD_AES_256_GCM',
      ciphertext: data.toString('base64'),
      associated_data: 'transaction',
      nonce,
    },
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const headerNonce = randomBytes(16).toString('hex');
  const signature = sign('sha256', Buffer.from(`${timestamp}\n${headerNonce}\n${body}\n`, 'utf8'), keys.wechatPay.privateKey).toString(
    'base64',
  );
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': headerNonce,
      'wechatpay-signature': signature,
      'wechatpay-serial': keys.wechatPay.serial,
      'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
    },
  };
}

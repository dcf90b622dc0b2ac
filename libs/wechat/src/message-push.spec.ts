import { loadConfig } from '@app/config';
import { encryptPush, TEST_APPID } from '@app/testing';
import { decryptPush, MessagePushVerifier, pushSignature, PushRefusedError } from './message-push';

const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

function verifier(env: Record<string, string>): MessagePushVerifier {
  return new MessagePushVerifier(loadConfig({ NODE_ENV: 'test', WX_APPID: TEST_APPID, ...env }));
}

function signed(token: string, extra: Record<string, string> = {}) {
  return { signature: pushSignature(token, '1700000000', 'n1'), timestamp: '1700000000', nonce: 'n1', ...extra };
}

describe('message push verification', () => {
  it('signature: sha1 of the sorted token, timestamp and nonce', () => {
    const v = verifier({ WX_PUSH_TOKEN: 'tok' });
    expect(v.open(signed('tok'), {}, { Event: 'x' })).toEqual({ Event: 'x' });
    expect(() => v.open(signed('other'), {}, { Event: 'x' })).toThrow(PushRefusedError);
    expect(() => v.open({}, {}, { Event: 'x' })).toThrow(PushRefusedError);
    expect(v.echo({ ...signed('tok'), echostr: 'e' }, {})).toBe('e');
  });

  it('safe mode: msg_signature over the envelope, AES-256-CBC, our appid only', () => {
    const v = verifier({ WX_PUSH_TOKEN: 'tok', WX_PUSH_AES_KEY: AES_KEY });
    const event = { Event: 'wxa_media_check', trace_id: 't1', result: { suggest: 'pass', label: 100 } };
    const encrypted = encryptPush(AES_KEY, JSON.stringify(event), TEST_APPID);
    expect(decryptPush(AES_KEY, encrypted)).toEqual({ message: JSON.stringify(event), appid: TEST_APPID });
    const query = signed('tok', { encrypt_type: 'aes', msg_signature: pushSignature('tok', '1700000000', 'n1', encrypted) });
    expect(v.open(query, {}, { Encrypt: encrypted })).toEqual(event);
    // A plain body, a wrong msg_signature, another app's message, a tampered envelope: refused.
    expect(() => v.open(query, {}, event)).toThrow(PushRefusedError);
    expect(() => v.open({ ...query, msg_signature: 'x' }, {}, { Encrypt: encrypted })).toThrow(PushRefusedError);
    const foreign = encryptPush(AES_KEY, JSON.stringify(event), 'wx1111111111111111');
    const foreignQuery = { ...query, msg_signature: pushSignature('tok', '1700000000', 'n1', foreign) };
    expect(() => v.open(foreignQuery, {}, { Encrypt: foreign })).toThrow(expect.objectContaining({ reason: 'wrong_appid' }));
    // Another first character (the envelope starts with 'A' one time in 64): the message length's high bits change.
    const tampered = `${encrypted.startsWith('A') ? 'B' : 'A'}${encrypted.slice(1)}`;
    expect(() =>
      v.open({ ...query, msg_signature: pushSignature('tok', '1700000000', 'n1', tampered) }, {}, { Encrypt: tampered }),
    ).toThrow(PushRefusedError);
  });

  it('without a token, only the Cloud Hosting gateway (WX_GATEWAY_TRUST) is trusted', () => {
    expect(() => verifier({}).open({}, { 'x-wx-source': 'wx_push' }, {})).toThrow(expect.objectContaining({ reason: 'not_configured' }));
    const gateway = verifier({ WX_GATEWAY_TRUST: 'true' });
    expect(gateway.open({}, { 'x-wx-source': 'wx_push', 'x-wx-appid': TEST_APPID }, { Event: 'x' })).toEqual({ Event: 'x' });
    expect(() => gateway.open({}, {}, { Event: 'x' })).toThrow(PushRefusedError);
    expect(() => gateway.open({}, { 'x-wx-source': 'wx_push', 'x-wx-appid': 'wx1111111111111111' }, {})).toThrow(PushRefusedError);
  });
});

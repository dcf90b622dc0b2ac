import { AppException } from '@app/common';
import { checkEndpointUrl } from './webhook-url';

function codeOf(raw: string, production: boolean): string {
  try {
    checkEndpointUrl(raw, production);
    return 'ok';
  } catch (err) {
    return err instanceof AppException ? err.code : 'thrown';
  }
}

describe('webhook endpoint URLs', () => {
  it('takes https everywhere and http outside production only', () => {
    expect(checkEndpointUrl('https://erp.example.com/hooks?x=1', true)).toBe('https://erp.example.com/hooks?x=1');
    expect(codeOf('http://erp.example.com/hooks', false)).toBe('ok');
    expect(codeOf('http://erp.example.com/hooks', true)).toBe('WEBHOOK_URL_NOT_HTTPS');
  });

  it('refuses what is not an absolute http(s) URL, user info and fragments', () => {
    for (const raw of ['erp.example.com/hooks', 'ftp://erp.example.com/', 'https://u:p@erp.example.com/', 'https://erp.example.com/#x']) {
      expect(codeOf(raw, false)).toBe('WEBHOOK_URL_INVALID');
    }
  });
});

import { summarizeBody, targetTypeOf } from './audit-summary';

describe('audit summary', () => {
  it('redacts secrets at any depth and keeps the rest', () => {
    const s = summarizeBody({
      username: 'ann',
      password: 'p4ss-word',
      nested: { apiKey: 'k', token: 't', note: 'ok' },
      list: [{ secret: 1 }],
    });
    expect(JSON.parse(s)).toEqual({
      username: 'ann',
      password: '[redacted]',
      nested: { apiKey: '[redacted]', token: '[redacted]', note: 'ok' },
      list: [{ secret: '[redacted]' }],
    });
    expect(s).not.toContain('p4ss');
  });

  it('cuts long bodies and answers empty for none', () => {
    expect(summarizeBody({ text: 'x'.repeat(5000) })).toHaveLength(2000);
    expect(summarizeBody(undefined)).toBe('');
  });

  it('names the admin collection of a route', () => {
    expect(targetTypeOf('/api/v1/admin/orders/:id/ship')).toBe('orders');
    expect(targetTypeOf('/api/v1/admin/settings')).toBe('settings');
  });
});

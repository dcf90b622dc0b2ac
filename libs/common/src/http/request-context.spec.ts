import { asyncContextIsCheap, RequestContext } from './request-context';

describe('request context', () => {
  it('counts AsyncLocalStorage as cheap from Node 24, or with the flag on 22-23, unless turned off', () => {
    expect(asyncContextIsCheap('20.20.2', [])).toBe(false);
    expect(asyncContextIsCheap('22.12.0', [])).toBe(false);
    expect(asyncContextIsCheap('22.12.0', ['--experimental-async-context-frame'])).toBe(true);
    expect(asyncContextIsCheap('24.11.1', [])).toBe(true);
    expect(asyncContextIsCheap('24.11.1', ['--no-async-context-frame'])).toBe(false);
  });

  it('carries the store through awaits when on and nothing when off', async () => {
    const seen = async (): Promise<string | undefined> => {
      await Promise.resolve();
      return RequestContext.current()?.requestId;
    };
    expect(RequestContext.configure('on')).toBe(true);
    expect(await RequestContext.run({ requestId: 'r1' }, seen)).toBe('r1');
    expect(RequestContext.configure('off')).toBe(false);
    expect(await RequestContext.run({ requestId: 'r2' }, seen)).toBeUndefined();
    expect(RequestContext.configure('auto')).toBe(asyncContextIsCheap());
  });
});

import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { lastValueFrom, of } from 'rxjs';
import { AdminWriteInterceptor } from './admin-write.interceptor';

/** What @AdminAuth binds: writes go to the audit once per request, reads pass straight through. */
describe('AdminWriteInterceptor', () => {
  const handedOver: string[] = [];
  const audit: NestInterceptor = {
    intercept: (ctx, next) => {
      handedOver.push(ctx.switchToHttp().getRequest<{ method: string }>().method);
      return next.handle();
    },
  };
  const ctxOf = (req: object): ExecutionContext => ({ switchToHttp: () => ({ getRequest: () => req }) }) as unknown as ExecutionContext;
  const next: CallHandler = { handle: () => of('done') };
  const run = async (i: AdminWriteInterceptor, req: object): Promise<unknown> => lastValueFrom(await i.intercept(ctxOf(req), next));

  beforeEach(() => (handedOver.length = 0));

  it('hands each write to the audit once, also when a class-level and a method-level @AdminAuth both bind it', async () => {
    const classLevel = new AdminWriteInterceptor(audit);
    const methodLevel = new AdminWriteInterceptor(audit);
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const req = { method };
      expect(await run(classLevel, req)).toBe('done');
      expect(await run(methodLevel, req)).toBe('done');
    }
    expect(handedOver).toEqual(['POST', 'PUT', 'PATCH', 'DELETE']);
  });

  it('lets reads through without the audit', async () => {
    const i = new AdminWriteInterceptor(audit);
    for (const method of ['GET', 'HEAD', 'OPTIONS']) expect(await run(i, { method })).toBe('done');
    expect(handedOver).toEqual([]);
  });
});

import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { lastValueFrom, of } from 'rxjs';
import { AdminWriteInterceptor, AUDITED_READ_KEY } from './admin-write.interceptor';

/** What @AdminAuth binds: writes go to the audit once per request, reads pass straight through. */
describe('AdminWriteInterceptor', () => {
  const handedOver: string[] = [];
  const audit: NestInterceptor = {
    intercept: (ctx, next) => {
      handedOver.push(ctx.switchToHttp().getRequest<{ method: string }>().method);
      return next.handle();
    },
  };
  const plain = (): void => undefined;
  const exporting = (): void => undefined;
  Reflect.defineMetadata(AUDITED_READ_KEY, true, exporting);
  const ctxOf = (req: object, handler: () => void = plain): ExecutionContext =>
    ({ switchToHttp: () => ({ getRequest: () => req }), getHandler: () => handler }) as unknown as ExecutionContext;
  const next: CallHandler = { handle: () => of('done') };
  const run = async (i: AdminWriteInterceptor, req: object, handler?: () => void): Promise<unknown> =>
    lastValueFrom(await i.intercept(ctxOf(req, handler), next));

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

  it('hands a GET of a route marked @AuditedRead (an export) to the audit, once', async () => {
    const i = new AdminWriteInterceptor(audit);
    const req = { method: 'GET' };
    expect(await run(i, req, exporting)).toBe('done');
    expect(await run(i, req, exporting)).toBe('done');
    expect(await run(i, { method: 'HEAD' }, exporting)).toBe('done');
    expect(handedOver).toEqual(['GET']);
  });
});

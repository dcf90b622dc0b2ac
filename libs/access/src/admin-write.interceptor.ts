import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';

/**
 * The token under which the audit lib provides what records an admin write (globally). access sits below audit, so
 * @AdminAuth binds this small interceptor and it hands each admin write to whatever is registered there.
 */
export const ADMIN_WRITE_AUDIT = Symbol('wxmall:admin-write-audit');

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Set on a request once its write is handed over: a method-level @AdminAuth under a class-level one binds it twice. */
const HANDED = Symbol('wxmall:admin-write-handed');
/** Set by @AuditedRead on a read route that takes data out of the shop (exports): it is audited as a write is. */
export const AUDITED_READ_KEY = 'wxmall:audited-read';

/** Whether the audit records this request: an admin write, or a read of a route marked @AuditedRead. */
export function isAudited(method: string, handler: object): boolean {
  return WRITES.has(method) || (method === 'GET' && Reflect.getMetadata(AUDITED_READ_KEY, handler) === true);
}

/**
 * Bound by @AdminAuth (class or method), so only admin routes pay for an interceptor: a global one put an RxJS
 * pipeline on every request of the shop, /healthz and checkout included. Reads pass straight through (but for
 * @AuditedRead routes).
 */
@Injectable()
export class AdminWriteInterceptor implements NestInterceptor {
  constructor(@Inject(ADMIN_WRITE_AUDIT) private readonly audit: NestInterceptor) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> | Promise<Observable<unknown>> {
    const req = ctx.switchToHttp().getRequest<FastifyRequest & { [HANDED]?: true }>();
    if (!isAudited(req.method, ctx.getHandler()) || req[HANDED]) return next.handle();
    req[HANDED] = true;
    return this.audit.intercept(ctx, next);
  }
}

import { type CallHandler, type ExecutionContext, Injectable, Logger, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { catchError, from, mergeMap, type Observable, throwError } from 'rxjs';
import { ACCESS_KEY, type Access, isAudited } from '@app/access';
import { errorText, toErrorResponse } from '@app/common';
import { summarizeBody, targetTypeOf } from './audit-summary';
import { AuditLogService } from './audit-log.service';

/** @nestjs/swagger's metadata key of @ApiOperation (not exported by the package). */
const API_OPERATION = 'swagger/apiOperation';

/**
 * Every admin write lands in the audit log, whoever adds the route: a route declared @AdminAuth answering POST, PUT,
 * PATCH or DELETE, and the GETs marked @AuditedRead (exports). @AdminAuth binds access's AdminWriteInterceptor, which
 * hands those requests here; no other route runs through an interceptor. The row is written before the handler runs
 * (a failure to write it fails the request before any change), and completed with the outcome after; the response
 * waits for that. A process that stops between the
 * change's commit and the completion leaves the row `pending`: an attempt whose outcome is unknown, never a change
 * without a row. The price is one insert and one update per admin write, outside the change's transaction.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger(AuditInterceptor.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditLogService,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    const handler = ctx.getHandler();
    if (!isAudited(req.method, handler)) return next.handle();
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [handler, ctx.getClass()]);
    const identity = req.identity;
    if (access?.kind !== 'admin' || identity?.kind !== 'admin') return next.handle();

    const route = req.routeOptions.url ?? req.url;
    const operation = this.reflector.get<{ operationId?: string } | undefined>(API_OPERATION, handler);
    const params = req.params as Record<string, string | undefined>;
    const begun = this.audit.begin({
      adminId: identity.adminId,
      adminUsername: identity.username ?? '',
      role: identity.role,
      viaUserId: identity.viaUserId ?? null,
      action: (operation?.operationId ?? handler.name).slice(0, 64),
      method: req.method,
      route: route.slice(0, 200),
      targetType: targetTypeOf(route),
      targetId: params.id?.slice(0, 64) ?? null,
      // A read's summary is what it asked for: the export's filters.
      summary: summarizeBody(req.method === 'GET' ? req.query : req.body),
      requestId: String(req.id).slice(0, 64),
    });
    return from(begun).pipe(
      mergeMap((id) =>
        next.handle().pipe(
          mergeMap(async (result: unknown) => {
            await this.finish(id, 'succeeded', null, params.id === undefined ? createdId(result) : null);
            return result;
          }),
          catchError((err: unknown) =>
            from(this.finish(id, 'failed', toErrorResponse(err, '').body.code, null)).pipe(mergeMap(() => throwError(() => err))),
          ),
        ),
      ),
    );
  }

  /** A completion that fails leaves the row pending; the change itself stands, so the response does too. */
  private async finish(id: number, outcome: 'succeeded' | 'failed', code: string | null, targetId: string | null): Promise<void> {
    try {
      await this.audit.finish(id, outcome, code, targetId);
    } catch (err) {
      this.logger.error({ auditId: id, error: errorText(err) }, 'audit row left pending');
    }
  }
}

/** The id of what a POST created (`{ id }` in its response), for the row's target. */
function createdId(result: unknown): string | null {
  const id = (result as { id?: unknown } | null)?.id;
  return typeof id === 'number' || typeof id === 'string' ? String(id).slice(0, 64) : null;
}

import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorResponse } from '../errors/error-body';

/** The one global filter: every error leaves the service in the `{code, message, details?, requestId}` shape. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const mapped = toErrorResponse(exception, req.id);
    if (mapped.internal) this.logger.error({ err: exception, requestId: req.id, route: req.routeOptions?.url }, 'unhandled error');
    // "retry in N s" answers (429, 503) say it in the standard header too.
    const retryAfter = mapped.body.details?.retryAfterSeconds;
    if (typeof retryAfter === 'number' && !reply.hasHeader('retry-after')) void reply.header('retry-after', String(retryAfter));
    void reply.status(mapped.status).send(mapped.body);
  }
}

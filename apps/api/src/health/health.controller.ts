import { Controller, Get, Header, Headers, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '@app/auth';
import { bearerTokenMatches, CommonErrors, Metrics } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { DatabaseHealth } from '@app/database';

const LIVE = { status: 'ok' } as const;

@ApiExcludeController()
@Controller()
@Public()
export class HealthController {
  constructor(
    private readonly db: DatabaseHealth,
    private readonly metrics: Metrics,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /**
   * Liveness: the process answers. The platform probes it constantly, so it sends its own reply and skips
   * Nest's result handling (which inspects the returned object's constructor source on every call).
   */
  @Get('healthz')
  healthz(@Res() reply: FastifyReply): void {
    void reply.send(LIVE);
  }

  /** Readiness: the database answers and every migration is applied; 503 otherwise. */
  @Get('readyz')
  async readyz(): Promise<{ status: 'ready'; database: boolean; migrations: boolean }> {
    const checks = await this.db.check();
    if (!checks.database) throw CommonErrors.notReady('Database unreachable');
    if (!checks.migrations) throw CommonErrors.notReady('Migrations pending');
    return { status: 'ready', ...checks };
  }

  /** Prometheus text. With METRICS_TOKEN set, only for `Authorization: Bearer <token>`; production without one: off. */
  @Get('metrics')
  @Header('cache-control', 'no-store')
  async metricsText(@Headers('authorization') auth: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    const token = this.config.metricsToken;
    if (!token && this.config.env === 'production') throw CommonErrors.notFound('Route');
    if (token && !bearerTokenMatches(auth, token)) throw CommonErrors.unauthenticated('Metrics token required');
    const body = await this.metrics.registry.metrics();
    void reply.header('content-type', this.metrics.registry.contentType).send(body);
  }
}

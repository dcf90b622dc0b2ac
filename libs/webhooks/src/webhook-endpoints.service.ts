import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Clock, type Page, type PageQuery, pageParams, toPage } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';
import type { CreateWebhookEndpointDto, RotateWebhookSecretDto, UpdateWebhookEndpointDto } from './dto/webhook-endpoint.dto';
import { toEndpointView } from './dto/webhook.mappers';
import type { WebhookEndpointView, WebhookEndpointWithSecret } from './dto/webhook-endpoint.dto';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { newWebhookSecret } from './webhook-signature';
import { WebhookSubscriptions } from './webhook-subscriptions';
import { checkEndpointUrl } from './webhook-url';
import { WebhooksErrors } from './webhooks.errors';

/**
 * Owners' endpoints: register, change, enable/disable, rotate the secret. Every write is an admin route, so the audit
 * interceptor records who did it; the secret itself never reaches the audit summary (it is generated here, not sent).
 */
@Injectable()
export class WebhookEndpointsService {
  constructor(
    @InjectRepository(WebhookEndpoint) private readonly endpoints: Repository<WebhookEndpoint>,
    private readonly subscriptions: WebhookSubscriptions,
    private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async create(dto: CreateWebhookEndpointDto): Promise<WebhookEndpointWithSecret> {
    const url = checkEndpointUrl(dto.url, this.config.env === 'production');
    const now = this.clock.now();
    const enabled = dto.enabled ?? true;
    const endpoint = this.endpoints.create({
      url,
      description: dto.description ?? '',
      eventTypes: dto.eventTypes,
      secret: newWebhookSecret(),
      previousSecret: null,
      previousSecretUntil: null,
      enabled,
      disabledReason: enabled ? null : 'disabled by an owner',
      disabledAt: enabled ? null : now,
      consecutiveFailures: 0,
      createdAt: now,
      updatedAt: now,
    });
    const { identifiers } = await this.endpoints.insert(endpoint);
    this.subscriptions.invalidate();
    return { ...(await this.get((identifiers[0] as { id: number }).id)), secret: endpoint.secret };
  }

  async list(q: PageQuery): Promise<Page<WebhookEndpointView>> {
    const { offset, pageSize } = pageParams(q);
    const [rows, total] = await this.endpoints.findAndCount({ order: { id: 'DESC' }, skip: offset, take: pageSize });
    return toPage(rows.map(toEndpointView), total, q);
  }

  async get(id: number): Promise<WebhookEndpointView> {
    return toEndpointView(await this.find(id));
  }

  async update(id: number, dto: UpdateWebhookEndpointDto): Promise<WebhookEndpointView> {
    const endpoint = await this.find(id);
    const now = this.clock.now();
    const changes: Partial<WebhookEndpoint> = { updatedAt: now };
    if (dto.url !== undefined) changes.url = checkEndpointUrl(dto.url, this.config.env === 'production');
    if (dto.description !== undefined) changes.description = dto.description;
    if (dto.eventTypes !== undefined) changes.eventTypes = dto.eventTypes;
    if (dto.enabled === true && !endpoint.enabled)
      Object.assign(changes, { enabled: true, disabledReason: null, disabledAt: null, consecutiveFailures: 0 });
    if (dto.enabled === false && endpoint.enabled)
      Object.assign(changes, { enabled: false, disabledReason: 'disabled by an owner', disabledAt: now });
    await this.endpoints.update({ id }, changes);
    // What was held while it was disabled goes out now, with a fresh retry period.
    if (changes.enabled === true) {
      await this.endpoints.manager.update(
        WebhookDelivery,
        { endpointId: id, status: 'pending' },
        { nextAttemptAt: now, retrySince: now, updatedAt: now },
      );
    }
    this.subscriptions.invalidate();
    return this.get(id);
  }

  /** A new secret, answered once; the previous one keeps signing for the overlap (0: it stops at once). */
  async rotateSecret(id: number, dto: RotateWebhookSecretDto): Promise<WebhookEndpointWithSecret> {
    const endpoint = await this.find(id);
    const now = this.clock.now();
    const overlap = dto.overlapSeconds ?? this.config.webhooks.secretOverlapSeconds;
    const secret = newWebhookSecret();
    // Conditional on the secret read: of two rotations at once, the second fails instead of dropping the first's secret.
    const res = await this.endpoints.update(
      { id, secret: endpoint.secret },
      {
        secret,
        previousSecret: overlap > 0 ? endpoint.secret : null,
        previousSecretUntil: overlap > 0 ? new Date(now.getTime() + overlap * 1000) : null,
        updatedAt: now,
      },
    );
    if (!res.affected) return this.rotateSecret(id, dto);
    return { ...(await this.get(id)), secret };
  }

  private async find(id: number): Promise<WebhookEndpoint> {
    const endpoint = await this.endpoints.findOneBy({ id });
    if (!endpoint) throw WebhooksErrors.endpointNotFound();
    return endpoint;
  }
}

import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth } from '@app/access';
import { ApiErrors, IdPipe, PageQuery } from '@app/common';
import {
  CreateWebhookEndpointDto,
  ReplayWebhookRangeDto,
  RotateWebhookSecretDto,
  UpdateWebhookEndpointDto,
  WebhookDeliveriesQuery,
  type WebhookDeliveryPage,
  type WebhookDeliveryView,
  type WebhookEndpointPage,
  type WebhookEndpointView,
  type WebhookEndpointWithSecret,
  type WebhookReplayResult,
} from './dto/webhook-endpoint.dto';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhooksErrors } from './webhooks.errors';

/** Owners' webhook endpoints (signed events out to an existing backend), their delivery logs and replays. */
@ApiTags('admin')
@Controller('admin/webhooks/endpoints')
@AdminAuth('owner')
export class AdminWebhooksController {
  constructor(
    private readonly endpoints: WebhookEndpointsService,
    private readonly deliveries: WebhookDeliveriesService,
  ) {}

  /** Webhook endpoints, newest first (never their secrets). */
  @Get()
  @ApiOperation({ operationId: 'adminListWebhookEndpoints' })
  list(@Query() q: PageQuery): Promise<WebhookEndpointPage> {
    return this.endpoints.list(q);
  }

  /**
   * Register an endpoint.
   * @remarks The answer carries the signing secret, the only time it is shown (rotate it to get a new one).
   */
  @Post()
  @ApiOperation({ operationId: 'adminCreateWebhookEndpoint' })
  @ApiErrors(WebhooksErrors.badUrl, WebhooksErrors.insecureUrl)
  create(@Body() dto: CreateWebhookEndpointDto): Promise<WebhookEndpointWithSecret> {
    return this.endpoints.create(dto);
  }

  /** One endpoint, with why it is disabled if it is. */
  @Get(':id')
  @ApiOperation({ operationId: 'adminGetWebhookEndpoint' })
  @ApiErrors(WebhooksErrors.endpointNotFound)
  get(@Param('id', IdPipe) id: number): Promise<WebhookEndpointView> {
    return this.endpoints.get(id);
  }

  /**
   * Change an endpoint's URL, event types, description or enabled flag.
   * @remarks Enabling a disabled endpoint clears its failure streak and sends the deliveries held meanwhile.
   */
  @Patch(':id')
  @ApiOperation({ operationId: 'adminUpdateWebhookEndpoint' })
  @ApiErrors(WebhooksErrors.endpointNotFound, WebhooksErrors.badUrl, WebhooksErrors.insecureUrl)
  update(@Param('id', IdPipe) id: number, @Body() dto: UpdateWebhookEndpointDto): Promise<WebhookEndpointView> {
    return this.endpoints.update(id, dto);
  }

  /**
   * Rotate the signing secret.
   * @remarks The new secret is answered once. The previous one keeps signing alongside it (two `v1=` signatures)
   * for `overlapSeconds`, so the receiver can switch without losing events.
   */
  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ operationId: 'adminRotateWebhookSecret' })
  @ApiErrors(WebhooksErrors.endpointNotFound)
  rotate(@Param('id', IdPipe) id: number, @Body() dto: RotateWebhookSecretDto): Promise<WebhookEndpointWithSecret> {
    return this.endpoints.rotateSecret(id, dto);
  }

  /** The endpoint's delivery log, newest first: status, last response code and latency, attempts. */
  @Get(':id/deliveries')
  @ApiOperation({ operationId: 'adminListWebhookDeliveries' })
  @ApiErrors(WebhooksErrors.endpointNotFound)
  deliveryLog(@Param('id', IdPipe) id: number, @Query() q: WebhookDeliveriesQuery): Promise<WebhookDeliveryPage> {
    return this.deliveries.list(id, q);
  }

  /** Send one delivery again (whatever its status), with a fresh retry period. */
  @Post(':id/deliveries/:deliveryId/replay')
  @HttpCode(200)
  @ApiOperation({ operationId: 'adminReplayWebhookDelivery' })
  @ApiErrors(WebhooksErrors.deliveryNotFound)
  replayOne(@Param('id', IdPipe) id: number, @Param('deliveryId', IdPipe) deliveryId: number): Promise<WebhookDeliveryView> {
    return this.deliveries.replayOne(id, deliveryId);
  }

  /** Send again every delivery of this endpoint whose event occurred in [from, to), in event order per resource. */
  @Post(':id/replay')
  @HttpCode(200)
  @ApiOperation({ operationId: 'adminReplayWebhookDeliveries' })
  @ApiErrors(WebhooksErrors.endpointNotFound, WebhooksErrors.badRange)
  replayRange(@Param('id', IdPipe) id: number, @Body() dto: ReplayWebhookRangeDto): Promise<WebhookReplayResult> {
    return this.deliveries.replayRange(id, dto);
  }
}

import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminWebhooksController } from './admin-webhooks.controller';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookDispatcher } from './webhook-dispatcher.service';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhookEvent } from './webhook-event.entity';
import { WebhookEvents } from './webhook-events.service';
import { WebhookSubscriptions } from './webhook-subscriptions';

/**
 * Signed events out: global like jobs, because the modules that own the resources emit their events (with their own
 * response mappers) inside their own transactions.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([WebhookEndpoint, WebhookEvent, WebhookDelivery])],
  controllers: [AdminWebhooksController],
  providers: [WebhookSubscriptions, WebhookEvents, WebhookDispatcher, WebhookEndpointsService, WebhookDeliveriesService],
  exports: [WebhookEvents],
})
export class WebhooksModule {}

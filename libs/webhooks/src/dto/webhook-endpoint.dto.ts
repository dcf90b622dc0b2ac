import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, Max, Min } from 'class-validator';
import { IsText, Optional, PageOf, PartialDto, TimeRangePageQuery } from '@app/common';
import { WEBHOOK_DELIVERY_STATUSES, type WebhookDeliveryStatus } from '../webhook-delivery.entity';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../webhook-event-types';

export class CreateWebhookEndpointDto {
  /** Where events are POSTed: https (http is refused in production), no user info. */
  @IsText(10, 512)
  url!: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  eventTypes!: WebhookEventType[];

  @Optional()
  @IsText(0, 200)
  description?: string;

  /** Default true. */
  @Optional()
  @IsBoolean()
  enabled?: boolean;
}

/** Any subset; enabling again clears the failure streak and the disabled reason, and resumes held deliveries. */
export class UpdateWebhookEndpointDto extends PartialDto(CreateWebhookEndpointDto) {}

export class RotateWebhookSecretDto {
  /** How long the previous secret keeps signing (both signatures are sent), in seconds; default WEBHOOK_SECRET_OVERLAP. */
  @Optional()
  @IsInt()
  @Min(0)
  @Max(30 * 86400)
  overlapSeconds?: number;
}

export class ReplayWebhookRangeDto {
  /** Events that occurred at or after (ISO 8601). */
  @IsISO8601({ strict: true })
  from!: string;

  /** Events that occurred before (ISO 8601). */
  @IsISO8601({ strict: true })
  to!: string;
}

export class WebhookDeliveriesQuery extends TimeRangePageQuery {
  @Optional()
  @IsIn(WEBHOOK_DELIVERY_STATUSES)
  status?: WebhookDeliveryStatus;
}

export class WebhookEndpointView {
  id!: number;
  url!: string;
  description!: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true })
  eventTypes!: WebhookEventType[];
  enabled!: boolean;
  /** Why it is disabled (an owner, or the automatic stop after consecutive failures). */
  disabledReason!: string | null;
  disabledAt!: string | null;
  consecutiveFailures!: number;
  /** Until when the previous secret still signs (after a rotation). */
  previousSecretUntil!: string | null;
  createdAt!: string;
  updatedAt!: string;
}

/** The endpoint with its signing secret: answered once, when it is created or rotated, never again. */
export class WebhookEndpointWithSecret extends WebhookEndpointView {
  secret!: string;
}

export class WebhookEndpointPage extends PageOf(WebhookEndpointView) {}

export class WebhookDeliveryView {
  id!: number;
  /** The event's id (receivers dedupe by it). */
  eventId!: string;
  eventType!: string;
  /** The resource the event is about (`order:42`): its deliveries go out one at a time, in order. */
  resource!: string;
  @ApiProperty({ enum: WEBHOOK_DELIVERY_STATUSES })
  status!: WebhookDeliveryStatus;
  attempts!: number;
  /** HTTP status of the last attempt (null: no answer). */
  responseCode!: number | null;
  latencyMs!: number | null;
  lastError!: string | null;
  occurredAt!: string;
  lastAttemptAt!: string | null;
  /** When the next attempt is due (pending only). */
  nextAttemptAt!: string | null;
  deliveredAt!: string | null;
}

export class WebhookDeliveryPage extends PageOf(WebhookDeliveryView) {}

export class WebhookReplayResult {
  /** Deliveries put back in line. */
  replayed!: number;
}

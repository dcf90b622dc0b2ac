import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { Clock, type Page, pageParams, toPage } from '@app/common';
import type { ReplayWebhookRangeDto, WebhookDeliveriesQuery, WebhookDeliveryView, WebhookReplayResult } from './dto/webhook-endpoint.dto';
import { toDeliveryView } from './dto/webhook.mappers';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookDispatcher } from './webhook-dispatcher.service';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhookEvent } from './webhook-event.entity';
import { WebhooksErrors } from './webhooks.errors';

/** A delivery put back in line: due now, a fresh retry period, the attempt count restarted. */
const replayed = (now: Date) => ({
  status: 'pending' as const,
  attempts: 0,
  nextAttemptAt: now,
  retrySince: now,
  lockedUntil: null,
  lockedBy: null,
  updatedAt: now,
});

/** An endpoint's delivery log and replays (receivers dedupe by event id, so a replay is always safe). */
@Injectable()
export class WebhookDeliveriesService {
  constructor(
    private readonly ds: DataSource,
    private readonly dispatcher: WebhookDispatcher,
    private readonly clock: Clock,
  ) {}

  async list(endpointId: number, q: WebhookDeliveriesQuery): Promise<Page<WebhookDeliveryView>> {
    await this.endpoint(endpointId);
    const { offset, pageSize } = pageParams(q);
    const qb = this.ds.manager.createQueryBuilder(WebhookDelivery, 'd').where('d.endpointId = :endpointId', { endpointId });
    if (q.status) qb.andWhere('d.status = :status', { status: q.status });
    if (q.from) qb.andWhere('d.createdAt >= :from', { from: new Date(q.from) });
    if (q.to) qb.andWhere('d.createdAt < :to', { to: new Date(q.to) });
    const [rows, total] = await qb.orderBy('d.createdAt', 'DESC').addOrderBy('d.id', 'DESC').skip(offset).take(pageSize).getManyAndCount();
    const events = await this.eventsOf(rows);
    return toPage(
      rows.map((d) => toDeliveryView(d, events.get(d.eventId)!)),
      total,
      q,
    );
  }

  async replayOne(endpointId: number, deliveryId: number): Promise<WebhookDeliveryView> {
    const res = await this.ds.manager.update(WebhookDelivery, { id: deliveryId, endpointId }, replayed(this.clock.now()));
    if (!res.affected) throw WebhooksErrors.deliveryNotFound();
    this.dispatcher.kick();
    const d = await this.ds.manager.findOneByOrFail(WebhookDelivery, { id: deliveryId });
    return toDeliveryView(d, (await this.eventsOf([d])).get(d.eventId)!);
  }

  /** Every delivery of this endpoint whose event occurred in [from, to), in event order as always. */
  async replayRange(endpointId: number, dto: ReplayWebhookRangeDto): Promise<WebhookReplayResult> {
    await this.endpoint(endpointId);
    const from = new Date(dto.from);
    const to = new Date(dto.to);
    if (!(from < to)) throw WebhooksErrors.badRange();
    const events = this.ds.manager
      .createQueryBuilder(WebhookEvent, 'e')
      .select('e.id')
      .where('e.occurredAt >= :from AND e.occurredAt < :to');
    const res = await this.ds.manager
      .createQueryBuilder()
      .update(WebhookDelivery)
      .set(replayed(this.clock.now()))
      .where('endpoint_id = :endpointId', { endpointId })
      .andWhere(`event_id IN (${events.getQuery()})`)
      .setParameters({ from, to })
      .execute();
    this.dispatcher.kick();
    return { replayed: res.affected ?? 0 };
  }

  private async endpoint(id: number): Promise<void> {
    if (!(await this.ds.manager.existsBy(WebhookEndpoint, { id }))) throw WebhooksErrors.endpointNotFound();
  }

  private async eventsOf(rows: WebhookDelivery[]): Promise<Map<number, WebhookEvent>> {
    if (rows.length === 0) return new Map();
    const events = await this.ds.manager.find(WebhookEvent, {
      select: { id: true, uid: true, type: true, occurredAt: true },
      where: { id: In([...new Set(rows.map((d) => d.eventId))]) },
    });
    return new Map(events.map((e) => [e.id, e]));
  }
}

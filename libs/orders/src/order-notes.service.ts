import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@app/common';
import type { OrderNoteView } from './dto/order-note.dto';
import { OrderNote } from './order-note.entity';
import { Order } from './order.entity';
import { OrdersErrors } from './orders.errors';

/** Operators' notes on orders: appended, listed oldest first. */
@Injectable()
export class OrderNotesService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  async list(orderId: number): Promise<OrderNoteView[]> {
    await this.assertOrder(orderId);
    const notes = await this.ds.manager.find(OrderNote, { where: { orderId }, order: { id: 'ASC' } });
    return notes.map(toNoteView);
  }

  async add(adminId: number, orderId: number, body: string): Promise<OrderNoteView[]> {
    await this.assertOrder(orderId);
    await this.ds.manager.insert(OrderNote, { orderId, adminId, body, createdAt: this.clock.now() });
    return this.list(orderId);
  }

  private async assertOrder(orderId: number): Promise<void> {
    if (!(await this.ds.manager.exists(Order, { where: { id: orderId } }))) throw OrdersErrors.notFound();
  }
}

function toNoteView(n: OrderNote): OrderNoteView {
  return { id: n.id, adminId: n.adminId, body: n.body, createdAt: n.createdAt.toISOString() };
}

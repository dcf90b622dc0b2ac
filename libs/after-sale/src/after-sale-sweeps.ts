import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, LessThanOrEqual } from 'typeorm';
import { Clock } from '@app/common';
import { TransactionRunner, writeLock } from '@app/database';
import { JobRegistry } from '@app/jobs';
import { AfterSaleTransitions } from './after-sale-transitions.service';
import { AfterSale } from './after-sale.entity';

export const RETURN_DEADLINE_SWEEP = 'after-sale.return-deadline';

/** Requests whose goods were not sent back within RETURN_SHIP_DAYS are cancelled. */
@Injectable()
export class AfterSaleSweeps implements OnModuleInit {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly transitions: AfterSaleTransitions,
    private readonly registry: JobRegistry,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.registry.defineSweep(RETURN_DEADLINE_SWEEP, 10 * 60_000, () => this.cancelOverdueReturns());
  }

  async cancelOverdueReturns(): Promise<number> {
    const due = await this.ds.manager.find(AfterSale, {
      where: { status: 'awaiting_return', returnDeadline: LessThanOrEqual(this.clock.now()) },
      select: { id: true },
      take: 200,
    });
    let cancelled = 0;
    for (const { id } of due) {
      const done = await this.tx.run(async (m) => {
        const request = await m.findOne(AfterSale, { where: { id }, ...writeLock(m) });
        if (!request || request.status !== 'awaiting_return' || !request.returnDeadline || request.returnDeadline > this.clock.now())
          return false;
        return this.transitions.apply(m, {
          request,
          step: 'cancel',
          actor: 'system',
          note: 'goods not sent back before the return deadline',
          values: {},
        });
      });
      if (done) cancelled++;
    }
    return cancelled;
  }
}

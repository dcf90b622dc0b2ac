import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Clock } from '@app/common';
import { TransactionRunner } from '@app/database';
import { JobRegistry } from '@app/jobs';
import { BusinessCalendar } from './business-calendar';
import { EVENT_BATCH, rebuild, rollupStep, type RunTx } from './rollups';

export const ROLLUP_SWEEP = 'reports.rollup';
const ROLLUP_EVERY_MS = 10_000;
/** Event batches one sweep run takes at most (a backlog is caught up over a few runs). */
const MAX_STEPS = 20;

/** Keeps the rollups current: a periodic sweep (claimed through the jobs lib, so one instance runs it at a time). */
@Injectable()
export class RollupsService implements OnModuleInit {
  private readonly runTx: RunTx;

  constructor(
    private readonly registry: JobRegistry,
    tx: TransactionRunner,
    private readonly calendar: BusinessCalendar,
    private readonly clock: Clock,
  ) {
    this.runTx = (work) => tx.run(work);
  }

  onModuleInit(): void {
    this.registry.defineSweep(ROLLUP_SWEEP, ROLLUP_EVERY_MS, () => this.catchUp());
  }

  /** Rolls up every event there is (bounded), returns how many were read. */
  async catchUp(): Promise<number> {
    let total = 0;
    for (let i = 0; i < MAX_STEPS; i++) {
      const { read, advanced } = await rollupStep(this.runTx, this.calendar, this.clock.now());
      total += read;
      if (!advanced || read < EVENT_BATCH) break;
    }
    return total;
  }

  rebuild(): Promise<number> {
    return rebuild(this.runTx, this.calendar, () => this.clock.now());
  }
}

import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Clock } from '@app/common';
import { TransactionRunner } from '@app/database';
import { JobRegistry } from '@app/jobs';
import { BusinessCalendar } from './business-calendar';
import { rebuild, rollupStep, type RunTx, type SeenEvents } from './rollups';

export const ROLLUP_SWEEP = 'reports.rollup';
const ROLLUP_EVERY_MS = 10_000;
/** Event batches one sweep run takes at most (a backlog is caught up over a few runs). */
const MAX_STEPS = 20;

/** Keeps the rollups current: a periodic sweep (claimed through the jobs lib, so one instance runs it at a time). */
@Injectable()
export class RollupsService implements OnModuleInit {
  private readonly runTx: RunTx;
  /**
   * The paid and refund events the last committed step read (rollups.ts `SeenEvents`): the watermark trails the
   * newest events by five minutes, so every run reads them again, and recomputed today from the raw rows each time
   * (every 10 s while a shop takes orders, for a day whose rollup row only matters once it is over). A day is now
   * recomputed when an event of it appears that this instance has not covered yet.
   */
  private seen: SeenEvents | undefined;

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

  /**
   * Rolls up every event there is (bounded), returns how many were read. A next step runs only when the last one
   * passed a whole batch: a step that moved the watermark by the few events that aged past the lag meanwhile would
   * otherwise read the same batch again, up to MAX_STEPS times a run (40,000 rows read every 10 s while orders keep
   * coming, seen in the benchmark's payment rounds).
   */
  async catchUp(): Promise<number> {
    let total = 0;
    for (let i = 0; i < MAX_STEPS; i++) {
      const { read, more, seen } = await rollupStep(this.runTx, this.calendar, this.clock.now(), this.seen);
      this.seen = seen;
      total += read;
      if (!more) break;
    }
    return total;
  }

  rebuild(): Promise<number> {
    return rebuild(this.runTx, this.calendar, () => this.clock.now());
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { errorText } from '@app/common';
import { DataSource, type EntityManager } from 'typeorm';
import { isMysqlFamily, isRetryableTxError } from './db-errors';

export interface TxOptions {
  /** Extra attempts after a deadlock or lock-wait timeout. */
  retries?: number;
}

/**
 * The one way use cases open a transaction. MySQL deadlocks and lock-wait timeouts are retried a
 * bounded number of times (the work function must therefore be safe to re-run: it only touches the
 * database through `manager`). READ COMMITTED: our writes are conditional updates, and it avoids
 * the gap locks that make REPEATABLE READ deadlock under concurrent inserts.
 */
@Injectable()
export class TransactionRunner {
  private readonly logger = new Logger(TransactionRunner.name);
  private readonly embedded: boolean;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly ds: DataSource) {
    this.embedded = !isMysqlFamily(ds);
  }

  run<T>(work: (manager: EntityManager) => Promise<T>, opts: TxOptions = {}): Promise<T> {
    if (this.embedded) return this.serialized(() => this.ds.transaction(work));
    return this.withRetry(work, opts.retries ?? 3);
  }

  private async withRetry<T>(work: (manager: EntityManager) => Promise<T>, retries: number): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.ds.transaction('READ COMMITTED', work);
      } catch (err) {
        if (attempt >= retries || !isRetryableTxError(err)) throw err;
        this.logger.warn({ attempt: attempt + 1, error: errorText(err) }, 'transaction retried after lock conflict');
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
      }
    }
  }

  /** The embedded driver has one connection: transactions must not interleave on it. */
  private serialized<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

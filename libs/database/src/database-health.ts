import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PING } from './database.sql';
import { isMysqlFamily } from './db-errors';

/** Readiness answers within this, whatever the database does (a frozen server must not hang the probe). */
export const READY_TIMEOUT_MS = 1500;

interface HealthFacts {
  database: boolean;
  migrations: boolean;
}

/** Readiness facts: the database answers and no migration is pending. */
@Injectable()
export class DatabaseHealth {
  private migrated = false;
  /** One probe at a time: while the database hangs, probes share it instead of each taking a connection. */
  private probing?: Promise<HealthFacts>;

  constructor(private readonly ds: DataSource) {}

  async check(): Promise<HealthFacts> {
    this.probing ??= this.probe().finally(() => (this.probing = undefined));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<HealthFacts>((resolve) => {
      timer = setTimeout(() => resolve({ database: false, migrations: this.migrated }), READY_TIMEOUT_MS);
    });
    try {
      return await Promise.race([this.probing, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async probe(): Promise<HealthFacts> {
    try {
      await this.ds.query(PING);
      // Once applied, migrations cannot become pending again in this process's lifetime.
      if (!this.migrated) this.migrated = !isMysqlFamily(this.ds) || !(await this.ds.showMigrations());
      return { database: true, migrations: this.migrated };
    } catch {
      return { database: false, migrations: this.migrated };
    }
  }
}

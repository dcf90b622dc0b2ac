import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isMysqlFamily } from './db-errors';

/** Readiness facts: the database answers and no migration is pending. */
@Injectable()
export class DatabaseHealth {
  private migrated = false;

  constructor(private readonly ds: DataSource) {}

  async check(): Promise<{ database: boolean; migrations: boolean }> {
    try {
      await this.ds.query('SELECT 1');
    } catch {
      return { database: false, migrations: this.migrated };
    }
    if (!this.migrated) {
      // Once applied, migrations cannot become pending again in this process's lifetime.
      this.migrated = !isMysqlFamily(this.ds) || !(await this.ds.showMigrations());
    }
    return { database: true, migrations: this.migrated };
  }
}

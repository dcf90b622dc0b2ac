import { Global, Inject, Injectable, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { dataSourceOptions, detectFlavor } from './data-source-options';
import { DatabaseHealth } from './database-health';
import { applyDatabaseTimeouts } from './database-timeouts';
import { runMigrationsLocked } from './migrate';
import { ReadReplicas } from './read-replicas';
import { TransactionRunner } from './transaction-runner';

const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'PROTOCOL_CONNECTION_LOST']);

/** Statement and pool timeouts, once the factory below has migrated the schema (migrations get none). */
@Injectable()
class DatabaseTimeouts implements OnModuleInit {
  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (this.config.database.kind === 'mysql') applyDatabaseTimeouts(this.ds, this.config.database);
  }
}

/**
 * Opens the database and brings its schema up to date before any other provider can use it:
 * MySQL runs pending migrations under a named lock; the embedded demo file is synchronized.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.database, []),
        autoLoadEntities: true,
        retryAttempts: 5,
        retryDelay: 2000,
        toRetry: (err: { code?: string }) => CONNECTION_ERRORS.has(err?.code ?? ''),
      }),
      dataSourceFactory: async (options?: DataSourceOptions) => {
        const opts = options!;
        const type = opts.type === 'mysql' && opts.url ? await detectFlavor(opts.url) : opts.type;
        const ds = await new DataSource({ ...opts, type } as DataSourceOptions).initialize();
        const applied = await runMigrationsLocked(ds);
        if (applied.length > 0) new Logger('Database').log({ applied }, 'migrations applied');
        return ds;
      },
    }),
  ],
  providers: [TransactionRunner, DatabaseHealth, DatabaseTimeouts, ReadReplicas],
  exports: [TransactionRunner, DatabaseHealth, ReadReplicas],
})
export class DatabaseModule {}

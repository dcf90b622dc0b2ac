export { DatabaseModule } from './database.module';
export { TransactionRunner, type TxOptions } from './transaction-runner';
export { DatabaseHealth } from './database-health';
export { dataSourceOptions, detectFlavor } from './data-source-options';
export { runMigrationsLocked } from './migrate';
export {
  forUpdate,
  isDuplicateKeyError,
  isMysqlFamily,
  isRetryableTxError,
  transitionRow,
  updateByPrimaryKey,
  writeLock,
} from './db-errors';
export { CreatedAtColumn, DateTimeColumn, JsonColumn, MoneyColumn, StatusColumn, UpdatedAtColumn } from './columns';
export { SnakeNamingStrategy } from './naming';
export { dbDateTime, execute, insertRows, primaryKeyHint } from './plain-sql';

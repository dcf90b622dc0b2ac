import { Column, type ColumnOptions } from 'typeorm';

/** UTC DATETIME(3) (ms precision) in MySQL; the embedded driver stores the same values. */
export function DateTimeColumn(opts: Omit<ColumnOptions, 'type' | 'precision'> = {}): PropertyDecorator {
  return Column({ type: 'datetime', precision: 3, ...opts });
}

/**
 * Set by services from the injected Clock, never by a DB default: TypeORM would emit
 * CURRENT_TIMESTAMP(6) on a DATETIME(3) column, which MySQL 8 rejects, and business times must
 * follow the clock tests control.
 */
export function CreatedAtColumn(): PropertyDecorator {
  return DateTimeColumn();
}

export function UpdatedAtColumn(): PropertyDecorator {
  return DateTimeColumn();
}

/** Integer fen. */
export function MoneyColumn(opts: Omit<ColumnOptions, 'type'> = {}): PropertyDecorator {
  return Column({ type: 'int', default: 0, ...opts });
}

/** Short state/enum values stored as text: portable and cheap to extend (no ALTER of an ENUM). */
export function StatusColumn(length = 24, opts: Omit<ColumnOptions, 'type' | 'length'> = {}): PropertyDecorator {
  return Column({ type: 'varchar', length, ...opts });
}

/** A JSON document (lists of images, spec values...). Stored as text so MySQL and MariaDB agree. */
export function JsonColumn(opts: Omit<ColumnOptions, 'type'> = {}): PropertyDecorator {
  return Column({ type: 'simple-json', ...opts });
}

import { insertInto, STATE_CHANGE_COLUMNS, statusStep } from '@app/database';
import type { AfterSaleEvent } from './after-sale-event.entity';
import type { AfterSale } from './after-sale.entity';

/*
 * after-sale's hand-written statements: its state steps and their audit row (docs/decisions.md, "When SQL is written
 * by hand"); everything else of after-sale goes through the repository and the query builder.
 */

/** One statement per step, each setting its own columns; a step into a terminal state sets closed_at. */
export const AFTER_SALE_STEPS = {
  /** Approving a refund-only request, with the operator's note. */
  approve: statusStep<AfterSale, 'adminNote' | 'updatedAt'>('after_sale', ['adminNote', 'updatedAt']),
  /** Approving a return: the note and the deadline for sending the goods back. */
  awaitReturn: statusStep<AfterSale, 'adminNote' | 'returnDeadline' | 'updatedAt'>('after_sale', [
    'adminNote',
    'returnDeadline',
    'updatedAt',
  ]),
  /** Into refunding without a note (auto-approval, goods received, refund retried). */
  refund: statusStep<AfterSale, 'updatedAt'>('after_sale', ['updatedAt']),
  returning: statusStep<AfterSale, 'returnCompany' | 'returnTrackingNo' | 'updatedAt'>('after_sale', [
    'returnCompany',
    'returnTrackingNo',
    'updatedAt',
  ]),
  refundFailed: statusStep<AfterSale, 'updatedAt'>('after_sale', ['updatedAt']),
  reject: statusStep<AfterSale, 'rejectReason' | 'updatedAt' | 'closedAt'>('after_sale', ['rejectReason', 'updatedAt', 'closedAt']),
  cancel: statusStep<AfterSale, 'updatedAt' | 'closedAt'>('after_sale', ['updatedAt', 'closedAt']),
  refunded: statusStep<AfterSale, 'updatedAt' | 'closedAt'>('after_sale', ['updatedAt', 'closedAt']),
};

export const INSERT_AFTER_SALE_EVENT = insertInto<AfterSaleEvent>('after_sale_event', ['afterSaleId', ...STATE_CHANGE_COLUMNS]);
